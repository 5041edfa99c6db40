import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { orgUnits, places } from '../../../db/schema/index.ts';
import type { Principal } from '../../../platform/authz/scope.ts';
import type { Db, RowOf } from '../../../platform/db/types.ts';
import { deleteInScope, updateVersioned } from '../../../platform/db/versioned.ts';
import { ApiError, fieldError, notFound } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { itemRoutes } from '../../../platform/http/item-routes.ts';
import { containsText, keyset } from '../../../platform/http/pagination.ts';
import { defineRoute, json } from '../../../platform/http/route.ts';
import { orgUnitIdInScope, orgUnitInScope } from '../scope-sql.ts';
import { CreatePlace, keyUnitLevelProblem, Place, PlaceListQuery, PlacePage, UpdatePlace } from './schemas.ts';

const tags = ['places'];

const columns = {
  id: places.id,
  orgUnitId: places.orgUnitId,
  name: places.name,
  type: places.type,
  keyUnitLevel: places.keyUnitLevel,
  riskLevel: places.riskLevel,
  address: places.address,
  latitude: places.latitude,
  longitude: places.longitude,
  contactName: places.contactName,
  contactPhone: places.contactPhone,
  version: places.version,
  createdAt: places.createdAt,
  updatedAt: places.updatedAt,
};

type Row = RowOf<typeof columns>;
/** Only the declared fields: a full row (from an UPDATE ... RETURNING) also carries the tenant. */
const present = (row: Row) => ({
  id: row.id,
  orgUnitId: row.orgUnitId,
  name: row.name,
  type: row.type,
  keyUnitLevel: row.keyUnitLevel,
  riskLevel: row.riskLevel,
  address: row.address,
  latitude: row.latitude,
  longitude: row.longitude,
  contactName: row.contactName,
  contactPhone: row.contactPhone,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const list = defineRoute({
  method: 'get',
  path: '/places',
  operationId: 'listPlaces',
  tags,
  summary: '场所列表 / List places in scope',
  permission: 'registry.read',
  request: { query: PlaceListQuery },
  responses: { 200: json(PlacePage, 'a page of places') },
});

const { get, create, update, remove } = itemRoutes({
  path: '/places',
  tag: 'places',
  name: 'Place',
  schemas: { item: Place, create: CreatePlace, update: UpdatePlace },
  read: 'registry.read',
  write: 'places.write',
  summaries: {
    get: '场所详情 / Get a place',
    create: '新建场所 / Register a place in an org unit of your area',
    update: '修改场所 / Update a place (moving it needs write scope on both units)',
    remove: '删除场所 / Delete a place',
  },
  errors: { create: ['not_found'], update: ['key_unit_level_mismatch'] },
});

/** The place is in the caller's scope for `permission` (through the org unit it stands in). */
const placeInScope = (id: string, principal: Principal, permission: 'registry.read' | 'places.write') =>
  and(eq(places.tenantId, principal.tenantId), eq(places.id, id), orgUnitIdInScope(places.orgUnitId, principal, permission))!;

/** A place may only be put in a unit the caller may write to; anything else is "not found". */
async function assertWritableUnit(tx: Db, principal: Principal, orgUnitId: string): Promise<void> {
  const [unit] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgUnitId), orgUnitInScope(principal, 'places.write')));
  if (!unit) throw notFound('org_unit', 'orgUnitId');
}

/** The materialised path of a unit the caller can see, or null (then the subtree filter matches nothing). */
async function visiblePath(tx: Db, principal: Principal, orgUnitId: string): Promise<string | null> {
  const [unit] = await tx
    .select({ path: orgUnits.path })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgUnitId), orgUnitInScope(principal, 'registry.read')));
  return unit?.path ?? null;
}

export function registerPlaceRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    let subtree: string | null = null;
    if (query.orgUnitId) {
      subtree = await visiblePath(tx, principal, query.orgUnitId);
      // A filter on a unit the caller cannot see is not an error: it just selects nothing.
      if (!subtree) return c.json({ items: [], nextCursor: null, total: 0 }, 200);
    }
    const sortColumn = query.sort === 'name' ? places.name : places.createdAt;
    const ks = keyset(sortColumn, places.id, query);
    const rows = await tx
      .select({ ...columns, total: ks.total })
      .from(places)
      .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
      .where(
        and(
          eq(places.tenantId, principal.tenantId),
          orgUnitIdInScope(places.orgUnitId, principal, 'registry.read'),
          subtree ? sql`${orgUnits.path} like ${`${subtree}%`}` : undefined,
          query.type ? eq(places.type, query.type) : undefined,
          query.riskLevel ? eq(places.riskLevel, query.riskLevel) : undefined,
          containsText(query.q, places.name, places.address),
          ks.where,
        ),
      )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'name' ? r.name : r.createdAt.toISOString()));
    return c.json({ items: result.items.map(present), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await c
      .get('tx')
      .select(columns)
      .from(places)
      .where(placeInScope(id, c.get('principal'), 'registry.read'));
    if (!row) throw notFound('place');
    return c.json(present(row), 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const principal = c.get('principal');
    const tx = c.get('tx');
    await assertWritableUnit(tx, principal, body.orgUnitId);
    const [row] = await tx
      .insert(places)
      .values({
        tenantId: principal.tenantId,
        orgUnitId: body.orgUnitId,
        name: body.name,
        type: body.type,
        keyUnitLevel: body.keyUnitLevel ?? null,
        riskLevel: body.riskLevel ?? 'medium',
        address: body.address ?? null,
        latitude: body.latitude ?? null,
        longitude: body.longitude ?? null,
        contactName: body.contactName ?? null,
        contactPhone: body.contactPhone ?? null,
      })
      .returning(columns);
    await auditChange(c, 'place.created', { type: 'place', id: row!.id }, { name: body.name, type: body.type, orgUnitId: body.orgUnitId });
    return c.json(present(row!), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const inScope = placeInScope(id, principal, 'places.write');
    const [current] = await tx.select({ type: places.type, keyUnitLevel: places.keyUnitLevel }).from(places).where(inScope);
    if (!current) throw notFound('place');
    // The key-unit rule spans two fields; check it on the row as it will be, not on the patch alone.
    const problem = keyUnitLevelProblem(
      changes.type ?? current.type,
      changes.keyUnitLevel !== undefined ? changes.keyUnitLevel : current.keyUnitLevel,
    );
    if (problem) throw new ApiError('key_unit_level_mismatch', { errors: [fieldError('keyUnitLevel', problem)] });
    if (changes.orgUnitId) await assertWritableUnit(tx, principal, changes.orgUnitId);
    const row = await updateVersioned(tx, places, inScope, version, changes, 'place');
    await auditChange(c, 'place.updated', { type: 'place', id }, changes);
    return c.json(present(row), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    // Nothing refers to places yet; when hazards and inspections do, their foreign keys answer 409.
    await deleteInScope(c.get('tx'), places, placeInScope(id, c.get('principal'), 'places.write'), 'place');
    await auditChange(c, 'place.deleted', { type: 'place', id });
    return c.body(null, 204);
  });
}
