/**
 * A list endpoint paged by cursor ("load more"), as every list of the app shows it: the hook that
 * loads the first page whenever the query changes (data.ts: cached, cancelled when left), and the
 * status under the list (error with retry, loading, the empty text, how many are shown, the "load
 * more" button).
 */
import { type ItemOf, type ListPath, listPage, type QueryOf } from '../api.ts';
import { type Pages, usePages } from '../data.ts';
import { t } from '../i18n.ts';
import { ErrorBox, Spinner } from './ui.tsx';

export type Paged<T> = Pages<T>;

/** The list at `path` (typed by the API's document, as is `query`), one page after another; `enabled: false` waits. */
export function usePagedList<P extends ListPath>(path: P, query: QueryOf<P>, enabled = true): Paged<ItemOf<P>> {
  // 'pages' keeps a list's cache entry apart from a useData answer of the same path and query.
  return usePages<ItemOf<P>>(
    [path, query, 'pages'],
    (cursor, signal) => listPage(path, { ...query, cursor: cursor ?? undefined }, signal),
    enabled,
  );
}

/** "共 128 条" above a list, once its first page has said how many match. */
export function ListCount<T>(props: { paged: Paged<T> }) {
  const { total } = props.paged;
  return total === null ? null : (
    <p class="list-count muted" data-testid="list-count">
      {t('common.total', { n: total })}
    </p>
  );
}

/** What goes under the table of a paged list. */
export function PagedStatus<T>(props: { paged: Paged<T>; empty: string }) {
  const p = props.paged;
  return (
    <>
      <ErrorBox error={p.error} onRetry={() => p.load(p.items.length > 0)} />
      {p.loading ? <Spinner /> : null}
      {!p.loading && !p.error && p.items.length === 0 ? <p class="empty">{props.empty}</p> : null}
      <div class="list-foot">
        {p.items.length > 0 ? (
          <span class="muted" aria-live="polite">
            {p.total === null ? t('common.shown', { n: p.items.length }) : t('common.shownOf', { n: p.items.length, total: p.total })}
            {p.nextCursor ? '' : ` · ${t('common.end')}`}
          </span>
        ) : null}
        {p.nextCursor && !p.loading ? (
          <button type="button" class="btn" onClick={() => p.load(true)}>
            {t('common.loadMore')}
          </button>
        ) : null}
      </div>
    </>
  );
}
