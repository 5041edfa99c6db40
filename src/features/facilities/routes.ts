import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { facilities, maintenanceRecords, orgUnits } from '../../db/schema/index.ts';
import type { Permission } from '../../platform/authz/roles.ts';
import { hasPermission, type Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { deleteInScope, updateVersioned } from '../../platform/db/versioned.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { itemRoutes } from '../../platform/http/item-routes.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, json } from '../../platform/http/route.ts';
import { PROBLEMS } from '../../platform/problems/catalog.ts';
import { orgUnitInScope } from '../registry/scope-sql.ts';
import { addDaysIso } from './rules.ts';
import { CreateFacility, Facility, FacilityListQuery, FacilityPage, UpdateFacility } from './schemas.ts';
import { facilityInScope, localToday, presentFacility, selectFacilities } from './store.ts';

const tags = ['facilities'];

const list = defineRoute({
  method: 'get',
  path: '/facilities',
  operationId: 'listFacilities',
  tags,
  summary: '消防设施台账 / The facility register of your area, filtered',
  description:
    '物业企业只看到本企业所管小区（及其楼栋）的设施；有效期 30 天内到期的标记为 expiring，已过期的为 expired（按本区日历）。' +
    ' / A property company sees the facilities of the compounds it manages only. Facilities expiring within 30 days are flagged `expiring`, past ones `expired` (district calendar).',
  permission: 'facilities.read',
  request: { query: FacilityListQuery },
  responses: { 200: json(FacilityPage, 'a page of facilities') },
});

const { get, create, update, remove } = itemRoutes({
  path: '/facilities',
  tag: 'facilities',
  name: 'Facility',
  schemas: { item: Facility, create: CreateFacility, update: UpdateFacility },
  read: 'facilities.read',
  write: 'facilities.write',
  summaries: {
    get: '设施详情 / A facility',
    create: '登记设施 / Register a facility in a compound or building of your area',
    update: '修改设施 / Update a facility (version-guarded; moving it needs write scope on both units)',
    remove:
      '删除设施 / Delete a facility (the station or the committee: facilities.write_status; 409 while maintenance records point at it)',
  },
  errors: {
    create: ['not_found', 'compound_or_building_required', 'date_after_today'],
    update: ['facility_fields_restricted', 'compound_or_building_required', 'date_after_today'],
    remove: ['facility_has_maintenance_records'],
  },
  updateDescription:
    '物业企业（仅 facilities.write）只能修改本企业所管小区设施的位置、数量和有效期；状态、类型、所属单位和最近维保日期由工作站或消安委（facilities.write_status）修改。 / ' +
    'A property company (facilities.write only) may change location, count and expiresOn; status, kind, orgUnitId and lastMaintainedOn need facilities.write_status (the station, the committee).',
});

/** What a property company may change on its compounds' facilities; anything else needs facilities.write_status. */
const KEEPER_FIELDS = new Set(['location', 'count', 'expiresOn']);

/** Facilities stand in a compound or a building the caller may write to; anything out of scope is "not found". */
async function assertFacilityUnit(
  tx: Db,
  principal: Principal,
  orgUnitId: string,
  permission: Permission = 'facilities.write',
): Promise<void> {
  const [unit] = await tx
    .select({ kind: orgUnits.kind })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgUnitId), orgUnitInScope(principal, permission)));
  if (!unit) throw notFound('inspection_target', 'orgUnitId');
  if (unit.kind !== 'compound' && unit.kind !== 'building') {
    throw new ApiError('compound_or_building_required', { params: { kind: unit.kind }, field: 'orgUnitId' });
  }
}

function assertNotFuture(date: string | null | undefined, today: string, path: string) {
  if (date && date > today) throw new ApiError('date_after_today', { params: { today }, field: path });
}

async function loadVisible(tx: Db, principal: Principal, id: string, today: string) {
  const [row] = await selectFacilities(tx, and(eq(facilities.id, id), facilityInScope(principal, 'facilities.read')));
  if (!row) throw notFound('facility');
  return presentFacility(row, today);
}

export function registerFacilityRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const today = localToday(c.get('deps').clock(), await tenantTimeZone(tx, principal.tenantId));
    let subtree: string | null = null;
    if (query.orgUnitId) {
      // Any unit of the district (a company filters by the community its compounds are in); the
      // scope below still decides which facilities come back, and an unknown id selects nothing.
      const [unit] = await tx
        .select({ path: orgUnits.path })
        .from(orgUnits)
        .where(and(eq(orgUnits.id, query.orgUnitId), eq(orgUnits.tenantId, principal.tenantId)));
      if (!unit) return c.json({ items: [], nextCursor: null, total: 0 }, 200);
      subtree = unit.path;
    }
    const sortColumn = query.sort === 'updatedAt' ? facilities.updatedAt : facilities.createdAt;
    const ks = keyset(sortColumn, facilities.id, query);
    const rows = await selectFacilities(
      tx,
      and(
        facilityInScope(principal, 'facilities.read'),
        subtree ? sql`${orgUnits.path} like ${`${subtree}%`}` : undefined,
        query.kind ? eq(facilities.kind, query.kind) : undefined,
        query.status ? eq(facilities.status, query.status) : undefined,
        query.expiringWithinDays !== undefined ? sql`${facilities.expiresOn} <= ${addDaysIso(today, query.expiringWithinDays)}` : undefined,
        ks.where,
      ),
      { total: ks.total },
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'updatedAt' ? r.updatedAt : r.createdAt).toISOString());
    return c.json({ items: result.items.map((r) => presentFacility(r, today)), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(get, async (c) => {
    const principal = c.get('principal');
    const tx = c.get('tx');
    const today = localToday(c.get('deps').clock(), await tenantTimeZone(tx, principal.tenantId));
    return c.json(await loadVisible(tx, principal, c.req.valid('param').id, today), 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const now = c.get('deps').clock();
    const today = localToday(now, await tenantTimeZone(tx, principal.tenantId));
    await assertFacilityUnit(tx, principal, body.orgUnitId);
    assertNotFuture(body.lastMaintainedOn, today, 'lastMaintainedOn');
    const [row] = await tx
      .insert(facilities)
      .values({
        tenantId: principal.tenantId,
        orgUnitId: body.orgUnitId,
        kind: body.kind,
        location: body.location,
        count: body.count,
        status: body.status,
        expiresOn: body.expiresOn ?? null,
        lastMaintainedOn: body.lastMaintainedOn ?? null,
        // The app's clock: when the kind was first registered in a compound starts its maintenance periods.
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: facilities.id });
    await auditChange(
      c,
      'facility.created',
      { type: 'facility', id: row!.id },
      { orgUnitId: body.orgUnitId, kind: body.kind, count: body.count, status: body.status },
    );
    return c.json(await loadVisible(tx, principal, row!.id, today), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const today = localToday(c.get('deps').clock(), await tenantTimeZone(tx, principal.tenantId));
    const [current] = await tx
      .select({ id: facilities.id })
      .from(facilities)
      .where(and(eq(facilities.id, id), facilityInScope(principal, 'facilities.write')));
    if (!current) throw notFound('facility');
    // Field level: status and what says which facility it is need the register's keepers.
    const restricted = Object.keys(changes).filter((k) => !KEEPER_FIELDS.has(k));
    if (restricted.length && !hasPermission(principal, 'facilities.write_status')) {
      const params = { fields: restricted, permission: 'facilities.write_status' };
      const message = PROBLEMS.facility_fields_restricted.detail(params);
      throw new ApiError('facility_fields_restricted', {
        params,
        errors: restricted.map((path) => ({ path, code: 'facility_fields_restricted', message })),
      });
    }
    const permission: Permission = restricted.length ? 'facilities.write_status' : 'facilities.write';
    const inScope = and(eq(facilities.id, id), facilityInScope(principal, permission))!;
    if (changes.orgUnitId) await assertFacilityUnit(tx, principal, changes.orgUnitId, permission);
    assertNotFuture(changes.lastMaintainedOn, today, 'lastMaintainedOn');
    await updateVersioned(tx, facilities, inScope, version, changes, 'facility');
    await auditChange(c, 'facility.updated', { type: 'facility', id }, changes);
    return c.json(await loadVisible(tx, principal, id, today), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const [current] = await tx
      .select({ id: facilities.id })
      .from(facilities)
      .where(and(eq(facilities.id, id), facilityInScope(principal, 'facilities.write')));
    if (!current) throw notFound('facility');
    // Deleting (and registering again) would reset when the kind was registered, and with it what is overdue.
    if (!hasPermission(principal, 'facilities.write_status')) {
      throw new ApiError('forbidden', { params: { permission: 'facilities.write_status' } });
    }
    const inScope = and(eq(facilities.id, id), facilityInScope(principal, 'facilities.write_status'))!;
    // Said here rather than left to the foreign key: ON DELETE RESTRICT fails with SQLSTATE 23001,
    // which the shared error mapping does not translate (it knows 23503 only).
    const [record] = await tx
      .select({ id: maintenanceRecords.id })
      .from(maintenanceRecords)
      .where(and(eq(maintenanceRecords.tenantId, principal.tenantId), eq(maintenanceRecords.facilityId, id)))
      .limit(1);
    if (record) throw new ApiError('facility_has_maintenance_records');
    await deleteInScope(tx, facilities, inScope, 'facility');
    await auditChange(c, 'facility.deleted', { type: 'facility', id });
    return c.body(null, 204);
  });
}
