import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import * as z from 'zod';
import { hazards, tasks } from '../../db/schema/index.ts';
import { hasPermission, type Principal } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, json } from '../../platform/http/route.ts';
import { assignedTo } from '../hazards/list.ts';
import { Hazard } from '../hazards/schemas.ts';
import { hazardInScope } from '../hazards/scope-sql.ts';
import { partiesColumn, presentHazard, selectHazards } from '../hazards/store.ts';
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

/**
 * Several sections of one list in one statement: each row is labelled with the first section whose
 * condition it meets, ranked within its section (soonest deadline first) and counted per section
 * by window functions. Ordered by that rank, the first SECTION × sections rows hold every
 * section's first SECTION rows, whatever the sizes.
 */
function sectioned<K extends string>(sections: readonly (readonly [K, SQL])[], order: SQL) {
  const label = sql<K>`(case ${sql.join(
    sections.map(([key, condition]) => sql`when ${condition} then ${key}`),
    sql` `,
  )} end)`;
  return {
    where: or(...sections.map(([, condition]) => condition)),
    columns: {
      section: label,
      rank: sql<number>`row_number() over (partition by ${label} order by ${order})`.mapWith(Number),
      sectionTotal: sql<number>`count(*) over (partition by ${label})`.mapWith(Number),
    },
    limit: SECTION * sections.length,
    /** The rows of section `key`, and how many it has in all. */
    split<R extends { section: K; rank: number; sectionTotal: number }>(rows: readonly R[], key: K) {
      const mine = rows.filter((r) => r.section === key && r.rank <= SECTION);
      return {
        total: mine[0]?.sectionTotal ?? 0,
        rows: mine.map(({ section: _s, rank: _r, sectionTotal: _t, ...row }) => row),
      };
    },
  };
}

type HazardSection = 'hazardsToRoute' | 'hazardsToFix' | 'hazardsToVerify';
type TaskSection = 'tasksToDo' | 'tasksToReview';

async function hazardSections(tx: Db, principal: Principal, now: Date, sections: readonly (readonly [HazardSection, SQL])[]) {
  const order = sql`coalesce(${hazards.dueAt}, ${hazards.reportedAt}), ${hazards.id}`;
  const set = sectioned(sections, order);
  const rows = sections.length
    ? await selectHazards(tx, and(hazardInScope(principal), set.where), { ...set.columns, parties: partiesColumn })
        .orderBy(set.columns.rank, order)
        .limit(set.limit)
    : [];
  return (key: HazardSection) => {
    const { total, rows: mine } = set.split(rows, key);
    return { total, items: mine.map((r) => presentHazard(r, r.parties, now)) };
  };
}

async function taskSections(tx: Db, principal: Principal, now: Date, sections: readonly (readonly [TaskSection, SQL])[]) {
  const order = sql`${tasks.dueAt}, ${tasks.id}`;
  const set = sectioned(sections, order);
  const rows = sections.length
    ? await selectTasks(tx, and(taskInScope(principal), set.where), set.columns)
        .orderBy(set.columns.rank, order)
        .limit(set.limit)
    : [];
  return (key: TaskSection) => {
    const { total, rows: mine } = set.split(rows, key);
    return { total, items: mine.map((r) => presentTask(r, now)) };
  };
}

export function registerMyWorkRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const principal = c.get('principal');
    const tx = c.get('tx');
    const now = c.get('deps').clock();
    const routes = hasPermission(principal, 'hazards.route');
    const fixes = hasPermission(principal, 'hazards.rectify');
    const readsTasks = hasPermission(principal, 'tasks.read');
    // The sections a role has, each a condition; a hazard (a task) meets at most one of them.
    const hazardSet: (readonly [HazardSection, SQL])[] = [];
    if (routes) hazardSet.push(['hazardsToRoute', eq(hazards.state, 'reported')]);
    if (fixes) hazardSet.push(['hazardsToFix', and(inArray(hazards.state, ['routed', 'rectifying']), assignedTo(principal))!]);
    if (routes) hazardSet.push(['hazardsToVerify', eq(hazards.state, 'submitted')]);
    const taskSet: (readonly [TaskSection, SQL])[] = readsTasks
      ? [
          ['tasksToDo', and(inArray(tasks.state, [...OPEN_TASK_STATES]), assignedToPrincipal(principal))!],
          ['tasksToReview', and(eq(tasks.state, 'submitted'), reviewableBy(principal), sql`not (${assignedToPrincipal(principal)})`)!],
        ]
      : [];
    // Two statements, whatever the role: every hazard section in one, every task section in the other.
    const hazardSection = await hazardSections(tx, principal, now, hazardSet);
    const taskSection = await taskSections(tx, principal, now, taskSet);
    return c.json(
      {
        hazardsToRoute: hazardSection('hazardsToRoute'),
        hazardsToFix: hazardSection('hazardsToFix'),
        hazardsToVerify: hazardSection('hazardsToVerify'),
        tasksToDo: taskSection('tasksToDo'),
        tasksToReview: taskSection('tasksToReview'),
      },
      200,
    );
  });
}
