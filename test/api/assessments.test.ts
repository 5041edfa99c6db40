import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledJobs } from '../../src/scheduled.ts';
import { expectProblem } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * The monthly assessment (月度考核) end to end on a controlled clock: compute a month from
 * hand-made hazards whose answers are worked out here, drill down to what was counted, adjust
 * (bonus / deduction / veto) with reasons, publish, and then change the underlying data: the
 * published figures and drill-down lists stay as they were, and a recompute makes a new, visible
 * revision. Plus who sees what, validation, the rubric versions, rankings and the scheduled draft.
 */
let world: TestWorld;
let now = new Date('2026-12-02T02:00:00Z'); // 2 December, 10:00 in Shanghai: November has ended
let demoA: string;
let donghu: string; // 东湖社区 (community_staff's community)
let eastStreet: string; // 示范东湖街道, its street
const s: Record<string, Session> = {};
const MONTH = '2026-11';
let hazardNo = 0;

type Answer = Awaited<ReturnType<typeof call>>;
type Indicator = { key: string; n: number; d: number; value: number | null; points: number | null };
type Unit = {
  unitId: string;
  unitKind: string;
  unitName: string;
  base: number | null;
  final: number | null;
  adjustment: number;
  vetoed: boolean;
  rank: number | null;
  indicators: Indicator[];
};

const one = async (sql: string, params: unknown[] = [demoA]) => (await world.admin(sql, params))[0]!;

async function hazard(h: {
  due: string | null;
  closed?: string;
  outcome?: string;
  reported?: string;
  orgUnitId?: string;
}): Promise<{ id: string; number: string }> {
  const reporter = (await one("select id from users where tenant_id = $1 and username = 'grid_member'")).id;
  const category = (await one("select id from hazard_categories where tenant_id = $1 and code = 'electricity'")).id;
  const number = `YH-ASSESS-${String(++hazardNo).padStart(3, '0')}`;
  const closed = h.closed ?? null;
  const [row] = await world.admin(
    `insert into hazards (tenant_id, number, category_id, org_unit_id, description, severity, source, state, outcome, reporter_id, reported_at, due_at, closed_at, chain_head)
     values ($1, $2, $3, $4, '考核测试隐患', 'general', 'grid', $5, $6, $7, $8, $9, $10, 'x') returning id`,
    [
      demoA,
      number,
      category,
      h.orgUnitId ?? donghu,
      closed ? 'closed' : h.due ? 'rectifying' : 'reported',
      closed ? (h.outcome ?? 'fixed') : null,
      reporter,
      h.reported ?? '2026-11-01T02:00:00Z',
      h.due,
      closed,
    ],
  );
  return { id: row!.id as string, number };
}

const get = (session: Session, path: string) => call(world, session, 'GET', `/api/v1${path}`);
const post = (session: Session, path: string, body: unknown) => call(world, session, 'POST', `/api/v1${path}`, body);
const ok = (res: Answer, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};
const unitOf = (body: { units: Unit[] }, id: string) => body.units.find((u) => u.unitId === id)!;
const indicator = (u: { indicators: Indicator[] }, key: string) => u.indicators.find((i) => i.key === key)!;

const h: Record<string, { id: string; number: string }> = {};

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  donghu = await orgUnitId(world, 'demo-a', '东湖社区');
  eastStreet = (await one('select parent_id as id from org_units where id = $1', [donghu])).id as string;
  for (const role of ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'property_manager', 'grid_member'])
    s[role] = await login(world, 'demo-a', role);
  s.other = await login(world, 'demo-b', 'committee_admin');
  // November in Shanghai is [2026-10-31T16:00Z, 2026-11-30T16:00Z).
  h.onTime = await hazard({ due: '2026-11-10T15:59:59Z', closed: '2026-11-08T02:00:00Z' }); // fixed before its deadline
  h.late = await hazard({ due: '2026-11-10T15:59:59Z', closed: '2026-11-20T02:00:00Z' }); // fixed, after its deadline
  h.open = await hazard({ due: '2026-11-15T15:59:59Z' }); // still being fixed at month end
  h.enforcement = await hazard({ due: '2026-11-12T15:59:59Z', closed: '2026-11-12T02:00:00Z', outcome: 'enforcement' }); // closed, not fixed
  h.duplicate = await hazard({ due: '2026-11-12T15:59:59Z', closed: '2026-11-03T02:00:00Z', outcome: 'duplicate' }); // never was one
  h.december = await hazard({ due: '2026-12-05T15:59:59Z' }); // due next month: not counted
});
afterAll(() => world.close());

describe('computing a month', () => {
  it('scores 东湖社区 from its hazards: 整改率 2/4, on time 1/4, average days of the fixed ones', async () => {
    const body = ok(await post(s.committee_admin!, `/assessments/${MONTH}/compute`, {}), 201);
    expect(body.revision).toMatchObject({ revision: 1, status: 'draft', asOf: '2026-11-30T16:00:00.000Z' });
    const u = unitOf(body, donghu);
    // Due in November and a hazard: onTime, late, open, enforcement = 4; fixed by month end: onTime, late = 2.
    expect(indicator(u, 'rectification_rate')).toMatchObject({ n: 2, d: 4, value: 0.5 });
    // Fixed by its deadline: onTime only.
    expect(indicator(u, 'on_time_rate')).toMatchObject({ n: 1, d: 4, value: 0.25 });
    // Fixed in November: reported 11-01T02 → closed 11-08T02 = 7 days, → 11-20T02 = 19 days; mean 13.
    // (the community rubric has no avg_days; its street's has)
    const street = unitOf(body, eastStreet);
    expect(indicator(street, 'avg_days_to_fix')).toMatchObject({ n: 26, d: 2, value: 13 });
    // The same hazards count for the street (it holds the community).
    expect(indicator(street, 'rectification_rate')).toMatchObject({ n: 2, d: 4 });
    expect(u.base).not.toBeNull();
    expect(u.final).toBe(u.base);
  });

  it('drills down from the indicator to the hazards it counted, and shows formulas and "no data"', async () => {
    const detail = ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${donghu}`));
    const rect = detail.indicators.find((i: { key: string }) => i.key === 'rectification_rate');
    expect(rect.formula).toContain('÷');
    expect(rect.items.map((i: { label: string }) => i.label).sort()).toEqual(
      [h.onTime!.number, h.late!.number, h.open!.number, h.enforcement!.number].sort(),
    );
    expect(rect.items.find((i: { label: string }) => i.label === h.open!.number)).toMatchObject({
      subjectType: 'hazard',
      subjectId: h.open!.id,
      n: 0,
      d: 1,
    });
    // Nothing was looked back at in November: no data, not a zero and not a division by zero.
    expect(detail.indicators.find((i: { key: string }) => i.key === 'rebound_rate')).toMatchObject({
      value: null,
      points: null,
      d: 0,
      items: [],
    });
  });

  it('a draft’s drill-down is what was counted when it was computed, until it is computed again', async () => {
    const other = (
      await one('select id from org_units where tenant_id = $1 and depth = 2 and id <> $2 order by name limit 1', [demoA, donghu])
    ).id as string;
    const rect = (detail: { indicators: { key: string; d: number; items: { label: string }[] }[] }) =>
      detail.indicators.find((i) => i.key === 'rectification_rate')!;
    const before = ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${other}`));
    // Found after the draft was computed, due in November: not in the draft until it is computed again.
    const found = await hazard({ due: '2026-11-20T15:59:59Z', orgUnitId: other });
    expect(ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${other}`))).toEqual(before);
    ok(await post(s.committee_admin!, `/assessments/${MONTH}/compute`, {}));
    const after = ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${other}`));
    expect(rect(after).d).toBe(rect(before).d + 1);
    expect(rect(after).items.find((i) => i.label === found.number)).toEqual({
      subjectType: 'hazard',
      subjectId: found.id,
      label: found.number,
      n: 0,
      d: 1,
    });
    expect(rect(after).items.filter((i) => i.label !== found.number)).toEqual(rect(before).items);
  });

  it('refuses a month that has not begun and a malformed month', async () => {
    const future = expectProblem(await post(s.committee_admin!, '/assessments/2027-01/compute', {}), 400, 'assessment_month_not_begun');
    expect(future.params).toEqual({ month: '2027-01' });
    expect(future.detail).toContain('2027-01 尚未开始');
    const malformed = expectProblem(await post(s.committee_admin!, '/assessments/2026-13/compute', {}), 400, 'validation_failed');
    expect(malformed.errors).toEqual([{ path: 'param.month', code: 'month_format', message: expect.stringContaining('YYYY-MM') }]);
  });

  it('answers a month outside 2000–2099 with a 400 naming the month, never a 500 (regression)', async () => {
    const before = Number((await one('select count(*)::int as n from assessments where tenant_id = $1')).n);
    // 1949-10, 1970-01 and 1999-12 came before the shipped rubric (in force from 2000-01): "no street rubric version in force".
    for (const month of ['1949-10', '1970-01', '1999-12', '2100-01', '0113-10']) {
      const res = expectProblem(await post(s.committee_admin!, `/assessments/${month}/compute`, {}), 400, 'validation_failed');
      expect(res.errors, month).toEqual([{ path: 'param.month', code: 'month_format', message: expect.any(String) }]);
    }
    const query = expectProblem(await get(s.committee_admin!, '/assessments?month=1999-12'), 400, 'validation_failed');
    expect(query.errors).toEqual([{ path: 'query.month', code: 'month_format', message: expect.any(String) }]);
    expect(Number((await one('select count(*)::int as n from assessments where tenant_id = $1')).n)).toBe(before);
  });

  it('a month without a rubric version in force is a 409 naming the rubric missing, in the language asked for', async () => {
    const demoB = await tenantId(world, 'demo-b');
    ok(await get(s.other!, '/rubrics')); // makes demo-b's default rubrics
    // demo-b's rubrics as if they had only ever been written from 2026-06 on.
    await world.admin("update rubric_versions set effective_from = '2026-06' where tenant_id = $1", [demoB]);
    try {
      const res = expectProblem(await post(s.other!, '/assessments/2026-05/compute', {}), 409, 'rubric_missing_for_month');
      expect(res.params).toEqual({ month: '2026-05', unitKind: 'street' });
      expect(res.detail).toContain('没有适用于镇街的考核细则版本');
      const en = expectProblem(
        await post({ ...s.other!, headers: { ...s.other!.headers, 'accept-language': 'en' } }, '/assessments/2026-05/compute', {}),
        409,
        'rubric_missing_for_month',
      );
      expect(en.detail).toBe('No rubric version for streets is in force in 2026-05: add a version starting in or before that month');
      expect(en.title).toBe('No rubric version in force for the month');
      expect((await world.admin("select 1 from assessments where tenant_id = $1 and month = '2026-05'", [demoB])).length).toBe(0);
    } finally {
      await world.admin("update rubric_versions set effective_from = '2000-01' where tenant_id = $1", [demoB]);
    }
  });
});

describe('adjustments', () => {
  let base: number;
  let veto: string;

  it('a deduction with a reason lowers the final score and is listed', async () => {
    base = unitOf(ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`)), donghu).base!;
    const made = ok(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments`, {
        unitId: donghu,
        kind: 'deduction',
        points: 5,
        reason: '台账资料不全，扣 5 分',
      }),
      201,
    );
    expect(made).toMatchObject({ kind: 'deduction', points: 5, withdrawnAt: null });
    const u = unitOf(ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`)), donghu);
    expect(u.adjustment).toBe(-5);
    expect(u.final).toBeCloseTo(base - 5, 2);
  });

  it('a veto (一票否决) makes the month 0; withdrawing it restores the score', async () => {
    veto = ok(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments`, {
        unitId: donghu,
        kind: 'veto',
        reason: '辖区发生亡人火灾，一票否决',
      }),
      201,
    ).id;
    expect(unitOf(ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`)), donghu)).toMatchObject({ vetoed: true, final: 0 });
    ok(await post(s.committee_admin!, `/assessments/${MONTH}/adjustments/${veto}/withdraw`, { reason: '误录' }));
    const u = unitOf(ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`)), donghu);
    expect(u.vetoed).toBe(false);
    expect(u.final).toBeCloseTo(base - 5, 2);
    const list = ok(await get(s.committee_admin!, `/assessments/${MONTH}/adjustments`)).items;
    expect(list.find((a: { id: string }) => a.id === veto).withdrawnAt).not.toBeNull();
  });

  it('withdrawing twice is refused as already withdrawn; an unknown adjustment is a 404', async () => {
    const again = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments/${veto}/withdraw`, { reason: '再撤一次' }),
      409,
      'adjustment_already_withdrawn',
    );
    expect(again.detail).toBe('该加减分记录已撤回');
    const unknown = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments/${demoA}/withdraw`, { reason: '不存在' }),
      404,
      'not_found',
    );
    expect(unknown.params).toEqual({ resource: 'adjustment' });
  });

  it('refuses adjustments and lists of a month never computed', async () => {
    const add = expectProblem(
      await post(s.committee_admin!, '/assessments/2026-09/adjustments', { unitId: donghu, kind: 'bonus', points: 2, reason: '九月加分' }),
      404,
      'assessment_not_computed',
    );
    expect(add.params).toEqual({ month: '2026-09' });
    expect(add.detail).toContain('2026-09 的考核尚未计算');
    expectProblem(await get(s.committee_admin!, '/assessments/2026-09/adjustments'), 404, 'assessment_not_computed');
    expectProblem(await get(s.committee_admin!, `/assessments/2026-09/units/${donghu}`), 404, 'assessment_not_computed');
    const revision = expectProblem(await get(s.committee_admin!, `/assessments?month=${MONTH}&revision=9`), 404, 'not_found');
    expect(revision.params).toEqual({ resource: 'assessment_revision' });
    expect(revision.errors).toEqual([{ path: 'query.revision', code: 'not_found', message: expect.stringContaining('考核修订版不存在') }]);
  });

  it('refuses an adjustment without a reason, a veto with points, a bonus without, a unit of no score, and anyone but the committee', async () => {
    const noReason = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments`, { unitId: donghu, kind: 'bonus', points: 2, reason: '' }),
      400,
      'validation_failed',
    );
    expect(noReason.errors).toEqual([{ path: 'reason', code: 'adjustment_reason_too_short', message: '请写明理由（至少 4 个字）' }]);
    const vetoPoints = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments`, {
        unitId: donghu,
        kind: 'veto',
        points: 3,
        reason: '一票否决测试',
      }),
      400,
      'validation_failed',
    );
    expect(vetoPoints.errors).toEqual([
      { path: 'points', code: 'adjustment_veto_has_no_points', message: expect.stringContaining('一票否决不计分值') },
    ]);
    const noPoints = expectProblem(
      await post(
        { ...s.committee_admin!, headers: { ...s.committee_admin!.headers, 'accept-language': 'en' } },
        `/assessments/${MONTH}/adjustments`,
        {
          unitId: donghu,
          kind: 'bonus',
          reason: '加分不写分值',
        },
      ),
      400,
      'validation_failed',
    );
    expect(noPoints.errors).toEqual([
      { path: 'points', code: 'adjustment_points_required', message: 'A bonus or a deduction needs points above 0' },
    ]);
    const nobody = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments`, {
        unitId: demoA,
        kind: 'bonus',
        points: 2,
        reason: '不存在的单位',
      }),
      404,
      'not_found',
    );
    expect(nobody.params).toEqual({ resource: 'assessment_unit' });
    const files = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments`, {
        unitId: donghu,
        kind: 'bonus',
        points: 1,
        reason: '附件不存在的加分',
        evidenceIds: [demoA],
      }),
      404,
      'evidence_unusable',
    );
    expect(files.errors?.map((e) => [e.path, e.code])).toEqual([['evidenceIds.0', 'evidence_unusable']]);
    expect(
      Number((await one("select count(*)::int as n from assessment_adjustments where tenant_id = $1 and reason = '附件不存在的加分'")).n),
    ).toBe(0);
    expect(nobody.errors).toEqual([{ path: 'unitId', code: 'not_found', message: expect.stringContaining('考核对象不存在') }]);
    expectProblem(
      await post(s.station_staff!, `/assessments/${MONTH}/adjustments`, {
        unitId: donghu,
        kind: 'bonus',
        points: 2,
        reason: '自己给自己加分',
      }),
      403,
      'forbidden',
    );
    expect(
      Number((await one("select count(*)::int as n from assessment_adjustments where tenant_id = $1 and reason = '自己给自己加分'")).n),
    ).toBe(0);
  });
});

describe('who sees the draft', () => {
  it('the unit’s own staff see nothing until it is published; the other district sees nothing ever', async () => {
    expect(ok(await get(s.community_staff!, `/assessments?month=${MONTH}`))).toMatchObject({ revision: null, units: [], revisions: [] });
    // A draft is not a result: to the unit's staff the month is not published yet.
    const unpublished = expectProblem(
      await get(s.community_staff!, `/assessments/${MONTH}/units/${donghu}`),
      404,
      'assessment_not_published',
    );
    expect(unpublished.params).toEqual({ month: MONTH });
    // demo-b's committee asks about its own month, which it never computed: nothing of demo-a shows.
    const other = expectProblem(await get(s.other!, `/assessments/${MONTH}/units/${donghu}`), 404, 'assessment_not_computed');
    expect(other.params).toEqual({ month: MONTH });
    expect(ok(await get(s.other!, `/assessments?month=${MONTH}`)).units.some((u: Unit) => u.unitId === donghu)).toBe(false);
    expectProblem(await get(s.grid_member!, `/assessments?month=${MONTH}`), 403, 'forbidden');
  });
});

describe('publishing freezes the month', () => {
  let published: { units: Unit[] };
  let drill: unknown;

  it('publishes only the version reviewed', async () => {
    const draft = ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`));
    const stale = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/publish`, {
        revision: draft.revision.revision,
        version: draft.revision.version - 1,
      }),
      409,
      'assessment_draft_changed',
    );
    expect(stale.params).toEqual({
      month: MONTH,
      reviewedRevision: draft.revision.revision,
      reviewedVersion: draft.revision.version - 1,
      currentRevision: draft.revision.revision,
      currentVersion: draft.revision.version,
    });
    expect(stale.detail).toContain('请刷新核对后再发布');
    const body = ok(
      await post(s.committee_admin!, `/assessments/${MONTH}/publish`, {
        revision: draft.revision.revision,
        version: draft.revision.version,
      }),
    );
    expect(body.revision).toMatchObject({ revision: 1, status: 'published', publishedAt: now.toISOString() });
    published = body;
    drill = ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${donghu}`));
  });

  it('the unit’s own staff now see their own scorecard and nobody else’s', async () => {
    const mine = ok(await get(s.community_staff!, `/assessments?month=${MONTH}`));
    expect(mine.units.map((u: Unit) => u.unitId)).toEqual([donghu]);
    expect(mine.district).toBeNull();
    ok(await get(s.community_staff!, `/assessments/${MONTH}/units/${donghu}`));
    const street = expectProblem(await get(s.community_staff!, `/assessments/${MONTH}/units/${eastStreet}`), 404, 'not_found');
    expect(street.params).toEqual({ resource: 'assessment_unit' });
    // The station sees its street and the communities below it.
    const station = ok(await get(s.station_staff!, `/assessments?month=${MONTH}`));
    expect(station.units.map((u: Unit) => u.unitId)).toContain(eastStreet);
    expect(station.units.map((u: Unit) => u.unitId)).toContain(donghu);
    expect(station.units.every((u: Unit) => u.unitKind !== 'company')).toBe(true);
    const company = ok(await get(s.property_manager!, `/assessments?month=${MONTH}`));
    expect(company.units.length).toBe(1);
    expect(company.units[0].unitKind).toBe('company');
  });

  it('later changes to the data never alter the published figures or the drill-down lists', async () => {
    // The open hazard gets fixed late, a forgotten November hazard is found, and a unit is renamed.
    await world.admin("update hazards set state = 'closed', outcome = 'fixed', closed_at = '2026-11-29T02:00:00Z' where id = $1", [
      h.open!.id,
    ]);
    h.forgotten = await hazard({ due: '2026-11-25T15:59:59Z' });
    await world.admin("update org_units set name = '东湖社区（新）' where id = $1", [donghu]);
    const again = ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`));
    expect(again.units).toEqual(published.units);
    expect(ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${donghu}`))).toEqual(drill);
    expect(indicator(unitOf(again, donghu), 'rectification_rate')).toMatchObject({ n: 2, d: 4 });
    expect(unitOf(again, donghu).unitName).toBe('东湖社区');
  });

  it('a published month takes no adjustment; recomputing it makes revision 2, visible beside revision 1', async () => {
    const frozen = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments`, {
        unitId: donghu,
        kind: 'bonus',
        points: 1,
        reason: '发布后加分',
      }),
      409,
      'assessment_frozen',
    );
    expect(frozen.params).toEqual({ month: MONTH });
    expect(frozen.detail).toContain('请重新计算生成修订版');
    const deduction = ok(await get(s.committee_admin!, `/assessments/${MONTH}/adjustments`)).items.find(
      (a: { kind: string }) => a.kind === 'deduction',
    );
    expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments/${deduction.id}/withdraw`, { reason: '发布后撤回' }),
      409,
      'assessment_frozen',
    );
    const body = ok(await post(s.committee_admin!, `/assessments/${MONTH}/compute`, { note: '补录 11 月漏报隐患' }), 201);
    expect(body.revision).toMatchObject({ revision: 2, status: 'draft', note: '补录 11 月漏报隐患' });
    expect(body.revisions.map((r: { revision: number; status: string }) => [r.revision, r.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    // Now: onTime, late, open (fixed 11-29), enforcement, forgotten = 5 due; 3 fixed.
    expect(indicator(unitOf(body, donghu), 'rectification_rate')).toMatchObject({ n: 3, d: 5 });
    // The correction's drill-down counts them as they are now; revision 1's stays as published (below).
    const correction = ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${donghu}`));
    const rect = correction.indicators.find((i: { key: string }) => i.key === 'rectification_rate');
    expect(rect.items.map((i: { label: string }) => i.label).sort()).toEqual(
      [h.onTime!.number, h.late!.number, h.open!.number, h.enforcement!.number, h.forgotten!.number].sort(),
    );
    expect(rect.items.find((i: { label: string }) => i.label === h.open!.number)).toMatchObject({ n: 1, d: 1 });
    // The deduction was carried over (the withdrawn veto was not).
    expect(unitOf(body, donghu).adjustment).toBe(-5);
    // Revision 1's deduction stays with revision 1: the draft carries its own copy.
    expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/adjustments/${deduction.id}/withdraw`, { reason: '撤回已发布版的记录' }),
      409,
      'assessment_frozen',
    );
    // Revision 1 is still there, unchanged.
    expect(ok(await get(s.committee_admin!, `/assessments?month=${MONTH}&revision=1`)).units).toEqual(published.units);
    expect(ok(await get(s.committee_admin!, `/assessments/${MONTH}/units/${donghu}?revision=1`))).toEqual(drill);
    // Units see the published revision, not the correction under review.
    expect(indicator(unitOf(ok(await get(s.community_staff!, `/assessments?month=${MONTH}`)), donghu), 'rectification_rate')).toMatchObject(
      { n: 2, d: 4 },
    );
  });

  it('publishing the correction supersedes revision 1 and moves the oversight office to it', async () => {
    const draft = ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`));
    ok(
      await post(s.committee_admin!, `/assessments/${MONTH}/publish`, {
        revision: draft.revision.revision,
        version: draft.revision.version,
      }),
    );
    const statuses = ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`)).revisions.map((r: { status: string }) => r.status);
    expect(statuses).toEqual(['superseded', 'published']);
    const nothing = expectProblem(
      await post(s.committee_admin!, `/assessments/${MONTH}/publish`, {
        revision: draft.revision.revision,
        version: draft.revision.version,
      }),
      404,
      'assessment_no_draft',
    );
    expect(nothing.params).toEqual({ month: MONTH });
    const rows = await world.admin('select revision, current from district_scores where tenant_id = $1 and month = $2 order by revision', [
      demoA,
      MONTH,
    ]);
    expect(rows).toEqual([
      { revision: 1, current: false },
      { revision: 2, current: true },
    ]);
    const office = await login(world, 'demo-city', 'oversight_viewer');
    const ranking = ok(await get(office, `/oversight/districts?month=${MONTH}`));
    expect(ranking.districts.find((d: { tenantId: string }) => d.tenantId === demoA).revision).toBe(2);
  });

  it('exports the month as an XLSX workbook', async () => {
    const res = await world.app.request(`/api/v1/assessments/${MONTH}/export.xlsx`, { headers: s.committee_admin!.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip
    expect(res.headers.get('content-disposition')).toContain('attachment');
  });
});

describe('rubric versions', () => {
  it('lists the shipped defaults with weights summing to 100 and their formulas', async () => {
    const body = ok(await get(s.committee_admin!, '/rubrics'));
    expect(body.items.map((r: { unitKind: string }) => r.unitKind).sort()).toEqual(['community', 'company', 'street']);
    for (const r of body.items) expect(r.current.indicators.reduce((sum: number, i: { weight: number }) => sum + i.weight, 0)).toBe(100);
    expect(body.indicators.find((i: { key: string }) => i.key === 'rectification_rate').formula).toContain('÷');
  });

  it('a new version applies from its month on; published months keep theirs', async () => {
    const community = ok(await get(s.committee_admin!, '/rubrics')).items.find((r: { unitKind: string }) => r.unitKind === 'community');
    const indicators = [
      { key: 'rectification_rate', weight: 60 },
      { key: 'patrol_coverage', weight: 40 },
    ];
    const early = expectProblem(
      await post(s.committee_admin!, `/rubrics/${community.id}/versions`, { effectiveFrom: MONTH, indicators }),
      400,
      'rubric_version_too_early',
    );
    expect(early.params).toEqual({ after: MONTH });
    expect(early.errors).toEqual([
      { path: 'effectiveFrom', code: 'rubric_version_too_early', message: expect.stringContaining(`须晚于 ${MONTH}`) },
    ]);
    const weights = expectProblem(
      await post(s.committee_admin!, `/rubrics/${community.id}/versions`, {
        effectiveFrom: '2026-12',
        indicators: [{ key: 'rectification_rate', weight: 60 }],
      }),
      400,
      'validation_failed',
    );
    expect(weights.errors).toEqual([{ path: 'indicators', code: 'rubric_weights_sum', message: '各指标分值之和须为 100（现为 60）' }]);
    const twice = expectProblem(
      await post(s.committee_admin!, `/rubrics/${community.id}/versions`, {
        effectiveFrom: '2026-12',
        indicators: [
          { key: 'rectification_rate', weight: 50 },
          { key: 'rectification_rate', weight: 50 },
        ],
      }),
      400,
      'validation_failed',
    );
    expect(twice.errors).toEqual([{ path: 'indicators.1.key', code: 'listed_twice', message: '列表中有重复' }]);
    const ancient = expectProblem(
      await post(s.committee_admin!, `/rubrics/${community.id}/versions`, { effectiveFrom: '1999-12', indicators }),
      400,
      'validation_failed',
    );
    expect(ancient.errors).toEqual([{ path: 'effectiveFrom', code: 'month_format', message: expect.any(String) }]);
    const missing = expectProblem(await get(s.committee_admin!, `/rubrics/${demoA}`), 404, 'not_found');
    expect(missing.params).toEqual({ resource: 'rubric' });
    expectProblem(
      await post(s.station_staff!, `/rubrics/${community.id}/versions`, { effectiveFrom: '2026-12', indicators }),
      403,
      'forbidden',
    );
    const made = ok(
      await post(s.committee_admin!, `/rubrics/${community.id}/versions`, { effectiveFrom: '2026-12', indicators, note: '2027 年度细则' }),
      201,
    );
    expect(made.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    // December (under way) is scored with version 2: two indicators only.
    now = new Date('2026-12-20T02:00:00Z');
    s.committee_admin = await login(world, 'demo-a', 'committee_admin');
    const december = ok(await post(s.committee_admin!, '/assessments/2026-12/compute', {}), 201);
    expect(unitOf(december, donghu).indicators.map((i) => i.key)).toEqual(['rectification_rate', 'patrol_coverage']);
    // November, published, still shows the default's eleven.
    expect(unitOf(ok(await get(s.committee_admin!, `/assessments?month=${MONTH}`)), donghu).indicators).toHaveLength(11);
    // A draft computed mid-month is not a month's result.
    const draft = ok(await get(s.committee_admin!, '/assessments?month=2026-12'));
    const midMonth = expectProblem(
      await post(s.committee_admin!, '/assessments/2026-12/publish', {
        revision: draft.revision.revision,
        version: draft.revision.version,
      }),
      409,
      'assessment_computed_before_month_end',
    );
    expect(midMonth.params).toEqual({ month: '2026-12', asOf: '2026-12-20T02:00:00.000Z', monthEndsAt: '2026-12-31T16:00:00.000Z' });
  });
});

describe('rankings and the scheduled draft', () => {
  it('ranks units of a kind from the published month with the change against the previous month', async () => {
    const body = ok(await get(s.committee_admin!, `/rankings?kind=community&month=${MONTH}&months=3`));
    expect(body.items.length).toBeGreaterThan(1);
    const ranks = body.items.map((i: { rank: number | null }) => i.rank).filter((r: number | null) => r !== null);
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    expect(body.trend.months).toEqual(['2026-09', '2026-10', '2026-11']);
    const quarter = expectProblem(
      await get(s.committee_admin!, '/rankings?kind=company&quarter=2026-Q4'),
      409,
      'ranking_quarter_incomplete',
    );
    expect(quarter.params).toEqual({ quarter: '2026-Q4', unpublished: ['2026-10', '2026-12'] });
    const neither = expectProblem(await get(s.committee_admin!, '/rankings?kind=company'), 400, 'validation_failed');
    expect(neither.errors).toEqual([{ path: 'query.month', code: 'one_of', message: 'month, quarter 须且只能填一个' }]);
  });

  it('never answers a month outside the calendar: out-of-range months and quarters are a 400 (regression)', async () => {
    // month=0113-10 used to answer a trend of months like "112-06", breaking the declared schema.
    for (const query of ['month=0113-10', 'month=1999-12', 'month=2100-01', 'quarter=0113-Q1', 'quarter=2026-Q5']) {
      const res = expectProblem(await get(s.committee_admin!, `/rankings?kind=company&${query}`), 400, 'validation_failed');
      const field = query.split('=')[0]!;
      expect(res.errors, query).toEqual([{ path: `query.${field}`, code: `${field}_format`, message: expect.any(String) }]);
    }
    // The edges of the range: the longest trend from the first month reaches back before 2000, well-formed.
    const first = ok(await get(s.committee_admin!, '/rankings?kind=company&month=2000-01&months=24'));
    expect(first.trend.months).toHaveLength(24);
    expect(first.trend.months[0]).toBe('1998-02');
    expect(first.trend.months.at(-1)).toBe('2000-01');
    const firstQuarter = expectProblem(
      await get(s.committee_admin!, '/rankings?kind=street&quarter=2000-Q1&months=24'),
      409,
      'ranking_quarter_incomplete',
    );
    expect(firstQuarter.params).toEqual({ quarter: '2000-Q1', unpublished: ['2000-01', '2000-02', '2000-03'] });
    const last = expectProblem(await get(s.committee_admin!, '/rankings?kind=street&quarter=2099-Q4'), 409, 'ranking_quarter_incomplete');
    expect(last.params).toEqual({ quarter: '2099-Q4', unpublished: ['2099-10', '2099-11', '2099-12'] });
  });

  it('after month end the scheduled job computes each district’s draft once', async () => {
    now = new Date('2027-01-01T01:00:00Z'); // 09:00 on 1 January in Shanghai
    const jobs = await runScheduledJobs(world.deps, now);
    expect(jobs.assessmentDrafts).toMatchObject({ computed: 2, failures: 0 }); // demo-a (its mid-month draft) and demo-b
    const december = await world.admin("select revision, status, as_of from assessments where tenant_id = $1 and month = '2026-12'", [
      demoA,
    ]);
    expect(december).toHaveLength(1);
    expect(new Date(december[0]!.as_of as string).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect((await runScheduledJobs(world.deps, now)).assessmentDrafts).toMatchObject({ computed: 0 });
    s.committee_admin = await login(world, 'demo-a', 'committee_admin');
  });

  it('a draft computed before a rubric version for its month was added cannot be published', async () => {
    const community = ok(await get(s.committee_admin!, '/rubrics')).items.find((r: { unitKind: string }) => r.unitKind === 'community');
    const draft = ok(await get(s.committee_admin!, '/assessments?month=2026-12'));
    const indicators = [
      { key: 'rectification_rate', weight: 50 },
      { key: 'patrol_coverage', weight: 50 },
    ];
    ok(await post(s.committee_admin!, `/rubrics/${community.id}/versions`, { effectiveFrom: '2026-12', indicators }), 201);
    const changed = expectProblem(
      await post(s.committee_admin!, '/assessments/2026-12/publish', {
        revision: draft.revision.revision,
        version: draft.revision.version,
      }),
      409,
      'assessment_rubric_changed',
    );
    expect(changed.params).toEqual({ month: '2026-12', unitKinds: ['community'] });
    const other = expectProblem(
      await post(s.committee_admin!, '/assessments/2026-12/publish', {
        revision: draft.revision.revision + 1,
        version: draft.revision.version,
      }),
      409,
      'assessment_draft_changed',
    );
    expect(other.params).toMatchObject({ reviewedRevision: draft.revision.revision + 1, currentRevision: draft.revision.revision });
    const recomputed = ok(await post(s.committee_admin!, '/assessments/2026-12/compute', {}));
    // Recomputed with the version now in force (3: 50 + 50), it can be published.
    expect(unitOf(recomputed, donghu).indicators.map((i) => [i.key, (i as Indicator & { weight: number }).weight])).toEqual([
      ['rectification_rate', 50],
      ['patrol_coverage', 50],
    ]);
    ok(
      await post(s.committee_admin!, '/assessments/2026-12/publish', {
        revision: recomputed.revision.revision,
        version: recomputed.revision.version,
      }),
    );
  });
});

describe('hazards nobody routed', () => {
  it('are due when they should have been routed (24-hour response), so not routing cannot hide them', async () => {
    // October: one hazard reported on 10-20 and left unrouted: due 10-21 (24 h) → 整改率 0/1.
    const left = await hazard({ due: null, reported: '2026-10-20T02:00:00Z' });
    const body = ok(await post(s.committee_admin!, '/assessments/2026-10/compute', {}), 201);
    expect(indicator(unitOf(body, donghu), 'rectification_rate')).toMatchObject({ n: 0, d: 1 });
    const detail = ok(await get(s.committee_admin!, `/assessments/2026-10/units/${donghu}`));
    expect(
      detail.indicators.find((i: { key: string }) => i.key === 'rectification_rate').items.map((i: { label: string }) => i.label),
    ).toEqual([left.number]);
  });
});
