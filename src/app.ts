import { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import * as z from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { registerOversightRoutes } from './features/assessments/oversight-routes.ts';
import { registerAssessmentRoutes } from './features/assessments/routes.ts';
import { registerAuthRoutes } from './features/auth/routes.ts';
import { registerCampaignRoutes } from './features/campaigns/routes.ts';
import { registerCompanyOverviewRoutes } from './features/companies-overview/routes.ts';
import { registerDutyRoutes } from './features/duties/routes.ts';
import { registerEvidenceRoutes } from './features/evidence/routes.ts';
import { registerFacilityRoutes } from './features/facilities/routes.ts';
import { registerHazardConfigRoutes } from './features/hazard-config/index.ts';
import { registerHazardRoutes } from './features/hazards/routes.ts';
import { registerInspectionRoutes } from './features/inspections/routes.ts';
import { registerMaintenanceRoutes } from './features/maintenance/routes.ts';
import { registerMeRoutes } from './features/me/routes.ts';
import { registerMyWorkRoutes } from './features/my-work/routes.ts';
import { registerPatrolRoutes } from './features/patrols/routes.ts';
import { registerCompanyRoutes } from './features/registry/companies/routes.ts';
import { registerDepartmentRoutes } from './features/registry/departments/routes.ts';
import { registerOrgUnitRoutes } from './features/registry/org-units/routes.ts';
import { registerPlaceRoutes } from './features/registry/places/routes.ts';
import { registerTaskRoutes } from './features/tasks/routes.ts';
import { registerTenantRoutes } from './features/tenants/routes.ts';
import { registerUserRoutes } from './features/users/routes.ts';
import { docsPage } from './platform/http/docs.ts';
import type { AppDeps, AppEnv } from './platform/http/env.ts';
import { auditDenials, limitBody, requestContext, withConnection } from './platform/http/middleware.ts';
import { onError, onNotFound } from './platform/http/problem.ts';
import { validationHook } from './platform/http/validation.ts';

// Validation messages in Chinese first: the people reading them are district clerks.
z.config(zhCN());

export const API_PREFIX = '/api/v1';

/** The feature route registrars, in one list: the route-matrix tests walk what they register. */
const FEATURES = [
  registerAuthRoutes,
  registerMeRoutes,
  registerOrgUnitRoutes,
  registerPlaceRoutes,
  registerCompanyRoutes,
  registerDepartmentRoutes,
  registerUserRoutes,
  registerTenantRoutes,
  registerEvidenceRoutes,
  registerHazardRoutes,
  registerHazardConfigRoutes,
  registerCampaignRoutes,
  registerTaskRoutes,
  registerDutyRoutes,
  registerMyWorkRoutes,
  registerPatrolRoutes,
  registerFacilityRoutes,
  registerMaintenanceRoutes,
  registerCompanyOverviewRoutes,
  registerInspectionRoutes,
  registerAssessmentRoutes,
  registerOversightRoutes,
] as const;

export function createApi(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const register of FEATURES) register(api);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  return api;
}

/** The OpenAPI 3.1 document of the API: the contract the SPA, integrators and the tests hold it to. */
export function openApiDocument(api: OpenAPIHono<AppEnv> = createApi()) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    servers: [{ url: API_PREFIX }],
    info: {
      title: 'firegrid API',
      version: '1',
      description: '区消防安全委员会隐患闭环、任务、检查与考核平台 / District fire-safety governance API',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } as { name: string; url?: string },
    },
  });
}

/** Builds the whole HTTP app from injected dependencies: the same app on Workers and on Node. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requestContext(deps));
  app.onError(onError);
  app.notFound(onNotFound);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // For monitors and load balancers, outside the API's contract: which dependency is down. Only
  // the database takes the host out of rotation (503): without the evidence store everything but
  // the file routes still works, and every host shares the same store anyway.
  app.get('/readyz', withConnection, async (c) => {
    // A check that has not answered in 3 s is down: a monitor must get its answer in time.
    const up = async (check: Promise<unknown>) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise((_, reject) => {
        timer = setTimeout(reject, 3_000);
      });
      try {
        await Promise.race([check, late]);
        return 'up' as const;
      } catch {
        return 'down' as const;
      } finally {
        clearTimeout(timer);
      }
    };
    const [database, evidenceStore] = await Promise.all([
      up(c.get('db').execute(sql`select 1`)),
      // A HEAD of a key nobody writes: a 404 is an answer, so the store is there.
      up(deps.evidence.head('readyz-probe')),
    ]);
    const checks = { database, evidenceStore };
    if (database === 'down') {
      c.header('retry-after', '5');
      return c.json({ status: 'unavailable', checks }, 503);
    }
    return c.json({ status: evidenceStore === 'up' ? 'ready' : 'degraded', checks }, 200);
  });

  app.use('/api/*', limitBody(deps), withConnection, auditDenials);
  const api = createApi();
  // Generated once per app: the document only changes with the code.
  let document: ReturnType<typeof openApiDocument> | undefined;
  api.get('/openapi.json', (c) => {
    document ??= openApiDocument(api);
    return c.json(document);
  });
  app.route(API_PREFIX, api);
  app.get('/api/docs', (c) => c.html(docsPage(`${API_PREFIX}/openapi.json`)));
  return app;
}

export type App = ReturnType<typeof createApp>;
