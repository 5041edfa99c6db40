import { type AnyColumn, and, asc, desc, or, type SQL, sql } from 'drizzle-orm';
import * as z from 'zod';
import { ApiError } from '../errors.ts';

/**
 * Keyset pagination: the cursor is the last row's (sort value, id), so pages stay stable while
 * rows are added and page N costs the same as page 1. Every list route uses this.
 */
export const MAX_PAGE = 200;

export function listQuery<const S extends readonly [string, ...string[]], F extends z.ZodRawShape>(sortFields: S, filters: F) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    cursor: z.string().max(500).optional(),
    sort: z.enum(sortFields).default(sortFields[0]),
    order: z.enum(['asc', 'desc']).default('asc'),
    ...filters,
  });
}

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Sort columns are NOT NULL; timestamps are stored with millisecond precision so an ISO string round-trips. */
type CursorValue = string | number;

function encode(values: [CursorValue, string]): string {
  return btoa(unescape(encodeURIComponent(JSON.stringify(values)))).replaceAll('=', '');
}

function decode(cursor: string): [CursorValue, string] {
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(escape(atob(cursor))));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      return parsed as [CursorValue, string];
    }
  } catch {
    // fall through
  }
  throw new ApiError('validation_failed', '分页游标无效 / invalid cursor', {
    errors: [{ path: 'cursor', message: 'invalid cursor' }],
  });
}

export interface Keyset {
  where: SQL | undefined;
  orderBy: SQL[];
  /** Builds the page from `limit + 1` fetched rows. */
  page<R extends { id: string }>(rows: R[], sortValue: (row: R) => CursorValue): { items: R[]; nextCursor: string | null };
}

export function keyset(
  /** A NOT NULL column, or an expression that never yields NULL (coalesce a nullable column). */
  sortColumn: AnyColumn | SQL,
  idColumn: AnyColumn,
  query: { cursor?: string | undefined; order: 'asc' | 'desc'; limit: number },
): Keyset {
  const direction = query.order === 'asc' ? asc : desc;
  let where: SQL | undefined;
  if (query.cursor) {
    const [value, id] = decode(query.cursor);
    const after = query.order === 'asc' ? sql`>` : sql`<`;
    where = or(sql`${sortColumn} ${after} ${value}`, and(sql`${sortColumn} = ${value}`, sql`${idColumn} ${after} ${id}`));
  }
  return {
    where,
    orderBy: [direction(sortColumn), direction(idColumn)],
    page(rows, sortValue) {
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      const last = items.at(-1);
      return { items, nextCursor: more && last ? encode([sortValue(last), last.id]) : null };
    },
  };
}

/** Case-insensitive "contains" on any of the columns, with LIKE wildcards in the input escaped. */
export function containsText(q: string | undefined, ...columns: AnyColumn[]): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return or(...columns.map((col) => sql`${col} ilike ${pattern}`));
}
