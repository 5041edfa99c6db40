import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlannedInspections } from '../../src/features/inspections/generate.ts';
import { runScheduledJobs } from '../../src/scheduled.ts';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Inspection plans (检查计划) on a controlled clock: a plan makes one planned inspection per target
 * (places of a type, unmanaged compounds, compounds with a high-rise) per period in the district's
 * calendar, at creation and then by the scheduled generator, exactly once however often and
 * however concurrently it runs; the next period makes the next set; compound targets (place_id
 * null) are not duplicated; a planned inspection runs and completes like an ad hoc one; the list
 * filters by plan and overdue; validation, scope and other districts.
 */
let world: TestWorld;
let now = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
let demoA: string;
const s: Record<string, Session> = {};
const id: Record<string, string> = {};
const template: Record<string, string> = {};
const logs: { message: string; error: unknown }[] = [];
/** How many 九小场所 the monthly plan of 东湖社区 covers. */
let n = 0;
const TABLES = ['inspection_plans', 'inspections', 'inspection_results'] as const;

type Answer = Awaited<ReturnType<typeof call>>;
const paths = (res: Answer) => ((res.body?.errors ?? []) as { path: string }[]).map((e) => e.path).sort();

async function at(iso: string) {
  now = new Date(iso);
  for (const role of ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'grid_member', 'property_manager'])
    s[role] = await login(world, 'demo-a', role);
  s.other = await login(world, 'demo-b', 'committee_admin');
}

const run = () => generatePlannedInspections(world.deps.database, now, (message, error) => logs.push({ message, error }));
const createPlan = (session: Session, body: Record<string, unknown>) => call(world, session, 'POST', '/api/v1/inspection-plans', body);
const getPlan = (session: Session, plan: string) => call(world, session, 'GET', `/api/v1/inspection-plans/${plan}`);
const patchPlan = (session: Session, plan: string, body: Record<string, unknown>) =>
  call(world, session, 'PATCH', `/api/v1/inspection-plans/${plan}`, body);
const listInspections = async (session: Session, query: string) => {
  const res = await call(world, session, 'GET', `/api/v1/inspections?limit=200&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { id: string; status: string; placeId: string | null; orgUnitId: string; periodKey: string; dueOn: string }[];
};

/** What the database holds for a plan: its inspections, by period, with their targets. */
async function planned(plan: string, periodKey?: string) {
  return world.admin(
    `select i.id, i.period_key, i.place_id, i.org_unit_id, i.status, i.kind, i.due_on::text as due_on, i.template_version_id, i.inspector_id, i.started_at
       from inspections i where i.plan_id = $1 and ($2::text is null or i.period_key = $2) order by i.org_unit_id, i.place_id`,
    [plan, periodKey ?? null],
  );
}
const count = async (plan: string, periodKey?: string) => (await planned(plan, periodKey)).length;

const one = async (sql: string, params: unknown[] = [demoA]) => (await world.admin(sql, params))[0]!.id as string;
const ids = async (sql: string, params: unknown[] = [demoA]) => (await world.admin(sql, params)).map((r) => r.id as string).sort();

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  id.eastStreet = await orgUnitId(world, 'demo-a', '示范东湖街道');
  id.eastCommunity = await orgUnitId(world, 'demo-a', '东湖社区');
  id.qingtongCommunity = await orgUnitId(world, 'demo-a', '青桐社区');
  id.eastGarden = await orgUnitId(world, 'demo-a', '东湖花园小区'); // managed
  id.eastHome = await orgUnitId(world, 'demo-a', '东湖家园小区'); // unmanaged, with the community's 商务大厦 (high_rise)
  id.otherArea = await orgUnitId(world, 'demo-b', '示范北城街道');
  // A second 九小场所 in 东湖社区, in a building of a compound (the area is a subtree), and one more in 青桐社区 (outside it).
  const building = await one(
    "select b.id from org_units b join org_units c on c.id = b.parent_id where b.tenant_id = $1 and c.name = '东湖花园小区' and b.name = '2号楼'",
  );
  for (const [unit, name] of [
    [building, '东湖花园2号楼底商便利店'],
    [id.qingtongCommunity, '青桐社区小吃店'],
  ] as const) {
    await world.admin("insert into places (tenant_id, org_unit_id, name, type, risk_level) values ($1, $2, $3, 'nine_small', 'medium')", [
      demoA,
      unit,
      name,
    ]);
  }
  await at(now.toISOString());
  const templates = await call(world, s.committee_admin!, 'GET', '/api/v1/inspection-templates?limit=200');
  for (const t of templates.body.items as { id: string; target: string; code: string }[])
    if (t.code === t.target.replaceAll('_', '-')) template[t.target] = t.id;
  expect(Object.keys(template).sort()).toEqual([
    'ebike_charging',
    'high_rise_compound',
    'key_unit',
    'nine_small',
    'three_in_one',
    'unmanaged_compound',
  ]);
  template.nineSmallVersion = await one('select id from inspection_template_versions where template_id = $1 and number = 1', [
    template.nine_small,
  ]);
});
afterAll(() => world?.close());

describe('a monthly plan for 九小场所 in 东湖社区', () => {
  it('creates exactly the planned inspections for those places this month, at once, in the same transaction', async () => {
    const expected = await ids(
      `select p.id from places p join org_units u on u.id = p.org_unit_id
        where p.tenant_id = $1 and p.type = 'nine_small' and u.path like (select path from org_units where id = $2) || '%'`,
      [demoA, id.eastCommunity],
    );
    // the seeded ones on the community, and the one added in a building below it
    expect(expected.length).toBeGreaterThanOrEqual(2);
    n = expected.length;

    const res = await createPlan(s.committee_admin!, {
      name: '东湖社区九小场所月度检查',
      templateId: template.nine_small,
      frequency: 'monthly',
      orgUnitId: id.eastCommunity,
      startsOn: '2026-11-01',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: '东湖社区九小场所月度检查',
      template: { id: template.nine_small, code: 'nine-small', target: 'nine_small', targetLabel: '九小场所', active: true },
      frequency: 'monthly',
      frequencyLabel: '每月',
      orgUnitId: id.eastCommunity,
      orgUnitName: '东湖社区',
      startsOn: '2026-11-01',
      active: true,
      currentPeriod: { key: '2026-11', startsOn: '2026-11-01', dueOn: '2026-11-30' },
      targets: n,
      progress: { total: n, planned: n, inProgress: 0, completed: 0, cancelled: 0 },
      version: 1,
      createdAt: now.toISOString(),
    });
    id.monthly = res.body.id;

    const rows = await planned(id.monthly!);
    expect(rows.map((r) => r.place_id).sort()).toEqual(expected);
    for (const r of rows) {
      expect(r).toMatchObject({
        period_key: '2026-11',
        status: 'planned',
        kind: 'planned',
        due_on: '2026-11-30',
        template_version_id: template.nineSmallVersion,
        inspector_id: null,
        started_at: null,
      });
    }
    // org_unit_id is the place's own unit.
    const units = await world.admin('select p.org_unit_id from places p where p.id = any($1::uuid[]) order by p.org_unit_id', [expected]);
    expect(rows.map((r) => r.org_unit_id).sort()).toEqual(units.map((u) => u.org_unit_id).sort());

    const audit = await world.admin("select detail from audit_events where target_id = $1 and action = 'inspection_plan.created'", [
      id.monthly,
    ]);
    expect(audit).toEqual([
      { detail: expect.objectContaining({ frequency: 'monthly', generated: { periodKey: '2026-11', dueOn: '2026-11-30', created: n } }) },
    ]);

    // The planned inspections are inspections like any: listed by plan, in the readers' scope.
    const listed = await listInspections(s.community_staff!, `planId=${id.monthly}`);
    expect(listed.map((i) => i.placeId).sort()).toEqual(expected);
    expect(listed.every((i) => i.status === 'planned' && i.periodKey === '2026-11' && i.dueOn === '2026-11-30')).toBe(true);
    expect(await listInspections(s.property_manager!, `planId=${id.monthly}`)).toHaveLength(1); // the shop in its compound's building only
    expect(await listInspections(s.committee_admin!, `kind=planned&planId=${id.monthly}`)).toHaveLength(n);
  });

  it('changes nothing when the generator runs again, twice, concurrently, or as part of the scheduled jobs', async () => {
    const before = await fingerprint(world, TABLES);
    expect(await run()).toMatchObject({ inspections: 0, failures: 0 });
    const concurrent = await Promise.all([run(), run(), run()]);
    expect(concurrent.map((r) => r.inspections)).toEqual([0, 0, 0]);
    const jobs = await runScheduledJobs(world.deps, now);
    expect(jobs.plannedInspections).toMatchObject({ inspections: 0, failures: 0 });
    expect(await fingerprint(world, TABLES)).toEqual(before);
    expect(logs).toEqual([]);
  });

  it('adds a place registered in the middle of the month at the next run, once; a place elsewhere never', async () => {
    const [late] = await world.admin(
      "insert into places (tenant_id, org_unit_id, name, type, risk_level) values ($1, $2, '东湖社区新开面馆', 'nine_small', 'medium') returning id",
      [demoA, id.eastCommunity],
    );
    await world.admin(
      "insert into places (tenant_id, org_unit_id, name, type, risk_level) values ($1, $2, '青桐社区新开茶馆', 'nine_small', 'medium')",
      [demoA, id.qingtongCommunity],
    );
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.inspections + b.inspections).toBe(1);
    expect((await planned(id.monthly!)).map((r) => r.place_id)).toContain(late!.id);
    expect(await count(id.monthly!, '2026-11')).toBe(++n);
    expect((await run()).inspections).toBe(0);
  });

  it('makes the next set when the next month begins in the district’s time zone, and only then', async () => {
    await at('2026-11-30T15:59:00Z'); // 23:59 on 30 November in Shanghai: still November
    expect((await run()).inspections).toBe(0);
    expect(await count(id.monthly!)).toBe(n);

    await at('2026-11-30T16:00:00Z'); // midnight: 1 December in Shanghai (still 30 November in UTC)
    const made = await run();
    expect(made.inspections).toBeGreaterThanOrEqual(n);
    const december = await planned(id.monthly!, '2026-12');
    expect(december).toHaveLength(n);
    for (const r of december) expect(r).toMatchObject({ status: 'planned', due_on: '2026-12-31' });
    // November's set is untouched, and now overdue.
    expect((await planned(id.monthly!, '2026-11')).every((r) => r.status === 'planned' && r.due_on === '2026-11-30')).toBe(true);
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.inspections + b.inspections).toBe(0);
    expect(await count(id.monthly!)).toBe(2 * n);
    const detail = await getPlan(s.committee_admin!, id.monthly!);
    expect(detail.body).toMatchObject({
      currentPeriod: { key: '2026-12', startsOn: '2026-12-01', dueOn: '2026-12-31' },
      progress: { total: n, planned: n },
    });
  });
});

describe('compound targets', () => {
  it('plans every unmanaged compound of the district once per week, and never twice (place_id is null)', async () => {
    const expected = await ids(
      "select u.id from org_units u where u.tenant_id = $1 and u.kind = 'compound' and not exists (select 1 from company_compounds c where c.org_unit_id = u.id)",
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(expected).toContain(id.eastHome);
    expect(expected).not.toContain(id.eastGarden);

    const res = await createPlan(s.committee_staff!, {
      name: '无物业小区每周检查',
      templateId: template.unmanaged_compound,
      frequency: 'weekly',
      startsOn: '2026-11-01',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      orgUnitId: null,
      orgUnitName: null,
      currentPeriod: { key: '2026-W49', startsOn: '2026-11-30', dueOn: '2026-12-06' },
      targets: expected.length,
    });
    id.weekly = res.body.id;
    const rows = await planned(id.weekly!);
    expect(rows.map((r) => r.org_unit_id).sort()).toEqual(expected);
    expect(rows.every((r) => r.place_id === null && r.period_key === '2026-W49' && r.due_on === '2026-12-06')).toBe(true);

    const before = await fingerprint(world, TABLES);
    const results = await Promise.all([run(), run(), run()]);
    expect(results.map((r) => r.inspections)).toEqual([0, 0, 0]);
    expect((await run()).inspections).toBe(0);
    expect(await fingerprint(world, TABLES)).toEqual(before);

    // Progress counts what the caller can see: a community its own unmanaged compound; a company none of them.
    expect((await getPlan(s.community_staff!, id.weekly!)).body.progress).toMatchObject({ total: 1, planned: 1 });
    expect((await getPlan(s.property_manager!, id.weekly!)).body.progress).toMatchObject({ total: 0 });
  });

  it('would have duplicated them on every run without the partial unique key on (plan, period, unit)', async () => {
    const before = (await planned(id.weekly!)).map((r) => r.id as string);
    const [index] = await world.admin("select indexdef from pg_indexes where indexname = 'inspections_plan_period_unit_uq'");
    expect(index!.indexdef).toMatch(
      /UNIQUE INDEX .* \(plan_id, period_key, org_unit_id\) WHERE \(\(place_id IS NULL\) AND \(plan_id IS NOT NULL\)\)/,
    );
    // The database refuses a second row for a compound target whatever writes it.
    const [first] = await planned(id.weekly!);
    await expect(
      world.admin(
        `insert into inspections (tenant_id, template_version_id, kind, plan_id, period_key, org_unit_id, status, due_on)
         select tenant_id, template_version_id, kind, plan_id, period_key, org_unit_id, status, due_on from inspections where id = $1`,
        [first!.id],
      ),
    ).rejects.toThrow(/inspections_plan_period_unit_uq/);

    // Without it, only the (plan, period, unit, place) constraint is left, whose NULL place_id
    // differs from every other NULL: inserting the same compounds again, arbitrated on that key as
    // the generator would have been, duplicates every one of them. (The generator names its
    // arbiter, so with the index gone it fails loudly instead of duplicating.)
    const copy = `insert into inspections (tenant_id, template_version_id, kind, plan_id, period_key, org_unit_id, place_id, status, due_on)
      select tenant_id, template_version_id, kind, plan_id, period_key, org_unit_id, place_id, status, due_on from inspections where plan_id = $1
      on conflict on constraint inspections_plan_period_uq do nothing returning id`;
    await expect(world.admin(copy, [id.weekly])).rejects.toThrow(/inspections_plan_period_unit_uq/);
    await world.admin('drop index inspections_plan_period_unit_uq');
    try {
      expect(await world.admin(copy, [id.weekly])).toHaveLength(before.length);
      expect(await count(id.weekly!)).toBe(2 * before.length);
      const refused = await run();
      expect(refused).toMatchObject({ inspections: 0, failures: 1 });
      expect(logs.map((l) => l.message)).toEqual([expect.stringContaining(`inspection plan ${id.weekly}`)]);
    } finally {
      logs.length = 0;
      await world.admin('delete from inspections where plan_id = $1 and not (id = any($2::uuid[]))', [id.weekly, before]);
      await world.admin(
        'create unique index inspections_plan_period_unit_uq on inspections using btree (plan_id, period_key, org_unit_id) where place_id is null and plan_id is not null',
      );
    }
    expect((await run()).inspections).toBe(0);
    expect(await count(id.weekly!)).toBe(before.length);
  });

  it('still lets two ad hoc inspections of one compound or place coexist (plan and period null)', async () => {
    for (const body of [
      { templateId: template.unmanaged_compound, orgUnitId: id.eastHome },
      { templateId: template.nine_small, placeId: await one("select id from places where tenant_id = $1 and name = '东湖社区新开面馆'") },
    ]) {
      for (let i = 0; i < 2; i++) {
        const res = await call(world, s.community_staff!, 'POST', '/api/v1/inspections', body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
    }
  });

  it('plans the compounds with a high-rise in them (in the compound or one of its buildings)', async () => {
    const expected = await ids(
      `select distinct c.id from org_units c join org_units u on u.path like c.path || '%' join places p on p.org_unit_id = u.id
        where c.tenant_id = $1 and c.kind = 'compound' and p.type = 'high_rise' and c.path like (select path from org_units where id = $2) || '%'`,
      [demoA, id.eastStreet],
    );
    expect(expected).toContain(id.eastHome);
    expect(expected).not.toContain(id.eastGarden);
    const res = await createPlan(s.committee_admin!, {
      name: '东湖街道高层小区季度检查',
      templateId: template.high_rise_compound,
      frequency: 'quarterly',
      orgUnitId: id.eastStreet,
      startsOn: '2026-10-01',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.currentPeriod).toEqual({ key: '2026-Q4', startsOn: '2026-10-01', dueOn: '2026-12-31' });
    id.quarterly = res.body.id;
    expect((await planned(id.quarterly!)).map((r) => r.org_unit_id).sort()).toEqual(expected);
    expect((await run()).inspections).toBe(0);
  });
});

describe('running a planned inspection', () => {
  it('runs and completes like an ad hoc one: the first result starts it, completion scores and reports the failures', async () => {
    const [target] = await listInspections(s.community_staff!, `planId=${id.monthly}&periodKey=2026-12&status=planned`);
    expect(target).toBeDefined();
    const detail = await call(world, s.community_staff!, 'GET', `/api/v1/inspections/${target!.id}`);
    expect(detail.body).toMatchObject({
      kind: 'planned',
      status: 'planned',
      planId: id.monthly,
      inspector: null,
      startedAt: null,
      availableActions: ['record', 'cancel'],
    });
    const items = detail.body.items as { key: string; photoRequired: boolean }[];
    const failing = items.find((i) => !i.photoRequired)!;

    const first = await call(world, s.community_staff!, 'PUT', `/api/v1/inspections/${target!.id}/results/${failing.key}`, {
      result: 'fail',
      note: '现场发现问题',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      status: 'in_progress',
      startedAt: now.toISOString(),
      inspector: { name: expect.stringContaining('community_staff') },
    });
    for (const item of items.filter((i) => i.key !== failing.key)) {
      expect(
        (await call(world, s.community_staff!, 'PUT', `/api/v1/inspections/${target!.id}/results/${item.key}`, { result: 'pass' })).status,
      ).toBe(200);
    }
    const done = await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${target!.id}/complete`);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      kind: 'planned',
      planId: id.monthly,
      periodKey: '2026-12',
      failedCount: 1,
      completedAt: now.toISOString(),
    });
    expect(done.body.score).toBeGreaterThan(0);
    const [hazard] = await world.admin(
      'select h.source, h.place_id from inspection_results r join hazards h on h.id = r.hazard_id where r.inspection_id = $1',
      [target!.id],
    );
    expect(hazard).toEqual({ source: 'inspection', place_id: target!.placeId });

    // Completed stays completed: the generator does not make another for this target and period.
    expect((await run()).inspections).toBe(0);
    expect((await getPlan(s.committee_admin!, id.monthly!)).body.progress).toMatchObject({ total: n, planned: n - 1, completed: 1 });

    // A planned inspection can be cancelled (version-guarded) like any open one.
    const [other] = await listInspections(s.community_staff!, `planId=${id.monthly}&periodKey=2026-12&status=planned`);
    expectProblem(
      await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${other!.id}/cancel`, { version: 2, reason: '场所已停业' }),
      409,
      'version_conflict',
    );
    const cancelled = await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${other!.id}/cancel`, {
      version: 1,
      reason: '场所已停业',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await run()).inspections).toBe(0);
  });

  it('filters the list by plan, due day and overdue (open and due before today in the district’s calendar)', async () => {
    const november = (await planned(id.monthly!, '2026-11')).map((r) => r.id as string).sort();
    const byIds = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
    // 1 December in Shanghai: November's (due 30 November, never started) are overdue.
    expect(byIds(await listInspections(s.committee_admin!, `planId=${id.monthly}&overdue=true`))).toEqual(november);
    expect(byIds(await listInspections(s.committee_admin!, `planId=${id.monthly}&dueBefore=2026-12-01`))).toEqual(november);
    const notOverdue = await listInspections(s.committee_admin!, `planId=${id.monthly}&overdue=false`);
    expect(notOverdue).toHaveLength(n);
    expect(notOverdue.every((i) => i.periodKey === '2026-12')).toBe(true);
    // Ad hoc inspections have no due day: never overdue.
    expect(await listInspections(s.committee_admin!, 'overdue=true&kind=ad_hoc')).toEqual([]);
    expect((await listInspections(s.committee_admin!, 'overdue=false&kind=ad_hoc')).length).toBeGreaterThan(0);
    const malformed = await call(
      world,
      s.committee_admin!,
      'GET',
      '/api/v1/inspections?planId=x&overdue=yes&dueBefore=2026-13-01&periodKey=2026-W60',
    );
    expect([...new Set(paths(malformed))]).toEqual(['query.dueBefore', 'query.overdue', 'query.periodKey', 'query.planId']);
    expect(malformed.body.errors.find((e: { path: string }) => e.path === 'query.dueBefore').code).toBe('date_format');
    // A period key is a day, an ISO week, a month or a quarter of the supported years.
    for (const periodKey of ['2026-11', '2026-W48', '2026-11-24', '2026-Q4']) {
      expect((await call(world, s.committee_admin!, 'GET', `/api/v1/inspections?planId=${id.monthly}&periodKey=${periodKey}`)).status).toBe(
        200,
      );
    }
    expect(paths(await call(world, s.committee_admin!, 'GET', '/api/v1/inspections?periodKey=0392-W13'))).toContain('query.periodKey');
  });
});

describe('changing a plan', () => {
  it('renames, changes frequency and area (version-guarded), generating the current period of the new shape at once', async () => {
    const current = await getPlan(s.committee_admin!, id.monthly!);
    expectProblem(
      await patchPlan(s.committee_admin!, id.monthly!, { version: current.body.version + 1, name: '过期版本' }),
      409,
      'version_conflict',
    );
    const res = await patchPlan(s.committee_admin!, id.monthly!, {
      version: current.body.version,
      name: '东湖街道九小场所每周检查',
      frequency: 'weekly',
      orgUnitId: id.eastStreet,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: '东湖街道九小场所每周检查',
      frequency: 'weekly',
      orgUnitId: id.eastStreet,
      orgUnitName: '示范东湖街道',
      version: current.body.version + 1,
      currentPeriod: { key: '2026-W49' },
    });
    const street = await ids(
      `select p.id from places p join org_units u on u.id = p.org_unit_id
        where p.tenant_id = $1 and p.type = 'nine_small' and u.path like (select path from org_units where id = $2) || '%'`,
      [demoA, id.eastStreet],
    );
    expect((await planned(id.monthly!, '2026-W49')).map((r) => r.place_id).sort()).toEqual(street);
    expect(await count(id.monthly!, '2026-12')).toBe(n); // what was generated stays
    const audit = await world.admin("select detail from audit_events where target_id = $1 and action = 'inspection_plan.updated'", [
      id.monthly,
    ]);
    expect(audit).toEqual([
      {
        detail: {
          name: '东湖街道九小场所每周检查',
          frequency: 'weekly',
          orgUnitId: id.eastStreet,
          generated: { periodKey: '2026-W49', dueOn: '2026-12-06', created: street.length },
        },
      },
    ]);
  });

  it('stops generating while inactive; reactivating generates the current period at once', async () => {
    const current = await getPlan(s.committee_admin!, id.monthly!);
    const off = await patchPlan(s.committee_admin!, id.monthly!, { version: current.body.version, active: false });
    expect(off.body).toMatchObject({ active: false, currentPeriod: null, progress: { total: 0 } });
    await at('2026-12-08T02:00:00Z'); // week 50
    await run();
    expect(await count(id.monthly!, '2026-W50')).toBe(0);
    const on = await patchPlan(s.committee_admin!, id.monthly!, { version: off.body.version, active: true });
    expect(on.body).toMatchObject({ active: true, currentPeriod: { key: '2026-W50', dueOn: '2026-12-13' } });
    expect(on.body.progress.total).toBe(on.body.targets);
    expect(await count(id.monthly!, '2026-W50')).toBe(on.body.targets);
  });

  it('waits for a plan that starts in a later period; the period holding its start date is its first', async () => {
    const res = await createPlan(s.committee_admin!, {
      name: '三合一场所月度检查',
      templateId: template.three_in_one,
      frequency: 'monthly',
      startsOn: '2027-01-15',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ currentPeriod: null, progress: { total: 0 } });
    expect(res.body.targets).toBeGreaterThan(0);
    expect(await count(res.body.id)).toBe(0);
    await at('2027-01-01T02:00:00Z');
    await run();
    expect(await count(res.body.id, '2027-01')).toBe(res.body.targets);
    expect((await planned(res.body.id)).every((r) => r.due_on === '2027-01-31')).toBe(true);
  });
});

describe('validation, permissions and other districts', () => {
  it('refuses a plan for e-bike charging areas with a 400 that says why', async () => {
    const before = await fingerprint(world, TABLES);
    const res = await createPlan(s.committee_admin!, {
      name: '充电场所月度检查',
      templateId: template.ebike_charging,
      frequency: 'monthly',
      startsOn: '2026-12-01',
    });
    const problem = expectProblem(res, 400, 'inspection_target_not_plannable');
    expect(problem.params).toEqual({ target: 'ebike_charging' });
    expect(problem.errors).toEqual([
      { path: 'templateId', code: 'inspection_target_not_plannable', message: expect.stringContaining('电动自行车充电场所') },
    ]);
    expect(problem.detail).toContain('请对具体场所或小区发起临时检查');
    const en = await createPlan(
      { ...s.committee_admin!, headers: { ...s.committee_admin!.headers, 'accept-language': 'en' } },
      {
        name: '充电场所月度检查',
        templateId: template.ebike_charging,
        frequency: 'monthly',
        startsOn: '2026-12-01',
      },
    );
    expect(expectProblem(en, 400, 'inspection_target_not_plannable').detail).toMatch(/register has no e-bike charging areas/);
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('refuses malformed plans with 400 and the field paths, and inactive templates, writing nothing', async () => {
    const valid = { name: '九小场所检查', templateId: template.nine_small, frequency: 'monthly', startsOn: '2026-12-01' };
    const custom = await call(world, s.committee_admin!, 'POST', '/api/v1/inspection-templates', {
      name: '停用的检查表',
      target: 'nine_small',
      items: [{ key: 'exits', category: 'escape_route', text: '安全出口畅通', weight: 10 }],
    });
    await call(world, s.committee_admin!, 'PATCH', `/api/v1/inspection-templates/${custom.body.id}`, {
      version: custom.body.version,
      active: false,
    });
    const before = await fingerprint(world, TABLES);
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ['frequency', 'name', 'startsOn', 'templateId']],
      [{ ...valid, name: '表' }, ['name']],
      [{ ...valid, frequency: 'yearly' }, ['frequency']],
      [{ ...valid, startsOn: '2026-02-30' }, ['startsOn']],
      [{ ...valid, templateId: 'nine-small' }, ['templateId']],
      [{ ...valid, orgUnitId: '东湖社区' }, ['orgUnitId']],
      [{ ...valid, active: false }, ['active']],
      [{ ...valid, startsOn: '1999-12-31' }, ['startsOn']],
    ];
    for (const [body, expected] of cases) {
      const res = await createPlan(s.committee_admin!, body);
      expectProblem(res, 400, 'validation_failed');
      expect(paths(res), JSON.stringify(body)).toEqual(expected);
    }
    const inactive = await createPlan(s.committee_admin!, { ...valid, templateId: custom.body.id });
    expect(expectProblem(inactive, 400, 'inspection_template_inactive').errors).toEqual([
      { path: 'templateId', code: 'inspection_template_inactive', message: '该检查表模板已停用，请选择启用中的模板' },
    ]);
    const patches: [Record<string, unknown>, string[]][] = [
      [{}, ['version']],
      [{ version: 1, frequency: 'hourly' }, ['frequency']],
      [{ version: 1, templateId: template.key_unit }, ['templateId']],
      [{ version: 1, startsOn: '2026-12-01' }, ['startsOn']],
    ];
    for (const [body, expected] of patches) {
      const res = await patchPlan(s.committee_admin!, id.weekly!, body);
      expectProblem(res, 400, 'validation_failed');
      expect(paths(res), JSON.stringify(body)).toEqual(expected);
    }
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('lets the committee write plans and inspection readers read them; others get 403', async () => {
    const before = await fingerprint(world, TABLES);
    const body = { name: '九小场所检查', templateId: template.nine_small, frequency: 'monthly', startsOn: '2026-12-01' };
    for (const role of ['station_staff', 'community_staff', 'property_manager', 'grid_member']) {
      expectProblem(await createPlan(s[role]!, body), 403, 'forbidden');
      expectProblem(await patchPlan(s[role]!, id.weekly!, { version: 1, active: false }), 403, 'forbidden');
    }
    expect(await fingerprint(world, TABLES)).toEqual(before);
    for (const role of ['station_staff', 'community_staff', 'property_manager']) {
      const list = await call(world, s[role]!, 'GET', '/api/v1/inspection-plans?limit=200');
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([id.monthly, id.weekly, id.quarterly]));
      expect((await getPlan(s[role]!, id.weekly!)).status).toBe(200);
    }
    expectProblem(await call(world, s.grid_member!, 'GET', '/api/v1/inspection-plans'), 403, 'forbidden');
    expectProblem(await getPlan(s.grid_member!, id.weekly!), 403, 'forbidden');
    const filtered = await call(
      world,
      s.committee_admin!,
      'GET',
      `/api/v1/inspection-plans?frequency=weekly&active=true&templateId=${template.unmanaged_compound}`,
    );
    expect(filtered.body.items.map((p: { id: string }) => p.id)).toEqual([id.weekly]);
    const byName = await call(world, s.committee_admin!, 'GET', '/api/v1/inspection-plans?sort=name&limit=1');
    expect(byName.body.nextCursor).not.toBeNull();
    const next = await call(
      world,
      s.committee_admin!,
      'GET',
      `/api/v1/inspection-plans?sort=name&limit=1&cursor=${byName.body.nextCursor}`,
    );
    expect(next.body.items[0].id).not.toBe(byName.body.items[0].id);
  });

  it('shows another district nothing: 404 naming the path for demo-a ids, and its own generator touches only its plans', async () => {
    const before = await fingerprint(world, TABLES);
    expectProblem(await getPlan(s.other!, id.monthly!), 404, 'not_found');
    expectProblem(await patchPlan(s.other!, id.monthly!, { version: 1, active: false }), 404, 'not_found');
    const foreignTemplate = await createPlan(s.other!, {
      name: '跨区计划',
      templateId: template.nine_small,
      frequency: 'monthly',
      startsOn: '2026-12-01',
    });
    expect(expectProblem(foreignTemplate, 404, 'not_found').errors).toEqual([
      { path: 'templateId', code: 'not_found', message: '检查表模板不存在或不在您的管辖范围内' },
    ]);
    expect((await call(world, s.other!, 'GET', '/api/v1/inspection-plans')).body.items).toEqual([]);
    expect(await listInspections(s.other!, `planId=${id.monthly}`)).toEqual([]);
    expect(await fingerprint(world, TABLES)).toEqual(before);

    // demo-b's own plan: with its template, an area of demo-a is 404 naming orgUnitId, its own area works.
    const templates = await call(world, s.other!, 'GET', '/api/v1/inspection-templates?target=nine_small');
    const own = templates.body.items[0].id as string;
    const foreignArea = await createPlan(s.other!, {
      name: '跨区范围',
      templateId: own,
      frequency: 'monthly',
      orgUnitId: id.eastCommunity,
      startsOn: '2026-12-01',
    });
    expect(expectProblem(foreignArea, 404, 'not_found').errors).toEqual([
      { path: 'orgUnitId', code: 'not_found', message: expect.any(String) },
    ]);
    expect(foreignArea.body.params).toEqual({ resource: 'org_unit' });
    expect(await fingerprint(world, TABLES)).toEqual(before);
    const res = await createPlan(s.other!, {
      name: '北城街道九小场所月度检查',
      templateId: own,
      frequency: 'monthly',
      orgUnitId: id.otherArea,
      startsOn: '2026-12-01',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.targets).toBeGreaterThan(0);
    const made = await world.admin(
      'select distinct i.tenant_id, p.tenant_id as place_tenant from inspections i join places p on p.id = i.place_id where i.plan_id = $1',
      [res.body.id],
    );
    expect(made).toHaveLength(1);
    expect(made[0]!.tenant_id).toBe(made[0]!.place_tenant);
    expect(made[0]!.tenant_id).not.toBe(demoA);
    const demoBPatch = await patchPlan(s.other!, res.body.id, { version: 1, orgUnitId: id.eastStreet });
    expect(expectProblem(demoBPatch, 404, 'not_found').errors).toEqual([
      { path: 'orgUnitId', code: 'not_found', message: expect.any(String) },
    ]);
    expectProblem(await getPlan(s.committee_admin!, res.body.id), 404, 'not_found');
  });
});
