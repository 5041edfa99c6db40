/**
 * A list endpoint paged by cursor ("load more"), as every list of the app shows it: the hook that
 * loads the first page whenever the query changes (data.ts: cached, cancelled when left), and the
 * status under the list (error with retry, loading, the empty text, how many are shown, the "load
 * more" button).
 */

import { type ItemOf, type ListPath, listPage, type QueryOf } from '../api.ts';
import { type Pages, usePages } from '../data.ts';
import { t } from '../i18n.ts';
import type { AddressCursor } from './filter-bar.tsx';
import { ErrorBox, Spinner } from './ui.tsx';

export interface Paged<T> extends Pages<T> {
  /** Back to the list's first page, when it opened at a cursor from its address. */
  fromStart: (() => void) | null;
}

/**
 * The list at `path` (typed by the API's document, as is `query`), one page after another.
 * `enabled: false` waits; `cursor` is the page's main list's place in the address (a list
 * inside another page keeps none).
 */
export function usePagedList<P extends ListPath>(
  path: P,
  query: QueryOf<P>,
  options: { enabled?: boolean; cursor?: AddressCursor } = {},
): Paged<ItemOf<P>> {
  const { cursor } = options;
  // 'pages' keeps a list's cache entry apart from a useData answer of the same path and query.
  const pages = usePages<ItemOf<P>>([path, query, 'pages'], (at, signal) => listPage(path, { ...query, cursor: at ?? undefined }, signal), {
    enabled: options.enabled,
    start: cursor?.start ?? null,
    onMore: cursor?.remember,
  });
  return {
    ...pages,
    fromStart:
      cursor && pages.startedAt !== null
        ? () => {
            cursor.forget();
            pages.restart();
          }
        : null,
  };
}

/**
 * "共 128 条" above a list, once its first page has said how many match; for a list opened at a
 * cursor (a link into its middle), that it does not start at the beginning, and a way there.
 */
export function ListCount<T>(props: { paged: Paged<T> }) {
  const { total, fromStart } = props.paged;
  if (fromStart)
    return (
      <p class="list-count muted" data-testid="list-count">
        {t('common.fromCursor')}{' '}
        <button type="button" class="btn small" onClick={fromStart}>
          {t('common.fromStart')}
        </button>
      </p>
    );
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
