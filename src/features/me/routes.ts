import type { OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { PERMISSIONS, ROLES } from '../../platform/authz/roles.ts';
import { permissionsOfPrincipal } from '../../platform/authz/scope.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, json } from '../../platform/http/route.ts';

const MeResponse = z
  .object({
    user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), phone: z.string().nullable() }),
    tenant: z.object({
      id: z.uuid(),
      slug: z.string(),
      name: z.string(),
      kind: z.enum(['district', 'oversight', 'platform']),
      timeZone: z.string(),
    }),
    roles: z.array(
      z.object({
        role: z.enum(ROLES),
        orgUnitId: z.uuid().nullable(),
        departmentId: z.uuid().nullable(),
        companyId: z.uuid().nullable(),
      }),
    ),
    permissions: z.array(z.enum(PERMISSIONS)),
  })
  .meta({ id: 'Me' });

const meRoute = defineRoute({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  tags: ['auth'],
  summary: '当前用户 / The caller: user, tenant, role assignments, permissions',
  authenticated: true,
  responses: { 200: json(MeResponse, 'the caller') },
});

export function registerMeRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(meRoute, async (c) => {
    // All of it was read with the principal, in the request's first statement after BEGIN.
    const principal = c.get('principal');
    const { tenant, displayName, phone } = c.get('caller');
    return c.json(
      {
        user: { id: principal.userId, username: principal.username, displayName, phone },
        tenant,
        roles: principal.assignments.map(({ role, orgUnitId, departmentId, companyId }) => ({
          role,
          orgUnitId,
          departmentId,
          companyId,
        })),
        permissions: permissionsOfPrincipal(principal),
      },
      200,
    );
  });
}
