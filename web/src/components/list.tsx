/**
 * A registry list: filter row, sort select, table (cards on a phone), "load more" by cursor,
 * and the create / edit / delete actions the caller's permissions allow.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type QueryOf, type Resource, type ResourceItem, resourceApi } from '../api.ts';
import { type MessageKey, t } from '../i18n.ts';
import { notify } from '../store.ts';
import { type BoardMemory, boardMemory, useAddressFilters } from './filter-bar.tsx';
import { ListCount, type Paged, PagedStatus, usePagedList } from './paged-list.tsx';
import { ConfirmDialog, type Option, SelectField, TextField } from './ui.tsx';

export interface FilterDef {
  name: string;
  label: string;
  /** Select options; none = a free-text search box. */
  options?: Option[];
  /** Label of the "all" choice of a select. */
  all?: string;
}

export interface Column<T> {
  label: string;
  render: (item: T) => ComponentChildren;
  /** The column that names the row (bold, first on a phone card). */
  primary?: boolean;
}

/** `field:order` choices; the first is the default. */
export function standardSorts(nameField = 'name'): Option[] {
  const [asc, desc] = nameField === 'username' ? ['sort.usernameAsc', 'sort.usernameDesc'] : ['sort.nameAsc', 'sort.nameDesc'];
  return [
    { value: `${nameField}:asc`, label: t(asc as MessageKey) },
    { value: `${nameField}:desc`, label: t(desc as MessageKey) },
    { value: 'createdAt:desc', label: t('sort.newest') },
    { value: 'createdAt:asc', label: t('sort.oldest') },
  ];
}

/** What each registry list showed last, for a visit without filters in the address. */
const memories = new Map<string, BoardMemory>();
function memoryOf(resource: string, defaultSort: string): BoardMemory {
  let memory = memories.get(resource);
  if (!memory) {
    memory = boardMemory({}, defaultSort);
    memories.set(resource, memory);
  }
  return memory;
}

export type Editing<T> = { mode: 'create' } | { mode: 'edit'; item: T };

export function ListPage<R extends Resource, T extends ResourceItem<R> = ResourceItem<R>>(props: {
  resource: R;
  title: string;
  filters: FilterDef[];
  /** Sort choices (`field:order`); default: by name, then by creation time. */
  sorts?: Option[];
  columns: Column<T>[];
  itemName: (item: T) => string;
  newLabel?: string;
  canCreate: boolean;
  canEdit: (item: T) => boolean;
  canDelete: boolean;
  /** The create/edit dialog; it calls `done` when closed, with the saved item if any. */
  renderEditor: (editing: Editing<T>, done: (saved: T | null, created: boolean) => void) => ComponentChildren;
  onDeleted?: () => void;
  /** Extra things above the list (e.g. an explanation). */
  intro?: ComponentChildren;
}) {
  const sorts = props.sorts ?? standardSorts();
  // Filters and sort live in the address (a reload, a bookmark or a link sent to a colleague
  // shows the same list); without any there, the list opens as it was last left.
  const board = useAddressFilters(
    props.filters.map((f) => f.name),
    sorts.map((s) => s.value),
    memoryOf(props.resource, sorts[0]!.value),
  );
  const { filters, search } = board.state;
  const { sort, setSort } = board;
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);

  const [sortField, order] = sort.split(':');
  // The filters' names are the pages' FilterDefs; the server rejects any its list does not take.
  const query = { ...filters, sort: sortField, order, limit: 50 } as QueryOf<`/${R}`>;
  const paged = usePagedList(`/${props.resource}`, query, { cursor: board.cursor }) as unknown as Paged<T>;

  // The one free-text filter (q) waits for a pause in typing (useFilters).
  const setFilter = (name: string, value: string, isText: boolean) => {
    if (isText) board.state.setSearch(value);
    else board.state.set(name, value);
  };

  const showActions = props.canDelete || paged.items.some(props.canEdit);

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{props.title}</h1>
        {props.canCreate ? (
          <button type="button" class="btn primary" onClick={() => setEditing({ mode: 'create' })}>
            {props.newLabel ?? t('common.new')}
          </button>
        ) : null}
      </div>
      {props.intro}
      <search aria-label={t('common.filters')}>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          {props.filters.map((f) =>
            f.options ? (
              <SelectField
                key={f.name}
                name={f.name}
                label={f.label}
                value={filters[f.name] ?? ''}
                options={f.options}
                empty={f.all ?? t('common.all')}
                onValue={(v) => setFilter(f.name, v, false)}
              />
            ) : (
              <TextField
                key={f.name}
                name={f.name}
                type="search"
                label={f.label}
                value={search}
                onValue={(v) => setFilter(f.name, v, true)}
              />
            ),
          )}
          <SelectField name="sort" label={t('common.sort')} value={sort} options={sorts} onValue={setSort} />
        </form>
      </search>

      <ListCount paged={paged} />
      {paged.items.length > 0 ? (
        <table class="table">
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
              {showActions ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {paged.items.map((item) => (
              <tr key={item.id}>
                {props.columns.map((c) => (
                  <td key={c.label} data-label={c.label} class={c.primary ? 'primary' : undefined}>
                    {c.render(item)}
                  </td>
                ))}
                {showActions ? (
                  <td class="actions">
                    {props.canEdit(item) ? (
                      <button
                        type="button"
                        class="btn small"
                        aria-label={`${t('common.edit')} ${props.itemName(item)}`}
                        onClick={() => setEditing({ mode: 'edit', item })}
                      >
                        {t('common.edit')}
                      </button>
                    ) : null}
                    {props.canDelete ? (
                      <button
                        type="button"
                        class="btn small danger-outline"
                        aria-label={`${t('common.delete')} ${props.itemName(item)}`}
                        onClick={() => setDeleting(item)}
                      >
                        {t('common.delete')}
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <PagedStatus paged={paged} empty={t('common.empty')} />

      {editing
        ? props.renderEditor(editing, (saved, created) => {
            setEditing(null);
            if (!saved) return;
            notify(created ? t('common.created') : t('common.saved'));
            if (created) void paged.load(false);
            else paged.setItems((items) => items.map((i) => (i.id === saved.id ? saved : i)));
          })
        : null}
      {deleting ? (
        <ConfirmDialog
          title={t('common.delete')}
          message={t('common.deleteConfirm', { name: props.itemName(deleting) })}
          confirmLabel={t('common.delete')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await resourceApi.remove(props.resource, deleting.id);
            paged.setItems((items) => items.filter((i) => i.id !== deleting.id));
            notify(t('common.deleted'));
            props.onDeleted?.();
          }}
        />
      ) : null}
    </section>
  );
}
