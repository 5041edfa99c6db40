import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { companies, departments, hazards, orgUnits, taskAssignments, tasks } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, IdParam, json } from '../../platform/http/route.ts';
import { localDayStart } from '../hazards/list.ts';
import { hazardInScope } from '../hazards/scope-sql.ts';
import { taskInScope } from '../tasks/scope-sql.ts';
import { ASSIGNEE_KINDS, type AssigneeKind, OPEN_TASK_STATES } from '../tasks/vocabulary.ts';
import { CampaignDashboard } from './dashboard-schemas.ts';
import { type CampaignRow, currentPhase, localToday, type PhaseRow, phasesOf, visibleCampaign } from './store.ts';

/**
 * The campaign dashboard (专项行动进度看板): task counts per phase and per unit, the units most
 * behind first, and the hazards found and fixed in the campaign's area and period. Everything is
 * counted in SQL (GROUP BY with FILTER), a few statements whatever the number of tasks (a campaign
 * can hold 20,000), and only over what the caller may see: the committee sees every task, a
 * station its street's, a department its own (taskInScope / hazardInScope).
 */

export interface Counts {
  total: number;
  done: number;
  onTime: number;
  open: number;
  overdue: number;
  submitted: number;
  returned: number;
  cancelled: number;
}

export const ZERO: Counts = { total: 0, done: 0, onTime: 0, open: 0, overdue: 0, submitted: 0, returned: 0, cancelled: 0 };

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    total: a.total + b.total,
    done: a.done + b.done,
    onTime: a.onTime + b.onTime,
    open: a.open + b.open,
    overdue: a.overdue + b.overdue,
    submitted: a.submitted + b.submitted,
    returned: a.returned + b.returned,
    cancelled: a.cancelled + b.cancelled,
  };
}

/** A share rounded to 4 decimals, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
export const completionRate = (c: Counts) => ratio(c.done, c.total - c.cancelled);
export const onTimeRate = (c: Counts) => ratio(c.onTime, c.done);

/** `count(*) filter (where …)` as an int. */
export const countWhere = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;

type Expr = SQL | SQL.Aliased | AnyPgColumn;

/**
 * The Counts of a group of tasks from the expressions of each task's state, deadline and
 * submission time at `at`: the current columns for the dashboard, values replayed from the
 * timeline for the end of a past week (bulletin.ts).
 */
export function countColumns(t: { state: Expr; dueAt: Expr; submittedAt: Expr }, at: Date) {
  const open = sql`${t.state} in ${[...OPEN_TASK_STATES]}`;
  return {
    total: sql<number>`count(*)::int`,
    done: countWhere(sql`${t.state} = 'done'`),
    onTime: countWhere(sql`${t.state} = 'done' and ${t.submittedAt} <= ${t.dueAt}`),
    open: countWhere(open),
    overdue: countWhere(sql`${open} and ${t.dueAt} < ${at.toISOString()}`),
    submitted: countWhere(sql`${t.state} = 'submitted'`),
    returned: countWhere(sql`${t.state} = 'returned'`),
    cancelled: countWhere(sql`${t.state} = 'cancelled'`),
  };
}

export function pickCounts(row: Counts): Counts {
  const { total, done, onTime, open, overdue, submitted, returned, cancelled } = row;
  return { total, done, onTime, open, overdue, submitted, returned, cancelled };
}

/** The campaign's tasks the caller may see; join taskAssignments. */
export const campaignTasks = (principal: Principal, campaignId: string): SQL =>
  and(eq(taskAssignments.tenantId, principal.tenantId), eq(taskAssignments.campaignId, campaignId), taskInScope(principal))!;

interface AssigneeColumns {
  kind: Expr;
  orgUnitId: Expr;
  departmentId: Expr;
  companyId: Expr;
}

/**
 * Per-unit grouping over tasks (or a derived table with the same columns) left-joined to
 * orgUnits, departments and companies: the unit, its name, and a key that sorts org units in
 * the tree's order. Group by `unitGroupBy(t)`.
 */
export function unitColumns(t: AssigneeColumns) {
  return {
    kind: sql<AssigneeKind>`${t.kind}`,
    id: sql<string>`coalesce(${t.orgUnitId}, ${t.departmentId}, ${t.companyId})::text`,
    name: sql<string>`coalesce(max(${orgUnits.name}), max(${departments.name}), max(${companies.name}), '')`,
    sortKey: sql<string>`coalesce(max(${orgUnits.path}), max(${departments.name}), max(${companies.name}), '')`,
  };
}
export const unitGroupBy = (t: AssigneeColumns) => [t.kind, t.orgUnitId, t.departmentId, t.companyId];

/** Org units first (in tree order), then departments, then companies (by name). */
export function byUnitOrder(a: { kind: AssigneeKind; sortKey: string }, b: { kind: AssigneeKind; sortKey: string }): number {
  const k = ASSIGNEE_KINDS.indexOf(a.kind) - ASSIGNEE_KINDS.indexOf(b.kind);
  return k !== 0 ? k : a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0;
}

/** The campaign's period: 00:00 local of the first phase's first day to 00:00 after the last phase's last day. */
export function campaignPeriod(phases: readonly PhaseRow[], timeZone: string): { from: Date; to: Date } | null {
  const first = phases[0];
  const last = phases.at(-1);
  if (!first || !last) return null;
  return { from: localDayStart(first.startsOn, timeZone), to: localDayStart(last.endsOn, timeZone, 1) };
}

/**
 * Hazards the caller may see, in the campaign's area (the scope org unit's subtree; none = the
 * whole district), reported in [from, to).
 */
export function campaignHazards(principal: Principal, campaign: CampaignRow, from: Date, to: Date): SQL {
  return and(
    hazardInScope(principal),
    campaign.scopeOrgUnitId
      ? sql`${hazards.orgUnitId} in (select ${orgUnits.id} from ${orgUnits}
          where ${orgUnits.tenantId} = ${principal.tenantId} and ${orgUnits.path} like ${`${campaign.scopeOrgUnitPath ?? ''}%`})`
      : undefined,
    sql`${hazards.reportedAt} >= ${from.toISOString()}`,
    sql`${hazards.reportedAt} < ${to.toISOString()}`,
  )!;
}

/** Past its response deadline (routed, not accepted) or its rectification deadline, at `at`. */
export const hazardOverdueSql = (at: Date): SQL =>
  sql`((${hazards.state} = 'routed' and ${hazards.respondBy} < ${at.toISOString()}) or (${hazards.state} = 'rectifying' and ${hazards.dueAt} < ${at.toISOString()}))`;

export async function campaignDashboard(tx: Db, principal: Principal, campaign: CampaignRow, now: Date) {
  const timeZone = await tenantTimeZone(tx, principal.tenantId);
  const today = localToday(now, timeZone);
  const phases = await phasesOf(tx, principal.tenantId, [campaign.id]);
  const current = currentPhase(phases, today);
  const counts = countColumns(tasks, now);
  const where = campaignTasks(principal, campaign.id);

  const unitRows = await tx
    .select({ ...unitColumns(tasks), ...counts })
    .from(tasks)
    .innerJoin(taskAssignments, eq(taskAssignments.id, tasks.assignmentId))
    .leftJoin(orgUnits, eq(orgUnits.id, tasks.orgUnitId))
    .leftJoin(departments, eq(departments.id, tasks.departmentId))
    .leftJoin(companies, eq(companies.id, tasks.companyId))
    .where(where)
    .groupBy(...unitGroupBy(tasks));

  const phaseRows = await tx
    .select({ phaseId: taskAssignments.phaseId, ...counts })
    .from(tasks)
    .innerJoin(taskAssignments, eq(taskAssignments.id, tasks.assignmentId))
    .where(where)
    .groupBy(taskAssignments.phaseId);
  const perPhase = new Map(phaseRows.map((r) => [r.phaseId, pickCounts(r)]));

  const period = campaignPeriod(phases, timeZone);
  const [hz] = period
    ? await tx
        .select({
          found: sql<number>`count(*)::int`,
          fixed: countWhere(sql`${hazards.state} = 'closed' and ${hazards.outcome} = 'fixed'`),
          open: countWhere(sql`${hazards.state} <> 'closed'`),
          overdue: countWhere(hazardOverdueSql(now)),
        })
        .from(hazards)
        .where(campaignHazards(principal, campaign, period.from, period.to))
    : [];

  const units = unitRows
    .map((r) => {
      const c = pickCounts(r);
      return {
        kind: r.kind,
        id: r.id,
        name: r.name,
        sortKey: r.sortKey,
        counts: c,
        completionRate: completionRate(c),
        onTimeRate: onTimeRate(c),
      };
    })
    // The most behind first: most overdue, then the lowest completion (units with nothing to
    // complete last), then in the tree's order.
    .sort(
      (a, b) =>
        b.counts.overdue - a.counts.overdue ||
        (a.completionRate ?? Number.POSITIVE_INFINITY) - (b.completionRate ?? Number.POSITIVE_INFINITY) ||
        byUnitOrder(a, b),
    );

  const totals = units.reduce((sum, u) => addCounts(sum, u.counts), ZERO);
  return {
    campaignId: campaign.id,
    asOf: now.toISOString(),
    today,
    currentPhaseId: current?.id ?? null,
    totals,
    completionRate: completionRate(totals),
    onTimeRate: onTimeRate(totals),
    phases: phases.map((p) => ({
      id: p.id,
      name: p.name,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      current: p.id === current?.id,
      counts: perPhase.get(p.id) ?? ZERO,
    })),
    units: units.map(({ sortKey: _sortKey, ...u }) => u),
    hazards: hz ?? { found: 0, fixed: 0, open: 0, overdue: 0 },
  };
}

const dashboard = defineRoute({
  method: 'get',
  path: '/campaigns/{id}/dashboard',
  operationId: 'getCampaignDashboard',
  tags: ['campaigns'],
  summary: '专项行动进度看板 / Campaign dashboard: tasks per phase and unit (most behind first), hazards in its area and period',
  description:
    '只统计调用者可见的任务和隐患：区消安委看全区，街道工作站看本街道。完成率 = 已完成 / (总数 − 已撤销)，按时率 = 按时完成 / 已完成，分母为0时为 null。' +
    ' / Counts only what the caller may see. completionRate = done ÷ (total − cancelled); onTimeRate = onTime ÷ done; null when the denominator is 0.',
  permission: 'tasks.read',
  request: { params: IdParam },
  responses: { 200: json(CampaignDashboard, 'the dashboard') },
});

export function registerCampaignDashboardRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(dashboard, async (c) => {
    const tx = c.get('tx');
    const principal = c.get('principal');
    const campaign = await visibleCampaign(tx, principal, c.req.valid('param').id);
    return c.json(await campaignDashboard(tx, principal, campaign, c.get('deps').clock()), 200);
  });
}
