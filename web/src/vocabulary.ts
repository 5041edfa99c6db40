/**
 * The server's vocabularies as the SPA uses them: roles, permissions, kinds, states and their
 * orders. They are the server's own modules (pure data, no I/O), imported here so the SPA and the
 * API can never disagree about a role or a state. The shapes of requests and answers are not here:
 * they come from the OpenAPI document (api-types.ts).
 */
import type { Frequency } from '../../src/features/duties/recurrence.ts';

export { MONTH_PATTERN } from '../../src/features/assessments/months.ts';
export {
  ADJUSTMENT_KINDS,
  type AdjustmentKind,
  ASSESSMENT_STATUSES,
  type AssessmentStatus,
  type CountedSubject,
  FLAG_CODES,
  type FlagCode,
  INDICATOR_KEYS,
  INDICATORS,
  type IndicatorKey,
  UNIT_KINDS,
  type UnitKind,
} from '../../src/features/assessments/vocabulary.ts';
// Type only: the calendar module pulls in date-fns; the SPA lists the frequencies itself.
export type { Frequency } from '../../src/features/duties/recurrence.ts';
export { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from '../../src/features/evidence/vocabulary.ts';
export { DUE_STATUSES, type DueStatus } from '../../src/features/facilities/rules.ts';
export {
  FACILITY_KINDS,
  FACILITY_STATUSES,
  type FacilityKind,
  type FacilityStatus,
  MAINTENANCE_RESULTS,
  MAINTENANCE_STATES,
  type MaintenanceCheck,
  type MaintenanceFrequency,
  type MaintenanceResult,
  type MaintenanceState,
} from '../../src/features/facilities/vocabulary.ts';
export {
  EVIDENCE_STAGES,
  HAZARD_OUTCOMES,
  HAZARD_SOURCES,
  HAZARD_STATES,
  type HazardOutcome,
  type HazardSource,
  type HazardState,
  PARTY_KINDS,
  type PartyKind,
  SEVERITIES,
  type Severity,
} from '../../src/features/hazards/vocabulary.ts';
// Type only: workflow.ts itself pulls in date libraries the SPA does not need.
export type { Action } from '../../src/features/hazards/workflow.ts';
export {
  type ChecklistItem,
  INSPECTION_STATUSES,
  INSPECTION_TARGETS,
  type InspectionKind,
  type InspectionStatus,
  type InspectionTarget,
  ITEM_RESULTS,
  type ItemResult,
  PATROL_RESULTS,
  type PatrolResult,
} from '../../src/features/inspections/vocabulary.ts';
// Type only: the workflow module pulls in the shared gate of the timelines; the due rows are computed in the database.
export type { MaintenanceAction } from '../../src/features/maintenance/workflow.ts';
export { COVERAGE_LEVELS, type CoverageLevel, PATROL_UNIT_KINDS } from '../../src/features/patrols/vocabulary.ts';
export {
  DEPARTMENT_KINDS,
  ORG_UNIT_KINDS,
  ORG_UNIT_PARENT_KINDS,
  type OrgUnitKind,
  PLACE_TYPES,
  RISK_LEVELS,
} from '../../src/features/registry/vocabulary.ts';
// Type only: the selector module resolves assignees in the database (drizzle).
export type { AssigneeSelector } from '../../src/features/tasks/selector.ts';
export {
  ASSIGNEE_KINDS,
  type AssigneeKind,
  CAMPAIGN_STATUSES,
  type CampaignStatus,
  type DoneDefinition,
  EVIDENCE_KINDS,
  type EvidenceKind,
  OPEN_TASK_STATES,
  TASK_STATES,
  type TaskProgress,
  type TaskState,
} from '../../src/features/tasks/vocabulary.ts';
// Type only: the workflow module pulls in the hazard policy (date libraries).
export type { TaskAction } from '../../src/features/tasks/workflow.ts';
export { type Permission, ROLE_DEFINITIONS as ROLE_INFO, ROLES, type Role, type ScopeKind } from '../../src/platform/authz/roles.ts';

/** The recurrence of a duty, in the order the form offers them. */
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly'] as const satisfies readonly Frequency[];
