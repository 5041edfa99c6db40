import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEscalationSweep } from '../../src/features/hazards/escalation.ts';
import { runTaskEscalationSweep } from '../../src/features/tasks/escalation.ts';
import { verifyChain } from '../../src/features/timeline/chain.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';
import { storedEvent } from '../support/timeline-rows.ts';

/**
 * The set-based escalation sweep (issue 13): a backlog of hazards and tasks owing different
 * numbers of levels ends exactly as one recorded step per level would leave it, chains
 * verifying; a second run writes nothing; a person acting on a hazard between the sweep's read
 * and its write wins, and the sweep drops that hazard alone; and the statements a district costs
 * do not grow with the number of subjects it escalates.
 */
let world: TestWorld;
const statements: string[] = [];
/** Everything is made at T0 and swept at T1: 10:00 on 24 November and 01:00 on 28 November, Shanghai. */
const T0 = '2026-11-24T02:00:00.000Z';
const T1 = '2026-11-27T17:00:00.000Z';
let now = new Date(T0);
const ROLES = ['committee_admin', 'station_staff', 'grid_member', 'property_manager', 'community_staff'] as const;
type Role = (typeof ROLES)[number];
const sessions = new Map<string, Record<Role, Session>>();
let s: Record<Role, Session>;
let demoA: string;
let community: string;
let category: string;
let company: string;
/** The departments a hazard may answer to, by kind, with the names the 函告 records. */
const department: Record<'market' | 'housing', { id: string; name: string }> = {} as never;

/** Moves the clock, with sessions signed in at that moment (an access token lives 15 minutes). */
async function at(iso: string) {
  now = new Date(iso);
  if (!sessions.has(iso)) {
    const signedIn = {} as Record<Role, Session>;
    for (const role of ROLES) signedIn[role] = await login(world, 'demo-a', role);
    sessions.set(iso, signedIn);
  }
  s = sessions.get(iso)!;
}

const NOTES = [
  '逾期自动升级至社区 / overdue: escalated to community',
  '逾期自动升级至街道/镇 / overdue: escalated to street',
  '逾期自动升级至区包联监督员 / overdue: escalated to district_supervisor',
];
const CHAIN = ['community', 'street', 'district_supervisor'];

async function transition(session: Session, id: string, body: Record<string, unknown>) {
  const current = await call(world, s.committee_admin, 'GET', `/api/v1/hazards/${id}`);
  const res = await call(world, session, 'POST', `/api/v1/hazards/${id}/transitions`, { version: current.body.version, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A hazard reported and routed at T0 (and accepted by `acceptedBy`, when given). */
async function hazard(route: Record<string, unknown>, options: { severity?: 'general' | 'major'; acceptedBy?: Role } = {}) {
  const reported = await call(world, s.grid_member, 'POST', '/api/v1/hazards', {
    categoryId: category,
    orgUnitId: community,
    description: '楼道堆放杂物，堵塞疏散通道',
    severity: options.severity ?? 'general',
  });
  expect(reported.status, JSON.stringify(reported.body)).toBe(201);
  const id = reported.body.id as string;
  await transition(s.station_staff, id, { action: 'route', assisting: [], ...route });
  if (options.acceptedBy) await transition(s[options.acceptedBy], id, { action: 'accept' });
  return id;
}

/** Tasks given at T0 to `assignees`, due at the end of `dueOn` (Shanghai). */
async function tasks(dueOn: string, assignees: Record<string, unknown>): Promise<string[]> {
  const res = await call(world, s.committee_admin, 'POST', '/api/v1/tasks', {
    title: '消防安全专项检查',
    description: '按清单完成检查并上报。',
    dueOn,
    done: { checklist: ['完成检查'], target: null, evidence: [] },
    weight: 1,
    assignees,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.tasks.map((t: { id: string }) => t.id);
}

const TABLES = { hazard: 'hazards', task: 'tasks' } as const;

/** A subject's row as the database holds it. */
async function rowOf(type: 'hazard' | 'task', id: string) {
  const [row] = await world.admin(
    `select escalation_level, version, chain_head, escalated_at, updated_at from ${TABLES[type]} where id = $1`,
    [id],
  );
  return row!;
}

/** A subject's timeline, oldest first. */
function eventsOf(id: string) {
  return world.admin('select * from timeline_events where subject_id = $1 order by seq', [id]);
}

/** Recomputes a subject's hash chain from its stored events, against the head its row records. */
async function chainOf(type: 'hazard' | 'task', id: string) {
  const events = await eventsOf(id);
  return verifyChain(
    events.map((e) => storedEvent(e, type)),
    (await rowOf(type, id)).chain_head as string,
  );
}

/** The escalate events the system records from level `from` + 1 up to `to`, on a subject in `state`. */
function systemEscalations(state: string, from: number, to: number, formalNoticeTo?: { departmentId: string; name: string }[]) {
  return Array.from({ length: to - from }, (_, i) => ({
    action: 'escalate',
    actor_user_id: null,
    from_state: state,
    to_state: state,
    note: NOTES[from + i],
    data: { level: from + i + 1, to: CHAIN[from + i], ...(formalNoticeTo ? { formalNoticeTo } : {}) },
    evidence_ids: [],
  }));
}

/** What an escalate event records, without its place in the chain. */
const recorded = (e: Record<string, unknown>) => ({
  action: e.action,
  actor_user_id: e.actor_user_id,
  from_state: e.from_state,
  to_state: e.to_state,
  note: e.note,
  data: e.data,
  evidence_ids: e.evidence_ids,
});

beforeAll(async () => {
  world = await createWorld({ clock: () => now, observe: (statement) => statements.push(statement) });
  demoA = await tenantId(world, 'demo-a');
  community = await orgUnitId(world, 'demo-a', '东湖社区');
  const one = async (sql: string) => (await world.admin(sql, [demoA]))[0]!;
  category = (await one('select id from hazard_categories where tenant_id = $1 and active limit 1')).id as string;
  company = (await one("select id from companies where tenant_id = $1 and name = '示范安居物业服务有限公司'")).id as string;
  for (const [key, kind] of [
    ['market', 'market_regulation'],
    ['housing', 'housing'],
  ] as const) {
    const row = await world.admin('select id, name from departments where tenant_id = $1 and kind = $2', [demoA, kind]);
    department[key] = { id: row[0]!.id as string, name: row[0]!.name as string };
  }
}, 120_000);
afterAll(() => world?.close());

describe('the set-based escalation sweep', { timeout: 180_000 }, () => {
  const made: Record<string, string> = {};
  const before: Record<string, { version: number; events: number }> = {};

  it('raises a backlog of hazards and tasks level by level, as one recorded step per level would, and every chain verifies', async () => {
    await at(T0);
    // major, rectifying, due 2026-11-26 23:59:59.999 Shanghai: 25 hours late at T1, level 2;
    // a department assists, so each escalation carries its formal notice (函告).
    made.major = await hazard(
      { lead: { kind: 'company', companyId: company }, assisting: [{ kind: 'department', departmentId: department.market.id }] },
      { severity: 'major', acceptedBy: 'property_manager' },
    );
    // routed, never accepted: its respond-by (T0 + 24 h) 63 hours gone at T1, the top level (3).
    made.routed = await hazard({ lead: { kind: 'department', departmentId: department.housing.id } });
    // rectifying, due 7 hours before T1: level 1, no department involved.
    made.late = await hazard(
      { lead: { kind: 'org_unit', orgUnitId: community }, dueAt: '2026-11-27T10:00:00.000Z' },
      { acceptedBy: 'community_staff' },
    );
    // rectifying on the default 7 days: not due at T1.
    made.onTime = await hazard({ lead: { kind: 'company', companyId: company } }, { acceptedBy: 'property_manager' });
    made.taskTop = (await tasks('2026-11-25', { kind: 'org_units', ids: [community] }))[0]!; // 49 hours late: 3
    made.taskTwo = (await tasks('2026-11-26', { kind: 'org_units', ids: [community] }))[0]!; // 25 hours late: 2
    made.taskOnTime = (await tasks('2026-11-30', { kind: 'org_units', ids: [community] }))[0]!;
    for (const [name, id] of Object.entries(made)) {
      const type = name.startsWith('task') ? 'task' : 'hazard';
      before[name] = { version: (await rowOf(type, id)).version as number, events: (await eventsOf(id)).length };
    }

    await at(T1);
    const swept = await runEscalationSweep(world.deps.database, now);
    expect(swept).toEqual({ tenants: 2, items: 3, events: 2 + 3 + 1, conflicts: 0, failures: 0 });
    const sweptTasks = await runTaskEscalationSweep(world.deps.database, now);
    expect(sweptTasks).toEqual({ tenants: 2, items: 2, events: 3 + 2, conflicts: 0, failures: 0 });

    const expected: Record<
      string,
      { type: 'hazard' | 'task'; state: string; level: number; notice?: { departmentId: string; name: string }[] }
    > = {
      major: {
        type: 'hazard',
        state: 'rectifying',
        level: 2,
        notice: [{ departmentId: department.market.id, name: department.market.name }],
      },
      routed: {
        type: 'hazard',
        state: 'routed',
        level: 3,
        notice: [{ departmentId: department.housing.id, name: department.housing.name }],
      },
      late: { type: 'hazard', state: 'rectifying', level: 1 },
      onTime: { type: 'hazard', state: 'rectifying', level: 0 },
      taskTop: { type: 'task', state: 'assigned', level: 3 },
      taskTwo: { type: 'task', state: 'assigned', level: 2 },
      taskOnTime: { type: 'task', state: 'assigned', level: 0 },
    };
    for (const [name, want] of Object.entries(expected)) {
      const id = made[name]!;
      const row = await rowOf(want.type, id);
      expect(row.escalation_level, name).toBe(want.level);
      // One version per recorded step, as a person's transitions would leave it.
      expect(row.version, name).toBe(before[name]!.version + want.level);
      const events = await eventsOf(id);
      expect(
        events.map((e) => e.seq),
        name,
      ).toEqual(Array.from({ length: before[name]!.events + want.level }, (_, i) => i + 1));
      const escalations = events.slice(before[name]!.events);
      expect(escalations.map(recorded), name).toEqual(systemEscalations(want.state, 0, want.level, want.notice));
      for (const e of escalations) expect(new Date(e.at as string).toISOString(), name).toBe(T1);
      if (want.level) {
        expect(new Date(row.escalated_at as string).toISOString(), name).toBe(T1);
        expect(new Date(row.updated_at as string).toISOString(), name).toBe(T1);
        expect(row.chain_head, name).toBe(escalations.at(-1)!.hash);
      }
      expect(await chainOf(want.type, id), name).toMatchObject({ valid: true, events: before[name]!.events + want.level });
    }
    // The answer a person reads says the same.
    const read = await call(world, s.committee_admin, 'GET', `/api/v1/hazards/${made.major}`);
    expect(read.body).toMatchObject({ escalationLevel: 2, version: before.major!.version + 2, overdue: true });
    expect((await call(world, s.committee_admin, 'GET', `/api/v1/hazards/${made.major}/timeline/verify`)).body).toMatchObject({
      valid: true,
    });
  });

  it('writes nothing on a second run at the same moment', async () => {
    const count = await world.admin('select count(*)::int as n from timeline_events');
    const idle = { tenants: 2, items: 0, events: 0, conflicts: 0, failures: 0 };
    expect(await runEscalationSweep(world.deps.database, now)).toEqual(idle);
    expect(await runTaskEscalationSweep(world.deps.database, now)).toEqual(idle);
    expect(await world.admin('select count(*)::int as n from timeline_events')).toEqual(count);
  });

  it('leaves one consistent outcome when a person acts on a hazard between the sweep’s read and its write', async () => {
    await at(T0);
    const dueAt = '2026-11-27T10:00:00.000Z'; // level 1 at T1
    const lead = { kind: 'org_unit', orgUnitId: community };
    const [first, raced, last, held] = [
      await hazard({ lead, dueAt }, { acceptedBy: 'community_staff' }),
      await hazard({ lead, dueAt }, { acceptedBy: 'community_staff' }),
      await hazard({ lead, dueAt }, { acceptedBy: 'community_staff' }),
      await hazard({ lead, dueAt }, { acceptedBy: 'community_staff' }),
    ];
    const eventsBefore = (await eventsOf(raced!)).length;
    await at(T1);
    const station = (await world.admin("select id from users where tenant_id = $1 and username = 'station_staff'", [demoA]))[0]!.id;
    // On PostgreSQL a second connection can be in the middle of a transition of its own: the sweep
    // must skip that row rather than wait (PGlite is one session: nothing else can hold a row).
    const concurrent = world.kind === 'postgres';

    const swept = await runEscalationSweep(world.deps.database, now, undefined, {
      afterRead: async (district) => {
        if (district.id !== demoA) return;
        // The station escalates one of them itself, after the sweep read it at its old version.
        await transition(s.station_staff, raced!, { action: 'escalate', note: '站里先行督办' });
        if (concurrent) {
          await world.admin('begin');
          await world.admin('update hazards set updated_at = updated_at where id = $1', [held]);
        }
      },
    });
    if (concurrent) await world.admin('rollback');
    expect(swept).toEqual({
      tenants: 2,
      items: concurrent ? 2 : 3,
      events: concurrent ? 2 : 3,
      conflicts: concurrent ? 2 : 1,
      failures: 0,
    });

    // The person's step stands alone: their event, their level, one version more; no event of the sweep.
    const racedEvents = await eventsOf(raced!);
    expect(racedEvents.slice(eventsBefore).map((e) => [e.action, e.actor_user_id, e.note, e.data])).toEqual([
      ['escalate', station, '站里先行督办', { level: 1, to: 'community' }],
    ]);
    expect(await rowOf('hazard', raced!)).toMatchObject({ escalation_level: 1 });
    // The others were escalated as if nothing had happened next to them.
    for (const id of concurrent ? [first, last] : [first, last, held]) {
      expect((await eventsOf(id!)).slice(eventsBefore).map(recorded)).toEqual(systemEscalations('rectifying', 0, 1));
    }
    for (const id of [first, raced, last, held]) expect(await chainOf('hazard', id!)).toMatchObject({ valid: true });

    // The next run finds the raced hazard at the level it has earned, and the held one now free.
    const next = await runEscalationSweep(world.deps.database, now);
    expect(next).toEqual({ tenants: 2, items: concurrent ? 1 : 0, events: concurrent ? 1 : 0, conflicts: 0, failures: 0 });
    expect((await eventsOf(raced!)).length).toBe(eventsBefore + 1);
    for (const id of [first, raced, last, held]) {
      expect(await rowOf('hazard', id!)).toMatchObject({ escalation_level: 1 });
      expect(await chainOf('hazard', id!)).toMatchObject({ valid: true });
    }
  });

  it('sends the same statements per district for 2 subjects as for 6', async () => {
    /** The statements of one sweep of each kind over `hazards` routed and `assignees` given a task at T0. */
    async function sweepOf(hazards: number, assignees: Record<string, unknown>) {
      await at(T0);
      for (let i = 0; i < hazards; i++) await hazard({ lead: { kind: 'company', companyId: company } }); // level 3 at T1
      const given = await tasks('2026-11-25', assignees); // level 3 at T1
      await at(T1);
      statements.length = 0;
      const swept = await runEscalationSweep(world.deps.database, now);
      const hazardStatements = [...statements];
      statements.length = 0;
      const sweptTasks = await runTaskEscalationSweep(world.deps.database, now);
      const taskStatements = [...statements];
      expect(swept).toMatchObject({ items: hazards, events: 3 * hazards, conflicts: 0, failures: 0 });
      expect(sweptTasks).toMatchObject({ items: given.length, events: 3 * given.length, conflicts: 0, failures: 0 });
      return { hazardStatements, taskStatements, tasks: given.length };
    }
    const few = await sweepOf(2, { kind: 'org_units', ids: [community] });
    const many = await sweepOf(6, { kind: 'streets' });
    expect(many.tasks).toBeGreaterThan(few.tasks);
    expect(many.hazardStatements.length).toBe(few.hazardStatements.length);
    expect(many.taskStatements.length).toBe(few.taskStatements.length);
    // Each kind's writes for a district are one statement: its rows and events together.
    for (const sent of [few.hazardStatements, many.hazardStatements, few.taskStatements, many.taskStatements]) {
      expect(sent.filter((q) => /insert into timeline_events/.test(q))).toHaveLength(1);
    }
  });
});
