/**
 * 任务看板 for assigners: the tasks of the caller's scope with filters (unit, campaign, phase,
 * state, overdue, text), as a table on a desktop and cards on a phone, and "交办任务" (fan a task
 * out to units). Filters live in the address (/task-board?campaignId=…&orgUnitId=…) so a campaign
 * page can drill down to one unit's tasks, and survive a visit to a task and back.
 */
import { useState } from 'preact/hooks';
import type { QueryOf } from '../../api.ts';
import type { Me } from '../../api-types.ts';
import {
  boardMemory,
  FilterBar,
  FilterDateRange,
  FilterSelect,
  pickState,
  shownState,
  useAddressFilters,
  yesNo,
} from '../../components/filter-bar.tsx';
import { orgOptions } from '../../components/org-options.ts';
import { type Option, SelectField } from '../../components/ui.tsx';
import { label, t } from '../../i18n.ts';
import { campaignsLookup, companiesLookup, departmentsLookup, notify, orgTree, useLookup } from '../../store.ts';
import { TASK_STATES } from '../../vocabulary.ts';
import { AssignTaskDialog } from './task-form.tsx';
import { TaskList } from './task-list.tsx';

const FILTERS = [
  'q',
  'campaignId',
  'phaseId',
  'state',
  'open',
  'overdue',
  'orgUnitId',
  'departmentId',
  'companyId',
  'dutyId',
  'assignmentId',
  'dueFrom',
  'dueTo',
] as const;
const SORTS = ['dueAt:asc', 'dueAt:desc', 'createdAt:desc'] as const;

/**
 * The board opens on what is still to do (assigned, in progress, returned), soonest deadline
 * first, and "clear" returns there; every task is `open=all` (an address can say so, the API is
 * not asked for it). Its filters outlive a visit to a task and back.
 */
const TO_DO: Record<string, string> = { open: 'true' };
const boardUi = boardMemory(TO_DO, SORTS[0]);

type TaskQuery = QueryOf<'/tasks'>;

/** One "unit" select over the three kinds of assignee: "org:<id>", "dept:<id>", "co:<id>". */
const UNIT_KEYS = { org: 'orgUnitId', dept: 'departmentId', co: 'companyId' } as const;

export function TaskBoardPage(props: { me: Me }) {
  const { me } = props;
  const { state: filterState, sort, setSort, cursor } = useAddressFilters(FILTERS, SORTS, boardUi, TO_DO);
  const { filters, setFilters, set } = filterState;
  const [assigning, setAssigning] = useState(false);
  const campaigns = useLookup(campaignsLookup).value;
  const tree = useLookup(orgTree).value;
  const departments = useLookup(departmentsLookup).value;
  const companies = useLookup(companiesLookup).value;

  const campaign = campaigns?.find((c) => c.id === filters.campaignId);
  const unitValue = filters.orgUnitId
    ? `org:${filters.orgUnitId}`
    : filters.departmentId
      ? `dept:${filters.departmentId}`
      : filters.companyId
        ? `co:${filters.companyId}`
        : '';
  const unitOptions: Option[] = [
    ...orgOptions(tree).map((o) => ({ ...o, value: `org:${o.value}` })),
    ...(departments ?? []).map((d) => ({ value: `dept:${d.id}`, label: `${d.name}（${label('assigneeKind', 'department')}）` })),
    ...(companies ?? []).map((c) => ({ value: `co:${c.id}`, label: `${c.name}（${label('assigneeKind', 'company')}）` })),
  ];
  const [sortField, order] = sort.split(':');
  // The filters are the address's text; the selects and SORTS offer only the API's values.
  const query: TaskQuery = {
    ...filters,
    state: filters.state as TaskQuery['state'],
    open: filters.open as TaskQuery['open'],
    overdue: filters.overdue as TaskQuery['overdue'],
    sort: sortField as TaskQuery['sort'],
    order: order as TaskQuery['order'],
  };

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.taskBoard')}</h1>
        <button type="button" class="btn primary" onClick={() => setAssigning(true)}>
          ＋ {t('assign.title')}
        </button>
      </div>
      <FilterBar
        state={filterState}
        searchLabel={t('task.search')}
        sort={sort}
        sorts={SORTS.map((s) => ({ value: s, label: t(`task.sort.${s.replace(':', '_')}` as 'task.sort.dueAt_asc') }))}
        onSort={setSort}
      >
        <SelectField
          name="unit"
          label={t('task.assignee')}
          value={unitValue}
          empty={t('common.all')}
          options={unitOptions}
          onValue={(v) => {
            const [kind, id] = v.split(':') as [keyof typeof UNIT_KEYS, string];
            setFilters((f) => ({ ...f, orgUnitId: '', departmentId: '', companyId: '', ...(v ? { [UNIT_KEYS[kind]]: id } : {}) }));
          }}
        />
        <SelectField
          name="campaignId"
          label={t('task.campaign')}
          value={filters.campaignId ?? ''}
          empty={t('common.all')}
          options={(campaigns ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onValue={(v) => setFilters((f) => ({ ...f, campaignId: v, phaseId: '' }))}
        />
        {campaign ? (
          <SelectField
            name="phaseId"
            label={t('task.phase')}
            value={filters.phaseId ?? ''}
            empty={t('common.all')}
            options={campaign.phases.map((p) => ({ value: p.id, label: `${p.ordinal}. ${p.name}` }))}
            onValue={(v) => set('phaseId', v)}
          />
        ) : null}
        <SelectField
          name="state"
          label={t('hazard.state')}
          value={shownState(filters)}
          empty={t('common.all')}
          options={[{ value: 'open', label: t('task.toDo') }, ...TASK_STATES.map((s) => ({ value: s, label: label('taskState', s) }))]}
          onValue={(v) => setFilters((f) => pickState(f, v))}
        />
        <FilterSelect state={filterState} name="overdue" label={t('hazard.overdue')} options={yesNo()} />
        <FilterDateRange
          state={filterState}
          from={{ name: 'dueFrom', label: t('task.dueFrom') }}
          to={{ name: 'dueTo', label: t('task.dueTo') }}
        />
      </FilterBar>
      {filters.dutyId || filters.assignmentId ? (
        <p class="hint-box small">{filters.dutyId ? t('board.dutyFilter') : t('board.assignmentFilter')}</p>
      ) : null}
      <TaskList me={me} query={query} label={t('nav.taskBoard')} cursor={cursor} />
      {assigning ? (
        <AssignTaskDialog
          me={me}
          initial={
            filters.campaignId ? { campaignId: filters.campaignId, ...(filters.phaseId ? { phaseId: filters.phaseId } : {}) } : undefined
          }
          onClose={() => setAssigning(false)}
          onCreated={(r) => {
            setAssigning(false);
            notify(t('assign.done', { n: r.count }));
            // Show what was just made: the tasks of this assignment.
            filterState.setSearch('');
            setFilters({ assignmentId: r.assignmentId });
          }}
        />
      ) : null}
    </section>
  );
}
