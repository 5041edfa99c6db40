/**
 * The parts of "交办任务" that duties share: the definition-of-done editor (checklist lines, a
 * number to reach, evidence kinds) and the assignee selector (every street, the communities of a
 * street, chosen units, departments, companies), and the assign dialog itself (POST /tasks: one
 * task per assignee, all or none, retry-safe with an Idempotency-Key).
 */
import { useEffect, useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { CreatedTasks, CreateTaskBody, FieldError, Me } from '../../api-types.ts';
import { type ErrorAt, FormAlert, fieldErrorsOf, useFocusOnError, validationError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { Dialog, FormActions, type Option, SelectField, TextArea, TextField } from '../../components/ui.tsx';
import { invalidate } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { campaignsLookup, companiesLookup, departmentsLookup, orgTree, useLookup } from '../../store.ts';
import { localDate, zoneLabel } from '../../time.ts';
import { type AssigneeSelector, type DoneDefinition, EVIDENCE_KINDS, ROLE_INFO } from '../../vocabulary.ts';

/** Whether the caller assigns district-wide (the committee) or only inside its own area (a station). */
export function assignsDistrictWide(me: Me): boolean {
  return me.roles.some((r) => ROLE_INFO[r.role].scope === 'tenant' && ROLE_INFO[r.role].permissions.includes('tasks.assign'));
}

export function DoneEditor(props: { value: DoneDefinition; onChange: (d: DoneDefinition) => void; errorAt: ErrorAt }) {
  const d = props.value;
  const set = (patch: Partial<DoneDefinition>) => props.onChange({ ...d, ...patch });
  return (
    <fieldset class="field done-editor">
      <legend>{t('task.definition')}</legend>
      <p class="muted small">{t('assign.doneHint')}</p>
      <div class="lines">
        {d.checklist.map((item, i) => (
          <div key={i} class="line-row">
            <TextField
              name={`done.checklist.${i}`}
              label={`${t('assign.checkItem')} ${i + 1}`}
              value={item}
              maxLength={200}
              error={props.errorAt(`done.checklist.${i}`)}
              onValue={(v) => set({ checklist: d.checklist.map((x, j) => (j === i ? v : x)) })}
            />
            <button
              type="button"
              class="btn small danger-outline"
              aria-label={`${t('user.removeRole')} ${t('assign.checkItem')} ${i + 1}`}
              onClick={() => set({ checklist: d.checklist.filter((_, j) => j !== i) })}
            >
              ✕
            </button>
          </div>
        ))}
        {d.checklist.length < 30 ? (
          <button type="button" class="btn small" onClick={() => set({ checklist: [...d.checklist, ''] })}>
            + {t('assign.addCheckItem')}
          </button>
        ) : null}
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="hasTarget"
          checked={d.target !== null}
          onChange={(e) => set({ target: e.currentTarget.checked ? { count: 1, unit: '' } : null })}
        />
        <span>{t('assign.hasTarget')}</span>
      </label>
      {d.target ? (
        <div class="row">
          <TextField
            name="done.target.count"
            label={t('assign.targetCount')}
            inputMode="numeric"
            required
            value={String(d.target.count || '')}
            error={props.errorAt('done.target.count')}
            onValue={(v) => set({ target: { count: /^\d+$/.test(v) ? Number(v) : 0, unit: d.target!.unit } })}
          />
          <TextField
            name="done.target.unit"
            label={t('assign.targetUnit')}
            placeholder={t('assign.targetUnitHint')}
            required
            maxLength={20}
            value={d.target.unit}
            error={props.errorAt('done.target.unit')}
            onValue={(v) => set({ target: { count: d.target!.count, unit: v } })}
          />
        </div>
      ) : null}
      <fieldset class="evidence-kinds" aria-label={t('task.evidenceNeeded')}>
        <span class="muted small">{t('task.evidenceNeeded')}:</span>
        {EVIDENCE_KINDS.map((k) => (
          <label key={k} class="check inline-check">
            <input
              type="checkbox"
              name={`evidence.${k}`}
              checked={d.evidence.includes(k)}
              onChange={(e) =>
                set({
                  evidence: e.currentTarget.checked
                    ? EVIDENCE_KINDS.filter((x) => x === k || d.evidence.includes(x))
                    : d.evidence.filter((x) => x !== k),
                })
              }
            />
            <span>{label('evidenceKind', k)}</span>
          </label>
        ))}
      </fieldset>
      {props.errorAt('done') ? <small class="error-text">{props.errorAt('done')}</small> : null}
    </fieldset>
  );
}

type SelectorKind = AssigneeSelector['kind'];

function Checklist(props: {
  name: string;
  options: Option[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const [filter, setFilter] = useState('');
  const shown = filter ? props.options.filter((o) => o.label.includes(filter.trim())) : props.options;
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      {props.options.length > 8 ? (
        <input
          type="search"
          aria-label={t('common.search')}
          placeholder={t('common.search')}
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
      ) : null}
      <fieldset class="checklist" aria-label={props.name}>
        {shown.map((o) => (
          <label key={o.value} class="check">
            <input
              type="checkbox"
              checked={props.chosen.includes(o.value)}
              onChange={(e) =>
                props.onChange(e.currentTarget.checked ? [...props.chosen, o.value] : props.chosen.filter((x) => x !== o.value))
              }
            />
            <span>{o.label}</span>
          </label>
        ))}
        {shown.length === 0 ? <p class="muted small">{t('common.empty')}</p> : null}
      </fieldset>
      <small class="hint">{t('assign.chosen', { n: props.chosen.length })}</small>
      {props.error ? <small class="error-text">{props.error}</small> : null}
    </div>
  );
}

export function AssigneeEditor(props: { me: Me; value: AssigneeSelector; onChange: (s: AssigneeSelector) => void; errorAt: ErrorAt }) {
  const wide = assignsDistrictWide(props.me);
  const tree = useLookup(orgTree).value;
  const departments = useLookup(departmentsLookup, wide).value;
  const companies = useLookup(companiesLookup, wide).value;
  const v = props.value;
  const kinds: SelectorKind[] = wide ? ['streets', 'communities', 'org_units', 'departments', 'companies'] : ['communities', 'org_units'];
  const streets = (tree?.flat ?? []).filter((e) => e.node.kind === 'street' || e.node.kind === 'town');
  const units = (tree?.flat ?? []).filter((e) => e.node.kind !== 'building');
  const change = (kind: SelectorKind) => {
    const next: AssigneeSelector =
      kind === 'streets'
        ? { kind }
        : kind === 'communities'
          ? { kind, streetId: null }
          : kind === 'org_units'
            ? { kind, ids: [] }
            : { kind, ids: null };
    props.onChange(next);
  };

  return (
    <fieldset class="field assignee-editor">
      <legend>
        {t('assign.assignees')}
        <span class="req" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <SelectField
        name="assignees.kind"
        label={t('assign.assigneeKind')}
        value={v.kind}
        options={kinds.map((k) => ({ value: k, label: label('selector', k) }))}
        onValue={(k) => change(k as SelectorKind)}
      />
      {v.kind === 'communities' ? (
        <SelectField
          name="assignees.streetId"
          label={t('assign.ofStreet')}
          value={v.streetId ?? ''}
          empty={wide ? t('assign.allStreets') : t('assign.myArea')}
          options={streets.map((e) => ({ value: e.node.id, label: e.node.name }))}
          error={props.errorAt('assignees.streetId')}
          onValue={(id) => props.onChange({ kind: 'communities', streetId: id || null })}
        />
      ) : null}
      {v.kind === 'org_units' ? (
        <Checklist
          name={label('selector', 'org_units')}
          options={units.map((e) => ({ value: e.node.id, label: `${e.path.join(' / ')}（${label('orgKind', e.node.kind)}）` }))}
          chosen={v.ids}
          error={props.errorAt('assignees.ids')}
          onChange={(ids) => props.onChange({ kind: 'org_units', ids })}
        />
      ) : null}
      {v.kind === 'departments' || v.kind === 'companies' ? (
        <>
          <div class="segmented" role="radiogroup" aria-label={label('selector', v.kind)}>
            {(['all', 'some'] as const).map((w) => {
              const active = w === 'all' ? v.ids === null : v.ids !== null;
              return (
                <label key={w} class={active ? 'seg active' : 'seg'}>
                  <input
                    type="radio"
                    name="assignees.which"
                    checked={active}
                    onChange={() => props.onChange({ kind: v.kind, ids: w === 'all' ? null : [] })}
                  />
                  {t(w === 'all' ? 'assign.all' : 'assign.some')}
                </label>
              );
            })}
          </div>
          {v.ids !== null ? (
            <Checklist
              name={label('selector', v.kind)}
              options={(v.kind === 'departments' ? (departments ?? []) : (companies ?? [])).map((x) => ({ value: x.id, label: x.name }))}
              chosen={v.ids}
              error={props.errorAt('assignees.ids')}
              onChange={(ids) => props.onChange({ kind: v.kind, ids })}
            />
          ) : null}
        </>
      ) : null}
      <small class="hint">{t(`assign.hint.${v.kind}`)}</small>
      {props.errorAt('assignees') ? <small class="error-text">{props.errorAt('assignees')}</small> : null}
    </fieldset>
  );
}

/** What the assign and the duty form check before sending: a whole weight of 1–100, and a unit when units are listed. */
export function weightAndAssigneeErrors(weight: string, assignees: AssigneeSelector): FieldError[] {
  const out: FieldError[] = [];
  if (!/^\d+$/.test(weight.trim()) || Number(weight) < 1 || Number(weight) > 100)
    out.push({ path: 'weight', message: t('assign.badWeight') });
  const listed =
    assignees.kind === 'org_units' || assignees.kind === 'departments' || assignees.kind === 'companies' ? assignees.ids : null;
  if (listed?.length === 0) out.push({ path: 'assignees', message: t('assign.needUnits') });
  return out;
}

/** What the dialog starts with: empty, or a campaign template's suggested task, or a campaign. */
/** What the dialog opens with (e.g. a campaign template's task): the request's fields, the definition of done and the assignees complete. */
export type AssignInitial = Partial<Omit<CreateTaskBody, 'done' | 'assignees'> & { done: DoneDefinition; assignees: AssigneeSelector }>;

export const emptyDone = (): DoneDefinition => ({ checklist: [], target: null, evidence: [] });

/** Whom a new task or duty goes to until the assigner says otherwise: every street, or the communities of one's own. */
export function defaultAssignees(me: Me): AssigneeSelector {
  return assignsDistrictWide(me) ? { kind: 'streets' } : { kind: 'communities', streetId: null };
}

/** The request as the API takes it: trimmed, empty checklist lines dropped. */
export function cleanDone(d: DoneDefinition): DoneDefinition {
  return {
    checklist: d.checklist.map((x) => x.trim()).filter(Boolean),
    target: d.target ? { count: d.target.count, unit: d.target.unit.trim() } : null,
    evidence: d.evidence,
  };
}

export function AssignTaskDialog(props: { me: Me; initial?: AssignInitial; onClose: () => void; onCreated: (r: CreatedTasks) => void }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const init = props.initial ?? {};
  const campaigns = useLookup(campaignsLookup).value;
  const [title, setTitle] = useState(init.title ?? '');
  const [description, setDescription] = useState(init.description ?? '');
  const [campaignId, setCampaignId] = useState(init.campaignId ?? '');
  const [phaseId, setPhaseId] = useState(init.phaseId ?? '');
  const [dueOn, setDueOn] = useState(init.dueOn ?? '');
  const [weight, setWeight] = useState(String(init.weight ?? 1));
  const [done, setDone] = useState<DoneDefinition>(init.done ?? emptyDone());
  const [assignees, setAssignees] = useState<AssigneeSelector>(init.assignees ?? defaultAssignees(me));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey('assign');
  const formRef = useFocusOnError(error);

  const campaign = campaigns?.find((c) => c.id === campaignId);
  const phase = campaign?.phases.find((p) => p.id === phaseId);

  // A campaign picked: its current phase is the likely one.
  useEffect(() => {
    if (campaign && !phaseId && !init.phaseId) setPhaseId(campaign.currentPhaseId ?? '');
  }, [campaign?.id]);

  const errors = fieldErrorsOf(error);
  const { errorAt } = errors;

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FieldError[] = [];
    if (title.trim().length < 2) local.push({ path: 'title', message: t('assign.needTitle') });
    if (!dueOn && !phaseId) local.push({ path: 'dueOn', message: t('assign.needDue') });
    local.push(...weightAndAssigneeErrors(weight, assignees));
    if (local.length) {
      setError(validationError(t('assign.fix'), local));
      return;
    }
    const body: CreateTaskBody = {
      ...(campaignId ? { campaignId } : {}),
      ...(phaseId ? { phaseId } : {}),
      title: title.trim(),
      description: description.trim(),
      ...(dueOn ? { dueOn } : {}),
      done: cleanDone(done),
      weight: Number(weight),
      assignees,
    };
    setBusy(true);
    setError(null);
    try {
      const created = await ok(client.POST('/tasks', { body, headers: { 'Idempotency-Key': key.current } }));
      // The new tasks belong in every task list and in the assignees' work.
      void invalidate('/tasks');
      void invalidate('/my/work');
      props.onCreated(created);
    } catch (err) {
      key.afterError(err);
      setError(err);
      setBusy(false);
    }
  };

  const fields = (
    <>
      <TextField
        name="title"
        label={t('assign.taskTitle')}
        required
        maxLength={200}
        value={title}
        error={errorAt('title')}
        onValue={setTitle}
      />
      <TextArea
        name="description"
        label={`${t('task.description')}（${t('common.optional')}）`}
        rows={3}
        value={description}
        error={errorAt('description')}
        onValue={setDescription}
      />
      <div class="row">
        <SelectField
          name="campaignId"
          label={`${t('task.campaign')}（${t('common.optional')}）`}
          value={campaignId}
          empty={t('assign.noCampaign')}
          options={(campaigns ?? [])
            .filter((c) => c.status === 'active' || c.id === campaignId)
            .map((c) => ({ value: c.id, label: c.name }))}
          error={errorAt('campaignId')}
          onValue={(v) => {
            setCampaignId(v);
            setPhaseId(v ? (campaigns?.find((c) => c.id === v)?.currentPhaseId ?? '') : '');
          }}
        />
        {campaign ? (
          <SelectField
            name="phaseId"
            label={t('task.phase')}
            value={phaseId}
            empty={t('assign.noPhase')}
            options={campaign.phases.map((p) => ({ value: p.id, label: `${p.ordinal}. ${p.name}（${p.startsOn} – ${p.endsOn}）` }))}
            error={errorAt('phaseId')}
            onValue={setPhaseId}
          />
        ) : null}
      </div>
      <div class="row">
        <TextField
          name="dueOn"
          type="date"
          label={t('assign.dueOn')}
          required={!phase}
          min={localDate(tz)}
          hint={phase ? t('assign.dueFromPhase', { day: phase.endsOn }) : t('route.dueHint', { tz: zoneLabel(tz) })}
          value={dueOn}
          error={errorAt('dueOn')}
          onValue={setDueOn}
        />
        <TextField
          name="weight"
          label={t('task.weight')}
          inputMode="numeric"
          hint={t('assign.weightHint')}
          value={weight}
          error={errorAt('weight')}
          onValue={setWeight}
        />
      </div>
      <DoneEditor value={done} onChange={setDone} errorAt={errorAt} />
      <AssigneeEditor me={me} value={assignees} onChange={setAssignees} errorAt={errorAt} />
    </>
  );

  return (
    <Dialog title={t('assign.title')} onClose={props.onClose} wide>
      <form class="form" ref={formRef} onSubmit={submit} data-testid="assign-form">
        {fields}
        <FormAlert error={error} fields={errors} />
        <FormActions onCancel={props.onClose} submit={busy ? t('assign.sending') : t('assign.submit')} disabled={busy} />
      </form>
    </Dialog>
  );
}
