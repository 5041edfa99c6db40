import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { evidence, orgUnits, patrols, places, users } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { evidenceUnusableAt } from '../evidence/attach.ts';
import { orgUnitInScope } from '../registry/scope-sql.ts';
import type { PatrolRow } from './list.ts';
import type { CreatePatrol } from './schemas.ts';
import { BACKDATE_DAYS, CLOCK_SKEW_MS, PATROL_UNIT_KINDS } from './vocabulary.ts';

/** The photo named is not the caller's confirmed, unattached upload. */
const unusable = (id: string) => evidenceUnusableAt([{ id, path: 'evidenceId' }]);

/**
 * 巡查打卡: one check-in, in ONE statement (grid members make dozens a day on poor networks):
 * an INSERT … SELECT whose SELECT finds the place or unit inside the caller's patrols.create scope
 * (and the photo among the caller's own confirmed, unattached uploads), wrapped in a CTE that
 * returns the row with the names the answer shows. No row inserted = one of those failed: only
 * then do a few more queries work out which, for the error's field path (404 outside scope, as
 * for anything the caller cannot see). The patrol row itself records who, when and where; the
 * table is insert-only for the app role, so there is no separate audit event.
 */
export async function createPatrol(tx: Db, principal: Principal, now: Date, input: CreatePatrol): Promise<PatrolRow> {
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new ApiError('patrol_time_in_future', { field: 'at' });
  if (at.getTime() < now.getTime() - BACKDATE_DAYS * 86_400_000) {
    throw new ApiError('patrol_time_too_old', { params: { days: BACKDATE_DAYS }, field: 'at' });
  }

  const tenantId = principal.tenantId;
  const inScope = orgUnitInScope(principal, 'patrols.create');
  const usableEvidence = (id: string) =>
    and(
      eq(evidence.tenantId, tenantId),
      eq(evidence.id, id),
      eq(evidence.status, 'confirmed'),
      eq(evidence.uploadedBy, principal.userId),
      isNull(evidence.subjectId),
    );
  const where = and(
    inScope,
    input.placeId ? isNotNull(places.id) : and(eq(orgUnits.id, input.orgUnitId!), inArray(orgUnits.kind, [...PATROL_UNIT_KINDS])),
    input.evidenceId ? sql`exists (select 1 from ${evidence} where ${usableEvidence(input.evidenceId)})` : undefined,
  );
  // Every column of the table, in its order (drizzle checks): the SELECT is the whole row.
  const source = tx
    .select({
      id: sql`${crypto.randomUUID()}::uuid`.as('id'),
      tenantId: sql`${tenantId}::uuid`.as('tenant_id'),
      orgUnitId: orgUnits.id,
      placeId: input.placeId ? places.id : sql`null::uuid`,
      patrolledBy: sql`${principal.userId}::uuid`.as('patrolled_by'),
      at: sql`${at.toISOString()}::timestamptz`.as('at'),
      result: sql`${input.result}::text`.as('result'),
      note: sql`${input.note || null}::text`.as('note'),
      evidenceId: sql`${input.evidenceId ?? null}::uuid`.as('evidence_id'),
      latitude: sql`${input.latitude ?? null}::double precision`.as('latitude'),
      longitude: sql`${input.longitude ?? null}::double precision`.as('longitude'),
      createdAt: sql`${now.toISOString()}::timestamptz`.as('created_at'),
    })
    .from(orgUnits)
    .leftJoin(
      places,
      input.placeId ? and(eq(places.orgUnitId, orgUnits.id), eq(places.id, input.placeId), eq(places.tenantId, tenantId)) : sql`false`,
    )
    .where(where);
  const inserted = tx.$with('inserted').as(tx.insert(patrols).select(source).returning());
  const [row] = await tx
    .with(inserted)
    .select({
      id: inserted.id,
      orgUnitId: inserted.orgUnitId,
      orgUnitName: orgUnits.name,
      placeId: inserted.placeId,
      placeName: places.name,
      patrolledBy: inserted.patrolledBy,
      patrolledByName: users.displayName,
      at: inserted.at,
      result: inserted.result,
      note: inserted.note,
      evidenceId: inserted.evidenceId,
      latitude: inserted.latitude,
      longitude: inserted.longitude,
      createdAt: inserted.createdAt,
    })
    .from(inserted)
    .innerJoin(orgUnits, eq(orgUnits.id, inserted.orgUnitId))
    .leftJoin(places, eq(places.id, inserted.placeId))
    .innerJoin(users, eq(users.id, inserted.patrolledBy));
  if (row) {
    // The photo now belongs to this patrol: as visible as the patrol, and never reused. A
    // concurrent check-in that claimed it first leaves nothing to update: 404, and this rolls back.
    if (input.evidenceId) {
      const claimed = await tx
        .update(evidence)
        .set({ subjectType: 'patrol', subjectId: row.id, stage: 'report' })
        .where(usableEvidence(input.evidenceId))
        .returning({ id: evidence.id });
      if (!claimed.length) throw unusable(input.evidenceId);
    }
    return row;
  }

  // Nothing inserted: say which reference failed.
  if (input.placeId) {
    const [place] = await tx
      .select({ id: places.id })
      .from(places)
      .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
      .where(and(eq(places.tenantId, tenantId), eq(places.id, input.placeId), inScope));
    if (!place) throw notFound('place', 'placeId');
  } else {
    const [unit] = await tx
      .select({ kind: orgUnits.kind })
      .from(orgUnits)
      .where(and(eq(orgUnits.id, input.orgUnitId!), inScope));
    if (!unit) throw notFound('patrol_area', 'orgUnitId');
    if (!(PATROL_UNIT_KINDS as readonly string[]).includes(unit.kind)) {
      throw new ApiError('patrol_area_too_broad', { params: { kind: unit.kind }, field: 'orgUnitId' });
    }
  }
  throw unusable(input.evidenceId!);
}
