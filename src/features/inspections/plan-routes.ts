import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { inspectionPlans } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import {
  CreateInspectionPlan,
  InspectionPlanDetail,
  InspectionPlanListQuery,
  InspectionPlanPage,
  UpdateInspectionPlan,
} from './plan-schemas.ts';
import { createPlan, updatePlan } from './plan-service.ts';
import { countTargets, currentPlanPeriod, periodProgress, planInTenant, presentPlan, selectPlans, visiblePlan } from './plan-store.ts';

const tags = ['inspection-plans'];

const TARGETS_TABLE =
  '按模板的检查对象确定检查哪些对象 / what the template’s target makes the plan inspect:\n\n' +
  '| 模板对象 target | 检查对象 / targets (in the plan’s area) |\n| --- | --- |\n' +
  '| nine_small 九小场所, three_in_one 三合一场所, key_unit 重点单位 | 该类型的场所 / the places of that type |\n' +
  '| unmanaged_compound 无物业小区 | 无物业企业管理的小区 / compounds no property company manages |\n' +
  '| high_rise_compound 高层住宅小区 | 小区内（含楼栋）有高层建筑场所的小区 / compounds with a high_rise place in them or their buildings |\n' +
  '| ebike_charging 电动自行车充电场所 | 台账中无此类对象，不能建立计划（400 inspection_target_not_plannable） / the register holds none: refused with 400 inspection_target_not_plannable |\n';

const list = defineRoute({
  method: 'get',
  path: '/inspection-plans',
  operationId: 'listInspectionPlans',
  tags,
  summary: '检查计划列表 / The district’s inspection plans',
  permission: 'inspections.read',
  request: { query: InspectionPlanListQuery },
  responses: { 200: json(InspectionPlanPage, 'a page of plans') },
});

const create = defineRoute({
  method: 'post',
  path: '/inspection-plans',
  operationId: 'createInspectionPlan',
  tags,
  summary:
    '新建检查计划 / Plan inspections of every target of a kind in an area, once per period; the current period is generated at once (retry-safe with Idempotency-Key)',
  description:
    '每期（每日、每周（ISO 周）、每月、每季度，按本区时区）为范围内的每个检查对象生成一条待检查的计划检查，截止日期为该期最后一天；当前一期在同一事务中立即生成，此后由定时任务生成，' +
    '重复或并发运行不会重复生成，期中新登记的对象在下次运行时补上。开始日期所在的一期为第一期；系统停运期间错过的各期不补生成。检查人记录第一项结果即开始检查。' +
    ' / Each period (in the district’s calendar) gets one planned inspection per target in the area, due on the period’s last day; the current period in the same transaction, later ones by the ' +
    'scheduled jobs, never twice (a target registered mid-period is added by the next run). The period holding startsOn is the first; periods missed while the scheduler was down are not made up. ' +
    'The first recorded result starts a planned inspection.\n\n' +
    TARGETS_TABLE,
  permission: 'inspections.configure',
  request: { body: jsonBody(CreateInspectionPlan) },
  responses: { 201: json(InspectionPlanDetail, 'created, with the current period generated') },
  errors: ['not_found', 'inspection_target_not_plannable', 'inspection_template_inactive'],
});

const get = defineRoute({
  method: 'get',
  path: '/inspection-plans/{id}',
  operationId: 'getInspectionPlan',
  tags,
  summary:
    '检查计划详情 / A plan, how many targets it covers now, and its current period’s progress (GET /inspections?planId=… lists them)',
  permission: 'inspections.read',
  request: { params: IdParam },
  responses: { 200: json(InspectionPlanDetail, 'the plan') },
});

const update = defineRoute({
  method: 'patch',
  path: '/inspection-plans/{id}',
  operationId: 'updateInspectionPlan',
  tags,
  summary: '修改或停用检查计划 / Rename, (de)activate, re-scope or change the frequency of a plan (version-guarded; stale → 409)',
  description:
    '已生成的检查不变；修改后计划仍启用时，当前一期（按新的频次和范围）立即生成。' +
    ' / Inspections already generated stay; if the plan is active afterwards, its current period (new frequency, new area) is generated at once.',
  permission: 'inspections.configure',
  request: { params: IdParam, body: jsonBody(UpdateInspectionPlan) },
  responses: { 200: json(InspectionPlanDetail, 'updated') },
  errors: ['version_conflict'],
});

type Ctx = Context<AppEnv>;

async function detail(c: Ctx, id: string) {
  const tx = c.get('tx');
  const principal = c.get('principal');
  const now = c.get('deps').clock();
  const timeZone = await tenantTimeZone(tx, principal.tenantId);
  const row = await visiblePlan(tx, principal, id);
  return {
    ...presentPlan(row, now, timeZone),
    targets: await countTargets(tx, principal.tenantId, row),
    progress: await periodProgress(tx, principal, id, currentPlanPeriod(row, now, timeZone)),
  };
}

export function registerInspectionPlanRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const ks = keyset(query.sort === 'name' ? inspectionPlans.name : inspectionPlans.createdAt, inspectionPlans.id, query);
    const rows = await selectPlans(
      tx,
      and(
        planInTenant(principal),
        query.active === undefined ? undefined : eq(inspectionPlans.active, query.active),
        query.frequency ? eq(inspectionPlans.frequency, query.frequency) : undefined,
        query.templateId ? eq(inspectionPlans.templateId, query.templateId) : undefined,
        ks.where,
      ),
      { total: ks.total },
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'name' ? r.name : r.createdAt.toISOString()));
    const now = c.get('deps').clock();
    const timeZone = await tenantTimeZone(tx, principal.tenantId);
    return c.json(
      { items: result.items.map((r) => presentPlan(r, now, timeZone)), nextCursor: result.nextCursor, total: result.total },
      200,
    );
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { id, generated } = await createPlan(c.get('tx'), c.get('principal'), c.get('deps').clock(), body);
    await auditChange(
      c,
      'inspection_plan.created',
      { type: 'inspection_plan', id },
      {
        name: body.name,
        templateId: body.templateId,
        frequency: body.frequency,
        orgUnitId: body.orgUnitId,
        startsOn: body.startsOn,
        generated,
      },
    );
    return c.json(await detail(c, id), 201);
  });

  app.openapi(get, async (c) => c.json(await detail(c, c.req.valid('param').id), 200));

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { changes, generated } = await updatePlan(c.get('tx'), c.get('principal'), c.get('deps').clock(), id, c.req.valid('json'));
    await auditChange(c, 'inspection_plan.updated', { type: 'inspection_plan', id }, { ...changes, ...(generated ? { generated } : {}) });
    return c.json(await detail(c, id), 200);
  });
}
