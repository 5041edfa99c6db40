import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type * as z from 'zod';
import { orgUnits, taskAssignments, tasks } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { containsText } from '../../platform/http/pagination.ts';
import { localDayStart } from '../hazards/list.ts';
import { assignedToPrincipal, reviewableBy } from './actor-sql.ts';
import type { TaskListQuery } from './schemas.ts';
import { OPEN_TASK_STATES } from './vocabulary.ts';

const area = alias(orgUnits, 'filter_area');

/** Open and past its deadline: the SQL twin of isTaskOverdue. */
export const overdueSql = (now: Date): SQL => sql`(${tasks.state} in ${[...OPEN_TASK_STATES]} and ${tasks.dueAt} < ${now.toISOString()})`;

/** The task board's filters as SQL; dates are the district's calendar days. */
export function taskFilters(query: z.output<typeof TaskListQuery>, principal: Principal, now: Date, timeZone: string): SQL[] {
  const out: (SQL | undefined)[] = [
    query.state ? eq(tasks.state, query.state) : undefined,
    query.open === true
      ? inArray(tasks.state, [...OPEN_TASK_STATES])
      : query.open === false
        ? sql`${tasks.state} not in ${[...OPEN_TASK_STATES]}`
        : undefined,
    query.overdue === true ? overdueSql(now) : query.overdue === false ? sql`not ${overdueSql(now)}` : undefined,
    query.campaignId ? eq(taskAssignments.campaignId, query.campaignId) : undefined,
    query.phaseId ? eq(taskAssignments.phaseId, query.phaseId) : undefined,
    query.dutyId ? eq(taskAssignments.dutyId, query.dutyId) : undefined,
    query.assignmentId ? eq(tasks.assignmentId, query.assignmentId) : undefined,
    query.orgUnitId
      ? sql`${orgUnits.path} like (select ${area.path} from ${orgUnits} as ${sql.identifier('filter_area')}
          where ${area.id} = ${query.orgUnitId} and ${area.tenantId} = ${principal.tenantId}) || '%'`
      : undefined,
    query.departmentId ? eq(tasks.departmentId, query.departmentId) : undefined,
    query.companyId ? eq(tasks.companyId, query.companyId) : undefined,
    query.assignedToMe ? assignedToPrincipal(principal) : undefined,
    query.toReview
      ? sql`(${tasks.state} = 'submitted' and ${reviewableBy(principal)} and not (${assignedToPrincipal(principal)}))`
      : undefined,
    query.dueFrom ? sql`${tasks.dueAt} >= ${localDayStart(query.dueFrom, timeZone).toISOString()}` : undefined,
    query.dueTo ? sql`${tasks.dueAt} < ${localDayStart(query.dueTo, timeZone, 1).toISOString()}` : undefined,
    containsText(query.q, taskAssignments.title, taskAssignments.description),
  ];
  return out.filter((x): x is SQL => x !== undefined);
}
