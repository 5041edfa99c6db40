/**
 * The filter row of the boards (hazards, tasks): a search box, the sort, the other filters behind
 * a toggle (folded away on a phone, with how many are set), and "clear" while anything is set.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { onSessionEnd } from '../session.ts';
import { type Option, SelectField, TextField } from './ui.tsx';

export type Filters = Record<string, string>;

/** The filters, and the search box's text, which joins them (as `q`) after a pause in typing. */
export function useFilters(initial: Filters | (() => Filters), cleared: Filters = {}) {
  const [filters, setFilters] = useState<Filters>(initial);
  const [search, setSearch] = useState(filters.q ?? '');

  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => ((f.q ?? '') === search.trim() ? f : { ...f, q: search.trim() })), 300);
    return () => clearTimeout(timer);
  }, [search]);

  return {
    filters,
    setFilters,
    search,
    setSearch,
    /** Whether "clear" would change anything: the filters are not the list's default view. */
    changed: Object.keys({ ...filters, ...cleared }).some((k) => (filters[k] ?? '') !== (cleared[k] ?? '')),
    set: (name: string, value: string) => setFilters((f) => ({ ...f, [name]: value })),
    clear: () => {
      setSearch('');
      setFilters(cleared);
    },
  };
}

export type FilterState = ReturnType<typeof useFilters>;

/** What a board remembers between visits. */
export interface BoardMemory {
  filters: Filters;
  sort: string;
}

/** A board's memory, starting on (and going back to, when the session ends) its default view. */
export function boardMemory(filters: Filters, sort: string): BoardMemory {
  const memory = { filters, sort };
  onSessionEnd(() => Object.assign(memory, { filters, sort }));
  return memory;
}

/**
 * Where a list paged by cursor starts, kept in the address with its filters (`?state=routed&cursor=…`):
 * "load more" writes the cursor of the page it loaded, so a reload or a link sent to a colleague
 * opens the list there (with a way back to its start). A cursor belongs to the filters and sort it
 * was made for: changing either forgets it.
 */
export interface AddressCursor {
  /** The cursor the list opens at (null: its first page). */
  start: string | null;
  /** "Load more" loaded the page at `cursor`. */
  remember: (cursor: string) => void;
  /** Back to the first page. */
  forget: () => void;
}

/** The address with `params` as its query, keeping the path. */
const addressWith = (params: URLSearchParams): string => {
  const search = params.toString();
  return `${location.pathname}${search ? `?${search}` : ''}`;
};

/** The address as it is, without its cursor: which list it names. */
function listAddress(): string {
  const params = new URLSearchParams(location.search);
  params.delete('cursor');
  return addressWith(params);
}

function setCursorParam(cursor: string | null): void {
  const params = new URLSearchParams(location.search);
  if (cursor) params.set('cursor', cursor);
  else params.delete('cursor');
  history.replaceState(history.state, '', addressWith(params));
}

/**
 * A board's filters, sort and cursor kept in the address (`?state=routed&sort=dueAt:asc`), so the
 * list survives a reload, can be bookmarked or sent to a colleague, and back/forward return to it.
 * The address wins when it names any of `names`, a sort from `sorts` or a cursor; else the board
 * opens on what it showed last (`memory`). "Clear" returns to `cleared`, the board's own default
 * view. A filter the default view sets (e.g. `active=true`) is written `all` when emptied, so
 * "all" is an address of its own and not the default again on reload.
 */
export function useAddressFilters(names: readonly string[], sorts: readonly string[], memory: BoardMemory, cleared: Filters = {}) {
  const [initial] = useState(() => {
    const params = new URLSearchParams(location.search);
    const filters: Filters = {};
    for (const name of names) {
      const value = params.get(name);
      if (value) filters[name] = value === 'all' && cleared[name] ? '' : value;
    }
    const sort = params.get('sort');
    const hasSort = sort !== null && sorts.includes(sort);
    const cursor = params.get('cursor');
    if (!Object.keys(filters).length && !hasSort && !cursor) return { ...memory, cursor: null };
    return { filters, sort: hasSort ? sort : sorts[0]!, cursor };
  });
  const state = useFilters(initial.filters, cleared);
  const [sort, setSort] = useState(initial.sort);
  const [start, setStart] = useState(initial.cursor);
  const params = new URLSearchParams();
  for (const name of names) {
    const value = state.filters[name];
    if (value) params.set(name, value);
    else if (cleared[name]) params.set(name, 'all');
  }
  if (sort !== sorts[0]) params.set('sort', sort);
  const address = addressWith(params);
  // The cursor belongs to the list the page opened on: with other filters it starts nowhere, from
  // this render on (the effect below also forgets it, but only after the list has asked).
  const [opened] = useState(address);
  useEffect(() => {
    memory.filters = state.filters;
    memory.sort = sort;
    if (listAddress() === address) return; // the same list: its cursor stays
    if (new URLSearchParams(location.search).has('cursor')) setStart(null);
    history.replaceState(history.state, '', address);
  }, [address]);
  const cursor: AddressCursor = {
    start: address === opened ? start : null,
    // Only while the address still names the list the page was loaded for: a "load more" that
    // returns after the filters changed, or after the user left, writes nothing.
    remember: (at) => {
      if (listAddress() === address) setCursorParam(at);
    },
    forget: () => {
      setCursorParam(null);
      setStart(null);
    },
  };
  return { state, sort, setSort, cursor };
}

/**
 * The state select of a board that opens on what is still open: "open" (open=true), one state,
 * or everything (open emptied, which its address writes `open=all`).
 */
export const shownState = (f: Filters): string => f.state || (f.open === 'true' ? 'open' : '');
export const pickState = (f: Filters, choice: string): Filters => ({
  ...f,
  open: choice === 'open' ? 'true' : '',
  state: choice === 'open' ? '' : choice,
});

export const yesNo = (): Option[] => [
  { value: 'true', label: t('hazard.yes') },
  { value: 'false', label: t('hazard.no') },
];

export function FilterBar(props: {
  state: FilterState;
  searchLabel: string;
  sort: string;
  sorts: Option[];
  onSort: (sort: string) => void;
  /** The filters behind the toggle. */
  children: ComponentChildren;
}) {
  const { filters, search, setSearch, clear, changed } = props.state;
  const [moreOpen, setMoreOpen] = useState(false);
  const moreId = useId();
  const activeCount = Object.entries(filters).filter(([k, v]) => k !== 'q' && v).length;
  return (
    <search aria-label={t('common.filters')}>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <TextField name="q" type="search" label={props.searchLabel} value={search} onValue={setSearch} />
        <SelectField name="sort" label={t('common.sort')} value={props.sort} options={props.sorts} onValue={props.onSort} />
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
          {props.children}
        </div>
        {changed ? (
          <button type="button" class="btn small ghost" onClick={clear}>
            {t('hazard.clearFilters')}
          </button>
        ) : null}
      </form>
    </search>
  );
}

/** One select of a filter row: "all" (nothing set) or one of `options`, kept in the filters under `name`. */
export function FilterSelect(props: {
  state: Pick<FilterState, 'filters' | 'set'>;
  name: string;
  label: string;
  options: Option[];
  all?: string;
}) {
  const { filters, set } = props.state;
  return (
    <SelectField
      name={props.name}
      label={props.label}
      value={filters[props.name] ?? ''}
      empty={props.all ?? t('common.all')}
      options={props.options}
      onValue={(v) => set(props.name, v)}
    />
  );
}

/** Two date fields of a filter row, kept in the filters under `from` and `to`; each bounds the other. */
export function FilterDateRange(props: {
  state: Pick<FilterState, 'filters' | 'set'>;
  from: { name: string; label: string };
  to: { name: string; label: string };
}) {
  const { filters, set } = props.state;
  const from = filters[props.from.name] ?? '';
  const to = filters[props.to.name] ?? '';
  return (
    <>
      <TextField
        name={props.from.name}
        type="date"
        label={props.from.label}
        value={from}
        max={to || undefined}
        onValue={(v) => set(props.from.name, v)}
      />
      <TextField
        name={props.to.name}
        type="date"
        label={props.to.label}
        value={to}
        min={from || undefined}
        onValue={(v) => set(props.to.name, v)}
      />
    </>
  );
}
