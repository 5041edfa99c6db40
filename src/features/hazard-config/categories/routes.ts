import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import { hazardCategories, hazards, routingRules } from '../../../db/schema/index.ts';
import type { Principal } from '../../../platform/authz/scope.ts';
import type { RowOf } from '../../../platform/db/types.ts';
import { deleteInScope, updateVersioned } from '../../../platform/db/versioned.ts';
import { ApiError, notFound } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../../platform/http/route.ts';
import { CreateHazardCategory, HazardCategory, HazardCategoryList, HazardCategoryListQuery, UpdateHazardCategory } from './schemas.ts';

const tags = ['hazard-categories'];

const columns = {
  id: hazardCategories.id,
  code: hazardCategories.code,
  name: hazardCategories.name,
  rectifyDays: hazardCategories.rectifyDays,
  active: hazardCategories.active,
  sortOrder: hazardCategories.sortOrder,
  version: hazardCategories.version,
  createdAt: hazardCategories.createdAt,
  updatedAt: hazardCategories.updatedAt,
};

type Row = RowOf<typeof columns>;
const present = (row: Row) => ({
  id: row.id,
  code: row.code,
  name: row.name,
  rectifyDays: row.rectifyDays,
  active: row.active,
  sortOrder: row.sortOrder,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const list = defineRoute({
  method: 'get',
  path: '/hazard-categories',
  operationId: 'listHazardCategories',
  tags,
  summary: '隐患类别列表 / The district’s hazard categories, by sort order then name',
  permission: 'hazards.read',
  request: { query: HazardCategoryListQuery },
  responses: { 200: json(HazardCategoryList, 'all categories (tens of rows, no paging)') },
});

const create = defineRoute({
  method: 'post',
  path: '/hazard-categories',
  operationId: 'createHazardCategory',
  tags,
  summary: '新增隐患类别 / Add a category',
  permission: 'hazards.configure',
  request: { body: jsonBody(CreateHazardCategory) },
  responses: { 201: json(HazardCategory, 'created') },
  errors: ['already_exists'],
});

const update = defineRoute({
  method: 'patch',
  path: '/hazard-categories/{id}',
  operationId: 'updateHazardCategory',
  tags,
  summary: '修改或停用隐患类别 / Rename, re-order, set days, (de)activate; the code is immutable',
  permission: 'hazards.configure',
  request: { params: IdParam, body: jsonBody(UpdateHazardCategory) },
  responses: { 200: json(HazardCategory, 'updated') },
  errors: ['version_conflict'],
});

const remove = defineRoute({
  method: 'delete',
  path: '/hazard-categories/{id}',
  operationId: 'deleteHazardCategory',
  tags,
  summary: '删除隐患类别 / Delete a category no hazard or routing rule uses (otherwise deactivate it)',
  permission: 'hazards.configure',
  request: { params: IdParam },
  responses: { 204: { description: 'deleted' } },
  errors: ['hazard_category_in_use'],
});

/** Categories are district configuration: every holder of the permission sees all of the tenant's. */
const byId = (id: string, principal: Principal) => and(eq(hazardCategories.tenantId, principal.tenantId), eq(hazardCategories.id, id))!;

export function registerHazardCategoryRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { active } = c.req.valid('query');
    const rows = await c
      .get('tx')
      .select(columns)
      .from(hazardCategories)
      .where(
        and(
          eq(hazardCategories.tenantId, c.get('principal').tenantId),
          active ? eq(hazardCategories.active, active === 'true') : undefined,
        ),
      )
      .orderBy(asc(hazardCategories.sortOrder), asc(hazardCategories.name), asc(hazardCategories.id));
    return c.json({ items: rows.map(present) }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const [row] = await c
      .get('tx')
      .insert(hazardCategories)
      .values({
        tenantId: c.get('principal').tenantId,
        code: body.code,
        name: body.name,
        rectifyDays: body.rectifyDays ?? null,
        ...(body.sortOrder !== undefined ? { sortOrder: body.sortOrder } : {}),
      })
      .returning(columns);
    await auditChange(c, 'hazard_category.created', { type: 'hazard_category', id: row!.id }, { code: body.code, name: body.name });
    return c.json(present(row!), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const row = await updateVersioned(c.get('tx'), hazardCategories, byId(id, c.get('principal')), version, changes, 'hazard_category');
    await auditChange(c, 'hazard_category.updated', { type: 'hazard_category', id }, changes);
    return c.json(present(row), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const tx = c.get('tx');
    const tenantId = c.get('principal').tenantId;
    const where = byId(id, c.get('principal'));
    // The ids are bound as values (see departments/routes.ts: drizzle strips table names here).
    const [row] = await tx
      .select({
        hazards: sql<number>`(select count(*)::int from ${hazards} where ${hazards.tenantId} = ${tenantId} and ${hazards.categoryId} = ${id})`,
        rules: sql<number>`(select count(*)::int from ${routingRules} where ${routingRules.tenantId} = ${tenantId} and ${routingRules.categoryId} = ${id})`,
      })
      .from(hazardCategories)
      .where(where);
    if (!row) throw notFound('hazard_category');
    // Hazards keep their category for good (it can only be deactivated); rules can be changed first.
    if (row.hazards || row.rules)
      throw new ApiError('hazard_category_in_use', { params: { hazards: row.hazards, routingRules: row.rules } });
    await deleteInScope(tx, hazardCategories, where, 'hazard_category');
    await auditChange(c, 'hazard_category.deleted', { type: 'hazard_category', id });
    return c.body(null, 204);
  });
}
