import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import * as z from 'zod';
import { maintenancePolicies, maintenanceRecords, orgUnits } from '../../db/schema/index.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { ATTACH_ERRORS } from '../evidence/attach.ts';
import { FACILITY_KINDS } from '../facilities/vocabulary.ts';
import { registerTimelineRoutes, registerWorkflowRoute } from '../timeline/routes.ts';
import { evidenceOf } from '../timeline/store.ts';
import { maintenanceActorContext } from './actor.ts';
import { loadFrequencies, maintenanceDueRows } from './due.ts';
import {
  CreateMaintenanceRecord,
  DueQuery,
  DueRow,
  MaintenancePolicies,
  MaintenanceRecordDetail,
  MaintenanceRecordListQuery,
  MaintenanceRecordPage,
  MaintenanceTransitionRequest,
  PutMaintenancePolicies,
} from './schemas.ts';
import { recordInScope } from './scope-sql.ts';
import { createRecord, returnReason, transitionRecordAsCaller, visibleRecord } from './service.ts';
import { presentRecord, selectRecords } from './store.ts';
import { availableMaintenanceActions, MAINTENANCE_WORKFLOW } from './workflow.ts';

const tags = ['maintenance'];

const due = defineRoute({
  method: 'get',
  path: '/maintenance-records/due',
  operationId: 'listMaintenanceDue',
  tags,
  summary: '应维保与逾期 / Records due and overdue, per managed compound and kind of facility in the register',
  description:
    '按本区维保周期（每月/每季度，见 /maintenance-policies），以物业企业在该小区该类设施最近一次已提交或已通过的维保记录判断：本期已维保 ok、本期待维保 due、逾期 overdue。' +
    ' / From the managing company’s last submitted or accepted record of each kind in each compound, against the district’s frequency, in its calendar.',
  permission: 'facilities.read',
  request: { query: DueQuery },
  responses: { 200: json(z.object({ items: z.array(DueRow) }), 'overdue first, then due, then up to date') },
});

const list = defineRoute({
  method: 'get',
  path: '/maintenance-records',
  operationId: 'listMaintenanceRecords',
  tags,
  summary: '维保记录 / Maintenance records of your scope, filtered',
  description: '物业企业只看到本企业在其所管小区的记录 / a property company sees its own records of the compounds it manages only.',
  permission: 'facilities.read',
  request: { query: MaintenanceRecordListQuery },
  responses: { 200: json(MaintenanceRecordPage, 'a page of records') },
});

const create = defineRoute({
  method: 'post',
  path: '/maintenance-records',
  operationId: 'createMaintenanceRecord',
  tags,
  summary: '上传维保记录 / Upload a maintenance record of a compound your company manages',
  description:
    '同一事务中：记录及其首个时间线事件、附件（照片、PDF 报告）、更新设施台账状态；结论为故障时登记一条隐患（来源“维保发现”）；结论为正常但该小区有相关未销号隐患或近 30 天检查不合格项时标记冲突。' +
    ' / In one transaction: the record and its first timeline event, its files, the register updated; a fault opens a hazard (source maintenance); a "normal" that an open hazard or a failed inspection item of the last 30 days contradicts is flagged as a conflict.',
  permission: 'maintenance.submit',
  request: { body: jsonBody(CreateMaintenanceRecord) },
  responses: { 201: json(MaintenanceRecordDetail, 'the record') },
  errors: [
    'not_found',
    'date_after_today',
    'maintenance_date_too_old',
    'facility_kind_mismatch',
    'fault_category_unavailable',
    ...ATTACH_ERRORS,
  ],
});

const get = defineRoute({
  method: 'get',
  path: '/maintenance-records/{id}',
  operationId: 'getMaintenanceRecord',
  tags,
  summary: '维保记录详情 / A record, with its files and what the caller may do next',
  permission: 'facilities.read',
  request: { params: IdParam },
  responses: { 200: json(MaintenanceRecordDetail, 'the record') },
});

const transitions = defineRoute({
  method: 'post',
  path: '/maintenance-records/{id}/transitions',
  operationId: 'transitionMaintenanceRecord',
  tags,
  summary: '审核 / Review a record, or resubmit a returned one (version-guarded; stale → 409)',
  description: Object.entries(MAINTENANCE_WORKFLOW)
    .map(
      ([action, r]) =>
        `- \`${action}\` (${r.label}): from ${r.from.join(', ')}; by ${r.who.join(', ')}${r.independent ? '; never the submitting company' : ''}`,
    )
    .join('\n'),
  permission: 'facilities.read',
  request: { params: IdParam, body: jsonBody(MaintenanceTransitionRequest) },
  responses: { 200: json(MaintenanceRecordDetail, 'the record after the action') },
  errors: ['action_not_allowed_in_state', 'not_your_role', 'not_independent', 'version_conflict', ...ATTACH_ERRORS],
});

const getPolicies = defineRoute({
  method: 'get',
  path: '/maintenance-policies',
  operationId: 'getMaintenancePolicies',
  tags,
  summary: '维保周期 / How often each kind of facility must be maintained in this district',
  permission: 'facilities.read',
  responses: { 200: json(MaintenancePolicies, 'every kind, with the default where nothing is stored') },
});

const putPolicies = defineRoute({
  method: 'put',
  path: '/maintenance-policies',
  operationId: 'replaceMaintenancePolicies',
  tags,
  summary: '设置维保周期 / Set the frequency per kind (the whole table: kinds left out go back to the default)',
  description:
    '维保周期是物业企业的常态化工作，由消安委设置（与常态化工作同一权限）/ a recurring duty of the property companies, set by the committee.',
  permission: 'duties.manage',
  request: { body: jsonBody(PutMaintenancePolicies) },
  responses: { 200: json(MaintenancePolicies, 'the table in force') },
});

const area = alias(orgUnits, 'filter_area');

/** Submitted records the principal may review: its review scope, never its own company's. */
function reviewableBy(principal: Principal): SQL {
  const scope = scopeOf(principal, 'maintenance.review');
  if (scope.kind === 'none') return sql`false`;
  const own = principal.assignments.flatMap((a) => (a.companyId ? [a.companyId] : []));
  const reach =
    scope.kind === 'tenant'
      ? sql`true`
      : scope.orgPaths.length
        ? or(...scope.orgPaths.map((p) => sql`${orgUnits.path} like ${`${p}%`}`))!
        : sql`false`;
  return and(
    eq(maintenanceRecords.state, 'submitted'),
    reach,
    sql`${maintenanceRecords.submittedBy} <> ${principal.userId}`,
    own.length ? sql`${maintenanceRecords.companyId} not in ${own}` : undefined,
  )!;
}

async function detail(c: Context<AppEnv>, id: string) {
  const principal = c.get('principal');
  const tx = c.get('tx');
  const row = await visibleRecord(tx, principal, id);
  return {
    ...presentRecord(row),
    availableActions: availableMaintenanceActions(row.state, maintenanceActorContext(principal, row)),
    evidence: await evidenceOf(tx, principal.tenantId, { type: 'maintenance_record', id: row.id }),
    returnReason: await returnReason(tx, principal.tenantId, row),
  };
}

export function registerMaintenanceRoutes(app: OpenAPIHono<AppEnv>) {
  // Fixed paths before /{id}.
  registerWorkflowRoute(app, {
    path: '/maintenance-records',
    tag: 'maintenance',
    permission: 'facilities.read',
    summary: '维保记录审核流程 / The review workflow of maintenance records: states, actions, who may act',
    rules: MAINTENANCE_WORKFLOW,
  });

  app.openapi(due, async (c) => {
    const items = await maintenanceDueRows(c.get('tx'), c.get('principal'), c.get('deps').clock(), c.req.valid('query'));
    return c.json({ items }, 200);
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const sortColumn = query.sort === 'performedOn' ? maintenanceRecords.performedOn : maintenanceRecords.createdAt;
    const ks = keyset(sortColumn, maintenanceRecords.id, query);
    const rows = await selectRecords(
      tx,
      and(
        recordInScope(principal),
        query.companyId ? eq(maintenanceRecords.companyId, query.companyId) : undefined,
        query.orgUnitId
          ? sql`${orgUnits.path} like (select ${area.path} from ${orgUnits} as ${sql.identifier('filter_area')}
              where ${area.id} = ${query.orgUnitId} and ${area.tenantId} = ${principal.tenantId}) || '%'`
          : undefined,
        query.facilityId ? eq(maintenanceRecords.facilityId, query.facilityId) : undefined,
        query.state ? eq(maintenanceRecords.state, query.state) : undefined,
        query.kind ? eq(maintenanceRecords.kind, query.kind) : undefined,
        query.result ? eq(maintenanceRecords.result, query.result) : undefined,
        query.from ? sql`${maintenanceRecords.performedOn} >= ${query.from}` : undefined,
        query.to ? sql`${maintenanceRecords.performedOn} <= ${query.to}` : undefined,
        query.conflict === true
          ? sql`${maintenanceRecords.conflict} is not null`
          : query.conflict === false
            ? sql`${maintenanceRecords.conflict} is null`
            : undefined,
        query.toReview ? reviewableBy(principal) : undefined,
        ks.where,
      ),
      { total: ks.total },
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'performedOn' ? r.performedOn : r.createdAt.toISOString()));
    return c.json({ items: result.items.map(presentRecord), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const id = await createRecord(c.get('tx'), c.get('principal'), c.get('deps').clock(), body);
    await auditChange(
      c,
      'maintenance_record.submitted',
      { type: 'maintenance_record', id },
      { orgUnitId: body.orgUnitId, kind: body.kind, result: body.result },
    );
    return c.json(await detail(c, id), 201);
  });

  app.openapi(get, async (c) => c.json(await detail(c, c.req.valid('param').id), 200));

  app.openapi(transitions, async (c) => {
    const { id } = c.req.valid('param');
    await transitionRecordAsCaller(c, id, c.req.valid('json'));
    return c.json(await detail(c, id), 200);
  });

  registerTimelineRoutes(app, {
    path: '/maintenance-records',
    type: 'maintenance_record',
    tag: 'maintenance',
    permission: 'facilities.read',
    what: '维保记录',
    visible: (c, id) => visibleRecord(c.get('tx'), c.get('principal'), id),
  });

  app.openapi(getPolicies, async (c) => c.json({ items: await loadFrequencies(c.get('tx'), c.get('principal').tenantId) }, 200));

  app.openapi(putPolicies, async (c) => {
    const { frequencies } = c.req.valid('json');
    const tx = c.get('tx');
    const { tenantId } = c.get('principal');
    const listed = FACILITY_KINDS.filter((k) => frequencies[k] !== undefined);
    const unlisted = FACILITY_KINDS.filter((k) => frequencies[k] === undefined);
    if (unlisted.length) {
      await tx
        .delete(maintenancePolicies)
        .where(and(eq(maintenancePolicies.tenantId, tenantId), inArray(maintenancePolicies.kind, unlisted)));
    }
    if (listed.length) {
      await tx
        .insert(maintenancePolicies)
        .values(listed.map((kind) => ({ tenantId, kind, frequency: frequencies[kind]! })))
        .onConflictDoUpdate({
          target: [maintenancePolicies.tenantId, maintenancePolicies.kind],
          set: { frequency: sql`excluded.frequency`, version: sql`${maintenancePolicies.version} + 1`, updatedAt: sql`now()` },
        });
    }
    await auditChange(c, 'maintenance_policies.saved', { type: 'maintenance_policies', id: tenantId }, { frequencies });
    return c.json({ items: await loadFrequencies(tx, tenantId) }, 200);
  });
}
