/**
 * Hazards as a list: a table on a desktop, cards on a phone (the shared .table styles), overdue
 * rows marked, "load more" by cursor. With `filters`, the board's filter row (kept in `ui` so a
 * visit to a hazard and back keeps them).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { list, type Query } from '../api.ts';
import { label, t } from '../i18n.ts';
import { linkClick, navigate } from '../router.ts';
import { categoriesLookup, orgTree, useLookup } from '../store.ts';
import { dateOnly, dateTime } from '../time.ts';
import { HAZARD_SOURCES, HAZARD_STATES, SEVERITIES, type Hazard, type Me } from '../types.ts';
import { orgOptions } from './org-options.ts';
import { ErrorBox, type Option, SelectField, Spinner, TextField } from './ui.tsx';

export interface BoardUi {
  filters: Record<string, string>;
  sort: string;
}

export const SORTS = ['reportedAt:desc', 'reportedAt:asc', 'dueAt:asc', 'dueAt:desc'] as const;

const sortOptions = (): Option[] =>
  SORTS.map((s) => ({ value: s, label: t(`hazard.sort.${s.replace(':', '_')}` as 'hazard.sort.reportedAt_desc') }));

/** The state badge, with the outcome of a closed hazard ("closed" and "fixed" are different). */
export function StateBadge(props: { hazard: Pick<Hazard, 'state' | 'outcome'> }) {
  const { state, outcome } = props.hazard;
  const text = state === 'closed' && outcome ? `${label('hazardState', state)} · ${label('outcome', outcome)}` : label('hazardState', state);
  return <span class={`badge state-${state}${outcome && outcome !== 'fixed' ? ' outcome-other' : ''}`}>{text}</span>;
}

export function SeverityBadge(props: { severity: string }) {
  return <span class={`badge severity-${props.severity}`}>{label('severity', props.severity)}</span>;
}

/** The deadline that runs now: respond-by while routed, due date otherwise. */
export function runningDeadline(h: Hazard): { kind: 'respond' | 'due'; at: string } | null {
  if (h.state === 'routed' && h.respondBy) return { kind: 'respond', at: h.respondBy };
  if (h.state !== 'closed' && h.dueAt) return { kind: 'due', at: h.dueAt };
  return null;
}

interface State {
  items: Hazard[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
}

export function HazardList(props: {
  me: Me;
  /** Fixed query parameters (e.g. a "my tasks" tab). */
  query?: Query;
  /** Show the board's filter row, state kept in this object. */
  ui?: BoardUi;
  emptyText?: string;
  /** Name for tests and assistive tech. */
  label?: string;
}) {
  const tz = props.me.tenant.timeZone;
  const ui = props.ui;
  const [filters, setFilters] = useState<Record<string, string>>(ui?.filters ?? {});
  const [search, setSearch] = useState<string>(ui?.filters.q ?? '');
  const [sort, setSort] = useState<string>(ui?.sort ?? SORTS[0]);
  const [state, setState] = useState<State>({ items: [], nextCursor: null, loading: true, error: null });
  const seq = useRef(0);
  const [moreOpen, setMoreOpen] = useState(false);
  const moreId = useId();
  const tree = useLookup(orgTree, Boolean(ui) && props.me.permissions.includes('registry.read')).value;
  const categories = useLookup(categoriesLookup, Boolean(ui)).value;

  useEffect(() => {
    if (ui) {
      ui.filters = filters;
      ui.sort = sort;
    }
  }, [filters, sort]);

  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => ((f.q ?? '') === search.trim() ? f : { ...f, q: search.trim() })), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const load = async (append: boolean) => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null, ...(append ? {} : { items: [], nextCursor: null }) }));
    const [sortField, order] = sort.split(':');
    try {
      const page = await list<Hazard>('hazards', {
        ...filters,
        sort: sortField,
        order,
        ...props.query,
        limit: 30,
        cursor: append ? state.nextCursor : null,
      });
      if (mine !== seq.current) return;
      setState((s) => ({
        items: append ? [...s.items, ...page.items] : page.items,
        nextCursor: page.nextCursor,
        loading: false,
        error: null,
      }));
    } catch (error) {
      if (mine !== seq.current) return;
      setState((s) => ({ ...s, loading: false, error }));
    }
  };

  useEffect(() => {
    void load(false);
  }, [JSON.stringify(filters), JSON.stringify(props.query), sort]);

  const set = (name: string, value: string) => setFilters((f) => ({ ...f, [name]: value }));
  const activeCount = Object.entries(filters).filter(([k, v]) => k !== 'q' && v).length;
  const yesNo = [
    { value: 'true', label: t('hazard.yes') },
    { value: 'false', label: t('hazard.no') },
  ];

  return (
    <div class="hazard-list" aria-label={props.label}>
      {ui ? (
        <form class="filters" role="search" aria-label={t('common.filters')} onSubmit={(e) => e.preventDefault()}>
          <TextField name="q" type="search" label={t('hazard.search')} value={search} onValue={setSearch} />
          <SelectField name="sort" label={t('common.sort')} value={sort} options={sortOptions()} onValue={setSort} />
          <button
            type="button"
            class="btn small filter-toggle"
            aria-expanded={moreOpen}
            aria-controls={moreId}
            onClick={() => setMoreOpen((o) => !o)}
          >
            {t('common.filters')}
            {activeCount ? ` (${activeCount})` : ''} {moreOpen ? '▴' : '▾'}
          </button>
          <div id={moreId} class={moreOpen ? 'more-filters open' : 'more-filters'}>
            <SelectField
              name="state"
              label={t('hazard.state')}
              value={filters.state ?? ''}
              empty={t('common.all')}
              options={HAZARD_STATES.map((s) => ({ value: s, label: label('hazardState', s) }))}
              onValue={(v) => set('state', v)}
            />
            <SelectField
              name="categoryId"
              label={t('hazard.category')}
              value={filters.categoryId ?? ''}
              empty={t('common.all')}
              options={(categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
              onValue={(v) => set('categoryId', v)}
            />
            {tree ? (
              <SelectField
                name="orgUnitId"
                label={t('hazard.area')}
                value={filters.orgUnitId ?? ''}
                empty={t('place.anyOrg')}
                options={orgOptions(tree)}
                onValue={(v) => set('orgUnitId', v)}
              />
            ) : null}
            <SelectField
              name="severity"
              label={t('hazard.severity')}
              value={filters.severity ?? ''}
              empty={t('common.all')}
              options={SEVERITIES.map((s) => ({ value: s, label: label('severity', s) }))}
              onValue={(v) => set('severity', v)}
            />
            <SelectField
              name="overdue"
              label={t('hazard.overdue')}
              value={filters.overdue ?? ''}
              empty={t('common.all')}
              options={yesNo}
              onValue={(v) => set('overdue', v)}
            />
            <SelectField
              name="source"
              label={t('hazard.source')}
              value={filters.source ?? ''}
              empty={t('common.all')}
              options={HAZARD_SOURCES.map((s) => ({ value: s, label: label('source', s) }))}
              onValue={(v) => set('source', v)}
            />
            <TextField
              name="reportedFrom"
              type="date"
              label={t('hazard.reportedFrom')}
              value={filters.reportedFrom ?? ''}
              max={filters.reportedTo || undefined}
              onValue={(v) => set('reportedFrom', v)}
            />
            <TextField
              name="reportedTo"
              type="date"
              label={t('hazard.reportedTo')}
              value={filters.reportedTo ?? ''}
              min={filters.reportedFrom || undefined}
              onValue={(v) => set('reportedTo', v)}
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
          </div>
          {Object.values(filters).some(Boolean) ? (
            <button
              type="button"
              class="btn small ghost"
              onClick={() => {
                setSearch('');
                setFilters({});
              }}
            >
              {t('hazard.clearFilters')}
            </button>
          ) : null}
        </form>
      ) : null}

      {state.items.length > 0 ? (
        <table class="table hazards-table">
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
            {state.items.map((h) => {
              const deadline = runningDeadline(h);
              const lead = h.parties.find((p) => p.lead);
              return (
                <tr
                  key={h.id}
                  class={h.overdue ? 'hazard-row overdue' : 'hazard-row'}
                  data-testid="hazard-row"
                  data-state={h.state}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a,button')) return;
                    navigate(`/hazards/${h.id}`);
                  }}
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
                  <td data-label={t('hazard.lead')}>{lead?.name ?? ''}</td>
                  <td data-label={t('hazard.reportedAt')}>{dateTime(h.reportedAt, tz)}</td>
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

      <ErrorBox error={state.error} onRetry={() => load(state.items.length > 0)} />
      {state.loading ? <Spinner /> : null}
      {!state.loading && !state.error && state.items.length === 0 ? (
        <p class="empty">{props.emptyText ?? t('common.empty')}</p>
      ) : null}
      <div class="list-foot">
        {state.items.length > 0 ? (
          <span class="muted" aria-live="polite">
            {t('common.shown', { n: state.items.length })}
            {state.nextCursor ? '' : ` · ${t('common.end')}`}
          </span>
        ) : null}
        {state.nextCursor && !state.loading ? (
          <button type="button" class="btn" onClick={() => load(true)}>
            {t('common.loadMore')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
