import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Patrols (巡查) through the API: check-ins by the roles that patrol, inside their scope only,
 * retry-safe; the patrol log per scope (grid members see their own); and the monthly coverage
 * per community and street, hand-worked on the demo registry (each community of demo-a: 4 places
 * at the community, 2 places in its second compound, 2 compounds = 8 things to cover).
 */
let world: TestWorld;
let now = new Date('2026-12-10T02:00:00Z'); // 10:00 in Shanghai
let demoA: string;
const s: Record<string, Session> = {};
const PATROL_TABLES = ['patrols', 'idempotency_keys'] as const;

const unit = (name: string) => orgUnitId(world, 'demo-a', name);
async function place(name: string): Promise<string> {
  const [row] = await world.admin('select id from places where tenant_id = $1 and name = $2', [demoA, name]);
  if (!row) throw new Error(`no place ${name}`);
  return row.id as string;
}
async function building(compound: string, name: string): Promise<string> {
  const [row] = await world.admin(
    'select b.id from org_units b join org_units c on c.id = b.parent_id where c.tenant_id = $1 and c.name = $2 and b.name = $3',
    [demoA, compound, name],
  );
  return row!.id as string;
}
async function userId(slug: string, username: string): Promise<string> {
  const [row] = await world.admin('select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = $1 and u.username = $2', [
    slug,
    username,
  ]);
  return row!.id as string;
}
async function upload(username: string, status: 'confirmed' | 'pending' = 'confirmed'): Promise<string> {
  const id = crypto.randomUUID();
  await world.admin(
    `insert into evidence (id, tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, confirmed_at)
     values ($1, $2, $3, 'patrol.jpg', 'image/jpeg', 1000, $4, $5, $6, now())`,
    [id, demoA, `tenants/${demoA}/evidence/test/${id}`, 'c'.repeat(64), status, await userId('demo-a', username)],
  );
  return id;
}

const checkIn = (session: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(world, { ...session, headers: { ...session.headers, ...headers } }, 'POST', '/api/v1/patrols', { result: 'normal', ...body });
const list = async (session: Session, query = '') => {
  const res = await call(world, session, 'GET', `/api/v1/patrols?limit=200${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as {
    id: string;
    patrolledBy: string;
    placeId: string | null;
    orgUnitId: string;
    at: string;
    note: string | null;
  }[];
};
const coverage = async (session: Session, query: string) => {
  const res = await call(world, session, 'GET', `/api/v1/coverage?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    month: string;
    startsAt: string;
    endsAt: string;
    totals: { total: number; visited: number; rate: number | null };
    units: {
      orgUnitId: string;
      name: string;
      total: number;
      visited: number;
      rate: number | null;
      gapCount: number;
      gaps: { kind: string; id: string; name: string }[];
    }[];
  };
};

/** Tokens are dated by the app's clock: sign in again after moving it. */
async function signIn() {
  for (const role of [
    'committee_admin',
    'station_staff',
    'community_staff',
    'grid_member',
    'volunteer',
    'property_manager',
    'department_staff',
  ]) {
    s[role] = await login(world, 'demo-a', role);
  }
  s.otherAdmin = await login(world, 'demo-b', 'committee_admin');
  s.otherGrid = await login(world, 'demo-b', 'grid_member');
}

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  // A clean slate whatever demo check-ins the seed may hold: the counts below are hand-worked.
  await world.admin('delete from patrols');
  await signIn();
});
afterAll(() => world?.close());

describe('checking in', () => {
  it('a grid member checks in at a place of its community, and at a building', async () => {
    const shop = await place('东湖社区便民超市');
    const res = await checkIn(s.grid_member!, {
      placeId: shop,
      result: 'issue',
      note: '  门口堆放纸箱  ',
      latitude: 30.001,
      longitude: 120.001,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      orgUnitId: await unit('东湖社区'),
      orgUnitName: '东湖社区',
      placeId: shop,
      placeName: '东湖社区便民超市',
      patrolledBy: await userId('demo-a', 'grid_member'),
      patrolledByName: 'grid_member（示范）',
      at: now.toISOString(),
      result: 'issue',
      note: '门口堆放纸箱',
      evidenceId: null,
      latitude: 30.001,
      longitude: 120.001,
      createdAt: now.toISOString(),
    });
    const [row] = await world.admin('select tenant_id, org_unit_id, place_id, at from patrols where id = $1', [res.body.id]);
    expect(row).toMatchObject({ tenant_id: demoA, org_unit_id: await unit('东湖社区'), place_id: shop });

    const b1 = await building('东湖花园小区', '1号楼');
    const atBuilding = await checkIn(s.grid_member!, { orgUnitId: b1, at: '2026-12-09T18:30:00+08:00' });
    expect(atBuilding.status, JSON.stringify(atBuilding.body)).toBe(201);
    expect(atBuilding.body).toMatchObject({ orgUnitId: b1, placeId: null, placeName: null, at: '2026-12-09T10:30:00.000Z', note: null });
  });

  it('a property manager checks in at the compounds its company manages, and nowhere else', async () => {
    const managed = await unit('东湖花园小区');
    const res = await checkIn(s.property_manager!, { orgUnitId: managed });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ orgUnitId: managed, orgUnitName: '东湖花园小区', patrolledByName: 'property_manager（示范）' });
    expect((await checkIn(s.property_manager!, { orgUnitId: await building('东湖花园小区', '2号楼') })).status).toBe(201);

    const before = await fingerprint(world, PATROL_TABLES);
    expectProblem(await checkIn(s.property_manager!, { orgUnitId: await unit('东湖家园小区') }), 404, 'not_found'); // unmanaged
    expectProblem(await checkIn(s.property_manager!, { orgUnitId: await unit('青桐花园小区') }), 404, 'not_found'); // the other company's
    expectProblem(await checkIn(s.property_manager!, { placeId: await place('东湖社区便民超市') }), 404, 'not_found'); // at the community, not in its compound
    expect(await fingerprint(world, PATROL_TABLES)).toEqual(before);
  });

  it('answers 404 naming the field for places and units outside the caller’s scope or district, writing nothing', async () => {
    const before = await fingerprint(world, PATROL_TABLES);
    const out = await checkIn(s.grid_member!, { placeId: await place('青桐社区小餐馆') });
    expect(expectProblem(out, 404, 'not_found').params).toEqual({ resource: 'place' });
    expect(out.body.errors).toEqual([{ path: 'placeId', code: 'not_found', message: '场所不存在或不在您的管辖范围内' }]);
    const west = await checkIn(s.grid_member!, { orgUnitId: await unit('西山社区') });
    expect(expectProblem(west, 404, 'not_found').params).toEqual({ resource: 'patrol_area' });
    expect(west.body.errors).toEqual([{ path: 'orgUnitId', code: 'not_found', message: expect.any(String) }]);
    expectProblem(await checkIn(s.station_staff!, { placeId: await place('西山社区理发店') }), 404, 'not_found');
    expectProblem(await checkIn(s.grid_member!, { placeId: crypto.randomUUID() }), 404, 'not_found');
    // Another district's place and unit: the same 404.
    const [theirs] = await world.admin("select p.id from places p join tenants t on t.id = p.tenant_id where t.slug = 'demo-b' limit 1");
    expectProblem(await checkIn(s.otherGrid!, { placeId: await place('东湖社区便民超市') }), 404, 'not_found');
    expectProblem(await checkIn(s.grid_member!, { placeId: theirs!.id }), 404, 'not_found');
    expectProblem(await checkIn(s.otherGrid!, { orgUnitId: await unit('东湖花园小区') }), 404, 'not_found');
    // Their own place, with a photo of demo-a: the photo is what is not found.
    const [own] = await world.admin(
      "select p.id from places p join tenants t on t.id = p.tenant_id where t.slug = 'demo-b' and p.name = '北城社区便民超市'",
    );
    const foreignPhoto = await checkIn(s.otherGrid!, { placeId: own!.id, evidenceId: await upload('grid_member') });
    expectProblem(foreignPhoto, 404, 'evidence_unusable');
    expect(foreignPhoto.body.errors).toEqual([{ path: 'evidenceId', code: 'evidence_unusable', message: expect.any(String) }]);
    // A whole street is not something one patrols: 400 when inside scope.
    const street = await checkIn(s.station_staff!, { orgUnitId: await unit('示范东湖街道') });
    expect(expectProblem(street, 400, 'patrol_area_too_broad').params).toEqual({ kind: 'street' });
    expect(street.body.errors).toEqual([{ path: 'orgUnitId', code: 'patrol_area_too_broad', message: expect.stringContaining('街道') }]);
    // The committee reads patrols but does not check in; departments do neither.
    expectProblem(await checkIn(s.committee_admin!, { placeId: await place('东湖社区便民超市') }), 403, 'forbidden');
    expectProblem(await checkIn(s.department_staff!, { placeId: await place('东湖社区便民超市') }), 403, 'forbidden');
    expectProblem(await call(world, s.department_staff!, 'GET', '/api/v1/patrols'), 403, 'forbidden');
    expect(await fingerprint(world, PATROL_TABLES)).toEqual(before);
  });

  it('takes the caller’s own confirmed photo, and no one else’s', async () => {
    const shop = await place('东湖社区中心小学');
    const photo = await upload('grid_member');
    const ok = await checkIn(s.grid_member!, { placeId: shop, evidenceId: photo });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.evidenceId).toBe(photo);
    // The photo belongs to the patrol now: never reused, and as visible as the patrol.
    expect((await world.admin('select subject_type, subject_id from evidence where id = $1', [photo]))[0]).toEqual({
      subject_type: 'patrol',
      subject_id: ok.body.id,
    });
    const reused = await checkIn(s.grid_member!, { placeId: shop, evidenceId: photo });
    expect(expectProblem(reused, 404, 'evidence_unusable').params).toEqual({ evidenceIds: [photo] });
    expect((await call(world, s.station_staff!, 'GET', `/api/v1/evidence/${photo}`)).status).toBe(200);
    expectProblem(await call(world, s.otherAdmin!, 'GET', `/api/v1/evidence/${photo}`), 404, 'not_found');
    expectProblem(await call(world, s.property_manager!, 'GET', `/api/v1/evidence/${photo}`), 404, 'not_found');

    const before = await fingerprint(world, PATROL_TABLES);
    for (const evidenceId of [await upload('volunteer'), await upload('grid_member', 'pending'), crypto.randomUUID()]) {
      const res = await checkIn(s.grid_member!, { placeId: shop, evidenceId });
      expectProblem(res, 404, 'evidence_unusable');
      expect(res.body.errors).toEqual([{ path: 'evidenceId', code: 'evidence_unusable', message: expect.any(String) }]);
    }
    expect(await fingerprint(world, PATROL_TABLES)).toEqual(before);
  });

  it('refuses bad input with field paths, writing nothing', async () => {
    const shop = await place('东湖社区便民超市');
    const before = await fingerprint(world, PATROL_TABLES);
    const paths = async (body: unknown) => {
      const res = await call(world, s.grid_member!, 'POST', '/api/v1/patrols', body);
      expectProblem(res, 400, 'validation_failed');
      return (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    };
    expect(await paths({ placeId: 'nope', result: 'fine', latitude: 91, longitude: 0, extra: 1 })).toEqual(
      expect.arrayContaining(['latitude', 'placeId', 'result']),
    );
    const codes = async (body: unknown) =>
      ((await call(world, s.grid_member!, 'POST', '/api/v1/patrols', body)).body.errors as { path: string; code: string }[]).map(
        (e) => `${e.path}:${e.code}`,
      );
    expect(await paths({ result: 'normal' })).toEqual(['placeId']);
    expect(await codes({ result: 'normal' })).toEqual(['placeId:one_of']);
    expect(await paths({ placeId: shop, orgUnitId: await unit('东湖社区'), result: 'normal' })).toEqual(['orgUnitId']);
    expect(await paths({ placeId: shop, result: 'normal', latitude: 30 })).toEqual(['longitude']);
    expect(await codes({ placeId: shop, result: 'normal', latitude: 30 })).toEqual(['longitude:coordinates_together']);
    expect(await paths({ placeId: shop, result: 'normal', at: 'yesterday' })).toEqual(['at']);
    expect(await paths({ placeId: shop, result: 'normal', note: 'x'.repeat(501) })).toEqual(['note']);
    // Outside the supported years, with the phone's offset or not.
    expect(await codes({ placeId: shop, result: 'normal', at: '0392-03-23T10:00:00+08:00' })).toEqual(['at:date_range']);
    expect(await codes({ placeId: shop, result: 'normal', at: '9999-12-31T23:59:59Z' })).toEqual(['at:date_range']);
    // In the future or more than seven days back: the phone's clock, said as such.
    const future = await call(world, s.grid_member!, 'POST', '/api/v1/patrols', {
      placeId: shop,
      result: 'normal',
      at: new Date(now.getTime() + 3_600_000).toISOString(),
    });
    expect(expectProblem(future, 400, 'patrol_time_in_future').errors!.map((e) => e.path)).toEqual(['at']);
    const old = await call(world, s.grid_member!, 'POST', '/api/v1/patrols', {
      placeId: shop,
      result: 'normal',
      at: new Date(now.getTime() - 8 * 86_400_000).toISOString(),
    });
    expect(expectProblem(old, 400, 'patrol_time_too_old').params).toEqual({ days: 7 });
    expect(old.body.detail).toBe('只能补录 7 天内的巡查');
    expect(await fingerprint(world, PATROL_TABLES)).toEqual(before);
    // Seven days back is still fine (an offline phone catching up).
    expect(
      (await checkIn(s.grid_member!, { placeId: shop, at: new Date(now.getTime() - 7 * 86_400_000 + 60_000).toISOString() })).status,
    ).toBe(201);
  });

  it('makes one patrol for retries with one Idempotency-Key', async () => {
    const body = { placeId: await place('东湖社区颐养院'), note: '重试测试巡查' };
    const key = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => checkIn(s.grid_member!, body, { 'idempotency-key': key })));
    for (const r of results) expect([201, 409]).toContain(r.status);
    const again = await checkIn(s.grid_member!, body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [row] = await world.admin("select count(*)::int as n, min(id::text) as id from patrols where note = '重试测试巡查'");
    expect(row).toEqual({ n: 1, id: again.body.id });
  });
});

describe('the patrol log', () => {
  it('shows grid members and volunteers their own check-ins only', async () => {
    const grid = await userId('demo-a', 'grid_member');
    const mine = await list(s.grid_member!);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    for (const p of mine) expect(p.patrolledBy).toBe(grid);
    expect(await list(s.volunteer!)).toEqual([]);
  });

  it('shows stations and communities their area, a property company its compounds, the committee everything', async () => {
    const all = await list(s.committee_admin!);
    const [count] = await world.admin('select count(*)::int as n from patrols where tenant_id = $1', [demoA]);
    expect(all).toHaveLength(count!.n as number);
    expect((await list(s.station_staff!)).map((p) => p.id).sort()).toEqual(all.map((p) => p.id).sort()); // everything so far is in 东湖
    expect((await list(s.community_staff!)).map((p) => p.id).sort()).toEqual(all.map((p) => p.id).sort());

    const compound = await unit('东湖花园小区');
    const [path] = await world.admin('select path from org_units where id = $1', [compound]);
    const inCompound = await world.admin('select p.id::text from patrols p join org_units u on u.id = p.org_unit_id where u.path like $1', [
      `${path!.path}%`,
    ]);
    const pm = await list(s.property_manager!);
    expect(pm.map((p) => p.id).sort()).toEqual(inCompound.map((r) => r.id as string).sort());
    expect(pm.length).toBe(3); // the grid member's building check-in and the company's own two
  });

  it('filters by unit subtree, place, result, own, and district-local days; pages with a cursor', async () => {
    const shop = await place('东湖社区便民超市');
    const grid = await userId('demo-a', 'grid_member');
    const atShop = await list(s.committee_admin!, `&placeId=${shop}`);
    expect(atShop.length).toBeGreaterThanOrEqual(2);
    for (const p of atShop) expect(p.placeId).toBe(shop);
    expect((await list(s.committee_admin!, '&result=issue')).map((p) => p.note)).toEqual(['门口堆放纸箱']);
    const inCompound = await list(s.committee_admin!, `&orgUnitId=${await unit('东湖花园小区')}`);
    expect(inCompound).toHaveLength(3);
    expect(await list(s.committee_admin!, `&orgUnitId=${await unit('青桐社区')}`)).toEqual([]);
    expect(await list(s.station_staff!, '&mine=true')).toEqual([]);
    for (const p of await list(s.community_staff!, '&mine=false'))
      expect(p.patrolledBy).not.toBe(await userId('demo-a', 'community_staff'));
    // 2026-12-09T18:30+08:00 is the 9th in Shanghai; 10:00 on the 10th is the 10th.
    const ninth = await list(s.grid_member!, '&from=2026-12-09&to=2026-12-09');
    expect(ninth.map((p) => p.at)).toEqual(['2026-12-09T10:30:00.000Z']);
    expect(ninth[0]!.patrolledBy).toBe(grid);

    const first = await call(world, s.committee_admin!, 'GET', '/api/v1/patrols?limit=2&order=desc');
    expect(first.body.items).toHaveLength(2);
    const second = await call(world, s.committee_admin!, 'GET', `/api/v1/patrols?limit=200&order=desc&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual((await list(s.committee_admin!)).map((p) => p.id).sort());
    expectProblem(await call(world, s.committee_admin!, 'GET', '/api/v1/patrols?from=2026-13-01'), 400, 'validation_failed');
  });

  it('shows another district nothing of demo-a', async () => {
    expect(await list(s.otherAdmin!)).toEqual([]);
    expect(await list(s.otherAdmin!, `&placeId=${await place('东湖社区便民超市')}`)).toEqual([]);
    expect(await list(s.otherAdmin!, `&orgUnitId=${await unit('东湖社区')}`)).toEqual([]);
  });
});

describe('coverage (巡查覆盖率)', () => {
  let empty: string;
  beforeAll(async () => {
    await world.admin('delete from patrols');
    // An empty community under 东湖街道: nothing to cover, so its rate is null.
    const street = await unit('示范东湖街道');
    const [parent] = await world.admin('select path from org_units where id = $1', [street]);
    empty = crypto.randomUUID();
    await world.admin(
      `insert into org_units (id, tenant_id, parent_id, kind, name, path, depth) values ($1, $2, $3, 'community', '空白社区', $4, 2)`,
      [empty, demoA, street, `${parent!.path}${empty}/`],
    );

    now = new Date('2026-11-03T02:00:00Z');
    await signIn();
    const ok = async (session: Session, body: Record<string, unknown>) => {
      const res = await checkIn(session, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    // 01:00 on 1 November in Shanghai: November, though still October in UTC.
    await ok(s.grid_member!, { placeId: await place('东湖社区便民超市'), at: '2026-10-31T17:00:00Z' });
    // 23:59:59 on 31 October in Shanghai: October.
    await ok(s.grid_member!, { placeId: await place('东湖社区颐养院'), at: '2026-10-31T15:59:59Z' });
    await ok(s.grid_member!, { orgUnitId: await building('东湖花园小区', '1号楼') }); // visits the compound
    await ok(s.grid_member!, { placeId: await place('东湖社区便民超市') }); // again: still one place
    await ok(s.grid_member!, { orgUnitId: await unit('东湖社区') }); // a whole community: no place, no compound
    await ok(s.station_staff!, { placeId: await place('东湖社区商务大厦') }); // a place in 东湖家园小区, not the compound
    await ok(s.station_staff!, { placeId: await place('青桐社区小餐馆') });
    await ok(s.property_manager!, { orgUnitId: await unit('西山花园小区') });
  });

  it('counts places and compounds visited in the district-local month, per community, with the gaps', async () => {
    const report = await coverage(s.committee_admin!, 'month=2026-11&level=community');
    expect(report).toMatchObject({ month: '2026-11', startsAt: '2026-10-31T16:00:00.000Z', endsAt: '2026-11-30T16:00:00.000Z' });
    const byName = Object.fromEntries(report.units.map((u) => [u.name, u]));
    expect(Object.keys(byName).sort()).toEqual(['东湖社区', '青桐社区', '西山社区', '枫林社区', '南溪村', '石桥村', '空白社区'].sort());
    expect(byName.东湖社区).toMatchObject({ total: 8, visited: 3, rate: 0.375, gapCount: 5 });
    const gaps = [...byName.东湖社区!.gaps].sort((a, b) => a.name.localeCompare(b.name));
    expect(gaps).toEqual(
      [
        { kind: 'compound', id: await unit('东湖家园小区'), name: '东湖家园小区' },
        { kind: 'place', id: await place('东湖社区电动车维修店'), name: '东湖社区电动车维修店' },
        { kind: 'place', id: await place('东湖社区中心小学'), name: '东湖社区中心小学' },
        { kind: 'place', id: await place('东湖社区出租屋'), name: '东湖社区出租屋' },
        { kind: 'place', id: await place('东湖社区颐养院'), name: '东湖社区颐养院' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(byName.青桐社区).toMatchObject({ total: 8, visited: 1, rate: 0.125, gapCount: 7 });
    expect(byName.西山社区).toMatchObject({ total: 8, visited: 1, rate: 0.125, gapCount: 7 });
    expect(byName.西山社区!.gaps.map((g) => g.name)).not.toContain('西山花园小区');
    for (const name of ['枫林社区', '南溪村', '石桥村']) expect(byName[name]).toMatchObject({ total: 8, visited: 0, rate: 0, gapCount: 8 });
    expect(byName.空白社区).toEqual({
      orgUnitId: empty,
      name: '空白社区',
      kind: 'community',
      total: 0,
      visited: 0,
      rate: null,
      gapCount: 0,
      gaps: [],
    });
    expect(report.totals).toEqual({ total: 48, visited: 5, rate: 0.1042 });

    // grid = community for now (the org tree has no grid kind).
    expect((await coverage(s.committee_admin!, 'month=2026-11&level=grid')).units).toEqual(report.units);
    // The default level is community; the default month the current one.
    expect(await coverage(s.committee_admin!, '')).toEqual(report);
  });

  it('puts a patrol at 23:59 on 31 October (Shanghai) in October', async () => {
    const october = await coverage(s.committee_admin!, 'month=2026-10');
    expect(october).toMatchObject({
      startsAt: '2026-09-30T16:00:00.000Z',
      endsAt: '2026-10-31T16:00:00.000Z',
      totals: { total: 48, visited: 1, rate: 0.0208 },
    });
    expect(october.units.find((u) => u.name === '东湖社区')).toMatchObject({ visited: 1, rate: 0.125 });
    expect(october.units.find((u) => u.name === '东湖社区')!.gaps.map((g) => g.name)).not.toContain('东湖社区颐养院');
  });

  it('adds up per street', async () => {
    const report = await coverage(s.committee_admin!, 'month=2026-11&level=street');
    expect(report.units.map((u) => [u.name, u.total, u.visited, u.rate]).sort()).toEqual(
      [
        ['示范东湖街道', 16, 4, 0.25],
        ['示范西山街道', 16, 1, 0.0625],
        ['示范南溪镇', 16, 0, 0],
      ].sort(),
    );
    expect(report.units.find((u) => u.name === '示范东湖街道')!.gapCount).toBe(12);
  });

  it('is scoped: a station sees its street’s communities, a community itself, a grid member its own visits', async () => {
    const station = await coverage(s.station_staff!, 'month=2026-11');
    expect(station.units.map((u) => [u.name, u.visited]).sort()).toEqual(
      [
        ['东湖社区', 3],
        ['空白社区', 0],
        ['青桐社区', 1],
      ].sort(),
    );
    expect(station.totals).toEqual({ total: 16, visited: 4, rate: 0.25 });
    expect((await coverage(s.station_staff!, 'month=2026-11&level=street')).units.map((u) => u.name)).toEqual(['示范东湖街道']);

    const community = await coverage(s.community_staff!, 'month=2026-11');
    expect(community.units.map((u) => [u.name, u.total, u.visited])).toEqual([['东湖社区', 8, 3]]);
    expect((await coverage(s.community_staff!, 'month=2026-11&level=street')).units).toEqual([]);

    // The grid member's own two visits (the shop and 东湖花园小区), not the station's 商务大厦.
    const grid = await coverage(s.grid_member!, 'month=2026-11');
    expect(grid.units.map((u) => [u.name, u.total, u.visited, u.rate])).toEqual([['东湖社区', 8, 2, 0.25]]);
    expect(grid.units[0]!.gaps.map((g) => g.name)).toContain('东湖社区商务大厦');
    expect((await coverage(s.volunteer!, 'month=2026-11')).units.map((u) => [u.name, u.visited])).toEqual([['东湖社区', 0]]);

    // A property company's compounds sit below the communities: no community of its own to list.
    expect((await coverage(s.property_manager!, 'month=2026-11')).units).toEqual([]);
    expectProblem(await call(world, s.department_staff!, 'GET', '/api/v1/coverage'), 403, 'forbidden');
  });

  it('shows another district its own units only', async () => {
    const other = await coverage(s.otherAdmin!, 'month=2026-11');
    expect(other.units.map((u) => u.name).sort()).toEqual(['北城社区', '柳岸社区', '河口村', '新桥村'].sort());
    expect(other.totals).toEqual({ total: 32, visited: 0, rate: 0 });
    const text = JSON.stringify(other);
    for (const name of ['东湖', '青桐', '西山', '空白']) expect(text).not.toContain(name);
  });

  it('refuses a bad month or level with the field path', async () => {
    for (const [query, path] of [
      ['month=2026-13', ['query.month']],
      ['month=November', ['query.month']],
      ['level=planet', ['query.level']],
      ['month=2026-11&level=grid&extra=1', ['query.extra']],
      ['month=0392-03', ['query.month']],
      ['month=9999-12', ['query.month']],
    ] as const) {
      const res = await call(world, s.committee_admin!, 'GET', `/api/v1/coverage?${query}`);
      expectProblem(res, 400, 'validation_failed');
      expect(
        (res.body.errors as { path: string }[]).map((e) => e.path),
        query,
      ).toEqual(path);
      if (path[0] === 'query.month') expect(res.body.errors[0].code, query).toBe('month_format');
    }
  });

  it('lists at most 200 gaps per unit, with the full count', async () => {
    await world.admin(
      `insert into places (tenant_id, org_unit_id, name, type) select $1, $2, '空白社区小店' || lpad(n::text, 3, '0'), 'nine_small' from generate_series(1, 205) n`,
      [demoA, empty],
    );
    const report = await coverage(s.station_staff!, 'month=2026-11');
    const big = report.units.find((u) => u.orgUnitId === empty)!;
    expect(big).toMatchObject({ total: 205, visited: 0, rate: 0, gapCount: 205 });
    expect(big.gaps).toHaveLength(200);
    expect(new Set(big.gaps.map((g) => g.id)).size).toBe(200);
  });
});
