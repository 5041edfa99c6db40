import { getTableColumns, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';

/** Column names as the providers' Drizzle writes them (`casing: 'snake_case'`). */
const casing = new CasingCache('snake_case');

/**
 * Several writes as one statement (one round trip): each of `first` a data-modifying CTE of
 * `last`. Postgres runs them all on the statement's snapshot and in no set order, so none may
 * read what another writes nor collide with it on a unique key: use it for writes that do not
 * depend on each other (an event and its subject's row, a hazard's old parties out and its new
 * ones in). Foreign keys between them are checked once the statement is done.
 */
export function together(first: readonly SQLWrapper[], last: SQLWrapper): SQL {
  if (!first.length) return last.getSQL();
  // getSQL(): an embedded query builder would come wrapped in parentheses, which WITH refuses.
  const ctes = first.map((write, i) => sql`${sql.identifier(`write_${i}`)} as (${write.getSQL()})`);
  return sql`with ${sql.join(ctes, sql`, `)} ${last.getSQL()}`;
}

/**
 * `insert into table (…) select … from source`: `row` once for each row `source` yields, so
 * none when it yields none (a guarded UPDATE … RETURNING that matched nothing). Each value is
 * bound with its column's encoder, as Drizzle's own inserts do; omitted columns take their
 * defaults.
 */
export function insertFrom<T extends PgTable>(table: T, row: Partial<T['$inferInsert']>, source: SQL): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(row).filter((key) => (row as Record<string, unknown>)[key] !== undefined);
  const names = keys.map((key) => sql.identifier(casing.getColumnCasing(columns[key]!)));
  const values = keys.map((key) => sql.param((row as Record<string, unknown>)[key], columns[key]));
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(values, sql`, `)} from ${source}`;
}
