import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDuties, MAX_CATCH_UP } from '../../src/features/duties/generate.ts';
import { runScheduledJobs } from '../../src/scheduled.ts';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Recurring duties (常态化工作) end to end on a controlled clock: defining a duty generates its
 * current period at once; the scheduled generator makes every later period exactly once (also when
 * two runs overlap), in the district's own calendar and time zone, catching up on a bounded number
 * of missed periods; end dates, deactivation, edits, broken selections, validation, tenancy and scope.
 */
let world: TestWorld;
let now = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai, ISO week 2026-W48
let demoA: string;
let demoB: string;
let eastStreet: string;
let eastCommunity: string;
let northStreet: string; // demo-b's
const s: Record<string, Session> = {};
const logs: { message: string; error: unknown }[] = [];
const TABLES = ['duties', 'task_assignments', 'tasks', 'timeline_events'] as const;
const STREETS = ['示范东湖街道', '示范南溪镇', '示范西山街道'];

async function at(iso: string) {
  now = new Date(iso);
  for (const role of ['committee_admin', 'station_staff', 'community_staff', 'grid_member']) s[role] = await login(world, 'demo-a', role);
  s.other = await login(world, 'demo-b', 'committee_admin');
}

const run = () => generateDuties(world.deps.database, now, (message, error) => logs.push({ message, error }));

const DEFAULTS = {
  name: '每周学习',
  description: '组织学习消防法律法规和典型火灾案例。',
  frequency: 'weekly',
  assignees: { kind: 'streets' },
  done: { checklist: ['组织学习', '上传学习记录'], target: null, evidence: ['photo'] },
  weight: 2,
  startsOn: '2026-11-24',
};

const create = (session: Session, body: Record<string, unknown>) =>
  call(world, session, 'POST', '/api/v1/duties', { ...DEFAULTS, ...body });
const get = (session: Session, id: string, query = '') => call(world, session, 'GET', `/api/v1/duties/${id}${query}`);
const patch = (session: Session, id: string, body: Record<string, unknown>) => call(world, session, 'PATCH', `/api/v1/duties/${id}`, body);

/** What the database holds for a duty: its instances, oldest first, with their task counts. */
async function instances(dutyId: string) {
  const rows = await world.admin(
    `select a.period_key, a.due_at, a.title, a.created_at, a.created_by, a.weight, count(t.id)::int as tasks
       from task_assignments a left join tasks t on t.assignment_id = a.id
      where a.duty_id = $1 group by a.id order by a.due_at`,
    [dutyId],
  );
  return rows.map((r) => ({
    key: r.period_key as string,
    dueAt: new Date(r.due_at as string).toISOString(),
    title: r.title as string,
    generatedAt: new Date(r.created_at as string).toISOString(),
    createdBy: r.created_by,
    weight: r.weight as number,
    tasks: r.tasks as number,
  }));
}
const keys = async (dutyId: string) => (await instances(dutyId)).map((i) => i.key);
const dues = async (dutyId: string) => Object.fromEntries((await instances(dutyId)).map((i) => [i.key, i.dueAt]));

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  demoB = await tenantId(world, 'demo-b');
  eastStreet = await orgUnitId(world, 'demo-a', '示范东湖街道');
  eastCommunity = await orgUnitId(world, 'demo-a', '东湖社区');
  northStreet = await orgUnitId(world, 'demo-b', '示范北城街道');
  await world.admin('update duties set active = false'); // whatever a demo seed defines: the counts below are this file's
  await at('2026-11-24T02:00:00Z');
});
afterAll(() => world?.close());

/** Each test's duties stop generating once it is done, so the next one's clock jumps touch only its own. */
const isolate = () =>
  afterEach(async () => {
    await world.admin('update duties set active = false');
    logs.length = 0;
  });

describe('defining a duty', () => {
  isolate();

  it('generates this ISO week’s instance for every assignee at once, as the system, at the generation time', async () => {
    const res = await create(s.committee_admin!, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: '每周学习',
      frequency: 'weekly',
      frequencyLabel: '每周',
      assignees: { kind: 'streets' },
      startsOn: '2026-11-24',
      endsOn: null,
      active: true,
      version: 1,
      createdAt: '2026-11-24T02:00:00.000Z',
      currentPeriod: {
        key: '2026-W48',
        label: '2026年第48周，11月23日至11月29日',
        startsAt: '2026-11-22T16:00:00.000Z',
        dueAt: '2026-11-29T15:59:59.999Z',
      },
    });
    expect(res.body.recent).toEqual([
      {
        periodKey: '2026-W48',
        assignmentId: expect.any(String),
        title: '每周学习（2026年第48周，11月23日至11月29日）',
        dueAt: '2026-11-29T15:59:59.999Z',
        generatedAt: '2026-11-24T02:00:00.000Z',
        total: 3,
        done: 0,
        submitted: 0,
        open: 3,
        overdue: 0,
        cancelled: 0,
      },
    ]);
    const id = res.body.id as string;

    const board = await call(world, s.committee_admin!, 'GET', `/api/v1/tasks?dutyId=${id}`);
    expect(board.body.items).toHaveLength(3);
    expect(board.body.items.map((t: { assignee: { name: string } }) => t.assignee.name).sort()).toEqual([...STREETS].sort());
    for (const t of board.body.items) {
      expect(t).toMatchObject({
        dutyId: id,
        periodKey: '2026-W48',
        state: 'assigned',
        dueAt: '2026-11-29T15:59:59.999Z',
        weight: 2,
        progress: { checked: [false, false], count: 0 },
      });
    }
    // Generated by the system (no assigner), recorded at the moment of generation.
    expect(await instances(id)).toEqual([
      {
        key: '2026-W48',
        dueAt: '2026-11-29T15:59:59.999Z',
        title: '每周学习（2026年第48周，11月23日至11月29日）',
        generatedAt: '2026-11-24T02:00:00.000Z',
        createdBy: null,
        weight: 2,
        tasks: 3,
      },
    ]);
    const events = await world.admin(
      `select e.actor_user_id, e.at, e.action from timeline_events e join tasks t on t.id = e.subject_id join task_assignments a on a.id = t.assignment_id where a.duty_id = $1`,
      [id],
    );
    expect(events).toHaveLength(3);
    for (const e of events)
      expect({ actor: e.actor_user_id, at: new Date(e.at as string).toISOString(), action: e.action }).toEqual({
        actor: null,
        at: '2026-11-24T02:00:00.000Z',
        action: 'assign',
      });
    const [audit] = await world.admin("select actor_user_id, detail from audit_events where action = 'duty.created' and target_id = $1", [
      id,
    ]);
    expect(audit!.actor_user_id).not.toBeNull();
    expect((audit!.detail as { generated: unknown[] }).generated).toEqual([
      { periodKey: '2026-W48', assignmentId: res.body.recent[0].assignmentId, tasks: 3 },
    ]);
  });

  it('owes nothing for periods already over when it was defined, and nothing yet before its start date', async () => {
    const past = await create(s.committee_admin!, {
      name: '重点区域每日巡查',
      frequency: 'daily',
      startsOn: '2026-11-01',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
    });
    expect(past.status, JSON.stringify(past.body)).toBe(201);
    expect(past.body.recent.map((r: { periodKey: string }) => r.periodKey)).toEqual(['2026-11-24']);
    const future = await create(s.committee_admin!, { name: '月调度会', frequency: 'monthly', startsOn: '2026-12-01' });
    expect(future.status).toBe(201);
    expect(future.body).toMatchObject({ recent: [], currentPeriod: null });
    expect(await run()).toEqual({ tenants: 2, duties: 2, assignments: 0, tasks: 0, failures: 0 });
    now = new Date('2026-11-30T16:00:00Z'); // 12-01 00:00 in Shanghai
    await run();
    expect(await keys(future.body.id)).toEqual(['2026-12']);
    expect(await keys(past.body.id)).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
  });
});

describe('the generator', () => {
  isolate();

  it('creates each (duty, period) exactly once: twice in a row, and twice at the same time', async () => {
    await at('2026-11-24T02:00:00Z');
    const res = await create(s.committee_admin!, { name: '周汇总' });
    const id = res.body.id as string;
    // Nothing to do: the current period exists.
    expect(await run()).toEqual({ tenants: 2, duties: 1, assignments: 0, tasks: 0, failures: 0 });
    expect(await run()).toEqual({ tenants: 2, duties: 1, assignments: 0, tasks: 0, failures: 0 });

    now = new Date('2026-12-01T02:00:00Z'); // the next week
    const [a, b] = await Promise.all([run(), run()]);
    expect(a!.assignments + b!.assignments).toBe(1);
    expect(a!.tasks + b!.tasks).toBe(3);
    expect(a!.failures + b!.failures).toBe(0);
    expect(await run()).toMatchObject({ assignments: 0, tasks: 0 });
    const [c, d] = await Promise.all([run(), run()]);
    expect(c!.assignments + d!.assignments).toBe(0);
    // The cron trigger and the Node timer run it among the scheduled jobs.
    expect((await runScheduledJobs(world.deps, now)).duties).toEqual({ tenants: 2, duties: 1, assignments: 0, tasks: 0, failures: 0 });

    expect(await keys(id)).toEqual(['2026-W48', '2026-W49']);
    const [counts] = await world.admin(
      `select count(distinct a.id)::int as assignments, count(t.id)::int as tasks,
              (select count(*)::int from timeline_events e join tasks t2 on t2.id = e.subject_id join task_assignments a2 on a2.id = t2.assignment_id where a2.duty_id = $1 and e.action = 'assign') as events
         from task_assignments a join tasks t on t.assignment_id = a.id where a.duty_id = $1`,
      [id],
    );
    expect(counts).toEqual({ assignments: 2, tasks: 6, events: 6 });
    expect((await instances(id))[1]).toMatchObject({
      key: '2026-W49',
      dueAt: '2026-12-06T15:59:59.999Z',
      title: '周汇总（2026年第49周，11月30日至12月6日）',
      generatedAt: '2026-12-01T02:00:00.000Z',
    });
  });

  it('turns a daily duty over at local midnight, across a month end', async () => {
    await at('2026-01-31T02:00:00Z');
    const res = await create(s.committee_admin!, {
      name: '重点区域每日巡查',
      frequency: 'daily',
      startsOn: '2026-01-31',
      assignees: { kind: 'communities', streetId: eastStreet },
      done: { checklist: [], target: { count: 3, unit: '处' }, evidence: ['photo'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id as string;
    expect(res.body.recent[0]).toMatchObject({
      periodKey: '2026-01-31',
      title: '重点区域每日巡查（2026年1月31日）',
      dueAt: '2026-01-31T15:59:59.999Z',
      total: 2,
    });
    now = new Date('2026-01-31T15:59:59.999Z'); // the last millisecond of 01-31 in Shanghai
    expect(await run()).toMatchObject({ assignments: 0 });
    now = new Date('2026-01-31T16:00:00.000Z'); // 02-01 00:00
    expect(await run()).toMatchObject({ assignments: 1, tasks: 2 });
    now = new Date('2026-02-01T23:00:00.000Z'); // 02-02 07:00
    expect(await run()).toMatchObject({ assignments: 1, tasks: 2 });
    expect(await instances(id)).toEqual([
      expect.objectContaining({ key: '2026-01-31', dueAt: '2026-01-31T15:59:59.999Z', tasks: 2 }),
      expect.objectContaining({
        key: '2026-02-01',
        dueAt: '2026-02-01T15:59:59.999Z',
        title: '重点区域每日巡查（2026年2月1日）',
        generatedAt: '2026-01-31T16:00:00.000Z',
        tasks: 2,
      }),
      expect.objectContaining({ key: '2026-02-02', dueAt: '2026-02-02T15:59:59.999Z', tasks: 2 }),
    ]);
  });

  it('follows the calendar of months (leap-year February) and ISO weeks (2026-W53)', async () => {
    await at('2028-02-10T02:00:00Z');
    const monthly = await create(s.committee_admin!, { name: '月调度会', frequency: 'monthly', startsOn: '2028-02-10' });
    expect(monthly.status, JSON.stringify(monthly.body)).toBe(201);
    expect(monthly.body.recent[0]).toMatchObject({
      periodKey: '2028-02',
      title: '月调度会（2028年2月）',
      dueAt: '2028-02-29T15:59:59.999Z',
    });
    now = new Date('2028-02-29T15:59:59.999Z');
    expect(await run()).toMatchObject({ assignments: 0 });
    now = new Date('2028-02-29T16:00:00.000Z'); // 03-01 00:00 in Shanghai
    expect(await run()).toMatchObject({ assignments: 1, tasks: 3 });
    expect(await dues(monthly.body.id)).toEqual({ '2028-02': '2028-02-29T15:59:59.999Z', '2028-03': '2028-03-31T15:59:59.999Z' });
    expect((await instances(monthly.body.id))[1]!.title).toBe('月调度会（2028年3月）');

    await at('2026-12-29T02:00:00Z');
    const weekly = await create(s.committee_admin!, { name: '周汇总', startsOn: '2026-12-29' });
    expect(weekly.body.recent[0]).toMatchObject({
      periodKey: '2026-W53',
      title: '周汇总（2026年第53周，12月28日至1月3日）',
      dueAt: '2027-01-03T15:59:59.999Z',
    });
    now = new Date('2027-01-03T16:00:00.000Z'); // Monday 2027-01-04 00:00
    await run();
    expect(await dues(weekly.body.id)).toEqual({ '2026-W53': '2027-01-03T15:59:59.999Z', '2027-W01': '2027-01-10T15:59:59.999Z' });
  });

  it('generates a quarterly duty per calendar quarter', async () => {
    await at('2026-11-24T02:00:00Z');
    const res = await create(s.committee_admin!, {
      name: '每季研判',
      frequency: 'quarterly',
      assignees: { kind: 'departments', ids: null },
      done: { checklist: [], target: null, evidence: ['document'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.recent[0]).toMatchObject({
      periodKey: '2026-Q4',
      title: '每季研判（2026年第四季度）',
      dueAt: '2026-12-31T15:59:59.999Z',
      total: 7,
    });
    now = new Date('2026-12-31T15:59:59.999Z');
    expect(await run()).toMatchObject({ assignments: 0 });
    now = new Date('2026-12-31T16:00:00.000Z');
    expect(await run()).toMatchObject({ assignments: 1, tasks: 7 });
    now = new Date('2027-05-15T02:00:00.000Z');
    expect(await run()).toMatchObject({ assignments: 1, tasks: 7 });
    expect(await dues(res.body.id)).toEqual({
      '2026-Q4': '2026-12-31T15:59:59.999Z',
      '2027-Q1': '2027-03-31T15:59:59.999Z',
      '2027-Q2': '2027-06-30T15:59:59.999Z',
    });
    expect((await instances(res.body.id)).map((i) => i.title)).toEqual([
      '每季研判（2026年第四季度）',
      '每季研判（2027年第一季度）',
      '每季研判（2027年第二季度）',
    ]);
  });

  it('counts days in each district’s own time zone: Berlin midnight (across the 2026-10-25 DST change), Shanghai unchanged', async () => {
    await world.admin("update tenants set time_zone = 'Europe/Berlin' where id = $1", [demoB]);
    try {
      await at('2026-10-24T12:00:00Z'); // Berlin 14:00 (CEST), Shanghai 20:00
      const body = {
        name: '消防控制室24小时值班',
        frequency: 'daily',
        startsOn: '2026-10-24',
        assignees: { kind: 'companies', ids: null },
        done: { checklist: ['交接班记录', '设备巡检'], target: null, evidence: [] },
      };
      const berlin = await create(s.other!, body);
      const shanghai = await create(s.committee_admin!, body);
      expect(berlin.status, JSON.stringify(berlin.body)).toBe(201);
      expect(berlin.body.currentPeriod).toEqual({
        key: '2026-10-24',
        label: '2026年10月24日',
        startsAt: '2026-10-23T22:00:00.000Z',
        dueAt: '2026-10-24T21:59:59.999Z',
      });
      expect(shanghai.body.currentPeriod).toEqual({
        key: '2026-10-24',
        label: '2026年10月24日',
        startsAt: '2026-10-23T16:00:00.000Z',
        dueAt: '2026-10-24T15:59:59.999Z',
      });

      now = new Date('2026-10-24T20:00:00Z'); // Berlin 22:00 on the 24th, Shanghai 04:00 on the 25th
      await run();
      expect(await keys(berlin.body.id)).toEqual(['2026-10-24']);
      expect(await keys(shanghai.body.id)).toEqual(['2026-10-24', '2026-10-25']);

      await at('2026-10-24T22:00:00Z'); // Berlin midnight: the 25th begins (clocks go back at 03:00, a 25-hour day)
      await run();
      expect(await keys(berlin.body.id)).toEqual(['2026-10-24', '2026-10-25']);
      const during = await get(s.other!, berlin.body.id);
      expect(during.body.currentPeriod).toEqual({
        key: '2026-10-25',
        label: '2026年10月25日',
        startsAt: '2026-10-24T22:00:00.000Z',
        dueAt: '2026-10-25T22:59:59.999Z',
      });

      now = new Date('2026-10-25T22:59:59.999Z'); // still the 25th in Berlin (CET now)
      await run();
      expect(await keys(berlin.body.id)).toEqual(['2026-10-24', '2026-10-25']);
      now = new Date('2026-10-25T23:00:00Z'); // Berlin midnight of the 26th, an hour later in UTC than the day before
      await run();

      expect(await dues(berlin.body.id)).toEqual({
        '2026-10-24': '2026-10-24T21:59:59.999Z',
        '2026-10-25': '2026-10-25T22:59:59.999Z',
        '2026-10-26': '2026-10-26T22:59:59.999Z',
      });
      expect(await dues(shanghai.body.id)).toEqual({
        '2026-10-24': '2026-10-24T15:59:59.999Z',
        '2026-10-25': '2026-10-25T15:59:59.999Z',
        '2026-10-26': '2026-10-26T15:59:59.999Z',
      });
      expect((await instances(berlin.body.id)).map((i) => i.tasks)).toEqual([2, 2, 2]);
    } finally {
      await world.admin("update tenants set time_zone = 'Asia/Shanghai' where id = $1", [demoB]);
    }
  });

  it('catches up on at most MAX_CATCH_UP missed periods, the newest ones', async () => {
    expect(MAX_CATCH_UP).toEqual({ daily: 31, weekly: 8, monthly: 3, quarterly: 2 });
    await at('2026-11-24T02:00:00Z');
    const one = { assignees: { kind: 'org_units', ids: [eastCommunity] } };
    const daily = await create(s.committee_admin!, { ...one, name: '重点区域每日巡查', frequency: 'daily' });
    const monthly = await create(s.committee_admin!, { ...one, name: '月调度会', frequency: 'monthly' });
    await at('2027-03-04T02:00:00Z'); // 100 days later
    expect(await run()).toEqual({ tenants: 2, duties: 2, assignments: 31 + 3, tasks: 31 + 3, failures: 0 });
    const dailyKeys = await keys(daily.body.id);
    const expected = Array.from({ length: 31 }, (_, i) => new Date(Date.UTC(2027, 1, 2 + i)).toISOString().slice(0, 10));
    expect(expected[0]).toBe('2027-02-02');
    expect(expected.at(-1)).toBe('2027-03-04');
    expect(dailyKeys).toEqual(['2026-11-24', ...expected]);
    expect(await keys(monthly.body.id)).toEqual(['2026-11', '2027-01', '2027-02', '2027-03']); // 2026-12 is past the bound
    expect(await run()).toMatchObject({ assignments: 0 });
    // What was caught up on is due already, and shows so.
    const detail = await get(s.committee_admin!, daily.body.id, '?periods=3');
    expect(detail.body.recent.map((r: { periodKey: string; open: number; overdue: number }) => [r.periodKey, r.open, r.overdue])).toEqual([
      ['2027-03-04', 1, 0],
      ['2027-03-03', 1, 1],
      ['2027-03-02', 1, 1],
    ]);
  });

  it('stops at endsOn', async () => {
    await at('2026-11-24T02:00:00Z');
    const res = await create(s.committee_admin!, {
      name: '百日攻坚每日巡查',
      frequency: 'daily',
      endsOn: '2026-11-26',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
    });
    expect(res.body.endsOn).toBe('2026-11-26');
    await at('2026-11-30T02:00:00Z');
    await run();
    expect(await keys(res.body.id)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect((await get(s.committee_admin!, res.body.id)).body.currentPeriod).toBeNull();
  });

  it('generates nothing for an inactive duty; reactivating starts again today, owing nothing for the pause', async () => {
    await at('2026-11-24T02:00:00Z');
    const res = await create(s.committee_admin!, {
      name: '重点区域每日巡查',
      frequency: 'daily',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
    });
    const id = res.body.id as string;
    const off = await patch(s.committee_admin!, id, { version: 1, active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body).toMatchObject({ active: false, version: 2, currentPeriod: null });
    await at('2026-11-27T02:00:00Z');
    expect(await run()).toMatchObject({ duties: 0, assignments: 0 });
    expect(await keys(id)).toEqual(['2026-11-24']);
    const on = await patch(s.committee_admin!, id, { version: 2, active: true });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body).toMatchObject({ active: true, startsOn: '2026-11-27', version: 3 });
    expect(on.body.recent.map((r: { periodKey: string }) => r.periodKey)).toEqual(['2026-11-27', '2026-11-24']);
    expect(await run()).toMatchObject({ assignments: 0 });
    expect(await keys(id)).toEqual(['2026-11-24', '2026-11-27']);
  });

  it('extending a duty that had ended owes nothing for the days between its end and today', async () => {
    await at('2026-11-20T02:00:00Z');
    const res = await create(s.committee_admin!, {
      name: '重点区域每日巡查',
      frequency: 'daily',
      startsOn: '2026-11-20',
      endsOn: '2026-11-21',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
    });
    const id = res.body.id as string;
    await at('2026-11-22T02:00:00Z');
    await run();
    expect(await keys(id)).toEqual(['2026-11-20', '2026-11-21']);
    await at('2026-11-27T02:00:00Z');
    const longer = await patch(s.committee_admin!, id, { version: res.body.version, endsOn: '2026-12-31' });
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    expect(longer.body).toMatchObject({ startsOn: '2026-11-27', endsOn: '2026-12-31' });
    await run();
    expect(await keys(id)).toEqual(['2026-11-20', '2026-11-21', '2026-11-27']); // not 11-22 … 11-26
  });

  it('applies changes to the periods generated afterwards; stale versions are refused', async () => {
    await at('2026-11-24T02:00:00Z');
    const res = await create(s.committee_admin!, {});
    const id = res.body.id as string;
    const changed = await patch(s.committee_admin!, id, {
      version: 1,
      name: '每周消防安全学习',
      weight: 3,
      assignees: { kind: 'org_units', ids: [eastStreet] },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      name: '每周消防安全学习',
      weight: 3,
      assignees: { kind: 'org_units', ids: [eastStreet] },
      version: 2,
    });
    expectProblem(await patch(s.committee_admin!, id, { version: 1, name: '过期的修改' }), 409, 'version_conflict');
    await at('2026-12-01T02:00:00Z');
    await run();
    const made = await instances(id);
    expect(made.map((i) => [i.key, i.title, i.weight, i.tasks])).toEqual([
      ['2026-W48', '每周学习（2026年第48周，11月23日至11月29日）', 2, 3],
      ['2026-W49', '每周消防安全学习（2026年第49周，11月30日至12月6日）', 3, 1],
    ]);
    const [audit] = await world.admin("select detail from audit_events where action = 'duty.updated' and target_id = $1", [id]);
    expect(audit!.detail).toMatchObject({ name: '每周消防安全学习', weight: 3 });
  });

  it('logs and skips a duty whose selection names no assignee any more, without holding up the others', async () => {
    await at('2026-11-24T02:00:00Z');
    const good = await create(s.committee_admin!, {
      name: '重点区域每日巡查',
      frequency: 'daily',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
    });
    const bad = await create(s.committee_admin!, {
      name: '消防控制室24小时值班',
      frequency: 'daily',
      assignees: { kind: 'org_units', ids: [eastStreet] },
    });
    // The unit it named is gone (selectors keep ids, not foreign keys).
    await world.admin(
      `update duties set assignees = jsonb_build_object('kind', 'org_units', 'ids', jsonb_build_array($2::text)) where id = $1`,
      [bad.body.id, crypto.randomUUID()],
    );
    now = new Date('2026-11-26T02:00:00Z'); // two periods owed by each
    expect(await run()).toEqual({ tenants: 2, duties: 2, assignments: 2, tasks: 2, failures: 1 });
    expect(logs).toHaveLength(1); // once per duty and run, not once per period
    expect(logs[0]!.message).toContain(bad.body.id);
    expect(logs[0]!.message).toContain('names no assignee');
    expect(await keys(good.body.id)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(await keys(bad.body.id)).toEqual(['2026-11-24']);
    expect(await run()).toMatchObject({ assignments: 0, failures: 1 });
  });
});

describe('refusals', () => {
  it('answers bad input with field paths, writing nothing', async () => {
    await at('2026-11-24T02:00:00Z');
    const [{ id }] = (await world.admin('select id from duties where tenant_id = $1 order by created_at limit 1', [demoA])) as [
      { id: string },
    ];
    const [{ version }] = (await world.admin('select version from duties where id = $1', [id])) as [{ version: number }];
    const before = await fingerprint(world, TABLES);
    const bad = await create(s.committee_admin!, {
      name: '',
      frequency: 'hourly',
      assignees: { kind: 'planets' },
      startsOn: '2026-02-30',
      weight: 0,
      colour: 'red',
    });
    expectProblem(bad, 400, 'validation_failed');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'assignees.kind',
      'colour',
      'frequency',
      'name',
      'startsOn',
      'weight',
    ]);
    expect(bad.body.errors.find((e: { path: string }) => e.path === 'startsOn').code).toBe('date_format');
    const backwards = await create(s.committee_admin!, { startsOn: '2026-12-01', endsOn: '2026-11-30' });
    expectProblem(backwards, 400, 'validation_failed');
    expect(backwards.body.errors).toEqual([{ path: 'endsOn', code: 'end_before_start', message: '不能早于开始日期 2026-12-01' }]);
    // Only the supported years (2000–2099): a duty's periods are computed from these days.
    const ancient = await create(s.committee_admin!, { startsOn: '0392-03-23', endsOn: '9999-12-31' });
    expect(expectProblem(ancient, 400, 'validation_failed').errors!.map((e) => `${e.path}:${e.code}`)).toEqual([
      'startsOn:date_format',
      'endsOn:date_format',
    ]);
    const noOne = await create(s.committee_admin!, { assignees: { kind: 'org_units', ids: [] } });
    expectProblem(noOne, 400, 'validation_failed');
    expect(noOne.body.errors.map((e: { path: string }) => e.path)).toEqual(['assignees.ids']);
    const [{ starts_on: startsOn }] = (await world.admin("select to_char(starts_on, 'YYYY-MM-DD') as starts_on from duties where id = $1", [
      id,
    ])) as [{ starts_on: string }];
    const patchBad = await patch(s.committee_admin!, id, { version, endsOn: '2020-01-01' });
    expect(expectProblem(patchBad, 400, 'duty_ends_before_start').params).toEqual({ startsOn });
    expect(patchBad.body.errors).toEqual([
      { path: 'endsOn', code: 'duty_ends_before_start', message: `结束日期不能早于开始日期 ${startsOn}` },
    ]);
    expectProblem(await patch(s.committee_admin!, id, { version, frequency: 'daily' }), 400, 'validation_failed'); // the calendar of a duty is fixed
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('answers ids of another district as not found, naming the path, writing nothing', async () => {
    await at('2026-11-24T02:00:00Z');
    const [campaign] = await world.admin(
      "insert into campaigns (tenant_id, name, goal, created_by) select $1, '乙区百日攻坚', '乙区', id from users where tenant_id = $1 limit 1 returning id",
      [demoB],
    );
    const [{ id }] = (await world.admin('select id from duties where tenant_id = $1 order by created_at limit 1', [demoA])) as [
      { id: string },
    ];
    const [{ version }] = (await world.admin('select version from duties where id = $1', [id])) as [{ version: number }];
    const before = await fingerprint(world, TABLES);
    const ids = await create(s.committee_admin!, { assignees: { kind: 'org_units', ids: [eastStreet, northStreet] } });
    expect(expectProblem(ids, 404, 'not_found').params).toEqual({ resource: 'org_unit' });
    expect(ids.body.errors).toEqual([{ path: 'assignees.ids.1', code: 'not_found', message: '单位不存在或不在您的管辖范围内' }]);
    const street = await create(s.committee_admin!, { assignees: { kind: 'communities', streetId: northStreet } });
    expect(expectProblem(street, 404, 'not_found').params).toEqual({ resource: 'street' });
    expect(street.body.errors).toEqual([{ path: 'assignees.streetId', code: 'not_found', message: '街道不存在或不在您的管辖范围内' }]);
    const theirCampaign = await create(s.committee_admin!, { campaignId: campaign!.id });
    expect(expectProblem(theirCampaign, 404, 'not_found').params).toEqual({ resource: 'campaign' });
    expect(theirCampaign.body.errors).toEqual([{ path: 'campaignId', code: 'not_found', message: expect.stringContaining('专项行动') }]);
    const patched = await patch(s.committee_admin!, id, { version, assignees: { kind: 'org_units', ids: [northStreet] } });
    expectProblem(patched, 404, 'not_found');
    expect(patched.body.errors).toEqual([{ path: 'assignees.ids.0', code: 'not_found', message: expect.any(String) }]);
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });
});

describe('who sees and keeps duties', () => {
  let streets: string; // to every street
  let companies: string; // to the property companies

  beforeAll(async () => {
    await at('2026-11-24T02:00:00Z');
    streets = (await create(s.committee_admin!, { name: '每周学习（可见性）' })).body.id;
    companies = (
      await create(s.committee_admin!, { name: '消防控制室值班记录', frequency: 'daily', assignees: { kind: 'companies', ids: null } })
    ).body.id;
  });

  it('lets only the committee define or change a duty', async () => {
    const before = await fingerprint(world, TABLES);
    expectProblem(await create(s.station_staff!, {}), 403, 'forbidden');
    expectProblem(await create(s.community_staff!, {}), 403, 'forbidden');
    expectProblem(await patch(s.station_staff!, streets, { version: 1, active: false }), 403, 'forbidden');
    expectProblem(await call(world, s.grid_member!, 'GET', '/api/v1/duties'), 403, 'forbidden');
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('shows a station the duties its street owes, counting only its own tasks', async () => {
    const list = await call(world, s.station_staff!, 'GET', '/api/v1/duties?limit=200');
    expect(list.status).toBe(200);
    const seen = list.body.items.map((d: { id: string }) => d.id);
    expect(seen).toContain(streets);
    expect(seen).not.toContain(companies);
    const detail = await get(s.station_staff!, streets);
    expect(detail.body.recent).toEqual([expect.objectContaining({ periodKey: '2026-W48', total: 1, open: 1 })]);
    expect((await get(s.committee_admin!, streets)).body.recent).toEqual([
      expect.objectContaining({ periodKey: '2026-W48', total: 3, open: 3 }),
    ]);
    expectProblem(await get(s.station_staff!, companies), 404, 'not_found');
    expectProblem(await get(s.community_staff!, streets), 404, 'not_found'); // a community sees its own tasks, not its street's
  });

  it('hides a district’s duties from another district', async () => {
    expectProblem(await get(s.other!, streets), 404, 'not_found');
    expectProblem(await patch(s.other!, streets, { version: 1, active: false }), 404, 'not_found');
    const theirs = await call(world, s.other!, 'GET', '/api/v1/duties?limit=200');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((d: { id: string }) => d.id)).not.toContain(streets);
    const [row] = await world.admin('select active, version from duties where id = $1', [streets]);
    expect(row).toEqual({ active: true, version: 1 });
  });

  it('lists with keyset pages and the active filter', async () => {
    const all = await world.admin('select id, active from duties where tenant_id = $1', [demoA]);
    expect(all.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        world,
        s.committee_admin!,
        'GET',
        `/api/v1/duties?limit=4&sort=createdAt&order=desc${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.map((r) => r.id as string).sort());
    const active = await call(world, s.committee_admin!, 'GET', '/api/v1/duties?active=true&limit=200');
    expect(active.body.items.map((d: { id: string }) => d.id).sort()).toEqual(
      all
        .filter((r) => r.active)
        .map((r) => r.id as string)
        .sort(),
    );
    expect(active.body.items.map((d: { id: string }) => d.id).sort()).toEqual([streets, companies].sort());
    const inactive = await call(world, s.committee_admin!, 'GET', '/api/v1/duties?active=false&limit=200');
    expect(inactive.body.items).toHaveLength(all.length - 2);
    const daily = await call(world, s.committee_admin!, 'GET', '/api/v1/duties?active=true&frequency=daily');
    expect(daily.body.items.map((d: { name: string }) => d.name)).toEqual(['消防控制室值班记录']);
  });
});
