import { and, eq } from 'drizzle-orm';
import { assessmentAdjustments, hazards, maintenanceRecords, patrols, tasks } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import type { Subject, SubjectType } from './vocabulary.ts';

/** The table holding each kind of subject, and what users call it. */
const SUBJECTS = {
  hazard: { table: hazards, what: '隐患' },
  task: { table: tasks, what: '任务' },
  maintenance_record: { table: maintenanceRecords, what: '维保记录' },
  // Insert-only for the app (no row lock possible): a patrol's one photo is claimed as it is made.
  patrol: { table: patrols, what: '巡查' },
  assessment_adjustment: { table: assessmentAdjustments, what: '考核加减分' },
} satisfies Record<SubjectType, unknown>;

/**
 * Locks the subject's row for the rest of the transaction (concurrent attachments to one subject
 * are counted one after the other), or 404 when this district has no such subject.
 */
export async function lockSubject(tx: Db, tenantId: string, subject: Subject): Promise<void> {
  const { table, what } = SUBJECTS[subject.type];
  const [row] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, subject.id)))
    .for('update');
  if (!row) throw notFound(what);
}
