import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { hazardCategories, lookbackItems, lookbacks, orgUnits } from '../../../db/schema/index.ts';
import { tenantTimeZone } from '../../../platform/db/time-zone.ts';
import { ApiError, notFound } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../../platform/http/route.ts';
import { localDayRange } from './period.ts';
import { listLookbacks, loadLookback } from './read.ts';
import { drawSample } from './sample.ts';
import { CreateLookback, Lookback, type LookbackCriteria, LookbackListQuery, LookbackPage } from './schemas.ts';

const tags = ['lookbacks'];

const list = defineRoute({
  method: 'get',
  path: '/lookbacks',
  operationId: 'listLookbacks',
  tags,
  summary: '回头看列表 / Look-backs, newest first, with re-check progress',
  permission: 'lookbacks.manage',
  request: { query: LookbackListQuery },
  responses: { 200: json(LookbackPage, 'a page of look-backs') },
});

const get = defineRoute({
  method: 'get',
  path: '/lookbacks/{id}',
  operationId: 'getLookback',
  tags,
  summary: '回头看详情 / A look-back with its drawn hazards and their re-check results',
  permission: 'lookbacks.manage',
  request: { params: IdParam },
  responses: { 200: json(Lookback, 'the look-back') },
});

const create = defineRoute({
  method: 'post',
  path: '/lookbacks',
  operationId: 'drawLookback',
  tags,
  summary: '发起回头看（随机抽取已整改销号隐患）/ Draw a random sample of hazards closed as fixed for re-check',
  description:
    '在本区时区的 [from 00:00, to 23:59:59.999] 内以“已整改”销号、且符合区域/类别的隐患中均匀随机抽取；复查结果通过隐患的 recheck 操作记录。 / ' +
    'Uniform random sample of hazards closed as fixed within the local days [from, to] in the area/category; ' +
    're-checks are recorded through the hazard’s recheck transition.',
  permission: 'lookbacks.manage',
  request: { body: jsonBody(CreateLookback) },
  responses: { 201: json(Lookback, 'drawn') },
  errors: ['not_found', 'lookback_sample_empty'],
});

export function registerLookbackRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    return c.json(await listLookbacks(c.get('tx'), c.get('principal').tenantId, query), 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const lookback = await loadLookback(c.get('tx'), c.get('principal').tenantId, id);
    if (!lookback) throw notFound('lookback');
    return c.json(lookback, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const tx = c.get('tx');
    const { tenantId, userId } = c.get('principal');
    let orgUnitPath: string | null = null;
    if (body.orgUnitId) {
      const [unit] = await tx
        .select({ path: orgUnits.path })
        .from(orgUnits)
        .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, body.orgUnitId)));
      if (!unit) throw notFound('org_unit', 'orgUnitId');
      orgUnitPath = unit.path;
    }
    if (body.categoryId) {
      const [category] = await tx
        .select({ id: hazardCategories.id })
        .from(hazardCategories)
        .where(and(eq(hazardCategories.tenantId, tenantId), eq(hazardCategories.id, body.categoryId)));
      if (!category) throw notFound('hazard_category', 'categoryId');
    }
    const timeZone = await tenantTimeZone(tx, tenantId);
    const { start, end } = localDayRange(body.from, body.to, timeZone);
    const sample = await drawSample(tx, {
      tenantId,
      start,
      end,
      orgUnitPath,
      categoryId: body.categoryId ?? null,
      size: body.size,
      percent: body.percent,
    });
    if (!sample.hazards.length) throw new ApiError('lookback_sample_empty', { params: { from: body.from, to: body.to } });
    const criteria: LookbackCriteria = {
      from: body.from,
      to: body.to,
      timeZone,
      size: body.size ?? null,
      percent: body.percent ?? null,
      orgUnitId: body.orgUnitId ?? null,
      categoryId: body.categoryId ?? null,
      population: sample.population,
    };
    const [row] = await tx
      .insert(lookbacks)
      .values({ tenantId, title: body.title, criteria, createdBy: userId })
      .returning({ id: lookbacks.id });
    const id = row!.id;
    await tx.insert(lookbackItems).values(sample.hazards.map((h) => ({ tenantId, lookbackId: id, hazardId: h.id })));
    await auditChange(c, 'lookback.created', { type: 'lookback', id }, { title: body.title, criteria, drawn: sample.hazards.length });
    return c.json((await loadLookback(tx, tenantId, id))!, 201);
  });
}
