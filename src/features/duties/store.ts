import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { campaigns, duties, taskAssignments, tasks } from '../../db/schema/index.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { overdueSql } from '../tasks/list.ts';
import { taskInScope } from '../tasks/scope-sql.ts';
import { OPEN_TASK_STATES } from '../tasks/vocabulary.ts';
import { periodLabel } from './generate.ts';
import { FREQUENCY_LABELS, periodAt, periodOfDate } from './recurrence.ts';

export const dutyColumns = {
  id: duties.id,
  name: duties.name,
  description: duties.description,
  frequency: duties.frequency,
  assignees: duties.assignees,
  done: duties.done,
  weight: duties.weight,
  startsOn: duties.startsOn,
  endsOn: duties.endsOn,
  active: duties.active,
  campaignId: duties.campaignId,
  campaignName: campaigns.name,
  version: duties.version,
  createdAt: duties.createdAt,
  updatedAt: duties.updatedAt,
};

export type DutyRow = Awaited<ReturnType<typeof selectDuties<NoColumns>>>[number];

/**
 * Duties with their campaign's name; `where` must carry tenant and scope (dutyInScope). `extra`:
 * what a list selects beside them (`{ total: ks.total }`); single-row reads pass nothing and
 * compute no window.
 */
export function selectDuties<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...dutyColumns, ...extra })
    .from(duties)
    .leftJoin(campaigns, eq(campaigns.id, duties.campaignId))
    .where(where);
}

/**
 * Object-level check for duties, always including the tenant: the committee (district-wide
 * readers) sees every duty of the district; anyone else sees a duty once one of its instances was
 * given to a unit of their scope (a street's station sees the weekly study its street owes, not
 * the property companies' duty logs).
 */
export function dutyInScope(principal: Principal): SQL {
  const tenant = eq(duties.tenantId, principal.tenantId);
  const scope = scopeOf(principal, 'tasks.read');
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  return and(
    tenant,
    sql`exists (select 1 from ${taskAssignments} inner join ${tasks} on ${tasks.assignmentId} = ${taskAssignments.id}
      where ${taskAssignments.tenantId} = ${principal.tenantId} and ${taskAssignments.dutyId} = ${duties.id} and ${taskInScope(principal)})`,
  )!;
}

export async function visibleDuty(tx: Db, principal: Principal, id: string): Promise<DutyRow> {
  const [row] = await selectDuties(tx, and(dutyInScope(principal), eq(duties.id, id)));
  if (!row) throw notFound('duty');
  return row;
}

export function presentDuty(row: DutyRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    frequency: row.frequency,
    frequencyLabel: FREQUENCY_LABELS[row.frequency],
    assignees: row.assignees,
    done: row.done,
    weight: row.weight,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    active: row.active,
    campaignId: row.campaignId,
    campaignName: row.campaignName,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The period running at `now`, if the duty is active and `now` lies inside its dates. */
export function currentPeriod(row: Pick<DutyRow, 'frequency' | 'startsOn' | 'endsOn' | 'active'>, now: Date, timeZone: string) {
  if (!row.active) return null;
  const period = periodAt(row.frequency, now, timeZone);
  const first = periodOfDate(row.frequency, row.startsOn, timeZone);
  const last = row.endsOn === null ? null : periodOfDate(row.frequency, row.endsOn, timeZone);
  if (period.startsAt < first.startsAt || (last && period.startsAt > last.startsAt)) return null;
  return {
    key: period.key,
    label: periodLabel(row.frequency, period, timeZone),
    startsAt: period.startsAt.toISOString(),
    dueAt: period.dueAt.toISOString(),
  };
}

const count = (where: SQL) => sql<number>`(count(*) filter (where ${where}))::int`;

/**
 * The newest `limit` generated periods of a duty with the state of their tasks, counting only the
 * tasks the caller can see (so a station's numbers are its own street's). One query.
 */
export async function recentInstances(tx: Db, principal: Principal, dutyId: string, now: Date, limit: number) {
  const scoped = and(eq(taskAssignments.tenantId, principal.tenantId), eq(taskAssignments.dutyId, dutyId), taskInScope(principal));
  const rows = await tx
    .select({
      assignmentId: taskAssignments.id,
      periodKey: taskAssignments.periodKey,
      title: taskAssignments.title,
      dueAt: taskAssignments.dueAt,
      generatedAt: taskAssignments.createdAt,
      total: sql<number>`count(*)::int`,
      done: count(sql`${tasks.state} = 'done'`),
      submitted: count(sql`${tasks.state} = 'submitted'`),
      open: count(inArray(tasks.state, [...OPEN_TASK_STATES])!),
      overdue: count(overdueSql(now)),
      cancelled: count(sql`${tasks.state} = 'cancelled'`),
    })
    .from(taskAssignments)
    .innerJoin(tasks, eq(tasks.assignmentId, taskAssignments.id))
    .where(scoped)
    .groupBy(taskAssignments.id)
    .orderBy(desc(taskAssignments.dueAt))
    .limit(limit);
  return rows.map((r) => ({
    periodKey: r.periodKey!,
    assignmentId: r.assignmentId,
    title: r.title,
    dueAt: r.dueAt.toISOString(),
    generatedAt: r.generatedAt.toISOString(),
    total: r.total,
    done: r.done,
    submitted: r.submitted,
    open: r.open,
    overdue: r.overdue,
    cancelled: r.cancelled,
  }));
}
