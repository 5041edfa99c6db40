/**
 * 上传维保记录 (property managers): the compound (one the company manages), the kind of facility and,
 * where the register lists several, which one; the day; the checks done with their results (a
 * suggested list per kind, editable); the contractor; the evidence: photos and the contractor's
 * PDF report. The conclusion follows from the checks: one fault makes it "fault", which opens a
 * hazard. One Idempotency-Key per record, so a retry never uploads it twice.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { client, listPage, ok } from '../../api.ts';
import type { CreateMaintenanceBody, FieldError, Me } from '../../api-types.ts';
import { BackLink } from '../../components/detail-page.tsx';
import { FormAlert, fieldErrorsOf, validationError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { orgOptions } from '../../components/org-options.ts';
import { forgetPhotos, type PhotoItem, PhotoPicker, photoIds, photosReady } from '../../components/photos.tsx';
import { SelectField, TextArea, TextField } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, type MessageKey, t } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { maintenanceUi, notify, orgTree, useLookup } from '../../store.ts';
import { localDate } from '../../time.ts';
import { FACILITY_KINDS, type FacilityKind, type MaintenanceCheck } from '../../vocabulary.ts';
import { recordsChanged } from './maintenance-detail.tsx';

const CONTRACTOR_KEY = 'firegrid.contractor';

/** The checks a record of this kind usually reports (the district can write others). */
const suggestedChecks = (kind: FacilityKind): MaintenanceCheck[] =>
  t(`maint.checks.${kind}` as MessageKey)
    .split('|')
    .map((item) => ({ item, result: 'ok', note: null }));

function lastContractor(): string {
  try {
    return localStorage.getItem(CONTRACTOR_KEY) ?? '';
  } catch {
    return '';
  }
}

export function MaintenanceForm(props: { me: Me }) {
  const { me } = props;
  const today = localDate(me.tenant.timeZone);
  const tree = useLookup(orgTree).value;
  const [params] = useState(() => new URLSearchParams(location.search));
  const askedKind = params.get('kind') as FacilityKind | null;
  const [orgUnitId, setOrgUnitId] = useState(params.get('orgUnitId') ?? '');
  const [kind, setKind] = useState<FacilityKind>(askedKind && FACILITY_KINDS.includes(askedKind) ? askedKind : 'hydrant');
  const [facilityId, setFacilityId] = useState('');
  const [performedOn, setPerformedOn] = useState(today);
  const [checks, setChecks] = useState<MaintenanceCheck[]>(() => suggestedChecks(kind));
  const [edited, setEdited] = useState(false);
  const [contractor, setContractor] = useState(lastContractor);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<PhotoItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey('maint');
  const errors = fieldErrorsOf(error);
  const { errorAt } = errors;

  const filesRef = useRef(files);
  filesRef.current = files;
  useEffect(() => () => forgetPhotos(filesRef.current), []);

  // The register's facilities of this kind in the compound, to name one if the record is about one
  // (optional: without the list, the record is about all of them).
  const facilityQuery = { orgUnitId, kind, limit: 50 };
  const facilities =
    useData(['/facilities', facilityQuery], (signal) => listPage('/facilities', facilityQuery, signal), { enabled: orgUnitId !== '' }).data
      ?.items ?? [];

  // A facility picked belongs to one compound and kind.
  const changeCompound = (id: string) => {
    setOrgUnitId(id);
    setFacilityId('');
  };
  const changeKind = (k: FacilityKind) => {
    setKind(k);
    setFacilityId('');
    if (!edited) setChecks(suggestedChecks(k));
  };
  const editChecks = (next: MaintenanceCheck[]) => {
    setEdited(true);
    setChecks(next);
  };
  const patchCheck = (i: number, patch: Partial<MaintenanceCheck>) => editChecks(checks.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const result = checks.some((c) => c.result === 'fault') ? 'fault' : 'normal';
  const back = maintenanceUi.back.startsWith('/company')
    ? { href: '/company', label: t('nav.company') }
    : { href: '/maintenance', label: t('nav.maintenance') };

  const submit = async (e: Event) => {
    e.preventDefault();
    const filled = checks.filter((c) => c.item.trim());
    const local: FieldError[] = [];
    if (!orgUnitId) local.push({ path: 'orgUnitId', message: t('maint.needCompound') });
    if (!filled.length) local.push({ path: 'checks', message: t('maint.needCheck') });
    if (!contractor.trim()) local.push({ path: 'contractor', message: t('maint.needContractor') });
    if (!photosReady(files)) local.push({ path: 'evidenceIds', message: t('photo.waitUploads') });
    if (local.length) {
      setError(validationError(t('assign.fix'), local));
      return;
    }
    const body: CreateMaintenanceBody = {
      orgUnitId,
      ...(facilityId ? { facilityId } : {}),
      kind,
      performedOn,
      checks: filled.map((c) => ({ item: c.item.trim(), result: c.result, note: c.note?.trim() || null })),
      result: filled.some((c) => c.result === 'fault') ? 'fault' : 'normal',
      contractor: contractor.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
      evidenceIds: photoIds(files),
    };
    setBusy(true);
    setError(null);
    try {
      const saved = await ok(client.POST('/maintenance-records', { body, headers: { 'Idempotency-Key': key.current } }));
      recordsChanged();
      if (saved.hazardId) {
        // A fault opened a hazard.
        void invalidate('/hazards');
        void invalidate('/my/work');
      }
      try {
        localStorage.setItem(CONTRACTOR_KEY, body.contractor);
      } catch {
        // only a convenience
      }
      forgetPhotos(files);
      notify(saved.result === 'fault' ? t('maint.sentFault') : t('maint.sent'));
      navigate(`/maintenance/${saved.id}`, true);
    } catch (err) {
      key.afterError(err);
      setError(err);
      setBusy(false);
    }
  };

  const uploading = files.some((f) => f.status === 'uploading');

  return (
    <section class="page narrow-page" aria-labelledby="page-title">
      <BackLink href={back.href} label={back.label} />
      <div class="page-head">
        <h1 id="page-title">{t('maint.new')}</h1>
      </div>
      {!me.permissions.includes('maintenance.submit') ? (
        <p class="empty">{t('maint.cannotSubmit')}</p>
      ) : (
        <form class="form card" data-testid="maintenance-form" onSubmit={submit}>
          <SelectField
            name="orgUnitId"
            label={t('maint.compound')}
            required
            empty={t('user.pickOne')}
            value={orgUnitId}
            options={orgOptions(tree, ['compound'])}
            error={errorAt('orgUnitId')}
            onValue={changeCompound}
          />
          <div class="row">
            <SelectField
              name="kind"
              label={t('facility.kind')}
              required
              value={kind}
              options={FACILITY_KINDS.map((k) => ({ value: k, label: label('facilityKind', k) }))}
              error={errorAt('kind')}
              onValue={(v) => changeKind(v as FacilityKind)}
            />
            <TextField
              name="performedOn"
              type="date"
              label={t('maint.performedOn')}
              required
              max={today}
              value={performedOn}
              error={errorAt('performedOn')}
              onValue={setPerformedOn}
            />
          </div>
          {facilities.length ? (
            <SelectField
              name="facilityId"
              label={`${t('maint.facility')}（${t('common.optional')}）`}
              empty={t('maint.allOfKind')}
              value={facilityId}
              options={facilities.map((f) => ({
                value: f.id,
                label: [f.location || label('facilityKind', f.kind), `×${f.count}`, label('facilityStatus', f.status)].join(' · '),
              }))}
              error={errorAt('facilityId')}
              onValue={setFacilityId}
            />
          ) : null}

          <fieldset class={errorAt('checks') ? 'field checks-editor has-error' : 'field checks-editor'} data-testid="maintenance-checks">
            <legend>{t('maint.checks')}</legend>
            <ol class="check-rows">
              {checks.map((c, i) => (
                <li key={i} class="check-row">
                  <TextField
                    name={`checks.${i}.item`}
                    label={t('maint.checkItem', { n: i + 1 })}
                    maxLength={200}
                    value={c.item}
                    error={errorAt(`checks.${i}.item`)}
                    onValue={(v) => patchCheck(i, { item: v })}
                  />
                  <div class="segmented small-seg" role="radiogroup" aria-label={t('maint.checkResult', { n: i + 1 })}>
                    {(['ok', 'fault'] as const).map((r) => (
                      <label key={r} class={c.result === r ? `seg active check-${r}` : 'seg'}>
                        <input
                          type="radio"
                          name={`checks.${i}.result`}
                          value={r}
                          checked={c.result === r}
                          onChange={() => patchCheck(i, { result: r })}
                        />
                        {t(r === 'ok' ? 'maint.ok' : 'maint.fault')}
                      </label>
                    ))}
                  </div>
                  <TextField
                    name={`checks.${i}.note`}
                    label={t('maint.checkNote')}
                    maxLength={500}
                    value={c.note ?? ''}
                    onValue={(v) => patchCheck(i, { note: v })}
                  />
                  <button
                    type="button"
                    class="btn small danger-outline"
                    aria-label={`${t('common.delete')} ${t('maint.checkItem', { n: i + 1 })}`}
                    onClick={() => editChecks(checks.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ol>
            {checks.length < 50 ? (
              <button type="button" class="btn small" onClick={() => editChecks([...checks, { item: '', result: 'ok', note: null }])}>
                + {t('maint.addCheck')}
              </button>
            ) : null}
            {errorAt('checks') ? <small class="error-text">{errorAt('checks')}</small> : null}
          </fieldset>

          <p class={result === 'fault' ? 'alert' : 'hint-box'} data-testid="maintenance-result" data-result={result}>
            {t('maint.conclusion')}: <strong>{label('maintResult', result)}</strong>
            {result === 'fault' ? ` · ${t('maint.faultHint')}` : ''}
          </p>

          <TextField
            name="contractor"
            label={t('maint.contractor')}
            required
            maxLength={200}
            autoComplete="organization"
            value={contractor}
            error={errorAt('contractor')}
            onValue={setContractor}
          />
          <TextArea
            name="note"
            label={`${t('field.note')}（${t('common.optional')}）`}
            rows={2}
            value={note}
            error={errorAt('note')}
            onValue={setNote}
          />
          <PhotoPicker
            label={t('maint.evidence')}
            items={files}
            setItems={setFiles}
            kinds={{ photo: true, document: true }}
            error={errorAt('evidenceIds')}
          />
          <FormAlert error={error} fields={errors} />
          <button type="submit" class="btn primary block big" disabled={busy || uploading}>
            {busy ? t('task.submitting') : uploading ? t('photo.uploading') : t('maint.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
