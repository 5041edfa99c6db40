import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, expectedEscalationLevel, isOverdue, rectifyDue, respondBy } from '../../src/features/hazards/policy.ts';
import {
  HAZARD_STATES,
  type HazardOutcome,
  type HazardState,
  PARTY_KINDS,
  type PartyKind,
  type Severity,
} from '../../src/features/hazards/vocabulary.ts';
import {
  ACTIONS,
  type Action,
  type ActionInput,
  type Actor,
  type ActorContext,
  availableActions,
  type Counter,
  type Decision,
  type HazardSnapshot,
  type Party,
  transition,
  WORKFLOW,
} from '../../src/features/hazards/workflow.ts';

/**
 * The hazard workflow (隐患闭环) under random sequences of actions by random actors, replayed the
 * way the service replays them: state := decision.to, patch merged, counters += 1, and a lead party
 * exists once the hazard has been routed. After every step the table, the snapshot and the event
 * log must agree.
 */

const POLICY = DEFAULT_POLICY;
const MAX_LEVEL = POLICY.escalationChain.length;
const HOUR = 3_600_000;
const START = new Date('2027-12-29T09:17:00.000Z');
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'UTC'] as const;
const ALL_ACTORS: Actor[] = ['router', 'lead', 'system'];

/** What the service keeps: the snapshot plus the counters the monthly indicators read. */
type Model = HazardSnapshot & Record<Counter, number>;

interface LogEvent {
  action: Action;
  from: HazardState;
  to: HazardState;
  input: ActionInput;
  decision: Decision;
  at: Date;
}

interface Step {
  action: Action;
  /**
   * How the action is picked when the step is replayed: as generated ('any', so most are refused),
   * among those allowed in the current state ('state'), or among those the table allows this actor
   * ('table'), so that sequences get deep into the loop (verify, reopen, recheck) as well.
   */
  mode: 'any' | 'state' | 'table';
  pick: number;
  roles: Actor[];
  isReporter: boolean;
  inAnyParty: boolean;
  advanceMinutes: number;
  dueOffsetHours: number | undefined;
  untilOffsetHours: number;
  evidenceCount: number;
  closeOutcome: Exclude<HazardOutcome, 'fixed'>;
  recheckResult: 'confirmed' | 'rebound';
  leadKind: PartyKind;
  assistingKinds: PartyKind[];
  note: string | undefined;
}

const mostlyFalse = fc.constantFrom(false, false, false, true);

const stepArb: fc.Arbitrary<Step> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  mode: fc.constantFrom('any', 'any', 'state', 'table', 'table'),
  pick: fc.nat(),
  roles: fc.subarray(ALL_ACTORS),
  isReporter: mostlyFalse,
  inAnyParty: mostlyFalse,
  // minutes most of the time, sometimes whole hours up to three days (deadlines pass, escalations earned)
  advanceMinutes: fc.oneof(
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 1, max: 72 }).map((h) => h * 60),
  ),
  dueOffsetHours: fc.option(fc.integer({ min: -48, max: 24 * 30 }), { nil: undefined, freq: 2 }),
  untilOffsetHours: fc.integer({ min: -48, max: 24 * 14 }),
  evidenceCount: fc.constantFrom(0, 1, 1, 2),
  closeOutcome: fc.constantFrom('duplicate', 'not_a_hazard', 'enforcement'),
  recheckResult: fc.constantFrom('confirmed', 'rebound'),
  leadKind: fc.constantFrom(...PARTY_KINDS),
  assistingKinds: fc.array(fc.constantFrom(...PARTY_KINDS), { maxLength: 2 }),
  note: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
});

const scenarioArb = fc.record({
  severity: fc.constantFrom<Severity>('general', 'major'),
  categoryRectifyDays: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  timeZone: fc.constantFrom(...ZONES),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }),
});

function party(kind: PartyKind, n: number): Omit<Party, 'lead'> {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    kind,
    orgUnitId: kind === 'org_unit' ? id : null,
    companyId: kind === 'company' ? id : null,
    departmentId: kind === 'department' ? id : null,
  };
}

function freshHazard(severity: Severity, categoryRectifyDays: number | null): Model {
  return {
    state: 'reported',
    outcome: null,
    severity,
    hasLeadParty: false,
    respondBy: null,
    dueAt: null,
    submittedAt: null,
    escalationLevel: 0,
    pendingExtension: null,
    categoryRectifyDays,
    reopenCount: 0,
    rejectCount: 0,
    extensionCount: 0,
  };
}

/** The deadline an extension request is measured against, as the workflow sees it. */
const currentDeadline = (h: HazardSnapshot) => (h.state === 'routed' ? h.respondBy : h.dueAt);

/** A valid-looking input for the step's action; some knobs make it invalid on purpose (past dates, no photos). */
function inputFor(s: Step, h: HazardSnapshot, now: Date): ActionInput {
  switch (s.action) {
    case 'route':
      return {
        action: 'route',
        lead: party(s.leadKind, 1),
        assisting: s.assistingKinds.map((k, i) => party(k, i + 2)),
        dueAt: s.dueOffsetHours === undefined ? undefined : new Date(now.getTime() + s.dueOffsetHours * HOUR).toISOString(),
        note: s.note,
      };
    case 'accept':
      return { action: 'accept', note: s.note };
    case 'submit':
      return { action: 'submit', note: s.note ?? '已整改', evidenceIds: Array.from({ length: s.evidenceCount }, (_, i) => `ev-${i}`) };
    case 'verify':
      return { action: 'verify', note: s.note };
    case 'reject':
      return { action: 'reject', reason: s.note ?? '整改不到位' };
    case 'reopen':
      return { action: 'reopen', reason: s.note ?? '反弹' };
    case 'extend-request': {
      const base = currentDeadline(h) ?? now;
      return {
        action: 'extend-request',
        until: new Date(base.getTime() + s.untilOffsetHours * HOUR).toISOString(),
        reason: s.note ?? '材料未到',
      };
    }
    case 'extend-approve':
      return { action: 'extend-approve', note: s.note };
    case 'extend-deny':
      return { action: 'extend-deny', reason: s.note ?? '理由不足' };
    case 'escalate':
      return { action: 'escalate', note: s.note };
    case 'close-as':
      return { action: 'close-as', outcome: s.closeOutcome, reason: s.note ?? '核实' };
    case 'link-duplicate':
      return { action: 'link-duplicate', originalId: '99999999-0000-4000-8000-000000000000', note: s.note };
    case 'recheck':
      return { action: 'recheck', result: s.recheckResult, note: s.note ?? '回头看' };
  }
}

/** A neutral, valid input: what a UI button would send. */
function neutralInput(action: Action, h: HazardSnapshot, now: Date): ActionInput {
  switch (action) {
    case 'route':
      return { action, lead: party('company', 1), assisting: [] };
    case 'accept':
    case 'verify':
    case 'extend-approve':
    case 'escalate':
      return { action };
    case 'submit':
      return { action, note: '已整改', evidenceIds: ['ev-1'] };
    case 'reject':
    case 'reopen':
      return { action, reason: '原因' };
    case 'extend-request': {
      const base = Math.max(now.getTime(), currentDeadline(h)?.getTime() ?? 0);
      return { action, until: new Date(base + 30 * 24 * HOUR).toISOString(), reason: '原因' };
    }
    case 'extend-deny':
      return { action, reason: '原因' };
    case 'close-as':
      return { action, outcome: 'not_a_hazard', reason: '原因' };
    case 'link-duplicate':
      return { action, originalId: '99999999-0000-4000-8000-000000000000' };
    case 'recheck':
      return { action, result: 'confirmed', note: '复查' };
  }
}

function pickAction(s: Step, h: HazardSnapshot, actor: ActorContext): Action {
  const candidates =
    s.mode === 'state'
      ? ACTIONS.filter((a) => WORKFLOW[a].from.includes(h.state))
      : s.mode === 'table'
        ? // the closing shortcuts are left to the other modes, or they would end most sequences early
          ACTIONS.filter(
            (a) =>
              a !== 'close-as' &&
              a !== 'link-duplicate' &&
              WORKFLOW[a].from.includes(h.state) &&
              WORKFLOW[a].who.some((w) => actor.roles.has(w)),
          )
        : [];
  return candidates.length ? candidates[s.pick % candidates.length]! : s.action;
}

const systemOnly = (actor: ActorContext) => actor.roles.has('system') && !actor.roles.has('router');

/** The table's guard: state, role, independence. */
function tableAllows(h: HazardSnapshot, action: Action, actor: ActorContext): boolean {
  const rule = WORKFLOW[action];
  return (
    rule.from.includes(h.state) &&
    rule.who.some((w) => actor.roles.has(w)) &&
    !(rule.independent && (actor.isReporter || actor.inAnyParty)) &&
    !(rule.notParty && actor.inAnyParty)
  );
}

/**
 * The data checks the workflow documents beyond the table, each a 4xx with its own code and the
 * request field it is about: the [code, field] this input must be refused with, or null if valid.
 */
function expectedInvalid(h: HazardSnapshot, input: ActionInput, actor: ActorContext, now: Date): [string, string] | null {
  switch (input.action) {
    case 'route':
      return input.dueAt === undefined || new Date(input.dueAt).getTime() > now.getTime()
        ? null
        : ['hazard_deadline_not_in_future', 'dueAt'];
    case 'submit':
      return input.evidenceIds.length > 0 ? null : ['hazard_after_photos_required', 'evidenceIds'];
    case 'extend-request': {
      if (h.pendingExtension) return ['hazard_extension_pending', 'until'];
      const cur = currentDeadline(h);
      return cur === null || new Date(input.until).getTime() > cur.getTime() ? null : ['hazard_extension_not_later', 'until'];
    }
    case 'extend-approve': {
      // an approval never brings the running deadline forward
      if (!h.pendingExtension) return ['hazard_no_pending_extension', 'action'];
      const cur = currentDeadline(h);
      return cur === null || new Date(h.pendingExtension.until).getTime() > cur.getTime() ? null : ['hazard_extension_outdated', 'action'];
    }
    case 'extend-deny':
      return h.pendingExtension !== null ? null : ['hazard_no_pending_extension', 'action'];
    case 'escalate':
      if (h.escalationLevel >= MAX_LEVEL) return ['hazard_escalation_at_top', 'action'];
      if (systemOnly(actor) && !(isOverdue(h, now) && expectedEscalationLevel(h, now, POLICY) > h.escalationLevel)) {
        return ['hazard_escalation_not_due', 'action'];
      }
      return null;
    default:
      return null;
  }
}

/** The refusal code the table predicts, checked in the workflow's order. */
function expectedRefusal(h: HazardSnapshot, action: Action, actor: ActorContext): string | null {
  const rule = WORKFLOW[action];
  if (!rule.from.includes(h.state)) return 'action_not_allowed_in_state';
  if (!rule.who.some((w) => actor.roles.has(w))) return 'not_your_role';
  if (rule.independent && (actor.isReporter || actor.inAnyParty)) return 'not_independent';
  if (rule.notParty && actor.inAnyParty) return 'not_independent';
  return null;
}

/** Where the table says a successful action leads (a re-check: confirmed stays, a rebound reopens). */
function tableTarget(h: HazardSnapshot, input: ActionInput): HazardState {
  const to: string = WORKFLOW[input.action].to;
  const reopened = h.hasLeadParty ? 'rectifying' : 'reported';
  if (to === 'same-or-reopened') return input.action === 'recheck' && input.result === 'rebound' ? reopened : h.state;
  if (to === 'same') return h.state;
  if (to === 'reopened') return reopened;
  return to as HazardState;
}

function applyDecision(h: Model, action: Action, d: Decision): Model {
  const p = d.patch;
  const next: Model = { ...h, state: d.to };
  if ('outcome' in p) next.outcome = p.outcome ?? null;
  if ('respondBy' in p) next.respondBy = p.respondBy ?? null;
  if ('dueAt' in p) next.dueAt = p.dueAt ?? null;
  if ('escalationLevel' in p) next.escalationLevel = p.escalationLevel!;
  if ('pendingExtension' in p) next.pendingExtension = p.pendingExtension ?? null;
  if (d.count) next[d.count] += 1;
  if (action === 'route') next.hasLeadParty = true;
  return next;
}

const CLOSERS: readonly Action[] = ['verify', 'close-as', 'link-duplicate'];
const isRebound = (e: LogEvent) => e.action === 'recheck' && e.input.action === 'recheck' && e.input.result === 'rebound';

/** (c) the log of successful actions explains the snapshot. */
function checkExplained(h: Model, log: readonly LogEvent[]): void {
  const changes = log.filter((e) => e.from !== e.to);
  const lastChange = changes.at(-1);

  expect(HAZARD_STATES).toContain(h.state);
  // closed ⇔ the last state-changing event is a closing one
  expect(h.state === 'closed').toBe(lastChange !== undefined && CLOSERS.includes(lastChange.action));
  // and every other state is explained by its own last event
  if (!lastChange) expect(h.state).toBe('reported');
  else if (h.state === 'routed') expect(lastChange.action).toBe('route');
  else if (h.state === 'submitted') expect(lastChange.action).toBe('submit');
  else if (h.state === 'rectifying') expect(['accept', 'reject', 'reopen', 'recheck']).toContain(lastChange.action);
  else if (h.state === 'reported') expect(['reopen', 'recheck']).toContain(lastChange.action);

  // outcome is set iff closed, and says how it was closed; 'fixed' only ever by verify
  expect(h.outcome !== null).toBe(h.state === 'closed');
  if (h.state === 'closed') {
    const closer = lastChange!;
    const expected: HazardOutcome =
      closer.action === 'verify'
        ? 'fixed'
        : closer.action === 'link-duplicate'
          ? 'duplicate'
          : (closer.input as { outcome: HazardOutcome }).outcome;
    expect(h.outcome).toBe(expected);
  }
  if (h.outcome === 'fixed') expect(lastChange?.action).toBe('verify');

  // a lead party exists once routed; states past 'reported' need one
  const routed = log.some((e) => e.action === 'route');
  expect(h.hasLeadParty).toBe(routed);
  if (h.state === 'routed' || h.state === 'rectifying' || h.state === 'submitted') expect(routed).toBe(true);
  // a running deadline always has a value
  if (h.state === 'routed') expect(h.respondBy).not.toBeNull();
  if (h.state === 'rectifying') expect(h.dueAt).not.toBeNull();

  // escalation: bounded by the chain, and equal to the escalations since the last reset
  expect(h.escalationLevel).toBeGreaterThanOrEqual(0);
  expect(h.escalationLevel).toBeLessThanOrEqual(MAX_LEVEL);
  const resets = (e: LogEvent) => ['route', 'accept', 'reject', 'reopen', 'extend-approve'].includes(e.action) || isRebound(e);
  const lastReset = log.findLastIndex(resets);
  expect(h.escalationLevel).toBe(log.slice(lastReset + 1).filter((e) => e.action === 'escalate').length);

  // a pending extension only exists after an extend-request not yet answered (approve/deny) or superseded by route
  const lastRequest = log.findLastIndex((e) => e.action === 'extend-request');
  const lastAnswer = log.findLastIndex((e) => ['extend-approve', 'extend-deny', 'route'].includes(e.action));
  if (h.pendingExtension !== null) {
    expect(lastRequest).toBeGreaterThan(lastAnswer);
    // …made in the current state: a request lapses when the state changes (it was about that state's deadline)
    expect(['routed', 'rectifying']).toContain(h.state);
    expect(lastRequest).toBeGreaterThan(log.lastIndexOf(lastChange!));
    const req = log[lastRequest]!.input as { until: string };
    expect(h.pendingExtension.until).toBe(new Date(req.until).toISOString());
  }

  // counters are the events that feed the monthly indicators
  expect(h.rejectCount).toBe(log.filter((e) => e.action === 'reject').length);
  expect(h.reopenCount).toBe(log.filter((e) => e.action === 'reopen' || isRebound(e)).length);
  expect(h.extensionCount).toBe(log.filter((e) => e.action === 'extend-approve').length);
}

/** Coverage across all runs, so a generator that never reaches deep states fails loudly. */
const succeeded = new Map<Action, number>();
const reachedStates = new Set<HazardState>();

describe('hazard workflow: random sequences of actions by random actors', () => {
  it('only reaches states the table allows, refuses exactly what the table refuses, and the log explains every state', () => {
    fc.assert(
      fc.property(scenarioArb, ({ severity, categoryRectifyDays, timeZone, steps }) => {
        let h = freshHazard(severity, categoryRectifyDays);
        let now = START;
        const log: LogEvent[] = [];
        for (const s of steps) {
          now = new Date(now.getTime() + s.advanceMinutes * 60_000);
          const actor: ActorContext = { userId: 'user-1', roles: new Set(s.roles), isReporter: s.isReporter, inAnyParty: s.inAnyParty };

          // (d) the buttons are the actions a neutral valid input would get through
          const offered = availableActions(h, actor);
          for (const a of ACTIONS) {
            const accepted = transition(h, neutralInput(a, h, now), actor, now, POLICY, timeZone).ok;
            if (accepted) expect(offered, `${a} accepted but not offered`).toContain(a);
            if (a === 'escalate' && systemOnly(actor)) {
              // The buttons have no clock, so they cannot know whether the sweep is due: only require
              // that escalate is never offered against the table. (The sweep has no buttons anyway.)
              if (offered.includes(a)) expect(tableAllows(h, a, actor)).toBe(true);
            } else {
              expect(offered.includes(a), `${a} offered=${offered.includes(a)} accepted=${accepted} in ${h.state}`).toBe(accepted);
            }
          }

          const action = pickAction(s, h, actor);
          const input = inputFor({ ...s, action }, h, now);
          const out = transition(h, input, actor, now, POLICY, timeZone);
          const refusal = expectedRefusal(h, action, actor);

          // (a) successes and refusals match the table exactly
          if (refusal) {
            expect(out.ok).toBe(false);
            if (!out.ok) {
              expect(out.refusal.code).toBe(refusal);
              expect((out.refusal.params as { action?: string }).action).toBe(action);
            }
            continue;
          }
          const invalid = expectedInvalid(h, input, actor, now);
          expect(out.ok, `${action} in ${h.state}: invalid=${invalid}`).toBe(invalid === null);
          if (!out.ok) {
            // its own code, with the field a form shows it at
            expect(out.refusal.code).toBe(invalid![0]);
            expect(out.refusal.field).toBe(invalid![1]);
            continue;
          }
          const d = out.decision;

          // (b) the reached state is a known state, and the table's target
          expect(HAZARD_STATES).toContain(d.to);
          expect(d.to).toBe(tableTarget(h, input));
          // the service writes the patch, not `to`: a state change must be in the patch
          if (d.to !== h.state) expect(d.patch.state).toBe(d.to);
          if (d.patch.state !== undefined) expect(d.patch.state).toBe(d.to);
          if (d.parties) expect(action).toBe('route');
          if (action === 'extend-approve') {
            // an extension extends: the running deadline moves later, never earlier
            const before = currentDeadline(h);
            const after = h.state === 'routed' ? d.patch.respondBy : d.patch.dueAt;
            expect(after).toBeInstanceOf(Date);
            if (before) expect(after!.getTime()).toBeGreaterThan(before.getTime());
          }

          log.push({ action: action, from: h.state, to: d.to, input, decision: d, at: now });
          succeeded.set(action, (succeeded.get(action) ?? 0) + 1);
          h = applyDecision(h, action, d);
          reachedStates.add(h.state);

          // (c)
          checkExplained(h, log);
        }
        checkExplained(h, log);
      }),
      { numRuns: 600 },
    );
  });

  it('the random sequences above reached every state and made every action succeed (else they proved little)', () => {
    for (const a of ACTIONS) expect(succeeded.get(a) ?? 0, `${a} never succeeded`).toBeGreaterThan(0);
    expect([...reachedStates].sort()).toEqual([...HAZARD_STATES].sort());
  });

  it('routing with the default deadline always succeeds and sets the policy deadlines', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:00Z'), noInvalidDate: true }),
        fc.constantFrom<Severity>('general', 'major'),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
        fc.constantFrom(...ZONES),
        (now, severity, days, tz) => {
          const h = freshHazard(severity, days);
          const router: ActorContext = { userId: 'r', roles: new Set<Actor>(['router']), isReporter: false, inAnyParty: false };
          const out = transition(h, { action: 'route', lead: party('company', 1), assisting: [] }, router, now, POLICY, tz);
          expect(out.ok).toBe(true);
          if (!out.ok) return;
          expect(out.decision.patch.dueAt).toEqual(rectifyDue(now, severity, POLICY, tz, days));
          expect(out.decision.patch.respondBy).toEqual(respondBy(now, POLICY));
          expect(out.decision.patch.dueAt!.getTime()).toBeGreaterThan(now.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the system sweep raises at most to the level lateness has earned, one level at a time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * 6 * 60 }),
        fc.integer({ min: 0, max: MAX_LEVEL }),
        fc.constantFrom<HazardState>('routed', 'rectifying'),
        (lateMinutes, level, state) => {
          const deadline = new Date('2028-02-28T15:59:59.999Z');
          const h: HazardSnapshot = {
            ...freshHazard('general', null),
            state,
            hasLeadParty: true,
            respondBy: deadline,
            dueAt: deadline,
            escalationLevel: level,
          };
          const now = new Date(deadline.getTime() + lateMinutes * 60_000);
          const out = transition(
            h,
            { action: 'escalate' },
            { userId: null, roles: new Set<Actor>(['system']), isReporter: false, inAnyParty: false },
            now,
            POLICY,
            'Asia/Shanghai',
          );
          const earned = expectedEscalationLevel(h, now, POLICY);
          expect(out.ok).toBe(level < earned);
          if (out.ok) {
            expect(out.decision.patch.escalationLevel).toBe(level + 1);
            expect(out.decision.data).toMatchObject({ level: level + 1, to: POLICY.escalationChain[level] });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/* ------------------------------------------------------------------------------------------------
 * Regressions: each of these failed against the first version of workflow.ts (see the report).
 * ---------------------------------------------------------------------------------------------- */

const ROUTER: ActorContext = { userId: 'router-1', roles: new Set<Actor>(['router']), isReporter: false, inAnyParty: false };
const LEAD: ActorContext = { userId: 'lead-1', roles: new Set<Actor>(['lead']), isReporter: false, inAnyParty: true };
const T0 = new Date('2028-03-01T02:00:00.000Z'); // 10:00 in Shanghai

function run(h: Model, steps: [ActionInput, ActorContext, Date][], tz = 'Asia/Shanghai'): Model {
  for (const [input, actor, at] of steps) {
    const out = transition(h, input, actor, at, POLICY, tz);
    if (!out.ok) throw new Error(`${input.action} refused: ${out.refusal.code} ${JSON.stringify(out.refusal.params)}`);
    h = applyDecision(h, input.action, out.decision);
  }
  return h;
}

describe('regression: an extension requested in one state must not be approved against another deadline', () => {
  it('approving an extension never moves the running deadline earlier', () => {
    // routed: respond by T0+24h, rectify by 2028-03-08 23:59:59.999 Shanghai
    let h = run(freshHazard('general', null), [[{ action: 'route', lead: party('company', 1), assisting: [] }, ROUTER, T0]]);
    // the lead asks for two more days to respond…
    const until = new Date(T0.getTime() + 48 * HOUR).toISOString();
    h = run(h, [
      [{ action: 'extend-request', until, reason: '需要时间' }, LEAD, new Date(T0.getTime() + HOUR)],
      // …then accepts anyway; the request is still pending, now against the rectify deadline
      [{ action: 'accept' }, LEAD, new Date(T0.getTime() + 2 * HOUR)],
    ]);
    const dueBefore = h.dueAt!;
    // approving it would turn the 2028-03-08 deadline into 2028-03-03: five days shorter
    const out = transition(h, { action: 'extend-approve' }, ROUTER, new Date(T0.getTime() + 3 * HOUR), POLICY, 'Asia/Shanghai');
    if (out.ok) expect(out.decision.patch.dueAt!.getTime()).toBeGreaterThan(dueBefore.getTime());
    expect(h.pendingExtension).toBeNull(); // accepting ended the response deadline the request was about
  });

  it('a pending extension does not survive closing the hazard (it would come back on reopen)', () => {
    const h = run(freshHazard('general', null), [
      [{ action: 'route', lead: party('company', 1), assisting: [] }, ROUTER, T0],
      [{ action: 'accept' }, LEAD, T0],
      [{ action: 'extend-request', until: '2028-03-20T00:00:00.000Z', reason: '等材料' }, LEAD, T0],
      [{ action: 'close-as', outcome: 'not_a_hazard', reason: '核实不构成' }, ROUTER, T0],
    ]);
    expect(h.state).toBe('closed');
    expect(h.pendingExtension).toBeNull();
  });
});

describe('regression: the published table must say that a recheck rebound reopens', () => {
  it('a rebound reopens the hazard, so the published table must not say recheck leaves the state unchanged', () => {
    const closed = run(freshHazard('general', null), [
      [{ action: 'route', lead: party('company', 1), assisting: [] }, ROUTER, T0],
      [{ action: 'accept' }, LEAD, T0],
      [{ action: 'submit', note: '已整改', evidenceIds: ['ev'] }, LEAD, T0],
      [{ action: 'verify' }, ROUTER, T0],
    ]);
    const out = transition(closed, { action: 'recheck', result: 'rebound', note: '反弹' }, ROUTER, T0, POLICY, 'Asia/Shanghai');
    expect(out.ok && out.decision.to).toBe('rectifying'); // what the code does (right, per the issue: 反弹 reopens)
    expect(WORKFLOW.recheck.to).not.toBe('same'); // what the table — and workflowTable() in the OpenAPI — claims
  });
});

describe('regression: availableActions must not offer escalate when transition will refuse it', () => {
  it('a router is not offered escalate once the hazard is at the top of the chain', () => {
    const h: HazardSnapshot = {
      ...freshHazard('general', null),
      state: 'rectifying',
      hasLeadParty: true,
      dueAt: T0,
      respondBy: T0,
      escalationLevel: MAX_LEVEL,
    };
    expect(transition(h, { action: 'escalate' }, ROUTER, T0, POLICY, 'UTC').ok).toBe(false);
    expect(availableActions(h, ROUTER)).not.toContain('escalate');
  });
});

describe('refusals are codes with the parameters a client acts on', () => {
  const routed = () => run(freshHazard('general', null), [[{ action: 'route', lead: party('company', 1), assisting: [] }, ROUTER, T0]]);

  it('a deadline in the past names the deadline it was given', () => {
    const dueAt = new Date(T0.getTime() - HOUR).toISOString();
    const out = transition(
      freshHazard('general', null),
      { action: 'route', lead: party('company', 1), assisting: [], dueAt },
      ROUTER,
      T0,
      POLICY,
      'UTC',
    );
    expect(out).toEqual({ ok: false, refusal: { code: 'hazard_deadline_not_in_future', params: { dueAt }, field: 'dueAt' } });
  });

  it('extensions: one pending at a time, later than the deadline, and only a pending one is answered', () => {
    const h = routed();
    const until = new Date(h.respondBy!.getTime() + 24 * HOUR).toISOString();
    const asked = run(h, [[{ action: 'extend-request', until, reason: '需要时间' }, LEAD, T0]]);
    expect(transition(asked, { action: 'extend-request', until, reason: '再来' }, LEAD, T0, POLICY, 'UTC')).toEqual({
      ok: false,
      refusal: { code: 'hazard_extension_pending', params: { until }, field: 'until' },
    });
    const early = new Date(h.respondBy!.getTime() - HOUR).toISOString();
    expect(transition(h, { action: 'extend-request', until: early, reason: '早于期限' }, LEAD, T0, POLICY, 'UTC')).toEqual({
      ok: false,
      refusal: { code: 'hazard_extension_not_later', params: { deadline: h.respondBy!.toISOString() }, field: 'until' },
    });
    for (const action of ['extend-approve', 'extend-deny'] as const) {
      const input = action === 'extend-approve' ? { action } : { action, reason: '没有申请' };
      expect(transition(h, input, ROUTER, T0, POLICY, 'UTC')).toEqual({
        ok: false,
        refusal: { code: 'hazard_no_pending_extension', params: {}, field: 'action' },
      });
    }
    // A request that no longer extends the running deadline (see the regression above) is outdated.
    const stale = { ...asked, respondBy: new Date(new Date(until).getTime() + HOUR) };
    expect(transition(stale, { action: 'extend-approve' }, ROUTER, T0, POLICY, 'UTC')).toEqual({
      ok: false,
      refusal: { code: 'hazard_extension_outdated', params: { until, deadline: stale.respondBy.toISOString() }, field: 'action' },
    });
  });

  it('after-photos, the top of the chain, and a sweep that is not due', () => {
    const rectifying = run(routed(), [[{ action: 'accept' }, LEAD, T0]]);
    expect(transition(rectifying, { action: 'submit', note: '已整改', evidenceIds: [] }, LEAD, T0, POLICY, 'UTC')).toEqual({
      ok: false,
      refusal: { code: 'hazard_after_photos_required', params: {}, field: 'evidenceIds' },
    });
    const top = { ...rectifying, escalationLevel: MAX_LEVEL };
    expect(transition(top, { action: 'escalate' }, ROUTER, T0, POLICY, 'UTC')).toEqual({
      ok: false,
      refusal: { code: 'hazard_escalation_at_top', params: { level: MAX_LEVEL }, field: 'action' },
    });
    const system: ActorContext = { userId: null, roles: new Set<Actor>(['system']), isReporter: false, inAnyParty: false };
    expect(transition(rectifying, { action: 'escalate' }, system, T0, POLICY, 'UTC')).toEqual({
      ok: false,
      refusal: { code: 'hazard_escalation_not_due', params: { level: 0 }, field: 'action' },
    });
  });

  it('a party that would close its own hazard is not independent', () => {
    const partyRouter: ActorContext = { ...ROUTER, inAnyParty: true };
    expect(transition(routed(), { action: 'close-as', outcome: 'not_a_hazard', reason: '自己关' }, partyRouter, T0, POLICY, 'UTC')).toEqual(
      {
        ok: false,
        refusal: { code: 'not_independent', params: { subject: 'hazard', action: 'close-as' } },
      },
    );
  });
});
