import type { OpenAPIHono } from '@hono/zod-openapi';
import { asc } from 'drizzle-orm';
import * as z from 'zod';
import { tenants } from '../../db/schema/index.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { setTenant } from '../../platform/db/tenancy.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, json, jsonBody } from '../../platform/http/route.ts';
import { issueKey } from '../../platform/problems/catalog.ts';
import { Password, Username } from '../users/schemas.ts';
import { createTenant } from './service.ts';

export const TenantSlug = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, { error: issueKey('tenant_slug_format') });

const Tenant = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    kind: z.enum(['district', 'oversight', 'platform']),
    parentId: z.uuid().nullable(),
    timeZone: z.string(),
    status: z.enum(['active', 'suspended']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Tenant' });

const CreateTenant = z
  .strictObject({
    slug: TenantSlug,
    name: z.string().trim().min(2).max(100),
    kind: z.enum(['district', 'oversight']).default('district'),
    parentSlug: TenantSlug.optional().describe('the oversight office this district reports to'),
    timeZone: z.string().trim().min(3).max(64).optional(),
    admin: z.strictObject({
      username: Username,
      displayName: z.string().trim().min(1).max(50).optional(),
      password: Password,
    }),
  })
  .meta({
    id: 'CreateTenant',
    example: {
      slug: 'erqi',
      name: '二七区消防安全委员会',
      kind: 'district',
      parentSlug: 'demo-city',
      admin: { username: 'admin', password: 'a-long-initial-password' },
    },
  });

const present = (t: typeof tenants.$inferSelect) => ({ ...t, createdAt: t.createdAt.toISOString() });

const list = defineRoute({
  method: 'get',
  path: '/tenants',
  operationId: 'listTenants',
  tags: ['tenants'],
  summary: '租户列表（平台运维）/ List tenants (platform operators)',
  permission: 'tenants.manage',
  responses: { 200: json(z.object({ items: z.array(Tenant) }), 'all tenants') },
});

const create = defineRoute({
  method: 'post',
  path: '/tenants',
  operationId: 'createTenant',
  tags: ['tenants'],
  summary: '开通区级单位及首个管理员 / Create a district (or office) with its first admin',
  permission: 'tenants.manage',
  request: { body: jsonBody(CreateTenant) },
  responses: { 201: json(z.object({ tenant: Tenant, adminUsername: z.string() }), 'created') },
  errors: ['parent_not_oversight_office', 'already_exists'],
});

export function registerTenantRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const rows = await c.get('tx').select().from(tenants).orderBy(asc(tenants.slug));
    return c.json({ items: rows.map(present) }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const tx = c.get('tx');
    const role = c.get('deps').database.switchToRole;
    const principal = c.get('principal');
    await setTenant(tx, role, null);
    const { tenant } = await createTenant(tx, role, {
      slug: body.slug,
      name: body.name,
      kind: body.kind,
      parentSlug: body.parentSlug,
      timeZone: body.timeZone,
      admin: {
        username: body.admin.username,
        displayName: body.admin.displayName ?? body.admin.username,
        passwordHash: await hashPassword(body.admin.password),
      },
    });
    // Back to the operator's own tenant for the audit event and the rest of the request.
    await setTenant(tx, role, principal.tenantId);
    await auditChange(c, 'tenant.created', { type: 'tenant', id: tenant.id }, { slug: body.slug, kind: body.kind });
    return c.json({ tenant: present(tenant), adminUsername: body.admin.username }, 201);
  });
}
