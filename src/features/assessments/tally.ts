import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/types.ts';
import { type CountingSource, countingSources, HAZARD_FLAGS, type HazardFlag, type MonthToCount } from './facts.ts';
import type { FlaggedSubject } from './flags.ts';
import type { Totals } from './indicators.ts';
import { storeSnapshot } from './snapshot.ts';
import { INDICATOR_KEYS, type IndicatorKey } from './vocabulary.ts';

/** What one unit (or the district) counted: Σn and Σd per indicator it has data for, and the hazards each flag lists. */
export interface Tally {
  totals: Map<IndicatorKey, Totals>;
  flagged: Record<HazardFlag, FlaggedSubject[]>;
}

export interface MonthTally {
  district: Tally;
  /** By street, community or company id; a unit that counted nothing is absent. */
  units: Map<string, Tally>;
}

/**
 * One source's sums per street, community and company, and for the district (grouping sets), in
 * the shape every source shares: the indicators it does not feed and the flags it does not raise
 * are null. Summing each source apart keeps the aggregate to its own few columns.
 */
function sumsOf(source: CountingSource, from: string): SQL {
  const sums = INDICATOR_KEYS.map((k) =>
    source.indicators.includes(k)
      ? `sum(${k}_n)::float8 as ${k}_n, sum(${k}_d)::float8 as ${k}_d`
      : `null::float8 as ${k}_n, null::float8 as ${k}_d`,
  );
  const flags = HAZARD_FLAGS.map((f) =>
    source.flags?.includes(f)
      ? `jsonb_agg(jsonb_build_object('subjectId', subject_id, 'label', label)) filter (where ${f}) as ${f}`
      : `null::jsonb as ${f}`,
  );
  return sql.raw(`select grouping(street_id, community_id, company_id) = 7 as district, coalesce(street_id, community_id, company_id) as unit_id,
      ${[...sums, ...flags].join(', ')}
    from ${from} group by grouping sets ((street_id), (community_id), (company_id), ())`);
}

type TallyRow = { district: boolean; unit_id: string | null } & Record<`${IndicatorKey}_${'n' | 'd'}`, number | null> &
  Record<HazardFlag, { subjectId: string; label: string }[] | null>;

/** Adds a source's row to a unit's tally (each indicator and each flag comes from one source). */
function addTo(tally: Tally, row: TallyRow): void {
  for (const k of INDICATOR_KEYS) {
    const d = row[`${k}_d`];
    if (d !== null) tally.totals.set(k, { n: Number(row[`${k}_n`]), d: Number(d) });
  }
  for (const f of HAZARD_FLAGS) for (const s of row[f] ?? []) tally.flagged[f].push({ subjectType: 'hazard', ...s });
}

export const nothingCounted = (): Tally => ({ totals: new Map(), flagged: { quick_close: [], self_verified: [] } });

/**
 * Counts the month in one statement, in the database: each source's rows (facts.ts) are kept
 * once, stored as the revision's drill-down and summed per street, community and company, and for
 * the district, by grouping sets; only those sums (a few hundred rows) come back.
 */
export async function tallyMonth(tx: Db, m: MonthToCount, assessmentId: string): Promise<MonthTally> {
  const sources = countingSources(m).map((source, i) => ({ source, name: `counted_${i}` }));
  const rows = await queryRows<TallyRow>(
    tx,
    sql`with ${sql.join(
      sources.map(({ source, name }) => sql`${sql.raw(name)} as materialized (${source.rows})`),
      sql`, `,
    )},
    snapshot as (${storeSnapshot(m.tenantId, assessmentId, sources)})
    ${sql.join(
      sources.map(({ source, name }) => sumsOf(source, name)),
      sql` union all `,
    )}`,
  );
  const district = nothingCounted();
  const units = new Map<string, Tally>();
  for (const row of rows) {
    if (row.district) addTo(district, row);
    else if (row.unit_id) {
      const unit = units.get(row.unit_id) ?? nothingCounted();
      units.set(row.unit_id, unit);
      addTo(unit, row);
    }
  }
  return { district, units };
}
