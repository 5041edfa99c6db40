/** Shapes of the API (/api/v1) as the SPA uses them. */

// The vocabularies are the server's own modules (pure data, no I/O), so the SPA and the API can
// never disagree about a role, a permission or a kind.
export { ROLES, ROLE_DEFINITIONS as ROLE_INFO, type Role, type Permission, type ScopeKind } from '../../src/platform/authz/roles.ts';
export {
  ORG_UNIT_KINDS,
  ORG_UNIT_PARENT_KINDS,
  PLACE_TYPES,
  RISK_LEVELS,
  DEPARTMENT_KINDS,
  type OrgUnitKind,
} from '../../src/features/registry/vocabulary.ts';
import type { Role, Permission } from '../../src/platform/authz/roles.ts';
import type { OrgUnitKind } from '../../src/features/registry/vocabulary.ts';

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

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}

// ---- the hazard loop (隐患闭环) -----------------------------------------------------------------

export {
  HAZARD_STATES,
  HAZARD_OUTCOMES,
  SEVERITIES,
  HAZARD_SOURCES,
  PARTY_KINDS,
  EVIDENCE_STAGES,
  type HazardState,
  type HazardOutcome,
  type Severity,
  type HazardSource,
  type PartyKind,
} from '../../src/features/hazards/vocabulary.ts';
export { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from '../../src/features/evidence/vocabulary.ts';
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

export interface TimelineEvent {
  seq: number;
  at: string;
  actor: { id: string; displayName: string } | null;
  action: string;
  fromState: HazardState | null;
  toState: HazardState;
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
