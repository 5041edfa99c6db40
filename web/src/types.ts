/** Shapes of the API (/api/v1) as the SPA uses them. */

export {
  DEPARTMENT_KINDS,
  ORG_UNIT_KINDS,
  ORG_UNIT_PARENT_KINDS,
  type OrgUnitKind,
  PLACE_TYPES,
  RISK_LEVELS,
} from '../../src/features/registry/vocabulary.ts';
// The vocabularies are the server's own modules (pure data, no I/O), so the SPA and the API can
// never disagree about a role, a permission or a kind.
export { type Permission, ROLE_DEFINITIONS as ROLE_INFO, ROLES, type Role, type ScopeKind } from '../../src/platform/authz/roles.ts';

import type { OrgUnitKind } from '../../src/features/registry/vocabulary.ts';
import type { Permission, Role } from '../../src/platform/authz/roles.ts';
import type { components, operations } from './api.generated.ts';

export type TenantKind = 'district' | 'oversight' | 'platform';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface RoleAssignment {
  role: Role;
  orgUnitId: string | null;
  departmentId: string | null;
  companyId: string | null;
}

export interface Me {
  user: { id: string; username: string; displayName: string; phone: string | null };
  tenant: { id: string; slug: string; name: string; kind: TenantKind; timeZone: string };
  roles: RoleAssignment[];
  permissions: Permission[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  children: OrgNode[];
}

export interface Versioned {
  id: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface OrgUnit extends Versioned {
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  address: string | null;
  depth: number;
}

export interface Place extends Versioned {
  orgUnitId: string;
  name: string;
  type: string;
  keyUnitLevel: number | null;
  riskLevel: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  contactName: string | null;
  contactPhone: string | null;
}

export interface Company extends Versioned {
  name: string;
  creditCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
  compoundIds: string[];
}

export interface Department extends Versioned {
  name: string;
  kind: string;
  contactName: string | null;
  contactPhone: string | null;
}

export interface User extends Versioned {
  username: string;
  displayName: string;
  phone: string | null;
  status: 'active' | 'disabled';
  roles: RoleAssignment[];
}

// ---- errors: RFC 9457 problem+json with a code of the API's catalog ----------------------------

type Schemas = components['schemas'];

/** Every problem the OpenAPI document declares (one schema per code), each with its typed `params`. */
export type ApiProblem = Schemas[Extract<keyof Schemas, `Problem${string}`>];
/** The error codes the API answers with (`problem.code`). */
export type ProblemCode = ApiProblem['code'];
/** The `params` of one code, e.g. `ProblemParams<'rate_limited'>` = `{ retryAfter: number }`. */
export type ProblemParams<C extends ProblemCode> = Extract<ApiProblem, { code: C }>['params'];

/**
 * A bad field: the server's `errors[]` entry (`code` a zod issue code or a field-level code of
 * the catalog, `message` already in the language asked for), or one a form found before sending
 * (no code).
 */
export type FieldError = Omit<Schemas['FieldError'], 'code'> & { code?: string };

/**
 * A failed call as the SPA holds it: the server's problem, or one the SPA made up (`code`
 * 'network', 'bad_response', 'form_check' for a form's own checks, or the HTTP status when the
 * body was not a problem). `title`, `detail` and field messages are in the UI's language (the SPA
 * sends Accept-Language).
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode | (string & {});
  params: Record<string, unknown>;
  requestId: string;
  errors?: FieldError[];
}

// ---- the hazard loop (隐患闭环) -----------------------------------------------------------------

export { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from '../../src/features/evidence/vocabulary.ts';
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

import type { HazardOutcome, HazardSource, HazardState, PartyKind, Severity } from '../../src/features/hazards/vocabulary.ts';
import type { Action } from '../../src/features/hazards/workflow.ts';

export interface HazardCategory extends Versioned {
  code: string;
  name: string;
  rectifyDays: number | null;
  active: boolean;
  sortOrder: number;
}

export interface PartyRef {
  kind: PartyKind;
  orgUnitId?: string | null;
  companyId?: string | null;
  departmentId?: string | null;
}

export interface HazardParty extends PartyRef {
  lead: boolean;
  name: string;
}

export interface Hazard extends Versioned {
  number: string;
  categoryId: string;
  categoryName: string;
  orgUnitId: string;
  orgUnitName: string;
  placeId: string | null;
  placeName: string | null;
  description: string;
  severity: Severity;
  source: HazardSource;
  latitude: number | null;
  longitude: number | null;
  state: HazardState;
  outcome: HazardOutcome | null;
  reporterId: string;
  reportedAt: string;
  routedAt: string | null;
  respondBy: string | null;
  dueAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  reopenCount: number;
  rejectCount: number;
  extensionCount: number;
  pendingExtension: { until: string; reason: string; requestedBy: string; requestedAt: string } | null;
  duplicateOfId: string | null;
  parties: HazardParty[];
}

export interface EvidenceRef {
  id: string;
  fileName: string;
  contentType: string;
  stage: string | null;
}

export interface HazardDetail extends Hazard {
  availableActions: Action[];
  pendingLookbacks: { id: string; title: string }[];
  evidence: EvidenceRef[];
}

/** One event of a hazard's (or, with S = TaskState, a task's) hash-chained timeline. */
export interface TimelineEvent<S extends string = HazardState> {
  seq: number;
  at: string;
  actor: { id: string; displayName: string } | null;
  action: string;
  fromState: S | null;
  toState: S;
  note: string | null;
  data: Record<string, unknown>;
  evidenceIds: string[];
  hash: string;
}

export interface ChainVerdict {
  valid: boolean;
  events: number;
  head?: string;
  brokenAtSeq?: number;
  reason?: string;
}

export interface HazardPolicy {
  respondHours: number;
  rectifyDaysGeneral: number;
  rectifyDaysMajor: number;
  escalationChain: string[];
  escalationIntervalHours: number;
  maxFilesPerHazard: number;
  version: number;
  timeZone: string;
}

export interface RoutingProposal {
  ruleId: string | null;
  lead: PartyRef | null;
  assisting: PartyRef[];
  dueInDays: number | null;
}

export interface UploadTicket {
  id: string;
  /** POST: a multipart form, `fields` first and `file` last. PUT: the bare bytes with `headers`. */
  upload: { method: 'POST' | 'PUT'; url: string; fields: Record<string, string>; headers: Record<string, string> };
  expiresAt: string;
}

export interface EvidenceDownload {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
  expiresAt: string;
}

export interface LookbackSummary {
  id: string;
  title: string;
}

// ---- task tracking (任务督办), campaigns (专项行动), recurring duties (常态化工作) -------------------

// Type only: the calendar module pulls in date-fns; the SPA lists the frequencies itself.
export type { Frequency } from '../../src/features/duties/recurrence.ts';
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

import type { Frequency } from '../../src/features/duties/recurrence.ts';
import type { AssigneeSelector } from '../../src/features/tasks/selector.ts';
import type { AssigneeKind, CampaignStatus, DoneDefinition, TaskProgress, TaskState } from '../../src/features/tasks/vocabulary.ts';
import type { TaskAction } from '../../src/features/tasks/workflow.ts';

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly'] as const satisfies readonly Frequency[];

export interface TaskAssignee {
  kind: AssigneeKind;
  orgUnitId: string | null;
  departmentId: string | null;
  companyId: string | null;
  name: string;
}

export interface Task {
  id: string;
  assignmentId: string;
  campaignId: string | null;
  campaignName: string | null;
  phaseId: string | null;
  phaseName: string | null;
  dutyId: string | null;
  periodKey: string | null;
  title: string;
  description: string;
  done: DoneDefinition;
  weight: number;
  assignee: TaskAssignee;
  state: TaskState;
  progress: TaskProgress;
  dueAt: string;
  submittedAt: string | null;
  completedAt: string | null;
  overdue: boolean;
  onTime: boolean | null;
  escalationLevel: number;
  returnCount: number;
  version: number;
}

export interface TaskDetail extends Task {
  availableActions: TaskAction[];
  evidence: EvidenceRef[];
}

export interface CreateTaskBody {
  campaignId?: string | null;
  phaseId?: string | null;
  title: string;
  description: string;
  dueOn?: string;
  done: DoneDefinition;
  weight: number;
  assignees: AssigneeSelector;
}

export interface CreatedTasks {
  assignmentId: string;
  count: number;
  tasks: { id: string; assignee: TaskAssignee }[];
}

export interface WorkSection<T> {
  total: number;
  items: T[];
}

/** GET /my/work. */
export interface MyWork {
  hazardsToRoute: WorkSection<Hazard>;
  hazardsToFix: WorkSection<Hazard>;
  hazardsToVerify: WorkSection<Hazard>;
  tasksToDo: WorkSection<Task>;
  tasksToReview: WorkSection<Task>;
}

export interface CampaignPhase {
  id: string;
  ordinal: number;
  name: string;
  goal: string | null;
  startsOn: string;
  endsOn: string;
}

export interface CampaignUnit {
  kind: AssigneeKind;
  id: string;
  name: string;
}

export interface Campaign extends Versioned {
  name: string;
  goal: string;
  scopeOrgUnitId: string | null;
  scopeOrgUnitName: string | null;
  templateCode: string | null;
  status: CampaignStatus;
  phases: CampaignPhase[];
  currentPhaseId: string | null;
  startsOn: string | null;
  endsOn: string | null;
  leads: CampaignUnit[];
  responsible: CampaignUnit[];
}

export type SuggestedAssignees = 'streets' | 'communities' | 'departments' | 'companies';

export interface CampaignTemplate {
  code: string;
  name: string;
  goal: string;
  source: string;
  phases: {
    ordinal: number;
    name: string;
    goal: string;
    length: { unit: 'days' | 'months'; count: number };
    lengthLabel: string;
    startsOn?: string;
    endsOn?: string;
  }[];
  leads: string[];
  responsible: string[];
  tasks: {
    title: string;
    description: string;
    phaseOrdinal: number;
    assignees: SuggestedAssignees;
    assigneesLabel: string;
    done: DoneDefinition;
    weight: number;
  }[];
}

/** Task counts of a campaign, a phase or a unit. */
export interface TaskCounts {
  total: number;
  done: number;
  onTime: number;
  open: number;
  overdue: number;
  submitted: number;
  returned: number;
  cancelled: number;
}

/** A unit (street, community, department, company) as the dashboard and the bulletin name it. */
export interface UnitKey {
  kind: AssigneeKind;
  id: string;
  name: string;
}

/** GET /campaigns/{id}/dashboard. Rates are 0–1, null when the denominator is 0. */
export interface CampaignDashboard {
  campaignId: string;
  asOf: string;
  today: string;
  currentPhaseId: string | null;
  totals: TaskCounts;
  phases: { id: string; name: string; startsOn: string; endsOn: string; current: boolean; counts: TaskCounts }[];
  /** The units most behind first. */
  units: (UnitKey & { counts: TaskCounts; completionRate: number | null; onTimeRate: number | null })[];
  hazards: { found: number; fixed: number; open: number; overdue: number };
}

/** GET /campaigns/{id}/bulletin?week=YYYY-Www (JSON; &format=xlsx is the workbook). */
export interface CampaignBulletin {
  campaign: { id: string; name: string };
  week: { key: string; startsOn: string; endsOn: string };
  generatedAt: string;
  asOf: string;
  counts: { assigned: number; completed: number; submitted: number; returned: number; overdueNow: number };
  cumulative: TaskCounts;
  completionRate: number | null;
  onTimeRate: number | null;
  hazards: { found: number; fixed: number };
  topOverdue: (UnitKey & { overdue: number; oldestDueAt: string })[];
  highlights: { taskId: string; title: string; unitName: string; completedAt: string }[];
  byUnit: (UnitKey & { done: number; total: number; overdue: number })[];
}

export interface Duty extends Versioned {
  name: string;
  description: string;
  frequency: Frequency;
  frequencyLabel: string;
  assignees: AssigneeSelector;
  done: DoneDefinition;
  weight: number;
  startsOn: string;
  endsOn: string | null;
  active: boolean;
  campaignId: string | null;
  campaignName: string | null;
}

/** The completion of one generated period of a duty (one assignment: its tasks counted). */
export interface DutyInstanceSummary {
  periodKey: string;
  assignmentId: string;
  title: string;
  dueAt: string;
  generatedAt: string;
  total: number;
  done: number;
  submitted: number;
  open: number;
  overdue: number;
  cancelled: number;
}

export interface DutyDetail extends Duty {
  currentPeriod: { key: string; label: string; startsAt: string; dueAt: string } | null;
  recent: DutyInstanceSummary[];
}

export interface CreateDutyBody {
  name: string;
  description: string;
  frequency: Frequency;
  assignees: AssigneeSelector;
  done: DoneDefinition;
  weight: number;
  startsOn: string;
  endsOn?: string | null;
  campaignId?: string | null;
}

// ---- inspections (检查), patrols (巡查), the facility register (消防设施) and maintenance (维保) ----

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

import type {
  FacilityKind,
  FacilityStatus,
  MaintenanceCheck,
  MaintenanceResult,
  MaintenanceState,
} from '../../src/features/facilities/vocabulary.ts';
import type {
  ChecklistItem,
  InspectionKind,
  InspectionStatus,
  InspectionTarget,
  ItemResult,
  PatrolResult,
} from '../../src/features/inspections/vocabulary.ts';
/** GET /maintenance-records/due: what each compound owes, by facility kind. */
export type MaintenanceDue = Schemas['MaintenanceDue'];

import type { MaintenanceAction } from '../../src/features/maintenance/workflow.ts';
import type { CoverageLevel } from '../../src/features/patrols/vocabulary.ts';

export interface NamedRef {
  id: string;
  name: string;
}

export interface InspectionTemplate extends Versioned {
  code: string;
  name: string;
  target: InspectionTarget;
  targetLabel: string;
  description: string;
  active: boolean;
  currentVersion: number;
  itemCount: number;
}

export interface InspectionItemResult {
  result: ItemResult;
  note: string | null;
  evidenceIds: string[];
  /** The hazard a failed item became on completion. */
  hazardId: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface Inspection extends Versioned {
  kind: InspectionKind;
  status: InspectionStatus;
  template: { id: string; code: string; name: string; target: InspectionTarget; versionId: string; versionNumber: number };
  planId: string | null;
  periodKey: string | null;
  placeId: string | null;
  placeName: string | null;
  orgUnitId: string;
  orgUnitName: string;
  inspector: NamedRef | null;
  jointDepartments: NamedRef[];
  dueOn: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** 0–100; null until completed, and when every item is n/a. */
  score: number | null;
  failedCount: number;
}

export interface InspectionDetail extends Inspection {
  items: (ChecklistItem & { result: InspectionItemResult | null })[];
  recordedCount: number;
  availableActions: ('record' | 'complete' | 'cancel')[];
}

export interface Patrol {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  placeId: string | null;
  placeName: string | null;
  patrolledBy: string;
  patrolledByName: string;
  at: string;
  result: PatrolResult;
  note: string | null;
  evidenceId: string | null;
  latitude: number | null;
  longitude: number | null;
  createdAt: string;
}

export interface CoverageCounts {
  total: number;
  visited: number;
  /** 0–1; null when there is nothing to cover. */
  rate: number | null;
}

/** GET /coverage?month=&level=. */
export interface CoverageReport {
  month: string;
  level: CoverageLevel;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  totals: CoverageCounts;
  units: (CoverageCounts & {
    orgUnitId: string;
    name: string;
    kind: string;
    gapCount: number;
    gaps: { kind: 'place' | 'compound'; id: string; name: string }[];
  })[];
}

export interface Facility extends Versioned {
  orgUnitId: string;
  orgUnitName: string;
  compoundId: string;
  compoundName: string;
  kind: FacilityKind;
  location: string;
  count: number;
  status: FacilityStatus;
  expiresOn: string | null;
  expiry: 'expiring' | 'expired' | null;
  lastMaintainedOn: string | null;
}

export interface MaintenanceRecord extends Versioned {
  companyId: string;
  companyName: string;
  orgUnitId: string;
  compoundName: string;
  facilityId: string | null;
  kind: FacilityKind;
  performedOn: string;
  checks: MaintenanceCheck[];
  result: MaintenanceResult;
  contractor: string;
  state: MaintenanceState;
  /** Set when a "normal" record contradicts an open hazard or a recently failed inspection item. */
  conflict: { hazardIds: string[]; inspectionIds: string[] } | null;
  /** The hazard a reported fault opened. */
  hazardId: string | null;
  submittedBy: string;
}

export interface MaintenanceRecordDetail extends MaintenanceRecord {
  availableActions: MaintenanceAction[];
  evidence: EvidenceRef[];
  returnReason: string | null;
}

export interface CreateMaintenanceBody {
  orgUnitId: string;
  facilityId?: string | null;
  kind: FacilityKind;
  performedOn: string;
  checks: MaintenanceCheck[];
  result: MaintenanceResult;
  contractor: string;
  note?: string;
  evidenceIds: string[];
}

export interface FacilityCounts {
  working: number;
  faulty: number;
  missing: number;
  /** 设施完好率, 0–1; null when the register holds none. */
  integrityRate: number | null;
  expiring: number;
  expired: number;
}

/** GET /companies/{id}/overview. */
export interface CompanyOverview {
  company: NamedRef;
  asOf: string;
  totals: FacilityCounts;
  compounds: (NamedRef & FacilityCounts)[];
  due: MaintenanceDue[];
  openHazards: {
    id: string;
    number: string;
    categoryName: string;
    orgUnitId: string;
    orgUnitName: string;
    severity: Severity;
    state: HazardState;
    respondBy: string | null;
    dueAt: string | null;
    overdue: boolean;
  }[];
  recentRecords: {
    id: string;
    orgUnitId: string;
    compoundName: string;
    kind: FacilityKind;
    performedOn: string;
    result: MaintenanceResult;
    state: MaintenanceState;
    conflict: boolean;
  }[];
}

export { MONTH_PATTERN } from '../../src/features/assessments/months.ts';
// ---- the monthly assessment (月度考核), rankings and the oversight comparison ----
// The shapes are the schemas of the OpenAPI document (api.generated.ts, `npm run generate:api-types`).
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

export type Assessment = Schemas['Assessment'];
export type UnitScore = Schemas['UnitScore'];
export type IndicatorScore = UnitScore['indicators'][number];
export type ScoreFlag = UnitScore['flags'][number];
export type RevisionSummary = Assessment['revisions'][number];
export type UnitDetail = Schemas['UnitDetail'];
export type DetailIndicator = UnitDetail['indicators'][number];
export type CountedItem = DetailIndicator['items'][number];
export type Adjustment = Schemas['Adjustment'];
export type AdjustmentList = ResponseOf<'listAssessmentAdjustments'>;
// Request bodies as the server reads them, so a change of a schema fails the SPA's typecheck.
export type NewAdjustmentBody = Schemas['NewAdjustment'];
export type ComputeBody = Schemas['ComputeAssessment'];
export type PublishBody = Schemas['PublishAssessment'];
export type WithdrawBody = Schemas['WithdrawAdjustment'];
export type NewRubricVersionBody = Schemas['NewRubricVersion'];
export type Rubric = Schemas['Rubric'];
export type RubricList = ResponseOf<'listRubrics'>;
export type Ranking = Schemas['Ranking'];
export type RankingItem = Ranking['items'][number];
export type OversightRanking = Schemas['OversightRanking'];
export type DistrictRow = OversightRanking['districts'][number];
export type DistrictTrend = Schemas['DistrictTrend'];

/** The JSON body of an operation's 200 answer, for answers without a schema of their own. */
type ResponseOf<Op extends keyof operations> = operations[Op]['responses'] extends {
  200: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;
