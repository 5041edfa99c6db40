import { eq, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { campaignPhases, campaigns, companies, departments, orgUnits, taskAssignments, tasks } from '../../db/schema/index.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { isTaskOverdue } from './workflow.ts';

/** The columns every task answer carries: the task, what was assigned, and the names users read. */
export const taskColumns = {
  id: tasks.id,
  assignmentId: tasks.assignmentId,
  campaignId: taskAssignments.campaignId,
  campaignName: campaigns.name,
  phaseId: taskAssignments.phaseId,
  phaseName: campaignPhases.name,
  dutyId: taskAssignments.dutyId,
  periodKey: taskAssignments.periodKey,
  title: taskAssignments.title,
  description: taskAssignments.description,
  done: taskAssignments.done,
  weight: taskAssignments.weight,
  assignedBy: taskAssignments.createdBy,
  createdAt: taskAssignments.createdAt,
  kind: tasks.kind,
  orgUnitId: tasks.orgUnitId,
  departmentId: tasks.departmentId,
  companyId: tasks.companyId,
  orgUnitName: orgUnits.name,
  orgUnitPath: orgUnits.path,
  departmentName: departments.name,
  companyName: companies.name,
  state: tasks.state,
  progress: tasks.progress,
  dueAt: tasks.dueAt,
  submittedAt: tasks.submittedAt,
  completedAt: tasks.completedAt,
  escalationLevel: tasks.escalationLevel,
  returnCount: tasks.returnCount,
  chainHead: tasks.chainHead,
  version: tasks.version,
};

export type TaskRow = Awaited<ReturnType<typeof selectTasks<NoColumns>>>[number];

/**
 * Tasks with what was assigned and who it went to; `where` must carry tenant and scope. `extra`:
 * what a list selects beside them (`{ total: ks.total }`); single-row reads pass nothing and
 * compute no window.
 */
export function selectTasks<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...taskColumns, ...extra })
    .from(tasks)
    .innerJoin(taskAssignments, eq(taskAssignments.id, tasks.assignmentId))
    .leftJoin(campaigns, eq(campaigns.id, taskAssignments.campaignId))
    .leftJoin(campaignPhases, eq(campaignPhases.id, taskAssignments.phaseId))
    .leftJoin(orgUnits, eq(orgUnits.id, tasks.orgUnitId))
    .leftJoin(departments, eq(departments.id, tasks.departmentId))
    .leftJoin(companies, eq(companies.id, tasks.companyId))
    .where(where);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTask(row: TaskRow, now: Date) {
  return {
    id: row.id,
    assignmentId: row.assignmentId,
    campaignId: row.campaignId,
    campaignName: row.campaignName,
    phaseId: row.phaseId,
    phaseName: row.phaseName,
    dutyId: row.dutyId,
    periodKey: row.periodKey,
    title: row.title,
    description: row.description,
    done: row.done,
    weight: row.weight,
    assignee: {
      kind: row.kind,
      orgUnitId: row.orgUnitId,
      departmentId: row.departmentId,
      companyId: row.companyId,
      name: row.orgUnitName ?? row.departmentName ?? row.companyName ?? '',
    },
    state: row.state,
    progress: row.progress,
    dueAt: row.dueAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    completedAt: iso(row.completedAt),
    overdue: isTaskOverdue(row, now),
    onTime: row.state === 'done' ? row.submittedAt !== null && row.submittedAt.getTime() <= row.dueAt.getTime() : null,
    escalationLevel: row.escalationLevel,
    returnCount: row.returnCount,
    version: row.version,
  };
}
