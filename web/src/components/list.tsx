/**
 * A registry list: filter row, sort select, table (cards on a phone), "load more" by cursor,
 * and the create / edit / delete actions the caller's permissions allow.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { remove } from '../api.ts';
import { type MessageKey, t } from '../i18n.ts';
import { notify } from '../store.ts';
import type { Versioned } from '../types.ts';
import { PagedStatus, usePagedList } from './paged-list.tsx';
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

export type Editing<T> = { mode: 'create' } | { mode: 'edit'; item: T };

export function ListPage<T extends Versioned>(props: {
  resource: string;
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
  /** The filters set when the page opens (e.g. from the address), and a hook to follow their changes. */
  initialFilters?: Record<string, string>;
  onFilters?: (filters: Record<string, string>) => void;
}) {
  const [filters, setFilters] = useState<Record<string, string>>(props.initialFilters ?? {});
  const [search, setSearch] = useState<Record<string, string>>({});
  const sorts = props.sorts ?? standardSorts();
  const [sort, setSort] = useState<string>(sorts[0]!.value);
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);

  // Free-text filters wait for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => ({ ...f, ...search })), 300);
    return () => clearTimeout(timer);
  }, [JSON.stringify(search)]);

  useEffect(() => props.onFilters?.(filters), [JSON.stringify(filters)]);

  const [sortField, order] = sort.split(':');
  const paged = usePagedList<T>(props.resource, { ...filters, sort: sortField, order, limit: 50 });

  const setFilter = (name: string, value: string, isText: boolean) => {
    if (isText) setSearch((s) => ({ ...s, [name]: value }));
    else setFilters((f) => ({ ...f, [name]: value }));
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
                value={search[f.name] ?? ''}
                onValue={(v) => setFilter(f.name, v, true)}
              />
            ),
          )}
          <SelectField name="sort" label={t('common.sort')} value={sort} options={sorts} onValue={setSort} />
        </form>
      </search>

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
            await remove(props.resource, deleting.id);
            paged.setItems((items) => items.filter((i) => i.id !== deleting.id));
            notify(t('common.deleted'));
            props.onDeleted?.();
          }}
        />
      ) : null}
    </section>
  );
}
