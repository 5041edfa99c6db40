import { and, eq } from 'drizzle-orm';
import { assessmentAdjustments, hazards, maintenanceRecords, patrols, tasks } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import type { Resource } from '../../platform/problems/resources.ts';
import type { Subject, SubjectType } from './vocabulary.ts';

/** The table holding each kind of subject, and the noun problems name it by (RESOURCES). */
const SUBJECTS = {
  hazard: { table: hazards, resource: 'hazard' },
  task: { table: tasks, resource: 'task' },
  maintenance_record: { table: maintenanceRecords, resource: 'maintenance_record' },
  // Insert-only for the app (no row lock possible): a patrol's one photo is claimed as it is made.
  patrol: { table: patrols, resource: 'patrol' },
  assessment_adjustment: { table: assessmentAdjustments, resource: 'adjustment' },
} satisfies Record<SubjectType, { resource: Resource; table: unknown }>;

/** What a 404 or a 409 about this kind of subject calls it. */
export const resourceOf = (type: SubjectType): Resource => SUBJECTS[type].resource;

/**
 * Locks the subject's row for the rest of the transaction (concurrent attachments to one subject
 * are counted one after the other), or 404 when this district has no such subject.
 */
export async function lockSubject(tx: Db, tenantId: string, subject: Subject): Promise<void> {
  const { table, resource } = SUBJECTS[subject.type];
  const [row] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, subject.id)))
    .for('update');
  if (!row) throw notFound(resource);
}
