/**
 * One small form per workflow action, with exactly the fields that action takes (the server's
 * TransitionRequest). Sends the version read; a 409 version_conflict offers a reload. Server
 * field errors (problem.errors[].path) are shown next to their field.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { client, listPage, ok } from '../../api.ts';
import type { Hazard, HazardDetail, HazardTransition, Me, PartyRef } from '../../api-types.ts';
import { ConflictAlert, conflictText, FormAlert, fieldErrorsOf, isConflict, useFocusOnError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { orgOptions } from '../../components/org-options.ts';
import { forgetPhotos, type PhotoItem, PhotoPicker, photoIds, photosReady } from '../../components/photos.tsx';
import { Dialog, FormActions, type Option, SelectField, TextArea, TextField } from '../../components/ui.tsx';
import { label, t } from '../../i18n.ts';
import { companiesLookup, departmentsLookup, orgTree, policyLookup, useLookup } from '../../store.ts';
import { dateOnly, endOfLocalDay, localDate, localDateOf, zoneLabel } from '../../time.ts';
import { type Action, PARTY_KINDS, type PartyKind } from '../../vocabulary.ts';

const TARGET: Record<PartyKind, 'companyId' | 'departmentId' | 'orgUnitId' | null> = {
  company: 'companyId',
  department: 'departmentId',
  org_unit: 'orgUnitId',
  place_owner: null,
};

/** The party as the API takes it: its kind and only the id that kind needs. */
function partyPayload(p: PartyRef): PartyRef {
  const key = TARGET[p.kind];
  return key ? { kind: p.kind, [key]: p[key] || null } : { kind: p.kind };
}

function usePartyOptions(enabled: boolean) {
  const companies = useLookup(companiesLookup, enabled).value;
  const departments = useLookup(departmentsLookup, enabled).value;
  const tree = useLookup(orgTree, enabled).value;
  return (kind: PartyKind): Option[] =>
    kind === 'company'
      ? (companies ?? []).map((c) => ({ value: c.id, label: c.name }))
      : kind === 'department'
        ? (departments ?? []).map((d) => ({ value: d.id, label: d.name }))
        : kind === 'org_unit'
          ? orgOptions(tree)
          : [];
}

function PartyEditor(props: {
  prefix: string;
  legend: string;
  value: PartyRef;
  kinds: readonly PartyKind[];
  options: (kind: PartyKind) => Option[];
  onChange: (p: PartyRef) => void;
  errorAt: (path: string) => string | undefined;
  children?: ComponentChildren;
}) {
  const key = TARGET[props.value.kind];
  return (
    <div class="party-row">
      <SelectField
        name={`${props.prefix}.kind`}
        label={`${props.legend} · ${t('party.kind')}`}
        value={props.value.kind}
        required
        options={props.kinds.map((k) => ({ value: k, label: label('partyKind', k) }))}
        error={props.errorAt(`${props.prefix}.kind`)}
        onValue={(v) => props.onChange({ kind: v as PartyKind })}
      />
      {key ? (
        <SelectField
          name={`${props.prefix}.${key}`}
          label={t(`party.target.${props.value.kind}` as 'party.target.company')}
          value={props.value[key] ?? ''}
          required
          empty={t('user.pickOne')}
          options={props.options(props.value.kind)}
          error={props.errorAt(`${props.prefix}.${key}`)}
          onValue={(v) => props.onChange({ kind: props.value.kind, [key]: v || null })}
        />
      ) : (
        <p class="scope-note muted">{t('party.placeOwnerNote')}</p>
      )}
      {props.children}
    </div>
  );
}

type Values = Record<string, string>;

/** The request body of one action. */
type Transition<A extends Action> = Extract<HazardTransition, { action: A }>;

export function ActionDialog(props: {
  me: Me;
  hazard: HazardDetail;
  action: Action;
  onDone: (hazard: HazardDetail) => void;
  onClose: () => void;
  onReload: () => void;
}) {
  const { me, hazard, action } = props;
  const tz = me.tenant.timeZone;
  const [values, setValues] = useState<Values>({});
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [lead, setLead] = useState<PartyRef>(() => {
    const current = hazard.parties.find((p) => p.lead);
    return current ? partyPayload(current) : { kind: 'company' };
  });
  const [assisting, setAssisting] = useState<PartyRef[]>(() => hazard.parties.filter((p) => !p.lead).map((p) => partyPayload(p)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [hint, setHint] = useState<string>('');
  const key = useIdempotencyKey(`hz-${action}`);
  const formRef = useFocusOnError(error);
  const isRoute = action === 'route';
  const partyOptions = usePartyOptions(isRoute);
  const policy = useLookup(policyLookup, isRoute).value;

  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  // route: the district's routing rules propose the party and the deadline. Not useData: the
  // proposal only fills the form once, as the dialog opens (the router edits it from there).
  useEffect(() => {
    if (!isRoute) return;
    let live = true;
    const query = { categoryId: hazard.categoryId, orgUnitId: hazard.orgUnitId };
    ok(client.GET('/routing-rules/suggest', { params: { query } })).then(
      (proposal) => {
        if (!live) return;
        const routedBefore = hazard.parties.some((p) => p.lead);
        if (proposal.lead && !routedBefore) {
          setLead(partyPayload(proposal.lead));
          setAssisting(proposal.assisting.map(partyPayload));
          setHint(t('route.suggested'));
        }
        if (proposal.dueInDays) {
          setValues((v) => (v.dueDate ? v : { ...v, dueDate: localDate(tz, proposal.dueInDays!) }));
        }
      },
      () => {
        // no proposal: the fields stay for the router to fill
      },
    );
    return () => {
      live = false;
    };
  }, []);

  // …else the policy's days for the severity (what the server would apply anyway).
  useEffect(() => {
    if (!isRoute || !policy) return;
    const days = hazard.severity === 'major' ? policy.rectifyDaysMajor : policy.rectifyDaysGeneral;
    setValues((v) => (v.dueDate ? v : { ...v, dueDate: localDate(tz, days) }));
  }, [policy]);

  // Closing the dialog abandons its unfinished uploads (confirmed ones are removed by the server's cleanup).
  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(() => () => forgetPhotos(photosRef.current), []);

  const errors = fieldErrorsOf(error);
  const { errorAt } = errors;

  const body = (): HazardTransition => {
    const version = hazard.version;
    const note = values.note?.trim() || undefined;
    const reason = values.reason?.trim() ?? '';
    switch (action) {
      case 'route':
        return {
          action,
          version,
          lead: partyPayload(lead),
          assisting: assisting.map(partyPayload),
          ...(values.dueDate ? { dueAt: endOfLocalDay(values.dueDate, tz) } : {}),
          note,
        };
      case 'submit':
        return { action, version, note: values.note?.trim() ?? '', evidenceIds: photoIds(photos) };
      case 'verify':
        return { action, version, note, ...(photos.length ? { evidenceIds: photoIds(photos) } : {}) };
      case 'recheck':
        return {
          action,
          version,
          lookbackId: values.lookbackId ?? '',
          result: (values.result || 'confirmed') as Transition<'recheck'>['result'],
          note: values.note?.trim() ?? '',
          ...(photos.length ? { evidenceIds: photoIds(photos) } : {}),
        };
      case 'reject':
      case 'reopen':
      case 'extend-deny':
        return { action, version, reason };
      case 'extend-request':
        return { action, version, until: values.until ? endOfLocalDay(values.until, tz) : '', reason };
      case 'close-as':
        return { action, version, outcome: (values.outcome || 'duplicate') as Transition<'close-as'>['outcome'], reason };
      case 'link-duplicate':
        return { action, version, originalId: values.originalId ?? '', note };
      default:
        return { action, version, note };
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!photosReady(photos)) {
      setError(new Error(t('photo.waitUploads')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await ok(
        client.POST('/hazards/{id}/transitions', {
          params: { path: { id: hazard.id } },
          body: body(),
          headers: { 'Idempotency-Key': key.current },
        }),
      );
      props.onDone(updated);
    } catch (err) {
      key.afterError(err);
      setError(err);
      setBusy(false);
    }
  };

  const conflict = isConflict(error);
  const uploading = photos.some((p) => p.status === 'uploading');
  const fields = renderFields();

  function renderFields(): ComponentChildren {
    const reasonField = (labelText = t('field.reason')) => (
      <TextArea
        name="reason"
        label={labelText}
        required
        rows={3}
        value={values.reason ?? ''}
        error={errorAt('reason')}
        onValue={(v) => set('reason', v)}
      />
    );
    const noteField = (required = false) => (
      <TextArea
        name="note"
        label={required ? t('field.note') : `${t('field.note')}（${t('common.optional')}）`}
        required={required}
        rows={3}
        value={values.note ?? ''}
        error={errorAt('note')}
        onValue={(v) => set('note', v)}
      />
    );
    const photoField = (labelText: string, required: boolean) => (
      <PhotoPicker label={labelText} items={photos} setItems={setPhotos} required={required} error={errorAt('evidenceIds')} />
    );
    switch (action) {
      case 'route': {
        const kinds = PARTY_KINDS.filter((k) => k !== 'place_owner' || hazard.placeId);
        return (
          <>
            {hint ? <p class="hint-box">{hint}</p> : null}
            <PartyEditor
              prefix="lead"
              legend={t('party.lead')}
              value={lead}
              kinds={kinds}
              options={partyOptions}
              onChange={setLead}
              errorAt={errorAt}
            />
            <fieldset class="field">
              <legend>{t('party.assisting')}</legend>
              {assisting.map((p, i) => (
                <PartyEditor
                  key={i}
                  prefix={`assisting.${i}`}
                  legend={`${t('party.assistingOne')} ${i + 1}`}
                  value={p}
                  kinds={kinds}
                  options={partyOptions}
                  onChange={(next) => setAssisting((all) => all.map((q, j) => (j === i ? next : q)))}
                  errorAt={errorAt}
                >
                  <button
                    type="button"
                    class="btn small danger-outline"
                    onClick={() => setAssisting((all) => all.filter((_, j) => j !== i))}
                  >
                    {t('user.removeRole')}
                  </button>
                </PartyEditor>
              ))}
              {assisting.length < 5 ? (
                <button type="button" class="btn small" onClick={() => setAssisting((all) => [...all, { kind: 'department' }])}>
                  + {t('party.addAssisting')}
                </button>
              ) : null}
            </fieldset>
            <TextField
              name="dueAt"
              type="date"
              label={t('route.dueDate')}
              hint={t('route.dueHint', { tz: zoneLabel(tz) })}
              min={localDate(tz, 1)}
              value={values.dueDate ?? ''}
              error={errorAt('dueAt')}
              onValue={(v) => set('dueDate', v)}
            />
            {noteField()}
          </>
        );
      }
      case 'submit':
        return (
          <>
            {noteField(true)}
            {photoField(t('photo.after'), true)}
          </>
        );
      case 'verify':
        return (
          <>
            <p class="muted">{t('verify.explain')}</p>
            {noteField()}
            {photoField(`${t('photo.verification')}（${t('common.optional')}）`, false)}
          </>
        );
      case 'reject':
        return reasonField(t('field.rejectReason'));
      case 'reopen':
        return reasonField(t('field.reopenReason'));
      case 'extend-request': {
        const current = hazard.state === 'routed' ? hazard.respondBy : hazard.dueAt;
        return (
          <>
            {current ? (
              <p class="muted">
                {t('extend.current')}: {dateOnly(current, tz)}
              </p>
            ) : null}
            <TextField
              name="until"
              type="date"
              label={t('extend.until')}
              required
              min={current ? localDateOf(current, tz) : localDate(tz, 1)}
              value={values.until ?? ''}
              error={errorAt('until')}
              onValue={(v) => set('until', v)}
            />
            {reasonField()}
          </>
        );
      }
      case 'extend-approve':
      case 'extend-deny':
        return (
          <>
            {hazard.pendingExtension ? (
              <p class="hint-box">
                {t('extend.pending', { until: dateOnly(hazard.pendingExtension.until, tz) })}
                <br />
                {t('field.reason')}: {hazard.pendingExtension.reason}
              </p>
            ) : null}
            {action === 'extend-approve' ? noteField() : reasonField(t('field.denyReason'))}
          </>
        );
      case 'close-as':
        return (
          <>
            <p class="muted">{t('closeAs.explain')}</p>
            <SelectField
              name="outcome"
              label={t('closeAs.outcome')}
              required
              value={values.outcome || 'duplicate'}
              options={(['duplicate', 'not_a_hazard', 'enforcement'] as const).map((o) => ({ value: o, label: label('outcome', o) }))}
              error={errorAt('outcome')}
              onValue={(v) => set('outcome', v)}
            />
            {reasonField()}
          </>
        );
      case 'link-duplicate':
        return (
          <>
            <OriginalPicker
              me={me}
              hazard={hazard}
              value={values.originalId ?? ''}
              onChange={(v) => set('originalId', v)}
              error={errorAt('originalId')}
            />
            {noteField()}
          </>
        );
      case 'recheck':
        return (
          <>
            <LookbackSelect
              lookbacks={hazard.pendingLookbacks}
              value={values.lookbackId ?? ''}
              onChange={(v) => set('lookbackId', v)}
              error={errorAt('lookbackId')}
            />
            <SelectField
              name="result"
              label={t('recheck.result')}
              required
              value={values.result || 'confirmed'}
              options={[
                { value: 'confirmed', label: t('recheck.confirmed') },
                { value: 'rebound', label: t('recheck.rebound') },
              ]}
              error={errorAt('result')}
              onValue={(v) => set('result', v)}
            />
            {noteField(true)}
            {photoField(`${t('photo.recheck')}（${t('common.optional')}）`, false)}
          </>
        );
      default:
        return noteField();
    }
  }

  return (
    <Dialog title={`${label('action', action)} · ${hazard.number}`} onClose={props.onClose} wide={isRoute}>
      <form class="form" ref={formRef} onSubmit={submit} data-testid={`action-form-${action}`}>
        {fields}
        {conflict ? (
          <ConflictAlert message={conflictText(error, t('hazard.versionConflict'))} onReload={props.onReload} />
        ) : (
          <FormAlert error={error} fields={errors} />
        )}
        <FormActions
          onCancel={props.onClose}
          submit={busy ? t('common.saving') : uploading ? t('photo.uploading') : label('action', action)}
          disabled={busy || uploading}
        />
      </form>
    </Dialog>
  );
}

/** link-duplicate: find the original among the open hazards the caller can see. */
function OriginalPicker(props: { me: Me; hazard: Hazard; value: string; onChange: (id: string) => void; error?: string | undefined }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Hazard[]>([]);
  // Not useData: the last results stay on screen while the next search is asked for.
  useEffect(() => {
    const timer = setTimeout(() => {
      listPage('/hazards', {
        open: 'true',
        categoryId: q.trim() ? undefined : props.hazard.categoryId,
        q: q.trim() || undefined,
        limit: 10,
        order: 'desc',
      }).then(
        (page) => setFound(page.items.filter((h) => h.id !== props.hazard.id)),
        () => setFound([]),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <fieldset class={props.error ? 'field has-error' : 'field'}>
      <legend>{t('duplicate.original')}</legend>
      <TextField name="originalSearch" type="search" label={t('hazard.search')} value={q} onValue={setQ} />
      <div class="checklist" role="radiogroup">
        {found.map((h) => (
          <label key={h.id} class="check">
            <input type="radio" name="originalId" value={h.id} checked={props.value === h.id} onChange={() => props.onChange(h.id)} />
            <span>
              <strong>{h.number}</strong> {h.categoryName} · {h.placeName ?? h.orgUnitName} — {h.description}
            </span>
          </label>
        ))}
        {found.length === 0 ? <p class="muted">{t('common.empty')}</p> : null}
      </div>
      {props.error ? (
        <small class="error-text" role="alert">
          {props.error}
        </small>
      ) : null}
    </fieldset>
  );
}

function LookbackSelect(props: {
  lookbacks: { id: string; title: string }[];
  value: string;
  onChange: (id: string) => void;
  error?: string | undefined;
}) {
  return (
    <SelectField
      name="lookbackId"
      label={t('recheck.lookback')}
      required
      empty={t('user.pickOne')}
      value={props.value}
      options={props.lookbacks.map((l) => ({ value: l.id, label: l.title }))}
      error={props.error}
      onValue={props.onChange}
    />
  );
}
