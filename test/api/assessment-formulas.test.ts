import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMonth } from '../../src/features/assessments/compute.ts';
import type { CountedItem } from '../../src/features/assessments/indicators.ts';
import { countedItems } from '../../src/features/assessments/snapshot.ts';
import type { IndicatorKey } from '../../src/features/assessments/vocabulary.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import type { Db } from '../../src/platform/db/types.ts';
import { createWorld, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * The indicator formulas (facts.ts, SQL) and the flags' hazards on hand-worked cases: every
 * subject below is made for one case in units of its own (a street, two communities, a managed
 * compound with a building, a company), the month is computed as the app computes it, and each
 * subject's [n, d] per indicator is read back from the drill-down stored with the draft. The month
 * is November 2026 in Asia/Shanghai (+08:00 all year): [2026-10-31T16:00Z, 2026-11-30T16:00Z),
 * judged at its end or mid-way (as of 2026-11-19T16:00Z). Every instant is written out literally;
 * every expected n/d is worked out in a comment, never computed by the code under test.
 */
const MONTH = '2026-11';
const STARTS = '2026-10-31T16:00:00Z';
const ENDS = '2026-11-30T16:00:00Z';
const MIDWAY = '2026-11-19T16:00:00Z';
const AFTER_THE_MONTH = new Date('2026-12-02T02:00:00Z');

let world: TestWorld;
let t: string;
let reporter: string;
let verifier: string;
const u = {
  street: randomUUID(),
  community: randomUUID(),
  mixed: randomUUID(),
  compound: randomUUID(),
  building: randomUUID(),
  company: '',
};
const ids: Record<string, string> = {};

const one = async (sql: string, params: unknown[]) => (await world.admin(sql, params))[0]!;

async function orgUnit(id: string, parent: { id: string; path: string; depth: number } | null, kind: string, name: string) {
  const path = `${parent?.path ?? '/'}${id}/`;
  await world.admin('insert into org_units (id, tenant_id, parent_id, kind, name, path, depth) values ($1, $2, $3, $4, $5, $6, $7)', [
    id,
    t,
    parent?.id ?? null,
    kind,
    name,
    path,
    (parent?.depth ?? 0) + 1,
  ]);
  return { id, path, depth: (parent?.depth ?? 0) + 1 };
}

/** A hazard numbered `label` in the test community (reported 11-01T02:00Z, due 11-10T16:00Z, open, unless said otherwise). */
async function hazard(
  label: string,
  h: {
    reported?: string;
    due?: string | null;
    closed?: string;
    outcome?: string;
    rejects?: number;
    extensions?: number;
    unit?: string;
    /** 'twice': a second lead row, which routing never writes but no key forbids. */
    ledByCompany?: boolean | 'twice';
    verifiedBy?: string;
  } = {},
): Promise<string> {
  const category = (await one("select id from hazard_categories where tenant_id = $1 and code = 'electricity'", [t])).id;
  const due = h.due === undefined ? '2026-11-10T16:00:00Z' : h.due;
  const row = await one(
    `insert into hazards (tenant_id, number, category_id, org_unit_id, description, severity, source, state, outcome, reporter_id,
                          reported_at, due_at, closed_at, reject_count, extension_count, chain_head)
     values ($1, $2, $3, $4, '公式测试隐患', 'general', 'grid', $5, $6, $7, $8, $9, $10, $11, $12, 'x') returning id`,
    [
      t,
      label,
      category,
      h.unit ?? u.community,
      h.closed ? 'closed' : due ? 'rectifying' : 'reported',
      h.closed ? (h.outcome ?? 'fixed') : null,
      reporter,
      h.reported ?? '2026-11-01T02:00:00Z',
      due,
      h.closed ?? null,
      h.rejects ?? 0,
      h.extensions ?? 0,
    ],
  );
  for (let i = 0; i < (h.ledByCompany === 'twice' ? 2 : h.ledByCompany ? 1 : 0); i++) {
    await world.admin("insert into hazard_parties (tenant_id, hazard_id, lead, kind, company_id) values ($1, $2, true, 'company', $3)", [
      t,
      row.id,
      u.company,
    ]);
  }
  if (h.verifiedBy) {
    await world.admin(
      `insert into timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state, data, evidence_ids, prev_hash, hash)
       values ($1, 'hazard', $2, 1, $3, $4, 'verify', 'submitted', 'closed', '{}', '{}', '', 'v')`,
      [t, row.id, h.closed, h.verifiedBy],
    );
  }
  ids[label] = row.id as string;
  return row.id as string;
}

async function lookbackItem(label: string, result: string, checkedAt: string | null) {
  const hazardId = await hazard(label, { reported: '2026-09-01T02:00:00Z', due: '2026-09-10T16:00:00Z', closed: '2026-09-05T02:00:00Z' });
  const lookback = await one("insert into lookbacks (tenant_id, title, criteria, created_by) values ($1, $2, '{}', $3) returning id", [
    t,
    `回头看 ${label}`,
    verifier,
  ]);
  await world.admin('insert into lookback_items (tenant_id, lookback_id, hazard_id, result, checked_at) values ($1, $2, $3, $4, $5)', [
    t,
    lookback.id,
    hazardId,
    result,
    checkedAt,
  ]);
  ids[`${label} item`] = `${lookback.id}:${hazardId}`;
}

/** A task titled `label`, given to `unit` (the test community unless said), due 11-15T16:00Z and open unless said otherwise. */
async function task(
  label: string,
  k: { due?: string; completed?: string; cancelled?: boolean; duty?: boolean; orgUnit?: string; company?: string } = {},
) {
  const due = k.due ?? '2026-11-15T16:00:00Z';
  const duty = k.duty
    ? (
        await one(
          `insert into duties (tenant_id, name, description, frequency, assignees, done, starts_on, created_by)
           values ($1, $2, '', 'monthly', '{}', '{}', '2026-01-01', $3) returning id`,
          [t, label, verifier],
        )
      ).id
    : null;
  const assignment = await one(
    `insert into task_assignments (tenant_id, duty_id, period_key, title, description, due_at, done, assignees, created_by)
     values ($1, $2, $3, $4, '', $5, '{}', '{}', $6) returning id`,
    [t, duty, duty ? MONTH : null, label, due, verifier],
  );
  const row = await one(
    `insert into tasks (tenant_id, assignment_id, kind, org_unit_id, company_id, state, progress, due_at, completed_at, chain_head)
     values ($1, $2, $3, $4, $5, $6, '{}', $7, $8, 'x') returning id`,
    [
      t,
      assignment.id,
      k.company ? 'company' : 'org_unit',
      k.company ? null : (k.orgUnit ?? u.community),
      k.company ?? null,
      k.cancelled ? 'cancelled' : k.completed ? 'done' : 'assigned',
      due,
      k.completed ?? null,
    ],
  );
  ids[label] = row.id as string;
}

async function compute(now: Date): Promise<string> {
  const provider = world.deps.database;
  const handle = provider.acquire();
  try {
    return (await inTenant(provider, handle.db, t, (tx: Db) => computeMonth(tx, t, MONTH, now, { userId: null }))).assessmentId;
  } finally {
    await handle.release();
  }
}

/** What each indicator counted for a unit of the draft, as stored with it. */
async function drillDown(assessmentId: string, unitId: string): Promise<Map<IndicatorKey, CountedItem[]>> {
  const provider = world.deps.database;
  const handle = provider.acquire();
  try {
    return await inTenant(provider, handle.db, t, (tx: Db) => countedItems(tx, t, assessmentId, unitId));
  } finally {
    await handle.release();
  }
}

/** The subject labelled `label` as counted: indicator → [n, d], only where it is counted. */
function nd(lists: Map<IndicatorKey, CountedItem[]>, label: string): Partial<Record<IndicatorKey, [number, number]>> {
  const out: Partial<Record<IndicatorKey, [number, number]>> = {};
  for (const [key, items] of lists) for (const i of items) if (i.label === label) out[key] = [i.n, i.d];
  return out;
}

async function score(assessmentId: string, unitId: string) {
  return (
    await world.admin('select totals, flags from assessment_scores where assessment_id = $1 and unit_id = $2', [assessmentId, unitId])
  )[0] as { totals: Record<string, { n: number; d: number }>; flags: { code: string; subjects: { label: string }[] }[] };
}
const flagged = (s: Awaited<ReturnType<typeof score>>, code: string) =>
  s.flags.find((f) => f.code === code)?.subjects.map((x) => x.label) ?? [];

beforeAll(async () => {
  world = await createWorld();
  t = await tenantId(world, 'demo-a');
  reporter = (await one("select id from users where tenant_id = $1 and username = 'grid_member'", [t])).id as string;
  verifier = (await one("select id from users where tenant_id = $1 and username = 'station_staff'", [t])).id as string;
  const street = await orgUnit(u.street, null, 'street', '公式街道');
  const community = await orgUnit(u.community, street, 'community', '公式社区');
  await orgUnit(u.mixed, street, 'community', '混合社区');
  const compound = await orgUnit(u.compound, community, 'compound', '公式小区');
  await orgUnit(u.building, compound, 'building', '公式1号楼');
  u.company = (await one("insert into companies (tenant_id, name) values ($1, '公式物业有限公司') returning id", [t])).id as string;
  await world.admin('insert into company_compounds (tenant_id, company_id, org_unit_id) values ($1, $2, $3)', [t, u.company, u.compound]);

  // Hazards: reported 11-01T02:00Z and due 11-10T16:00Z unless said otherwise.
  await hazard('H-FIXED-EARLY', { closed: '2026-11-08T02:00:00Z', ledByCompany: 'twice' });
  await hazard('H-AT-DEADLINE', { closed: '2026-11-10T16:00:00Z' });
  await hazard('H-LATE', { closed: '2026-11-20T02:00:00Z' });
  await hazard('H-FIXED-IN-DECEMBER', { closed: '2026-12-02T02:00:00Z', rejects: 2 });
  await hazard('H-FIXED-11-25', { closed: '2026-11-25T02:00:00Z' });
  await hazard('H-FIXED-AT-MIDWAY', { closed: MIDWAY });
  await hazard('H-FIXED-JUST-BEFORE-MIDWAY', { closed: '2026-11-19T15:59:59.999Z' });
  await hazard('H-OPEN');
  await hazard('H-ENFORCEMENT', { closed: '2026-11-05T02:00:00Z', outcome: 'enforcement', rejects: 1 });
  await hazard('H-DUPLICATE', { closed: '2026-11-05T02:00:00Z', outcome: 'duplicate', rejects: 1, extensions: 1 });
  await hazard('H-NOT-A-HAZARD', { closed: '2026-11-05T02:00:00Z', outcome: 'not_a_hazard', rejects: 1, extensions: 1 });
  await hazard('H-NOT-A-HAZARD-11-25', { closed: '2026-11-25T02:00:00Z', outcome: 'not_a_hazard' });
  await hazard('H-DUE-IN-OCTOBER', { reported: '2026-10-01T02:00:00Z', due: '2026-10-20T16:00:00Z' });
  await hazard('H-DUE-IN-DECEMBER', { due: '2026-12-05T16:00:00Z' });
  await hazard('H-DUE-11-25', { due: '2026-11-25T16:00:00Z' });
  await hazard('H-UNROUTED', { due: null });
  await hazard('H-DUE-AT-STARTS', { reported: '2026-10-25T02:00:00Z', due: STARTS });
  await hazard('H-DUE-AT-ENDS', { due: ENDS });
  await hazard('H-DUE-JUST-BEFORE-STARTS', { reported: '2026-10-25T02:00:00Z', due: '2026-10-31T15:59:59.999Z' });
  await hazard('H-DUE-JUST-BEFORE-ENDS', { due: '2026-11-30T15:59:59.999Z' });
  await hazard('H-DUE-OCTOBER-FIXED-NOVEMBER', {
    reported: '2026-10-01T02:00:00Z',
    due: '2026-10-20T16:00:00Z',
    closed: '2026-11-03T02:00:00Z',
  });
  await hazard('H-FIXED-IN-OCTOBER', { reported: '2026-10-20T02:00:00Z', closed: '2026-10-25T02:00:00Z' });
  await hazard('H-EXTENDED-ONCE', { extensions: 1 });
  await hazard('H-EXTENDED-THRICE', { extensions: 3 });
  await hazard('H-REWORKED-TWICE', { closed: '2026-11-08T02:00:00Z', rejects: 2 });
  await hazard('H-2.5-DAYS', { closed: '2026-11-03T14:00:00Z' });

  // The mixed month, alone in 混合社区.
  await hazard('M-ON-TIME', { unit: u.mixed, closed: '2026-11-08T02:00:00Z', rejects: 1 });
  await hazard('M-LATE', { unit: u.mixed, closed: '2026-11-20T02:00:00Z', extensions: 1 });
  await hazard('M-ENFORCEMENT', { unit: u.mixed, closed: '2026-11-12T02:00:00Z', outcome: 'enforcement' });
  await hazard('M-DUPLICATE', { unit: u.mixed, closed: '2026-11-02T02:00:00Z', outcome: 'duplicate' });
  await hazard('M-NEXT-MONTH', { unit: u.mixed, due: '2026-12-10T16:00:00Z' });

  // The flags' hazards, all fixed (reported 11-10T02:00Z, due 11-20T16:00Z) unless said otherwise.
  const fix = (closed: string, more: Parameters<typeof hazard>[1] = {}) => ({
    reported: '2026-11-10T02:00:00Z',
    due: '2026-11-20T16:00:00Z',
    closed,
    ...more,
  });
  await hazard('Q-29-MIN-59-S', fix('2026-11-10T02:29:59Z', { verifiedBy: verifier }));
  await hazard('Q-30-MIN', fix('2026-11-10T02:30:00Z', { verifiedBy: verifier }));
  await hazard('Q-30-MIN-LESS-1-MS', fix('2026-11-10T02:29:59.999Z', { verifiedBy: verifier }));
  await hazard('S-SELF', fix('2026-11-11T02:00:00Z', { verifiedBy: reporter }));
  await hazard('S-SYSTEM', fix('2026-11-11T02:00:00Z'));
  await hazard('QS-BEFORE-STARTS', fix('2026-10-31T15:59:59Z', { reported: '2026-10-31T15:50:00Z', verifiedBy: reporter }));
  await hazard('QS-AT-ENDS', fix(ENDS, { reported: '2026-11-30T15:50:00Z', verifiedBy: reporter }));
  await hazard('QS-AT-STARTS', fix(STARTS, { reported: '2026-10-31T15:50:00Z', verifiedBy: reporter, ledByCompany: true }));
  await hazard('QS-11-25', fix('2026-11-25T02:01:00Z', { reported: '2026-11-25T02:00:00Z', verifiedBy: reporter }));
  await hazard('QS-11-15', fix('2026-11-15T02:01:00Z', { reported: '2026-11-15T02:00:00Z', verifiedBy: reporter }));
  for (const outcome of ['duplicate', 'not_a_hazard', 'enforcement']) {
    await hazard(`QS-${outcome}`, fix('2026-11-10T02:01:00Z', { outcome, verifiedBy: reporter }));
  }

  // Look-back re-checks (of hazards closed in September: they count for nothing else).
  await lookbackItem('L-REBOUND', 'rebound', '2026-11-15T02:00:00Z');
  await lookbackItem('L-CONFIRMED', 'confirmed', '2026-11-15T02:00:00Z');
  await lookbackItem('L-PENDING', 'pending', null);
  await lookbackItem('L-REBOUND-UNCHECKED', 'rebound', null);
  await lookbackItem('L-JUST-BEFORE-STARTS', 'confirmed', '2026-10-31T15:59:59.999Z');
  await lookbackItem('L-AT-ENDS', 'confirmed', ENDS);
  await lookbackItem('L-AT-STARTS', 'confirmed', STARTS);
  await lookbackItem('L-11-25', 'confirmed', '2026-11-25T02:00:00Z');
  await lookbackItem('L-AT-MIDWAY', 'confirmed', MIDWAY);

  // Places of the community, and the compound: patrols and completed inspections in the month.
  const place = async (name: string) =>
    (
      await one("insert into places (tenant_id, org_unit_id, name, type) values ($1, $2, $3, 'nine_small') returning id", [
        t,
        u.community,
        name,
      ])
    ).id as string;
  const patrol = (orgUnitId: string, placeId: string | null, at: string) =>
    world.admin("insert into patrols (tenant_id, org_unit_id, place_id, patrolled_by, at, result) values ($1, $2, $3, $4, $5, 'normal')", [
      t,
      orgUnitId,
      placeId,
      reporter,
      at,
    ]);
  const checklist = await one(
    "insert into inspection_templates (tenant_id, code, name, target) values ($1, 'formulas', '公式检查表', 'place') returning id",
    [t],
  );
  const template = (
    await one("insert into inspection_template_versions (tenant_id, template_id, number, items) values ($1, $2, 1, '[]') returning id", [
      t,
      checklist.id,
    ])
  ).id;
  const inspect = (orgUnitId: string, placeId: string | null, completedAt: string) =>
    world.admin(
      `insert into inspections (tenant_id, template_version_id, kind, place_id, org_unit_id, status, completed_at)
       values ($1, $2, 'ad_hoc', $3, $4, 'completed', $5)`,
      [t, template, placeId, orgUnitId, completedAt],
    );
  const both = await place('P-PATROLLED-AND-INSPECTED');
  await patrol(u.community, both, '2026-11-05T02:00:00Z');
  await inspect(u.community, both, '2026-11-06T02:00:00Z');
  await inspect(u.community, await place('P-INSPECTED'), '2026-11-06T02:00:00Z');
  await patrol(u.community, await place('P-PATROLLED-IN-OCTOBER'), '2026-10-30T02:00:00Z');
  await place('P-NEITHER');
  // The compound is patrolled through its building (no place named) and inspected itself.
  await patrol(u.building, null, '2026-11-07T02:00:00Z');
  await inspect(u.compound, null, '2026-11-08T02:00:00Z');

  // Facilities of the managed compound and its building; maintenance of the company.
  // Registered before the month: a kind registered after the moment judged owes nothing yet.
  const facility = (orgUnitId: string, kind: string, count: number, status: string) =>
    world.admin(
      "insert into facilities (tenant_id, org_unit_id, kind, count, status, created_at) values ($1, $2, $3, $4, $5, '2026-10-01T00:00:00Z')",
      [t, orgUnitId, kind, count, status],
    );
  await facility(u.compound, 'extinguisher', 40, 'working');
  await facility(u.compound, 'alarm_system', 1, 'faulty');
  await facility(u.compound, 'hydrant', 3, 'missing');
  await facility(u.compound, 'sprinkler', 0, 'working');
  await facility(u.building, 'emergency_light', 2, 'working');
  const record = (kind: string, performedOn: string, state: string) =>
    world.admin(
      `insert into maintenance_records (tenant_id, company_id, org_unit_id, kind, performed_on, checks, result, contractor, state, submitted_by, chain_head)
       values ($1, $2, $3, $4, $5, '[]', 'normal', '维保公司', $6, $7, 'x')`,
      [t, u.company, u.compound, kind, performedOn, state, reporter],
    );
  await record('extinguisher', '2026-11-12', 'accepted');
  await record('hydrant', '2026-11-12', 'submitted');
  await record('emergency_light', '2026-10-20', 'accepted');

  // Tasks of the community (due 11-15T16:00Z unless said otherwise), of its street, company and compound.
  await task('T-ON-TIME', { completed: '2026-11-10T02:00:00Z' });
  await task('T-AT-DEADLINE', { completed: '2026-11-15T16:00:00Z' });
  await task('T-1-MS-LATE', { completed: '2026-11-15T16:00:00.001Z' });
  await task('T-LATE', { completed: '2026-11-28T02:00:00Z' });
  await task('T-OPEN');
  await task('T-DONE-IN-DECEMBER', { completed: '2026-12-01T02:00:00Z' });
  await task('T-DONE-11-25', { completed: '2026-11-25T02:00:00Z' });
  await task('T-DONE-AT-MIDWAY', { completed: MIDWAY });
  await task('T-DONE-JUST-BEFORE-MIDWAY', { completed: '2026-11-19T15:59:59.999Z' });
  await task('T-CANCELLED', { cancelled: true, completed: '2026-11-10T02:00:00Z' });
  await task('D-CANCELLED', { cancelled: true, duty: true });
  await task('D-DONE', { duty: true, completed: '2026-11-20T02:00:00Z' });
  await task('D-OPEN', { duty: true });
  await task('D-DUE-11-25', { duty: true, due: '2026-11-25T16:00:00Z' });
  await task('T-DUE-JUST-BEFORE-STARTS', { due: '2026-10-31T15:59:59.999Z' });
  await task('T-DUE-AT-ENDS', { due: ENDS });
  await task('T-DUE-AT-STARTS', { due: STARTS });
  await task('D-DUE-JUST-BEFORE-ENDS', { duty: true, due: '2026-11-30T15:59:59.999Z' });
  await task('T-OF-THE-STREET', { orgUnit: u.street, completed: '2026-11-10T02:00:00Z' });
  await task('T-OF-THE-COMPANY', { company: u.company, completed: '2026-11-10T02:00:00Z' });
  await task('T-OF-THE-COMPOUND', { orgUnit: u.compound, completed: '2026-11-10T02:00:00Z' });
}, 120_000);
afterAll(() => world.close());

describe('judged at the month’s end', () => {
  let draft: string;
  let community: Map<IndicatorKey, CountedItem[]>;
  beforeAll(async () => {
    draft = await compute(AFTER_THE_MONTH);
    community = await drillDown(draft, u.community);
  });

  describe('hazards', () => {
    it('due in the month and fixed before its deadline: rectified, on time, not extended; days and rework of the month', () => {
      // reported 11-01T02:00Z, fixed 11-08T02:00Z (< due 11-10T16:00Z): 7 days, accepted at the first submission
      expect(nd(community, 'H-FIXED-EARLY')).toEqual({
        rectification_rate: [1, 1],
        on_time_rate: [1, 1],
        extension_rate: [0, 1],
        avg_days_to_fix: [7, 1],
        rework_rate: [0, 1],
      });
      for (const items of community.values()) {
        for (const i of items.filter((x) => x.label === 'H-FIXED-EARLY'))
          expect(i).toMatchObject({ subjectType: 'hazard', subjectId: ids['H-FIXED-EARLY'] });
      }
    });

    it('fixed exactly at its deadline is on time; after it (before month end) rectified but late', () => {
      expect(nd(community, 'H-AT-DEADLINE')).toMatchObject({ rectification_rate: [1, 1], on_time_rate: [1, 1] });
      expect(nd(community, 'H-LATE')).toMatchObject({ rectification_rate: [1, 1], on_time_rate: [0, 1] });
    });

    it('fixed after the month: due, neither rectified nor on time, no days or rework this month', () => {
      // fixed 12-02 (≥ asOf = endsAt), rejected twice
      expect(nd(community, 'H-FIXED-IN-DECEMBER')).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
    });

    it('still open at the month’s end: due, not rectified, not on time', () => {
      expect(nd(community, 'H-OPEN')).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
    });

    it("closed as 'enforcement' (closed, not fixed): due, not rectified, no days or rework", () => {
      expect(nd(community, 'H-ENFORCEMENT')).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
    });

    it("closed as 'duplicate' or 'not_a_hazard' by the moment judged: not counted at all", () => {
      expect(nd(community, 'H-DUPLICATE')).toEqual({});
      expect(nd(community, 'H-NOT-A-HAZARD')).toEqual({});
      expect(nd(community, 'H-NOT-A-HAZARD-11-25')).toEqual({});
    });

    it('due outside the month: not counted; one nobody routed is due 24 hours after its report', () => {
      expect(nd(community, 'H-DUE-IN-OCTOBER')).toEqual({});
      expect(nd(community, 'H-DUE-IN-DECEMBER')).toEqual({});
      // reported 11-01T02:00Z, never routed: due 11-02T02:00Z, open → 0/1
      expect(nd(community, 'H-UNROUTED')).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
    });

    it('boundaries: due exactly at the month’s start counts, exactly at its end does not', () => {
      expect(Object.keys(nd(community, 'H-DUE-AT-STARTS')).sort()).toEqual(['extension_rate', 'on_time_rate', 'rectification_rate']);
      expect(nd(community, 'H-DUE-AT-ENDS')).toEqual({});
      expect(nd(community, 'H-DUE-JUST-BEFORE-STARTS')).toEqual({});
      expect(Object.keys(nd(community, 'H-DUE-JUST-BEFORE-ENDS'))).toHaveLength(3);
    });

    it('due last month, fixed this month: days and rework, not rectification', () => {
      // 10-01T02:00Z → 11-03T02:00Z = 33 days
      expect(nd(community, 'H-DUE-OCTOBER-FIXED-NOVEMBER')).toEqual({ avg_days_to_fix: [33, 1], rework_rate: [0, 1] });
    });

    it('due this month, fixed last month: rectified and on time, no days or rework this month', () => {
      expect(nd(community, 'H-FIXED-IN-OCTOBER')).toEqual({ rectification_rate: [1, 1], on_time_rate: [1, 1], extension_rate: [0, 1] });
    });

    it('extended once or three times is 1 of 1; rework is rejections of submissions; days are fractional', () => {
      expect(nd(community, 'H-EXTENDED-ONCE').extension_rate).toEqual([1, 1]);
      expect(nd(community, 'H-EXTENDED-THRICE').extension_rate).toEqual([1, 1]);
      // rejected twice, accepted on the third submission → 2/3
      expect(nd(community, 'H-REWORKED-TWICE').rework_rate).toEqual([2, 3]);
      // 11-01T02:00Z → 11-03T14:00Z = 2.5 days
      expect(nd(community, 'H-2.5-DAYS').avg_days_to_fix).toEqual([2.5, 1]);
    });

    it('a mixed month: 3 due (on time, late, enforcement) + a duplicate + one due next month', async () => {
      const totals = (await score(draft, u.mixed)).totals;
      // 3 due, 2 fixed by month end → 2/3; on time: 1/3; extended: 1/3
      expect(totals.rectification_rate).toEqual({ n: 2, d: 3 });
      expect(totals.on_time_rate).toEqual({ n: 1, d: 3 });
      expect(totals.extension_rate).toEqual({ n: 1, d: 3 });
      // rework over the 2 fixed: (1 + 0) rejections / (2 + 1) submissions → 1/3
      expect(totals.rework_rate).toEqual({ n: 1, d: 3 });
      // days: 11-01T02 → 11-08T02 = 7; → 11-20T02 = 19 → 26/2 = 13
      expect(totals.avg_days_to_fix).toEqual({ n: 26, d: 2 });
    });

    it('counts for the street holding the community and for the company leading it', async () => {
      const street = await drillDown(draft, u.street);
      expect(nd(street, 'H-OPEN')).toEqual(nd(community, 'H-OPEN'));
      expect(nd(street, 'M-LATE')).toMatchObject({ rectification_rate: [1, 1] });
      const company = await drillDown(draft, u.company);
      expect(nd(company, 'H-FIXED-EARLY')).toEqual(nd(community, 'H-FIXED-EARLY'));
      expect(nd(company, 'H-OPEN')).toEqual({});
      // Two lead rows (no key forbids them) still count the hazard once, for every unit.
      for (const lists of [community, street, company]) {
        for (const items of lists.values()) expect(items.filter((i) => i.label === 'H-FIXED-EARLY').length).toBeLessThanOrEqual(1);
      }
      expect([...company.values()].some((items) => items.some((i) => i.label === 'H-FIXED-EARLY'))).toBe(true);
    });
  });

  describe('the flags’ hazards (fixed in the month, judged at its end)', () => {
    it('quick close: under 30 minutes from the report, to the millisecond', async () => {
      const quick = flagged(await score(draft, u.community), 'quick_close');
      expect(quick).toContain('Q-29-MIN-59-S');
      expect(quick).toContain('Q-30-MIN-LESS-1-MS');
      expect(quick).not.toContain('Q-30-MIN');
    });

    it('self-verified: the last verify event is by the reporter; a closure without one (the system) is not', async () => {
      const self = flagged(await score(draft, u.community), 'self_verified');
      expect(self).toContain('S-SELF');
      expect(self).not.toContain('S-SYSTEM');
      expect(self).not.toContain('Q-29-MIN-59-S');
    });

    it('only closures in the month, and only fixes', async () => {
      const s = await score(draft, u.community);
      for (const code of ['quick_close', 'self_verified']) {
        expect(flagged(s, code), code).toContain('QS-AT-STARTS');
        for (const out of ['QS-BEFORE-STARTS', 'QS-AT-ENDS', 'QS-duplicate', 'QS-not_a_hazard', 'QS-enforcement']) {
          expect(flagged(s, code), `${code} ${out}`).not.toContain(out);
        }
      }
      // The company leading one of them has it flagged too.
      expect(flagged(await score(draft, u.company), 'quick_close')).toEqual(['QS-AT-STARTS']);
    });
  });

  describe('look-backs', () => {
    it('a re-check in the month: rebound 1/1, confirmed 0/1, labelled by the hazard number', () => {
      expect(community.get('rebound_rate')?.find((i) => i.label === 'L-REBOUND')).toEqual({
        subjectType: 'lookback_item',
        subjectId: ids['L-REBOUND item'],
        label: 'L-REBOUND',
        n: 1,
        d: 1,
      });
      expect(nd(community, 'L-CONFIRMED')).toEqual({ rebound_rate: [0, 1] });
    });

    it('pending or unchecked items, and re-checks outside the month, are not counted', () => {
      for (const label of ['L-PENDING', 'L-REBOUND-UNCHECKED', 'L-JUST-BEFORE-STARTS', 'L-AT-ENDS'])
        expect(nd(community, label), label).toEqual({});
      expect(nd(community, 'L-AT-STARTS')).toEqual({ rebound_rate: [0, 1] });
      // The look-backs' own hazards (closed in September) count for nothing this month.
      expect(nd(community, 'L-REBOUND')).toEqual({ rebound_rate: [1, 1] });
    });
  });

  describe('coverage', () => {
    it('one inspection and one patrol count per place, 1/1 when done in the month and 0/1 when not', () => {
      expect(nd(community, 'P-PATROLLED-AND-INSPECTED')).toEqual({ inspection_coverage: [1, 1], patrol_coverage: [1, 1] });
      expect(nd(community, 'P-INSPECTED')).toEqual({ inspection_coverage: [1, 1], patrol_coverage: [0, 1] });
      expect(nd(community, 'P-PATROLLED-IN-OCTOBER')).toEqual({ inspection_coverage: [0, 1], patrol_coverage: [0, 1] });
      expect(nd(community, 'P-NEITHER')).toEqual({ inspection_coverage: [0, 1], patrol_coverage: [0, 1] });
      expect(community.get('patrol_coverage')?.find((i) => i.label === 'P-NEITHER')?.subjectType).toBe('place');
    });

    it('a compound is covered by a patrol of its building and its own inspection; coverage counts for the area, not a company', async () => {
      expect(community.get('patrol_coverage')?.find((i) => i.label === '公式小区')).toEqual({
        subjectType: 'compound',
        subjectId: u.compound,
        label: '公式小区',
        n: 1,
        d: 1,
      });
      expect(nd(community, '公式小区')).toEqual({ inspection_coverage: [1, 1], patrol_coverage: [1, 1] });
      expect((await drillDown(draft, u.company)).get('patrol_coverage')).toBeUndefined();
    });
  });

  describe('facilities and maintenance', () => {
    it('weighs facilities by count: working n = d = count, faulty or missing n = 0; none counted at 0', async () => {
      // (A facility and the maintenance its compound owes for its kind share a label: read the indicator.)
      const company = await drillDown(draft, u.company);
      expect(nd(company, '公式小区 · extinguisher').facility_integrity).toEqual([40, 40]);
      expect(company.get('facility_integrity')?.find((i) => i.label === '公式小区 · extinguisher')?.subjectType).toBe('facility');
      expect(nd(company, '公式小区 · alarm_system').facility_integrity).toEqual([0, 1]);
      expect(nd(company, '公式小区 · hydrant').facility_integrity).toEqual([0, 3]);
      expect(nd(company, '公式小区 · sprinkler')).toEqual({});
      // The building's counts for the company managing its compound, and for the area.
      expect(nd(company, '公式1号楼 · emergency_light').facility_integrity).toEqual([2, 2]);
      expect(nd(community, '公式1号楼 · emergency_light').facility_integrity).toEqual([2, 2]);
      // 40 + 0 + 0 + 2 working of 40 + 1 + 3 + 2 → 42/46, not 2 of 4 facilities
      expect((await score(draft, u.company)).totals.facility_integrity).toEqual({ n: 42, d: 46 });
    });

    it('a monthly kind owes a record each month, kept only by an accepted one in the month; a quarterly kind not in November', async () => {
      const company = await drillDown(draft, u.company);
      const owed = company.get('maintenance_on_time') ?? [];
      expect(owed.find((i) => i.label === '公式小区 · extinguisher')).toEqual({
        subjectType: 'maintenance_due',
        subjectId: `${u.compound}:extinguisher`,
        label: '公式小区 · extinguisher',
        n: 1,
        d: 1,
      });
      // submitted, not accepted → 0/1; accepted but in October → 0/1
      expect(nd(company, '公式小区 · hydrant').maintenance_on_time).toEqual([0, 1]);
      expect(nd(company, '公式小区 · emergency_light').maintenance_on_time).toEqual([0, 1]);
      // alarm_system and sprinkler are quarterly: owed in December, not November
      expect(owed.map((i) => i.label).sort()).toEqual(['公式小区 · emergency_light', '公式小区 · extinguisher', '公式小区 · hydrant']);
    });
  });

  describe('tasks', () => {
    it('done by its deadline: completion 1/1, on time 1/1; to the millisecond', () => {
      expect(nd(community, 'T-ON-TIME')).toEqual({ task_completion: [1, 1], task_on_time: [1, 1] });
      expect(community.get('task_completion')?.find((i) => i.label === 'T-ON-TIME')).toMatchObject({
        subjectType: 'task',
        subjectId: ids['T-ON-TIME'],
      });
      expect(nd(community, 'T-AT-DEADLINE')).toEqual({ task_completion: [1, 1], task_on_time: [1, 1] });
      expect(nd(community, 'T-1-MS-LATE')).toEqual({ task_completion: [1, 1], task_on_time: [0, 1] });
      expect(nd(community, 'T-LATE')).toEqual({ task_completion: [1, 1], task_on_time: [0, 1] });
    });

    it('not done, or done after the month: 0/1 on both', () => {
      expect(nd(community, 'T-OPEN')).toEqual({ task_completion: [0, 1], task_on_time: [0, 1] });
      expect(nd(community, 'T-DONE-IN-DECEMBER')).toEqual({ task_completion: [0, 1], task_on_time: [0, 1] });
    });

    it('cancelled tasks are left out; a duty counts for duties_done only', () => {
      expect(nd(community, 'T-CANCELLED')).toEqual({});
      expect(nd(community, 'D-CANCELLED')).toEqual({});
      expect(nd(community, 'D-DONE')).toEqual({ duties_done: [1, 1] });
      expect(nd(community, 'D-OPEN')).toEqual({ duties_done: [0, 1] });
    });

    it('due outside the month is not counted; due exactly at its start is, exactly at its end is not', () => {
      expect(nd(community, 'T-DUE-JUST-BEFORE-STARTS')).toEqual({});
      expect(nd(community, 'T-DUE-AT-ENDS')).toEqual({});
      expect(Object.keys(nd(community, 'T-DUE-AT-STARTS')).sort()).toEqual(['task_completion', 'task_on_time']);
      expect(Object.keys(nd(community, 'D-DUE-JUST-BEFORE-ENDS'))).toEqual(['duties_done']);
    });

    it('counts for the unit it was given to only: a street’s, a company’s; a compound’s for no unit', async () => {
      expect(nd(community, 'T-OF-THE-STREET')).toEqual({});
      expect(nd(await drillDown(draft, u.street), 'T-OF-THE-STREET')).toEqual({ task_completion: [1, 1], task_on_time: [1, 1] });
      expect(nd(await drillDown(draft, u.street), 'T-ON-TIME')).toEqual({});
      expect(nd(await drillDown(draft, u.company), 'T-OF-THE-COMPANY')).toEqual({ task_completion: [1, 1], task_on_time: [1, 1] });
      for (const unit of [u.street, u.community, u.company, u.compound])
        expect(nd(await drillDown(draft, unit), 'T-OF-THE-COMPOUND')).toEqual({});
    });
  });

  it('every unit’s totals are the sums of its drill-down', async () => {
    for (const unit of [u.street, u.community, u.mixed, u.company]) {
      const lists = await drillDown(draft, unit);
      const totals = (await score(draft, unit)).totals;
      expect(Object.keys(totals).sort(), unit).toEqual([...lists.keys()].sort());
      for (const [key, items] of lists) {
        // Days are fractions, summed in another order here: equal to the last few bits.
        expect(totals[key]!.n, `${unit} ${key}`).toBeCloseTo(
          items.reduce((s, i) => s + i.n, 0),
          9,
        );
        expect(totals[key]!.d, `${unit} ${key}`).toBe(items.reduce((s, i) => s + i.d, 0));
      }
    }
  });
});

describe('judged mid-month (a draft computed on 2026-11-20 in Shanghai)', () => {
  let draft: string;
  let community: Map<IndicatorKey, CountedItem[]>;
  beforeAll(async () => {
    draft = await compute(new Date(MIDWAY));
    community = await drillDown(draft, u.community);
  });

  it('counts a hazard as due only once its deadline has passed', () => {
    // due 11-25: not yet due, so not a failure of 整改率; due 11-10 and open at 11-19: 0/1
    expect(nd(community, 'H-DUE-11-25')).toEqual({});
    expect(nd(community, 'H-OPEN').rectification_rate).toEqual([0, 1]);
  });

  it('a fix after the moment judged is not yet one; exactly at it neither (exclusive, like the month’s end)', () => {
    // fixed 11-25T02:00Z, in the month but after asOf → 0/1, no days or rework
    expect(nd(community, 'H-FIXED-11-25')).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
    expect(nd(community, 'H-FIXED-AT-MIDWAY').rectification_rate).toEqual([0, 1]);
    expect(nd(community, 'H-FIXED-JUST-BEFORE-MIDWAY').rectification_rate).toEqual([1, 1]);
  });

  it('a closure as no hazard after the moment judged does not take a due hazard out', () => {
    // due 11-10, closed as not_a_hazard on 11-25: at 11-19 it was due and open
    expect(nd(community, 'H-NOT-A-HAZARD-11-25').rectification_rate).toEqual([0, 1]);
    expect(nd(community, 'H-NOT-A-HAZARD')).toEqual({});
  });

  it('look-backs and tasks only up to the moment judged', () => {
    expect(nd(community, 'L-11-25')).toEqual({});
    expect(nd(community, 'L-AT-MIDWAY')).toEqual({});
    expect(nd(community, 'L-REBOUND')).toEqual({ rebound_rate: [1, 1] });
    // a duty due 11-25 is not due yet; one due 11-15 and open is 0/1
    expect(nd(community, 'D-DUE-11-25')).toEqual({});
    expect(nd(community, 'D-OPEN')).toEqual({ duties_done: [0, 1] });
    // due 11-15, done 11-25 / exactly at 11-19T16:00Z: not yet; a millisecond before: done, late
    expect(nd(community, 'T-DONE-11-25')).toEqual({ task_completion: [0, 1], task_on_time: [0, 1] });
    expect(nd(community, 'T-DONE-AT-MIDWAY')).toEqual({ task_completion: [0, 1], task_on_time: [0, 1] });
    expect(nd(community, 'T-DONE-JUST-BEFORE-MIDWAY')).toEqual({ task_completion: [1, 1], task_on_time: [0, 1] });
  });

  it('flags only closures before the moment judged', async () => {
    const s = await score(draft, u.community);
    for (const code of ['quick_close', 'self_verified']) {
      expect(flagged(s, code), code).toContain('QS-11-15');
      expect(flagged(s, code), code).not.toContain('QS-11-25');
    }
  });
});
