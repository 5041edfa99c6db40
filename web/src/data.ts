/**
 * The one way the SPA loads data: `useData` for an answer, `usePages` for a list paged by cursor,
 * both on TanStack Query's framework-free core (@tanstack/query-core: a cache shared by every
 * page, one request for the same key however many components ask, an AbortSignal that cancels a
 * request nobody waits for any more, and invalidation after a write). The Preact binding of the
 * same library is not used: it asks for Preact 10, the SPA runs on 11; the two hooks below are
 * what that binding does (an observer per component, re-rendered on its changes).
 *
 * Keys start with the API path they load (`['/hazards/{id}', id]`), so a write can invalidate
 * every answer of a resource by its path. The cache is dropped when the session ends.
 */
import { type InfiniteData, InfiniteQueryObserver, notifyManager, QueryClient, type QueryKey, QueryObserver } from '@tanstack/query-core';
import { useEffect, useState } from 'preact/hooks';
import type { Page } from './api-types.ts';
import { onSessionEnd } from './session.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A failed load shows its error with a retry button (ErrorBox): no silent retries behind it.
      retry: false,
      // Pages show what is cached at once and ask again in the background when opened again.
      staleTime: 0,
      refetchOnWindowFocus: false,
      // Ask even when the browser says it is offline: the request fails at once with the network
      // error and its retry button (api.ts), instead of waiting, paused, on an empty list.
      networkMode: 'always',
    },
  },
});
queryClient.mount();
// Dropped when a session ends, and again when one starts: an answer to a request the last user
// left running must not be what the next one (another district, perhaps) sees first.
onSessionEnd(() => queryClient.clear());
export const startSession = () => queryClient.clear();

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  /** Load again (after a write, or the retry button of an error). */
  refresh: () => Promise<void>;
  /** Put a newer answer in place (e.g. the hazard a transition returned) without a request. */
  set: (data: T) => void;
}

/** Subscribes the component to an observer: it re-renders whenever the observer's result changes. */
function useObserved(observer: QueryObserver<never, unknown, never, never, QueryKey>): void {
  const [, rerender] = useState(0);
  useEffect(() => {
    const off = observer.subscribe(notifyManager.batchCalls(() => rerender((n) => n + 1)));
    observer.updateResult();
    return off;
  }, [observer]);
}

/**
 * The answer of `load` under `key`. `enabled: false` waits (e.g. until an id is known);
 * `fresh` is how long (ms) a cached answer is used without asking again (default 0: always
 * refreshed in the background; Infinity for look-ups that only a write changes).
 */
export function useData<T>(
  key: QueryKey,
  load: (signal: AbortSignal) => Promise<T>,
  options: { enabled?: boolean; fresh?: number } = {},
): Loaded<T> {
  const defaulted = queryClient.defaultQueryOptions<T, unknown, T, T, QueryKey>({
    queryKey: key,
    queryFn: ({ signal }) => load(signal),
    enabled: options.enabled ?? true,
    staleTime: options.fresh ?? 0,
  });
  defaulted._optimisticResults = 'optimistic';
  const [observer] = useState(() => new QueryObserver<T, unknown, T, T, QueryKey>(queryClient, defaulted));
  const result = observer.getOptimisticResult(defaulted);
  useObserved(observer as never);
  useEffect(() => observer.setOptions(defaulted));
  return {
    data: result.data,
    error: result.error,
    refresh: async () => {
      await observer.refetch();
    },
    set: (data) => queryClient.setQueryData(key, data),
  };
}

export interface Pages<T> {
  items: T[];
  nextCursor: string | null;
  /** How many match (共 N 条), as the first page said; null until it has. */
  total: number | null;
  /** The cursor the loaded pages start at; null when they start at the first page. */
  startedAt: string | null;
  loading: boolean;
  error: unknown;
  /** The first page again (append = false), or the next one after those shown. */
  load: (append: boolean) => Promise<void>;
  /** Drops the loaded pages and loads the list's first page (the one before any cursor). */
  restart: () => void;
  /** Change the loaded items in place (an edited or deleted row) without a reload. */
  setItems: (change: (items: T[]) => T[]) => void;
}

type PageData<T> = InfiniteData<Page<T>, string | null>;

/**
 * A list paged by cursor ("load more"): the pages of `load(cursor)` under `key`. `enabled: false`
 * waits; `start` is the cursor of the first page loaded when nothing is cached under `key` (a
 * list opened from an address with a cursor); `onMore` hears the cursor of each page "load more"
 * loaded. The start is not part of the key: back to a list shows every page it had loaded.
 */
export function usePages<T>(
  key: QueryKey,
  load: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
  options: { enabled?: boolean; start?: string | null; onMore?: (cursor: string) => void } = {},
): Pages<T> {
  const enabled = options.enabled ?? true;
  // Where the pages start: where those already cached start (a reload or a retry keeps what is
  // shown), else at `start`.
  const cached = queryClient.getQueryData<PageData<T>>(key);
  const defaulted = queryClient.defaultQueryOptions({
    queryKey: key,
    enabled,
    queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) => load(pageParam, signal),
    initialPageParam: cached ? (cached.pageParams[0] ?? null) : (options.start ?? null),
    getNextPageParam: (last: Page<T>) => last.nextCursor,
  } as never) as never;
  const [observer] = useState(
    () => new InfiniteQueryObserver<Page<T>, unknown, PageData<T>, QueryKey, string | null>(queryClient, defaulted),
  );
  const result = observer.getOptimisticResult(defaulted);
  useObserved(observer as never);
  useEffect(() => observer.setOptions(defaulted));
  const pages = result.data?.pages ?? [];
  const nextCursor = pages.at(-1)?.nextCursor ?? null;
  return {
    items: pages.flatMap((p) => p.items),
    nextCursor,
    total: pages[0]?.total ?? null,
    startedAt: result.data ? (result.data.pageParams[0] ?? null) : (options.start ?? null),
    loading: enabled && result.isFetching,
    error: result.error,
    load: async (append) => {
      if (!append) return queryClient.resetQueries({ queryKey: key, exact: true });
      const at = nextCursor;
      const next = await observer.fetchNextPage();
      if (at && !next.isError) options.onMore?.(at);
    },
    restart: () => {
      observer.setOptions({ ...(defaulted as object), initialPageParam: null } as never);
      void queryClient.resetQueries({ queryKey: key, exact: true });
    },
    // The changed items all go into the first page (the later pages keep their cursors, so "load
    // more" goes on where it was); the total follows a row that left or came.
    setItems: (change) =>
      queryClient.setQueryData<PageData<T>>(key, (data) => {
        if (!data) return data;
        const before = data.pages.flatMap((p) => p.items);
        const after = change(before);
        return {
          ...data,
          pages: data.pages.map((p, i) =>
            i === 0 ? { ...p, items: after, total: p.total === null ? null : p.total + after.length - before.length } : { ...p, items: [] },
          ),
        };
      }),
  };
}

/** Puts a newer answer under a key other than the one a page shows (e.g. the month a computation made current). */
export function put<T>(key: QueryKey, data: T): void {
  queryClient.setQueryData(key, data);
}

/** After a write: every cached answer under keys starting with `prefix` (e.g. `['/hazards']`) is stale, shown ones reload. */
export function invalidate(...prefix: unknown[]): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: prefix });
}
