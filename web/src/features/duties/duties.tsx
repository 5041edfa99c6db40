/**
 * 常态化工作 (recurring duties: daily patrol, weekly study, monthly meeting, quarterly review…):
 * the list with each one's frequency, a form for the committee to define one, and for one duty
 * its instances: a month calendar of a daily duty, a list by period otherwise, each period with
 * its done / open / overdue counts and, when picked, its tasks.
 */
import { useState } from 'preact/hooks';
import { client, ok, type QueryOf } from '../../api.ts';
import type { CreateDutyBody, Duty, DutyDetail, DutyInstanceSummary, FieldError, Me, TaskCounts } from '../../api-types.ts';
import { BackLink, LoadFailed } from '../../components/detail-page.tsx';
import { boardMemory, FilterSelect, useAddressFilters } from '../../components/filter-bar.tsx';
import { FormAlert, fieldErrorsOf, validationError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { MonthStepper } from '../../components/month-stepper.tsx';
import { ListCount, PagedStatus, usePagedList } from '../../components/paged-list.tsx';
import { Dialog, ErrorBox, FormActions, SelectField, Spinner, TextArea, TextField } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { campaignsLookup, notify, type OrgIndex, orgTree, useLookup } from '../../store.ts';
import { addDays, dateOnly, localDate, localDateOf } from '../../time.ts';
import { type AssigneeSelector, type DoneDefinition, FREQUENCIES, type Frequency } from '../../vocabulary.ts';
import { Legend, ProgressBar } from '../campaigns/campaign-detail.tsx';
import { AssigneeEditor, cleanDone, DoneEditor, defaultAssignees, emptyDone, weightAndAssigneeErrors } from '../tasks/task-form.tsx';
import { criteriaText, doneOf, TaskList } from '../tasks/task-list.tsx';

/** "全部街道/镇", "东湖街道的社区/村", "3 个单位"… */
export function selectorText(s: Duty['assignees'], tree: OrgIndex | undefined): string {
  switch (s.kind) {
    case 'streets':
      return label('selector', 'streets');
    case 'communities':
      return s.streetId
        ? t('selector.communitiesOf', { street: tree?.byId.get(s.streetId)?.node.name ?? '…' })
        : label('selector', 'communities');
    case 'org_units':
      return t('selector.units', { n: s.ids.length });
    case 'departments':
      return s.ids ? t('selector.someDepartments', { n: s.ids.length }) : t('selector.allDepartments');
    case 'companies':
      return s.ids ? t('selector.someCompanies', { n: s.ids.length }) : t('selector.allCompanies');
  }
}

type DutyQuery = QueryOf<'/duties'>;

/** The list opens on the duties still in force; its filters live in the address. */
const ACTIVE = { active: 'true' };
const memory = boardMemory(ACTIVE, 'name:asc');

export function DutyList(props: { me: Me }) {
  const { me } = props;
  const tree = useLookup(orgTree).value;
  const { state: filterState, cursor } = useAddressFilters(['active', 'frequency'], [memory.sort], memory, ACTIVE);
  const { filters } = filterState;
  const [creating, setCreating] = useState(false);
  const paged = usePagedList(
    '/duties',
    {
      active: filters.active as DutyQuery['active'],
      frequency: filters.frequency as DutyQuery['frequency'],
      sort: 'name',
      order: 'asc',
      limit: 50,
    },
    { cursor },
  );

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.duties')}</h1>
        {me.permissions.includes('duties.manage') ? (
          <button type="button" class="btn primary" onClick={() => setCreating(true)}>
            ＋ {t('duty.new')}
          </button>
        ) : null}
      </div>
      <p class="muted small">{t('duty.intro')}</p>
      <search aria-label={t('common.filters')}>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <FilterSelect
            state={filterState}
            name="frequency"
            label={t('duty.frequency')}
            options={FREQUENCIES.map((f) => ({ value: f, label: label('frequency', f) }))}
          />
          <FilterSelect
            state={filterState}
            name="active"
            label={t('user.status')}
            options={[
              { value: 'true', label: t('duty.active') },
              { value: 'false', label: t('duty.inactive') },
            ]}
          />
        </form>
      </search>
      <ListCount paged={paged} />
      {paged.items.length ? (
        <table class="table duties-table">
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('duty.frequency')}</th>
              <th scope="col">{t('assign.assignees')}</th>
              <th scope="col">{t('task.definition')}</th>
              <th scope="col">{t('campaign.dates')}</th>
            </tr>
          </thead>
          <tbody>
            {paged.items.map((d) => (
              <tr key={d.id} class="task-row" data-testid="duty-row" onClick={rowClick(() => navigate(`/duties/${d.id}`))}>
                <td class="primary" data-label={t('common.name')}>
                  <a href={`/duties/${d.id}`} onClick={linkClick}>
                    {d.name}
                  </a>
                  {d.campaignName ? <span class="desc">{d.campaignName}</span> : null}
                </td>
                <td data-label={t('duty.frequency')}>
                  <span class="chips">
                    <span class="badge task-state-in_progress">{d.frequencyLabel || label('frequency', d.frequency)}</span>
                    {d.active ? null : <span class="badge status-disabled">{t('duty.inactive')}</span>}
                  </span>
                </td>
                <td data-label={t('assign.assignees')}>{selectorText(d.assignees, tree)}</td>
                <td data-label={t('task.definition')}>{criteriaText(d.done)}</td>
                <td data-label={t('campaign.dates')}>
                  {d.startsOn} – {d.endsOn ?? t('duty.openEnded')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <PagedStatus paged={paged} empty={t('duty.none')} />
      {creating ? (
        <CreateDutyDialog
          me={me}
          onClose={() => setCreating(false)}
          onCreated={(d) => {
            setCreating(false);
            // A new duty lists, and its first period's tasks are out at once.
            void invalidate('/duties');
            void invalidate('/tasks');
            void invalidate('/my/work');
            notify(t('common.created'));
            navigate(`/duties/${d.id}`);
          }}
        />
      ) : null}
    </section>
  );
}

function CreateDutyDialog(props: { me: Me; onClose: () => void; onCreated: (d: DutyDetail) => void }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const campaigns = useLookup(campaignsLookup).value;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [frequency, setFrequency] = useState<Frequency>('weekly');
  const [startsOn, setStartsOn] = useState(localDate(tz));
  const [endsOn, setEndsOn] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [weight, setWeight] = useState('1');
  const [done, setDone] = useState<DoneDefinition>(emptyDone);
  const [assignees, setAssignees] = useState<AssigneeSelector>(() => defaultAssignees(me));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey('duty');
  const errors = fieldErrorsOf(error);
  const { errorAt } = errors;

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FieldError[] = [];
    if (name.trim().length < 2) local.push({ path: 'name', message: t('assign.needTitle') });
    local.push(...weightAndAssigneeErrors(weight, assignees));
    if (local.length) {
      setError(validationError(t('assign.fix'), local));
      return;
    }
    const body: CreateDutyBody = {
      name: name.trim(),
      description: description.trim(),
      frequency,
      assignees,
      done: cleanDone(done),
      weight: Number(weight),
      startsOn,
      ...(endsOn ? { endsOn } : {}),
      ...(campaignId ? { campaignId } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      props.onCreated(await ok(client.POST('/duties', { body, headers: { 'Idempotency-Key': key.current } })));
    } catch (err) {
      key.afterError(err);
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('duty.new')} onClose={props.onClose} wide>
      <form class="form" onSubmit={submit} data-testid="duty-form">
        <TextField
          name="name"
          label={t('common.name')}
          required
          maxLength={100}
          placeholder={t('duty.namePlaceholder')}
          value={name}
          error={errorAt('name')}
          onValue={setName}
        />
        <TextArea
          name="description"
          label={`${t('task.description')}（${t('common.optional')}）`}
          rows={2}
          value={description}
          error={errorAt('description')}
          onValue={setDescription}
        />
        <fieldset class="field">
          <legend>{t('duty.frequency')}</legend>
          <div class="segmented" role="radiogroup" aria-label={t('duty.frequency')}>
            {FREQUENCIES.map((f) => (
              <label key={f} class={frequency === f ? 'seg active' : 'seg'}>
                <input type="radio" name="frequency" value={f} checked={frequency === f} onChange={() => setFrequency(f)} />
                {label('frequency', f)}
              </label>
            ))}
          </div>
          <small class="hint">{t(`duty.frequencyHint.${frequency}`)}</small>
        </fieldset>
        <div class="row">
          <TextField
            name="startsOn"
            type="date"
            label={t('duty.startsOn')}
            required
            value={startsOn}
            error={errorAt('startsOn')}
            onValue={setStartsOn}
          />
          <TextField
            name="endsOn"
            type="date"
            label={`${t('duty.endsOn')}（${t('common.optional')}）`}
            min={startsOn}
            value={endsOn}
            error={errorAt('endsOn')}
            onValue={setEndsOn}
          />
        </div>
        <div class="row">
          <SelectField
            name="campaignId"
            label={`${t('task.campaign')}（${t('common.optional')}）`}
            value={campaignId}
            empty={t('assign.noCampaign')}
            options={(campaigns ?? []).filter((c) => c.status === 'active').map((c) => ({ value: c.id, label: c.name }))}
            error={errorAt('campaignId')}
            onValue={setCampaignId}
          />
          <TextField
            name="weight"
            label={t('task.weight')}
            inputMode="numeric"
            value={weight}
            error={errorAt('weight')}
            onValue={setWeight}
          />
        </div>
        <DoneEditor value={done} onChange={setDone} errorAt={errorAt} />
        <AssigneeEditor me={me} value={assignees} onChange={setAssignees} errorAt={errorAt} />
        <FormAlert error={error} fields={errors} />
        <FormActions onCancel={props.onClose} submit={busy ? t('common.saving') : t('duty.create')} disabled={busy} />
      </form>
    </Dialog>
  );
}

/** A period's summary as the counts a progress bar draws (done is not split by lateness here). */
const asCounts = (s: DutyInstanceSummary): TaskCounts => ({
  total: s.total,
  done: s.done,
  onTime: s.done,
  open: s.open,
  overdue: s.overdue,
  submitted: s.submitted,
  returned: 0,
  cancelled: s.cancelled,
});

function tone(s: DutyInstanceSummary | undefined): string {
  if (!s || s.total - s.cancelled === 0) return '';
  if (s.overdue) return 'cal-bad';
  if (s.done === s.total - s.cancelled) return 'cal-ok';
  return 'cal-open';
}

export function DutyPage(props: { me: Me; id: string }) {
  const { me, id } = props;
  const tz = me.tenant.timeZone;
  const tree = useLookup(orgTree).value;
  const [picked, setPicked] = useState<DutyInstanceSummary | null>(null);
  const [month, setMonth] = useState(localDate(tz).slice(0, 7));
  const [busy, setBusy] = useState(false);
  // A failed (de)activation is shown above the duty until it is loaded again.
  const [toggleError, setToggleError] = useState<unknown>(null);
  const path = { path: { id } };
  // The most periods the API summarises (it gives 8 unless asked): two months of a daily duty's calendar.
  const loaded = useData(['/duties/{id}', id, { periods: 60 }], (signal) =>
    ok(client.GET('/duties/{id}', { params: { ...path, query: { periods: 60 } }, signal })),
  );
  const duty = loaded.data;
  const error = loaded.error ?? toggleError;
  const load = async () => {
    setToggleError(null);
    await loaded.refresh();
  };

  if (error && !duty) return <LoadFailed back={<DutyBack />} error={error} onRetry={load} />;
  if (!duty) return <Spinner />;
  const d = duty;
  const done = doneOf(d.done);

  const toggle = async () => {
    setBusy(true);
    try {
      // Its answer summarises the default 8 periods: the calendar's 60 come from loading it again.
      await client.PATCH('/duties/{id}', { params: path, body: { version: d.version, active: !d.active } });
      notify(t('common.saved'));
      // The list shows whether it is active; reactivating gives out the current period's tasks.
      void invalidate('/duties');
      void invalidate('/tasks');
      void invalidate('/my/work');
      await load();
    } catch (e) {
      setToggleError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page duty-page" aria-labelledby="page-title" data-testid="duty-detail">
      <DutyBack />
      <div class="page-head">
        <h1 id="page-title">{d.name}</h1>
        <span class="chips">
          <span class="badge task-state-in_progress">{d.frequencyLabel || label('frequency', d.frequency)}</span>
          <span class={d.active ? 'badge status-active' : 'badge status-disabled'}>{d.active ? t('duty.active') : t('duty.inactive')}</span>
        </span>
      </div>
      {me.permissions.includes('duties.manage') ? (
        <fieldset class="action-bar" aria-label={t('hazard.actions')}>
          <button type="button" class={d.active ? 'btn danger-outline' : 'btn primary'} disabled={busy} onClick={toggle}>
            {d.active ? t('duty.deactivate') : t('duty.reactivate')}
          </button>
        </fieldset>
      ) : null}
      <ErrorBox error={error} />
      <div class="cards">
        <article class="card">
          <h2>{t('hazard.facts')}</h2>
          <dl class="facts">
            {d.description ? (
              <>
                <dt>{t('task.description')}</dt>
                <dd class="pre">{d.description}</dd>
              </>
            ) : null}
            <dt>{t('assign.assignees')}</dt>
            <dd>{selectorText(d.assignees, tree)}</dd>
            <dt>{t('campaign.dates')}</dt>
            <dd>
              {d.startsOn} – {d.endsOn ?? t('duty.openEnded')}
            </dd>
            {d.campaignName ? (
              <>
                <dt>{t('task.campaign')}</dt>
                <dd>
                  <a href={`/campaigns/${d.campaignId}`} onClick={linkClick}>
                    {d.campaignName}
                  </a>
                </dd>
              </>
            ) : null}
            <dt>{t('duty.current')}</dt>
            <dd>{d.currentPeriod ? `${d.currentPeriod.label}（${t('task.dueOn')} ${dateOnly(d.currentPeriod.dueAt, tz)}）` : '—'}</dd>
            <dt>{t('task.weight')}</dt>
            <dd>{d.weight}</dd>
          </dl>
        </article>
        <article class="card">
          <h2>{t('task.definition')}</h2>
          {done.checklist.length ? (
            <ul>
              {done.checklist.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          ) : null}
          {done.target ? (
            <p>
              {t('assign.targetCount')}: {done.target.count} {done.target.unit}
            </p>
          ) : null}
          {done.evidence.length ? (
            <p>
              {t('task.evidenceNeeded')}: {done.evidence.map((k) => label('evidenceKind', k)).join('、')}
            </p>
          ) : null}
          {!done.checklist.length && !done.target && !done.evidence.length ? <p class="muted">{t('task.noCriteriaHint')}</p> : null}
        </article>
      </div>

      <article class="card" data-testid="duty-periods">
        <h2>{t('duty.instances')}</h2>
        <Legend />
        {d.recent.length === 0 ? <p class="muted">{t('duty.noInstances')}</p> : null}
        {d.frequency === 'daily' && d.recent.length ? (
          <MonthCalendar month={month} setMonth={setMonth} recent={d.recent} tz={tz} picked={picked} onPick={setPicked} />
        ) : (
          <ul class="unit-bars">
            {d.recent.map((s) => (
              <li
                key={s.periodKey}
                class={picked?.assignmentId === s.assignmentId ? 'unit-bar picked' : 'unit-bar'}
                data-testid="period-row"
              >
                <div class="unit-head">
                  <button
                    type="button"
                    class="link-button"
                    aria-pressed={picked?.assignmentId === s.assignmentId}
                    onClick={() => setPicked(s)}
                  >
                    {s.periodKey}
                  </button>
                  <span class="muted small">
                    {t('task.dueOn')} {dateOnly(s.dueAt, tz)}
                  </span>
                  <span class="unit-nums">
                    {t('campaign.doneOf', { n: s.done, of: s.total - s.cancelled })}
                    {s.overdue ? <span class="late"> · {t('work.overdueCount', { n: s.overdue })}</span> : null}
                  </span>
                </div>
                <ProgressBar counts={asCounts(s)} />
              </li>
            ))}
          </ul>
        )}
      </article>

      {picked ? (
        <article class="card">
          <div class="card-head">
            <h2>{t('duty.periodTasks', { period: picked.periodKey })}</h2>
            <button type="button" class="btn small ghost" onClick={() => setPicked(null)}>
              {t('common.close')}
            </button>
          </div>
          <TaskList me={me} query={{ assignmentId: picked.assignmentId }} key={picked.assignmentId} />
        </article>
      ) : null}
    </section>
  );
}

const DutyBack = () => <BackLink href="/duties" label={t('nav.duties')} />;

/** A month of a daily duty: one cell per day, its period's done/total and a colour for the state. */
function MonthCalendar(props: {
  month: string;
  setMonth: (m: string) => void;
  recent: DutyInstanceSummary[];
  tz: string;
  picked: DutyInstanceSummary | null;
  onPick: (s: DutyInstanceSummary) => void;
}) {
  const byDay = new Map(props.recent.map((s) => [s.periodKey.length === 10 ? s.periodKey : localDateOf(s.dueAt, props.tz), s]));
  const first = `${props.month}-01`;
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday first
  const days: string[] = [];
  for (let d = first; d.startsWith(props.month); d = addDays(d, 1)) days.push(d);
  // Rows of seven (Monday to Sunday); `null` pads the first and the last week.
  const cells: (string | null)[] = [...Array.from({ length: lead }, () => null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const today = localDate(props.tz);
  const weekdays = t('duty.weekdays').split(',');
  return (
    <div class="calendar" data-testid="duty-calendar">
      <MonthStepper month={props.month} setMonth={props.setMonth} />
      <table class="calendar-grid" aria-label={props.month}>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w} scope="col" class="cal-weekday">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find(Boolean)}>
              {week.map((day, i) => {
                if (!day) return <td key={`x${i}`} />;
                const s = byDay.get(day);
                const n = s ? s.total - s.cancelled : 0;
                const classes = [
                  'cal-cell',
                  tone(s),
                  day === today ? 'cal-today' : '',
                  s && props.picked?.assignmentId === s.assignmentId ? 'cal-picked' : '',
                ]
                  .filter(Boolean)
                  .join(' ');
                return (
                  <td key={day}>
                    {s ? (
                      <button
                        type="button"
                        class={classes}
                        onClick={() => props.onPick(s)}
                        title={`${day}: ${t('campaign.doneOf', { n: s.done, of: n })}`}
                      >
                        <span class="cal-day">{Number(day.slice(8))}</span>
                        <span class="cal-count">
                          {s.done}/{n}
                        </span>
                        {s.overdue ? <span class="cal-late">{t('work.overdueCount', { n: s.overdue })}</span> : null}
                      </button>
                    ) : (
                      <span class={classes}>
                        <span class="cal-day">{Number(day.slice(8))}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
