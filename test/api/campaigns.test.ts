import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Campaigns (专项行动) through the API: templates, creating from the Erqi plan and explicitly,
 * validation with field paths, references checked against the caller's district, who may write,
 * version guards, phase replacement with stable ids, and isolation from another district.
 * The clock is fixed at 2025-12-01 16:30 UTC = 2025-12-02 00:30 in Shanghai: the district's day
 * is already 12-02 while UTC's is still 12-01.
 */
let world: TestWorld;
const now = new Date('2025-12-01T16:30:00Z');
let demoA: string;
const s: Record<string, Session> = {};
const id: Record<string, string> = {};
const CAMPAIGN_TABLES = ['campaigns', 'campaign_phases', 'campaign_units'] as const;

const one = async (sql: string, params: unknown[]) => (await world.admin(sql, params))[0]!.id as string;
const dept = (tenant: string, name: string) =>
  one('select d.id from departments d join tenants t on t.id = d.tenant_id where t.slug = $1 and d.name = $2', [tenant, name]);
const company = (tenant: string, name: string) =>
  one('select c.id from companies c join tenants t on t.id = c.tenant_id where t.slug = $1 and c.name = $2', [tenant, name]);

const create = (session: Session, body: unknown, headers: Record<string, string> = {}) =>
  call(world, { ...session, headers: { ...session.headers, ...headers } }, 'POST', '/api/v1/campaigns', body);

/** A valid explicit body, to spoil one field at a time. */
const explicit = (extra: Record<string, unknown> = {}) => ({
  name: '高层住宅消防安全专项检查',
  goal: '排查高层住宅消防设施和生命通道，整改发现的隐患。',
  phases: [
    { name: '排查', startsOn: '2025-11-20', endsOn: '2025-12-01' },
    { name: '整改', goal: '逐项整改销号', startsOn: '2025-12-02', endsOn: '2025-12-31' },
  ],
  leads: [{ kind: 'department', id: id.fire }],
  responsible: [{ kind: 'org_unit', id: id.eastStreet }],
  ...extra,
});

type Answer = Awaited<ReturnType<typeof call>>;
const paths = (res: Answer) => ((res.body.errors ?? []) as { path: string }[]).map((e) => e.path).sort();
/** The problem's field paths, after checking it is a well-formed problem of this status and code. */
const problemPaths = (res: Answer, status: number, code: string) => {
  expectProblem(res, status, code);
  return paths(res);
};

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  id.eastStreet = await orgUnitId(world, 'demo-a', '示范东湖街道');
  id.eastCommunity = await orgUnitId(world, 'demo-a', '东湖社区');
  id.fire = await dept('demo-a', '示范消防救援大队');
  id.housing = await dept('demo-a', '示范住房和城乡建设局');
  id.company = await company('demo-a', '示范安居物业服务有限公司');
  id.bStreet = await orgUnitId(world, 'demo-b', '示范北城街道');
  id.bFire = await dept('demo-b', '示范消防救援大队');
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

describe('campaign templates', () => {
  it('lists the templates shipped with the product to every task reader', async () => {
    for (const role of ['committee_admin', 'station_staff', 'department_staff', 'property_manager']) {
      const res = await call(world, s[role]!, 'GET', '/api/v1/campaign-templates');
      expect(res.status, role).toBe(200);
      expect(
        res.body.items.map((t: { code: string }) => t.code),
        role,
      ).toEqual(['erqi-community', 'hundred-day']);
    }
    const res = await call(world, s.station_staff!, 'GET', '/api/v1/campaign-templates');
    const erqi = res.body.items[0];
    expect(erqi).toMatchObject({
      name: '村(社区)消防安全专项整治',
      leads: expect.arrayContaining(['区房屋管理事务中心', '区消防救援大队']),
    });
    expect(erqi.phases.map((p: { name: string; lengthLabel: string }) => `${p.name} ${p.lengthLabel}`)).toEqual([
      '工作部署 8天',
      '集中排查整治 36天',
      '巩固提升 3个月',
    ]);
    expect(erqi.phases[0].startsOn).toBeUndefined();
    expect(erqi.tasks.find((t: { title: string }) => t.title === '召开动员部署会')).toMatchObject({
      phaseOrdinal: 1,
      assignees: 'streets',
      assigneesLabel: '各镇（街道）',
      done: { evidence: ['document', 'photo'] },
    });
    const hundred = res.body.items[1];
    expect(hundred.phases.map((p: { length: { count: number } }) => p.length.count).reduce((a: number, b: number) => a + b)).toBe(100);
  });

  it('dates a template’s phases from a start day, and answers 404 / 400 / 403 as it should', async () => {
    const res = await call(world, s.community_staff!, 'GET', '/api/v1/campaign-templates/erqi-community?startsOn=2025-11-18');
    expect(res.status).toBe(200);
    expect(res.body.phases.map((p: { startsOn: string; endsOn: string }) => [p.startsOn, p.endsOn])).toEqual([
      ['2025-11-18', '2025-11-25'],
      ['2025-11-26', '2025-12-31'],
      ['2026-01-01', '2026-03-31'],
    ]);
    expect(
      expectProblem(await call(world, s.committee_admin!, 'GET', '/api/v1/campaign-templates/wuhan-2030'), 404, 'not_found').detail,
    ).toContain('模板');
    const badCode = await call(world, s.committee_admin!, 'GET', '/api/v1/campaign-templates/ERQI!');
    expect(problemPaths(badCode, 400, 'validation_failed')).toEqual(['param.code']);
    expect(badCode.body.errors[0].code).toBe('template_code_format');
    const badDate = await call(world, s.committee_admin!, 'GET', '/api/v1/campaign-templates/erqi-community?startsOn=2025-02-30');
    expect(problemPaths(badDate, 400, 'validation_failed')).toEqual(['query.startsOn']);
    expectProblem(await call(world, s.grid_member!, 'GET', '/api/v1/campaign-templates'), 403, 'forbidden');
  });
});

describe('POST /campaigns', () => {
  it('creates a campaign from the Erqi template with the plan’s dates, units with names, and an audit event', async () => {
    const res = await create(s.committee_admin!, {
      templateCode: 'erqi-community',
      startsOn: '2025-11-18',
      leads: [
        { kind: 'department', id: id.fire },
        { kind: 'department', id: id.housing },
      ],
      responsible: [
        { kind: 'org_unit', id: id.eastStreet },
        { kind: 'company', id: id.company },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({
      name: '村(社区)消防安全专项整治',
      goal: expect.stringContaining('最后一米'),
      templateCode: 'erqi-community',
      status: 'active',
      scopeOrgUnitId: null,
      scopeOrgUnitName: null,
      startsOn: '2025-11-18',
      endsOn: '2026-03-31',
      version: 1,
    });
    expect(
      c.phases.map((p: { ordinal: number; name: string; startsOn: string; endsOn: string }) => [p.ordinal, p.name, p.startsOn, p.endsOn]),
    ).toEqual([
      [1, '工作部署', '2025-11-18', '2025-11-25'],
      [2, '集中排查整治', '2025-11-26', '2025-12-31'],
      [3, '巩固提升', '2026-01-01', '2026-03-31'],
    ]);
    expect(c.currentPhaseId).toBe(c.phases[1].id);
    // Units come org units first, then departments, then companies; by name within a kind.
    expect(c.leads).toHaveLength(2);
    expect(c.leads).toEqual(
      expect.arrayContaining([
        { kind: 'department', id: id.housing, name: '示范住房和城乡建设局' },
        { kind: 'department', id: id.fire, name: '示范消防救援大队' },
      ]),
    );
    expect(c.responsible).toEqual([
      { kind: 'org_unit', id: id.eastStreet, name: '示范东湖街道' },
      { kind: 'company', id: id.company, name: '示范安居物业服务有限公司' },
    ]);
    const [row] = await world.admin('select tenant_id, created_by, template_code from campaigns where id = $1', [c.id]);
    expect(row).toMatchObject({ tenant_id: demoA, template_code: 'erqi-community' });
    expect((await world.admin('select count(*)::int as n from campaign_units where campaign_id = $1', [c.id]))[0]!.n).toBe(4);
    const audit = await world.admin(
      'select a.action, u.username, a.detail from audit_events a join users u on u.id = a.actor_user_id where a.target_id = $1',
      [c.id],
    );
    expect(audit).toEqual([
      { action: 'campaign.created', username: 'committee_admin', detail: expect.objectContaining({ templateCode: 'erqi-community' }) },
    ]);
    id.erqi = c.id;

    const get = await call(world, s.department_staff!, 'GET', `/api/v1/campaigns/${c.id}`);
    expect(get.status).toBe(200);
    expect(get.body).toEqual(c);
  });

  it('lets a template fill only what is missing', async () => {
    const res = await create(s.committee_staff!, {
      templateCode: 'hundred-day',
      name: '2026年消防安全百日攻坚',
      scopeOrgUnitId: id.eastStreet,
      phases: [{ name: '一次完成', startsOn: '2026-03-01', endsOn: '2026-06-08' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: '2026年消防安全百日攻坚',
      goal: expect.stringContaining('攻坚'),
      templateCode: 'hundred-day',
      scopeOrgUnitName: '示范东湖街道',
      leads: [],
      responsible: [],
      currentPhaseId: null,
    });
    expect(res.body.phases).toHaveLength(1);
  });

  it('creates an explicit campaign; the current phase follows the district’s calendar day, not UTC’s', async () => {
    const res = await create(s.committee_staff!, explicit({ scopeOrgUnitId: id.eastStreet }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      templateCode: null,
      scopeOrgUnitId: id.eastStreet,
      scopeOrgUnitName: '示范东湖街道',
      startsOn: '2025-11-20',
      endsOn: '2025-12-31',
    });
    expect(res.body.phases.map((p: { goal: string | null }) => p.goal)).toEqual([null, '逐项整改销号']);
    // 2025-12-01 in UTC but 2025-12-02 in Shanghai: the second phase.
    expect(res.body.currentPhaseId).toBe(res.body.phases[1].id);
    id.explicit = res.body.id;
  });

  it('makes one campaign for retries with one Idempotency-Key', async () => {
    const key = `campaign-${crypto.randomUUID()}`;
    const body = explicit({ name: '重试测试专项' });
    const first = await create(s.committee_admin!, body, { 'idempotency-key': key });
    const again = await create(s.committee_admin!, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await world.admin("select count(*)::int as n from campaigns where name = '重试测试专项'"))[0]!.n).toBe(1);
  });

  it('refuses every malformed body with 400 and the field paths, writing nothing', async () => {
    const before = await fingerprint(world, CAMPAIGN_TABLES);
    const phase = (startsOn: string, endsOn: string) => ({ name: '阶段', startsOn, endsOn });
    const cases: [unknown, string[]][] = [
      [{}, ['goal', 'name', 'phases']],
      [explicit({ name: ' ' }), ['name']],
      [explicit({ color: 'red' }), ['color']],
      [explicit({ phases: [] }), ['phases']],
      [
        explicit({
          phases: Array.from({ length: 11 }, (_, i) =>
            phase(`2026-01-${String(i * 2 + 1).padStart(2, '0')}`, `2026-01-${String(i * 2 + 1).padStart(2, '0')}`),
          ),
        }),
        ['phases'],
      ],
      [explicit({ phases: [phase('2025-12-10', '2025-12-01')] }), ['phases.0.endsOn']],
      [explicit({ phases: [phase('2025-12-01', '2025-12-10'), phase('2025-12-10', '2025-12-20')] }), ['phases.1.startsOn']],
      [explicit({ phases: [phase('2025-12-11', '2025-12-20'), phase('2025-12-01', '2025-12-10')] }), ['phases.1.startsOn']],
      [explicit({ phases: [phase('2025-02-30', '2025-03-10')] }), ['phases.0.startsOn']],
      [explicit({ phases: [{ startsOn: '2025-12-01', endsOn: '2025-12-02' }] }), ['phases.0.name']],
      [explicit({ leads: [{ kind: 'planet', id: id.fire }] }), ['leads.0.kind']],
      [explicit({ leads: [{ kind: 'department', id: 'fire' }] }), ['leads.0.id']],
      [
        explicit({
          responsible: [
            { kind: 'org_unit', id: id.eastStreet },
            { kind: 'org_unit', id: id.eastStreet },
          ],
        }),
        ['responsible.1.id'],
      ],
      [explicit({ scopeOrgUnitId: 42 }), ['scopeOrgUnitId']],
      [explicit({ startsOn: '2025-11-18' }), ['startsOn']],
      [{ templateCode: 'erqi-community' }, ['startsOn']],
      [{ templateCode: 'erqi-community', startsOn: '2025-11-18', phases: [phase('2025-12-01', '2025-12-10')] }, ['startsOn']],
      [{ templateCode: 'wuhan-2030', startsOn: '2025-11-18' }, ['templateCode']],
      [{ templateCode: 'erqi-community', startsOn: '2025-11-31' }, ['startsOn']],
    ];
    for (const [body, expected] of cases) {
      const res = await create(s.committee_admin!, body);
      const label = JSON.stringify(body).slice(0, 160);
      expect(res.status, label).toBe(400);
      expectProblem(res, 400, 'validation_failed');
      expect(paths(res), label).toEqual(expected);
    }
    const overlap = await create(
      s.committee_admin!,
      explicit({ phases: [phase('2025-12-01', '2025-12-10'), phase('2025-12-05', '2025-12-20')] }),
    );
    expect(overlap.body.errors[0].message).toContain('不能重叠');
    // Each cross-field rule says which one it is, with its parameters in the words.
    const codes = (res: Answer) => (res.body.errors as { path: string; code: string }[]).map((e) => `${e.path}:${e.code}`).sort();
    expect(codes(overlap)).toEqual(['phases.1.startsOn:phase_overlaps_previous']);
    expect(overlap.body.errors[0].message).toContain('2025-12-10');
    expect(codes(await create(s.committee_admin!, {}))).toEqual(['goal:required', 'name:required', 'phases:required']);
    expect(codes(await create(s.committee_admin!, explicit({ startsOn: '2025-11-18' })))).toEqual(['startsOn:not_applicable']);
    expect(codes(await create(s.committee_admin!, { templateCode: 'erqi-community' }))).toEqual(['startsOn:one_of']);
    const backwards = await create(s.committee_admin!, explicit({ phases: [phase('2025-12-10', '2025-12-01')] }));
    expect(backwards.body.errors).toEqual([{ path: 'phases.0.endsOn', code: 'end_before_start', message: '不能早于开始日期 2025-12-10' }]);
    const twiceListed = await create(
      s.committee_admin!,
      explicit({
        responsible: [
          { kind: 'org_unit', id: id.eastStreet },
          { kind: 'org_unit', id: id.eastStreet },
        ],
      }),
    );
    expect(codes(twiceListed)).toEqual(['responsible.1.id:listed_twice']);
    // The supported years: 2000–2099.
    expect(codes(await create(s.committee_admin!, explicit({ phases: [phase('1999-12-31', '2000-01-10')] })))).toEqual([
      'phases.0.startsOn:date_format',
    ]);
    expect(await fingerprint(world, CAMPAIGN_TABLES)).toEqual(before);
  });

  it('answers 404 naming each field that points outside the district, writing nothing', async () => {
    const before = await fingerprint(world, CAMPAIGN_TABLES);
    const res = await create(
      s.committee_admin!,
      explicit({
        scopeOrgUnitId: id.bStreet,
        leads: [
          { kind: 'department', id: id.bFire },
          { kind: 'department', id: id.fire },
        ],
        responsible: [
          { kind: 'org_unit', id: id.eastStreet },
          { kind: 'company', id: crypto.randomUUID() },
        ],
      }),
    );
    expectProblem(res, 404, 'not_found');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['scopeOrgUnitId', 'leads.0.id', 'responsible.1.id']);
    expect(res.body.params).toEqual({ resource: 'record' }); // units, departments and a company
    expect(res.body.errors.map((e: { code: string; message: string }) => [e.code, e.message])).toEqual([
      ['not_found', '单位不存在或不在您的管辖范围内'],
      ['not_found', '职能部门不存在或不在您的管辖范围内'],
      ['not_found', '物业企业不存在或不在您的管辖范围内'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain('北城');
    // An id of the right district under the wrong kind is not found either.
    const wrongKind = await create(s.committee_admin!, explicit({ leads: [{ kind: 'org_unit', id: id.fire }] }));
    expect(expectProblem(wrongKind, 404, 'not_found').errors).toEqual([
      { path: 'leads.0.id', code: 'not_found', message: expect.any(String) },
    ]);
    expect(wrongKind.body.params).toEqual({ resource: 'org_unit' });
    const fromTemplate = await create(s.committee_admin!, {
      templateCode: 'erqi-community',
      startsOn: '2025-11-18',
      responsible: [{ kind: 'org_unit', id: id.bStreet }],
    });
    expect(expectProblem(fromTemplate, 404, 'not_found').errors).toEqual([
      { path: 'responsible.0.id', code: 'not_found', message: expect.any(String) },
    ]);
    expect(await fingerprint(world, CAMPAIGN_TABLES)).toEqual(before);
  });

  it('lets only the committee create campaigns', async () => {
    const before = await fingerprint(world, CAMPAIGN_TABLES);
    for (const role of ['grid_member', 'property_manager', 'station_staff', 'community_staff', 'department_staff']) {
      const res = await create(s[role]!, explicit());
      expect(expectProblem(res, 403, 'forbidden').detail, role).toContain('campaigns.manage');
    }
    expect(await fingerprint(world, CAMPAIGN_TABLES)).toEqual(before);
  });
});

describe('GET /campaigns', () => {
  it('shows every campaign of the district to every task reader, a page at a time', async () => {
    const all = (await world.admin('select id from campaigns where tenant_id = $1 order by created_at, id', [demoA])).map((r) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const role of ['committee_staff', 'station_staff', 'community_staff', 'department_staff', 'property_manager']) {
      const res = await call(world, s[role]!, 'GET', '/api/v1/campaigns?limit=200');
      expect(res.status, role).toBe(200);
      expect(
        res.body.items.map((c: { id: string }) => c.id),
        role,
      ).toEqual(all);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(world, s.station_staff!, 'GET', `/api/v1/campaigns?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const erqi = (await call(world, s.station_staff!, 'GET', '/api/v1/campaigns?limit=200')).body.items.find(
      (c: { id: string }) => c.id === id.erqi,
    );
    expect(erqi.currentPhaseId).toBe(erqi.phases[1].id);
    expect(erqi.leads).toHaveLength(2);

    expectProblem(await call(world, s.grid_member!, 'GET', '/api/v1/campaigns'), 403, 'forbidden');
    const bad = await call(world, s.station_staff!, 'GET', '/api/v1/campaigns?status=deleted&sort=goal');
    expect(problemPaths(bad, 400, 'validation_failed')).toEqual(['query.sort', 'query.status']);
  });
});

describe('PATCH /campaigns/{id}', () => {
  it('updates with the version read, refuses a stale one, and archives instead of deleting', async () => {
    const renamed = await call(world, s.committee_staff!, 'PATCH', `/api/v1/campaigns/${id.explicit}`, {
      version: 1,
      name: '高层住宅消防安全专项整治',
      scopeOrgUnitId: null,
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: '高层住宅消防安全专项整治', scopeOrgUnitId: null, scopeOrgUnitName: null, version: 2 });

    const before = await fingerprint(world, CAMPAIGN_TABLES);
    const stale = await call(world, s.committee_admin!, 'PATCH', `/api/v1/campaigns/${id.explicit}`, { version: 1, name: '旧版本的修改' });
    expect(expectProblem(stale, 409, 'version_conflict').detail).toContain('当前版本 2');
    expect(stale.body.params).toEqual({ resource: 'campaign', current: 2 });
    const foreign = await call(world, s.committee_admin!, 'PATCH', `/api/v1/campaigns/${id.explicit}`, {
      version: 2,
      scopeOrgUnitId: id.bStreet,
    });
    expect(expectProblem(foreign, 404, 'not_found').errors).toEqual([
      { path: 'scopeOrgUnitId', code: 'not_found', message: '单位不存在或不在您的管辖范围内' },
    ]);
    expect(foreign.body.params).toEqual({ resource: 'org_unit' });
    expectProblem(
      await call(world, s.committee_admin!, 'PATCH', `/api/v1/campaigns/${id.explicit}`, { version: 2, status: 'deleted' }),
      400,
      'validation_failed',
    );
    expectProblem(
      await call(world, s.station_staff!, 'PATCH', `/api/v1/campaigns/${id.explicit}`, { version: 2, name: 'x' }),
      403,
      'forbidden',
    );
    expect(await fingerprint(world, CAMPAIGN_TABLES)).toEqual(before);

    const archived = await call(world, s.committee_admin!, 'PATCH', `/api/v1/campaigns/${id.explicit}`, { version: 2, status: 'archived' });
    expect(archived.body).toMatchObject({ status: 'archived', version: 3 });
    const list = await call(world, s.committee_admin!, 'GET', '/api/v1/campaigns?status=archived');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([id.explicit]);
    const audit = await world.admin("select detail from audit_events where action = 'campaign.updated' and target_id = $1 order by id", [
      id.explicit,
    ]);
    expect(audit.map((a) => a.detail)).toEqual([{ name: '高层住宅消防安全专项整治', scopeOrgUnitId: null }, { status: 'archived' }]);
    // No DELETE: campaigns are archived.
    expect([404, 405]).toContain((await call(world, s.committee_admin!, 'DELETE', `/api/v1/campaigns/${id.explicit}`)).status);
  });
});

describe('phases', () => {
  const put = (session: Session, campaignId: string | undefined, body: unknown) =>
    call(world, session, 'PUT', `/api/v1/campaigns/${campaignId}/phases`, body);

  it('replaces the phases keeping the ids of those it keeps, renumbered in order', async () => {
    const current = await call(world, s.community_staff!, 'GET', `/api/v1/campaigns/${id.erqi}/phases`);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ campaignId: id.erqi, version: 1, currentPhaseId: current.body.phases[1].id });
    const [deploy, concentrate, consolidate] = current.body.phases as { id: string; name: string }[];

    // Extend the concentrated phase by ten days, drop nothing, add a summary phase.
    const res = await put(s.committee_admin!, id.erqi, {
      version: 1,
      phases: [
        { id: deploy!.id, name: '工作部署', startsOn: '2025-11-18', endsOn: '2025-11-25' },
        { id: concentrate!.id, name: '集中排查整治', goal: '延长十天', startsOn: '2025-11-26', endsOn: '2026-01-10' },
        { id: consolidate!.id, name: '巩固提升', startsOn: '2026-01-11', endsOn: '2026-03-20' },
        { name: '总结验收', startsOn: '2026-03-21', endsOn: '2026-03-31' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.phases.map((p: { id: string; ordinal: number; endsOn: string }) => [p.id, p.ordinal, p.endsOn])).toEqual([
      [deploy!.id, 1, '2025-11-25'],
      [concentrate!.id, 2, '2026-01-10'],
      [consolidate!.id, 3, '2026-03-20'],
      [expect.any(String), 4, '2026-03-31'],
    ]);
    expect(res.body.phases[1].goal).toBe('延长十天');

    // Merge deployment into the concentrated phase; the kept ids move up.
    const merged = await put(s.committee_staff!, id.erqi, {
      version: 2,
      phases: [
        { id: concentrate!.id, name: '部署和集中整治', startsOn: '2025-11-18', endsOn: '2026-01-10' },
        { id: consolidate!.id, name: '巩固提升', startsOn: '2026-01-11', endsOn: '2026-03-31' },
      ],
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.phases.map((p: { id: string; ordinal: number }) => [p.id, p.ordinal])).toEqual([
      [concentrate!.id, 1],
      [consolidate!.id, 2],
    ]);
    const campaign = await call(world, s.committee_admin!, 'GET', `/api/v1/campaigns/${id.erqi}`);
    expect(campaign.body).toMatchObject({ version: 3, startsOn: '2025-11-18', endsOn: '2026-03-31', currentPhaseId: concentrate!.id });
    const audit = await world.admin(
      "select count(*)::int as n from audit_events where action = 'campaign.phases_replaced' and target_id = $1",
      [id.erqi],
    );
    expect(audit[0]!.n).toBe(2);
  });

  it('refuses overlap, a stale version, foreign phase ids and an archived campaign, writing nothing', async () => {
    const { body: current } = await call(world, s.committee_admin!, 'GET', `/api/v1/campaigns/${id.erqi}/phases`);
    const [first, second] = current.phases as { id: string }[];
    const before = await fingerprint(world, CAMPAIGN_TABLES);
    const overlap = await put(s.committee_admin!, id.erqi, {
      version: current.version,
      phases: [
        { id: first!.id, name: 'A', startsOn: '2025-11-18', endsOn: '2026-01-10' },
        { id: second!.id, name: 'B', startsOn: '2026-01-05', endsOn: '2026-03-31' },
      ],
    });
    expect(problemPaths(overlap, 400, 'validation_failed')).toEqual(['phases.1.startsOn']);
    const twice = await put(s.committee_admin!, id.erqi, {
      version: current.version,
      phases: [
        { id: first!.id, name: 'A', startsOn: '2025-11-18', endsOn: '2025-11-30' },
        { id: first!.id, name: 'B', startsOn: '2025-12-01', endsOn: '2026-03-31' },
      ],
    });
    expect(problemPaths(twice, 400, 'validation_failed')).toEqual(['phases.1.id']);
    const stale = await put(s.committee_admin!, id.erqi, {
      version: current.version - 1,
      phases: [{ id: first!.id, name: 'A', startsOn: '2025-11-18', endsOn: '2026-03-31' }],
    });
    expectProblem(stale, 409, 'version_conflict');
    const { body: other } = await call(world, s.committee_admin!, 'GET', `/api/v1/campaigns/${id.explicit}/phases`);
    const borrowed = await put(s.committee_admin!, id.erqi, {
      version: current.version,
      phases: [
        { id: first!.id, name: 'A', startsOn: '2025-11-18', endsOn: '2025-11-30' },
        { id: other.phases[0].id, name: 'B', startsOn: '2025-12-01', endsOn: '2026-03-31' },
      ],
    });
    expect(expectProblem(borrowed, 404, 'not_found').errors).toEqual([
      { path: 'phases.1.id', code: 'not_found', message: '阶段不存在或不在您的管辖范围内' },
    ]);
    expect(borrowed.body.params).toEqual({ resource: 'phase' });
    const archived = await put(s.committee_admin!, id.explicit, {
      version: other.version,
      phases: [{ name: 'A', startsOn: '2025-11-18', endsOn: '2026-03-31' }],
    });
    expect(expectProblem(archived, 409, 'campaign_archived').detail).toContain('归档');
    expectProblem(
      await put(s.station_staff!, id.erqi, {
        version: current.version,
        phases: [{ name: 'A', startsOn: '2025-11-18', endsOn: '2026-03-31' }],
      }),
      403,
      'forbidden',
    );
    expect(await fingerprint(world, CAMPAIGN_TABLES)).toEqual(before);
  });

  it('will not remove a phase that a task assignment references', async () => {
    const { body: current } = await call(world, s.committee_admin!, 'GET', `/api/v1/campaigns/${id.erqi}/phases`);
    const [first, second] = current.phases as { id: string; name: string }[];
    await world.admin(
      `insert into task_assignments (tenant_id, campaign_id, phase_id, title, description, due_at, done, assignees)
       values ($1, $2, $3, '隐患自查自改', '组织全面排查', '2026-01-10T15:59:59.999Z', '{"checklist":[],"target":null,"evidence":[]}', '{"kind":"streets"}')`,
      [demoA, id.erqi, first!.id],
    );
    const before = await fingerprint(world, CAMPAIGN_TABLES);
    const res = await put(s.committee_admin!, id.erqi, {
      version: current.version,
      phases: [{ id: second!.id, name: '巩固提升', startsOn: '2025-11-18', endsOn: '2026-03-31' }],
    });
    const problem = expectProblem(res, 409, 'campaign_phase_in_use');
    expect(problem.detail).toContain(`「${first!.name}」`);
    expect(problem.detail).toContain('任务引用');
    expect(problem.params).toEqual({ phases: [{ id: first!.id, name: first!.name }] });
    expect(problem.errors).toEqual([{ path: 'phases', code: 'campaign_phase_in_use', message: problem.detail }]);
    expect(await fingerprint(world, CAMPAIGN_TABLES)).toEqual(before);

    // Keeping it (renamed, redated) is fine; removing the other one is too.
    const kept = await put(s.committee_admin!, id.erqi, {
      version: current.version,
      phases: [{ id: first!.id, name: '集中整治和巩固提升', startsOn: '2025-11-18', endsOn: '2026-03-31' }],
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.phases).toEqual([
      { id: first!.id, ordinal: 1, name: '集中整治和巩固提升', goal: null, startsOn: '2025-11-18', endsOn: '2026-03-31' },
    ]);
  });
});

describe('another district', () => {
  it('answers 404 to demo-b’s committee for every route of demo-a’s campaign, and lists nothing of it', async () => {
    const before = await fingerprint(world, CAMPAIGN_TABLES);
    const { body: current } = await call(world, s.committee_admin!, 'GET', `/api/v1/campaigns/${id.explicit}`);
    const answers = [
      await call(world, s.other!, 'GET', `/api/v1/campaigns/${id.erqi}`),
      await call(world, s.other!, 'GET', `/api/v1/campaigns/${id.erqi}/phases`),
      await call(world, s.other!, 'PATCH', `/api/v1/campaigns/${id.explicit}`, { version: current.version, name: '跨区修改' }),
      await call(world, s.other!, 'PUT', `/api/v1/campaigns/${id.erqi}/phases`, {
        version: 1,
        phases: [{ name: 'A', startsOn: '2025-11-18', endsOn: '2026-03-31' }],
      }),
    ];
    for (const res of answers) {
      expectProblem(res, 404, 'not_found');
      expect(JSON.stringify(res.body)).not.toMatch(/高层住宅|巩固提升|村\(社区\)/);
    }
    const list = await call(world, s.other!, 'GET', '/api/v1/campaigns?limit=200');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect(await fingerprint(world, CAMPAIGN_TABLES)).toEqual(before);
  });
});
