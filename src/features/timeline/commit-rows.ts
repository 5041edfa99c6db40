import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '../../platform/db/types.ts';
import type { SubjectTable } from './commit.ts';
import type { TimelineRow } from './store.ts';
import type { SubjectType } from './vocabulary.ts';

/** One subject's steps, decided and chained by the caller from the row it read. */
export interface RowSteps {
  id: string;
  /** The version the steps were decided on: the row changes only if it still has it. */
  version: number;
  /** The new events, oldest first, chained from the head that was read: the last hash is the new head. */
  events: readonly TimelineRow[];
  /** The columns the steps change: their patches in order, later over earlier (scalars and JSON objects). */
  values: Record<string, unknown>;
}

/**
 * commitToRow for many subjects of one district in one statement (the escalation sweep's write).
 * Each row gets its new values, head, version (+1 per event) and updatedAt (its last event's
 * time) only if it still has the version read and nobody holds it right now: a row someone is
 * changing is skipped, not waited for (SKIP LOCKED; NO KEY, so a row merely referenced by a new
 * party or file still counts as free). Events go in only for the rows that changed, so a subject
 * someone acted on meanwhile is left out with its events, and nothing fails. All rows travel as
 * one JSON parameter, whatever their number: far from Postgres's 65,535 bind parameters.
 */
export async function commitToRows(
  tx: Db,
  tenantId: string,
  type: SubjectType,
  table: SubjectTable,
  rows: readonly RowSteps[],
): Promise<{ subjects: number; events: number }> {
  if (!rows.length) return { subjects: 0, events: 0 };
  const input = rows.map((r) => ({
    id: r.id,
    version: r.version,
    steps: r.events.length,
    at: r.events.at(-1)!.at,
    head: r.events.at(-1)!.hash,
    patch: r.values,
    events: r.events.map(({ tenantId: _t, subjectType: _s, subjectId: _i, ...event }) => event),
  }));
  const moved = tx
    .update(table)
    .set({ ...patchFrom(table, rows), chainHead: sql`r.head`, version: sql`${table.version} + r.steps`, updatedAt: sql`r.at` } as never)
    .from(sql`input as r`)
    .where(
      and(
        eq(table.tenantId, tenantId),
        sql`${table.id} = r.id and ${table.version} = r.version`,
        sql`${table.id} in (select ${table.id} from ${table} where ${table.id} in (select id from input) for no key update skip locked)`,
      ),
    )
    .returning({ id: table.id });
  const [written] = await queryRows<{ subjects: number; events: number }>(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
          as r(id uuid, version int, steps int, at timestamptz, head text, patch jsonb, events jsonb)
      ),
      moved as (${moved.getSQL()}),
      recorded as (
        insert into timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state,
          note, data, evidence_ids, prev_hash, hash)
        select ${tenantId}::uuid, ${type}::text, r.id, e.seq, e.at, e."actorUserId", e.action, e."fromState", e."toState",
          e.note, e.data, e."evidenceIds", e."prevHash", e.hash
        from input r cross join lateral jsonb_to_recordset(r.events) as e(seq int, at timestamptz, "actorUserId" uuid, action text,
          "fromState" text, "toState" text, note text, data jsonb, "evidenceIds" uuid[], "prevHash" text, hash text)
        where r.id in (select id from moved)
        returning 1
      )
      select (select count(*)::int from moved) as subjects, (select count(*)::int from recorded) as events`,
  );
  return written!;
}

/**
 * SET of every column some row's steps change, read from that row's `patch` and cast to the
 * column's type; a row whose patch does not name the column keeps its value.
 */
function patchFrom(table: SubjectTable, rows: readonly RowSteps[]): Record<string, SQL> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = new Set(rows.flatMap((r) => Object.keys(r.values)));
  return Object.fromEntries(
    [...keys].map((key) => {
      const column = columns[key];
      if (!column) throw new Error(`commitToRows: ${key} is not a column of the subject's table`);
      // ->> gives JSON text: a JSON array is no Postgres array literal, so array columns cannot come this way.
      if (column.getSQLType().endsWith('[]')) throw new Error(`commitToRows: ${key} is an array column, which a patch cannot set`);
      return [key, sql`case when r.patch ? ${key} then (r.patch->>${key})::${sql.raw(column.getSQLType())} else ${column} end`];
    }),
  );
}
