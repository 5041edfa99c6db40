import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { departments, roleAssignments } from '../../../db/schema/index.ts';
import type { Principal } from '../../../platform/authz/scope.ts';
import type { RowOf } from '../../../platform/db/types.ts';
import { deleteInScope, updateVersioned } from '../../../platform/db/versioned.ts';
import { ApiError, notFound } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { itemRoutes } from '../../../platform/http/item-routes.ts';
import { containsText, keyset } from '../../../platform/http/pagination.ts';
import { defineRoute, json } from '../../../platform/http/route.ts';
import { CreateDepartment, Department, DepartmentListQuery, DepartmentPage, UpdateDepartment } from './schemas.ts';

const tags = ['departments'];

const columns = {
  id: departments.id,
  name: departments.name,
  kind: departments.kind,
  contactName: departments.contactName,
  contactPhone: departments.contactPhone,
  version: departments.version,
  createdAt: departments.createdAt,
  updatedAt: departments.updatedAt,
};

type Row = RowOf<typeof columns>;
/** Only the declared fields: a full row (from an UPDATE ... RETURNING) also carries the tenant. */
const present = (row: Row) => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  contactName: row.contactName,
  contactPhone: row.contactPhone,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const list = defineRoute({
  method: 'get',
  path: '/departments',
  operationId: 'listDepartments',
  tags,
  summary: '职能部门列表 / List the district’s functional departments',
  permission: 'registry.read',
  request: { query: DepartmentListQuery },
  responses: { 200: json(DepartmentPage, 'a page of departments') },
});

const { get, create, update, remove } = itemRoutes({
  path: '/departments',
  tag: 'departments',
  name: 'Department',
  schemas: { item: Department, create: CreateDepartment, update: UpdateDepartment },
  read: 'registry.read',
  write: 'departments.write',
  summaries: {
    get: '职能部门详情 / Get a department',
    create: '新建职能部门 / Register a functional department',
    update: '修改职能部门 / Update a department',
    remove: '删除职能部门 / Delete a department no user is scoped to',
  },
  errors: { create: ['already_exists'], update: ['already_exists'] },
});

/**
 * Departments act district-wide (by trade, not by area): every reader of the registry sees all of
 * the tenant's, and departments.write is held only by district-wide roles. The tenant is the scope.
 */
const inTenant = (principal: Principal) => eq(departments.tenantId, principal.tenantId);
const byId = (id: string, principal: Principal) => and(inTenant(principal), eq(departments.id, id))!;

export function registerDepartmentRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const sortColumn = query.sort === 'name' ? departments.name : departments.createdAt;
    const ks = keyset(sortColumn, departments.id, query);
    const rows = await c
      .get('tx')
      .select({ ...columns, total: ks.total })
      .from(departments)
      .where(
        and(
          inTenant(c.get('principal')),
          query.kind ? eq(departments.kind, query.kind) : undefined,
          containsText(query.q, departments.name),
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
      .from(departments)
      .where(byId(id, c.get('principal')));
    if (!row) throw notFound('department');
    return c.json(present(row), 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const principal = c.get('principal');
    const [row] = await c
      .get('tx')
      .insert(departments)
      .values({
        tenantId: principal.tenantId,
        name: body.name,
        kind: body.kind,
        contactName: body.contactName ?? null,
        contactPhone: body.contactPhone ?? null,
      })
      .returning(columns);
    await auditChange(c, 'department.created', { type: 'department', id: row!.id }, { name: body.name, kind: body.kind });
    return c.json(present(row!), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const row = await updateVersioned(c.get('tx'), departments, byId(id, c.get('principal')), version, changes, 'department');
    await auditChange(c, 'department.updated', { type: 'department', id }, changes);
    return c.json(present(row), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const tx = c.get('tx');
    const where = byId(id, c.get('principal'));
    // The id is bound as a value: in a one-table select drizzle strips table names from columns,
    // and a bare "id" in this subquery would mean role_assignments.id.
    const [row] = await tx
      .select({ users: sql<number>`(select count(*)::int from ${roleAssignments} where ${roleAssignments.departmentId} = ${id})` })
      .from(departments)
      .where(where);
    if (!row) throw notFound('department');
    if (row.users) throw new ApiError('still_referenced', { params: { resource: 'department', by: ['users'] } });
    await deleteInScope(tx, departments, where, 'department');
    await auditChange(c, 'department.deleted', { type: 'department', id });
    return c.body(null, 204);
  });
}
