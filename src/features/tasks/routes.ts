import type { OpenAPIHono } from '@hono/zod-openapi';
import { and } from 'drizzle-orm';
import type { Context } from 'hono';
import { taskAssignments, tasks } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { ATTACH_ERRORS } from '../evidence/attach.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { registerTimelineRoutes, registerWorkflowRoute } from '../timeline/routes.ts';
import { evidenceOf } from '../timeline/store.ts';
import { taskActorContext } from './actor.ts';
import { taskFilters } from './list.ts';
import { CreatedTasks, CreateTask, TaskDetail, TaskListQuery, TaskPage, TaskTransitionRequest } from './schemas.ts';
import { taskInScope } from './scope-sql.ts';
import { createTasks, transitionTaskAsCaller, visibleTask } from './service.ts';
import { presentTask, selectTasks } from './store.ts';
import { availableTaskActions, TASK_REFUSALS, TASK_WORKFLOW } from './workflow.ts';

const tags = ['tasks'];

const list = defineRoute({
  method: 'get',
  path: '/tasks',
  operationId: 'listTasks',
  tags,
  summary: '任务列表 / Tasks of the caller’s scope, filtered',
  permission: 'tasks.read',
  request: { query: TaskListQuery },
  responses: { 200: json(TaskPage, 'a page of tasks') },
});

const create = defineRoute({
  method: 'post',
  path: '/tasks',
  operationId: 'createTasks',
  tags,
  summary: '交办任务 / Assign a task: one instance per assignee, all or none',
  description:
    '按选择（全部街道、某街道的全部社区、指定单位、职能部门、物业企业）为每个承办单位各生成一条任务，在同一事务中完成。镇街工作站只能交办本辖区内的单位。' +
    ' / Fans out to one task per assignee in one transaction. A street station may assign only to org units of its own area.',
  permission: 'tasks.assign',
  request: { body: jsonBody(CreateTask) },
  responses: { 201: json(CreatedTasks, 'the tasks made') },
  errors: ['not_found', 'assignee_selection_empty', 'task_due_date_passed'],
});

const get = defineRoute({
  method: 'get',
  path: '/tasks/{id}',
  operationId: 'getTask',
  tags,
  summary: '任务详情 / A task, with what the caller may do next',
  permission: 'tasks.read',
  request: { params: IdParam },
  responses: { 200: json(TaskDetail, 'the task') },
});

const transitions = defineRoute({
  method: 'post',
  path: '/tasks/{id}/transitions',
  operationId: 'transitionTask',
  tags,
  summary: '办理 / Take a workflow action (version-guarded; stale → 409)',
  description: Object.entries(TASK_WORKFLOW)
    .map(
      ([action, r]) =>
        `- \`${action}\` (${r.label}): from ${r.from.join(', ')}; by ${r.who.join(', ')}${r.independent ? '; not the assignee' : ''}`,
    )
    .join('\n'),
  permission: 'tasks.read',
  request: { params: IdParam, body: jsonBody(TaskTransitionRequest) },
  responses: { 200: json(TaskDetail, 'the task after the action') },
  errors: [...TASK_REFUSALS, 'version_conflict', ...ATTACH_ERRORS],
});

async function detail(c: Context<AppEnv>, id: string) {
  const principal = c.get('principal');
  const tx = c.get('tx');
  const row = await visibleTask(tx, principal, id);
  const policy = await loadPolicy(tx, principal.tenantId);
  const actor = taskActorContext(principal, row);
  return {
    ...presentTask(row, c.get('deps').clock()),
    availableActions: availableTaskActions(row, actor, policy),
    evidence: await evidenceOf(tx, principal.tenantId, { type: 'task', id: row.id }),
  };
}

export function registerTaskRoutes(app: OpenAPIHono<AppEnv>) {
  registerWorkflowRoute(app, {
    path: '/tasks',
    tag: 'tasks',
    permission: 'tasks.read',
    summary: '任务督办流程规则 / The task workflow: states, actions, who may act',
    rules: TASK_WORKFLOW,
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const now = c.get('deps').clock();
    const timeZone = await tenantTimeZone(tx, principal.tenantId);
    const ks = keyset(query.sort === 'dueAt' ? tasks.dueAt : taskAssignments.createdAt, tasks.id, query);
    const rows = await selectTasks(tx, and(taskInScope(principal), ...taskFilters(query, principal, now, timeZone), ks.where), {
      total: ks.total,
    })
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'dueAt' ? r.dueAt.toISOString() : r.createdAt.toISOString()));
    return c.json({ items: result.items.map((r) => presentTask(r, now)), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const result = await createTasks(c, body);
    await auditChange(
      c,
      'tasks.assigned',
      { type: 'task_assignment', id: result.assignmentId },
      { title: body.title, count: result.tasks.length },
    );
    return c.json({ assignmentId: result.assignmentId, count: result.tasks.length, tasks: result.tasks }, 201);
  });

  app.openapi(get, async (c) => c.json(await detail(c, c.req.valid('param').id), 200));

  app.openapi(transitions, async (c) => {
    const { id } = c.req.valid('param');
    await transitionTaskAsCaller(c, id, c.req.valid('json'));
    return c.json(await detail(c, id), 200);
  });

  registerTimelineRoutes(app, {
    path: '/tasks',
    type: 'task',
    tag: 'tasks',
    permission: 'tasks.read',
    what: '任务办理',
    visible: (c, id) => visibleTask(c.get('tx'), c.get('principal'), id),
  });
}
