import { eq, type SQL, sql } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import type * as z from 'zod';
import { orgUnits, patrols, places, users } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { localDayStart } from '../hazards/list.ts';
import type { PatrolListQuery } from './schemas.ts';

const area = alias(orgUnits, 'filter_area');

/** The patrol log's filters as SQL; dates are the district's calendar days. */
export function patrolFilters(query: z.output<typeof PatrolListQuery>, principal: Principal, timeZone: string): SQL[] {
  const out: (SQL | undefined)[] = [
    query.orgUnitId
      ? // The subtree as one set of ids (the shape the hazard board uses; see its comment).
        sql`${patrols.orgUnitId} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnits.tenantId} = ${principal.tenantId}
          and ${orgUnits.path} like (select ${area.path} from ${orgUnits} as ${sql.identifier('filter_area')}
            where ${area.id} = ${query.orgUnitId} and ${area.tenantId} = ${principal.tenantId}) || '%')`
      : undefined,
    query.placeId ? eq(patrols.placeId, query.placeId) : undefined,
    query.result ? eq(patrols.result, query.result) : undefined,
    query.mine === true
      ? eq(patrols.patrolledBy, principal.userId)
      : query.mine === false
        ? sql`${patrols.patrolledBy} <> ${principal.userId}`
        : undefined,
    query.from ? sql`${patrols.at} >= ${localDayStart(query.from, timeZone).toISOString()}` : undefined,
    query.to ? sql`${patrols.at} < ${localDayStart(query.to, timeZone, 1).toISOString()}` : undefined,
  ];
  return out.filter((x): x is SQL => x !== undefined);
}

/**
 * Patrols with the names users read; `where` must carry tenant and scope. `extra`: what a list
 * selects beside them (`{ total: ks.total }`); single-row reads pass nothing and compute no window.
 */
export function selectPatrols<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({
      id: patrols.id,
      orgUnitId: patrols.orgUnitId,
      orgUnitName: orgUnits.name,
      placeId: patrols.placeId,
      placeName: places.name,
      patrolledBy: patrols.patrolledBy,
      patrolledByName: users.displayName,
      at: patrols.at,
      result: patrols.result,
      note: patrols.note,
      evidenceId: patrols.evidenceId,
      latitude: patrols.latitude,
      longitude: patrols.longitude,
      createdAt: patrols.createdAt,
      ...extra,
    })
    .from(patrols)
    .innerJoin(orgUnits, eq(orgUnits.id, patrols.orgUnitId))
    .leftJoin(places, eq(places.id, patrols.placeId))
    .innerJoin(users, eq(users.id, patrols.patrolledBy))
    .where(where);
}

export type PatrolRow = Awaited<ReturnType<typeof selectPatrols<NoColumns>>>[number];

export function presentPatrol(row: PatrolRow) {
  return { ...row, at: row.at.toISOString(), createdAt: row.createdAt.toISOString() };
}
