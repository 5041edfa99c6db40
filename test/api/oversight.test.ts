import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as schema from '../../src/db/schema/index.ts';
import { districtScores, jurisdictionDistricts, rankDistricts } from '../../src/features/assessments/oversight-store.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { type Db, queryRows } from '../../src/platform/db/types.ts';
import { expectProblem } from '../support/checks.ts';
import { call, createWorld, type Json, login, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * The must-hold of the oversight comparison: an oversight viewer of one jurisdiction sees nothing
 * of districts outside it, and nothing but published aggregates inside it, enforced by Postgres
 * policy as well as by the code, each layer proven alone:
 * - through the API (both layers): what each office's viewer gets, and what it is refused;
 * - the policy alone: the app role with the office's tenant set and no WHERE of ours;
 * - the code alone: the oversight store called on a connection that bypasses row-level security;
 * and a published month frozen by the database itself, whatever statement tries to change it.
 *
 * Offices and districts: demo-city over demo-a and demo-b (the seed), north-city over demo-c
 * (created here by the platform operator). Months, judged on 2 December 2026:
 * - 2026-10: demo-a published, demo-b computed only (a draft), demo-c published;
 * - 2026-11: demo-a published twice (revision 1 superseded by revision 2), demo-b published with a
 *   correction (revision 2) computed but not published, demo-c published.
 */
const now = new Date('2026-12-02T02:00:00Z');
let world: TestWorld;
let demoA: string;
let demoB: string;
let demoC: string;
let city: string;
let north: string;
let platform: string;
let cityViewer: Session;
let northViewer: Session;
const PASSWORD = 'a-long-initial-password';
/** Assessment ids by district and month: `${slug} ${month} r${revision}`. */
const revisions: Record<string, string> = {};

const ok = async (res: Promise<{ status: number; body: Json }>, status = 200) => {
  const r = await res;
  expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(status);
  return r.body;
};

async function compute(session: Session, month: string) {
  return ok(call(world, session, 'POST', `/api/v1/assessments/${month}/compute`, {}), 201);
}

async function publish(session: Session, month: string) {
  const draft = await ok(call(world, session, 'GET', `/api/v1/assessments?month=${month}`));
  return ok(
    call(world, session, 'POST', `/api/v1/assessments/${month}/publish`, {
      revision: draft.revision.revision,
      version: draft.revision.version,
    }),
  );
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  demoB = await tenantId(world, 'demo-b');
  city = await tenantId(world, 'demo-city');
  platform = await tenantId(world, 'firegrid');
  const operator = await login(world, 'firegrid', 'platform_operator');
  await ok(
    call(world, operator, 'POST', '/api/v1/tenants', {
      slug: 'north-city',
      name: '北市消防安全委员会办公室',
      kind: 'oversight',
      admin: { username: 'viewer', password: PASSWORD },
    }),
    201,
  );
  await ok(
    call(world, operator, 'POST', '/api/v1/tenants', {
      slug: 'demo-c',
      name: '北市示范丙区',
      kind: 'district',
      parentSlug: 'north-city',
      admin: { username: 'admin', password: PASSWORD },
    }),
    201,
  );
  demoC = await tenantId(world, 'demo-c');
  north = await tenantId(world, 'north-city');
  // demo-c gets a street of its own, so its month scores a unit too.
  const c = await login(world, 'demo-c', 'admin', PASSWORD);
  await ok(call(world, c, 'POST', '/api/v1/org-units', { parentId: null, kind: 'street', name: '北市示范街道' }), 201);

  // A hazard in each district reported in November (the seed has none), so there is one to hide.
  for (const district of [demoA, demoB]) {
    await world.admin(
      `insert into hazards (tenant_id, number, category_id, org_unit_id, description, severity, source, reporter_id, chain_head, created_at, reported_at)
       select $1, 'YH-OVERSIGHT-0001', (select id from hazard_categories where tenant_id = $1 limit 1),
              (select id from org_units where tenant_id = $1 and kind = 'community' limit 1), '楼道堆放杂物', 'general', 'grid',
              (select id from users where tenant_id = $1 limit 1), 'x', '2026-11-10T02:00:00Z', '2026-11-10T02:00:00Z'`,
      [district],
    );
  }
  const a = await login(world, 'demo-a', 'committee_admin');
  const b = await login(world, 'demo-b', 'committee_admin');
  await compute(a, '2026-10');
  await publish(a, '2026-10');
  await compute(b, '2026-10');
  await compute(c, '2026-10');
  await publish(c, '2026-10');

  const novemberA = await compute(a, '2026-11');
  const street = (novemberA.units as { unitId: string; unitKind: string }[]).find((u) => u.unitKind === 'street')!;
  // A deduction with a photo as its evidence: a published revision then holds a person's photo too.
  const [photo] = await world.admin(
    `insert into evidence (tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, confirmed_at)
     select $1::uuid, 'tenants/' || $1::text || '/evidence/2026/11/oversight-fixture', '较大火灾现场照片.jpg', 'image/jpeg', 1024, repeat('b', 64),
            'confirmed', id, now() from users where tenant_id = $1::uuid and username = 'committee_admin' returning id`,
    [demoA],
  );
  await ok(
    call(world, a, 'POST', '/api/v1/assessments/2026-11/adjustments', {
      unitId: street.unitId,
      kind: 'deduction',
      points: 3,
      reason: '较大火灾一起，扣分',
      evidenceIds: [photo!.id],
    }),
    201,
  );
  await publish(a, '2026-11');
  await ok(call(world, a, 'POST', '/api/v1/assessments/2026-11/compute', { note: '更正：补录整改记录' }), 201);
  await publish(a, '2026-11');
  await compute(b, '2026-11');
  await publish(b, '2026-11');
  await ok(call(world, b, 'POST', '/api/v1/assessments/2026-11/compute', { note: '更正草稿' }), 201);
  await compute(c, '2026-11');
  await publish(c, '2026-11');

  for (const r of await world.admin('select a.id, t.slug, a.month, a.revision from assessments a join tenants t on t.id = a.tenant_id')) {
    revisions[`${r.slug as string} ${r.month as string} r${r.revision as number}`] = r.id as string;
  }
  cityViewer = await login(world, 'demo-city', 'oversight_viewer');
  northViewer = await login(world, 'north-city', 'viewer', PASSWORD);
});
afterAll(() => world.close());

describe('the fixture', () => {
  it('holds the months as described: published, superseded and draft revisions in three districts', async () => {
    const rows = await world.admin(
      `select t.slug || ' ' || a.month || ' r' || a.revision || ' ' || a.status as r from assessments a join tenants t on t.id = a.tenant_id
       where a.month in ('2026-10', '2026-11') order by 1`,
    );
    expect(rows.map((r) => r.r)).toEqual([
      'demo-a 2026-10 r1 published',
      'demo-a 2026-11 r1 superseded',
      'demo-a 2026-11 r2 published',
      'demo-b 2026-10 r1 draft',
      'demo-b 2026-11 r1 published',
      'demo-b 2026-11 r2 draft',
      'demo-c 2026-10 r1 published',
      'demo-c 2026-11 r1 published',
    ]);
    const scores = await world.admin(
      "select t.slug || ' ' || d.month || ' r' || d.revision || case when d.current then '' else ' old' end as r from district_scores d join tenants t on t.id = d.tenant_id order by 1",
    );
    expect(scores.map((r) => r.r)).toEqual([
      'demo-a 2026-10 r1',
      'demo-a 2026-11 r1 old',
      'demo-a 2026-11 r2',
      'demo-b 2026-11 r1',
      'demo-c 2026-10 r1',
      'demo-c 2026-11 r1',
    ]);
  });
});

describe('through the API', () => {
  it('demo-city ranks demo-a and demo-b, never demo-c; north-city ranks demo-c only', async () => {
    const ranking = await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2026-11'));
    expect(ranking.month).toBe('2026-11');
    expect(ranking.districts.map((d: { slug: string }) => d.slug).sort()).toEqual(['demo-a', 'demo-b']);
    expect(ranking.unpublished).toEqual([]);
    const byId = Object.fromEntries(ranking.districts.map((d: { tenantId: string }) => [d.tenantId, d]));
    // The current published revisions: demo-a's correction, demo-b's first (its correction is a draft).
    expect(byId[demoA]).toMatchObject({ slug: 'demo-a', revision: 2 });
    expect(byId[demoB]).toMatchObject({ slug: 'demo-b', revision: 1 });
    const [octoberA] = await world.admin("select score from district_scores where tenant_id = $1 and month = '2026-10'", [demoA]);
    expect(byId[demoA].previousScore).toBe(octoberA!.score);
    expect(byId[demoB].previousScore).toBeNull(); // demo-b's October is a draft: nothing to compare with
    for (const d of ranking.districts) {
      expect(d.rank === null || (Number.isInteger(d.rank) && d.rank >= 1)).toBe(true);
      const [stored] = await world.admin('select score from district_scores where tenant_id = $1 and month = $2 and current', [
        d.tenantId,
        '2026-11',
      ]);
      expect(d.score).toBe(stored!.score);
    }
    const text = JSON.stringify(ranking);
    expect(text).not.toContain(demoC);
    expect(text).not.toContain('demo-c');
    expect(text).not.toContain('北市示范丙区');

    const northRanking = await ok(call(world, northViewer, 'GET', '/api/v1/oversight/districts?month=2026-11'));
    expect(northRanking.districts.map((d: { tenantId: string }) => d.tenantId)).toEqual([demoC]);
    expect(northRanking.unpublished).toEqual([]);
    const northText = JSON.stringify(northRanking);
    for (const foreign of [demoA, demoB, 'demo-a', 'demo-b']) expect(northText).not.toContain(foreign);
  });

  it('gives aggregates only: no id but the districts’ own, no unit, place, person or photo of theirs', async () => {
    const bodies = [
      await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2026-11')),
      await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2026-10')),
      await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoA}/trend?until=2026-11`)),
      await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoB}/trend?until=2026-11`)),
    ];
    const text = JSON.stringify(bodies);
    expect(new Set(text.match(UUID))).toEqual(new Set([demoA, demoB]));
    const names = await world.admin(
      `select name as n from places where tenant_id in ($1, $2) union select name from org_units where tenant_id in ($1, $2)
       union select name from companies where tenant_id in ($1, $2) union select display_name from users where tenant_id in ($1, $2)
       union select username from users where tenant_id in ($1, $2) and length(username) > 6
       union select file_name from evidence where tenant_id in ($1, $2) union select number from hazards where tenant_id in ($1, $2)
       union select reason from assessment_adjustments where tenant_id in ($1, $2)`,
      [demoA, demoB],
    );
    expect(names.length).toBeGreaterThan(20);
    for (const { n } of names) expect(text.includes(n as string), `the oversight read shows ${n as string}`).toBe(false);
    for (const d of bodies[0].districts) {
      expect(Object.keys(d.aggregates).length).toBeGreaterThan(0);
      for (const value of Object.values(d.aggregates)) expect(typeof value).toBe('number');
    }
  });

  it('shows nothing of a district whose month is only a draft: it is listed as unpublished', async () => {
    const october = await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2026-10'));
    expect(october.districts.map((d: { tenantId: string }) => d.tenantId)).toEqual([demoA]);
    expect(october.unpublished).toEqual([{ tenantId: demoB, name: expect.any(String) }]);
    expect(JSON.stringify(october)).not.toContain(revisions['demo-b 2026-10 r1']);
    // A month nobody has computed: every district is unpublished, none is ranked.
    const september = await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2026-09'));
    expect(september.districts).toEqual([]);
    expect(september.unpublished.map((d: { tenantId: string }) => d.tenantId).sort()).toEqual([demoA, demoB].sort());
  });

  it('trends a district of the jurisdiction from its published months only; a district outside it is 404', async () => {
    const trendA = await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoA}/trend?until=2026-11&months=3`));
    expect(trendA.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(trendA.points.map((p: { revision: number } | null) => (p === null ? null : p.revision))).toEqual([null, 1, 2]);
    const trendB = await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoB}/trend?until=2026-11&months=3`));
    expect(trendB.points.map((p: { revision: number } | null) => (p === null ? null : p.revision))).toEqual([null, null, 1]);
    // Without `until`: up to the current month of the office's calendar (December, nothing yet).
    const recent = await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoA}/trend?months=2`));
    expect(recent.months).toEqual(['2026-11', '2026-12']);

    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [viewer, district] of [
      [cityViewer, demoC],
      [northViewer, demoA],
      [northViewer, demoB],
      [cityViewer, city],
      [cityViewer, north],
      [cityViewer, platform],
      [cityViewer, unknown],
    ] as const) {
      const res = await call(world, viewer, 'GET', `/api/v1/oversight/districts/${district}/trend?until=2026-11`);
      expect(expectProblem(res, 404, 'not_found').params).toEqual({ resource: 'district' });
      expect(JSON.stringify(res.body)).not.toMatch(/demo-[abc]|示范/);
    }
  });

  it('takes months in 2000–2099 only: anything else is a 400 naming the field; the longest window from 2000-01 is well-formed', async () => {
    for (const path of [
      '/oversight/districts?month=0113-10',
      '/oversight/districts?month=1999-12',
      '/oversight/districts?month=2100-01',
      `/oversight/districts/${demoA}/trend?until=0113-10`,
      `/oversight/districts/${demoA}/trend?until=1999-12`,
    ]) {
      const res = expectProblem(await call(world, cityViewer, 'GET', `/api/v1${path}`), 400, 'validation_failed');
      const field = path.includes('until') ? 'until' : 'month';
      expect(res.errors, path).toEqual([{ path: `query.${field}`, code: 'month_format', message: expect.any(String) }]);
    }
    const first = await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2000-01'));
    expect(first.districts).toEqual([]);
    const window = await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoA}/trend?until=2000-01&months=24`));
    expect(window.months).toHaveLength(24);
    expect([window.months[0], window.months.at(-1)]).toEqual(['1998-02', '2000-01']);
    expect(window.points.every((p: unknown) => p === null)).toBe(true);
  });

  it('refuses an oversight viewer every district route (403), and a district user the oversight routes', async () => {
    const unit = (
      await world.admin("select unit_id from assessment_scores where assessment_id = $1 and unit_kind = 'street' limit 1", [
        revisions['demo-a 2026-11 r2'],
      ])
    )[0]!.unit_id as string;
    const rubric = (await world.admin('select id from rubrics where tenant_id = $1 limit 1', [demoA]))[0]!.id as string;
    const hazard = (await world.admin('select id from hazards where tenant_id = $1 limit 1', [demoA]))[0]!.id as string;
    for (const path of [
      '/hazards',
      `/hazards/${hazard}`,
      '/places',
      '/org-units',
      '/users',
      '/tasks',
      '/inspections',
      '/patrols',
      '/rubrics',
      `/rubrics/${rubric}`,
      '/assessments?month=2026-11',
      `/assessments/2026-11/units/${unit}`,
      '/assessments/2026-11/adjustments',
      '/assessments/2026-11/export.xlsx',
      '/rankings?kind=street&month=2026-11',
    ]) {
      expectProblem(await call(world, cityViewer, 'GET', `/api/v1${path}`), 403, 'forbidden');
    }
    expectProblem(await call(world, cityViewer, 'POST', '/api/v1/assessments/2026-11/compute', {}), 403, 'forbidden');
    for (const [slug, username] of [
      ['demo-a', 'committee_admin'],
      ['demo-b', 'committee_admin'],
      ['firegrid', 'platform_operator'],
    ] as const) {
      const user = await login(world, slug, username);
      expectProblem(await call(world, user, 'GET', '/api/v1/oversight/districts?month=2026-11'), 403, 'forbidden');
      expectProblem(await call(world, user, 'GET', `/api/v1/oversight/districts/${demoA}/trend`), 403, 'forbidden');
    }
  });

  it('writes an oversight.read audit event in the office’s own trail for every read', async () => {
    const events = (tenant: string) =>
      world.admin(
        "select actor_user_id, target_type, detail from audit_events where tenant_id = $1 and action = 'oversight.read' order by id",
        [tenant],
      );
    const before = (await events(city)).length;
    const beforeNorth = (await events(north)).length;
    await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2026-11'));
    await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoB}/trend?until=2026-11&months=6`));
    const after = await events(city);
    expect(after.length).toBe(before + 2);
    const [viewer] = await world.admin("select id from users where tenant_id = $1 and username = 'oversight_viewer'", [city]);
    const [ranking, trend] = after.slice(-2);
    expect(ranking).toMatchObject({
      actor_user_id: viewer!.id,
      target_type: 'district_scores',
      detail: { path: '/oversight/districts', month: '2026-11' },
    });
    expect([...(ranking!.detail as { districts: string[] }).districts].sort()).toEqual([demoA, demoB].sort());
    expect(trend).toMatchObject({
      actor_user_id: viewer!.id,
      detail: { path: '/oversight/districts/{tenantId}/trend', tenantId: demoB, months: 6, until: '2026-11' },
    });
    // Nothing lands in another office's trail or in the districts read.
    expect((await events(north)).length).toBe(beforeNorth);
    expect(
      await world.admin("select 1 from audit_events where tenant_id in ($1, $2, $3) and action = 'oversight.read'", [demoA, demoB, demoC]),
    ).toEqual([]);
  });
});

describe('the Postgres policy alone (the app role, the office’s tenant set, no WHERE of ours)', () => {
  it('shows an office the published scores of its own districts only', async () => {
    const visible = await world.asAppRole(city, 'select tenant_id, assessment_id, current from district_scores');
    expect(new Set(visible.map((r) => r.tenant_id))).toEqual(new Set([demoA, demoB]));
    const [all] = await world.admin('select count(*)::int as n from district_scores where tenant_id in ($1, $2)', [demoA, demoB]);
    expect(visible.length).toBe(all!.n);
    // Every row it may read belongs to a published revision (a superseded one is still a published figure).
    const statuses = await world.admin('select distinct status from assessments where id = any($1::uuid[])', [
      visible.map((r) => r.assessment_id),
    ]);
    expect(statuses.map((r) => r.status).sort()).toEqual(['published', 'superseded']);
    expect(visible.map((r) => r.assessment_id)).not.toContain(revisions['demo-b 2026-10 r1']);
    expect(visible.map((r) => r.assessment_id)).not.toContain(revisions['demo-b 2026-11 r2']);

    const northVisible = await world.asAppRole(north, 'select tenant_id from district_scores');
    expect(northVisible.length).toBe(2);
    expect(new Set(northVisible.map((r) => r.tenant_id))).toEqual(new Set([demoC]));
  });

  it('shows an office not one row of any district table: hazards, places, people, the assessment itself', async () => {
    const tables = (
      await world.admin(
        "select table_name as t from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' and table_name <> 'district_scores' order by 1",
      )
    ).map((r) => r.t as string);
    for (const required of [
      'hazards',
      'places',
      'users',
      'evidence',
      'assessments',
      'assessment_scores',
      'assessment_items',
      'assessment_adjustments',
      'rubrics',
    ]) {
      expect(tables).toContain(required);
      const [held] = await world.admin(`select count(*)::int as n from ${required} where tenant_id in ($1, $2)`, [demoA, demoB]);
      expect(held!.n, `${required} has demo-a/demo-b rows to hide`).toBeGreaterThan(0);
    }
    for (const table of tables) {
      for (const office of [city, north]) {
        const rows = await world.asAppRole(office, `select distinct tenant_id from ${table}`);
        // An office's own rows (its user, its audit trail) and nothing else.
        expect(
          rows.filter((r) => r.tenant_id !== office),
          `${table} as ${office === city ? 'demo-city' : 'north-city'}`,
        ).toEqual([]);
      }
    }
    for (const table of ['hazards', 'places', 'assessments', 'assessment_scores', 'assessment_items', 'assessment_adjustments']) {
      expect(await world.asAppRole(city, `select count(*)::int as n from ${table}`), table).toEqual([{ n: 0 }]);
    }
  });

  it('opens district scores to offices only: a district sees its own, the platform and no tenant see none', async () => {
    expect(new Set((await world.asAppRole(demoA, 'select tenant_id from district_scores')).map((r) => r.tenant_id))).toEqual(
      new Set([demoA]),
    );
    expect(await world.asAppRole(demoB, 'select tenant_id from district_scores where tenant_id <> $1', [demoB])).toEqual([]);
    expect(await world.asAppRole(platform, 'select 1 from district_scores')).toEqual([]);
    expect(await world.asAppRole(null, 'select 1 from district_scores')).toEqual([]);
  });

  it('reads only for an office: it cannot write district scores of its districts', async () => {
    const before = await world.admin('select * from district_scores order by assessment_id');
    // The one column the app may update, on rows the office may read: not one is its own to change.
    expect(
      await world.asAppRole(city, 'update district_scores set current = false where tenant_id = $1 returning assessment_id', [demoA]),
    ).toEqual([]);
    await expect(
      world.asAppRole(
        city,
        `insert into district_scores (tenant_id, assessment_id, month, revision, rubric_version, score, indicators, aggregates, published_at)
         select tenant_id, id, month, revision, 'x', district_score, district_indicators, '{}', now() from assessments where id = $1`,
        [revisions['demo-b 2026-10 r1']],
      ),
    ).resolves.toEqual([]); // the office cannot even read demo-b's draft to copy it
    await expect(
      world.asAppRole(
        city,
        "insert into district_scores (tenant_id, assessment_id, month, revision, rubric_version, indicators, aggregates, published_at) values ($1, $2, '2026-10', 1, 'x', '[]', '{}', now())",
        [demoB, revisions['demo-b 2026-10 r1']],
      ),
    ).rejects.toThrow();
    expect(await world.admin('select * from district_scores order by assessment_id')).toEqual(before);
  });

  it('keeps the jurisdiction it reads out of the app’s reach: no session re-parents a district or turns into an office', async () => {
    // The policy trusts tenants.parent_id and tenants.kind (firegrid_jurisdiction): were the app role
    // free to rewrite them, one statement in any session would widen what an office may read.
    for (const [tenant, statement, params] of [
      [north, 'update tenants set parent_id = $1 where id = $2', [north, demoA]],
      [city, 'update tenants set parent_id = $1 where id = $2', [city, demoC]],
      [demoB, "update tenants set kind = 'oversight' where id = $1", [demoB]],
      [demoB, 'update tenants set parent_id = $1 where id = $2', [demoB, demoA]],
    ] as const) {
      await expect(world.asAppRole(tenant, statement, [...params]), statement).rejects.toThrow();
    }
  });

  it('holds when the code asks for another jurisdiction: the store in demo-city’s transaction, asked for north-city’s', async () => {
    const provider = world.deps.database;
    const handle = provider.acquire();
    try {
      // Whatever the code's own filter makes of the question, Postgres gives no row of demo-c.
      const asked = await inTenant(provider, handle.db, city, (tx) => districtScores(tx, north, ['2026-10', '2026-11']));
      expect(asked.filter((r) => r.tenantId !== demoA && r.tenantId !== demoB)).toEqual([]);
      const ranked = await inTenant(provider, handle.db, city, (tx) => rankDistricts(tx, north, '2026-11'));
      expect(ranked.ranked.filter((r) => r.tenantId !== demoA && r.tenantId !== demoB)).toEqual([]);
      // The same question on north-city's own transaction does reach demo-c: the rows are there to hide.
      const northAsked = await inTenant(provider, handle.db, north, (tx) => districtScores(tx, north, ['2026-10', '2026-11']));
      expect(northAsked.map((r) => r.tenantId)).toEqual([demoC, demoC]);
      // And asked for its own, Postgres hands over what the code filters for anyway.
      const own = await inTenant(provider, handle.db, city, (tx) => districtScores(tx, city, ['2026-11']));
      expect(new Set(own.map((r) => r.tenantId))).toEqual(new Set([demoA, demoB]));
    } finally {
      await handle.release();
    }
  });
});

describe('the code alone (the oversight store on a connection that bypasses row-level security)', () => {
  let db: Db;
  let release: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const postgres = inject('postgres');
    if (world.kind === 'postgres' && postgres) {
      // The superuser on this file's own database.
      const url = new URL(postgres.adminUrl);
      url.pathname = `/${(await world.admin('select current_database() as d'))[0]!.d as string}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
      release = () => client.end();
    } else {
      // PGlite's own connection is its superuser; the app switches to its role only inside inTenant.
      db = world.deps.database.acquire().db;
    }
  });
  afterAll(() => release());

  it('the connection does see everything (else this proves nothing)', async () => {
    const rows = await queryRows<{ tenant_id: string }>(db, sql`select distinct tenant_id from district_scores`);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([demoA, demoB, demoC]));
    const [role] = await queryRows<{ bypass: boolean }>(
      db,
      sql`select rolbypassrls or rolsuper as bypass from pg_roles where rolname = current_user`,
    );
    expect(role!.bypass).toBe(true);
  });

  it('ranks only the jurisdiction’s districts, from their current published revision', async () => {
    const november = await rankDistricts(db, city, '2026-11');
    expect(november.ranked.map((r) => [r.slug, r.revision]).sort()).toEqual([
      ['demo-a', 2],
      ['demo-b', 1],
    ]);
    expect(november.unpublished).toEqual([]);
    const october = await rankDistricts(db, city, '2026-10');
    expect(october.ranked.map((r) => r.tenantId)).toEqual([demoA]);
    expect(october.unpublished.map((d) => d.tenantId)).toEqual([demoB]);
    expect((await rankDistricts(db, north, '2026-11')).ranked.map((r) => r.tenantId)).toEqual([demoC]);
  });

  it('reads every month of the jurisdiction without a superseded or foreign row', async () => {
    const rows = await districtScores(db, city, ['2026-09', '2026-10', '2026-11', '2026-12']);
    expect(rows.map((r) => `${r.slug} ${r.month} r${r.revision}`).sort()).toEqual([
      'demo-a 2026-10 r1',
      'demo-a 2026-11 r2',
      'demo-b 2026-11 r1',
    ]);
    expect((await districtScores(db, north, ['2026-10', '2026-11'])).map((r) => r.tenantId)).toEqual([demoC, demoC]);
    expect((await jurisdictionDistricts(db, city)).map((d) => d.tenantId).sort()).toEqual([demoA, demoB].sort());
    expect((await jurisdictionDistricts(db, north)).map((d) => d.tenantId)).toEqual([demoC]);
  });

  it('gives a district, the platform or an unknown office nothing', async () => {
    for (const office of [demoA, demoC, platform, '00000000-0000-4000-8000-000000000000']) {
      expect(await districtScores(db, office, ['2026-10', '2026-11'])).toEqual([]);
      expect(await rankDistricts(db, office, '2026-11')).toEqual({ ranked: [], unpublished: [] });
    }
  });

  it('through the API too: with row-level security off on district_scores, each office still sees its own districts only', async () => {
    await world.admin('alter table district_scores no force row level security');
    await world.admin('alter table district_scores disable row level security');
    try {
      expect((await world.asAppRole(city, 'select distinct tenant_id from district_scores')).length).toBe(3); // the policy is really off
      const cityRanking = await ok(call(world, cityViewer, 'GET', '/api/v1/oversight/districts?month=2026-11'));
      expect(cityRanking.districts.map((d: { tenantId: string }) => d.tenantId).sort()).toEqual([demoA, demoB].sort());
      const northRanking = await ok(call(world, northViewer, 'GET', '/api/v1/oversight/districts?month=2026-11'));
      expect(northRanking.districts.map((d: { tenantId: string }) => d.tenantId)).toEqual([demoC]);
      expectProblem(await call(world, northViewer, 'GET', `/api/v1/oversight/districts/${demoA}/trend`), 404, 'not_found');
      const trend = await ok(call(world, cityViewer, 'GET', `/api/v1/oversight/districts/${demoA}/trend?until=2026-11&months=2`));
      expect(trend.points.map((p: { revision: number } | null) => (p === null ? null : p.revision))).toEqual([1, 2]);
    } finally {
      await world.admin('alter table district_scores enable row level security');
      await world.admin('alter table district_scores force row level security');
    }
  });
});

describe('a published month is frozen by the database itself', () => {
  /** The SQLSTATE the guards of migration 0017 raise (the API answers it with 409). */
  const frozen = { code: 'FG001' };
  const denied = { code: '42501' };
  const published = () => revisions['demo-a 2026-11 r2']!;
  const superseded = () => revisions['demo-a 2026-11 r1']!;

  it('has scores, counted items and adjustments to freeze', async () => {
    for (const table of ['assessment_scores', 'assessment_items', 'assessment_adjustments']) {
      for (const id of [published(), superseded()]) {
        const [row] = await world.admin(`select count(*)::int as n from ${table} where assessment_id = $1`, [id]);
        expect(row!.n, table).toBeGreaterThan(0);
      }
    }
  });

  it('refuses the app role any change to a published or superseded revision’s scores, items and adjustments', async () => {
    for (const id of [published(), superseded()]) {
      for (const statement of [
        'update assessment_scores set final = 1 where assessment_id = $1',
        'delete from assessment_scores where assessment_id = $1',
        "update assessment_items set counts = '{}' where assessment_id = $1",
        'delete from assessment_items where assessment_id = $1',
        `insert into assessment_items (tenant_id, assessment_id, subject_types, subject_ids, labels, street_ids, community_ids, company_ids, counts)
         select tenant_id, id, '{}', '{}', '{}', '{}', '{}', '{}', '{}' from assessments where id = $1`,
        // What a recompute does to a draft's drill-down.
        `insert into assessment_items (tenant_id, assessment_id, subject_types, subject_ids, labels, street_ids, community_ids, company_ids, counts)
         select tenant_id, id, '{}', '{}', '{}', '{}', '{}', '{}', '{}' from assessments where id = $1
         on conflict (assessment_id) do update set counts = excluded.counts`,
        "insert into assessment_scores (tenant_id, assessment_id, unit_id, unit_kind, unit_name, rubric_version_id, indicators, flags) select tenant_id, assessment_id, gen_random_uuid(), unit_kind, 'x', rubric_version_id, indicators, flags from assessment_scores where assessment_id = $1 limit 1",
        'update assessment_adjustments set withdrawn_at = now(), withdrawn_by = created_by where assessment_id = $1',
        "insert into assessment_adjustments (tenant_id, assessment_id, unit_id, kind, points, reason, created_by) select tenant_id, assessment_id, unit_id, 'bonus', 50, 'x', created_by from assessment_adjustments where assessment_id = $1 limit 1",
      ]) {
        await expect(world.asAppRole(demoA, statement, [id]), statement).rejects.toMatchObject(frozen);
      }
    }
  });

  it('refuses any change to the revision row but published → superseded, with nothing else changed', async () => {
    for (const change of [
      "note = 'edited'",
      "status = 'draft', published_at = null, published_by = null",
      'district_score = 1',
      "district_counts = '{}'",
      'version = version + 1',
      "month = '2026-09'",
      "as_of = as_of - interval '1 day'",
      // A correction cannot smuggle changed figures into the step it is allowed.
      "status = 'superseded', district_score = 1",
      "status = 'superseded', district_counts = '{}'",
      "status = 'superseded', district_indicators = '[]'",
      "status = 'superseded', note = 'edited'",
      "status = 'superseded', published_by = null",
    ]) {
      await expect(world.asAppRole(demoA, `update assessments set ${change} where id = $1`, [published()]), change).rejects.toMatchObject(
        frozen,
      );
    }
    for (const change of ["status = 'published'", "note = 'edited'", "status = 'draft', published_at = null, published_by = null"]) {
      await expect(world.asAppRole(demoA, `update assessments set ${change} where id = $1`, [superseded()]), change).rejects.toMatchObject(
        frozen,
      );
    }
    // The one change publishing a correction makes (rolled back with asAppRole's transaction).
    expect(
      await world.asAppRole(demoA, "update assessments set status = 'superseded' where id = $1 returning status", [published()]),
    ).toEqual([{ status: 'superseded' }]);
  });

  it('refuses a revision born published: only a draft can become one', async () => {
    await expect(
      world.asAppRole(
        demoA,
        `insert into assessments (tenant_id, month, revision, status, as_of, computed_at, published_at, district_indicators, district_counts)
         select tenant_id, month, 9, 'published', as_of, computed_at, now(), district_indicators, district_counts from assessments where id = $1`,
        [published()],
      ),
    ).rejects.toMatchObject(frozen);
  });

  it('holds against the owner too, not only the app role', async () => {
    await expect(world.admin('update assessment_scores set final = 1 where assessment_id = $1', [published()])).rejects.toMatchObject(
      frozen,
    );
    await expect(world.admin('delete from assessment_items where assessment_id = $1', [published()])).rejects.toMatchObject(frozen);
    await expect(world.admin("update assessments set note = 'x' where id = $1", [published()])).rejects.toMatchObject(frozen);
  });

  it('leaves a draft open: the correction under review still takes changes', async () => {
    const draft = revisions['demo-b 2026-11 r2']!;
    expect(
      (await world.asAppRole(demoB, 'update assessment_scores set final = 1 where assessment_id = $1 returning final', [draft])).length,
    ).toBeGreaterThan(0);
    expect(await world.asAppRole(demoB, "update assessments set note = 'x' where id = $1 returning note", [draft])).toEqual([
      { note: 'x' },
    ]);
  });

  it('keeps the district score the offices read as published: only current → not current', async () => {
    for (const id of [published(), superseded()]) {
      for (const change of [
        'score = 1',
        "aggregates = '{}'",
        "indicators = '[]'",
        'revision = 9',
        "month = '2026-09'",
        'published_at = now()',
      ]) {
        await expect(
          world.asAppRole(demoA, `update district_scores set ${change} where assessment_id = $1`, [id]),
          change,
        ).rejects.toMatchObject(denied);
        await expect(
          world.admin(`update district_scores set ${change} where assessment_id = $1`, [id]),
          `${change} (owner)`,
        ).rejects.toMatchObject(frozen);
      }
      await expect(world.asAppRole(demoA, 'delete from district_scores where assessment_id = $1', [id])).rejects.toMatchObject(denied);
      await expect(world.admin('delete from district_scores where assessment_id = $1', [id])).rejects.toMatchObject(frozen);
    }
    await expect(
      world.asAppRole(demoA, 'update district_scores set current = true where assessment_id = $1', [superseded()]),
    ).rejects.toMatchObject(frozen);
    expect(
      await world.asAppRole(demoA, 'update district_scores set current = false where assessment_id = $1 returning current', [published()]),
    ).toEqual([{ current: false }]);
  });

  it('takes a district score only for a published revision, with the figures it holds', async () => {
    const insert = `insert into district_scores (tenant_id, assessment_id, month, revision, rubric_version, score, indicators, aggregates, published_at)
      select tenant_id, id, month, revision, 'oversight', %score%, district_indicators, district_counts, now() from assessments where id = $1`;
    // demo-b's draft correction: not published, so no score for the offices.
    await expect(
      world.asAppRole(demoB, insert.replace('%score%', 'district_score'), [revisions['demo-b 2026-11 r2']]),
    ).rejects.toMatchObject(frozen);
    await expect(
      world.asAppRole(demoB, insert.replace('%score%', 'district_score'), [revisions['demo-b 2026-10 r1']]),
    ).rejects.toMatchObject(frozen);
    // A published revision's score with other figures than it holds: the guard refuses it before
    // the primary key would; with its own figures the guard lets it through to the key (it exists).
    const c = revisions['demo-c 2026-11 r1'];
    await expect(world.asAppRole(demoC, insert.replace('%score%', 'coalesce(district_score, 0) + 5'), [c])).rejects.toMatchObject(frozen);
    await expect(world.asAppRole(demoC, insert.replace('%score%', 'district_score'), [c])).rejects.toMatchObject({ code: '23505' });
  });
});
