import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { Frequency } from '../../features/duties/recurrence.ts';
import type { AssigneeSelector } from '../../features/tasks/selector.ts';
import {
  ASSIGNEE_KINDS,
  CAMPAIGN_STATUSES,
  CAMPAIGN_UNIT_ROLES,
  type DoneDefinition,
  TASK_STATES,
  type TaskProgress,
} from '../../features/tasks/vocabulary.ts';
import { id, tenantId, timestamps, version } from './columns.ts';
import { users } from './identity.ts';
import { companies, departments, orgUnits } from './registry.ts';

const at = () => timestamp({ withTimezone: true, precision: 3 });

export const taskState = pgEnum('task_state', TASK_STATES);
export const assigneeKind = pgEnum('assignee_kind', ASSIGNEE_KINDS);
export const campaignStatus = pgEnum('campaign_status', CAMPAIGN_STATUSES);
export const campaignUnitRole = pgEnum('campaign_unit_role', CAMPAIGN_UNIT_ROLES);

/** One target per row: exactly the id column its kind names is set. */
const oneTarget = (name: string, t: { kind: unknown; orgUnitId: unknown; departmentId: unknown; companyId: unknown }) =>
  check(
    name,
    sql`(${t.kind} = 'org_unit') = (${t.orgUnitId} is not null) and (${t.kind} = 'department') = (${t.departmentId} is not null)
      and (${t.kind} = 'company') = (${t.companyId} is not null)`,
  );

/** 专项整治 / 百日攻坚: a campaign with a goal, dated phases, lead and responsible units. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    tenantId: tenantId(),
    name: text().notNull(),
    goal: text().notNull(),
    /** The area it covers (null = the whole district): its dashboard counts hazards found here. */
    scopeOrgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    /** The template it was created from, if any (e.g. `erqi-community-2025`). */
    templateCode: text(),
    status: campaignStatus().notNull().default('active'),
    createdBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    version: version(),
    ...timestamps(),
  },
  (t) => [index().on(t.tenantId)],
);

/** 阶段: dated phases, in order (工作部署 → 集中排查整治 → 巩固提升). Dates are the district's calendar days. */
export const campaignPhases = pgTable(
  'campaign_phases',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    ordinal: integer().notNull(),
    name: text().notNull(),
    goal: text(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
  },
  (t) => [
    index().on(t.tenantId),
    unique('campaign_phases_ordinal_uq').on(t.campaignId, t.ordinal),
    check('campaign_phases_dates', sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

/** 牵头单位 / 责任单位 of a campaign. */
export const campaignUnits = pgTable(
  'campaign_units',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    role: campaignUnitRole().notNull(),
    kind: assigneeKind().notNull(),
    orgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    departmentId: uuid().references(() => departments.id, { onDelete: 'restrict' }),
    companyId: uuid().references(() => companies.id, { onDelete: 'restrict' }),
  },
  (t) => [index().on(t.tenantId), index().on(t.campaignId), oneTarget('campaign_units_one_target', t)],
);

/**
 * 常态化工作: a recurring duty (daily patrol, weekly study, 周汇总, 月调度, 每季研判, 24-hour duty).
 * The generator makes one task assignment per period; (duty, period) is unique, so runs are idempotent.
 */
export const duties = pgTable(
  'duties',
  {
    id: id(),
    tenantId: tenantId(),
    name: text().notNull(),
    description: text().notNull(),
    frequency: text().$type<Frequency>().notNull(),
    assignees: jsonb().$type<AssigneeSelector>().notNull(),
    done: jsonb().$type<DoneDefinition>().notNull(),
    weight: integer().notNull().default(1),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }),
    active: boolean().notNull().default(true),
    campaignId: uuid().references(() => campaigns.id, { onDelete: 'restrict' }),
    createdBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    version: version(),
    ...timestamps(),
  },
  (t) => [index().on(t.tenantId), check('duties_frequency', sql`${t.frequency} in ('daily', 'weekly', 'monthly', 'quarterly')`)],
);

/** What the assigner wrote once: the task as it fans out to every assignee (one `tasks` row each). */
export const taskAssignments = pgTable(
  'task_assignments',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid().references(() => campaigns.id, { onDelete: 'restrict' }),
    phaseId: uuid().references(() => campaignPhases.id, { onDelete: 'restrict' }),
    dutyId: uuid().references(() => duties.id, { onDelete: 'restrict' }),
    /** The duty's period this was generated for (2026-11-24, 2026-W48, 2026-11, 2026-Q4). */
    periodKey: text(),
    title: text().notNull(),
    description: text().notNull(),
    dueAt: at().notNull(),
    done: jsonb().$type<DoneDefinition>().notNull(),
    weight: integer().notNull().default(1),
    /** How it fanned out, as the assigner chose it (every street, the communities of one street…). */
    assignees: jsonb().$type<AssigneeSelector>().notNull(),
    /** null = generated by the system from a duty. */
    createdBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.campaignId),
    // The board's phase filter and the "is this phase still referenced" check.
    index().on(t.tenantId, t.phaseId),
    unique('task_assignments_duty_period_uq').on(t.tenantId, t.dutyId, t.periodKey),
    check('task_assignments_duty_period', sql`(${t.dutyId} is null) = (${t.periodKey} is null)`),
  ],
);

/** One task per assignee: its own state, progress, deadline, escalation and timeline. */
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    tenantId: tenantId(),
    assignmentId: uuid()
      .notNull()
      .references(() => taskAssignments.id, { onDelete: 'restrict' }),
    kind: assigneeKind().notNull(),
    orgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    departmentId: uuid().references(() => departments.id, { onDelete: 'restrict' }),
    companyId: uuid().references(() => companies.id, { onDelete: 'restrict' }),
    state: taskState().notNull().default('assigned'),
    progress: jsonb().$type<TaskProgress>().notNull(),
    dueAt: at().notNull(),
    submittedAt: at(),
    completedAt: at(),
    escalationLevel: integer().notNull().default(0),
    escalatedAt: at(),
    returnCount: integer().notNull().default(0),
    chainHead: text().notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.assignmentId),
    index().on(t.orgUnitId),
    index().on(t.departmentId),
    index().on(t.companyId),
    index('tasks_open_due_idx').on(t.tenantId, t.state, t.dueAt),
    // The board's default order (keyset on due date, id) without a state filter.
    index('tasks_due_idx').on(t.tenantId, t.dueAt, t.id),
    unique('tasks_assignee_uq').on(t.assignmentId, t.orgUnitId, t.departmentId, t.companyId).nullsNotDistinct(),
    oneTarget('tasks_one_target', t),
  ],
);
