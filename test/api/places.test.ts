import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/** Places (场所): CRUD, filters, the key-unit rule, and scope by org subtree. */
let world: TestWorld;
let demoA: string;
const unit: Record<string, string> = {};
const sessions = new Map<string, Session>();

/** One login per demo user per file: hashing a password is deliberately slow. */
async function as(username: string, tenant = 'demo-a'): Promise<Session> {
  const key = `${tenant}/${username}`;
  if (!sessions.has(key)) sessions.set(key, await login(world, tenant, username));
  return sessions.get(key)!;
}

async function placeId(name: string): Promise<string> {
  const [row] = await world.admin('select id from places where tenant_id = $1 and name = $2', [demoA, name]);
  if (!row) throw new Error(`no place ${name}`);
  return row.id as string;
}

async function placeRow(id: string) {
  const [row] = await world.admin('select * from places where id = $1', [id]);
  return row;
}

const countPlaces = async () => (await world.admin('select count(*)::int as n from places where tenant_id = $1', [demoA]))[0]!.n as number;

/** Names of the demo-a places below a unit, straight from the database. */
async function namesBelow(unitName: string): Promise<string[]> {
  const rows = await world.admin(
    `select p.name from places p join org_units o on o.id = p.org_unit_id
     where p.tenant_id = $1 and o.path like (select path from org_units where tenant_id = $1 and name = $2) || '%'
     order by p.name`,
    [demoA, unitName],
  );
  return rows.map((r) => r.name as string);
}

beforeAll(async () => {
  world = await createWorld();
  demoA = await tenantId(world, 'demo-a');
  for (const name of ['示范东湖街道', '示范西山街道', '东湖社区', '青桐社区', '西山社区', '东湖家园小区']) {
    unit[name] = await orgUnitId(world, 'demo-a', name);
  }
});
afterAll(() => world.close());

const newPlace = (orgUnit: string, name: string) => ({ orgUnitId: orgUnit, name, type: 'nine_small', contactPhone: '138 0000 9999' });

describe('GET /places', () => {
  it('pages through every place of the district without gaps or repeats, and filters', async () => {
    const admin = await as('committee_admin');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(world, admin, 'GET', `/api/v1/places?limit=7&sort=createdAt${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const all = await world.admin('select id from places where tenant_id = $1', [demoA]);
    expect(seen).toHaveLength(36);
    expect(new Set(seen)).toEqual(new Set(all.map((r) => r.id)));

    const byName = await call(world, admin, 'GET', '/api/v1/places?sort=name&limit=200');
    const dbOrder = await world.admin('select name from places where tenant_id = $1 order by name, id', [demoA]);
    expect(byName.body.items.map((p: { name: string }) => p.name)).toEqual(dbOrder.map((r) => r.name));

    const street = await call(world, admin, 'GET', `/api/v1/places?orgUnitId=${unit.示范东湖街道}&sort=name&limit=200`);
    expect(street.body.items.map((p: { name: string }) => p.name).sort()).toEqual((await namesBelow('示范东湖街道')).sort());
    expect(street.body.items).toHaveLength(12);

    const keyUnits = await call(world, admin, 'GET', '/api/v1/places?type=key_unit&limit=200');
    expect(keyUnits.body.items).toHaveLength(6);
    for (const p of keyUnits.body.items) expect([p.type, p.keyUnitLevel]).toEqual(['key_unit', 2]);

    const medium = await call(world, admin, 'GET', '/api/v1/places?riskLevel=medium&limit=200');
    expect(medium.body.items.map((p: { type: string }) => p.type)).toEqual(Array(6).fill('nine_small'));

    const q = await call(world, admin, 'GET', `/api/v1/places?q=${encodeURIComponent('东湖社区便民')}`);
    expect(q.body.items.map((p: { name: string }) => p.name)).toEqual(['东湖社区便民超市']);
    const byAddress = await call(world, admin, 'GET', `/api/v1/places?q=${encodeURIComponent('东湖社区1号')}`);
    expect(byAddress.body.items.map((p: { address: string }) => p.address)).toEqual(['东湖社区1号']);
  });

  it('rejects bad query parameters, naming each', async () => {
    const res = await call(world, await as('committee_admin'), 'GET', '/api/v1/places?limit=0&sort=risk&orgUnitId=nope&type=castle');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.limit',
      'query.orgUnitId',
      'query.sort',
      'query.type',
    ]);
  });

  it('shows a station only its street, a grid member only its community, demo-b nothing of demo-a', async () => {
    const station = await call(world, await as('station_staff'), 'GET', '/api/v1/places?limit=200&sort=name');
    expect(station.body.items.map((p: { name: string }) => p.name).sort()).toEqual((await namesBelow('示范东湖街道')).sort());
    for (const p of station.body.items) expect(p.name).toMatch(/^(东湖社区|青桐社区)/);

    // Filtering on a unit outside the scope selects nothing rather than widening it.
    const west = await call(world, await as('station_staff'), 'GET', `/api/v1/places?orgUnitId=${unit.示范西山街道}`);
    expect(west.status).toBe(200);
    expect(west.body).toEqual({ items: [], nextCursor: null, total: 0 });

    const grid = await call(world, await as('grid_member'), 'GET', '/api/v1/places?limit=200');
    expect(grid.body.items.map((p: { name: string }) => p.name).sort()).toEqual((await namesBelow('东湖社区')).sort());
    expect(grid.body.items).toHaveLength(6);

    const other = await call(world, await as('committee_admin', 'demo-b'), 'GET', '/api/v1/places?limit=200');
    expect(other.body.items).toHaveLength(24);
    const demoAIds = new Set((await world.admin('select id from places where tenant_id = $1', [demoA])).map((r) => r.id));
    for (const p of other.body.items) expect(demoAIds.has(p.id)).toBe(false);
    const crossFilter = await call(world, await as('committee_admin', 'demo-b'), 'GET', `/api/v1/places?orgUnitId=${unit.东湖社区}`);
    expect(crossFilter.body.items).toEqual([]);

    // A volunteer reads its own area (to say where a hazard is), like the grid member of the same community.
    const volunteer = await call(world, await as('volunteer'), 'GET', '/api/v1/places?limit=200');
    expect(volunteer.body.items.map((p: { name: string }) => p.name).sort()).toEqual((await namesBelow('东湖社区')).sort());
  });
});

describe('GET /places/{id}', () => {
  it('returns the place as stored', async () => {
    const id = await placeId('东湖社区中心小学');
    const res = await call(world, await as('grid_member'), 'GET', `/api/v1/places/${id}`);
    expect(res.status).toBe(200);
    const row = (await placeRow(id))!;
    expect(res.body).toEqual({
      id,
      orgUnitId: unit.东湖社区,
      name: '东湖社区中心小学',
      type: 'key_unit',
      keyUnitLevel: 2,
      riskLevel: 'high',
      address: row.address,
      latitude: row.latitude,
      longitude: row.longitude,
      contactName: '张经理',
      contactPhone: row.contact_phone,
      version: 1,
      createdAt: new Date(row.created_at as string).toISOString(),
      updatedAt: new Date(row.updated_at as string).toISOString(),
    });
    expect(res.body.latitude).toBeGreaterThan(30);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const admin = await as('committee_admin');
    const bad = await call(world, admin, 'GET', '/api/v1/places/123');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('param.id');
    const missing = await call(world, admin, 'GET', `/api/v1/places/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('场所不存在');
  });

  it('answers 404 outside the caller’s area and to another district', async () => {
    const west = await placeId('西山社区理发店');
    const station = await call(world, await as('station_staff'), 'GET', `/api/v1/places/${west}`);
    expect(station.status).toBe(404);
    expect(station.body.code).toBe('not_found');
    expect((await call(world, await as('grid_member'), 'GET', `/api/v1/places/${await placeId('青桐社区小餐馆')}`)).status).toBe(404);
    expect((await call(world, await as('committee_admin', 'demo-b'), 'GET', `/api/v1/places/${west}`)).status).toBe(404);
  });
});

describe('POST /places', () => {
  it('registers a key unit in the station’s own community, with an audit event', async () => {
    const station = await as('station_staff');
    const body = {
      orgUnitId: unit.东湖社区,
      name: '东湖社区农贸市场',
      type: 'key_unit',
      keyUnitLevel: 1,
      riskLevel: 'high',
      address: '  东湖路 8 号 ',
      latitude: 30.5,
      longitude: -120.25,
      contactName: '周主任',
      contactPhone: '+86 0510-8888 1234',
    };
    const res = await call(world, station, 'POST', '/api/v1/places', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, address: '东湖路 8 号', version: 1 });
    const row = (await placeRow(res.body.id))!;
    expect(row).toMatchObject({
      tenant_id: demoA,
      org_unit_id: unit.东湖社区,
      name: '东湖社区农贸市场',
      type: 'key_unit',
      key_unit_level: 1,
      risk_level: 'high',
      latitude: 30.5,
      longitude: -120.25,
      contact_phone: '+86 0510-8888 1234',
    });
    const audit = await world.admin(
      'select a.action, u.username from audit_events a join users u on u.id = a.actor_user_id where a.target_id = $1',
      [res.body.id],
    );
    expect(audit).toEqual([{ action: 'place.created', username: 'station_staff' }]);

    const minimal = await call(world, station, 'POST', '/api/v1/places', newPlace(unit.东湖家园小区!, '东湖家园便利店'));
    expect(minimal.status).toBe(201);
    expect(minimal.body).toMatchObject({ riskLevel: 'medium', keyUnitLevel: null, address: null, latitude: null });
  });

  it('rejects invalid fields and the key-unit rule by name, writing nothing', async () => {
    const admin = await as('committee_admin');
    const before = await countPlaces();
    const bad = await call(world, admin, 'POST', '/api/v1/places', {
      orgUnitId: unit.东湖社区,
      name: ' ',
      type: 'nine_small',
      latitude: 91,
      longitude: -180.5,
      contactPhone: 'call me',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['contactPhone', 'latitude', 'longitude', 'name']);
    expect(bad.body.errors.find((e: { path: string }) => e.path === 'contactPhone')).toMatchObject({
      code: 'phone_format',
      message: expect.stringContaining('电话号码'),
    });

    const noLevel = await call(world, admin, 'POST', '/api/v1/places', {
      ...newPlace(unit.东湖社区!, '无等级重点单位'),
      type: 'key_unit',
    });
    expect(noLevel.status).toBe(400);
    expect(noLevel.body.errors).toEqual([
      { path: 'keyUnitLevel', code: 'key_unit_level_required', message: expect.stringContaining('重点单位必须填写等级') },
    ]);

    const strayLevel = await call(world, admin, 'POST', '/api/v1/places', { ...newPlace(unit.东湖社区!, '多余等级'), keyUnitLevel: 2 });
    expect(strayLevel.status).toBe(400);
    expect(strayLevel.body.errors).toEqual([
      { path: 'keyUnitLevel', code: 'key_unit_level_only_for_key_units', message: expect.stringContaining('只有重点单位才有等级') },
    ]);

    const outOfRange = await call(world, admin, 'POST', '/api/v1/places', {
      ...newPlace(unit.东湖社区!, '四级'),
      type: 'key_unit',
      keyUnitLevel: 4,
    });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.errors.map((e: { path: string }) => e.path)).toEqual(['keyUnitLevel']);

    const unknown = await call(world, admin, 'POST', '/api/v1/places', { ...newPlace(unit.东湖社区!, '多字段'), tenantId: demoA });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toContain('tenantId');

    expect(await countPlaces()).toBe(before);
  });

  it('answers 404 naming orgUnitId for a unit outside the station’s street, 403 to a grid member, 404 across districts', async () => {
    const before = await countPlaces();
    const west = await call(world, await as('station_staff'), 'POST', '/api/v1/places', newPlace(unit.西山社区!, '越界场所'));
    expect(west.status).toBe(404);
    expect(west.body.errors).toEqual([{ path: 'orgUnitId', code: 'not_found', message: expect.stringContaining('单位不存在') }]);
    expect(west.body.params).toEqual({ resource: 'org_unit' });

    const grid = await call(world, await as('grid_member'), 'POST', '/api/v1/places', newPlace(unit.东湖社区!, '网格员场所'));
    expect(grid.status).toBe(403);
    expect(grid.body.code).toBe('forbidden');

    const other = await call(world, await as('committee_admin', 'demo-b'), 'POST', '/api/v1/places', newPlace(unit.东湖社区!, '外区场所'));
    expect(other.status).toBe(404);
    expect(other.body.errors[0].path).toBe('orgUnitId');

    expect(await countPlaces()).toBe(before);
    const [stray] = await world.admin("select count(*)::int as n from places where name in ('越界场所', '网格员场所', '外区场所')");
    expect(stray!.n).toBe(0);
  });
});

describe('PATCH /places/{id}', () => {
  it('updates fields, bumps the version, turns a place into a key unit and moves it', async () => {
    const id = await placeId('青桐社区小餐馆');
    const station = await as('station_staff');
    const first = await call(world, station, 'PATCH', `/api/v1/places/${id}`, { version: 1, riskLevel: 'high', contactPhone: '0510-1234' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, riskLevel: 'high', contactPhone: '0510-1234', version: 2, name: '青桐社区小餐馆' });
    expect(first.body).not.toHaveProperty('tenantId');

    const second = await call(world, station, 'PATCH', `/api/v1/places/${id}`, {
      version: 2,
      type: 'key_unit',
      keyUnitLevel: 3,
      orgUnitId: unit.东湖社区,
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ type: 'key_unit', keyUnitLevel: 3, orgUnitId: unit.东湖社区, version: 3 });
    expect(await placeRow(id)).toMatchObject({
      type: 'key_unit',
      key_unit_level: 3,
      org_unit_id: unit.东湖社区,
      risk_level: 'high',
      version: 3,
    });
    const audit = await world.admin('select action from audit_events where target_id = $1 order by id', [id]);
    expect(audit.map((a) => a.action)).toEqual(['place.updated', 'place.updated']);
  });

  it('answers 409 for a stale version and 400 when the key-unit rule breaks, changing nothing', async () => {
    const id = await placeId('东湖社区中心小学');
    const admin = await as('committee_admin');
    const before = await placeRow(id);
    const stale = await call(world, admin, 'PATCH', `/api/v1/places/${id}`, { version: 7, name: '改名' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(stale.body.detail).toContain('当前版本 1');

    // key_unit → nine_small without clearing the level: the rule is checked on the resulting row.
    const rule = await call(world, admin, 'PATCH', `/api/v1/places/${id}`, { version: 1, type: 'nine_small' });
    expect(rule.status).toBe(400);
    expectProblem(rule, 400, 'key_unit_level_mismatch');
    expect(rule.body.errors).toEqual([
      { path: 'keyUnitLevel', code: 'key_unit_level_only_for_key_units', message: expect.stringContaining('只有重点单位才有等级') },
    ]);
    const clearOnly = await call(world, admin, 'PATCH', `/api/v1/places/${id}`, { version: 1, keyUnitLevel: null });
    expect(clearOnly.status).toBe(400);
    expect(clearOnly.body.errors[0].path).toBe('keyUnitLevel');

    const fields = await call(world, admin, 'PATCH', `/api/v1/places/${id}`, { version: 1, latitude: -91, createdAt: '2020-01-01' });
    expect(fields.status).toBe(400);
    expect(fields.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['createdAt', 'latitude']);

    expect(await placeRow(id)).toEqual(before);

    const ok = await call(world, admin, 'PATCH', `/api/v1/places/${id}`, { version: 1, type: 'nine_small', keyUnitLevel: null });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ type: 'nine_small', keyUnitLevel: null, version: 2 });
  });

  it('keeps a station inside its street, refuses grid members and other districts', async () => {
    const west = await placeId('西山社区理发店');
    const own = await placeId('东湖社区颐养院');
    const westBefore = await placeRow(west);
    const ownBefore = await placeRow(own);
    const station = await as('station_staff');

    const foreign = await call(world, station, 'PATCH', `/api/v1/places/${west}`, { version: 1, name: '被改' });
    expect(foreign.status).toBe(404);

    const moveOut = await call(world, station, 'PATCH', `/api/v1/places/${own}`, { version: 1, orgUnitId: unit.西山社区 });
    expect(moveOut.status).toBe(404);
    expect(moveOut.body.errors).toEqual([{ path: 'orgUnitId', code: 'not_found', message: expect.stringContaining('单位不存在') }]);

    const grid = await call(world, await as('grid_member'), 'PATCH', `/api/v1/places/${own}`, { version: 1, name: '网格员改' });
    expect(grid.status).toBe(403);

    const other = await call(world, await as('committee_admin', 'demo-b'), 'PATCH', `/api/v1/places/${own}`, {
      version: 1,
      name: '外区改',
    });
    expect(other.status).toBe(404);

    expect(await placeRow(west)).toEqual(westBefore);
    expect(await placeRow(own)).toEqual(ownBefore);
  });
});

describe('DELETE /places/{id}', () => {
  it('deletes a place and records it', async () => {
    const admin = await as('committee_admin');
    const created = await call(world, admin, 'POST', '/api/v1/places', newPlace(unit.西山社区!, '待删除场所'));
    const res = await call(world, admin, 'DELETE', `/api/v1/places/${created.body.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(await placeRow(created.body.id)).toBeUndefined();
    const audit = await world.admin('select action from audit_events where target_id = $1 order by id', [created.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['place.created', 'place.deleted']);
  });

  it('answers 404 for a place already gone and 400 for a malformed id', async () => {
    const admin = await as('committee_admin');
    const created = await call(world, admin, 'POST', '/api/v1/places', newPlace(unit.西山社区!, '删两次'));
    expect((await call(world, admin, 'DELETE', `/api/v1/places/${created.body.id}`)).status).toBe(204);
    const again = await call(world, admin, 'DELETE', `/api/v1/places/${created.body.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');
    const bad = await call(world, admin, 'DELETE', '/api/v1/places/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('param.id');
  });

  it('refuses outside the street, to a grid member and across districts, deleting nothing', async () => {
    const west = await placeId('西山社区理发店');
    const own = await placeId('东湖社区便民超市');
    const before = await countPlaces();
    expect((await call(world, await as('station_staff'), 'DELETE', `/api/v1/places/${west}`)).status).toBe(404);
    expect((await call(world, await as('grid_member'), 'DELETE', `/api/v1/places/${own}`)).status).toBe(403);
    expect((await call(world, await as('committee_admin', 'demo-b'), 'DELETE', `/api/v1/places/${own}`)).status).toBe(404);
    expect(await countPlaces()).toBe(before);
    expect(await placeRow(west)).toBeDefined();
    expect(await placeRow(own)).toBeDefined();
  });
});

describe('GET /places: 共 N 条', () => {
  it('counts every match on the first page, null on a page asked for by cursor, 0 when nothing matches', async () => {
    const admin = await as('committee_admin');
    const mark = '共N条测试场所';
    for (let i = 0; i < 5; i++) {
      const body = { ...newPlace(unit.东湖社区!, `${mark}${i}`), type: i < 2 ? 'market' : 'nine_small' };
      expect((await call(world, admin, 'POST', '/api/v1/places', body)).status).toBe(201);
    }
    const q = `q=${encodeURIComponent(mark)}&sort=name`;

    // Five match, two to a page: the first page says 5, the pages after it (by cursor) say null.
    const first = await call(world, admin, 'GET', `/api/v1/places?${q}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(5);
    expect(first.body.items).toHaveLength(2);
    const seen: string[] = first.body.items.map((p: { name: string }) => p.name);
    let cursor: string | null = first.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    while (cursor) {
      const next = await call(world, admin, 'GET', `/api/v1/places?${q}&limit=2&cursor=${cursor}`);
      expect(next.status).toBe(200);
      expect(next.body.total).toBeNull();
      seen.push(...next.body.items.map((p: { name: string }) => p.name));
      cursor = next.body.nextCursor;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${mark}${i}`));

    // A filter narrows the count with the items.
    const markets = await call(world, admin, 'GET', `/api/v1/places?${q}&type=market&limit=1`);
    expect(markets.body.total).toBe(2);
    expect(markets.body.items.map((p: { name: string }) => p.name)).toEqual([`${mark}0`]);

    // Nothing matches: total 0, from the query and from the early answer for a unit outside the scope.
    expect((await call(world, admin, 'GET', `/api/v1/places?${q}&type=warehouse`)).body).toEqual({ items: [], nextCursor: null, total: 0 });
    const west = await call(world, await as('station_staff'), 'GET', `/api/v1/places?orgUnitId=${unit.示范西山街道}&${q}`);
    expect(west.body).toEqual({ items: [], nextCursor: null, total: 0 });

    // Without filters it counts the whole district on a page of one, and the caller's scope is part of the count.
    const all = await call(world, admin, 'GET', '/api/v1/places?limit=1');
    expect(all.body.items).toHaveLength(1);
    expect(all.body.total).toBe(await countPlaces());
    const grid = await call(world, await as('grid_member'), 'GET', '/api/v1/places?limit=1');
    expect(grid.body.total).toBe((await namesBelow('东湖社区')).length);
    expect(grid.body.total).toBeLessThan(all.body.total);
  });
});
