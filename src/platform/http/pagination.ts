import { type AnyColumn, and, asc, desc, getTableName, or, type SQL, sql } from 'drizzle-orm';
import * as z from 'zod';
import { ApiError } from '../errors.ts';
import { isStorable } from '../text.ts';

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

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z
      .number()
      .int()
      .nullable()
      .describe('共 N 条: how many match the filters, on the first page; null on a page asked for by cursor'),
  });

/**
 * How many rows a list's where matches, counted in the same statement (a window over the rows
 * before LIMIT), so the total costs no round trip of its own.
 */
const matchingRows = sql<number>`count(*) over ()`.mapWith(Number);
/** On a page after the first nothing is counted: the window would scan every row after the cursor. */
const notCounted = sql<number>`0`.mapWith(Number);

/** Sort columns are NOT NULL; timestamps are stored with millisecond precision so an ISO string round-trips. */
type CursorValue = string | number;
/** What a sort value must look like before it may reach SQL. */
export type SortKind = 'timestamp' | 'day' | 'text' | 'number';

/**
 * A cursor names the list, sort and order that issued it, then the last row's (sort value, id):
 * one handed to another list or another sort is refused (400 cursor_invalid) instead of reaching
 * SQL as a value of the wrong type, and so is a forged value the column could not hold.
 */
interface CursorScope {
  list: string;
  sort: string;
  order: 'asc' | 'desc';
  kind: SortKind;
}

const ISO_INSTANT = /^20\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_DAY = /^20\d{2}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value, as this column's cursor could hold it: what the server itself wrote into cursors. */
function fits(value: unknown, kind: SortKind): value is CursorValue {
  if (kind === 'number') return Number.isSafeInteger(value);
  if (typeof value !== 'string' || value.length > 400 || !isStorable(value)) return false;
  switch (kind) {
    case 'text':
      return true;
    case 'day':
      // A real day: JavaScript would roll 2026-02-30 over to March; PostgreSQL refuses it.
      return ISO_DAY.test(value) && new Date(`${value}T00:00:00.000Z`).toISOString().startsWith(value);
    case 'timestamp':
      return (
        value === 'infinity' || (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value)
      );
  }
}

function encode(scope: CursorScope, values: [CursorValue, string]): string {
  const json = JSON.stringify([scope.list, scope.sort, scope.order, ...values]);
  return btoa(unescape(encodeURIComponent(json)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '');
}

function decode(scope: CursorScope, cursor: string): [CursorValue, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(escape(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')))));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 5) {
    const [list, sort, order, value, id] = parsed as unknown[];
    if (
      list === scope.list &&
      sort === scope.sort &&
      order === scope.order &&
      fits(value, scope.kind) &&
      typeof id === 'string' &&
      UUID.test(id)
    ) {
      return [value, id];
    }
  }
  throw new ApiError('cursor_invalid', { field: 'query.cursor' });
}

export interface Keyset {
  where: SQL | undefined;
  orderBy: SQL[];
  /** Select it as `total` beside the list's columns: the first page's count of matching rows. */
  total: SQL<number>;
  /** Builds the page from `limit + 1` fetched rows, each with its `total`. */
  page<R extends { id: string; total: number }>(
    rows: R[],
    sortValue: (row: R) => CursorValue,
  ): { items: Omit<R, 'total'>[]; nextCursor: string | null; total: number | null };
}

function kindOf(column: AnyColumn | SQL): SortKind | undefined {
  if (!('dataType' in column)) return undefined;
  if (column.dataType === 'date') return 'timestamp';
  if (column.dataType === 'number') return 'number';
  // date({ mode: 'string' }) reports a string, but PostgreSQL parses it as a day.
  return column.columnType === 'PgDateString' ? 'day' : 'text';
}

export function keyset(
  /** A NOT NULL column, or an expression that never yields NULL (coalesce a nullable column). */
  sortColumn: AnyColumn | SQL,
  idColumn: AnyColumn,
  query: { cursor?: string | undefined; order: 'asc' | 'desc'; limit: number; sort?: string },
  /** Required for an expression: what its values look like. */
  kind?: SortKind,
): Keyset {
  const scope: CursorScope = {
    list: getTableName(idColumn.table),
    sort: query.sort ?? 'default',
    order: query.order,
    kind: kind ?? kindOf(sortColumn) ?? 'text',
  };
  const direction = query.order === 'asc' ? asc : desc;
  let where: SQL | undefined;
  if (query.cursor) {
    const [value, id] = decode(scope, query.cursor);
    const after = query.order === 'asc' ? sql`>` : sql`<`;
    where = or(sql`${sortColumn} ${after} ${value}`, and(sql`${sortColumn} = ${value}`, sql`${idColumn} ${after} ${id}`));
  }
  return {
    where,
    total: query.cursor ? notCounted : matchingRows,
    orderBy: [direction(sortColumn), direction(idColumn)],
    page(rows, sortValue) {
      const more = rows.length > query.limit;
      const shown = more ? rows.slice(0, query.limit) : rows;
      const last = shown.at(-1);
      return {
        items: shown.map(({ total: _, ...item }) => item),
        nextCursor: more && last ? encode(scope, [sortValue(last), last.id]) : null,
        total: query.cursor ? null : (rows[0]?.total ?? 0),
      };
    },
  };
}

/** Case-insensitive "contains" on any of the columns, with LIKE wildcards in the input escaped. */
export function containsText(q: string | undefined, ...columns: AnyColumn[]): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return or(...columns.map((col) => sql`${col} ilike ${pattern}`));
}
