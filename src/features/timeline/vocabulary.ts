/**
 * What a timeline and its evidence can belong to. Hazards and tasks share one append-only,
 * hash-chained timeline and one evidence store; the subject type says whose rows they are.
 */
export const SUBJECT_TYPES = ['hazard', 'task', 'maintenance_record', 'patrol', 'assessment_adjustment'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface Subject {
  type: SubjectType;
  id: string;
}
