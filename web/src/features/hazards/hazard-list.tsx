/**
 * Hazards as a list: a table on a desktop, cards on a phone (the shared .table styles), overdue
 * rows marked, "load more" by cursor. With `board`, the board's filter row, whose state the board
 * keeps in its address (useAddressFilters).
 */
import { useState } from 'preact/hooks';
import type { QueryOf } from '../../api.ts';
import type { Hazard, Me } from '../../api-types.ts';
import {
  FilterBar,
  FilterDateRange,
  FilterSelect,
  pickState,
  shownState,
  type useAddressFilters,
  useFilters,
  yesNo,
} from '../../components/filter-bar.tsx';
import { orgOptions } from '../../components/org-options.ts';
import { ListCount, PagedStatus, usePagedList } from '../../components/paged-list.tsx';
import { type Option, SelectField } from '../../components/ui.tsx';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { categoriesLookup, orgTree, useLookup } from '../../store.ts';
import { dateOnly, dateTime } from '../../time.ts';
import { HAZARD_SOURCES, HAZARD_STATES, SEVERITIES } from '../../vocabulary.ts';

/** The board's filters, as its address names them (useAddressFilters). */
export const BOARD_FILTERS = [
  'q',
  'open',
  'state',
  'severity',
  'source',
  'categoryId',
  'orgUnitId',
  'overdue',
  'assignedToMe',
  'reportedFrom',
  'reportedTo',
] as const;

export const SORTS = ['reportedAt:desc', 'reportedAt:asc', 'dueAt:asc', 'dueAt:desc'] as const;

const sortOptions = (): Option[] =>
  SORTS.map((s) => ({ value: s, label: t(`hazard.sort.${s.replace(':', '_')}` as 'hazard.sort.reportedAt_desc') }));

/** "＋ 上报隐患" in a page's head, for those who may report. */
export function ReportLink(props: { me: Me }) {
  return props.me.permissions.includes('hazards.report') ? (
    <a class="btn primary" href="/report" onClick={linkClick}>
      ＋ {t('nav.report')}
    </a>
  ) : null;
}

/** The state badge, with the outcome of a closed hazard ("closed" and "fixed" are different). */
export function StateBadge(props: { hazard: Pick<Hazard, 'state' | 'outcome'> }) {
  const { state, outcome } = props.hazard;
  const text =
    state === 'closed' && outcome ? `${label('hazardState', state)} · ${label('outcome', outcome)}` : label('hazardState', state);
  return <span class={`badge state-${state}${outcome && outcome !== 'fixed' ? ' outcome-other' : ''}`}>{text}</span>;
}

export function SeverityBadge(props: { severity: string }) {
  return <span class={`badge severity-${props.severity}`}>{label('severity', props.severity)}</span>;
}

/** The deadline that runs now: respond-by while routed, due date otherwise. */
export function runningDeadline(h: Pick<Hazard, 'state' | 'respondBy' | 'dueAt'>): { kind: 'respond' | 'due'; at: string } | null {
  if (h.state === 'routed' && h.respondBy) return { kind: 'respond', at: h.respondBy };
  if (h.state !== 'closed' && h.dueAt) return { kind: 'due', at: h.dueAt };
  return null;
}

export function HazardList(props: {
  me: Me;
  /** Fixed query parameters (e.g. a "my tasks" tab). */
  query?: QueryOf<'/hazards'>;
  /** The board's filter row, its state kept in the address (the board's useAddressFilters). */
  board?: ReturnType<typeof useAddressFilters>;
  emptyText?: string;
  /** Name for tests and assistive tech. */
  label?: string;
}) {
  const tz = props.me.tenant.timeZone;
  const board = props.board;
  // Without a board (a "my tasks" tab) the list has no filter row: fixed filters, default sort.
  const local = useFilters({});
  const [localSort, setLocalSort] = useState<string>(SORTS[0]);
  const filterState = board?.state ?? local;
  const { filters, set } = filterState;
  const sort = board?.sort ?? localSort;
  const setSort = board?.setSort ?? setLocalSort;
  const [sortField, order] = sort.split(':');
  // The filters hold what the filter row's selects offer (the list's states, severities…), the sort one of SORTS.
  const query = { ...filters, sort: sortField, order, ...props.query, limit: 30 } as QueryOf<'/hazards'>;
  const paged = usePagedList('/hazards', query, { cursor: board?.cursor });
  const tree = useLookup(orgTree, Boolean(board) && props.me.permissions.includes('registry.read')).value;
  const categories = useLookup(categoriesLookup, Boolean(board)).value;

  return (
    <div class="hazard-list">
      {board ? (
        <FilterBar state={filterState} searchLabel={t('hazard.search')} sort={sort} sorts={sortOptions()} onSort={setSort}>
          <SelectField
            name="state"
            label={t('hazard.state')}
            value={shownState(filters)}
            empty={t('common.all')}
            options={[
              { value: 'open', label: t('hazard.toDo') },
              ...HAZARD_STATES.map((s) => ({ value: s, label: label('hazardState', s) })),
            ]}
            onValue={(v) => filterState.setFilters((f) => pickState(f, v))}
          />
          <FilterSelect
            state={filterState}
            name="categoryId"
            label={t('hazard.category')}
            options={(categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
          {tree ? (
            <FilterSelect
              state={filterState}
              name="orgUnitId"
              label={t('hazard.area')}
              options={orgOptions(tree)}
              all={t('place.anyOrg')}
            />
          ) : null}
          <FilterSelect
            state={filterState}
            name="severity"
            label={t('hazard.severity')}
            options={SEVERITIES.map((s) => ({ value: s, label: label('severity', s) }))}
          />
          <FilterSelect state={filterState} name="overdue" label={t('hazard.overdue')} options={yesNo()} />
          <FilterSelect
            state={filterState}
            name="source"
            label={t('hazard.source')}
            options={HAZARD_SOURCES.map((s) => ({ value: s, label: label('source', s) }))}
          />
          <FilterDateRange
            state={filterState}
            from={{ name: 'reportedFrom', label: t('hazard.reportedFrom') }}
            to={{ name: 'reportedTo', label: t('hazard.reportedTo') }}
          />
          <label class="check filter-check">
            <input
              type="checkbox"
              name="assignedToMe"
              checked={filters.assignedToMe === 'true'}
              onChange={(e) => set('assignedToMe', e.currentTarget.checked ? 'true' : '')}
            />
            <span>{t('hazard.assignedToMe')}</span>
          </label>
        </FilterBar>
      ) : null}

      <ListCount paged={paged} />
      {paged.items.length > 0 ? (
        <table class="table compact hazards-table" aria-label={props.label}>
          <thead>
            <tr>
              <th scope="col">{t('hazard.number')}</th>
              <th scope="col">{t('hazard.state')}</th>
              <th scope="col">{t('hazard.category')}</th>
              <th scope="col">{t('hazard.where')}</th>
              <th scope="col">{t('hazard.severity')}</th>
              <th scope="col">{t('hazard.lead')}</th>
              <th scope="col">{t('hazard.reportedAt')}</th>
              <th scope="col">{t('hazard.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {paged.items.map((h) => {
              const deadline = runningDeadline(h);
              const lead = h.parties.find((p) => p.lead);
              return (
                <tr
                  key={h.id}
                  class={h.overdue ? 'hazard-row overdue' : 'hazard-row'}
                  data-testid="hazard-row"
                  data-state={h.state}
                  onClick={rowClick(() => navigate(`/hazards/${h.id}`))}
                >
                  <td class="primary" data-label={t('hazard.number')}>
                    <a href={`/hazards/${h.id}`} onClick={linkClick}>
                      {h.number}
                    </a>
                    <span class="desc">{h.description}</span>
                  </td>
                  <td data-label={t('hazard.state')}>
                    <span class="chips">
                      <StateBadge hazard={h} />
                      {h.overdue ? <span class="badge overdue-badge">{t('hazard.overdueBadge')}</span> : null}
                      {h.escalationLevel > 0 ? (
                        <span class="badge escalated">{t('hazard.escalatedBadge', { n: h.escalationLevel })}</span>
                      ) : null}
                    </span>
                  </td>
                  <td data-label={t('hazard.category')}>{h.categoryName}</td>
                  <td data-label={t('hazard.where')}>{h.placeName ?? h.orgUnitName}</td>
                  <td data-label={t('hazard.severity')}>
                    <SeverityBadge severity={h.severity} />
                  </td>
                  <td class="keep-label" data-label={t('hazard.lead')}>
                    {lead?.name ?? ''}
                  </td>
                  <td class="phone-hide" data-label={t('hazard.reportedAt')}>
                    {dateTime(h.reportedAt, tz)}
                  </td>
                  <td data-label={t('hazard.deadline')}>
                    {deadline
                      ? `${deadline.kind === 'respond' ? t('hazard.respondByShort') : t('hazard.dueShort')} ${
                          deadline.kind === 'respond' ? dateTime(deadline.at, tz) : dateOnly(deadline.at, tz)
                        }`
                      : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}

      <PagedStatus paged={paged} empty={props.emptyText ?? t('common.empty')} />
    </div>
  );
}
