import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/types.ts';
import { communityOf, leadCompany, streetOf } from './facts.ts';
import type { FlaggedSubject } from './flags.ts';
import type { ScoringWindow } from './indicators.ts';

/** The month's hazard reads besides the counted subjects (facts.ts): the oversight office's counts and reused photos. */

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** For the oversight office: hazards reported in the month, and open past their deadline at the moment judged. */
export async function hazardCounts(
  tx: Db,
  tenantId: string,
  w: ScoringWindow,
  respondHours: number,
): Promise<{ reported: number; overdue: number }> {
  const [row] = await queryRows<{ reported: number; overdue: number }>(
    tx,
    sql`select count(*) filter (where h.reported_at >= ${at(w.startsAt)} and h.reported_at < ${at(w.endsAt)})::int as reported,
               count(*) filter (where h.reported_at < ${at(w.asOf)}
                                  and coalesce(h.due_at, h.reported_at + make_interval(hours => ${respondHours}::int)) < ${at(w.asOf)}
                                  and (h.closed_at is null or h.closed_at >= ${at(w.asOf)}))::int as overdue
        from hazards h where h.tenant_id = ${tenantId}`,
  );
  return row ?? { reported: 0, overdue: 0 };
}

export interface ReusedPhotoHazard extends FlaggedSubject {
  streetId: string | null;
  communityId: string | null;
  companyId: string | null;
}

/** Hazards reported or closed in the month whose photo (same SHA-256) is also on another hazard, with the units they count for. */
export async function reusedPhotoHazards(tx: Db, tenantId: string, w: ScoringWindow): Promise<ReusedPhotoHazard[]> {
  const inMonth = (column: string) => sql`${sql.raw(column)} >= ${at(w.startsAt)} and ${sql.raw(column)} < ${at(w.endsAt)}`;
  return queryRows(
    tx,
    sql`select 'hazard' as "subjectType", h.id::text as "subjectId", h.number as label,
          ${streetOf(sql`u.path`)} as "streetId", ${communityOf(sql`u.path`)} as "communityId", lead.company_id as "companyId"
        from hazards h join org_units u on u.id = h.org_unit_id ${leadCompany(sql`h`)}
        where h.tenant_id = ${tenantId} and ((${inMonth('h.reported_at')}) or (${inMonth('h.closed_at')}))
          and exists (
            select 1 from evidence e join evidence o on o.tenant_id = e.tenant_id and o.sha256 = e.sha256
            where e.tenant_id = ${tenantId} and e.subject_type = 'hazard' and e.subject_id = h.id
              and o.subject_type = 'hazard' and o.subject_id <> h.id)`,
  );
}
