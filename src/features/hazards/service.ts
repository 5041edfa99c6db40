import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, eq, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import type * as z from 'zod';
import {
  companies,
  departments,
  hazardCategories,
  hazardParties,
  hazards,
  orgUnits,
  places,
  tenants,
  timelineEvents,
} from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { jsonObject } from '../../platform/db/json.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { type Db, type NoColumns, queryRows } from '../../platform/db/types.ts';
import { together } from '../../platform/db/writes.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { attachEvidence } from '../evidence/attach.ts';
import { recordRecheck } from '../hazard-config/lookbacks/recheck.ts';
import { rememberPolicy, storedPolicyColumn } from '../hazard-config/policy-store.ts';
import { GENESIS } from '../timeline/chain.ts';
import { commitToRow } from '../timeline/commit.ts';
import { refusalError } from '../timeline/refusal.ts';
import { chainedRow, fileDigests, lastSeqColumn } from '../timeline/store.ts';
import { actorContext, type PartyWithPath } from './actor.ts';
import { formalNoticeTo, type HazardPolicy } from './policy.ts';
import type { CreateHazard, TransitionRequest } from './schemas.ts';
import { hazardInScope } from './scope-sql.ts';
import { type HazardRow, type PartyRow, partiesColumn, selectHazards } from './store.ts';
import {
  type ActionInput,
  type ActorContext,
  type Decision,
  type HazardSnapshot,
  type Outcome,
  type Party,
  transition,
} from './workflow.ts';

/** The advisory lock that makes a district's concurrent reports take their numbers in turn. */
const numberLock = (tenantId: string) => sql`pg_advisory_xact_lock(hashtextextended(${`hazard-number:${tenantId}`}, 0))`;

/**
 * Human numbers, sequential per district and local day: YH-20261124-0007. Counted once the
 * caller holds numberLock (taken in an earlier statement: a statement sees what was committed
 * when it started), so concurrent reports take turns for the few milliseconds it takes.
 */
async function nextNumber(tx: Db, tenantId: string, now: Date, timeZone: string): Promise<string> {
  const prefix = `YH-${format(new TZDate(now.getTime(), timeZone), 'yyyyMMdd')}-`;
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(hazards)
    .where(and(eq(hazards.tenantId, tenantId), sql`${hazards.number} like ${`${prefix}%`}`));
  return `${prefix}${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

/**
 * What a report names, checked in one statement that also brings the district's policy and takes
 * the number lock: the category (and whether it is in use), and the place's area or the named area.
 */
async function checkReport(tx: Db, tenantId: string, input: z.output<typeof CreateHazard>) {
  const [found] = await tx
    .select({
      category: sql<{ active: boolean } | null>`(select ${jsonObject({ active: hazardCategories.active })} from ${hazardCategories}
        where ${hazardCategories.tenantId} = ${tenantId} and ${hazardCategories.id} = ${input.categoryId})`,
      placeUnit: input.placeId
        ? sql<
            string | null
          >`(select ${places.orgUnitId} from ${places} where ${places.tenantId} = ${tenantId} and ${places.id} = ${input.placeId})`
        : sql<null>`null`,
      unitFound: input.orgUnitId
        ? sql<boolean>`exists (select from ${orgUnits} where ${orgUnits.tenantId} = ${tenantId} and ${orgUnits.id} = ${input.orgUnitId})`
        : sql<boolean>`false`,
      policy: storedPolicyColumn(tenants.id),
      locked: numberLock(tenantId),
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!found?.category) throw notFound('hazard_category', 'categoryId');
  if (!found.category.active) throw new ApiError('hazard_category_inactive', { field: 'categoryId' });
  if (input.placeId && !found.placeUnit) throw notFound('place', 'placeId');
  if (!input.placeId && input.orgUnitId && !found.unitFound) throw notFound('org_unit', 'orgUnitId');
  return { orgUnitId: input.placeId ? found.placeUnit! : (input.orgUnitId ?? null), policy: rememberPolicy(tx, tenantId, found.policy) };
}

/**
 * Report (发现上报). Any place or org unit of the district may be named: people report what they
 * see, wherever it is. The first timeline event is the report itself, with its photos; it and the
 * hazard are written in one statement.
 */
export async function reportHazard(tx: Db, principal: Principal, now: Date, input: z.output<typeof CreateHazard>): Promise<string> {
  const tenantId = principal.tenantId;
  const { orgUnitId, policy } = await checkReport(tx, tenantId, input);
  const timeZone = await tenantTimeZone(tx, tenantId);
  const id = crypto.randomUUID();
  const number = await nextNumber(tx, tenantId, now, timeZone);
  const event = await chainedRow(
    tenantId,
    {
      subjectType: 'hazard',
      subjectId: id,
      seq: 1,
      at: now,
      actorUserId: principal.userId,
      action: 'report',
      fromState: null,
      toState: 'reported',
      note: input.description,
      data: {
        number,
        categoryId: input.categoryId,
        orgUnitId,
        placeId: input.placeId ?? null,
        severity: input.severity,
        source: input.source,
        files: await fileDigests(tx, tenantId, input.evidenceIds),
      },
      evidenceIds: input.evidenceIds,
    },
    GENESIS,
  );
  const hazard = tx.insert(hazards).values({
    id,
    tenantId,
    number,
    categoryId: input.categoryId,
    orgUnitId: orgUnitId!,
    placeId: input.placeId ?? null,
    description: input.description,
    severity: input.severity,
    source: input.source,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    reporterId: principal.userId,
    reportedAt: now,
    chainHead: event.hash,
  });
  await tx.execute(together([tx.insert(timelineEvents).values(event)], hazard));
  if (input.evidenceIds.length) {
    const subject = { type: 'hazard' as const, id };
    await attachEvidence(tx, {
      tenantId,
      userId: principal.userId,
      subject,
      evidenceIds: input.evidenceIds,
      stage: 'report',
      maxFiles: policy.maxFilesPerHazard,
    });
  }
  return id;
}

/**
 * Loads a hazard the caller can see, or 404 (naming `field` when the id came from a request
 * field); `extra` columns come in the same statement (e.g. `{ parties: partiesColumn }`).
 */
export async function visibleHazard<E extends SelectedFields = NoColumns>(
  tx: Db,
  principal: Principal,
  id: string,
  field?: string,
  extra = {} as E,
) {
  const [row] = await selectHazards(tx, and(eq(hazards.id, id), hazardInScope(principal)), extra);
  if (!row) throw notFound('hazard', field);
  return row;
}

export function snapshotOf(row: HazardRow, parties: readonly PartyWithPath[]): HazardSnapshot {
  return {
    state: row.state,
    outcome: row.outcome,
    severity: row.severity,
    hasLeadParty: parties.some((p) => p.lead),
    respondBy: row.respondBy,
    dueAt: row.dueAt,
    submittedAt: row.submittedAt,
    escalationLevel: row.escalationLevel,
    pendingExtension: row.pendingExtension,
    categoryRectifyDays: row.categoryRectifyDays,
  };
}

/** Where each kind of party points (the request schema checks each names exactly its own target). */
const PARTY_TARGETS = {
  company: { table: companies, key: 'companyId', resource: 'company' },
  department: { table: departments, key: 'departmentId', resource: 'department' },
  org_unit: { table: orgUnits, key: 'orgUnitId', resource: 'org_unit' },
  place_owner: null,
} as const;

/**
 * Route targets must exist in the district, checked in one statement for them all; a place owner
 * needs a place. The first party (lead, then assisting in order) that fails names the error.
 */
async function checkParties(tx: Db, tenantId: string, row: HazardRow, parties: readonly Party[]): Promise<void> {
  type Target = NonNullable<(typeof PARTY_TARGETS)[keyof typeof PARTY_TARGETS]>;
  type Check = { needsPlace: string } | { path: string; target: Target; refId: string };
  const checks = parties.flatMap((p, i): Check[] => {
    const path = i === 0 ? 'lead' : `assisting.${i - 1}`;
    const target = PARTY_TARGETS[p.kind];
    if (!target) return row.placeId ? [] : [{ needsPlace: `${path}.kind` }];
    const refId = p[target.key];
    return refId ? [{ path: `${path}.${target.key}`, target, refId }] : [];
  });
  const named = checks.filter((c): c is Exclude<Check, { needsPlace: string }> => !('needsPlace' in c));
  const exists = named.map(
    ({ target: { table }, refId }) => sql`exists (select from ${table} where ${table.tenantId} = ${tenantId} and ${table.id} = ${refId})`,
  );
  const found = exists.length
    ? ((await queryRows<{ found: boolean[] }>(tx, sql`select array[${sql.join(exists, sql`, `)}] as found`))[0]?.found ?? [])
    : [];
  for (const check of checks) {
    if ('needsPlace' in check) throw new ApiError('hazard_party_needs_place', { field: check.needsPlace });
    if (!found[named.indexOf(check)]) throw notFound(check.target.resource, check.path);
  }
}

/**
 * The workflow's decision on a hazard with what the event records beyond the pure rules: an
 * escalation of a hazard a department answers for carries its 函告 (formalNoticeTo). One place
 * for a person's transition and the escalation sweep.
 */
export function decide(
  row: HazardRow,
  parties: readonly PartyRow[],
  input: ActionInput,
  actor: ActorContext,
  now: Date,
  policy: HazardPolicy,
  timeZone: string,
): Outcome {
  const outcome = transition(snapshotOf(row, parties), input, actor, now, policy, timeZone);
  const notified = input.action === 'escalate' ? formalNoticeTo(parties) : [];
  if (!outcome.ok || !notified.length) return outcome;
  return { ok: true, decision: { ...outcome.decision, data: { ...outcome.decision.data, formalNoticeTo: notified } } };
}

/**
 * One transition, all or nothing: decide with the pure workflow, then a single UPDATE guarded by
 * the version the caller read (concurrent transitions: exactly one wins, the rest get 409), the
 * timeline event chained to the previous head, evidence attached, parties replaced.
 */
export interface TransitionContext {
  tenantId: string;
  /** The signed-in caller, for checks made on their behalf (a linked original must be visible); null for the system. */
  viewer: Principal | null;
  actor: ActorContext;
  now: Date;
  policy: HazardPolicy;
  timeZone: string;
}

export async function applyTransition(
  tx: Db,
  /** With its last event number when the caller read it along (lastSeqColumn). */
  row: HazardRow & { lastSeq?: number },
  /** The hazard's current parties: the caller has them already, to work out who the actor is. */
  parties: readonly PartyRow[],
  input: TransitionRequest,
  ctx: TransitionContext,
): Promise<{ decision: Decision; head: string }> {
  const { tenantId, viewer, actor, now, policy, timeZone } = ctx;
  // A caller who read an older version gets 409 whatever the hazard has become, not a refusal
  // decided on a state they never saw (the guarded update would refuse them anyway).
  if (input.version !== row.version) {
    throw new ApiError('version_conflict', { params: { resource: 'hazard', current: row.version } });
  }
  const outcome = decide(row, parties, input as ActionInput, actor, now, policy, timeZone);
  if (!outcome.ok) throw refusalError(outcome.refusal);
  const decision = outcome.decision;
  if (decision.parties) await checkParties(tx, tenantId, row, decision.parties);
  if (input.action === 'link-duplicate') {
    if (input.originalId === row.id) throw new ApiError('hazard_duplicate_of_itself', { field: 'originalId' });
    // Only people link duplicates (the sweep never does): the original must be one they can see.
    if (!viewer) throw new Error('link-duplicate needs a signed-in caller');
    const original = await visibleHazard(tx, viewer, input.originalId, 'originalId');
    // The original must be a hazard in its own right, so duplicates never point at each other.
    if (original.duplicateOfId || original.outcome === 'duplicate') {
      throw new ApiError('hazard_original_is_duplicate', { params: { duplicateOf: original.duplicateOfId }, field: 'originalId' });
    }
  }
  if (input.action === 'recheck') {
    await recordRecheck(tx, tenantId, input.lookbackId, row.id, input.result, actor.userId!, input.note, now);
  }

  const evidenceIds = 'evidenceIds' in input && input.evidenceIds ? input.evidenceIds : [];
  const subject = { type: 'hazard' as const, id: row.id };
  const counter = decision.count ? { [decision.count]: sql`${hazards[decision.count]} + 1` } : {};
  const step = {
    subject,
    prevHead: row.chainHead,
    lastSeq: row.lastSeq,
    at: now,
    actorUserId: actor.userId,
    action: input.action,
    fromState: row.state,
    toState: decision.to,
    note: decision.note,
    data: decision.data,
    evidenceIds,
  };
  const head = await commitToRow(tx, tenantId, hazards, step, input.version, { ...decision.patch, ...counter });
  if (decision.parties) {
    // Out and in as one statement, in no set order: hazard_parties has no unique key but its id
    // (one added, on hazard and target say, would need the two as separate statements).
    const gone = tx.delete(hazardParties).where(and(eq(hazardParties.tenantId, tenantId), eq(hazardParties.hazardId, row.id)));
    await tx.execute(
      together([gone], tx.insert(hazardParties).values(decision.parties.map((p) => ({ ...p, tenantId, hazardId: row.id })))),
    );
  }
  if (evidenceIds.length && actor.userId) {
    const stage = input.action === 'submit' ? 'rectification' : input.action === 'recheck' ? 'recheck' : 'verification';
    await attachEvidence(tx, { tenantId, userId: actor.userId, subject, evidenceIds, stage, maxFiles: policy.maxFilesPerHazard });
  }
  return { decision, head };
}

/** The report endpoint's job, for a signed-in caller. */
export function createHazard(c: Context<AppEnv>, input: z.output<typeof CreateHazard>): Promise<string> {
  return reportHazard(c.get('tx'), c.get('principal'), c.get('deps').clock(), input);
}

/** The transition endpoint's whole job, for a signed-in caller. */
export async function transitionAsCaller(c: Context<AppEnv>, id: string, input: TransitionRequest) {
  const principal = c.get('principal');
  const tx = c.get('tx');
  // The hazard with everything the decision needs, in one statement.
  const row = await visibleHazard(tx, principal, id, undefined, {
    parties: partiesColumn,
    policy: storedPolicyColumn(hazards.tenantId),
    lastSeq: lastSeqColumn('hazard', hazards.tenantId, hazards.id),
  });
  const { parties } = row;
  const actor = actorContext(principal, { orgUnitPath: row.orgUnitPath, reporterId: row.reporterId }, parties);
  const now = c.get('deps').clock();
  const policy = rememberPolicy(tx, principal.tenantId, row.policy);
  const timeZone = await tenantTimeZone(tx, principal.tenantId);
  await applyTransition(tx, row, parties, input, { tenantId: principal.tenantId, viewer: principal, actor, now, policy, timeZone });
}
