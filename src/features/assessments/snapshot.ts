import { type SQL, sql } from 'drizzle-orm';
import { listIn } from '../../platform/collections.ts';
import { type Db, queryRows } from '../../platform/db/types.ts';
import type { CountingSource } from './facts.ts';
import { byLabel, type CountedItem } from './indicators.ts';
import type { CountedSubject, IndicatorKey } from './vocabulary.ts';

/**
 * A revision's drill-down as stored (assessment_items, see its schema): every subject the month
 * counted, column-wise in one row, written in the database from the counted rows of tally.ts and
 * replaced when a draft is recomputed; a published revision's is frozen with it (migration 0017).
 */

/**
 * A counted row's [n, d] per indicator it counts for, as JSON text: {"rectification_rate":[1,1],…}.
 * Built as text (float8 prints its shortest exact form): jsonb per subject cost twice as much.
 */
function countsJson(indicators: readonly IndicatorKey[]): string {
  const entries = indicators.map((k) => `case when ${k}_d is not null then '"${k}":[' || ${k}_n || ',' || ${k}_d || ']' end`);
  return `'{' || concat_ws(',', ${entries.join(', ')}) || '}'`;
}

/**
 * The insert … select storing the rows of each source's CTE (tally.ts) as the revision's
 * drill-down: one statement in the database, one row (replacing a recomputed draft's).
 */
export function storeSnapshot(tenantId: string, assessmentId: string, counted: readonly { source: CountingSource; name: string }[]): SQL {
  const rows = counted.map(({ source, name }) =>
    sql.raw(
      `select subject_type, subject_id, label, street_id, community_id, company_id, ${countsJson(source.indicators)} as counts from ${name}`,
    ),
  );
  return sql`insert into assessment_items (tenant_id, assessment_id, subject_types, subject_ids, labels, street_ids, community_ids, company_ids, counts)
    select ${tenantId}::uuid, ${assessmentId}::uuid, coalesce(array_agg(c.subject_type), '{}'), coalesce(array_agg(c.subject_id), '{}'),
           coalesce(array_agg(c.label), '{}'), coalesce(array_agg(c.street_id), '{}'), coalesce(array_agg(c.community_id), '{}'),
           coalesce(array_agg(c.company_id), '{}'), coalesce(array_agg(c.counts), '{}')
    from (${sql.join(rows, sql` union all `)}) c
    on conflict (assessment_id) do update set subject_types = excluded.subject_types, subject_ids = excluded.subject_ids,
      labels = excluded.labels, street_ids = excluded.street_ids, community_ids = excluded.community_ids,
      company_ids = excluded.company_ids, counts = excluded.counts`;
}

/** What each indicator counted for one unit of a revision, each list in label order. */
export async function countedItems(
  tx: Db,
  tenantId: string,
  assessmentId: string,
  unitId: string,
): Promise<Map<IndicatorKey, CountedItem[]>> {
  const rows = await queryRows<{ subjectType: CountedSubject; subjectId: string; label: string; counts: string }>(
    tx,
    sql`select s.subject_type as "subjectType", s.subject_id as "subjectId", s.label, s.counts
        from assessment_items i
        cross join lateral unnest(i.subject_types, i.subject_ids, i.labels, i.street_ids, i.community_ids, i.company_ids, i.counts)
          as s(subject_type, subject_id, label, street_id, community_id, company_id, counts)
        where i.tenant_id = ${tenantId} and i.assessment_id = ${assessmentId}
          and ${unitId}::uuid in (s.street_id, s.community_id, s.company_id)`,
  );
  const lists = new Map<IndicatorKey, CountedItem[]>();
  for (const { counts, ...subject } of rows) {
    for (const [key, [n, d]] of Object.entries(JSON.parse(counts) as Record<IndicatorKey, [number, number]>)) {
      listIn(lists, key as IndicatorKey).push({ ...subject, n, d });
    }
  }
  for (const list of lists.values()) list.sort(byLabel);
  return lists;
}
