import { describe, expect, it } from 'vitest';
import {
  type Fact,
  facilityFacts,
  type HazardRow,
  hazardFacts,
  type LookbackRow,
  lookbackFacts,
  maintenanceFacts,
  placeFacts,
  ratioOf,
  type ScoringWindow,
  type TaskRow,
  taskFacts,
  totalsOf,
} from '../../src/features/assessments/indicators.ts';
import type { IndicatorKey } from '../../src/features/assessments/vocabulary.ts';

/**
 * The indicator formulas on hand-worked cases. The month scored is November 2026 in Asia/Shanghai
 * (+08:00 all year): [2026-11-01T00:00+08:00, 2026-12-01T00:00+08:00) = [2026-10-31T16:00Z,
 * 2026-11-30T16:00Z). Every instant below is written out literally; every expected n/d is worked
 * out in a comment next to it, never computed by the module under test.
 */

const at = (iso: string) => new Date(iso);
const STARTS = '2026-10-31T16:00:00Z';
const ENDS = '2026-11-30T16:00:00Z';
/** The month judged after it ended: asOf = endsAt. */
const NOV: ScoringWindow = { startsAt: at(STARTS), endsAt: at(ENDS), asOf: at(ENDS) };
/** The same month judged mid-way, as of 2026-11-20T00:00+08:00. */
const NOV_MIDWAY: ScoringWindow = { startsAt: at(STARTS), endsAt: at(ENDS), asOf: at('2026-11-19T16:00:00Z') };

function hazard(over: Partial<HazardRow> = {}): HazardRow {
  return {
    id: 'h1',
    number: 'YH-0001',
    reportedAt: at('2026-11-01T02:00:00Z'),
    dueAt: at('2026-11-10T16:00:00Z'),
    closedAt: null,
    outcome: null,
    rejectCount: 0,
    extensionCount: 0,
    ...over,
  };
}

/** The facts as indicator → [n, d], for compact assertions. */
const nd = (facts: Fact[]) => Object.fromEntries(facts.map((f) => [f.indicator, [f.n, f.d]]));
const keys = (facts: Fact[]) => facts.map((f) => f.indicator).sort();

describe('hazardFacts', () => {
  it('a hazard due in the month and fixed before its deadline counts as rectified and on time', () => {
    // due 11-10T16:00Z, fixed 11-08T02:00Z (< due) → rectified 1/1, on time 1/1, not extended 0/1
    const facts = hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-08T02:00:00Z') }), NOV);
    expect(nd(facts)).toMatchObject({ rectification_rate: [1, 1], on_time_rate: [1, 1], extension_rate: [0, 1] });
  });

  it('labels each fact with the hazard as its subject', () => {
    const facts = hazardFacts(hazard({ id: 'hz-9', number: 'YH-0099', outcome: 'fixed', closedAt: at('2026-11-08T02:00:00Z') }), NOV);
    expect(facts.length).toBe(5);
    for (const f of facts) expect(f).toMatchObject({ subjectType: 'hazard', subjectId: 'hz-9', label: 'YH-0099' });
  });

  it('fixed exactly at its deadline is still on time', () => {
    const facts = hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-10T16:00:00Z') }), NOV);
    expect(nd(facts)).toMatchObject({ rectification_rate: [1, 1], on_time_rate: [1, 1] });
  });

  it('fixed after its deadline but before month end is rectified, not on time', () => {
    // due 11-10T16:00Z, fixed 11-20T02:00Z (> due, < 11-30T16:00Z) → rectified 1/1, on time 0/1
    const facts = hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-20T02:00:00Z') }), NOV);
    expect(nd(facts)).toMatchObject({ rectification_rate: [1, 1], on_time_rate: [0, 1] });
  });

  it('fixed after month end is due but neither rectified nor on time, and gives no days or rework this month', () => {
    // fixed 12-02 (≥ asOf = endsAt) → rectified 0/1, on time 0/1; closure not in window → no avg days, no rework
    const facts = hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-12-02T02:00:00Z'), rejectCount: 2 }), NOV);
    expect(nd(facts)).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
  });

  it('fixed after asOf (judged mid-month) is not yet rectified', () => {
    // asOf 11-19T16:00Z; fixed 11-25T02:00Z, inside the month but after asOf → 0/1, and no days/rework facts
    const facts = hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-25T02:00:00Z') }), NOV_MIDWAY);
    expect(nd(facts)).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
    // the same hazard judged at month end: rectified (late) 1/1
    expect(nd(hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-25T02:00:00Z') }), NOV))).toMatchObject({
      rectification_rate: [1, 1],
      on_time_rate: [0, 1],
    });
  });

  it('boundary: a fix exactly at asOf is not yet seen (asOf is exclusive, like endsAt)', () => {
    // asOf 11-19T16:00Z; fixed exactly then → 0/1; one millisecond earlier → 1/1
    expect(nd(hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-19T16:00:00Z') }), NOV_MIDWAY)).rectification_rate).toEqual([
      0, 1,
    ]);
    expect(nd(hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-19T15:59:59.999Z') }), NOV_MIDWAY)).rectification_rate).toEqual([
      1, 1,
    ]);
  });

  it('still open at month end: due, not rectified, not on time', () => {
    const facts = hazardFacts(hazard(), NOV);
    expect(nd(facts)).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
  });

  it("closed as 'enforcement' (closed, not fixed) is due but not rectified and gives no days or rework", () => {
    // closed 11-05 within the month, but outcome ≠ fixed → 0/1 due; no avg_days_to_fix, no rework_rate
    const facts = hazardFacts(hazard({ outcome: 'enforcement', closedAt: at('2026-11-05T02:00:00Z'), rejectCount: 1 }), NOV);
    expect(nd(facts)).toEqual({ rectification_rate: [0, 1], on_time_rate: [0, 1], extension_rate: [0, 1] });
  });

  it("closed as 'duplicate' or 'not_a_hazard' is not counted at all", () => {
    for (const outcome of ['duplicate', 'not_a_hazard'] as const) {
      expect(hazardFacts(hazard({ outcome, closedAt: at('2026-11-05T02:00:00Z'), extensionCount: 1, rejectCount: 1 }), NOV)).toEqual([]);
    }
  });

  it('due outside the window is not counted as due', () => {
    // due 10-20 (previous month) and 12-05 (next month), both still open → nothing
    expect(hazardFacts(hazard({ dueAt: at('2026-10-20T16:00:00Z') }), NOV)).toEqual([]);
    expect(hazardFacts(hazard({ dueAt: at('2026-12-05T16:00:00Z') }), NOV)).toEqual([]);
    // no deadline at all → never due
    expect(hazardFacts(hazard({ dueAt: null }), NOV)).toEqual([]);
  });

  it('boundary: dueAt exactly at startsAt counts, exactly at endsAt does not', () => {
    expect(keys(hazardFacts(hazard({ dueAt: at(STARTS) }), NOV))).toEqual(['extension_rate', 'on_time_rate', 'rectification_rate']);
    expect(hazardFacts(hazard({ dueAt: at(ENDS) }), NOV)).toEqual([]);
    // one millisecond before startsAt is the previous month; one before endsAt is still this month
    expect(hazardFacts(hazard({ dueAt: at('2026-10-31T15:59:59.999Z') }), NOV)).toEqual([]);
    expect(keys(hazardFacts(hazard({ dueAt: at('2026-11-30T15:59:59.999Z') }), NOV))).toHaveLength(3);
  });

  it('a hazard due last month but fixed this month gives days and rework, not rectification', () => {
    // due 10-20 (outside), fixed 11-03T02:00Z (inside) → only avg_days_to_fix and rework_rate
    const facts = hazardFacts(
      hazard({
        reportedAt: at('2026-10-01T02:00:00Z'),
        dueAt: at('2026-10-20T16:00:00Z'),
        outcome: 'fixed',
        closedAt: at('2026-11-03T02:00:00Z'),
      }),
      NOV,
    );
    // 10-01T02:00Z → 11-03T02:00Z = 33 days
    expect(nd(facts)).toEqual({ avg_days_to_fix: [33, 1], rework_rate: [0, 1] });
  });

  it('a hazard due this month but fixed last month is rectified and on time, with no days/rework this month', () => {
    // fixed 10-25 (before the window, before due 11-10) → rectified 1/1, on time 1/1; closure outside → no days
    const facts = hazardFacts(
      hazard({ reportedAt: at('2026-10-20T02:00:00Z'), outcome: 'fixed', closedAt: at('2026-10-25T02:00:00Z') }),
      NOV,
    );
    expect(nd(facts)).toEqual({ rectification_rate: [1, 1], on_time_rate: [1, 1], extension_rate: [0, 1] });
  });

  it('counts an extension: extended once or three times is 1 of 1, never 0', () => {
    expect(nd(hazardFacts(hazard({ extensionCount: 1 }), NOV)).extension_rate).toEqual([1, 1]);
    expect(nd(hazardFacts(hazard({ extensionCount: 3 }), NOV)).extension_rate).toEqual([1, 1]);
    expect(nd(hazardFacts(hazard({ extensionCount: 0 }), NOV)).extension_rate).toEqual([0, 1]);
  });

  it('rework: n = rejections, d = rejections + 1 submissions', () => {
    const fixed = { outcome: 'fixed' as const, closedAt: at('2026-11-08T02:00:00Z') };
    // rejected twice, accepted on the third submission → 2/3
    expect(nd(hazardFacts(hazard({ ...fixed, rejectCount: 2 }), NOV)).rework_rate).toEqual([2, 3]);
    // accepted first time → 0/1
    expect(nd(hazardFacts(hazard({ ...fixed, rejectCount: 0 }), NOV)).rework_rate).toEqual([0, 1]);
  });

  it('avg days to fix: days from reportedAt to closedAt, fractional', () => {
    // reported 11-01T02:00Z, closed 11-03T14:00Z → 2 days + 12 h = 2.5 days
    const facts = hazardFacts(hazard({ outcome: 'fixed', closedAt: at('2026-11-03T14:00:00Z') }), NOV);
    expect(nd(facts).avg_days_to_fix).toEqual([2.5, 1]);
  });

  it('averages days over several fixed hazards through totalsOf/ratioOf', () => {
    // 2.5 days + 0.5 days + 6 days = 9 days over 3 hazards → 3 days
    const rows = [
      hazard({ id: 'a', outcome: 'fixed', closedAt: at('2026-11-03T14:00:00Z') }), // 11-01T02 → 11-03T14 = 2.5
      hazard({ id: 'b', outcome: 'fixed', closedAt: at('2026-11-01T14:00:00Z') }), // 11-01T02 → 11-01T14 = 0.5
      hazard({ id: 'c', outcome: 'fixed', closedAt: at('2026-11-07T02:00:00Z') }), // 11-01T02 → 11-07T02 = 6
    ];
    const totals = totalsOf(rows.flatMap((h) => hazardFacts(h, NOV)));
    expect(totals.get('avg_days_to_fix')).toEqual({ n: 9, d: 3 });
    expect(ratioOf(totals.get('avg_days_to_fix'))).toBe(3);
  });

  it('a mixed month: 3 due (1 on time, 1 late, 1 enforcement) + a duplicate + one due next month', () => {
    const rows = [
      hazard({ id: 'on-time', outcome: 'fixed', closedAt: at('2026-11-08T02:00:00Z'), rejectCount: 1 }),
      hazard({ id: 'late', outcome: 'fixed', closedAt: at('2026-11-20T02:00:00Z'), extensionCount: 1 }),
      hazard({ id: 'enf', outcome: 'enforcement', closedAt: at('2026-11-12T02:00:00Z') }),
      hazard({ id: 'dup', outcome: 'duplicate', closedAt: at('2026-11-02T02:00:00Z') }),
      hazard({ id: 'next', dueAt: at('2026-12-10T16:00:00Z') }),
    ];
    const totals = totalsOf(rows.flatMap((h) => hazardFacts(h, NOV)));
    // 3 due (dup and next left out), 2 fixed by month end → 2/3
    expect(totals.get('rectification_rate')).toEqual({ n: 2, d: 3 });
    // only 'on-time' fixed by its deadline → 1/3
    expect(totals.get('on_time_rate')).toEqual({ n: 1, d: 3 });
    // only 'late' was extended → 1/3
    expect(totals.get('extension_rate')).toEqual({ n: 1, d: 3 });
    // rework over the 2 fixed: (1 + 0) rejections / (2 + 1) submissions → 1/3
    expect(totals.get('rework_rate')).toEqual({ n: 1, d: 3 });
    // days: on-time 11-01T02 → 11-08T02 = 7; late 11-01T02 → 11-20T02 = 19 → 26/2 = 13
    expect(totals.get('avg_days_to_fix')).toEqual({ n: 26, d: 2 });
    expect(ratioOf(totals.get('rectification_rate'))).toBeCloseTo(2 / 3, 12);
    expect(ratioOf(totals.get('avg_days_to_fix'))).toBe(13);
  });
});

describe('a draft of the month under way (asOf 2026-11-19T16:00Z)', () => {
  it('counts a hazard as due only once its deadline has passed', () => {
    // Due 11-25, after the moment judged: not yet due, so not a failure of 整改率.
    expect(hazardFacts(hazard({ dueAt: at('2026-11-25T16:00:00Z') }), NOV_MIDWAY)).toEqual([]);
    // Due 11-10, open at 11-19: due and not fixed → 0/1.
    expect(nd(hazardFacts(hazard(), NOV_MIDWAY)).rectification_rate).toEqual([0, 1]);
  });

  it('a closure as no hazard after the moment judged does not take a due hazard out', () => {
    // Due 11-10, closed as not_a_hazard on 11-25: at month end it was due and open.
    const w = { ...NOV, asOf: at('2026-11-20T00:00:00Z') };
    expect(nd(hazardFacts(hazard({ outcome: 'not_a_hazard', closedAt: at('2026-11-25T02:00:00Z') }), w)).rectification_rate).toEqual([
      0, 1,
    ]);
    // Closed as not_a_hazard before: never due.
    expect(hazardFacts(hazard({ outcome: 'not_a_hazard', closedAt: at('2026-11-05T02:00:00Z') }), w)).toEqual([]);
  });

  it('counts a task only once its deadline has passed', () => {
    const t = { id: 't9', title: '月度例会', completedAt: null, cancelled: false, duty: true };
    expect(taskFacts({ ...t, dueAt: at('2026-11-25T16:00:00Z') }, NOV_MIDWAY)).toEqual([]);
    expect(nd(taskFacts({ ...t, dueAt: at('2026-11-15T16:00:00Z') }, NOV_MIDWAY))).toEqual({ duties_done: [0, 1] });
  });
});

describe('lookbackFacts', () => {
  const item = (over: Partial<LookbackRow> = {}): LookbackRow => ({
    id: 'lb1:h1',
    hazardNumber: 'YH-0001',
    result: 'confirmed',
    checkedAt: at('2026-11-15T02:00:00Z'),
    ...over,
  });

  it('a re-check this month: rebound 1/1, confirmed 0/1, labelled by the hazard number', () => {
    expect(lookbackFacts(item({ result: 'rebound' }), NOV)).toEqual([
      { indicator: 'rebound_rate', subjectType: 'lookback_item', subjectId: 'lb1:h1', label: 'YH-0001', n: 1, d: 1 },
    ]);
    expect(nd(lookbackFacts(item({ result: 'confirmed' }), NOV))).toEqual({ rebound_rate: [0, 1] });
  });

  it('pending or unchecked items are not counted', () => {
    expect(lookbackFacts(item({ result: 'pending' }), NOV)).toEqual([]);
    expect(lookbackFacts(item({ result: 'pending', checkedAt: null }), NOV)).toEqual([]);
    expect(lookbackFacts(item({ result: 'rebound', checkedAt: null }), NOV)).toEqual([]);
  });

  it('re-checks outside the window or after asOf are not counted', () => {
    expect(lookbackFacts(item({ checkedAt: at('2026-10-31T15:59:59.999Z') }), NOV)).toEqual([]);
    expect(lookbackFacts(item({ checkedAt: at(ENDS) }), NOV)).toEqual([]);
    expect(lookbackFacts(item({ checkedAt: at(STARTS) }), NOV)).toHaveLength(1);
    // asOf 11-19T16:00Z: a check at 11-25 is not yet counted, one at 11-15 is
    expect(lookbackFacts(item({ checkedAt: at('2026-11-25T02:00:00Z') }), NOV_MIDWAY)).toEqual([]);
    expect(lookbackFacts(item({ checkedAt: at('2026-11-15T02:00:00Z') }), NOV_MIDWAY)).toHaveLength(1);
    // exactly at asOf is not yet counted
    expect(lookbackFacts(item({ checkedAt: at('2026-11-19T16:00:00Z') }), NOV_MIDWAY)).toEqual([]);
  });

  it('rebound rate: 1 rebound of 4 re-checks → 1/4', () => {
    const items = [
      item({ id: 'a', result: 'rebound' }),
      item({ id: 'b' }),
      item({ id: 'c' }),
      item({ id: 'd' }),
      item({ id: 'e', result: 'pending' }),
    ];
    const t = totalsOf(items.flatMap((i) => lookbackFacts(i, NOV))).get('rebound_rate');
    expect(t).toEqual({ n: 1, d: 4 });
    expect(ratioOf(t)).toBe(0.25);
  });
});

describe('placeFacts', () => {
  it('one inspection and one patrol fact per place, 1/1 when done and 0/1 when not', () => {
    expect(placeFacts({ id: 'p1', name: '幸福小区', inspected: true, patrolled: false })).toEqual([
      { indicator: 'inspection_coverage', subjectType: 'place', subjectId: 'p1', label: '幸福小区', n: 1, d: 1 },
      { indicator: 'patrol_coverage', subjectType: 'place', subjectId: 'p1', label: '幸福小区', n: 0, d: 1 },
    ]);
    expect(nd(placeFacts({ id: 'p2', name: 'B', inspected: false, patrolled: true }))).toEqual({
      inspection_coverage: [0, 1],
      patrol_coverage: [1, 1],
    });
  });

  it('coverage over 4 places: 3 inspected → 3/4, 1 patrolled → 1/4', () => {
    const places = [
      { id: 'a', name: 'A', inspected: true, patrolled: true },
      { id: 'b', name: 'B', inspected: true, patrolled: false },
      { id: 'c', name: 'C', inspected: true, patrolled: false },
      { id: 'd', name: 'D', inspected: false, patrolled: false },
    ];
    const totals = totalsOf(places.flatMap(placeFacts));
    expect(totals.get('inspection_coverage')).toEqual({ n: 3, d: 4 });
    expect(totals.get('patrol_coverage')).toEqual({ n: 1, d: 4 });
    expect(ratioOf(totals.get('inspection_coverage'))).toBe(0.75);
  });
});

describe('facilityFacts', () => {
  it('weighs by count: working n = d = count; faulty or missing n = 0, d = count', () => {
    expect(facilityFacts({ id: 'f1', label: '灭火器', count: 40, status: 'working' })).toEqual([
      { indicator: 'facility_integrity', subjectType: 'facility', subjectId: 'f1', label: '灭火器', n: 40, d: 40 },
    ]);
    expect(nd(facilityFacts({ id: 'f2', label: '报警主机', count: 1, status: 'faulty' }))).toEqual({ facility_integrity: [0, 1] });
    expect(nd(facilityFacts({ id: 'f3', label: '消防栓', count: 3, status: 'missing' }))).toEqual({ facility_integrity: [0, 3] });
  });

  it('count 0 (or below) yields nothing', () => {
    expect(facilityFacts({ id: 'f0', label: '空', count: 0, status: 'working' })).toEqual([]);
    expect(facilityFacts({ id: 'fn', label: '负', count: -2, status: 'faulty' })).toEqual([]);
  });

  it('integrity: 40 working extinguishers + 1 faulty panel + 9 working hydrants → 49/50 = 0.98, not 2/3', () => {
    const rows = [
      { id: 'a', label: '灭火器', count: 40, status: 'working' as const },
      { id: 'b', label: '报警主机', count: 1, status: 'faulty' as const },
      { id: 'c', label: '消防栓', count: 9, status: 'working' as const },
      { id: 'd', label: '喷淋', count: 0, status: 'missing' as const },
    ];
    const t = totalsOf(rows.flatMap(facilityFacts)).get('facility_integrity');
    expect(t).toEqual({ n: 49, d: 50 });
    expect(ratioOf(t)).toBe(0.98);
  });
});

describe('maintenanceFacts', () => {
  it('done → 1/1, not done → 0/1, subject is the (compound, kind) pair', () => {
    expect(maintenanceFacts({ id: 'c1:extinguisher', label: '幸福小区 · 灭火器', done: true })).toEqual([
      {
        indicator: 'maintenance_on_time',
        subjectType: 'maintenance_due',
        subjectId: 'c1:extinguisher',
        label: '幸福小区 · 灭火器',
        n: 1,
        d: 1,
      },
    ]);
    expect(nd(maintenanceFacts({ id: 'c1:alarm', label: 'x', done: false }))).toEqual({ maintenance_on_time: [0, 1] });
  });

  it('2 of 5 pairs maintained → 2/5 = 0.4', () => {
    const rows = [true, false, true, false, false].map((done, i) => ({ id: `c${i}:k`, label: `c${i}`, done }));
    const t = totalsOf(rows.flatMap(maintenanceFacts)).get('maintenance_on_time');
    expect(t).toEqual({ n: 2, d: 5 });
    expect(ratioOf(t)).toBe(0.4);
  });
});

describe('taskFacts', () => {
  const task = (over: Partial<TaskRow> = {}): TaskRow => ({
    id: 't1',
    title: '开展消防演练',
    dueAt: at('2026-11-15T16:00:00Z'),
    completedAt: null,
    cancelled: false,
    duty: false,
    ...over,
  });

  it('a non-duty task completed before its deadline: completion 1/1, on time 1/1', () => {
    expect(taskFacts(task({ completedAt: at('2026-11-10T02:00:00Z') }), NOV)).toEqual([
      { indicator: 'task_completion', subjectType: 'task', subjectId: 't1', label: '开展消防演练', n: 1, d: 1 },
      { indicator: 'task_on_time', subjectType: 'task', subjectId: 't1', label: '开展消防演练', n: 1, d: 1 },
    ]);
  });

  it('on-time boundary: completedAt == dueAt is on time, one millisecond later is late', () => {
    expect(nd(taskFacts(task({ completedAt: at('2026-11-15T16:00:00Z') }), NOV))).toEqual({
      task_completion: [1, 1],
      task_on_time: [1, 1],
    });
    expect(nd(taskFacts(task({ completedAt: at('2026-11-15T16:00:00.001Z') }), NOV))).toEqual({
      task_completion: [1, 1],
      task_on_time: [0, 1],
    });
  });

  it('completed late but before month end: completed, not on time', () => {
    expect(nd(taskFacts(task({ completedAt: at('2026-11-28T02:00:00Z') }), NOV))).toEqual({
      task_completion: [1, 1],
      task_on_time: [0, 1],
    });
  });

  it('not completed, or completed after asOf: 0/1 on both', () => {
    expect(nd(taskFacts(task(), NOV))).toEqual({ task_completion: [0, 1], task_on_time: [0, 1] });
    expect(nd(taskFacts(task({ completedAt: at('2026-12-01T02:00:00Z') }), NOV))).toEqual({
      task_completion: [0, 1],
      task_on_time: [0, 1],
    });
    // judged mid-month (asOf 11-19T16:00Z), due 11-15, completed 11-25: not yet completed
    expect(nd(taskFacts(task({ completedAt: at('2026-11-25T02:00:00Z') }), NOV_MIDWAY))).toEqual({
      task_completion: [0, 1],
      task_on_time: [0, 1],
    });
    // completed exactly at asOf (11-19T16:00Z) is not yet seen either; a millisecond before is (late: due 11-15)
    expect(nd(taskFacts(task({ completedAt: at('2026-11-19T16:00:00Z') }), NOV_MIDWAY))).toEqual({
      task_completion: [0, 1],
      task_on_time: [0, 1],
    });
    expect(nd(taskFacts(task({ completedAt: at('2026-11-19T15:59:59.999Z') }), NOV_MIDWAY))).toEqual({
      task_completion: [1, 1],
      task_on_time: [0, 1],
    });
  });

  it('cancelled tasks are excluded, done or not, duty or not', () => {
    expect(taskFacts(task({ cancelled: true }), NOV)).toEqual([]);
    expect(taskFacts(task({ cancelled: true, completedAt: at('2026-11-10T02:00:00Z') }), NOV)).toEqual([]);
    expect(taskFacts(task({ cancelled: true, duty: true }), NOV)).toEqual([]);
  });

  it('a duty counts only in duties_done, never in task completion or on time', () => {
    expect(taskFacts(task({ duty: true, completedAt: at('2026-11-20T02:00:00Z') }), NOV)).toEqual([
      { indicator: 'duties_done', subjectType: 'task', subjectId: 't1', label: '开展消防演练', n: 1, d: 1 },
    ]);
    expect(nd(taskFacts(task({ duty: true }), NOV))).toEqual({ duties_done: [0, 1] });
  });

  it('due outside the window is not counted; dueAt at startsAt counts, at endsAt does not', () => {
    expect(taskFacts(task({ dueAt: at('2026-10-31T15:59:59.999Z') }), NOV)).toEqual([]);
    expect(taskFacts(task({ dueAt: at(ENDS) }), NOV)).toEqual([]);
    expect(keys(taskFacts(task({ dueAt: at(STARTS) }), NOV))).toEqual(['task_completion', 'task_on_time']);
    expect(keys(taskFacts(task({ duty: true, dueAt: at('2026-11-30T15:59:59.999Z') }), NOV))).toEqual(['duties_done']);
  });

  it('a mixed month: 3 tasks due (1 on time, 1 late, 1 open) + 1 cancelled + 2 duties (1 done)', () => {
    const rows = [
      task({ id: 'a', completedAt: at('2026-11-10T02:00:00Z') }),
      task({ id: 'b', completedAt: at('2026-11-20T02:00:00Z') }),
      task({ id: 'c' }),
      task({ id: 'x', cancelled: true, completedAt: at('2026-11-10T02:00:00Z') }),
      task({ id: 'd1', duty: true, completedAt: at('2026-11-05T02:00:00Z') }),
      task({ id: 'd2', duty: true }),
    ];
    const totals = totalsOf(rows.flatMap((t) => taskFacts(t, NOV)));
    // 3 non-duty due, 2 completed by month end → 2/3
    expect(totals.get('task_completion')).toEqual({ n: 2, d: 3 });
    // only 'a' by its deadline → 1/3
    expect(totals.get('task_on_time')).toEqual({ n: 1, d: 3 });
    // 2 duties due, 1 done → 1/2
    expect(totals.get('duties_done')).toEqual({ n: 1, d: 2 });
    expect(ratioOf(totals.get('duties_done'))).toBe(0.5);
  });
});

describe('totalsOf and ratioOf', () => {
  const f = (indicator: IndicatorKey, n: number, d: number): Fact => ({
    indicator,
    subjectType: 'hazard',
    subjectId: 'x',
    label: 'x',
    n,
    d,
  });

  it('no facts → empty totals → null (no data), never NaN or a division by zero', () => {
    const totals = totalsOf([]);
    expect(totals.size).toBe(0);
    expect(ratioOf(totals.get('rectification_rate'))).toBeNull();
    expect(ratioOf(undefined)).toBeNull();
    expect(ratioOf({ n: 0, d: 0 })).toBeNull();
  });

  it('sums n and d per indicator independently', () => {
    const totals = totalsOf([
      f('rectification_rate', 1, 1),
      f('rectification_rate', 0, 1),
      f('rework_rate', 2, 3),
      f('rectification_rate', 1, 1),
      f('rework_rate', 0, 1),
    ]);
    // rectification: (1 + 0 + 1) / (1 + 1 + 1) = 2/3; rework: (2 + 0) / (3 + 1) = 2/4
    expect(totals.get('rectification_rate')).toEqual({ n: 2, d: 3 });
    expect(totals.get('rework_rate')).toEqual({ n: 2, d: 4 });
    expect(totals.has('on_time_rate')).toBe(false);
    expect(ratioOf(totals.get('rework_rate'))).toBe(0.5);
  });

  it('accepts any iterable (a generator)', () => {
    function* gen() {
      yield f('patrol_coverage', 1, 1);
      yield f('patrol_coverage', 0, 1);
    }
    expect(totalsOf(gen()).get('patrol_coverage')).toEqual({ n: 1, d: 2 });
  });

  it('ratioOf is Σn ÷ Σd when d > 0, including 0 of d', () => {
    expect(ratioOf({ n: 3, d: 4 })).toBe(0.75);
    expect(ratioOf({ n: 0, d: 5 })).toBe(0);
    expect(ratioOf({ n: 5, d: 5 })).toBe(1);
    // days: 9 days over 3 hazards → 3
    expect(ratioOf({ n: 9, d: 3 })).toBe(3);
  });
});
