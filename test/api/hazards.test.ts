import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEscalationSweep } from '../../src/features/hazards/escalation.ts';
import { ROLE_DEFINITIONS, ROLES } from '../../src/platform/authz/roles.ts';
import { forgetOldIdempotencyKeys } from '../../src/platform/http/idempotency-cleanup.ts';
import { expectProblem, pageThrough } from '../support/checks.ts';
import { call, createWorld, login, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * The closed loop end to end through the API: report → route → accept → submit → verify, with the
 * separation of duties, rework, reopening, extensions, escalation on a controlled clock, the
 * hash-chained timeline, and retries.
 */
let world: TestWorld;
let now = new Date('2026-11-24T02:00:00Z'); // 10:00 in Shanghai
/**
 * Sessions by role, logged in again whenever the test clock has moved past the access token's
 * lifetime (the app checks expiry against the same clock).
 */
const sessions = new Map<string, { session: Session; at: number }>();
const SESSION_ROLES = [
  'committee_admin',
  'committee_staff',
  'station_staff',
  'community_staff',
  'grid_member',
  'property_manager',
  'department_staff',
  'volunteer',
  'other',
] as const;
const as = new Proxy({} as Record<(typeof SESSION_ROLES)[number], Session>, {
  get: (_t, role: string) => {
    const cached = sessions.get(role);
    if (!cached || Math.abs(now.getTime() - cached.at) > 10 * 60_000) throw new Error(`session ${role} not fresh: call refreshSessions()`);
    return cached.session;
  },
});
async function refreshSessions() {
  for (const role of SESSION_ROLES) {
    const cached = sessions.get(role);
    if (cached && Math.abs(now.getTime() - cached.at) <= 10 * 60_000) continue;
    const session = role === 'other' ? await login(world, 'demo-b', 'committee_admin') : await login(world, 'demo-a', role);
    sessions.set(role, { session, at: now.getTime() });
  }
}
// Each jump of the clock signs the nine people in again (scrypt: up to a second each on a busy
// machine), so a test with several jumps gets more than the default 30 s.
const CLOCK_JUMPS = { timeout: 120_000 };

async function setClock(iso: string) {
  now = new Date(iso);
  await refreshSessions();
}
let demoA: string;
let category: string;
let community: string;
let company: string;
let department: string;

async function evidenceFor(username: string): Promise<string> {
  const [user] = await world.admin(
    "select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = 'demo-a' and u.username = $1",
    [username],
  );
  const id = crypto.randomUUID();
  await world.admin(
    `insert into evidence (id, tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, confirmed_at)
     values ($1, $2, $3, 'after.jpg', 'image/jpeg', 1000, $4, 'confirmed', $5, now())`,
    [id, demoA, `tenants/${demoA}/evidence/test/${id}`, 'a'.repeat(64), user!.id],
  );
  return id;
}

async function report(session: Session, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return call(world, { ...session, headers: { ...session.headers, ...headers } }, 'POST', '/api/v1/hazards', {
    categoryId: category,
    orgUnitId: community,
    description: '3号楼一楼楼道电动车飞线充电',
    severity: 'general',
    ...extra,
  });
}

/** The same session, asking for answers in English. */
const inEnglish = (session: Session): Session => ({ ...session, headers: { ...session.headers, 'accept-language': 'en' } });

async function act(session: Session, id: string, body: Record<string, unknown>) {
  const current = await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${id}`);
  return call(world, session, 'POST', `/api/v1/hazards/${id}/transitions`, { version: current.body.version, ...body });
}

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  await refreshSessions();
  const one = async (sql: string) => (await world.admin(sql, [demoA]))[0]!.id as string;
  const existing = await world.admin('select id from hazard_categories where tenant_id = $1 limit 1', [demoA]);
  category = existing[0]
    ? (existing[0].id as string)
    : await one("insert into hazard_categories (tenant_id, code, name) values ($1, 'ebike', '电动自行车') returning id");
  community = await one("select id from org_units where tenant_id = $1 and name = '东湖社区'");
  company = await one("select id from companies where tenant_id = $1 and name = '示范安居物业服务有限公司'");
  department = await one("select id from departments where tenant_id = $1 and kind = 'market_regulation'");
});
afterAll(() => world.close());

describe('the closed loop', CLOCK_JUMPS, () => {
  it('runs report → route → accept → submit → verify, and the timeline tells it', async () => {
    const reported = await report(as.grid_member!);
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    expect(reported.body).toMatchObject({ state: 'reported', severity: 'general', number: expect.stringMatching(/^YH-20261124-\d{4}$/) });
    const id = reported.body.id as string;

    await setClock('2026-11-24T03:00:00Z');
    const routed = await act(as.station_staff!, id, {
      action: 'route',
      lead: { kind: 'company', companyId: company },
      assisting: [{ kind: 'department', departmentId: department }],
    });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    // general: 7 days, to the end of the local (Shanghai) day: 2026-12-01 23:59:59.999 +08:00
    expect(routed.body).toMatchObject({ state: 'routed', dueAt: '2026-12-01T15:59:59.999Z', respondBy: '2026-11-25T03:00:00.000Z' });
    expect(routed.body.parties.map((p: { lead: boolean; kind: string }) => [p.lead, p.kind])).toEqual([
      [true, 'company'],
      [false, 'department'],
    ]);

    // Only the lead party accepts; the assisting department cannot.
    const notLead = expectProblem(await act(as.department_staff!, id, { action: 'accept' }), 403, 'not_your_role');
    expect(notLead.params).toEqual({ subject: 'hazard', action: 'accept' });
    expect(notLead.detail).toContain('您不是此隐患执行 accept 的责任人');
    expect((await act(as.property_manager!, id, { action: 'accept' })).body.state).toBe('rectifying');

    const photo = await evidenceFor('property_manager');
    const submitted = await act(as.property_manager!, id, { action: 'submit', note: '已拆除飞线，增设充电桩', evidenceIds: [photo] });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.evidence.map((e: { id: string }) => e.id)).toContain(photo);

    const verified = await act(as.station_staff!, id, { action: 'verify', note: '现场核查通过' });
    expect(verified.body).toMatchObject({ state: 'closed', outcome: 'fixed' });

    const timeline = await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${id}/timeline`);
    expect(timeline.body.items.map((e: { action: string }) => e.action)).toEqual(['report', 'route', 'accept', 'submit', 'verify']);
    expect(timeline.body.items[3].evidenceIds).toEqual([photo]);
    // The chain covers the file's content: its SHA-256 is in the event.
    expect(timeline.body.items[3].data.files).toEqual([{ id: photo, sha256: 'a'.repeat(64) }]);
    const verdict = await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${id}/timeline/verify`);
    expect(verdict.body).toMatchObject({ valid: true, events: 5 });
  });

  it('keeps the verifier independent of the reporter and the parties', async () => {
    const { body } = await report(as.station_staff!);
    await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'org_unit', orgUnitId: community } });
    await act(as.community_staff!, body.id, { action: 'accept' });
    await act(as.community_staff!, body.id, { action: 'submit', note: '已清理', evidenceIds: [await evidenceFor('community_staff')] });
    // The station reported it: it may not verify its own report.
    const refused = expectProblem(await act(as.station_staff!, body.id, { action: 'verify' }), 403, 'not_independent');
    expect(refused.params).toEqual({ subject: 'hazard', action: 'verify' });
    expect(refused.detail).toContain('不能是上报人');
    const english = expectProblem(await act(inEnglish(as.station_staff!), body.id, { action: 'verify' }), 403, 'not_independent');
    expect(english.detail).toContain('The verifier must be independent of the reporter');
    // The committee (no party, not the reporter) may.
    expect((await act(as.committee_staff!, body.id, { action: 'verify' })).body.outcome).toBe('fixed');
  });

  it('rejects back to rectifying, counts the rework, and reopens a closed hazard with a reason', async () => {
    const { body } = await report(as.grid_member!);
    await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company } });
    await act(as.property_manager!, body.id, { action: 'accept' });
    await act(as.property_manager!, body.id, { action: 'submit', note: '已整改', evidenceIds: [await evidenceFor('property_manager')] });
    const rejected = await act(as.station_staff!, body.id, { action: 'reject', reason: '照片看不出整改效果' });
    expect(rejected.body).toMatchObject({ state: 'rectifying', rejectCount: 1 });
    await act(as.property_manager!, body.id, { action: 'submit', note: '补充照片', evidenceIds: [await evidenceFor('property_manager')] });
    await act(as.station_staff!, body.id, { action: 'verify' });
    const reopened = await act(as.committee_admin!, body.id, { action: 'reopen', reason: '回访发现反弹' });
    expect(reopened.body).toMatchObject({ state: 'rectifying', outcome: null, reopenCount: 1 });
    const again = expectProblem(
      await act(as.committee_admin!, body.id, { action: 'reopen', reason: '再次' }),
      409,
      'action_not_allowed_in_state',
    );
    expect(again.params).toEqual({ subject: 'hazard', action: 'reopen', state: 'rectifying' });
  });

  it('closes without fixing (not counted as fixed) and links duplicates', async () => {
    const original = (await report(as.grid_member!)).body;
    const dup = (await report(as.grid_member!)).body;
    const linked = await act(as.station_staff!, dup.id, { action: 'link-duplicate', originalId: original.id });
    expect(linked.body).toMatchObject({ state: 'closed', outcome: 'duplicate', duplicateOfId: original.id });
    const closed = await act(as.station_staff!, original.id, { action: 'close-as', outcome: 'not_a_hazard', reason: '现场核实不构成隐患' });
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'not_a_hazard' });
  });

  it('asks for an extension and applies it only when approved', async () => {
    const { body } = await report(as.grid_member!);
    const routed = await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company } });
    await act(as.property_manager!, body.id, { action: 'accept' });
    const until = new Date(new Date(routed.body.dueAt).getTime() + 3 * 86_400_000).toISOString();
    const asked = await act(as.property_manager!, body.id, { action: 'extend-request', until, reason: '需采购配件' });
    expect(asked.body.pendingExtension).toMatchObject({ until, reason: '需采购配件' });
    expect(asked.body.dueAt).toBe(routed.body.dueAt);
    const approved = await act(as.station_staff!, body.id, { action: 'extend-approve' });
    expect(approved.body).toMatchObject({ dueAt: until, extensionCount: 1, pendingExtension: null });
  });

  it('refuses what the workflow refuses, each with its own code, field and parameters, changing nothing', async () => {
    const { body } = await report(as.grid_member!);
    // A deadline that has passed (the clock is 10:00 in Shanghai).
    const past = '2026-11-24T01:00:00.000Z';
    const late = expectProblem(
      await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company }, dueAt: past }),
      400,
      'hazard_deadline_not_in_future',
    );
    expect(late.params).toEqual({ dueAt: past });
    expect(late.errors).toEqual([
      { path: 'dueAt', code: 'hazard_deadline_not_in_future', message: expect.stringContaining('整改期限须晚于当前时间') },
    ]);
    // A party that names the wrong target, and a place's owner for a hazard reported without a place.
    const incomplete = expectProblem(
      await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', departmentId: department } }),
      400,
      'validation_failed',
    );
    expect(incomplete.errors).toEqual([
      { path: 'lead.companyId', code: 'required', message: '必填' },
      { path: 'lead.departmentId', code: 'not_applicable', message: expect.stringContaining('不适用') },
    ]);
    const ownerless = expectProblem(
      await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'place_owner' } }),
      400,
      'hazard_party_needs_place',
    );
    expect(ownerless.errors).toEqual([
      { path: 'lead.kind', code: 'hazard_party_needs_place', message: expect.stringContaining('未关联场所') },
    ]);
    // Route targets must exist in this district: a made-up department and another district's are both
    // 404, named by the first party that fails, lead first, then the assisting parties in order.
    const [elsewhere] = await world.admin(
      "select d.id from departments d join tenants t on t.id = d.tenant_id where t.slug = 'demo-b' limit 1",
    );
    const unknownLead = expectProblem(
      await act(as.station_staff!, body.id, {
        action: 'route',
        lead: { kind: 'department', departmentId: crypto.randomUUID() },
        assisting: [{ kind: 'place_owner' }],
      }),
      404,
      'not_found',
    );
    expect(unknownLead.errors).toEqual([{ path: 'lead.departmentId', code: 'not_found', message: expect.any(String) }]);
    const foreign = expectProblem(
      await act(as.station_staff!, body.id, {
        action: 'route',
        lead: { kind: 'company', companyId: company },
        assisting: [
          { kind: 'department', departmentId: department },
          { kind: 'department', departmentId: elsewhere!.id },
        ],
      }),
      404,
      'not_found',
    );
    expect(foreign.errors).toEqual([{ path: 'assisting.1.departmentId', code: 'not_found', message: expect.any(String) }]);
    expect((await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}`)).body).toMatchObject({
      state: 'reported',
      version: 1,
    });

    const routed = await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company } });
    // Nothing to approve yet; an extension must end after the running deadline; one request at a time.
    const none = expectProblem(await act(as.station_staff!, body.id, { action: 'extend-approve' }), 400, 'hazard_no_pending_extension');
    expect(none.errors).toEqual([
      { path: 'action', code: 'hazard_no_pending_extension', message: expect.stringContaining('没有待审批的延期申请') },
    ]);
    const early = expectProblem(
      await act(as.property_manager!, body.id, { action: 'extend-request', until: routed.body.respondBy, reason: '不晚于期限' }),
      400,
      'hazard_extension_not_later',
    );
    expect(early.params).toEqual({ deadline: routed.body.respondBy });
    const until = new Date(new Date(routed.body.respondBy).getTime() + 86_400_000).toISOString();
    expect((await act(as.property_manager!, body.id, { action: 'extend-request', until, reason: '需要时间' })).status).toBe(200);
    const twice = expectProblem(
      await act(inEnglish(as.property_manager!), body.id, { action: 'extend-request', until, reason: '再申请一次' }),
      400,
      'hazard_extension_pending',
    );
    expect(twice.params).toEqual({ until });
    expect(twice.detail).toBe('An extension request is already waiting for approval: wait for the answer before asking again');
    expect(twice.errors).toEqual([{ path: 'until', code: 'hazard_extension_pending', message: twice.detail }]);
    // Submitting needs after-photos (the request schema says so first, with the same code).
    await act(as.property_manager!, body.id, { action: 'accept' });
    const bare = expectProblem(
      await act(as.property_manager!, body.id, { action: 'submit', note: '已整改', evidenceIds: [] }),
      400,
      'validation_failed',
    );
    expect(bare.errors).toEqual([{ path: 'evidenceIds', code: 'hazard_after_photos_required', message: '请附上整改后照片' }]);
    // A stale version names the hazard and the version it is at now.
    const stale = await call(world, as.station_staff!, 'POST', `/api/v1/hazards/${body.id}/transitions`, {
      action: 'escalate',
      version: 1,
    });
    const current = (await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}`)).body.version;
    expect(expectProblem(stale, 409, 'version_conflict').params).toEqual({ resource: 'hazard', current });
  });

  it('reporting needs an active category and a place or an area', async () => {
    const [inactive] = await world.admin(
      "insert into hazard_categories (tenant_id, code, name, active) values ($1, 'retired_cat', '已停用类别', false) returning id",
      [demoA],
    );
    const refused = expectProblem(await report(as.grid_member!, { categoryId: inactive!.id }), 400, 'hazard_category_inactive');
    expect(refused.errors).toEqual([
      { path: 'categoryId', code: 'hazard_category_inactive', message: expect.stringContaining('该隐患类别已停用') },
    ]);
    const nowhere = expectProblem(await report(as.grid_member!, { orgUnitId: undefined }), 400, 'validation_failed');
    expect(nowhere.errors).toEqual([{ path: 'orgUnitId', code: 'hazard_location_required', message: '请选择场所或所在区域' }]);
    // Photos must be the reporter's own confirmed uploads, each listed once.
    const ghost = crypto.randomUUID();
    const unusable = expectProblem(await report(as.grid_member!, { evidenceIds: [ghost] }), 404, 'evidence_unusable');
    expect(unusable.params).toEqual({ evidenceIds: [ghost] });
    expect(unusable.errors).toEqual([{ path: 'evidenceIds.0', code: 'evidence_unusable', message: expect.stringContaining('附件不存在') }]);
    const photo = await evidenceFor('grid_member');
    const twice = expectProblem(await report(as.grid_member!, { evidenceIds: [photo, photo] }), 400, 'evidence_listed_twice');
    expect(twice.errors).toEqual([{ path: 'evidenceIds.1', code: 'listed_twice', message: '列表中有重复' }]);
    const unknown = expectProblem(await report(as.grid_member!, { placeId: crypto.randomUUID() }), 404, 'not_found');
    expect(unknown.params).toEqual({ resource: 'place' });
    expect(unknown.errors).toEqual([{ path: 'placeId', code: 'not_found', message: expect.stringContaining('场所不存在') }]);
  });
});

describe('the board', () => {
  it('filters by area: the whole subtree below a unit, nothing outside it', async () => {
    const { body } = await report(as.grid_member!);
    const [east] = await world.admin("select id from org_units where tenant_id = $1 and name = '示范东湖街道'", [demoA]);
    const [west] = await world.admin("select id from org_units where tenant_id = $1 and name = '示范西山街道'", [demoA]);
    const inEast = await call(world, as.committee_admin!, 'GET', `/api/v1/hazards?orgUnitId=${east!.id}&limit=200`);
    const inWest = await call(world, as.committee_admin!, 'GET', `/api/v1/hazards?orgUnitId=${west!.id}&limit=200`);
    expect(inEast.body.items.map((h: { id: string }) => h.id)).toContain(body.id);
    expect(inWest.body.items.map((h: { id: string }) => h.id)).not.toContain(body.id);
    expect(inEast.body.items.every((h: { orgUnitName: string }) => h.orgUnitName !== '西山社区')).toBe(true);
  });

  it('pages by due date through hazards with and without a deadline, each exactly once', async () => {
    await report(as.grid_member!);
    const routed = (await report(as.grid_member!)).body;
    await act(as.station_staff!, routed.id, { action: 'route', lead: { kind: 'company', companyId: company } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; dueAt: string | null }[]; nextCursor: string | null } } = await call(
        world,
        as.committee_admin!,
        'GET',
        `/api/v1/hazards?sort=dueAt&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.body.items.map((h) => h.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const [total] = await world.admin('select count(*)::int as n from hazards where tenant_id = $1', [demoA]);
    expect(seen).toHaveLength(total!.n as number);
    expect(new Set(seen).size).toBe(seen.length);
    const undated = await world.admin('select id::text from hazards where tenant_id = $1 and due_at is null', [demoA]);
    expect(undated.length).toBeGreaterThan(0);
    // every undated hazard comes after every dated one
    const firstUndated = Math.min(...undated.map((u) => seen.indexOf(u.id as string)));
    expect(seen.slice(firstUndated).every((id) => undated.some((u) => u.id === id))).toBe(true);
  });
});

describe('the board: 共 N 条', () => {
  it('counts every match on the first page, null on pages asked for by cursor, 0 when nothing matches', async () => {
    const mark = '共N条隐患标记';
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await report(as.grid_member!, { description: `${mark}${i} 楼道堆物`, severity: i < 2 ? 'major' : 'general' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      made.push(res.body.id);
    }
    const q = `q=${encodeURIComponent(mark)}`;

    const all = await pageThrough(world, as.committee_admin!, `/api/v1/hazards?${q}&limit=2`);
    expect(all.total).toBe(5);
    expect(all.firstPage).toBe(2);
    expect(all.laterTotals).toEqual([null, null]);
    expect(all.ids.sort()).toEqual([...made].sort());

    const major = await pageThrough(world, as.committee_admin!, `/api/v1/hazards?${q}&severity=major&limit=1`);
    expect(major).toMatchObject({ total: 2, firstPage: 1, laterTotals: [null] });
    expect(major.ids.sort()).toEqual(made.slice(0, 2).sort());

    // The caller's scope is part of the count: the reporter sees all five, a company none of them (not routed to it).
    expect((await call(world, as.grid_member!, 'GET', `/api/v1/hazards?${q}&limit=1`)).body.total).toBe(5);
    expect((await call(world, as.property_manager!, 'GET', `/api/v1/hazards?${q}`)).body).toEqual({
      items: [],
      nextCursor: null,
      total: 0,
    });
    expect((await call(world, as.committee_admin!, 'GET', `/api/v1/hazards?${q}&state=closed`)).body).toEqual({
      items: [],
      nextCursor: null,
      total: 0,
    });

    // Without filters, the district's whole board on a page of one.
    const board = await call(world, as.committee_admin!, 'GET', '/api/v1/hazards?limit=1');
    const [count] = await world.admin('select count(*)::int as n from hazards where tenant_id = $1', [demoA]);
    expect(board.body.items).toHaveLength(1);
    expect(board.body.total).toBe(count!.n);
  });
});

describe('look-back (回头看)', () => {
  it('re-checks a sampled hazard: confirmed keeps it closed, a rebound reopens it', async () => {
    const fixed: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await report(as.grid_member!);
      await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company } });
      await act(as.property_manager!, body.id, { action: 'accept' });
      await act(as.property_manager!, body.id, { action: 'submit', note: '已整改', evidenceIds: [await evidenceFor('property_manager')] });
      await act(as.station_staff!, body.id, { action: 'verify' });
      fixed.push(body.id);
    }
    const drawn = await call(world, as.committee_staff!, 'POST', '/api/v1/lookbacks', {
      title: '十二月回头看',
      from: '2026-11-01',
      to: '2026-12-31',
      percent: 100,
    });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(201);
    const sampled = drawn.body.items.map((i: { hazardId: string }) => i.hazardId);
    expect(sampled).toEqual(expect.arrayContaining(fixed));

    const [a, b] = fixed as [string, string];
    const detail = await call(world, as.station_staff!, 'GET', `/api/v1/hazards/${a}`);
    expect(detail.body.pendingLookbacks).toEqual([{ id: drawn.body.id, title: '十二月回头看' }]);
    expect(detail.body.availableActions).toContain('recheck');
    // The property company fixed it: it may not re-check its own work, nor learn a re-check is coming.
    expect((await call(world, as.property_manager!, 'GET', `/api/v1/hazards/${a}`)).body.pendingLookbacks).toEqual([]);
    expectProblem(
      await act(as.property_manager!, a, { action: 'recheck', lookbackId: drawn.body.id, result: 'confirmed', note: '自查' }),
      403,
      'not_your_role',
    );

    const confirmed = await act(as.station_staff!, a, {
      action: 'recheck',
      lookbackId: drawn.body.id,
      result: 'confirmed',
      note: '复查未反弹',
    });
    expect(confirmed.body).toMatchObject({ state: 'closed', outcome: 'fixed', pendingLookbacks: [] });
    expect(confirmed.body.availableActions).not.toContain('recheck');
    const rebound = await act(as.station_staff!, b, {
      action: 'recheck',
      lookbackId: drawn.body.id,
      result: 'rebound',
      note: '复查发现反弹',
    });
    expect(rebound.body).toMatchObject({ state: 'rectifying', outcome: null, reopenCount: 1 });
    const results = await world.admin(
      'select hazard_id::text, result from lookback_items where lookback_id = $1 and hazard_id = any($2::uuid[]) order by result',
      [drawn.body.id, fixed],
    );
    expect(results).toEqual([
      { hazard_id: a, result: 'confirmed' },
      { hazard_id: b, result: 'rebound' },
    ]);
  });
});

describe('responsibility and separation of duties', CLOCK_JUMPS, () => {
  it('a community made lead party sees, accepts and fixes a hazard reported on its street', async () => {
    const [street] = await world.admin("select id from org_units where tenant_id = $1 and name = '示范东湖街道'", [demoA]);
    const { body } = await report(as.station_staff!, { orgUnitId: street!.id });
    await act(as.committee_staff!, body.id, { action: 'route', lead: { kind: 'org_unit', orgUnitId: community } });
    expect((await call(world, as.community_staff!, 'GET', `/api/v1/hazards/${body.id}`)).status).toBe(200);
    const todo = await call(world, as.community_staff!, 'GET', '/api/v1/hazards?assignedToMe=true&open=true&limit=200');
    expect(todo.body.items.map((h: { id: string }) => h.id)).toContain(body.id);
    expect((await act(as.community_staff!, body.id, { action: 'accept' })).body.state).toBe('rectifying');
  });

  it('a party cannot close, merge or re-route its own hazard', async () => {
    const { body } = await report(as.grid_member!);
    await act(as.committee_staff!, body.id, { action: 'route', lead: { kind: 'org_unit', orgUnitId: community } });
    // The station is above the community: a member of its party, so not independent.
    const closing = expectProblem(
      await act(as.station_staff!, body.id, { action: 'close-as', outcome: 'not_a_hazard', reason: '自己关掉' }),
      403,
      'not_independent',
    );
    expect(closing.params).toEqual({ subject: 'hazard', action: 'close-as' });
    expectProblem(
      await act(as.station_staff!, body.id, {
        action: 'route',
        lead: { kind: 'org_unit', orgUnitId: community },
        dueAt: '2027-03-01T00:00:00.000Z',
      }),
      403,
      'not_independent',
    );
    expect((await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}`)).body.state).toBe('routed');
  });

  it('a rejection does not count the wait for verification as lateness', async () => {
    await setClock('2026-11-24T02:00:00Z');
    const { body } = await report(as.grid_member!);
    const routed = await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company } });
    await act(as.property_manager!, body.id, { action: 'accept' });
    await setClock('2026-11-25T02:00:00Z');
    await act(as.property_manager!, body.id, { action: 'submit', note: '已整改', evidenceIds: [await evidenceFor('property_manager')] });
    await setClock('2026-12-05T02:00:00Z'); // verified ten days later, after the original deadline
    const rejected = await act(as.station_staff!, body.id, { action: 'reject', reason: '不合格' });
    expect(new Date(rejected.body.dueAt).getTime() - new Date(routed.body.dueAt).getTime()).toBe(10 * 86_400_000);
    expect(rejected.body).toMatchObject({ overdue: false, escalationLevel: 0 });
    await setClock('2026-11-24T03:00:00Z');
  });

  it('duplicates never point at each other, and text with a NUL is a 400, not a 500', async () => {
    const a = (await report(as.grid_member!)).body;
    const b = (await report(as.grid_member!)).body;
    const self = expectProblem(
      await act(as.station_staff!, a.id, { action: 'link-duplicate', originalId: a.id }),
      400,
      'hazard_duplicate_of_itself',
    );
    expect(self.errors).toEqual([
      { path: 'originalId', code: 'hazard_duplicate_of_itself', message: expect.stringContaining('不能把隐患关联为它自己') },
    ]);
    const unseen = expectProblem(
      await act(as.station_staff!, a.id, { action: 'link-duplicate', originalId: crypto.randomUUID() }),
      404,
      'not_found',
    );
    expect(unseen.errors).toEqual([{ path: 'originalId', code: 'not_found', message: expect.stringContaining('隐患不存在') }]);
    expect((await act(as.station_staff!, a.id, { action: 'link-duplicate', originalId: b.id })).status).toBe(200);
    const back = expectProblem(
      await act(as.station_staff!, b.id, { action: 'link-duplicate', originalId: a.id }),
      400,
      'hazard_original_is_duplicate',
    );
    // The hazard it duplicates is named, so the form can offer it instead.
    expect(back.params).toEqual({ duplicateOf: b.id });
    expect(back.errors).toEqual([
      { path: 'originalId', code: 'hazard_original_is_duplicate', message: expect.stringContaining('请关联到它的原隐患') },
    ]);
    const nul = expectProblem(await report(as.grid_member!, { description: 'ab\u0000cd' }), 400, 'invalid_characters');
    expect(nul.params).toEqual({ field: 'description' });
  });
});

describe('retries and races', () => {
  it('20 retries of one report with one Idempotency-Key make exactly one hazard', async () => {
    const key = `report-${crypto.randomUUID()}`;
    const body = { description: `幂等测试 ${key}` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => report(as.grid_member!, body, { 'idempotency-key': key })));
    const ok = answers.filter((a) => a.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length + answers.filter((a) => a.status === 409).length).toBe(20);
    for (const a of answers) expect([201, 409]).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 409)) expectProblem(a, 409, 'idempotency_in_flight');
    expect(new Set(ok.map((a) => a.body.id)).size).toBe(1);
    const [count] = await world.admin('select count(*)::int as n from hazards where description = $1', [body.description]);
    expect(count!.n).toBe(1);
    const again = await report(as.grid_member!, body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(ok[0]!.body.id);
    expectProblem(await report(as.grid_member!, { description: '另一条' }, { 'idempotency-key': key }), 422, 'idempotency_key_reused');

    // Kept for 24 hours, then forgotten by the scheduled jobs (a retry a day later is a new report).
    const stored = async () => (await world.admin('select count(*)::int as n from idempotency_keys where key = $1', [key]))[0]!.n;
    expect(await stored()).toBe(1);
    await forgetOldIdempotencyKeys(world.deps.database, new Date(now.getTime() + 23 * 3_600_000));
    expect(await stored()).toBe(1);
    await forgetOldIdempotencyKeys(world.deps.database, new Date(now.getTime() + 25 * 3_600_000));
    expect(await stored()).toBe(0);
  });

  it('50 concurrent transitions on one hazard: exactly one wins, the rest get 409, one new event', async () => {
    const { body } = await report(as.grid_member!);
    const [before] = await world.admin('select count(*)::int as n from timeline_events where subject_id = $1', [body.id]);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(world, as.station_staff!, 'POST', `/api/v1/hazards/${body.id}/transitions`, {
          action: 'route',
          version: body.version,
          lead: { kind: 'company', companyId: company },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(expectProblem(a, 409, 'version_conflict').params).toEqual({ resource: 'hazard', current: body.version + 1 });
    }
    const [after] = await world.admin('select count(*)::int as n from timeline_events where subject_id = $1', [body.id]);
    expect((after!.n as number) - (before!.n as number)).toBe(1);
  });
});

describe('escalation on a controlled clock', CLOCK_JUMPS, () => {
  it('raises overdue hazards one level per interval, and a second run changes nothing', async () => {
    await setClock('2026-11-24T02:00:00Z');
    const { body } = await report(as.grid_member!, { severity: 'major' });
    await act(as.station_staff!, body.id, {
      action: 'route',
      lead: { kind: 'company', companyId: company },
      assisting: [{ kind: 'department', departmentId: department }],
    });
    await act(as.property_manager!, body.id, { action: 'accept' });
    // major: 2 days → 2026-11-26 23:59:59.999 Shanghai = 15:59:59.999Z
    await setClock('2026-11-26T15:59:59.999Z');
    await runEscalationSweep(world.deps.database, now);
    expect((await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}`)).body.escalationLevel).toBe(0);

    await setClock('2026-11-26T16:00:00.000Z');
    await runEscalationSweep(world.deps.database, now);
    const once = await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}`);
    expect(once.body).toMatchObject({ escalationLevel: 1, overdue: true });
    const [events1] = await world.admin("select count(*)::int as n from timeline_events where subject_id = $1 and action = 'escalate'", [
      body.id,
    ]);
    await runEscalationSweep(world.deps.database, now);
    const [events2] = await world.admin("select count(*)::int as n from timeline_events where subject_id = $1 and action = 'escalate'", [
      body.id,
    ]);
    expect(events2!.n).toBe(events1!.n);

    // 3 days late: level 3 (the top of the default chain), with one event per level.
    await setClock('2026-11-29T17:00:00.000Z');
    await runEscalationSweep(world.deps.database, now);
    await runEscalationSweep(world.deps.database, now);
    expect((await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}`)).body.escalationLevel).toBe(3);
    const levels = await world.admin(
      "select data->>'level' as level, actor_user_id from timeline_events where subject_id = $1 and action = 'escalate' order by seq",
      [body.id],
    );
    expect(levels).toEqual([1, 2, 3].map((l) => ({ level: String(l), actor_user_id: null })));
    const [notice] = await world.admin(
      "select data->'formalNoticeTo' as n from timeline_events where subject_id = $1 and action = 'escalate' limit 1",
      [body.id],
    );
    expect(notice!.n).toEqual([{ departmentId: department, name: '示范市场监督管理局' }]);
    expect((await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}/timeline/verify`)).body.valid).toBe(true);
  });
});

describe('the timeline cannot be quietly changed', () => {
  it('detects an edit made behind the app’s back, and the app role cannot edit it at all', async () => {
    const { body } = await report(as.grid_member!);
    await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company } });
    await expect(world.asAppRole(demoA, "update timeline_events set note = 'x' where subject_id = $1", [body.id])).rejects.toThrow(
      /permission denied/,
    );
    await expect(world.asAppRole(demoA, 'delete from timeline_events where subject_id = $1', [body.id])).rejects.toThrow(
      /permission denied/,
    );
    await world.admin("update timeline_events set note = '改过的记录' where subject_id = $1 and seq = 1", [body.id]);
    const verdict = await call(world, as.committee_admin!, 'GET', `/api/v1/hazards/${body.id}/timeline/verify`);
    expect(verdict.body).toMatchObject({ valid: false, brokenAtSeq: 1 });
  });
});

describe('who sees which hazard', () => {
  it('a grid member sees its own reports; a property manager its company’s; another district nothing', async () => {
    const mine = (await report(as.grid_member!)).body;
    const notMine = (await report(as.community_staff!)).body;
    const gm = await call(world, as.grid_member!, 'GET', '/api/v1/hazards?limit=200');
    const ids = gm.body.items.map((h: { id: string }) => h.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(notMine.id);
    expectProblem(await call(world, as.grid_member!, 'GET', `/api/v1/hazards/${notMine.id}`), 404, 'not_found');

    const pm = await call(world, as.property_manager!, 'GET', '/api/v1/hazards?limit=200');
    expect(pm.body.items.length).toBeGreaterThan(0);
    for (const h of pm.body.items as { parties: { companyId: string | null }[] }[]) {
      expect(h.parties.some((p) => p.companyId === company)).toBe(true);
    }
    expectProblem(await call(world, as.other!, 'GET', `/api/v1/hazards/${mine.id}`), 404, 'not_found');
    expectProblem(await act(as.other!, mine.id, { action: 'close-as', outcome: 'not_a_hazard', reason: '越权' }), 404, 'not_found');
  });

  it('assignedToMe lists what the caller’s party must fix', async () => {
    const { body } = await report(as.grid_member!);
    await act(as.station_staff!, body.id, { action: 'route', lead: { kind: 'company', companyId: company } });
    const todo = await call(world, as.property_manager!, 'GET', '/api/v1/hazards?assignedToMe=true&open=true&limit=200');
    expect(todo.body.items.map((h: { id: string }) => h.id)).toContain(body.id);
    const notTodo = await call(world, as.community_staff!, 'GET', '/api/v1/hazards?assignedToMe=true&open=true&limit=200');
    expect(notTodo.body.items.map((h: { id: string }) => h.id)).not.toContain(body.id);
  });
});

describe('my work (GET /my/work)', () => {
  it('is for the people of a district: an oversight office and the platform operators get 403', async () => {
    for (const [tenant, username] of [
      ['demo-city', 'oversight_viewer'],
      ['firegrid', 'platform_operator'],
    ] as const) {
      const res = await call(world, await login(world, tenant, username), 'GET', '/api/v1/my/work');
      expect(expectProblem(res, 403, 'forbidden').params).toEqual({ permission: 'hazards.read' });
    }
    for (const role of ['grid_member', 'property_manager', 'committee_staff'] as const) {
      expect((await call(world, as[role]!, 'GET', '/api/v1/my/work')).status).toBe(200);
    }
  });

  it('checks "holds a district role" as hazards.read, which exactly the district roles hold', () => {
    for (const role of ROLES) {
      const { tenantKind, permissions } = ROLE_DEFINITIONS[role];
      expect(permissions.includes('hazards.read'), role).toBe(tenantKind === 'district');
    }
  });
});
