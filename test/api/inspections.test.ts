import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Inspections (检查) through the API: the default checklist templates and their versions, an ad hoc
 * inspection run item by item, completion that turns every failed item into exactly one hazard
 * (linked both ways, once, even under concurrent completes and retried keys), the score, scope
 * (a community inspects its own area; a property company reads its compounds' inspections; a
 * department what it ran or joined; another district nothing), and validation that writes nothing.
 */
let world: TestWorld;
const now = new Date('2026-11-24T02:00:00Z'); // 10:00 in Shanghai
let demoA: string;
const s: Record<string, Session> = {};
const id: Record<string, string> = {};
const INSPECTION_TABLES = [
  'inspection_templates',
  'inspection_template_versions',
  'inspections',
  'inspection_results',
  'hazards',
  'timeline_events',
  'evidence',
] as const;

type Answer = Awaited<ReturnType<typeof call>>;
const paths = (res: Answer) => ((res.body?.errors ?? []) as { path: string }[]).map((e) => e.path).sort();

async function photoOf(username: string): Promise<string> {
  const [user] = await world.admin(
    "select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = 'demo-a' and u.username = $1",
    [username],
  );
  const photo = crypto.randomUUID();
  await world.admin(
    `insert into evidence (id, tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, confirmed_at)
     values ($1, $2, $3, '现场照片.jpg', 'image/jpeg', 1000, $4, 'confirmed', $5, now())`,
    [photo, demoA, `tenants/${demoA}/evidence/test/${photo}`, 'c'.repeat(64), user!.id],
  );
  return photo;
}

const one = async (sql: string, params: unknown[] = [demoA]) => (await world.admin(sql, params))[0]!.id as string;

const start = (session: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(world, { ...session, headers: { ...session.headers, ...headers } }, 'POST', '/api/v1/inspections', body);
const record = (session: Session, inspection: string, key: string, body: Record<string, unknown>) =>
  call(world, session, 'PUT', `/api/v1/inspections/${inspection}/results/${key}`, body);
const complete = (session: Session, inspection: string, headers: Record<string, string> = {}) =>
  call(world, { ...session, headers: { ...session.headers, ...headers } }, 'POST', `/api/v1/inspections/${inspection}/complete`);
const get = (session: Session, inspection: string) => call(world, session, 'GET', `/api/v1/inspections/${inspection}`);

/** Records a result for every item: `pass` unless listed, photos for the failed items that need one. */
async function recordAll(session: Session, username: string, inspection: string, results: Record<string, 'fail' | 'na'> = {}) {
  const detail = await get(session, inspection);
  for (const item of detail.body.items as { key: string; photoRequired: boolean }[]) {
    const result = results[item.key] ?? 'pass';
    const body: Record<string, unknown> = { result };
    if (result === 'fail') {
      body.note = `${item.key} 现场发现问题`;
      if (item.photoRequired) body.evidenceIds = [await photoOf(username)];
    }
    const res = await record(session, inspection, item.key, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

const hazardsOf = async (inspection: string) =>
  world.admin(
    `select r.item_key, h.id, h.source, h.severity, h.description, h.reporter_id, c.code as category from inspection_results r
     join hazards h on h.id = r.hazard_id join hazard_categories c on c.id = h.category_id
     where r.inspection_id = $1 order by r.item_key`,
    [inspection],
  );

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  id.eastStreet = await orgUnitId(world, 'demo-a', '示范东湖街道');
  id.eastCommunity = await orgUnitId(world, 'demo-a', '东湖社区');
  id.eastGarden = await orgUnitId(world, 'demo-a', '东湖花园小区'); // managed by 示范安居物业 (the demo property_manager's company)
  id.eastHome = await orgUnitId(world, 'demo-a', '东湖家园小区'); // unmanaged
  id.qingtongGarden = await orgUnitId(world, 'demo-a', '青桐花园小区'); // the other company's, in the other community
  id.eastGardenBuilding = await one(
    "select b.id from org_units b join org_units c on c.id = b.parent_id where b.tenant_id = $1 and c.name = '东湖花园小区' and b.name = '1号楼'",
  );
  id.eastShop = await one(
    "select p.id from places p join org_units o on o.id = p.org_unit_id where p.tenant_id = $1 and o.name = '东湖社区' and p.type = 'nine_small' limit 1",
  );
  id.eastThreeInOne = await one(
    "select p.id from places p join org_units o on o.id = p.org_unit_id where p.tenant_id = $1 and o.name = '东湖社区' and p.type = 'three_in_one' limit 1",
  );
  id.qingtongShop = await one(
    "select p.id from places p join org_units o on o.id = p.org_unit_id where p.tenant_id = $1 and o.name = '青桐社区' and p.type = 'nine_small' limit 1",
  );
  id.market = await one("select id from departments where tenant_id = $1 and kind = 'market_regulation'");
  id.housing = await one("select id from departments where tenant_id = $1 and kind = 'housing'");
  for (const role of [
    'committee_admin',
    'committee_staff',
    'station_staff',
    'community_staff',
    'grid_member',
    'department_staff',
    'property_manager',
  ]) {
    s[role] = await login(world, 'demo-a', role);
  }
  s.other = await login(world, 'demo-b', 'committee_admin');
});
afterAll(() => world?.close());

describe('checklist templates', () => {
  it('gives a district the default templates on first read, once, with realistic items', async () => {
    expect((await world.admin('select count(*)::int as n from inspection_templates where tenant_id = $1', [demoA]))[0]!.n).toBe(0);
    const res = await call(world, s.station_staff!, 'GET', '/api/v1/inspection-templates');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((t: { code: string }) => t.code).sort()).toEqual([
      'ebike-charging',
      'high-rise-compound',
      'key-unit',
      'nine-small',
      'three-in-one',
      'unmanaged-compound',
    ]);
    const again = await call(world, s.property_manager!, 'GET', '/api/v1/inspection-templates?sort=createdAt&limit=3');
    expect(again.status).toBe(200);
    expect(again.body.items).toHaveLength(3);
    expect(again.body.nextCursor).not.toBeNull();
    const [counts] = await world.admin(
      `select (select count(*)::int from inspection_templates where tenant_id = $1) as templates,
              (select count(*)::int from inspection_template_versions where tenant_id = $1) as versions`,
      [demoA],
    );
    expect(counts).toEqual({ templates: 6, versions: 6 });

    const nineSmall = res.body.items.find((t: { code: string }) => t.code === 'nine-small');
    expect(nineSmall).toMatchObject({ target: 'nine_small', targetLabel: '九小场所', active: true, currentVersion: 1, version: 1 });
    id.nineSmall = nineSmall.id;
    id.highRise = res.body.items.find((t: { code: string }) => t.code === 'high-rise-compound').id;
    const detail = await call(world, s.community_staff!, 'GET', `/api/v1/inspection-templates/${id.highRise}`);
    expect(detail.status).toBe(200);
    const byKey = Object.fromEntries(detail.body.items.map((i: { key: string }) => [i.key, i]));
    expect(byKey.hydrant_water).toMatchObject({
      category: 'hydrant',
      photoRequired: true,
      severity: 'major',
      text: expect.stringContaining('消火栓有水且压力正常'),
    });
    expect(byKey.control_room.text).toContain('24小时');
    expect(byKey.ebike).toMatchObject({ category: 'ebike', text: expect.stringContaining('飞线充电') });

    expect(
      (await call(world, s.committee_admin!, 'GET', '/api/v1/inspection-templates?target=three_in_one')).body.items.map(
        (t: { code: string }) => t.code,
      ),
    ).toEqual(['three-in-one']);
    expectProblem(await call(world, s.grid_member!, 'GET', '/api/v1/inspection-templates'), 403, 'forbidden');
  });

  it('lets the committee create a template; others may not; bad checklists are 400 with field paths, writing nothing', async () => {
    const items = [
      { key: 'exits', category: 'escape_route', text: '安全出口畅通', photoRequired: true, weight: 60, severity: 'major' },
      { key: 'extinguishers', category: 'extinguisher', text: '灭火器在有效期内', weight: 40 },
    ];
    const created = await call(world, s.committee_staff!, 'POST', '/api/v1/inspection-templates', {
      code: 'street-shops',
      name: '沿街商铺检查表',
      target: 'nine_small',
      items,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ code: 'street-shops', currentVersion: 1, itemCount: 2 });
    expect(created.body.items[1]).toEqual({
      key: 'extinguishers',
      category: 'extinguisher',
      text: '灭火器在有效期内',
      hint: '',
      photoRequired: false,
      weight: 40,
      severity: 'general',
    });
    const audit = await world.admin('select action from audit_events where target_id = $1', [created.body.id]);
    expect(audit).toEqual([{ action: 'inspection_template.created' }]);
    const generated = await call(world, s.committee_admin!, 'POST', '/api/v1/inspection-templates', {
      name: '临时检查表',
      target: 'key_unit',
      items,
    });
    expect(generated.body.code).toMatch(/^custom-[0-9a-f]{8}$/);

    expectProblem(
      await call(world, s.station_staff!, 'POST', '/api/v1/inspection-templates', { name: '站点检查表', target: 'nine_small', items }),
      403,
      'forbidden',
    );
    const dup = await call(world, s.committee_admin!, 'POST', '/api/v1/inspection-templates', {
      code: 'nine-small',
      name: '重复代码',
      target: 'nine_small',
      items,
    });
    expect(expectProblem(dup, 409, 'already_exists').errors).toEqual([
      { path: 'code', code: 'already_exists', message: expect.any(String) },
    ]);
    expect(dup.body.params).toEqual({ field: 'code', resource: 'inspection_template' });

    const before = await fingerprint(world, INSPECTION_TABLES);
    const item = (extra: Record<string, unknown>) => ({ key: 'k1', category: 'fire_lane', text: '消防车通道畅通', weight: 10, ...extra });
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ['items', 'name', 'target']],
      [{ name: '表', target: 'nine_small', items: [item({})] }, ['name']],
      [{ name: '检查表', target: 'castle', items: [item({})] }, ['target']],
      [{ name: '检查表', target: 'nine_small', items: [] }, ['items']],
      [{ name: '检查表', target: 'nine_small', items: [item({}), item({ category: 'gas' })] }, ['items.1.key']],
      [
        {
          name: '检查表',
          target: 'nine_small',
          items: [item({ weight: 0 }), item({ key: 'k2', weight: 101 }), item({ key: 'k3', weight: 2.5 })],
        },
        ['items.0.weight', 'items.1.weight', 'items.2.weight'],
      ],
      [{ name: '检查表', target: 'nine_small', items: [item({ severity: 'fatal' })] }, ['items.0.severity']],
      [{ name: '检查表', target: 'nine_small', items: [item({ key: 'Fire Lane' })] }, ['items.0.key']],
      [{ name: '检查表', target: 'nine_small', items: [item({ color: 'red' })] }, ['items.0.color']],
      [{ name: '检查表', target: 'nine_small', code: 'Bad Code', items: [item({})] }, ['code']],
    ];
    for (const [body, expected] of cases) {
      const res = await call(world, s.committee_admin!, 'POST', '/api/v1/inspection-templates', body);
      expectProblem(res, 400, 'validation_failed');
      expect(paths(res), JSON.stringify(body)).toEqual(expected);
    }
    const codesOf = (res: Answer) => (res.body.errors as { path: string; code: string }[]).map((e) => `${e.path}:${e.code}`);
    const malformed = await call(world, s.committee_admin!, 'POST', '/api/v1/inspection-templates', {
      name: '检查表',
      target: 'nine_small',
      code: 'Bad Code',
      items: [item({ key: 'Fire Lane' }), item({ key: 'k2' }), item({ key: 'k2' })],
    });
    expect(codesOf(malformed).sort()).toEqual([
      'code:template_code_format',
      'items.0.key:checklist_item_key_format',
      'items.2.key:listed_twice',
    ]);
    // The categories are the district's: an unknown or switched-off code is its own 400, naming each item.
    await world.admin("update hazard_categories set active = false where tenant_id = $1 and code = 'gas'", [demoA]);
    const badCategories = await call(world, s.committee_admin!, 'POST', '/api/v1/inspection-templates', {
      name: '检查表',
      target: 'nine_small',
      items: [item({}), item({ key: 'k2', category: 'volcano' }), item({ key: 'k3', category: 'gas' })],
    });
    await world.admin("update hazard_categories set active = true where tenant_id = $1 and code = 'gas'", [demoA]);
    expect(expectProblem(badCategories, 400, 'checklist_category_invalid').params).toEqual({ categories: ['volcano', 'gas'] });
    expect(badCategories.body.errors).toEqual([
      { path: 'items.1.category', code: 'checklist_category_unknown', message: '本区没有代码为“volcano”的隐患类别' },
      { path: 'items.2.category', code: 'checklist_category_inactive', message: '隐患类别“gas”已停用' },
    ]);
    expect(await fingerprint(world, INSPECTION_TABLES)).toEqual(before);
  });
});

describe('an inspection with one failed item', () => {
  it('runs item by item, scores, and completes into exactly one hazard linked both ways', async () => {
    const started = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const inspection = started.body;
    expect(inspection).toMatchObject({
      kind: 'ad_hoc',
      status: 'in_progress',
      template: { id: id.nineSmall, code: 'nine-small', versionNumber: 1 },
      placeId: id.eastShop,
      orgUnitId: id.eastCommunity,
      orgUnitName: '东湖社区',
      inspector: { id: expect.any(String), name: expect.stringContaining('community_staff') },
      startedAt: now.toISOString(),
      score: null,
      recordedCount: 0,
      availableActions: ['record', 'cancel'],
    });
    expect(inspection.items).toHaveLength(9);
    expect(inspection.items.every((i: { result: unknown }) => i.result === null)).toBe(true);

    // A photo-required item failed without a photo: refused. Photos on a passed item: refused.
    const noPhoto = await record(s.community_staff!, inspection.id, 'exits', { result: 'fail', note: '后门被货物堵塞' });
    expect(expectProblem(noPhoto, 400, 'inspection_photo_required').errors).toEqual([
      { path: 'evidenceIds', code: 'inspection_photo_required', message: '该检查项不合格时须附至少一张现场照片' },
    ]);
    expect(noPhoto.body.params).toEqual({ itemKey: 'exits' });
    const photoOnPass = await record(s.community_staff!, inspection.id, 'gas', {
      result: 'pass',
      evidenceIds: [await photoOf('community_staff')],
    });
    expect(expectProblem(photoOnPass, 400, 'validation_failed').errors!.map((e) => `${e.path}:${e.code}`)).toEqual([
      'evidenceIds:photos_only_for_failed_items',
    ]);
    // Someone else's upload is not the caller's to use.
    const notMine = await record(s.community_staff!, inspection.id, 'exits', {
      result: 'fail',
      evidenceIds: [await photoOf('grid_member')],
    });
    expect(expectProblem(notMine, 404, 'evidence_unusable').errors).toEqual([
      { path: 'evidenceIds.0', code: 'evidence_unusable', message: expect.any(String) },
    ]);
    expect(notMine.body.params.evidenceIds).toHaveLength(1);
    const noItem = await record(s.community_staff!, inspection.id, 'no_such_item', { result: 'pass' });
    expect(expectProblem(noItem, 404, 'not_found').params).toEqual({ resource: 'checklist_item' });

    // Completing with items missing: 400 naming each missing key, nothing written.
    await record(s.community_staff!, inspection.id, 'gas', { result: 'na' });
    const before = await fingerprint(world, INSPECTION_TABLES);
    const early = await complete(s.community_staff!, inspection.id);
    expectProblem(early, 400, 'inspection_results_missing');
    expect(paths(early)).toEqual(
      ['exits', 'extinguishers', 'open_fire', 'wiring', 'ebike', 'emergency_lights', 'no_residents', 'smoke_alarm']
        .map((k) => `results.${k}`)
        .sort(),
    );
    expect(early.body.detail).toContain('exits');
    expect(early.body.params.itemKeys).toHaveLength(8);
    expect(early.body.errors.every((e: { code: string }) => e.code === 'inspection_item_not_recorded')).toBe(true);
    expect(early.body.errors.find((e: { path: string }) => e.path === 'results.exits').message).toMatch(/^尚未检查：/);
    expect(await fingerprint(world, INSPECTION_TABLES)).toEqual(before);

    const photo = await photoOf('community_staff');
    const failed = await record(s.community_staff!, inspection.id, 'exits', {
      result: 'fail',
      note: '后门被货物堵塞',
      evidenceIds: [photo],
    });
    expect(failed.status, JSON.stringify(failed.body)).toBe(200);
    expect(failed.body.items.find((i: { key: string }) => i.key === 'exits').result).toMatchObject({
      result: 'fail',
      note: '后门被货物堵塞',
      evidenceIds: [photo],
      hazardId: null,
    });
    // The same photo cannot document two items.
    expect(paths(await record(s.community_staff!, inspection.id, 'wiring', { result: 'fail', evidenceIds: [photo] }))).toEqual([
      'evidenceIds.0',
    ]);
    for (const key of ['no_residents', 'extinguishers', 'wiring', 'open_fire', 'emergency_lights', 'smoke_alarm', 'ebike']) {
      expect((await record(s.community_staff!, inspection.id, key, { result: 'pass' })).status).toBe(200);
    }
    expect((await get(s.community_staff!, inspection.id)).body.availableActions).toEqual(['record', 'complete', 'cancel']);
    expect(await hazardsOf(inspection.id)).toEqual([]); // nothing before completion

    const done = await complete(s.community_staff!, inspection.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // weights: exits 15 failed, gas 10 n/a; passed 15+15+15+10+10+5+5 = 75 of 90 judged
    expect(done.body).toMatchObject({
      status: 'completed',
      completedAt: now.toISOString(),
      score: 83.33,
      failedCount: 1,
      availableActions: [],
    });

    const linked = await hazardsOf(inspection.id);
    expect(linked).toEqual([
      {
        item_key: 'exits',
        id: expect.any(String),
        source: 'inspection',
        severity: 'general',
        description: '安全出口、疏散通道畅通，未锁闭、未堵塞：后门被货物堵塞',
        reporter_id: inspection.inspector.id,
        category: 'escape_route',
      },
    ]);
    const hazardId = linked[0]!.id as string;
    expect(done.body.items.find((i: { key: string }) => i.key === 'exits').result.hazardId).toBe(hazardId);

    const hazard = await call(world, s.community_staff!, 'GET', `/api/v1/hazards/${hazardId}`);
    expect(hazard.status).toBe(200);
    expect(hazard.body).toMatchObject({
      source: 'inspection',
      state: 'reported',
      placeId: id.eastShop,
      orgUnitId: id.eastCommunity,
      categoryName: '生命通道/疏散通道堵塞',
    });
    expect(hazard.body.evidence).toEqual([{ id: photo, fileName: '现场照片.jpg', contentType: 'image/jpeg', stage: 'report' }]);
    const timeline = await call(world, s.committee_admin!, 'GET', `/api/v1/hazards/${hazardId}/timeline/verify`);
    expect(timeline.body).toMatchObject({ valid: true, events: 1 });
    const station = await call(world, s.station_staff!, 'GET', `/api/v1/hazards?source=inspection`);
    expect(station.body.items.map((h: { id: string }) => h.id)).toContain(hazardId);

    const audit = await world.admin("select action, detail from audit_events where target_id = $1 and action = 'inspection.completed'", [
      inspection.id,
    ]);
    expect(audit).toEqual([{ action: 'inspection.completed', detail: { score: 83.33, failedCount: 1, hazardIds: [hazardId] } }]);

    // Completed: completing again changes nothing; results can no longer change; it cannot be cancelled.
    const again = await complete(s.community_staff!, inspection.id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done.body);
    expect(await hazardsOf(inspection.id)).toHaveLength(1);
    const closed = await record(s.community_staff!, inspection.id, 'gas', { result: 'pass' });
    expect(expectProblem(closed, 409, 'inspection_closed').params).toEqual({ status: 'completed' });
    expect(closed.body.detail).toBe('检查已完成，结果不能再修改');
    const cancelDone = await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${inspection.id}/cancel`, {
      version: done.body.version,
      reason: '误操作取消',
    });
    expect(expectProblem(cancelDone, 409, 'inspection_closed').params).toEqual({ status: 'completed' });
    id.completed = inspection.id;
  });

  it('scores null when every item is not applicable, and creates no hazard', async () => {
    const started = await start(s.station_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    for (const item of started.body.items) await record(s.station_staff!, started.body.id, item.key, { result: 'na' });
    const done = await complete(s.station_staff!, started.body.id);
    expect(done.body).toMatchObject({ status: 'completed', score: null, failedCount: 0 });
    expect(await hazardsOf(started.body.id)).toEqual([]);
  });
});

describe('completing exactly once', () => {
  it('makes exactly N hazards for N failed items under 10 concurrent completes', async () => {
    const started = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    await recordAll(s.community_staff!, 'community_staff', started.body.id, {
      exits: 'fail',
      no_residents: 'fail',
      gas: 'fail',
      smoke_alarm: 'na',
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => complete(s.community_staff!, started.body.id)));
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const linked = await hazardsOf(started.body.id);
    expect(linked.map((h) => [h.item_key, h.category, h.severity])).toEqual([
      ['exits', 'escape_route', 'general'],
      ['gas', 'gas', 'general'],
      ['no_residents', 'three_in_one', 'major'],
    ]);
    const [count] = await world.admin(
      "select count(*)::int as n from hazards where source = 'inspection' and id in (select hazard_id from inspection_results where inspection_id = $1)",
      [started.body.id],
    );
    expect(count!.n).toBe(3);
    const [events] = await world.admin(
      "select count(*)::int as n from audit_events where target_id = $1 and action = 'inspection.completed'",
      [started.body.id],
    );
    expect(events!.n).toBe(1);
    // photos: each failed photo-required item's photo attached to its own hazard
    const attached = await world.admin(
      'select e.subject_id, r.hazard_id from inspection_results r join evidence e on e.id = any(r.evidence_ids) where r.inspection_id = $1 order by r.item_key',
      [started.body.id],
    );
    expect(attached).toHaveLength(2);
    for (const a of attached) expect(a.subject_id).toBe(a.hazard_id);
    expect(results.map((r) => r.body.score)).toEqual(Array(10).fill(results[0]!.body.score));
    // failed 15 + 15 + 10 of 95 judged (the smoke alarm's 5 is n/a): 55 / 95 = 57.894… → 57.89
    expect(results[0]!.body.score).toBe(57.89);
  });

  it('replays a retried Idempotency-Key and creates nothing twice', async () => {
    const started = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    await recordAll(s.community_staff!, 'community_staff', started.body.id, { open_fire: 'fail', wiring: 'fail' });
    const key = `complete-${crypto.randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => complete(s.community_staff!, started.body.id, { 'idempotency-key': key })),
    );
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    const replay = await complete(s.community_staff!, started.body.id, { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await hazardsOf(started.body.id)).toHaveLength(2);
  });

  it('refuses to complete (409, naming the item) when a recorded photo was used elsewhere meanwhile, writing nothing', async () => {
    const started = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    await recordAll(s.community_staff!, 'community_staff', started.body.id);
    const photo = await photoOf('community_staff');
    await record(s.community_staff!, started.body.id, 'ebike', { result: 'fail', note: '门口飞线充电', evidenceIds: [photo] });
    const category = await one("select id from hazard_categories where tenant_id = $1 and code = 'ebike'");
    const direct = await call(world, s.community_staff!, 'POST', '/api/v1/hazards', {
      categoryId: category,
      placeId: id.eastShop,
      description: '门口飞线充电',
      severity: 'general',
      evidenceIds: [photo],
    });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    const before = await fingerprint(world, INSPECTION_TABLES);
    const refused = await complete(s.community_staff!, started.body.id);
    expect(expectProblem(refused, 409, 'inspection_photos_unusable').errors).toEqual([
      { path: 'results.ebike.evidenceIds.0', code: 'inspection_photo_unusable', message: '照片已不可用，请重新记录该检查项' },
    ]);
    expect(refused.body.params).toEqual({ itemKeys: ['ebike'] });
    expect(await fingerprint(world, INSPECTION_TABLES)).toEqual(before);
    await record(s.community_staff!, started.body.id, 'ebike', {
      result: 'fail',
      note: '门口飞线充电',
      evidenceIds: [await photoOf('community_staff')],
    });
    expect((await complete(s.community_staff!, started.body.id)).status).toBe(200);
    expect(await hazardsOf(started.body.id)).toHaveLength(1);
  });

  it('reports the hazard in the name of the team member who recorded the failure, with their photo', async () => {
    // A joint inspection (联合检查): the market regulator's officer records the failure.
    const started = await start(s.station_staff!, { templateId: id.nineSmall, placeId: id.eastShop, jointDepartmentIds: [id.market] });
    await recordAll(s.station_staff!, 'station_staff', started.body.id);
    const photo = await photoOf('department_staff');
    expect(
      (await record(s.department_staff!, started.body.id, 'ebike', { result: 'fail', note: '店内电动车充电', evidenceIds: [photo] }))
        .status,
    ).toBe(200);
    const done = await complete(s.station_staff!, started.body.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [hazard] = await hazardsOf(started.body.id);
    const [recorder] = await world.admin("select id from users where tenant_id = $1 and username = 'department_staff'", [demoA]);
    expect(hazard!.reporter_id).toBe(recorder!.id);
    const [file] = await world.admin('select subject_id, stage from evidence where id = $1', [photo]);
    expect(file).toEqual({ subject_id: hazard!.id, stage: 'report' });
  });
});

describe('template versions', () => {
  it('publishes a new version that new inspections use, while earlier inspections keep theirs', async () => {
    const started = await start(s.station_staff!, { templateId: id.highRise, orgUnitId: id.eastGarden });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.template.versionNumber).toBe(1);
    const v1Keys = started.body.items.map((i: { key: string }) => i.key);

    const template = await call(world, s.committee_admin!, 'GET', `/api/v1/inspection-templates/${id.highRise}`);
    const items = [
      ...template.body.items.filter((i: { key: string }) => i.key !== 'micro_station'),
      {
        key: 'ebike_lift_block',
        category: 'ebike',
        text: '电梯加装电动自行车阻车装置并正常运行',
        hint: '',
        photoRequired: false,
        weight: 5,
        severity: 'general',
      },
    ];
    const published = await call(world, s.committee_admin!, 'POST', `/api/v1/inspection-templates/${id.highRise}/versions`, {
      version: template.body.version,
      items,
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body).toMatchObject({ number: 2, current: true, templateId: id.highRise });
    const stale = await call(world, s.committee_admin!, 'POST', `/api/v1/inspection-templates/${id.highRise}/versions`, {
      version: template.body.version,
      items,
    });
    expectProblem(stale, 409, 'version_conflict');
    expectProblem(
      await call(world, s.station_staff!, 'POST', `/api/v1/inspection-templates/${id.highRise}/versions`, { version: 2, items }),
      403,
      'forbidden',
    );
    const badCategory = await call(world, s.committee_admin!, 'POST', `/api/v1/inspection-templates/${id.highRise}/versions`, {
      version: 2,
      items: [{ key: 'x', category: 'nope', text: '无效类别', weight: 5 }],
    });
    expect(paths(badCategory)).toEqual(['items.0.category']);
    expect(expectProblem(badCategory, 400, 'checklist_category_invalid').params).toEqual({ categories: ['nope'] });

    const after = await call(world, s.committee_admin!, 'GET', `/api/v1/inspection-templates/${id.highRise}`);
    expect(after.body).toMatchObject({ currentVersion: 2, version: 2 });
    const versions = await call(world, s.station_staff!, 'GET', `/api/v1/inspection-templates/${id.highRise}/versions?order=desc`);
    expect(
      versions.body.items.map((v: { number: number; current: boolean; createdBy: string | null }) => [
        v.number,
        v.current,
        v.createdBy === null,
      ]),
    ).toEqual([
      [2, true, false],
      [1, false, true],
    ]);

    // The earlier inspection keeps version 1, item for item; a new one gets version 2.
    const kept = await get(s.station_staff!, started.body.id);
    expect(kept.body.template.versionNumber).toBe(1);
    expect(kept.body.items.map((i: { key: string }) => i.key)).toEqual(v1Keys);
    const fresh = await start(s.station_staff!, { templateId: id.highRise, orgUnitId: id.eastGardenBuilding });
    expect(fresh.body.template.versionNumber).toBe(2);
    expect(fresh.body.items.map((i: { key: string }) => i.key)).toContain('ebike_lift_block');
    expect(fresh.body.items.map((i: { key: string }) => i.key)).not.toContain('micro_station');
    id.gardenInspection = started.body.id;
    id.buildingInspection = fresh.body.id;

    // The old version's checklist still completes: a result for every v1 key.
    await recordAll(s.station_staff!, 'station_staff', started.body.id, { hydrant_water: 'fail' });
    const done = await complete(s.station_staff!, started.body.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [hazard] = await hazardsOf(started.body.id);
    expect(hazard).toMatchObject({ item_key: 'hydrant_water', category: 'hydrant', severity: 'major' });
  });

  it('deactivates a template: no new inspection starts on it', async () => {
    const t = await call(world, s.committee_admin!, 'GET', '/api/v1/inspection-templates?target=key_unit&active=true');
    const keyUnit = t.body.items.find((x: { code: string }) => x.code === 'key-unit');
    const patched = await call(world, s.committee_admin!, 'PATCH', `/api/v1/inspection-templates/${keyUnit.id}`, {
      version: keyUnit.version,
      active: false,
      name: '重点单位检查表（停用）',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ active: false, name: '重点单位检查表（停用）', version: keyUnit.version + 1 });
    expectProblem(
      await call(world, s.committee_admin!, 'PATCH', `/api/v1/inspection-templates/${keyUnit.id}`, {
        version: keyUnit.version,
        active: true,
      }),
      409,
      'version_conflict',
    );
    const refused = await start(s.committee_admin!, { templateId: keyUnit.id, placeId: id.eastShop });
    expect(paths(refused)).toEqual(['templateId']);
    expectProblem(refused, 400, 'inspection_template_inactive');
  });
});

describe('scope', () => {
  it('lets a community inspect only its own area (404 elsewhere), and only compounds, buildings or places', async () => {
    const before = await fingerprint(world, INSPECTION_TABLES);
    const elsewhere = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.qingtongShop });
    expect(expectProblem(elsewhere, 404, 'not_found').errors).toEqual([
      { path: 'placeId', code: 'not_found', message: '场所不存在或不在您的管辖范围内' },
    ]);
    const otherCompound = await start(s.community_staff!, { templateId: id.highRise, orgUnitId: id.qingtongGarden });
    expect(paths(otherCompound)).toEqual(['orgUnitId']);
    expect(expectProblem(otherCompound, 404, 'not_found').params).toEqual({ resource: 'inspection_target' });
    const community = await start(s.community_staff!, { templateId: id.nineSmall, orgUnitId: id.eastCommunity });
    expect(expectProblem(community, 400, 'compound_or_building_required').errors![0]!.path).toBe('orgUnitId');
    expect(community.body.params).toEqual({ kind: 'community' });
    expect(community.body.detail).toContain('社区');
    expectProblem(await start(s.property_manager!, { templateId: id.highRise, orgUnitId: id.eastGarden }), 403, 'forbidden');
    expectProblem(await start(s.grid_member!, { templateId: id.nineSmall, placeId: id.eastShop }), 403, 'forbidden');
    expect(await fingerprint(world, INSPECTION_TABLES)).toEqual(before);

    // The station's street reaches both communities.
    const station = await start(s.station_staff!, { templateId: id.nineSmall, placeId: id.qingtongShop });
    expect(station.status).toBe(201);
    id.qingtongInspection = station.body.id;
    // The community does not see (or run) the other community's inspection.
    expectProblem(await get(s.community_staff!, station.body.id), 404, 'not_found');
    expectProblem(await record(s.community_staff!, station.body.id, 'exits', { result: 'pass' }), 404, 'not_found');
    const listed = await call(world, s.community_staff!, 'GET', '/api/v1/inspections?limit=200');
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(station.body.id);
    const own = new Set([id.eastCommunity, id.eastGarden, id.eastHome, id.eastGardenBuilding]);
    expect(listed.body.items.length).toBeGreaterThan(0);
    for (const i of listed.body.items as { orgUnitId: string; orgUnitName: string }[])
      expect(own.has(i.orgUnitId), i.orgUnitName).toBe(true);
  });

  it('lets a property company read the inspections of its compounds only', async () => {
    const home = await start(s.community_staff!, { templateId: id.highRise, orgUnitId: id.eastHome });
    expect(home.status).toBe(201);
    const listed = await call(world, s.property_manager!, 'GET', '/api/v1/inspections?limit=200');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id).sort()).toEqual([id.gardenInspection, id.buildingInspection].sort());
    expect((await get(s.property_manager!, id.buildingInspection!)).body.orgUnitName).toBe('1号楼');
    const read = await get(s.property_manager!, id.gardenInspection!);
    expect(read.body).toMatchObject({ orgUnitId: id.eastGarden, availableActions: [] });
    for (const other of [home.body.id, id.completed, id.qingtongInspection])
      expectProblem(await get(s.property_manager!, other), 404, 'not_found');
    expectProblem(await record(s.property_manager!, id.buildingInspection!, 'exits', { result: 'pass' }), 403, 'forbidden');
  });

  it('lets a department see and run what it took part in (联合检查) or ran, nothing else', async () => {
    expectProblem(await get(s.department_staff!, id.completed!), 404, 'not_found');
    const joint = await start(s.station_staff!, {
      templateId: id.nineSmall,
      placeId: id.eastShop,
      jointDepartmentIds: [id.market, id.housing],
    });
    expect(joint.status, JSON.stringify(joint.body)).toBe(201);
    expect(joint.body.jointDepartments).toEqual([
      { id: id.market, name: '示范市场监督管理局' },
      { id: id.housing, name: '示范住房和城乡建设局' },
    ]);
    const read = await get(s.department_staff!, joint.body.id);
    expect(read.status).toBe(200);
    expect(read.body.availableActions).toEqual(['record', 'cancel']);
    expect((await record(s.department_staff!, joint.body.id, 'gas', { result: 'pass' })).status).toBe(200);
    // A department inspects anywhere in the district (by trade), and then sees what it ran.
    const own = await start(s.department_staff!, { templateId: id.nineSmall, placeId: id.qingtongShop });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const listed = await call(world, s.department_staff!, 'GET', '/api/v1/inspections?limit=200');
    const listedIds = listed.body.items.map((i: { id: string }) => i.id);
    expect(listedIds).toEqual(expect.arrayContaining([joint.body.id, own.body.id]));
    // Nothing it neither joined nor ran (every other one here has the market regulator in its team).
    for (const i of listed.body.items as { id: string; jointDepartments: { id: string }[] }[]) {
      if (i.id !== own.body.id) expect(i.jointDepartments.map((d) => d.id)).toContain(id.market);
    }
    expect(listedIds).not.toContain(id.completed);

    const unknown = await start(s.station_staff!, {
      templateId: id.nineSmall,
      placeId: id.eastShop,
      jointDepartmentIds: [id.market, crypto.randomUUID()],
    });
    expect(paths(unknown)).toEqual(['jointDepartmentIds.1']);
    expect(unknown.status).toBe(404);
  });

  it('shows another district nothing: 404 on every inspection route, and refuses demo-a references', async () => {
    const before = await fingerprint(world, INSPECTION_TABLES);
    expectProblem(await get(s.other!, id.completed!), 404, 'not_found');
    expectProblem(await record(s.other!, id.gardenInspection!, 'exits', { result: 'pass' }), 404, 'not_found');
    expectProblem(await complete(s.other!, id.buildingInspection!), 404, 'not_found');
    expectProblem(
      await call(world, s.other!, 'POST', `/api/v1/inspections/${id.buildingInspection}/cancel`, { version: 1, reason: '跨区取消' }),
      404,
      'not_found',
    );
    expectProblem(await call(world, s.other!, 'GET', `/api/v1/inspection-templates/${id.nineSmall}`), 404, 'not_found');
    expectProblem(await call(world, s.other!, 'GET', `/api/v1/inspection-templates/${id.nineSmall}/versions`), 404, 'not_found');
    expectProblem(
      await call(world, s.other!, 'PATCH', `/api/v1/inspection-templates/${id.nineSmall}`, { version: 1, active: false }),
      404,
      'not_found',
    );
    const foreignTemplate = await start(s.other!, { templateId: id.nineSmall, placeId: id.eastShop });
    expect(paths(foreignTemplate)).toEqual(['templateId']);
    expect(foreignTemplate.status).toBe(404);
    const listed = await call(world, s.other!, 'GET', '/api/v1/inspections?limit=200');
    expect(listed.body.items).toEqual([]);
    // demo-b's first read gives demo-b its own defaults; none of demo-a's ids appear.
    const templates = await call(world, s.other!, 'GET', '/api/v1/inspection-templates?limit=200');
    expect(templates.body.items).toHaveLength(6);
    expect(templates.body.items.map((t: { id: string }) => t.id)).not.toContain(id.nineSmall);
    const after = await fingerprint(world, INSPECTION_TABLES);
    for (const table of ['inspections', 'inspection_results', 'hazards', 'timeline_events', 'evidence'] as const)
      expect(after[table], table).toEqual(before[table]);
  });
});

describe('who conducts an inspection', () => {
  it('a community sees the station’s inspection of its area but cannot change its findings, complete or cancel it', async () => {
    const station = await start(s.station_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    expect(station.status, JSON.stringify(station.body)).toBe(201);
    const inspection = station.body.id as string;
    const first = (await get(s.station_staff!, inspection)).body.items[0].key as string;
    expect((await record(s.station_staff!, inspection, first, { result: 'na', note: '站里记录' })).status).toBe(200);
    const seen = await get(s.community_staff!, inspection);
    expect(seen.status).toBe(200); // its area: it may see it
    expect(seen.body.availableActions).toEqual([]);
    const before = await fingerprint(world, INSPECTION_TABLES);
    expectProblem(await record(s.community_staff!, inspection, first, { result: 'pass' }), 403, 'inspection_not_conductor');
    expectProblem(await complete(s.community_staff!, inspection), 403, 'inspection_not_conductor');
    expectProblem(
      await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${inspection}/cancel`, {
        version: seen.body.version,
        reason: '想取消',
      }),
      403,
      'inspection_not_conductor',
    );
    expect(await fingerprint(world, INSPECTION_TABLES)).toEqual(before);
    // The committee may step in.
    expect((await record(s.committee_staff!, inspection, first, { result: 'na', note: '消安委复核' })).status).toBe(200);
  });
});

describe('the inspection list', () => {
  it('filters by status, kind, template, place, area subtree and day', async () => {
    const q = async (query: string) =>
      (await call(world, s.committee_admin!, 'GET', `/api/v1/inspections?limit=200&${query}`)).body.items as {
        id: string;
        status: string;
        placeId: string | null;
      }[];
    const all = await q('');
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect((await q('status=completed')).every((i) => i.status === 'completed')).toBe(true);
    expect((await q('status=completed')).map((i) => i.id)).toContain(id.completed);
    expect(await q('kind=planned')).toEqual([]);
    expect((await q(`templateId=${id.highRise}`)).map((i) => i.id)).toEqual(
      expect.arrayContaining([id.gardenInspection, id.buildingInspection]),
    );
    expect((await q(`placeId=${id.qingtongShop}`)).every((i) => i.placeId === id.qingtongShop)).toBe(true);
    const garden = (await q(`orgUnitId=${id.eastGarden}`)).map((i) => i.id).sort();
    expect(garden).toEqual([id.gardenInspection, id.buildingInspection].sort());
    expect((await q(`orgUnitId=${id.eastStreet}`)).length).toBe(all.length);
    expect(await q('from=2026-11-24&to=2026-11-24')).toHaveLength(all.length);
    expect(await q('from=2026-11-25')).toEqual([]);
    const page1 = await call(world, s.committee_admin!, 'GET', '/api/v1/inspections?limit=4&order=desc');
    const page2 = await call(world, s.committee_admin!, 'GET', `/api/v1/inspections?limit=4&order=desc&cursor=${page1.body.nextCursor}`);
    expect(new Set([...page1.body.items, ...page2.body.items].map((i: { id: string }) => i.id)).size).toBe(8);
    expect(paths(await call(world, s.committee_admin!, 'GET', '/api/v1/inspections?status=done&from=2026-02-30'))).toEqual([
      'query.from',
      'query.status',
    ]);
  });
});

describe('cancelling and validation', () => {
  it('cancels an open inspection (version-guarded); a cancelled one cannot complete', async () => {
    const started = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastThreeInOne });
    const stale = await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${started.body.id}/cancel`, {
      version: started.body.version + 1,
      reason: '场所已停业',
    });
    expectProblem(stale, 409, 'version_conflict');
    expect(
      paths(
        await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${started.body.id}/cancel`, { version: started.body.version }),
      ),
    ).toEqual(['reason']);
    const terse = await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${started.body.id}/cancel`, {
      version: started.body.version,
      reason: '停',
    });
    expect(expectProblem(terse, 400, 'validation_failed').errors).toEqual([
      { path: 'reason', code: 'reason_required', message: '请说明理由（至少 2 个字）' },
    ]);
    const cancelled = await call(world, s.community_staff!, 'POST', `/api/v1/inspections/${started.body.id}/cancel`, {
      version: started.body.version,
      reason: '场所已停业',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', availableActions: [], version: started.body.version + 1 });
    expect(expectProblem(await complete(s.community_staff!, started.body.id), 409, 'inspection_closed').params).toEqual({
      status: 'cancelled',
    });
    expectProblem(await record(s.community_staff!, started.body.id, 'exits', { result: 'pass' }), 409, 'inspection_closed');
    const audit = await world.admin("select detail from audit_events where target_id = $1 and action = 'inspection.cancelled'", [
      started.body.id,
    ]);
    expect(audit).toEqual([{ detail: { reason: '场所已停业' } }]);
  });

  it('refuses malformed starts and results with 400 and the field paths, writing nothing', async () => {
    const open = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    const before = await fingerprint(world, INSPECTION_TABLES);
    const starts: [Record<string, unknown>, string[]][] = [
      // (the place-or-unit rule runs once the fields themselves are well formed)
      [{}, ['templateId']],
      [{ templateId: id.nineSmall }, ['placeId']],
      [{ templateId: id.nineSmall, placeId: id.eastShop, orgUnitId: id.eastGarden }, ['orgUnitId']],
      [{ templateId: 'nine-small', placeId: id.eastShop }, ['templateId']],
      [{ templateId: id.nineSmall, placeId: id.eastShop, jointDepartmentIds: [id.market, id.market] }, ['jointDepartmentIds.1']],
      [{ templateId: id.nineSmall, placeId: id.eastShop, inspectorId: id.market }, ['inspectorId']],
      [{ templateId: id.nineSmall, placeId: id.eastShop, status: 'completed' }, ['status']],
    ];
    for (const [body, expected] of starts) {
      const res = await start(s.community_staff!, body);
      expectProblem(res, 400, 'validation_failed');
      expect(paths(res), JSON.stringify(body)).toEqual(expected);
    }
    const results: [Record<string, unknown>, string[]][] = [
      [{}, ['result']],
      [{ result: 'maybe' }, ['result']],
      [{ result: 'pass', note: '' }, ['note']],
      [{ result: 'fail', evidenceIds: ['photo.jpg'] }, ['evidenceIds.0']],
      [{ result: 'fail', evidenceIds: Array.from({ length: 10 }, () => crypto.randomUUID()) }, ['evidenceIds']],
      [{ result: 'pass', hazardId: crypto.randomUUID() }, ['hazardId']],
    ];
    for (const [body, expected] of results) {
      const res = await record(s.community_staff!, open.body.id, 'exits', body);
      expectProblem(res, 400, 'validation_failed');
      expect(paths(res), JSON.stringify(body)).toEqual(expected);
    }
    expect(paths(await record(s.community_staff!, 'not-a-uuid', 'exits', { result: 'pass' }))).toEqual(['param.id']);
    expect(await fingerprint(world, INSPECTION_TABLES)).toEqual(before);
  });
});

describe('limits and categories that changed meanwhile', () => {
  it('holds a failed item to the district’s photo limit, checked when it is recorded', async () => {
    const started = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await world.admin(
      `insert into hazard_policies (tenant_id, respond_hours, rectify_days_general, rectify_days_major, escalation_chain, escalation_interval_hours, max_files_per_hazard)
       values ($1, 24, 7, 2, '["community","street","district_supervisor"]', 24, 1)
       on conflict (tenant_id) do update set max_files_per_hazard = 1`,
      [demoA],
    );
    const before = await fingerprint(world, INSPECTION_TABLES);
    const two = await record(s.community_staff!, started.body.id, 'exits', {
      result: 'fail',
      evidenceIds: [await photoOf('community_staff'), await photoOf('community_staff')],
    });
    await world.admin('delete from hazard_policies where tenant_id = $1', [demoA]);
    expect(expectProblem(two, 400, 'inspection_item_photos_over_limit').params).toEqual({ max: 1 });
    expect(two.body.errors).toEqual([
      { path: 'evidenceIds', code: 'inspection_item_photos_over_limit', message: '每个检查项最多 1 张照片' },
    ]);
    const after = await fingerprint(world, INSPECTION_TABLES);
    expect({ ...after, evidence: before.evidence }).toEqual(before); // only the test's own photo rows were added
  });

  it('refuses to complete (409, naming the item) when a failed item’s category and “other” were both switched off', async () => {
    const started = await start(s.community_staff!, { templateId: id.nineSmall, placeId: id.eastShop });
    await recordAll(s.community_staff!, 'community_staff', started.body.id, { open_fire: 'fail' });
    await world.admin("update hazard_categories set active = false where tenant_id = $1 and code in ('open_fire', 'other')", [demoA]);
    const before = await fingerprint(world, INSPECTION_TABLES);
    const refused = await complete(s.community_staff!, started.body.id);
    await world.admin("update hazard_categories set active = true where tenant_id = $1 and code in ('open_fire', 'other')", [demoA]);
    expect(expectProblem(refused, 409, 'checklist_category_unavailable').params).toEqual({ categories: ['open_fire'] });
    expect(refused.body.errors).toEqual([
      { path: 'items.open_fire.category', code: 'checklist_category_gone', message: '隐患类别“open_fire”已不可用，且本区没有“其他”类别' },
    ]);
    expect(await fingerprint(world, INSPECTION_TABLES)).toEqual(before);
    // Switched on again, the same inspection completes into its hazard.
    const done = await complete(s.community_staff!, started.body.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await hazardsOf(started.body.id)).toHaveLength(1);
  });
});
