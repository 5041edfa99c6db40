import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { auditEvents, roleAssignments, sessions, users } from '../../db/schema/index.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Db, RowOf } from '../../platform/db/types.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { itemRoutes } from '../../platform/http/item-routes.ts';
import { containsText, keyset } from '../../platform/http/pagination.ts';
import { defineRoute, json } from '../../platform/http/route.ts';
import { type CheckedAssignment, resolveScopes, toAssignments } from './assignments.ts';
import { CreateUser, UpdateUser, User, UserListQuery, UserPage } from './schemas.ts';

const tags = ['users'];

const columns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  phone: users.phone,
  status: users.status,
  version: users.version,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};
type Row = RowOf<typeof columns>;

/** Users are a district-level register: only committee roles hold users.read, tenant-wide. */
const inTenant = (c: { get(k: 'principal'): AppEnv['Variables']['principal'] }) => eq(users.tenantId, c.get('principal').tenantId);

async function withRoles(tx: Db, tenantId: string, rows: Row[]) {
  const ids = rows.map((r) => r.id);
  const roles = ids.length
    ? await tx
        .select({
          userId: roleAssignments.userId,
          role: roleAssignments.role,
          orgUnitId: roleAssignments.orgUnitId,
          departmentId: roleAssignments.departmentId,
          companyId: roleAssignments.companyId,
        })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.tenantId, tenantId), inArray(roleAssignments.userId, ids)))
        .orderBy(roleAssignments.role)
    : [];
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    phone: r.phone,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    roles: roles.filter((x) => x.userId === r.id).map(({ userId: _u, ...rest }) => rest),
  }));
}

async function replaceRoles(tx: Db, tenantId: string, userId: string, assignments: CheckedAssignment[]) {
  await tx.delete(roleAssignments).where(and(eq(roleAssignments.tenantId, tenantId), eq(roleAssignments.userId, userId)));
  await tx.insert(roleAssignments).values(assignments.map((a) => ({ ...a, tenantId, userId })));
}

/** Ends every live session of a user: disabling or a new password must lock out old devices now. */
async function endSessions(tx: Db, tenantId: string, userId: string, reason: string, now: Date) {
  await tx
    .update(sessions)
    .set({ revokedAt: now, revokeReason: reason })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

const list = defineRoute({
  method: 'get',
  path: '/users',
  operationId: 'listUsers',
  tags,
  summary: '用户列表 / List users',
  permission: 'users.read',
  request: { query: UserListQuery },
  responses: { 200: json(UserPage, 'a page of users') },
});
const { get, create, update, remove } = itemRoutes({
  path: '/users',
  tag: 'users',
  name: 'User',
  schemas: { item: User, create: CreateUser, update: UpdateUser },
  read: 'users.read',
  write: 'users.write',
  summaries: {
    get: '用户详情 / Get a user',
    create: '新建用户 / Create a user with roles and scopes',
    update: '修改用户 / Update, disable, reset password or change roles (ends sessions when needed)',
    remove: '删除用户 / Delete a user who has never acted (otherwise disable them)',
  },
  errors: {
    create: ['not_found', 'already_exists'],
    update: ['not_found', 'cannot_change_own_account'],
    remove: ['user_has_history', 'cannot_change_own_account'],
  },
});

export function registerUserRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const tx = c.get('tx');
    const sortColumn = query.sort === 'username' ? users.username : users.createdAt;
    const ks = keyset(sortColumn, users.id, query);
    const rows = await tx
      .select({ ...columns, total: ks.total })
      .from(users)
      .where(
        and(
          inTenant(c),
          query.status ? eq(users.status, query.status) : undefined,
          query.role
            ? sql`exists (select 1 from ${roleAssignments} where ${roleAssignments.userId} = ${users.id} and ${roleAssignments.role} = ${query.role})`
            : undefined,
          containsText(query.q, users.username, users.displayName),
          ks.where,
        ),
      )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'username' ? r.username : r.createdAt.toISOString()));
    return c.json(
      { items: await withRoles(tx, c.get('principal').tenantId, result.items), nextCursor: result.nextCursor, total: result.total },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const tx = c.get('tx');
    const [row] = await tx
      .select(columns)
      .from(users)
      .where(and(eq(users.id, c.req.valid('param').id), inTenant(c)));
    if (!row) throw notFound('user');
    return c.json((await withRoles(tx, c.get('principal').tenantId, [row]))[0]!, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const tx = c.get('tx');
    const tenantId = c.get('principal').tenantId;
    const assignments = toAssignments(body.roles);
    await resolveScopes(tx, tenantId, assignments);
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.username, body.username), inTenant(c)));
    if (taken) throw new ApiError('already_exists', { params: { field: 'username', resource: 'user' }, field: 'username' });
    const [row] = await tx
      .insert(users)
      .values({
        tenantId,
        username: body.username,
        displayName: body.displayName,
        phone: body.phone ?? null,
        passwordHash: await hashPassword(body.password),
      })
      .returning(columns);
    await replaceRoles(tx, tenantId, row!.id, assignments);
    await auditChange(c, 'user.created', { type: 'user', id: row!.id }, { username: body.username, roles: assignments });
    return c.json((await withRoles(tx, tenantId, [row!]))[0]!, 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, password, roles, ...fields } = c.req.valid('json');
    const principal = c.get('principal');
    const tx = c.get('tx');
    if (id === principal.userId && fields.status === 'disabled') {
      throw new ApiError('cannot_change_own_account', { params: { action: 'disable' }, field: 'status' });
    }
    if (id === principal.userId && roles) {
      throw new ApiError('cannot_change_own_account', { params: { action: 'change_roles' }, field: 'roles' });
    }
    const assignments = roles ? toAssignments(roles) : null;
    if (assignments) await resolveScopes(tx, principal.tenantId, assignments);
    const values: Record<string, unknown> = { ...fields };
    if (password) values.passwordHash = await hashPassword(password);
    const row = await updateVersioned(tx, users, and(eq(users.id, id), inTenant(c))!, version, values, 'user');
    if (assignments) await replaceRoles(tx, principal.tenantId, id, assignments);
    const now = c.get('deps').clock();
    if (fields.status === 'disabled') await endSessions(tx, principal.tenantId, id, 'user_disabled', now);
    else if (password) await endSessions(tx, principal.tenantId, id, 'password_reset', now);
    await auditChange(
      c,
      'user.updated',
      { type: 'user', id },
      {
        ...fields,
        ...(password ? { password: '(reset)' } : {}),
        ...(assignments ? { roles: assignments } : {}),
      },
    );
    const presented = await withRoles(tx, principal.tenantId, [row]);
    return c.json(presented[0]!, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const tx = c.get('tx');
    const where = and(eq(users.id, id), inTenant(c))!;
    const [row] = await tx.select({ id: users.id }).from(users).where(where);
    if (!row) throw notFound('user');
    if (id === c.get('principal').userId) throw new ApiError('cannot_change_own_account', { params: { action: 'delete' } });
    const [acted] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, c.get('principal').tenantId), eq(auditEvents.actorUserId, id)))
      .limit(1);
    if (acted) throw new ApiError('user_has_history');
    await tx.delete(users).where(where);
    await auditChange(c, 'user.deleted', { type: 'user', id });
    return c.body(null, 204);
  });
}
