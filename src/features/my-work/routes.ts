import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import * as z from 'zod';
import { hazards, taskAssignments, tasks } from '../../db/schema/index.ts';
import { hasPermission, type Principal } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, json } from '../../platform/http/route.ts';
import { assignedTo } from '../hazards/list.ts';
import { Hazard } from '../hazards/schemas.ts';
import { hazardInScope } from '../hazards/scope-sql.ts';
import { partiesOf, presentHazard, selectHazards } from '../hazards/store.ts';
import { assignedToPrincipal, reviewableBy } from '../tasks/actor-sql.ts';
import { Task } from '../tasks/schemas.ts';
import { taskInScope } from '../tasks/scope-sql.ts';
import { presentTask, selectTasks } from '../tasks/store.ts';
import { OPEN_TASK_STATES } from '../tasks/vocabulary.ts';

/** How many of each kind of work one answer lists (the counts are always complete). */
const SECTION = 50;

const section = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), items: z.array(item) });

const MyWork = z
  .object({
    hazardsToRoute: section(Hazard).describe('reported, waiting to be routed (routers)'),
    hazardsToFix: section(Hazard).describe('routed to a party the caller works for, not yet submitted'),
    hazardsToVerify: section(Hazard).describe('submitted fixes waiting for verification (routers)'),
    tasksToDo: section(Task).describe('tasks of the caller’s units that still owe work'),
    tasksToReview: section(Task).describe('submitted tasks the caller may accept or return'),
  })
  .meta({ id: 'MyWork' });

/**
 * Work lists are for the people of a district. Every district role holds hazards.read and no
 * oversight or platform role does, so that permission is what "holds a district role" means here:
 * an oversight office or a platform operator gets 403 like on every other district route.
 */
const route = defineRoute({
  method: 'get',
  path: '/my/work',
  operationId: 'getMyWork',
  tags: ['me'],
  summary: '我的待办 / Hazards and tasks waiting for the caller, soonest deadline first',
  permission: 'hazards.read',
  responses: { 200: json(MyWork, 'the caller’s work') },
});

const empty = { total: 0, items: [] };

async function hazardSection(tx: Db, principal: Principal, now: Date, where: SQL) {
  const scoped = and(hazardInScope(principal), where);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(hazards).where(scoped);
  const rows = await selectHazards(tx, scoped)
    .orderBy(sql`coalesce(${hazards.dueAt}, ${hazards.reportedAt})`, asc(hazards.id))
    .limit(SECTION);
  const parties = await partiesOf(
    tx,
    principal.tenantId,
    rows.map((r) => r.id),
  );
  return { total: count?.n ?? 0, items: rows.map((r) => presentHazard(r, parties, now)) };
}

async function taskSection(tx: Db, principal: Principal, now: Date, where: SQL) {
  const scoped = and(taskInScope(principal), where);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .innerJoin(taskAssignments, eq(taskAssignments.id, tasks.assignmentId))
    .where(scoped);
  const rows = await selectTasks(tx, scoped).orderBy(asc(tasks.dueAt), asc(tasks.id)).limit(SECTION);
  return { total: count?.n ?? 0, items: rows.map((r) => presentTask(r, now)) };
}

export function registerMyWorkRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const tx = c.get('tx');
    const now = c.get('deps').clock();
    const routes = hasPermission(principal, 'hazards.route');
    const fixes = hasPermission(principal, 'hazards.rectify');
    const readsTasks = hasPermission(principal, 'tasks.read');
    return c.json(
      {
        hazardsToRoute: routes ? await hazardSection(tx, principal, now, eq(hazards.state, 'reported')) : empty,
        hazardsToFix: fixes
          ? await hazardSection(tx, principal, now, and(inArray(hazards.state, ['routed', 'rectifying']), assignedTo(principal))!)
          : empty,
        hazardsToVerify: routes ? await hazardSection(tx, principal, now, eq(hazards.state, 'submitted')) : empty,
        tasksToDo: readsTasks
          ? await taskSection(tx, principal, now, and(inArray(tasks.state, [...OPEN_TASK_STATES]), assignedToPrincipal(principal))!)
          : empty,
        tasksToReview: readsTasks
          ? await taskSection(
              tx,
              principal,
              now,
              and(eq(tasks.state, 'submitted'), reviewableBy(principal), sql`not (${assignedToPrincipal(principal)})`)!,
            )
          : empty,
      },
      200,
    );
  });
}
