import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import { inspections, inspectionTemplates, inspectionTemplateVersions, orgUnits } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { ATTACH_ERRORS } from '../evidence/attach.ts';
import { localDayStart } from '../hazards/list.ts';
import { ensureDefaultTemplates } from './defaults.ts';
import { planPeriod } from './generate.ts';
import { registerInspectionPlanRoutes } from './plan-routes.ts';
import {
  CancelInspection,
  CreateInspection,
  CreateInspectionTemplate,
  CreateTemplateVersion,
  InspectionDetail,
  InspectionListQuery,
  InspectionPage,
  InspectionTemplateDetail,
  InspectionTemplateListQuery,
  InspectionTemplatePage,
  ItemKeyParam,
  RecordResult,
  TemplateVersion,
  TemplateVersionListQuery,
  TemplateVersionPage,
  UpdateInspectionTemplate,
} from './schemas.ts';
import { inspectionInScope } from './scope-sql.ts';
import {
  addTemplateVersion,
  availableInspectionActions,
  cancelInspection,
  completeInspection,
  createInspection,
  createTemplate,
  recordResult,
} from './service.ts';
import {
  departmentNames,
  presentInspection,
  presentItem,
  presentResult,
  presentTemplate,
  presentTemplateDetail,
  resultsOf,
  selectInspections,
  selectTemplates,
  templateInTenant,
  visibleInspection,
  visibleTemplate,
} from './store.ts';

const templateTags = ['inspection-templates'];
const tags = ['inspections'];

/* Templates (检查表模板). */

const listTemplates = defineRoute({
  method: 'get',
  path: '/inspection-templates',
  operationId: 'listInspectionTemplates',
  tags: templateTags,
  summary: '检查表模板 / The district’s checklist templates (the defaults are added on first read)',
  description:
    '首次读取时为本区补齐产品自带的默认模板（高层住宅小区、无物业小区、九小场所、三合一场所、电动自行车充电场所、重点单位），已有的不覆盖。' +
    ' / The first read gives the district the default templates it lacks, by code; templates it has (edited or not) are left alone.',
  permission: 'inspections.read',
  request: { query: InspectionTemplateListQuery },
  responses: { 200: json(InspectionTemplatePage, 'a page of templates') },
});

const createTemplateRoute = defineRoute({
  method: 'post',
  path: '/inspection-templates',
  operationId: 'createInspectionTemplate',
  tags: templateTags,
  summary: '新建检查表模板 / Create a template with its first checklist version',
  permission: 'inspections.configure',
  request: { body: jsonBody(CreateInspectionTemplate) },
  responses: { 201: json(InspectionTemplateDetail, 'created') },
  errors: ['already_exists', 'checklist_category_invalid'],
});

const getTemplate = defineRoute({
  method: 'get',
  path: '/inspection-templates/{id}',
  operationId: 'getInspectionTemplate',
  tags: templateTags,
  summary: '检查表模板详情 / A template with its current checklist',
  permission: 'inspections.read',
  request: { params: IdParam },
  responses: { 200: json(InspectionTemplateDetail, 'the template') },
});

const updateTemplate = defineRoute({
  method: 'patch',
  path: '/inspection-templates/{id}',
  operationId: 'updateInspectionTemplate',
  tags: templateTags,
  summary:
    '修改或停用检查表模板 / Rename, describe, (de)activate a template (version-guarded; stale → 409). The checklist changes through new versions.',
  permission: 'inspections.configure',
  request: { params: IdParam, body: jsonBody(UpdateInspectionTemplate) },
  responses: { 200: json(InspectionTemplateDetail, 'updated') },
  errors: ['version_conflict'],
});

const listVersions = defineRoute({
  method: 'get',
  path: '/inspection-templates/{id}/versions',
  operationId: 'listInspectionTemplateVersions',
  tags: templateTags,
  summary: '检查表版本 / Every checklist version of a template',
  permission: 'inspections.read',
  request: { params: IdParam, query: TemplateVersionListQuery },
  responses: { 200: json(TemplateVersionPage, 'a page of versions') },
});

const createVersion = defineRoute({
  method: 'post',
  path: '/inspection-templates/{id}/versions',
  operationId: 'createInspectionTemplateVersion',
  tags: templateTags,
  summary: '发布新版检查表 / Publish a new checklist: the next version number, current from now on',
  description:
    '已开始或已完成的检查继续使用其当时的版本。检查项代码在模板内唯一，分值 1–100，隐患类别须为本区启用的类别代码。' +
    ' / Inspections already made keep their version. Keys unique, weights 1–100, categories: active codes of the district.',
  permission: 'inspections.configure',
  request: { params: IdParam, body: jsonBody(CreateTemplateVersion) },
  responses: { 201: json(TemplateVersion, 'the new version') },
  errors: ['version_conflict', 'checklist_category_invalid'],
});

/* Inspections (检查 / 联合检查). */

const list = defineRoute({
  method: 'get',
  path: '/inspections',
  operationId: 'listInspections',
  tags,
  summary: '检查列表 / Inspections of the caller’s scope, filtered',
  permission: 'inspections.read',
  request: { query: InspectionListQuery },
  responses: { 200: json(InspectionPage, 'a page of inspections') },
});

const create = defineRoute({
  method: 'post',
  path: '/inspections',
  operationId: 'createInspection',
  tags,
  summary: '开始检查 / Start an ad hoc (or joint) inspection of a place, compound or building (retry-safe with Idempotency-Key)',
  description:
    '使用模板的当前版本，由本人担任检查人，状态为检查中。镇街、社区只能检查本辖区；职能部门可检查全区。' +
    ' / On the template’s current version, led by the caller, in progress. Stations and communities inspect their own area; departments anywhere in the district.',
  permission: 'inspections.run',
  request: { body: jsonBody(CreateInspection) },
  responses: { 201: json(InspectionDetail, 'started') },
  errors: ['not_found', 'inspection_template_inactive', 'compound_or_building_required'],
});

const get = defineRoute({
  method: 'get',
  path: '/inspections/{id}',
  operationId: 'getInspection',
  tags,
  summary: '检查详情 / An inspection with its checklist (the version it used) and results',
  permission: 'inspections.read',
  request: { params: IdParam },
  responses: { 200: json(InspectionDetail, 'the inspection') },
});

const record = defineRoute({
  method: 'put',
  path: '/inspections/{id}/results/{itemKey}',
  operationId: 'recordInspectionResult',
  tags,
  summary: '记录检查项结果 / Record (or replace) one item’s result: pass, fail or not applicable',
  description:
    '需要照片的检查项不合格时至少附一张照片；照片须为本人已确认的上传，完成检查时作为隐患的上报照片。' +
    ' / A failed item marked photoRequired needs a photo: the caller’s confirmed uploads, which become the hazard’s report photos on completion.',
  permission: 'inspections.run',
  request: { params: ItemKeyParam, body: jsonBody(RecordResult) },
  responses: { 200: json(InspectionDetail, 'the inspection with the result') },
  errors: [
    'inspection_not_conductor',
    'inspection_closed',
    'inspection_photo_required',
    'inspection_item_photos_over_limit',
    'evidence_unusable',
  ],
});

const complete = defineRoute({
  method: 'post',
  path: '/inspections/{id}/complete',
  operationId: 'completeInspection',
  tags,
  summary: '完成检查 / Complete: score, and one hazard per failed item, once (retry-safe)',
  description:
    '所有检查项都须有结果（否则 400 列出缺少的项）。在同一事务中计算得分，并为每个不合格项生成一条隐患（来源“检查”），隐患编号写回检查项。重复完成不会重复生成隐患。' +
    ' / Every item needs a result (else 400 listing the missing keys). In one transaction: the score, and one hazard (source inspection) per failed item, linked from its result. Completing again creates nothing.',
  permission: 'inspections.run',
  request: { params: IdParam },
  responses: { 200: json(InspectionDetail, 'the completed inspection') },
  errors: [
    'inspection_not_conductor',
    'inspection_closed',
    'inspection_results_missing',
    'checklist_category_unavailable',
    'inspection_photos_unusable',
    'concurrent_update',
    // Each failed item is reported through reportHazard, which attaches its photos.
    ...ATTACH_ERRORS,
  ],
});

const cancel = defineRoute({
  method: 'post',
  path: '/inspections/{id}/cancel',
  operationId: 'cancelInspection',
  tags,
  summary: '取消检查 / Cancel an inspection that is not completed (version-guarded; stale → 409)',
  permission: 'inspections.run',
  request: { params: IdParam, body: jsonBody(CancelInspection) },
  responses: { 200: json(InspectionDetail, 'the cancelled inspection') },
  errors: ['inspection_not_conductor', 'inspection_closed', 'version_conflict'],
});

type Ctx = Context<AppEnv>;

async function templateAnswer(c: Ctx, id: string) {
  return presentTemplateDetail(await visibleTemplate(c.get('tx'), c.get('principal'), id));
}

async function detail(c: Ctx, id: string) {
  const tx = c.get('tx');
  const principal = c.get('principal');
  const row = await visibleInspection(tx, principal, id, 'inspections.read');
  const results = await resultsOf(tx, principal.tenantId, id);
  const names = await departmentNames(tx, principal.tenantId, [row]);
  return {
    ...presentInspection(row, names),
    items: row.items.map((item) => {
      const result = results.get(item.key);
      return { ...presentItem(item), result: result ? presentResult(result) : null };
    }),
    recordedCount: results.size,
    availableActions: await availableInspectionActions(tx, principal, row, results.size),
  };
}

const area = alias(orgUnits, 'filter_area');

export function registerInspectionRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listTemplates, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    await ensureDefaultTemplates(tx, principal.tenantId);
    const ks = keyset(query.sort === 'name' ? inspectionTemplates.name : inspectionTemplates.createdAt, inspectionTemplates.id, query);
    const rows = await selectTemplates(
      tx,
      and(
        templateInTenant(principal),
        query.target ? eq(inspectionTemplates.target, query.target) : undefined,
        query.active !== undefined ? eq(inspectionTemplates.active, query.active) : undefined,
        ks.where,
      ),
      { total: ks.total },
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'name' ? r.name : r.createdAt.toISOString()));
    return c.json({ items: result.items.map(presentTemplate), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(createTemplateRoute, async (c) => {
    const body = c.req.valid('json');
    const id = await createTemplate(c.get('tx'), c.get('principal'), c.get('deps').clock(), body);
    const answer = await templateAnswer(c, id);
    await auditChange(
      c,
      'inspection_template.created',
      { type: 'inspection_template', id },
      { code: answer.code, name: body.name, target: body.target, items: body.items.length },
    );
    return c.json(answer, 201);
  });

  app.openapi(getTemplate, async (c) => c.json(await templateAnswer(c, c.req.valid('param').id), 200));

  app.openapi(updateTemplate, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const principal = c.get('principal');
    await updateVersioned(
      c.get('tx'),
      inspectionTemplates,
      and(templateInTenant(principal), eq(inspectionTemplates.id, id))!,
      version,
      changes,
      'inspection_template',
    );
    await auditChange(c, 'inspection_template.updated', { type: 'inspection_template', id }, changes);
    return c.json(await templateAnswer(c, id), 200);
  });

  app.openapi(listVersions, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const template = await visibleTemplate(tx, principal, id);
    const ks = keyset(inspectionTemplateVersions.number, inspectionTemplateVersions.id, query);
    const rows = await tx
      .select({ ...getTableColumns(inspectionTemplateVersions), total: ks.total })
      .from(inspectionTemplateVersions)
      .where(and(eq(inspectionTemplateVersions.tenantId, principal.tenantId), eq(inspectionTemplateVersions.templateId, id), ks.where))
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => r.number);
    return c.json(
      {
        items: result.items.map((v) => ({
          id: v.id,
          templateId: v.templateId,
          number: v.number,
          current: v.number === template.currentVersion,
          items: v.items.map(presentItem),
          createdBy: v.createdBy,
          createdAt: v.createdAt.toISOString(),
        })),
        nextCursor: result.nextCursor,
        total: result.total,
      },
      200,
    );
  });

  app.openapi(createVersion, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const made = await addTemplateVersion(c.get('tx'), c.get('principal'), c.get('deps').clock(), id, body);
    await auditChange(
      c,
      'inspection_template.version_added',
      { type: 'inspection_template', id },
      { number: made.number, items: body.items.map((i) => i.key) },
    );
    const [v] = await c
      .get('tx')
      .select()
      .from(inspectionTemplateVersions)
      .where(and(eq(inspectionTemplateVersions.tenantId, c.get('principal').tenantId), eq(inspectionTemplateVersions.id, made.id)));
    return c.json(
      {
        id: v!.id,
        templateId: v!.templateId,
        number: v!.number,
        current: true,
        items: v!.items.map(presentItem),
        createdBy: v!.createdBy,
        createdAt: v!.createdAt.toISOString(),
      },
      201,
    );
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const timeZone = query.from || query.to || query.overdue !== undefined ? await tenantTimeZone(tx, principal.tenantId) : 'Asia/Shanghai';
    const today = query.overdue !== undefined ? planPeriod('daily', c.get('deps').clock(), timeZone).startsOn : '';
    const overdue = sql`(${inspections.status} in ('planned', 'in_progress') and ${inspections.dueOn} < ${today}::date)`;
    const ks = keyset(inspections.createdAt, inspections.id, query);
    const rows = await selectInspections(
      tx,
      and(
        inspectionInScope(principal, 'inspections.read'),
        query.status ? eq(inspections.status, query.status) : undefined,
        query.kind ? eq(inspections.kind, query.kind) : undefined,
        query.placeId ? eq(inspections.placeId, query.placeId) : undefined,
        query.templateId ? eq(inspectionTemplates.id, query.templateId) : undefined,
        query.orgUnitId
          ? sql`${orgUnits.path} like (select ${area.path} from ${orgUnits} as ${sql.identifier('filter_area')}
              where ${area.id} = ${query.orgUnitId} and ${area.tenantId} = ${principal.tenantId}) || '%'`
          : undefined,
        query.from ? sql`${inspections.createdAt} >= ${localDayStart(query.from, timeZone).toISOString()}` : undefined,
        query.to ? sql`${inspections.createdAt} < ${localDayStart(query.to, timeZone, 1).toISOString()}` : undefined,
        query.planId ? eq(inspections.planId, query.planId) : undefined,
        query.periodKey ? eq(inspections.periodKey, query.periodKey) : undefined,
        query.dueBefore ? sql`${inspections.dueOn} < ${query.dueBefore}::date` : undefined,
        query.overdue === undefined ? undefined : query.overdue ? overdue : sql`not coalesce(${overdue}, false)`,
        ks.where,
      ),
      { total: ks.total },
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => r.createdAt.toISOString());
    const names = await departmentNames(tx, principal.tenantId, result.items);
    return c.json({ items: result.items.map((r) => presentInspection(r, names)), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const id = await createInspection(c.get('tx'), c.get('principal'), c.get('deps').clock(), body);
    const answer = await detail(c, id);
    await auditChange(
      c,
      'inspection.started',
      { type: 'inspection', id },
      {
        templateId: body.templateId,
        templateVersion: answer.template.versionNumber,
        placeId: answer.placeId,
        orgUnitId: answer.orgUnitId,
        jointDepartmentIds: body.jointDepartmentIds,
      },
    );
    return c.json(answer, 201);
  });

  app.openapi(get, async (c) => c.json(await detail(c, c.req.valid('param').id), 200));

  app.openapi(record, async (c) => {
    const { id, itemKey } = c.req.valid('param');
    const body = c.req.valid('json');
    await recordResult(c.get('tx'), c.get('principal'), c.get('deps').clock(), id, itemKey, body);
    await auditChange(
      c,
      'inspection.result_recorded',
      { type: 'inspection', id },
      { itemKey, result: body.result, evidenceIds: body.evidenceIds },
    );
    return c.json(await detail(c, id), 200);
  });

  app.openapi(complete, async (c) => {
    const { id } = c.req.valid('param');
    const done = await completeInspection(c.get('tx'), c.get('principal'), c.get('deps').clock(), id);
    if (done.completed) {
      await auditChange(
        c,
        'inspection.completed',
        { type: 'inspection', id },
        { score: done.score, failedCount: done.hazardIds.length, hazardIds: done.hazardIds },
      );
    }
    return c.json(await detail(c, id), 200);
  });

  app.openapi(cancel, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await cancelInspection(c.get('tx'), c.get('principal'), id, body);
    await auditChange(c, 'inspection.cancelled', { type: 'inspection', id }, { reason: body.reason });
    return c.json(await detail(c, id), 200);
  });

  registerInspectionPlanRoutes(app);
}
