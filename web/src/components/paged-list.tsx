/**
 * A list endpoint paged by cursor ("load more"), as every list of the app shows it: the hook that
 * loads the first page whenever the query changes, and the status under the list (error with
 * retry, loading, the empty text, how many are shown, the "load more" button).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { list, type Query } from '../api.ts';
import { t } from '../i18n.ts';
import { ErrorBox, Spinner } from './ui.tsx';

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  /** The first page again (append = false), or the next one after those shown. */
  load: (append: boolean) => Promise<void>;
  /** Change the loaded items in place (an edited or deleted row) without a reload. */
  setItems: (change: (items: T[]) => T[]) => void;
}

export function usePagedList<T>(resource: string, query: Query): Paged<T> {
  const [state, setState] = useState({ items: [] as T[], nextCursor: null as string | null, loading: true, error: null as unknown });
  // Only the latest request may write: a slow answer to an older query is dropped.
  const seq = useRef(0);

  const load = async (append: boolean) => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null, ...(append ? {} : { items: [], nextCursor: null }) }));
    try {
      const page = await list<T>(resource, { ...query, cursor: append ? state.nextCursor : null });
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
  }, [resource, JSON.stringify(query)]);

  return { ...state, load, setItems: (change) => setState((s) => ({ ...s, items: change(s.items) })) };
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
            {t('common.shown', { n: p.items.length })}
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
