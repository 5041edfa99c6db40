import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Maintenance records (维保记录) end to end: a property manager uploads a record with the
 * contractor's PDF, the street's station reviews it (accept; return, resubmit, accept), an
 * accepted "normal" record (only then, and never for a missing facility) or a submitted fault
 * feeds the facility register, a fault opens exactly one hazard, a "normal" that an open
 * hazard or a failed inspection contradicts is flagged, records come due and overdue on a
 * controlled clock, and a company touches nothing of another company's.
 */
let world: TestWorld;
let now = new Date('2026-11-24T02:00:00Z'); // 10:00 on 24 November in Shanghai
let demoA: string;
let companyA: string;
let companyB: string;
let gardenA: string; // 东湖花园小区 (A, in the demo station's street)
let homesB: string; // 东湖家园小区 (B, same community)
let westA: string; // 西山花园小区 (A, another street)
let southA: string; // 南溪花园小区 (A)
let building1: string;
let building2: string;
const fac: Record<string, string> = {};
const s: Record<string, Session> = {};
const TABLES = [
  'maintenance_records',
  'facilities',
  'hazards',
  'hazard_parties',
  'timeline_events',
  'evidence',
  'maintenance_policies',
] as const;

async function refresh() {
  for (const role of ['committee_admin', 'station_staff', 'community_staff', 'grid_member', 'property_manager', 'department_staff']) {
    s[role] = await login(world, 'demo-a', role);
  }
  s.pmB = await login(world, 'demo-a', 'pm_b');
  s.stationPm = await login(world, 'demo-a', 'station_pm');
  s.other = await login(world, 'demo-b', 'committee_admin');
  s.otherPm = await login(world, 'demo-b', 'property_manager');
}

const one = async (sql: string, params: unknown[]) => (await world.admin(sql, params))[0]!.id as string;

async function fileFor(username: string, contentType: 'image/jpeg' | 'application/pdf'): Promise<string> {
  const user = await one("select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = 'demo-a' and u.username = $1", [
    username,
  ]);
  const id = crypto.randomUUID();
  await world.admin(
    `insert into evidence (id, tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, confirmed_at)
     values ($1, $2, $3, $4, $5, 1000, $6, 'confirmed', $7, now())`,
    [
      id,
      demoA,
      `tenants/${demoA}/evidence/test/${id}`,
      contentType === 'application/pdf' ? '维保检测报告.pdf' : 'photo.jpg',
      contentType,
      'c'.repeat(64),
      user,
    ],
  );
  return id;
}

async function addUser(username: string, roles: { role: string; orgUnitId?: string; companyId?: string }[]) {
  const id = await one(
    `insert into users (tenant_id, username, display_name, password_hash)
     select tenant_id, $2, $2, password_hash from users where tenant_id = $1 and username = 'property_manager' returning id`,
    [demoA, username],
  );
  for (const r of roles) {
    await world.admin('insert into role_assignments (tenant_id, user_id, role, org_unit_id, company_id) values ($1, $2, $3, $4, $5)', [
      demoA,
      id,
      r.role,
      r.orgUnitId ?? null,
      r.companyId ?? null,
    ]);
  }
}

const CHECKS_OK = [
  { item: '出水压力（≥0.14MPa）', result: 'ok', note: '0.25MPa' },
  { item: '栓口、阀门无锈蚀渗漏', result: 'ok', note: null },
];

const submit = (session: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(world, { ...session, headers: { ...session.headers, ...headers } }, 'POST', '/api/v1/maintenance-records', {
    orgUnitId: gardenA,
    kind: 'hydrant',
    performedOn: '2026-11-20',
    checks: CHECKS_OK,
    result: 'normal',
    contractor: '示范消防设施维保有限公司',
    ...body,
  });
const act = (session: Session, id: string, body: Record<string, unknown>) =>
  call(world, session, 'POST', `/api/v1/maintenance-records/${id}/transitions`, body);
const get = (session: Session, id: string) => call(world, session, 'GET', `/api/v1/maintenance-records/${id}`);
const facility = async (orgUnitId: string, kind: string, count: number) => {
  const res = await call(world, s.property_manager!, 'POST', '/api/v1/facilities', { orgUnitId, kind, count });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const facilityRow = async (id: string) =>
  (await world.admin('select status, last_maintained_on::text as last, version from facilities where id = $1', [id]))[0]!;
const categoryId = (code: string) => one('select id from hazard_categories where tenant_id = $1 and code = $2', [demoA, code]);

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  companyA = await one('select id from companies where tenant_id = $1 and name = $2', [demoA, '示范安居物业服务有限公司']);
  companyB = await one('select id from companies where tenant_id = $1 and name = $2', [demoA, '示范华庭物业管理有限公司']);
  gardenA = await orgUnitId(world, 'demo-a', '东湖花园小区');
  homesB = await orgUnitId(world, 'demo-a', '东湖家园小区');
  westA = await orgUnitId(world, 'demo-a', '西山花园小区');
  southA = await orgUnitId(world, 'demo-a', '南溪花园小区');
  building1 = await one("select id from org_units where parent_id = $1 and name = '1号楼'", [gardenA]);
  building2 = await one("select id from org_units where parent_id = $1 and name = '2号楼'", [gardenA]);
  await world.admin('insert into company_compounds (tenant_id, company_id, org_unit_id) values ($1, $2, $3)', [demoA, companyB, homesB]);
  const eastStreet = await orgUnitId(world, 'demo-a', '示范东湖街道');
  await addUser('pm_b', [{ role: 'property_manager', companyId: companyB }]);
  // A station member who also works for company A: reviews the street, never A's own records.
  await addUser('station_pm', [
    { role: 'station_staff', orgUnitId: eastStreet },
    { role: 'property_manager', companyId: companyA },
  ]);
  await refresh();
  fac.hydrants = await facility(gardenA, 'hydrant', 4);
  fac.extinguishers1 = await facility(building1, 'extinguisher', 18);
  fac.extinguishers2 = await facility(building2, 'extinguisher', 12);
  fac.smoke = await facility(building2, 'smoke_alarm', 6);
  fac.westHydrants = await facility(westA, 'hydrant', 2);
});
afterAll(() => world?.close());

describe('uploading and reviewing a record', () => {
  let id: string;
  let pdf: string;

  it('a property manager uploads a record with the contractor’s PDF; the register waits for the review', async () => {
    pdf = await fileFor('property_manager', 'application/pdf');
    const photo = await fileFor('property_manager', 'image/jpeg');
    const res = await submit(s.property_manager!, { evidenceIds: [pdf, photo], note: '11月消火栓月度维保' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    expect(res.body).toMatchObject({
      companyId: companyA,
      companyName: '示范安居物业服务有限公司',
      orgUnitId: gardenA,
      compoundName: '东湖花园小区',
      kind: 'hydrant',
      state: 'submitted',
      result: 'normal',
      conflict: null,
      hazardId: null,
      availableActions: [],
      returnReason: null,
    });
    expect(res.body.evidence.map((e: { id: string; stage: string; contentType: string }) => [e.id, e.stage])).toEqual([
      [pdf, 'work'],
      [photo, 'work'],
    ]);
    expect(await facilityRow(fac.hydrants!)).toEqual({ status: 'working', last: null, version: 1 }); // submitted only
    const tl = await call(world, s.property_manager!, 'GET', `/api/v1/maintenance-records/${id}/timeline`);
    expect(tl.body.items).toHaveLength(1);
    expect(tl.body.items[0]).toMatchObject({ action: 'submit', fromState: null, toState: 'submitted', evidenceIds: [pdf, photo] });
    expect(tl.body.items[0].data.files).toEqual([
      { id: pdf, sha256: 'c'.repeat(64) },
      { id: photo, sha256: 'c'.repeat(64) },
    ]);
    expect((await call(world, s.property_manager!, 'GET', `/api/v1/maintenance-records/${id}/timeline/verify`)).body).toMatchObject({
      valid: true,
      events: 1,
    });
  });

  it('is seen by the company, the street and the district; not by another company or district', async () => {
    expect((await get(s.station_staff!, id)).body.availableActions).toEqual(['accept', 'return']);
    expect((await get(s.committee_admin!, id)).body.availableActions).toEqual(['accept', 'return']);
    expect((await get(s.community_staff!, id)).body.availableActions).toEqual([]);
    expect((await get(s.department_staff!, id)).status).toBe(200);
    expectProblem(await get(s.pmB!, id), 404, 'not_found');
    expectProblem(await get(s.other!, id), 404, 'not_found');
    expectProblem(await call(world, s.pmB!, 'GET', `/api/v1/maintenance-records/${id}/timeline`), 404, 'not_found');
    expectProblem(await act(s.pmB!, id, { action: 'accept', version: 1 }), 404, 'not_found');
    expectProblem(await get(s.grid_member!, id), 403, 'forbidden');
    // The files are exactly as visible as the record.
    expect((await call(world, s.station_staff!, 'GET', `/api/v1/evidence/${pdf}`)).status).toBe(200);
    expectProblem(await call(world, s.pmB!, 'GET', `/api/v1/evidence/${pdf}`), 404, 'not_found');
    expectProblem(await call(world, s.other!, 'GET', `/api/v1/evidence/${pdf}`), 404, 'not_found');
    const listB = await call(world, s.pmB!, 'GET', '/api/v1/maintenance-records?limit=200');
    expect(listB.body.items).toEqual([]);
    const review = await call(world, s.station_staff!, 'GET', '/api/v1/maintenance-records?toReview=true&limit=200');
    expect(review.body.items.map((r: { id: string }) => r.id)).toContain(id);
    const notMine = await call(world, s.stationPm!, 'GET', '/api/v1/maintenance-records?toReview=true&limit=200');
    expect(notMine.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it('the company never reviews its own record, not even through a station assignment', async () => {
    const company = await act(s.property_manager!, id, { action: 'accept', version: 1 });
    expect(expectProblem(company, 403, 'not_your_role').params).toEqual({ subject: 'maintenance_record', action: 'accept' });
    expect((await get(s.stationPm!, id)).body.availableActions).toEqual([]);
    const refused = await act(s.stationPm!, id, { action: 'accept', version: 1 });
    expectProblem(refused, 403, 'not_independent');
    expect(refused.body.params).toEqual({ subject: 'maintenance_record', action: 'accept' });
    expect(refused.body.detail).toMatch(/不能审核本企业/);
  });

  it('the station accepts it; now it feeds the register', async () => {
    const ok = await act(s.station_staff!, id, { action: 'accept', version: 1, note: '资料齐全' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ state: 'accepted', version: 2, availableActions: [] });
    expect(await facilityRow(fac.hydrants!)).toEqual({ status: 'working', last: '2026-11-20', version: 2 });
    expect((await facilityRow(fac.westHydrants!)).last).toBeNull(); // another compound: untouched
    const late = await act(s.station_staff!, id, { action: 'return', version: 2, reason: '再退一次' });
    expect(expectProblem(late, 409, 'action_not_allowed_in_state').params).toEqual({
      subject: 'maintenance_record',
      action: 'return',
      state: 'accepted',
    });
    expect((await call(world, s.station_staff!, 'GET', `/api/v1/maintenance-records/${id}/timeline/verify`)).body).toMatchObject({
      valid: true,
      events: 2,
    });
  });

  it('is returned with a reason, resubmitted with what was missing, then accepted', async () => {
    const res = await submit(s.property_manager!, {
      kind: 'smoke_alarm',
      facilityId: fac.smoke,
      checks: [{ item: '烟感报警测试', result: 'ok' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const rid = res.body.id;
    const ret = await act(s.station_staff!, rid, { action: 'return', version: 1, reason: '缺少维保单位出具的检测报告（PDF）' });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    expect(ret.body).toMatchObject({ state: 'returned', returnReason: '缺少维保单位出具的检测报告（PDF）' });
    expect((await get(s.property_manager!, rid)).body.availableActions).toEqual(['resubmit']);
    expectProblem(await act(s.station_staff!, rid, { action: 'resubmit', version: 2, note: '补充' }), 403, 'not_your_role');
    const stale = await act(s.property_manager!, rid, { action: 'resubmit', version: 1, note: '补充' });
    expect(expectProblem(stale, 409, 'version_conflict').params).toMatchObject({ resource: 'maintenance_record' });
    const report = await fileFor('property_manager', 'application/pdf');
    const again = await act(s.property_manager!, rid, { action: 'resubmit', version: 2, note: '已补充检测报告', evidenceIds: [report] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ state: 'submitted', returnReason: null });
    expect(again.body.evidence.map((e: { id: string }) => e.id)).toEqual([report]);
    const ok = await act(s.station_staff!, rid, { action: 'accept', version: 3 });
    expect(ok.body.state).toBe('accepted');
    const tl = await call(world, s.property_manager!, 'GET', `/api/v1/maintenance-records/${rid}/timeline`);
    expect(tl.body.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'return', 'resubmit', 'accept']);
    expect((await call(world, s.property_manager!, 'GET', `/api/v1/maintenance-records/${rid}/timeline/verify`)).body).toMatchObject({
      valid: true,
      events: 4,
    });
    const accepted = await call(world, s.property_manager!, 'GET', '/api/v1/maintenance-records?state=accepted&limit=200');
    expect(accepted.body.items.map((r: { id: string }) => r.id).sort()).toEqual([id, rid].sort());
  });

  it('lets exactly one of 10 concurrent reviews win', async () => {
    const res = await submit(s.property_manager!, { performedOn: '2026-11-21' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        act(
          s.station_staff!,
          res.body.id,
          i % 2 ? { action: 'accept', version: 1 } : { action: 'return', version: 1, reason: `第${i}次退回` },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });
});

describe('a fault', () => {
  let recordId: string;
  let hazardId: string;

  it('opens exactly one hazard (source maintenance) and marks the facility faulty, once for retries', async () => {
    const key = crypto.randomUUID();
    const body = {
      kind: 'extinguisher',
      facilityId: fac.extinguishers1,
      checks: [
        { item: '压力表指针在绿区', result: 'fault', note: '3具压力不足' },
        { item: '瓶身无锈蚀', result: 'ok' },
      ],
      result: 'fault',
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => submit(s.property_manager!, body, { 'idempotency-key': key })));
    for (const r of results) expect([201, 409]).toContain(r.status);
    const first = results.find((r) => r.status === 201)!;
    recordId = first.body.id;
    hazardId = first.body.hazardId;
    expect(hazardId).toEqual(expect.any(String));
    const replay = await submit(s.property_manager!, body, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(recordId);
    const records = await world.admin("select count(*)::int as n from maintenance_records where tenant_id = $1 and result = 'fault'", [
      demoA,
    ]);
    expect(records[0]!.n).toBe(1);
    const made = await world.admin(
      `select h.id, h.source::text, c.code, h.org_unit_id, h.state::text, h.reporter_id = m.submitted_by as by_submitter, h.description
       from hazards h join hazard_categories c on c.id = h.category_id join maintenance_records m on m.hazard_id = h.id where h.tenant_id = $1 and h.source = 'maintenance'`,
      [demoA],
    );
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      id: hazardId,
      source: 'maintenance',
      code: 'extinguisher',
      org_unit_id: building1,
      state: 'reported',
      by_submitter: true,
    });
    expect(made[0]!.description).toMatch(/压力表指针在绿区（3具压力不足）/);
    expect((await facilityRow(fac.extinguishers1!)).status).toBe('faulty');
    expect((await facilityRow(fac.extinguishers2!)).status).toBe('working'); // the record named one facility
    expect((await call(world, s.property_manager!, 'GET', `/api/v1/hazards/${hazardId}`)).status).toBe(200);
    expect(
      (await call(world, s.property_manager!, 'GET', `/api/v1/maintenance-records/${recordId}/timeline`)).body.items[0].data.hazardId,
    ).toBe(hazardId);
  });

  it('once routed to the company, shows among its open hazards with the deadline', async () => {
    const h = await call(world, s.station_staff!, 'GET', `/api/v1/hazards/${hazardId}`);
    const routed = await call(world, s.station_staff!, 'POST', `/api/v1/hazards/${hazardId}/transitions`, {
      action: 'route',
      version: h.body.version,
      lead: { kind: 'company', companyId: companyA },
    });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    const overview = await call(world, s.property_manager!, 'GET', `/api/v1/companies/${companyA}/overview`);
    expect(overview.status, JSON.stringify(overview.body)).toBe(200);
    expect(overview.body.openHazards).toEqual([
      expect.objectContaining({
        id: hazardId,
        state: 'routed',
        respondBy: routed.body.respondBy,
        dueAt: routed.body.dueAt,
        overdue: false,
        categoryName: '灭火器缺失或过期',
      }),
    ]);
    expect(routed.body.dueAt).toEqual(expect.any(String));
    expect(overview.body.recentRecords).toContainEqual(
      expect.objectContaining({ id: recordId, result: 'fault', state: 'submitted', conflict: false }),
    );
    const byName = Object.fromEntries(overview.body.compounds.map((k: { name: string }) => [k.name, k]));
    // 4 hydrants + 12 extinguishers working, 18 extinguishers faulty, 6 smoke alarms working: 22 / 40.
    expect(byName.东湖花园小区).toMatchObject({ working: 22, faulty: 18, missing: 0, integrityRate: 0.55 });
    const b = await call(world, s.pmB!, 'GET', `/api/v1/companies/${companyB}/overview`);
    expect(b.body.openHazards).toEqual([]);
    expect(b.body.recentRecords).toEqual([]);
  });
});

describe('conflicts', () => {
  it('a "normal" record against an open hydrant hazard in the compound is flagged', async () => {
    const reported = await call(world, s.grid_member!, 'POST', '/api/v1/hazards', {
      categoryId: await categoryId('hydrant'),
      orgUnitId: building2,
      description: '2号楼旁消火栓无水',
      severity: 'general',
    });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    const res = await submit(s.property_manager!, { performedOn: '2026-11-23' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.conflict).toEqual({ hazardIds: [reported.body.id], inspectionIds: [] });
    const hydrants = await facilityRow(fac.hydrants!);
    expect(hydrants.last).not.toBe('2026-11-23'); // the register waits for the station's review
    const flagged = await call(world, s.committee_admin!, 'GET', '/api/v1/maintenance-records?conflict=true&limit=200');
    expect(flagged.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    const clean = await call(world, s.committee_admin!, 'GET', '/api/v1/maintenance-records?conflict=false&limit=200');
    expect(clean.body.items.map((r: { id: string }) => r.id)).not.toContain(res.body.id);
    // The same "normal" elsewhere contradicts nothing.
    const west = await submit(s.property_manager!, { orgUnitId: westA, facilityId: fac.westHydrants });
    expect(west.body.conflict).toBeNull();
    expect(await facilityRow(fac.westHydrants!)).toMatchObject({ status: 'working', last: null });
    expect((await act(s.committee_admin!, west.body.id, { action: 'accept', version: 1 })).status).toBe(200);
    expect(await facilityRow(fac.westHydrants!)).toMatchObject({ status: 'working', last: '2026-11-20' });
    expect(await facilityRow(fac.hydrants!)).toEqual(hydrants);
  });

  it('a "normal" record of a kind whose own fault is still open is flagged; the facility stays faulty until accepted', async () => {
    const res = await submit(s.property_manager!, { kind: 'extinguisher', facilityId: fac.extinguishers1, performedOn: '2026-11-24' });
    expect(res.body.conflict.hazardIds).toHaveLength(1);
    expect(await facilityRow(fac.extinguishers1!)).toMatchObject({ status: 'faulty', last: '2026-11-20' });
    const ok = await act(s.station_staff!, res.body.id, { action: 'accept', version: 1, note: '已现场核实' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await facilityRow(fac.extinguishers1!)).toMatchObject({ status: 'working', last: '2026-11-24' });
    // An older record no longer moves the register back.
    const older = await submit(s.property_manager!, {
      kind: 'extinguisher',
      facilityId: fac.extinguishers1,
      performedOn: '2026-11-01',
      checks: [{ item: '压力表', result: 'fault' }],
      result: 'fault',
    });
    expect(older.status).toBe(201);
    expect(await facilityRow(fac.extinguishers1!)).toMatchObject({ status: 'working', last: '2026-11-24' });
  });

  it('a failed inspection item of the category in the last 30 days flags a "normal" record there', async () => {
    const template = await one(
      "insert into inspection_templates (tenant_id, code, name, target) values ($1, 'test-maint', '测试检查表', 'high_rise_compound') returning id",
      [demoA],
    );
    const items = [
      { key: 'smoke', category: 'smoke_alarm', text: '烟感完好', hint: '', photoRequired: false, weight: 1, severity: 'general' },
    ];
    const version = await one(
      'insert into inspection_template_versions (tenant_id, template_id, number, items) values ($1, $2, 1, $3) returning id',
      [demoA, template, JSON.stringify(items)],
    );
    const inspect = async (orgUnit: string, completedAt: string) => {
      const id = await one(
        "insert into inspections (tenant_id, template_version_id, kind, org_unit_id, status, completed_at) values ($1, $2, 'ad_hoc', $3, 'completed', $4) returning id",
        [demoA, version, orgUnit, completedAt],
      );
      await world.admin("insert into inspection_results (tenant_id, inspection_id, item_key, result) values ($1, $2, 'smoke', 'fail')", [
        demoA,
        id,
      ]);
      return id;
    };
    const recent = await inspect(southA, '2026-11-19T02:00:00Z');
    await inspect(westA, '2026-10-20T02:00:00Z'); // 35 days ago: no longer counts
    const south = await submit(s.property_manager!, {
      orgUnitId: southA,
      kind: 'smoke_alarm',
      checks: [{ item: '烟感报警测试', result: 'ok' }],
    });
    expect(south.body.conflict).toEqual({ hazardIds: [], inspectionIds: [recent] });
    const west = await submit(s.property_manager!, {
      orgUnitId: westA,
      kind: 'smoke_alarm',
      checks: [{ item: '烟感报警测试', result: 'ok' }],
    });
    expect(west.body.conflict).toBeNull();
    // A hydrant says nothing about smoke alarms.
    const hydrant = await submit(s.property_manager!, { orgUnitId: southA });
    expect(hydrant.body.conflict).toBeNull();
  });
});

describe('the register takes the reviewer’s word, not the company’s', () => {
  const LIGHT = [{ item: '应急照明切换测试', result: 'ok' }];
  const add = async (orgUnitId: string, kind: string, count: number, status: string) => {
    const res = await call(world, s.property_manager!, 'POST', '/api/v1/facilities', { orgUnitId, kind, count, status });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  it('a returned "normal" record changes nothing; resubmitted, it still waits; accepted, it counts', async () => {
    const lights = await add(building2, 'emergency_light', 5, 'faulty');
    const res = await submit(s.property_manager!, { kind: 'emergency_light', checks: LIGHT });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await facilityRow(lights)).toEqual({ status: 'faulty', last: null, version: 1 });
    expect((await act(s.station_staff!, res.body.id, { action: 'return', version: 1, reason: '照片与设施不符' })).status).toBe(200);
    expect(await facilityRow(lights)).toEqual({ status: 'faulty', last: null, version: 1 });
    expect((await act(s.property_manager!, res.body.id, { action: 'resubmit', version: 2, note: '已重拍' })).status).toBe(200);
    expect(await facilityRow(lights)).toEqual({ status: 'faulty', last: null, version: 1 });
    expect((await act(s.station_staff!, res.body.id, { action: 'accept', version: 3 })).status).toBe(200);
    expect(await facilityRow(lights)).toEqual({ status: 'working', last: '2026-11-20', version: 2 });
  });

  it('a missing facility stays missing, accepted record or not; the station says when it is back', async () => {
    const missing = await add(building1, 'exit_sign', 3, 'missing');
    const faulty = await add(building2, 'exit_sign', 4, 'faulty');
    const res = await submit(s.property_manager!, { kind: 'exit_sign', checks: [{ item: '疏散指示标志亮度', result: 'ok' }] });
    expect((await act(s.station_staff!, res.body.id, { action: 'accept', version: 1 })).status).toBe(200);
    expect(await facilityRow(missing)).toEqual({ status: 'missing', last: null, version: 1 });
    expect(await facilityRow(faulty)).toEqual({ status: 'working', last: '2026-11-20', version: 2 });
    // Nor may the company mark it working itself; the station may.
    const refused = await call(world, s.property_manager!, 'PATCH', `/api/v1/facilities/${missing}`, { version: 1, status: 'working' });
    expectProblem(refused, 400, 'facility_fields_restricted');
    expect(refused.body.errors).toEqual([{ path: 'status', code: 'facility_fields_restricted', message: expect.any(String) }]);
    expectProblem(await call(world, s.property_manager!, 'DELETE', `/api/v1/facilities/${missing}`), 403, 'forbidden');
    const back = await call(world, s.station_staff!, 'PATCH', `/api/v1/facilities/${missing}`, { version: 1, status: 'working' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.status).toBe('working');
  });
});

describe('records due and overdue', () => {
  const due = async (session: Session, query = `orgUnitId=${southA}`) => {
    const res = await call(world, session, 'GET', `/api/v1/maintenance-records/due?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as {
      kind: string;
      status: string;
      dueOn: string;
      periodKey: string;
      lastPerformedOn: string | null;
      compoundId: string;
    }[];
  };
  const pick = (rows: Awaited<ReturnType<typeof due>>) =>
    Object.fromEntries(rows.map((r) => [r.kind, { status: r.status, dueOn: r.dueOn, periodKey: r.periodKey, last: r.lastPerformedOn }]));

  it('follow the register and the district’s frequencies on its calendar', async () => {
    // Registered on 2026-11-24; the hydrant record of 2026-11-20 above (南溪花园小区) counts.
    await facility(southA, 'hydrant', 3);
    await facility(southA, 'sprinkler', 1);
    expect(pick(await due(s.property_manager!))).toEqual({
      hydrant: { status: 'ok', dueOn: '2026-12-31', periodKey: '2026-11', last: '2026-11-20' },
      sprinkler: { status: 'due', dueOn: '2026-12-31', periodKey: '2026-Q4', last: null },
    });

    now = new Date('2027-01-05T02:00:00Z');
    await refresh();
    expect(pick(await due(s.property_manager!))).toEqual({
      hydrant: { status: 'overdue', dueOn: '2026-12-31', periodKey: '2026-12', last: '2026-11-20' },
      sprinkler: { status: 'overdue', dueOn: '2026-12-31', periodKey: '2026-Q4', last: null },
    });
    expect((await due(s.property_manager!, `orgUnitId=${southA}&status=overdue`)).map((r) => r.kind)).toEqual(['hydrant', 'sprinkler']);
    const overview = await call(world, s.property_manager!, 'GET', `/api/v1/companies/${companyA}/overview`);
    expect(
      overview.body.due
        .filter((r: { compoundId: string }) => r.compoundId === southA)
        .map((r: { kind: string; status: string }) => [r.kind, r.status]),
    ).toEqual([
      ['hydrant', 'overdue'],
      ['sprinkler', 'overdue'],
    ]);

    // A returned record does not count; resubmitted, it does.
    const sprinkler = await submit(s.property_manager!, {
      orgUnitId: southA,
      kind: 'sprinkler',
      performedOn: '2027-01-04',
      checks: [{ item: '末端试水', result: 'ok' }],
    });
    expect(sprinkler.status, JSON.stringify(sprinkler.body)).toBe(201);
    expect(pick(await due(s.property_manager!)).sprinkler).toEqual({
      status: 'ok',
      dueOn: '2027-06-30',
      periodKey: '2027-Q1',
      last: '2027-01-04',
    });
    await act(s.committee_admin!, sprinkler.body.id, { action: 'return', version: 1, reason: '照片不清晰' });
    expect(pick(await due(s.property_manager!)).sprinkler!.status).toBe('overdue');
    await act(s.property_manager!, sprinkler.body.id, { action: 'resubmit', version: 2, note: '已重拍' });
    expect(pick(await due(s.property_manager!)).sprinkler!.status).toBe('ok');

    // Hydrants maintained quarterly: November's record covers 2026-Q4, 2027-Q1 is due by March.
    const put = await call(world, s.committee_admin!, 'PUT', '/api/v1/maintenance-policies', { frequencies: { hydrant: 'quarterly' } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.items.find((p: { kind: string }) => p.kind === 'hydrant')).toEqual({
      kind: 'hydrant',
      frequency: 'quarterly',
      isDefault: false,
    });
    expect(put.body.items.find((p: { kind: string }) => p.kind === 'extinguisher')).toEqual({
      kind: 'extinguisher',
      frequency: 'monthly',
      isDefault: true,
    });
    expect(pick(await due(s.property_manager!)).hydrant).toEqual({
      status: 'due',
      dueOn: '2027-03-31',
      periodKey: '2027-Q1',
      last: '2026-11-20',
    });

    // Another company sees none of A's compounds.
    expect(await due(s.pmB!, '')).toEqual(expect.not.arrayContaining([expect.objectContaining({ compoundId: southA })]));
    expect((await due(s.pmB!, '')).every((r) => r.compoundId === homesB)).toBe(true);
    expect(await due(s.other!, '')).toEqual([]);
    now = new Date('2026-11-24T02:00:00Z');
    await refresh();
  });

  it('policies: the committee sets them, others read them; kinds left out go back to the default', async () => {
    const read = await call(world, s.property_manager!, 'GET', '/api/v1/maintenance-policies');
    expect(read.status).toBe(200);
    expect(read.body.items).toHaveLength(8);
    expectProblem(await call(world, s.station_staff!, 'PUT', '/api/v1/maintenance-policies', { frequencies: {} }), 403, 'forbidden');
    expectProblem(await call(world, s.property_manager!, 'PUT', '/api/v1/maintenance-policies', { frequencies: {} }), 403, 'forbidden');
    const before = await fingerprint(world, TABLES);
    const bad = await call(world, s.committee_admin!, 'PUT', '/api/v1/maintenance-policies', {
      frequencies: { hydrant: 'weekly', fountain: 'monthly' },
    });
    expectProblem(bad, 400, 'validation_failed');
    expect(await fingerprint(world, TABLES)).toEqual(before);
    const reset = await call(world, s.committee_admin!, 'PUT', '/api/v1/maintenance-policies', { frequencies: {} });
    expect(reset.body.items.every((p: { isDefault: boolean }) => p.isDefault)).toBe(true);
    expect(reset.body.items.find((p: { kind: string }) => p.kind === 'control_room').frequency).toBe('quarterly');
    const other = await call(world, s.other!, 'GET', '/api/v1/maintenance-policies');
    expect(other.body.items.every((p: { isDefault: boolean }) => p.isDefault)).toBe(true);
  });
});

describe('refusals', () => {
  it('refuse bad input with field paths, other companies’ compounds and facilities as not found, writing nothing', async () => {
    const before = await fingerprint(world, TABLES);
    const bad = await submit(s.property_manager!, {
      kind: 'fountain',
      checks: [],
      result: 'fault',
      colour: 'red',
      performedOn: '2026-13-01',
    });
    expectProblem(bad, 400, 'validation_failed');
    expect((bad.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(['kind', 'checks', 'colour', 'performedOn']),
    );
    const inconsistent = await submit(s.property_manager!, { result: 'fault' });
    expectProblem(inconsistent, 400, 'validation_failed');
    expect(inconsistent.body.errors).toEqual([
      { path: 'result', code: 'maintenance_result_mismatch', message: '没有故障检查项，结论须为 normal（正常）' },
    ]);
    const many = await submit(s.property_manager!, { checks: Array.from({ length: 51 }, (_, i) => ({ item: `第${i}项`, result: 'ok' })) });
    expectProblem(many, 400, 'validation_failed');
    expect(many.body.errors.map((e: { path: string }) => e.path)).toEqual(['checks']);
    const future = await submit(s.property_manager!, { performedOn: '2026-11-25' });
    expect(expectProblem(future, 400, 'date_after_today').params).toEqual({ today: '2026-11-24' });
    expect(future.body.errors).toEqual([{ path: 'performedOn', code: 'date_after_today', message: expect.any(String) }]);
    const theirs = await submit(s.property_manager!, { orgUnitId: homesB });
    expect(expectProblem(theirs, 404, 'not_found').params).toEqual({ resource: 'managed_compound' });
    expect(theirs.body.errors).toEqual([{ path: 'orgUnitId', code: 'not_found', message: '本企业所管小区不存在或不在您的管辖范围内' }]);
    expectProblem(await submit(s.pmB!, {}), 404, 'not_found'); // B into A's compound, next door
    expectProblem(await submit(s.property_manager!, { orgUnitId: building1 }), 404, 'not_found'); // a building is no compound
    const elsewhere = await submit(s.property_manager!, { facilityId: fac.westHydrants });
    expect(expectProblem(elsewhere, 404, 'not_found').params).toEqual({ resource: 'facility' });
    expect(elsewhere.body.errors).toEqual([{ path: 'facilityId', code: 'not_found', message: expect.any(String) }]);
    const kind = await submit(s.property_manager!, { facilityId: fac.smoke });
    expect(expectProblem(kind, 400, 'facility_kind_mismatch').params).toEqual({ kind: 'smoke_alarm' });
    expect(kind.body.errors).toEqual([
      { path: 'kind', code: 'facility_kind_mismatch', message: expect.stringContaining('独立式烟感报警器') },
    ]);
    // Someone else's file: a fault record refused whole, its hazard included.
    const notMine = await fileFor('station_staff', 'application/pdf');
    const stolen = await submit(s.property_manager!, {
      kind: 'hydrant',
      checks: [{ item: '压力', result: 'fault' }],
      result: 'fault',
      evidenceIds: [notMine],
    });
    expect(expectProblem(stolen, 404, 'evidence_unusable').params).toEqual({ evidenceIds: [notMine] });
    expect(stolen.body.errors).toEqual([{ path: 'evidenceIds.0', code: 'evidence_unusable', message: expect.any(String) }]);
    const afterFile = await fingerprint(world, TABLES);
    expect({ ...afterFile, evidence: before.evidence }).toEqual(before); // only the test's own file row was added
    // A fault needs a hazard category to be reported under: its kind's own, else 其他.
    await world.admin("update hazard_categories set active = false where tenant_id = $1 and code in ('hydrant', 'other')", [demoA]);
    const uncategorised = await submit(s.property_manager!, { checks: [{ item: '压力', result: 'fault' }], result: 'fault' });
    await world.admin("update hazard_categories set active = true where tenant_id = $1 and code in ('hydrant', 'other')", [demoA]);
    expect(expectProblem(uncategorised, 409, 'fault_category_unavailable').params).toEqual({ category: 'hydrant' });
    expect(uncategorised.body.detail).toContain('“hydrant”或“其他”');
    expect(await fingerprint(world, TABLES)).toEqual(afterFile);
    expectProblem(await submit(s.station_staff!, {}), 403, 'forbidden');
    expectProblem(await submit(s.committee_admin!, {}), 403, 'forbidden');
    expectProblem(await submit(s.other!, {}), 403, 'forbidden');
    // Another district's property manager, naming this district's compound and facility.
    const foreign = await submit(s.otherPm!, { facilityId: fac.hydrants });
    expectProblem(foreign, 404, 'not_found');
    expect(foreign.body.errors).toEqual([{ path: 'orgUnitId', code: 'not_found', message: expect.any(String) }]);
    expectProblem(await call(world, s.otherPm!, 'GET', `/api/v1/facilities/${fac.hydrants}`), 404, 'not_found');
    expectProblem(await call(world, s.otherPm!, 'GET', `/api/v1/companies/${companyA}/overview`), 404, 'not_found');
    const anyRecord = (
      await world.admin("select id, version from maintenance_records where tenant_id = $1 and state = 'submitted' limit 1", [demoA])
    )[0]!;
    expectProblem(
      await act(s.station_staff!, anyRecord.id as string, { action: 'return', version: anyRecord.version }),
      400,
      'validation_failed',
    );
    expectProblem(
      await act(s.station_staff!, anyRecord.id as string, { action: 'accept', version: anyRecord.version, evidenceIds: [] }),
      400,
      'validation_failed',
    );
    // A facility its records point at stays in the register; a company deletes none anyway.
    expectProblem(await call(world, s.property_manager!, 'DELETE', `/api/v1/facilities/${fac.smoke}`), 403, 'forbidden');
    const kept = await call(world, s.station_staff!, 'DELETE', `/api/v1/facilities/${fac.smoke}`);
    expect(expectProblem(kept, 409, 'facility_has_maintenance_records').detail).toContain('缺失');
    expect(await fingerprint(world, TABLES)).toEqual(afterFile);
  });

  it('performedOn lies within the last 366 days of the district’s calendar', async () => {
    const before = await fingerprint(world, TABLES);
    // Before the supported years: the schema refuses it.
    const ancient = await submit(s.property_manager!, { performedOn: '1990-01-01' });
    expect(expectProblem(ancient, 400, 'validation_failed').errors).toEqual([
      { path: 'performedOn', code: 'date_format', message: expect.any(String) },
    ]);
    const old = await submit(s.property_manager!, { performedOn: '2025-11-22' });
    expect(expectProblem(old, 400, 'maintenance_date_too_old').params).toEqual({ days: 366, earliest: '2025-11-23' });
    expect(old.body.errors).toEqual([
      { path: 'performedOn', code: 'maintenance_date_too_old', message: '维保日期不能早于 366 天前（2025-11-23）' },
    ]);
    expect(await fingerprint(world, TABLES)).toEqual(before);
    expect((await submit(s.property_manager!, { performedOn: '2025-11-23' })).status).toBe(201); // 366 days before 2026-11-24
    // 01:00 on the 25th in Shanghai: the district's day moves both bounds.
    now = new Date('2026-11-24T17:00:00Z');
    await refresh();
    expectProblem(await submit(s.property_manager!, { performedOn: '2025-11-23' }), 400, 'maintenance_date_too_old');
    expect((await submit(s.property_manager!, { performedOn: '2026-11-25' })).status).toBe(201);
    const tomorrow = await submit(s.property_manager!, { performedOn: '2026-11-26' });
    expect(expectProblem(tomorrow, 400, 'date_after_today').params).toEqual({ today: '2026-11-25' });
    now = new Date('2026-11-24T02:00:00Z');
    await refresh();
  });
});
