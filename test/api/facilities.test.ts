import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * The facility register (消防设施台账) and the property company's overview through the API: who
 * keeps which compound's register, a company kept out of everything of another company even in
 * the same community, expiry flags in the district's calendar, version guards, the integrity rate
 * (设施完好率) worked by hand, the fields a company may not touch (status, deleting: the station's),
 * and validation that writes nothing.
 */
let world: TestWorld;
let now = new Date('2026-11-24T02:00:00Z'); // 10:00 on 24 November in Shanghai
let demoA: string;
let companyA: string; // 示范安居物业服务有限公司: the demo property_manager's
let companyB: string; // 示范华庭物业管理有限公司
let gardenA: string; // 东湖花园小区, managed by A
let homesB: string; // 东湖家园小区, given to B below: the same community (东湖社区) as A's
let gardenABuilding: string;
let eastCommunity: string;
const s: Record<string, Session> = {};
const TABLES = ['facilities', 'maintenance_records', 'audit_events'] as const;

async function refresh() {
  for (const role of ['committee_admin', 'station_staff', 'community_staff', 'grid_member', 'property_manager', 'department_staff']) {
    s[role] = await login(world, 'demo-a', role);
  }
  s.pmB = await login(world, 'demo-a', 'pm_b');
  s.other = await login(world, 'demo-b', 'committee_admin');
}

const one = async (sql: string, params: unknown[]) => (await world.admin(sql, params))[0]!.id as string;

const facility = (session: Session, body: Record<string, unknown>) =>
  call(world, session, 'POST', '/api/v1/facilities', { kind: 'hydrant', count: 2, location: '小区东门', ...body });

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  companyA = await one('select id from companies where tenant_id = $1 and name = $2', [demoA, '示范安居物业服务有限公司']);
  companyB = await one('select id from companies where tenant_id = $1 and name = $2', [demoA, '示范华庭物业管理有限公司']);
  gardenA = await orgUnitId(world, 'demo-a', '东湖花园小区');
  homesB = await orgUnitId(world, 'demo-a', '东湖家园小区');
  eastCommunity = await orgUnitId(world, 'demo-a', '东湖社区');
  gardenABuilding = await one("select id from org_units where parent_id = $1 and name = '1号楼'", [gardenA]);
  // Company B takes over the unmanaged compound next to A's, and gets its own property manager.
  await world.admin('insert into company_compounds (tenant_id, company_id, org_unit_id) values ($1, $2, $3)', [demoA, companyB, homesB]);
  const pmB = await one(
    `insert into users (tenant_id, username, display_name, password_hash)
     select tenant_id, 'pm_b', '华庭物业（测试）', password_hash from users where tenant_id = $1 and username = 'property_manager' returning id`,
    [demoA],
  );
  await world.admin("insert into role_assignments (tenant_id, user_id, role, company_id) values ($1, $2, 'property_manager', $3)", [
    demoA,
    pmB,
    companyB,
  ]);
  await refresh();
});
afterAll(() => world?.close());

describe('the register of a compound', () => {
  let hydrantA: string;

  it('a property manager registers facilities in its own compounds and their buildings', async () => {
    const res = await facility(s.property_manager!, { orgUnitId: gardenA, kind: 'hydrant', count: 4 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      orgUnitId: gardenA,
      compoundId: gardenA,
      compoundName: '东湖花园小区',
      kind: 'hydrant',
      count: 4,
      status: 'working',
      expiry: null,
      version: 1,
    });
    hydrantA = res.body.id;
    const inBuilding = await facility(s.property_manager!, {
      orgUnitId: gardenABuilding,
      kind: 'extinguisher',
      count: 18,
      expiresOn: '2027-06-30',
    });
    expect(inBuilding.status, JSON.stringify(inBuilding.body)).toBe(201);
    expect(inBuilding.body).toMatchObject({ orgUnitName: '1号楼', compoundId: gardenA });
    const [audit] = await world.admin("select count(*)::int as n from audit_events where action = 'facility.created' and target_id = $1", [
      hydrantA,
    ]);
    expect(audit!.n).toBe(1);
  });

  it('a property manager of another company touches nothing of it, even in the same community', async () => {
    const mine = await facility(s.pmB!, { orgUnitId: homesB, kind: 'hydrant', count: 3 });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const before = await fingerprint(world, TABLES);
    expectProblem(await call(world, s.pmB!, 'GET', `/api/v1/facilities/${hydrantA}`), 404, 'not_found');
    expectProblem(await call(world, s.pmB!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 1, status: 'faulty' }), 404, 'not_found');
    expectProblem(await call(world, s.pmB!, 'DELETE', `/api/v1/facilities/${hydrantA}`), 404, 'not_found');
    const into = await facility(s.pmB!, { orgUnitId: gardenA });
    expect(expectProblem(into, 404, 'not_found').params).toEqual({ resource: 'inspection_target' });
    expect(into.body.errors).toEqual([{ path: 'orgUnitId', code: 'not_found', message: '小区或楼栋不存在或不在您的管辖范围内' }]);
    // …nor move its own facility into A's compound (a company moves none: the unit is the station's to change).
    const moved = await call(world, s.pmB!, 'PATCH', `/api/v1/facilities/${mine.body.id}`, { version: 1, orgUnitId: gardenA });
    expectProblem(moved, 400, 'facility_fields_restricted');
    expect(moved.body.errors).toEqual([{ path: 'orgUnitId', code: 'facility_fields_restricted', message: expect.any(String) }]);
    // Nor into the community itself: facilities stand in compounds and buildings.
    expectProblem(await facility(s.pmB!, { orgUnitId: eastCommunity }), 404, 'not_found');
    const listB = await call(world, s.pmB!, 'GET', '/api/v1/facilities?limit=200');
    expect(listB.body.items.map((f: { id: string }) => f.id)).toEqual([mine.body.id]);
    const filtered = await call(world, s.pmB!, 'GET', `/api/v1/facilities?orgUnitId=${eastCommunity}&limit=200`);
    expect(filtered.body.items.map((f: { id: string }) => f.id)).toEqual([mine.body.id]);
    const listA = await call(world, s.property_manager!, 'GET', '/api/v1/facilities?limit=200');
    expect(listA.body.items.map((f: { compoundId: string }) => f.compoundId)).not.toContain(homesB);
    expect(listA.body.items.length).toBe(2);
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('another district sees none of it; the area’s staff read it; only keepers write', async () => {
    expectProblem(await call(world, s.other!, 'GET', `/api/v1/facilities/${hydrantA}`), 404, 'not_found');
    expectProblem(await call(world, s.other!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 1, count: 1 }), 404, 'not_found');
    expect((await call(world, s.other!, 'GET', '/api/v1/facilities?limit=200')).body.items).toEqual([]);
    expect((await call(world, s.community_staff!, 'GET', `/api/v1/facilities/${hydrantA}`)).status).toBe(200);
    expect((await call(world, s.station_staff!, 'GET', `/api/v1/facilities/${hydrantA}`)).status).toBe(200);
    expect((await call(world, s.department_staff!, 'GET', `/api/v1/facilities/${hydrantA}`)).status).toBe(200);
    expectProblem(
      await call(world, s.community_staff!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 1, count: 1 }),
      403,
      'forbidden',
    );
    expectProblem(await call(world, s.grid_member!, 'GET', '/api/v1/facilities'), 403, 'forbidden');
    const west = await orgUnitId(world, 'demo-a', '西山花园小区');
    expectProblem(await facility(s.station_staff!, { orgUnitId: west }), 404, 'not_found'); // outside its street
    const station = await facility(s.station_staff!, { orgUnitId: homesB, kind: 'exit_sign', count: 10 });
    expect(station.status, JSON.stringify(station.body)).toBe(201);
  });

  it('is version-guarded', async () => {
    const ok = await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${hydrantA}`, {
      version: 1,
      location: '小区东门、北门',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, location: '小区东门、北门' });
    expectProblem(
      await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 1, count: 3 }),
      409,
      'version_conflict',
    );
  });

  it('a property manager keeps location, count and expiry; status, kind, unit and last maintenance are the station’s', async () => {
    const before = await fingerprint(world, TABLES);
    const status = await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 2, status: 'faulty' });
    expectProblem(status, 400, 'facility_fields_restricted');
    expect(status.body.params).toEqual({ fields: ['status'], permission: 'facilities.write_status' });
    expect(status.body.errors).toEqual([{ path: 'status', code: 'facility_fields_restricted', message: status.body.detail }]);
    expect(status.body.detail).toContain('物业企业只能修改位置、数量和有效期');
    const others = await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${hydrantA}`, {
      version: 2,
      count: 5,
      kind: 'sprinkler',
      orgUnitId: gardenABuilding,
      lastMaintainedOn: '2026-11-01',
    });
    expectProblem(others, 400, 'facility_fields_restricted');
    expect(others.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['kind', 'lastMaintainedOn', 'orgUnitId']);
    expect([...others.body.params.fields].sort()).toEqual(['kind', 'lastMaintainedOn', 'orgUnitId']);
    expect(await fingerprint(world, TABLES)).toEqual(before);
    const kept = await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${hydrantA}`, {
      version: 2,
      count: 4,
      location: '小区东门、北门',
      expiresOn: '2030-12-31',
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body).toMatchObject({ version: 3, count: 4, expiresOn: '2030-12-31', status: 'working' });
    // The station (and the committee) change the status.
    const missing = await call(world, s.station_staff!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 3, status: 'missing' });
    expect(missing.status, JSON.stringify(missing.body)).toBe(200);
    expectProblem(
      await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 4, status: 'working' }),
      400,
      'facility_fields_restricted',
    );
    const back = await call(world, s.committee_admin!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { version: 4, status: 'working' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ version: 5, status: 'working' });
  });

  it('refuses bad input with field paths, writing nothing', async () => {
    const before = await fingerprint(world, TABLES);
    const bad = await call(world, s.property_manager!, 'POST', '/api/v1/facilities', {
      orgUnitId: 'x',
      kind: 'fountain',
      count: -1,
      colour: 'red',
    });
    expectProblem(bad, 400, 'validation_failed');
    expect((bad.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(['orgUnitId', 'kind', 'count', 'colour']),
    );
    const station = await facility(s.station_staff!, { orgUnitId: eastCommunity });
    expect(expectProblem(station, 400, 'compound_or_building_required').params).toEqual({ kind: 'community' }); // a community is no compound
    expect(station.body.errors).toEqual([{ path: 'orgUnitId', code: 'compound_or_building_required', message: expect.any(String) }]);
    const future = await facility(s.property_manager!, { orgUnitId: gardenA, lastMaintainedOn: '2026-11-25' });
    expectProblem(future, 400, 'date_after_today');
    expect(future.body.params).toEqual({ today: '2026-11-24' });
    expect(future.body.errors).toEqual([{ path: 'lastMaintainedOn', code: 'date_after_today', message: '日期不能晚于今天（2026-11-24）' }]);
    const ancient = await facility(s.property_manager!, { orgUnitId: gardenA, expiresOn: '0392-03-23' });
    expect(expectProblem(ancient, 400, 'validation_failed').errors).toEqual([
      { path: 'expiresOn', code: 'date_format', message: '须为 YYYY-MM-DD 格式的日期' },
    ]);
    expectProblem(
      await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${hydrantA}`, { count: 3 }),
      400,
      'validation_failed',
    ); // no version
    expectProblem(await call(world, s.property_manager!, 'GET', '/api/v1/facilities?expiringWithinDays=-1'), 400, 'validation_failed');
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('the station deletes; the company cannot (deleting and registering again would reset what is overdue)', async () => {
    const res = await facility(s.property_manager!, { orgUnitId: gardenA, kind: 'control_room', count: 1 });
    expectProblem(await call(world, s.pmB!, 'DELETE', `/api/v1/facilities/${res.body.id}`), 404, 'not_found');
    const refused = await call(world, s.property_manager!, 'DELETE', `/api/v1/facilities/${res.body.id}`);
    expect(expectProblem(refused, 403, 'forbidden').params).toEqual({ permission: 'facilities.write_status' });
    expect((await call(world, s.station_staff!, 'DELETE', `/api/v1/facilities/${res.body.id}`)).status).toBe(204);
    expectProblem(await call(world, s.property_manager!, 'GET', `/api/v1/facilities/${res.body.id}`), 404, 'not_found');
  });
});

describe('expiring extinguishers', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // Today is 2026-11-24 in Shanghai: the warning window runs to 2026-12-24 inclusive.
    for (const [key, expiresOn] of Object.entries({
      past: '2026-11-23',
      today: '2026-11-24',
      soon: '2026-12-24',
      later: '2026-12-25',
      none: null,
    })) {
      const res = await facility(s.property_manager!, {
        orgUnitId: gardenABuilding,
        kind: 'extinguisher',
        count: 1,
        location: key,
        expiresOn,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.id;
    }
  });

  it('are flagged expiring within 30 days and expired after, in the district’s calendar', async () => {
    const flags = async () => {
      const res = await call(
        world,
        s.property_manager!,
        'GET',
        `/api/v1/facilities?orgUnitId=${gardenABuilding}&kind=extinguisher&limit=200`,
      );
      return Object.fromEntries(
        res.body.items
          .filter((f: { location: string }) => f.location in ids)
          .map((f: { location: string; expiry: string | null }) => [f.location, f.expiry]),
      );
    };
    expect(await flags()).toEqual({ past: 'expired', today: 'expiring', soon: 'expiring', later: null, none: null });
    // 01:00 on the 25th in Shanghai is still the 24th in UTC: the district's day decides.
    now = new Date('2026-11-24T17:00:00Z');
    await refresh();
    expect(await flags()).toEqual({ past: 'expired', today: 'expired', soon: 'expiring', later: 'expiring', none: null });
    now = new Date('2026-11-24T02:00:00Z');
    await refresh();
  });

  it('filter by the days left, expired ones included', async () => {
    const res = await call(world, s.property_manager!, 'GET', '/api/v1/facilities?expiringWithinDays=30&limit=200');
    expect(res.body.items.map((f: { id: string }) => f.id).sort()).toEqual([ids.past, ids.today, ids.soon].sort());
    const none = await call(world, s.pmB!, 'GET', '/api/v1/facilities?expiringWithinDays=3650&limit=200');
    expect(none.body.items).toEqual([]);
  });
});

describe('the company overview', () => {
  it('counts facility status per compound and works out the integrity rate', async () => {
    // 西山花园小区 (A's, another street): 10 hydrants working, 3 faulty, 2 missing, plus an
    // entry of 0 alarms: 10 / (10 + 3 + 2) = 0.6667. 南溪花园小区 holds nothing: null.
    const west = await orgUnitId(world, 'demo-a', '西山花园小区');
    for (const [status, count] of [
      ['working', 10],
      ['faulty', 3],
      ['missing', 2],
    ] as const) {
      expect((await facility(s.property_manager!, { orgUnitId: west, kind: 'hydrant', count, status })).status).toBe(201);
    }
    expect((await facility(s.property_manager!, { orgUnitId: west, kind: 'alarm_system', count: 0, status: 'missing' })).status).toBe(201);
    const res = await call(world, s.property_manager!, 'GET', `/api/v1/companies/${companyA}/overview`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.company).toEqual({ id: companyA, name: '示范安居物业服务有限公司' });
    expect(res.body.asOf).toBe('2026-11-24');
    const byName = Object.fromEntries(res.body.compounds.map((k: { name: string }) => [k.name, k]));
    expect(Object.keys(byName).sort()).toEqual(['东湖花园小区', '南溪花园小区', '西山花园小区'].sort());
    expect(byName.西山花园小区).toMatchObject({ working: 10, faulty: 3, missing: 2, integrityRate: 0.6667 });
    expect(byName.南溪花园小区).toMatchObject({ working: 0, faulty: 0, missing: 0, integrityRate: null });
    // 东湖花园小区: 4 hydrants + 18 + 5 extinguishers, all working; 2 extinguishers flagged expired
    // ("past", and none more), 2 expiring ("today", "soon").
    expect(byName.东湖花园小区).toMatchObject({ working: 27, faulty: 0, missing: 0, integrityRate: 1, expired: 1, expiring: 2 });
    expect(res.body.totals).toMatchObject({ working: 37, faulty: 3, missing: 2, integrityRate: 0.881 }); // 37 / 42
  });

  it('is the company’s own: another company’s manager, another district: 404', async () => {
    expectProblem(await call(world, s.property_manager!, 'GET', `/api/v1/companies/${companyB}/overview`), 404, 'not_found');
    expectProblem(await call(world, s.pmB!, 'GET', `/api/v1/companies/${companyA}/overview`), 404, 'not_found');
    expectProblem(await call(world, s.other!, 'GET', `/api/v1/companies/${companyA}/overview`), 404, 'not_found');
    expectProblem(await call(world, s.grid_member!, 'GET', `/api/v1/companies/${companyA}/overview`), 403, 'forbidden');
  });

  it('shows others the company’s compounds within their own scope', async () => {
    const station = await call(world, s.station_staff!, 'GET', `/api/v1/companies/${companyA}/overview`);
    expect(station.status).toBe(200);
    expect(station.body.compounds.map((k: { name: string }) => k.name)).toEqual(['东湖花园小区']);
    expect(station.body.totals).toMatchObject({ working: 27, integrityRate: 1 });
    const committee = await call(world, s.committee_admin!, 'GET', `/api/v1/companies/${companyB}/overview`);
    expect(committee.body.compounds.map((k: { name: string }) => k.name)).toContain('东湖家园小区');
    const b = committee.body.compounds.find((k: { name: string }) => k.name === '东湖家园小区');
    expect(b).toMatchObject({ working: 13, integrityRate: 1 }); // B's 3 hydrants + the station's 10 exit signs
  });
});

describe('the register’s calendar rules (pure)', () => {
  it('months and quarters roll over the year; a first record is owed in the period the kind was registered', async () => {
    const { calendarPeriod, maintenanceDue, integrityRate, expiryOf } = await import('../../src/features/facilities/rules.ts');
    expect(calendarPeriod('quarterly', '2026-12-15')).toEqual({ key: '2026-Q4', startsOn: '2026-10-01', endsOn: '2026-12-31' });
    expect(calendarPeriod('monthly', '2028-02-10')).toEqual({ key: '2028-02', startsOn: '2028-02-01', endsOn: '2028-02-29' });
    expect(maintenanceDue({ frequency: 'quarterly', lastOn: '2026-12-31', registeredOn: '2026-01-01', today: '2027-01-01' })).toEqual({
      status: 'due',
      dueOn: '2027-03-31',
      periodKey: '2027-Q1',
    });
    expect(maintenanceDue({ frequency: 'monthly', lastOn: null, registeredOn: '2026-09-30', today: '2026-11-02' })).toEqual({
      status: 'overdue',
      dueOn: '2026-09-30',
      periodKey: '2026-09',
    });
    expect(maintenanceDue({ frequency: 'monthly', lastOn: '2026-08-15', registeredOn: '2026-01-01', today: '2026-11-02' })).toEqual({
      status: 'overdue',
      dueOn: '2026-09-30',
      periodKey: '2026-09',
    });
    expect(integrityRate({ working: 2, faulty: 1, missing: 0 })).toBe(0.6667);
    expect(expiryOf('2026-12-31', '2026-12-01')).toBe('expiring');
  });
});
