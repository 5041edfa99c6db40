import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

const KEY = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * `json_build_object('name', <column>, …)`: a row's fields as one JSON object, keyed by the
 * names the API uses. Keys are our own field names (checked), written as literals: a bound
 * parameter would need a cast for each one inside json_build_object's "any" arguments.
 */
export function jsonObject(fields: Record<string, SQLWrapper>): SQL {
  const pairs = Object.entries(fields).map(([key, value]) => {
    if (!KEY.test(key)) throw new Error(`jsonObject: ${key} is not a plain field name`);
    return sql`${sql.raw(`'${key}'`)}, ${value}`;
  });
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/**
 * A correlated list as one JSON column: `fields` of each row that `from` (a FROM … WHERE clause
 * naming the outer row) finds, in `orderBy` order; `[]` when it finds none. Lets a page of rows
 * bring their children in the same statement instead of one more round trip.
 */
export function jsonList<T>(fields: Record<string, SQLWrapper>, orderBy: SQL, from: SQL): SQL<T[]> {
  return sql<T[]>`coalesce((select json_agg(${jsonObject(fields)} order by ${orderBy}) ${from}), '[]'::json)`;
}
