import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  EVIDENCE_STAGES,
  HAZARD_OUTCOMES,
  HAZARD_SOURCES,
  HAZARD_STATES,
  PARTY_KINDS,
  SEVERITIES,
} from '../../features/hazards/vocabulary.ts';
import type { SubjectType } from '../../features/timeline/vocabulary.ts';
import { id, tenantId, timestamps, version } from './columns.ts';
import { users } from './identity.ts';
import { companies, departments, orgUnits, places } from './registry.ts';

const at = () => timestamp({ withTimezone: true, precision: 3 });

export const hazardState = pgEnum('hazard_state', HAZARD_STATES);
export const hazardOutcome = pgEnum('hazard_outcome', HAZARD_OUTCOMES);
export const severity = pgEnum('severity', SEVERITIES);
export const hazardSource = pgEnum('hazard_source', HAZARD_SOURCES);
export const partyKind = pgEnum('party_kind', PARTY_KINDS);
export const evidenceStage = pgEnum('evidence_stage', EVIDENCE_STAGES);
export const evidenceStatus = pgEnum('evidence_status', ['pending', 'confirmed', 'rejected']);

/** The district's editable list of hazard categories (seeded from DEFAULT_CATEGORIES). */
export const hazardCategories = pgTable(
  'hazard_categories',
  {
    id: id(),
    tenantId: tenantId(),
    code: text().notNull(),
    name: text().notNull(),
    /** Overrides the severity-based rectification days for this category, if set. */
    rectifyDays: integer(),
    active: boolean().notNull().default(true),
    sortOrder: integer().notNull().default(0),
    version: version(),
    ...timestamps(),
  },
  (t) => [index().on(t.tenantId), unique('hazard_categories_code_uq').on(t.tenantId, t.code)],
);

/**
 * The district's hazard policy: deadlines (Erqi plan defaults) and the escalation chain. One row per
 * tenant; absent = the defaults in features/hazards/policy.ts.
 */
export const hazardPolicies = pgTable('hazard_policies', {
  tenantId: tenantId().primaryKey(),
  respondHours: integer().notNull(),
  rectifyDaysGeneral: integer().notNull(),
  rectifyDaysMajor: integer().notNull(),
  /** Levels above the lead party, in order, e.g. ["community","street","district_supervisor"]. */
  escalationChain: jsonb().$type<string[]>().notNull(),
  escalationIntervalHours: integer().notNull(),
  maxFilesPerHazard: integer().notNull(),
  version: version(),
  ...timestamps(),
});

/** Routing rules the committee edits: for a category and/or an area, propose a party and deadline. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: id(),
    tenantId: tenantId(),
    categoryId: uuid().references(() => hazardCategories.id, { onDelete: 'restrict' }),
    /** Applies to hazards in this org unit's subtree (null = the whole district). */
    orgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    partyKind: partyKind().notNull(),
    partyOrgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    partyCompanyId: uuid().references(() => companies.id, { onDelete: 'restrict' }),
    partyDepartmentId: uuid().references(() => departments.id, { onDelete: 'restrict' }),
    assistDepartmentId: uuid().references(() => departments.id, { onDelete: 'restrict' }),
    rectifyDays: integer(),
    priority: integer().notNull().default(0),
    version: version(),
    ...timestamps(),
  },
  (t) => [index().on(t.tenantId)],
);

export const hazards = pgTable(
  'hazards',
  {
    id: id(),
    tenantId: tenantId(),
    /** Human number shown on paper and in chat groups, e.g. YH-20261124-0007. */
    number: text().notNull(),
    categoryId: uuid()
      .notNull()
      .references(() => hazardCategories.id, { onDelete: 'restrict' }),
    /** The area the hazard is in (the place's org unit when a place is given). */
    orgUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'restrict' }),
    placeId: uuid().references(() => places.id, { onDelete: 'restrict' }),
    description: text().notNull(),
    severity: severity().notNull(),
    source: hazardSource().notNull(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    state: hazardState().notNull().default('reported'),
    outcome: hazardOutcome(),
    reporterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    routerId: uuid().references(() => users.id, { onDelete: 'restrict' }),
    reportedAt: at().notNull().defaultNow(),
    routedAt: at(),
    respondBy: at(),
    dueAt: at(),
    acceptedAt: at(),
    submittedAt: at(),
    closedAt: at(),
    escalationLevel: integer().notNull().default(0),
    escalatedAt: at(),
    reopenCount: integer().notNull().default(0),
    rejectCount: integer().notNull().default(0),
    extensionCount: integer().notNull().default(0),
    /** A pending extension request: {until, reason, requestedBy, requestedAt}. */
    pendingExtension: jsonb().$type<{ until: string; reason: string; requestedBy: string; requestedAt: string } | null>(),
    duplicateOfId: uuid().references((): AnyPgColumn => hazards.id, { onDelete: 'restrict' }),
    /** The hash of the newest timeline event: the head of the chain. */
    chainHead: text().notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    unique('hazards_number_uq').on(t.tenantId, t.number),
    index('hazards_tenant_state_due_idx').on(t.tenantId, t.state, t.dueAt),
    index('hazards_tenant_reported_idx').on(t.tenantId, t.reportedAt, t.id),
    index().on(t.orgUnitId),
    index().on(t.placeId),
    index().on(t.categoryId),
    check('hazards_outcome_iff_closed', sql`(${t.state} = 'closed') = (${t.outcome} is not null)`),
  ],
);

/** The lead party and the assisting parties of a hazard (属地 + 行业 dual track). */
export const hazardParties = pgTable(
  'hazard_parties',
  {
    id: id(),
    tenantId: tenantId(),
    hazardId: uuid()
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    lead: boolean().notNull(),
    kind: partyKind().notNull(),
    orgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    companyId: uuid().references(() => companies.id, { onDelete: 'restrict' }),
    departmentId: uuid().references(() => departments.id, { onDelete: 'restrict' }),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.hazardId),
    index().on(t.companyId),
    index().on(t.departmentId),
    index().on(t.orgUnitId),
    check(
      'hazard_parties_one_target',
      sql`num_nonnulls(${t.orgUnitId}, ${t.companyId}, ${t.departmentId}) = case when ${t.kind} = 'place_owner' then 0 else 1 end`,
    ),
  ],
);

/**
 * The timeline of hazards and tasks: append-only (the app role may INSERT and SELECT only) and
 * hash-chained per subject: each event's hash covers its content and the previous event's hash,
 * so any edit or deletion made behind the app's back breaks the chain, which the subjects'
 * /timeline/verify routes recompute.
 */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    subjectType: text().$type<SubjectType>().notNull(),
    subjectId: uuid().notNull(),
    seq: integer().notNull(),
    at: at().notNull(),
    /** null for the system (escalation sweep, duty generation). */
    actorUserId: uuid().references(() => users.id, { onDelete: 'restrict' }),
    action: text().notNull(),
    fromState: text(),
    toState: text().notNull(),
    note: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    evidenceIds: uuid().array().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index().on(t.tenantId),
    unique('timeline_events_seq_uq').on(t.subjectId, t.seq),
    check('timeline_events_subject_type', sql`${t.subjectType} in ('hazard', 'task', 'maintenance_record')`),
  ],
);

/** Evidence files on S3. Keys are server-made under the tenant's prefix; only confirmed files attach. */
export const evidence = pgTable(
  'evidence',
  {
    id: id(),
    tenantId: tenantId(),
    objectKey: text().notNull().unique(),
    fileName: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    status: evidenceStatus().notNull().default('pending'),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: at().notNull().defaultNow(),
    confirmedAt: at(),
    /** Set when attached: evidence belongs to one subject and is never re-attached elsewhere. */
    subjectType: text().$type<SubjectType>(),
    subjectId: uuid(),
    stage: evidenceStage(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.subjectId),
    index('evidence_pending_idx').on(t.status, t.createdAt),
    index().on(t.sha256),
    // A patrol's photo belongs to the patrol (patrols have no timeline).
    check(
      'evidence_subject',
      sql`(${t.subjectType} is null) = (${t.subjectId} is null) and ${t.subjectType} in ('hazard', 'task', 'maintenance_record', 'patrol', 'assessment_adjustment')`,
    ),
  ],
);

/** 回头看: a random sample of closed hazards drawn for re-check. */
export const lookbacks = pgTable(
  'lookbacks',
  {
    id: id(),
    tenantId: tenantId(),
    title: text().notNull(),
    criteria: jsonb().$type<Record<string, unknown>>().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [index().on(t.tenantId)],
);

export const lookbackItems = pgTable(
  'lookback_items',
  {
    tenantId: tenantId(),
    lookbackId: uuid()
      .notNull()
      .references(() => lookbacks.id, { onDelete: 'cascade' }),
    hazardId: uuid()
      .notNull()
      .references(() => hazards.id, { onDelete: 'restrict' }),
    result: text({ enum: ['pending', 'confirmed', 'rebound'] })
      .notNull()
      .default('pending'),
    checkedBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    checkedAt: at(),
    note: text(),
  },
  (t) => [primaryKey({ columns: [t.lookbackId, t.hazardId] }), index().on(t.tenantId), index().on(t.hazardId)],
);

/**
 * Idempotency-Key records, scoped to tenant + user: the first response of a key is kept and
 * replayed for the same body; a different body is a 422; a request still in flight is a 409.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantId(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    requestHash: text().notNull(),
    /** null while the first request is in flight. */
    responseStatus: integer(),
    responseBody: text(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.key] }), index().on(t.createdAt)],
);
