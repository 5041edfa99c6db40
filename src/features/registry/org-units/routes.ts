import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, lte, sql } from 'drizzle-orm';
import { companyCompounds, orgUnits, places, roleAssignments } from '../../../db/schema/index.ts';
import { scopeOf } from '../../../platform/authz/scope.ts';
import type { RowOf } from '../../../platform/db/types.ts';
import { deleteInScope, updateVersioned } from '../../../platform/db/versioned.ts';
import { ApiError, notFound } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { itemRoutes } from '../../../platform/http/item-routes.ts';
import { containsText, keyset } from '../../../platform/http/pagination.ts';
import { defineRoute, json } from '../../../platform/http/route.ts';
import type { Reference } from '../../../platform/problems/resources.ts';
import { orgUnitInScope } from '../scope-sql.ts';
import { ORG_UNIT_PARENT_KINDS } from '../vocabulary.ts';
import { CreateOrgUnit, OrgTree, OrgUnit, OrgUnitListQuery, OrgUnitPage, TreeQuery, UpdateOrgUnit } from './schemas.ts';
import { buildTree } from './tree.ts';

const tags = ['org-units'];

const columns = {
  id: orgUnits.id,
  parentId: orgUnits.parentId,
  kind: orgUnits.kind,
  name: orgUnits.name,
  code: orgUnits.code,
  address: orgUnits.address,
  depth: orgUnits.depth,
  version: orgUnits.version,
  createdAt: orgUnits.createdAt,
  updatedAt: orgUnits.updatedAt,
};

type Row = RowOf<typeof columns>;
/** Only the declared fields: a full row (from an UPDATE ... RETURNING) also carries tenant and path. */
const present = (row: Row) => ({
  id: row.id,
  parentId: row.parentId,
  kind: row.kind,
  name: row.name,
  code: row.code,
  address: row.address,
  depth: row.depth,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const list = defineRoute({
  method: 'get',
  path: '/org-units',
  operationId: 'listOrgUnits',
  tags,
  summary: '组织单位列表 / List org units in scope',
  permission: 'registry.read',
  request: { query: OrgUnitListQuery },
  responses: { 200: json(OrgUnitPage, 'a page of org units') },
});

const tree = defineRoute({
  method: 'get',
  path: '/org-units/tree',
  operationId: 'getOrgTree',
  tags,
  summary: '组织架构树 / The org tree of the caller’s scope',
  permission: 'registry.read',
  request: { query: TreeQuery },
  responses: { 200: json(OrgTree, 'nested org units') },
});

const { get, create, update, remove } = itemRoutes({
  path: '/org-units',
  tag: 'org-units',
  name: 'OrgUnit',
  schemas: { item: OrgUnit, create: CreateOrgUnit, update: UpdateOrgUnit },
  read: 'registry.read',
  write: 'org_units.write',
  summaries: {
    get: '组织单位详情 / Get an org unit',
    create: '新建组织单位 / Create a street, community, compound or building',
    update: '修改组织单位 / Update name, code or address',
    remove: '删除组织单位 / Delete an org unit nothing refers to',
  },
  errors: {
    create: ['not_found', 'org_unit_level_mismatch', 'org_unit_top_level_district_only', 'already_exists'],
    update: ['already_exists'],
  },
});

/** What still points at an org unit (still_referenced names them to the clerk). */
async function references(tx: AppEnv['Variables']['tx'], id: string): Promise<Reference[]> {
  const [counts] = await tx
    .select({
      children: sql<number>`(select count(*)::int from ${orgUnits} where ${orgUnits.parentId} = ${id})`,
      places: sql<number>`(select count(*)::int from ${places} where ${places.orgUnitId} = ${id})`,
      companies: sql<number>`(select count(*)::int from ${companyCompounds} where ${companyCompounds.orgUnitId} = ${id})`,
      users: sql<number>`(select count(*)::int from ${roleAssignments} where ${roleAssignments.orgUnitId} = ${id})`,
    })
    .from(sql`(select 1) as one`);
  const out: Reference[] = [];
  if (counts!.children) out.push('child_units');
  if (counts!.places) out.push('places');
  if (counts!.companies) out.push('managing_companies');
  if (counts!.users) out.push('users');
  return out;
}

export function registerOrgUnitRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const sortColumn = query.sort === 'name' ? orgUnits.name : orgUnits.createdAt;
    const ks = keyset(sortColumn, orgUnits.id, query);
    const rows = await c
      .get('tx')
      .select({ ...columns, total: ks.total })
      .from(orgUnits)
      .where(
        and(
          orgUnitInScope(principal, 'registry.read'),
          query.kind ? eq(orgUnits.kind, query.kind) : undefined,
          query.parentId ? eq(orgUnits.parentId, query.parentId) : undefined,
          containsText(query.q, orgUnits.name, orgUnits.code),
          ks.where,
        ),
      )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'name' ? r.name : r.createdAt.toISOString()));
    return c.json({ items: result.items.map(present), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(tree, async (c) => {
    const { maxDepth } = c.req.valid('query');
    const rows = await c
      .get('tx')
      .select({ id: orgUnits.id, parentId: orgUnits.parentId, kind: orgUnits.kind, name: orgUnits.name, code: orgUnits.code })
      .from(orgUnits)
      .where(and(orgUnitInScope(c.get('principal'), 'registry.read'), lte(orgUnits.depth, maxDepth)))
      .orderBy(orgUnits.depth, orgUnits.name, orgUnits.id);
    return c.json({ items: buildTree(rows) }, 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await c
      .get('tx')
      .select(columns)
      .from(orgUnits)
      .where(and(eq(orgUnits.id, id), orgUnitInScope(c.get('principal'), 'registry.read')));
    if (!row) throw notFound('org_unit');
    return c.json(present(row), 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const principal = c.get('principal');
    const tx = c.get('tx');
    let parent: { path: string; depth: number; kind: Row['kind'] } | null = null;
    if (body.parentId) {
      [parent = null] = await tx
        .select({ path: orgUnits.path, depth: orgUnits.depth, kind: orgUnits.kind })
        .from(orgUnits)
        .where(and(eq(orgUnits.id, body.parentId), orgUnitInScope(principal, 'org_units.write')));
      if (!parent) throw notFound('parent_unit', 'parentId');
    } else if (scopeOf(principal, 'org_units.write').kind !== 'tenant') {
      throw new ApiError('org_unit_top_level_district_only', { field: 'parentId' });
    }
    const allowedParents = ORG_UNIT_PARENT_KINDS[body.kind];
    if (!allowedParents.includes(parent?.kind ?? null)) {
      throw new ApiError('org_unit_level_mismatch', { params: { kind: body.kind, parentKind: parent?.kind ?? null }, field: 'kind' });
    }
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(orgUnits)
      .values({
        id,
        tenantId: principal.tenantId,
        parentId: body.parentId,
        kind: body.kind,
        name: body.name,
        code: body.code ?? null,
        address: body.address ?? null,
        path: `${parent?.path ?? '/'}${id}/`,
        depth: (parent?.depth ?? 0) + 1,
      })
      .returning(columns);
    await auditChange(c, 'org_unit.created', { type: 'org_unit', id }, { name: body.name, kind: body.kind });
    return c.json(present(row!), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const principal = c.get('principal');
    const row = await updateVersioned(
      c.get('tx'),
      orgUnits,
      and(eq(orgUnits.id, id), orgUnitInScope(principal, 'org_units.write'))!,
      version,
      changes,
      'org_unit',
    );
    await auditChange(c, 'org_unit.updated', { type: 'org_unit', id }, changes);
    return c.json(present(row), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const tx = c.get('tx');
    const inScope = and(eq(orgUnits.id, id), orgUnitInScope(c.get('principal'), 'org_units.write'))!;
    const [exists] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(inScope);
    if (!exists) throw notFound('org_unit');
    const refs = await references(tx, id);
    if (refs.length) throw new ApiError('still_referenced', { params: { resource: 'org_unit', by: refs } });
    await deleteInScope(tx, orgUnits, inScope, 'org_unit');
    await auditChange(c, 'org_unit.deleted', { type: 'org_unit', id });
    return c.body(null, 204);
  });
}
