import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_POLICY,
  escalationTime,
  expectedEscalationLevel,
  type HazardPolicy,
  isOverdue,
  rectifyDue,
  respondBy,
} from '../../src/features/hazards/policy.ts';
import { HAZARD_STATES, type HazardState } from '../../src/features/hazards/vocabulary.ts';

/**
 * Deadlines and escalation with a controlled clock: every "now" is a fixed Date, and the deadline
 * is counted in the tenant's zone (Shanghai: +08:00 all year; Berlin: +01:00 / +02:00 with DST;
 * UTC), never the server's.
 */

const P = DEFAULT_POLICY;
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const due = (routedAt: string, tz: string, severity: 'general' | 'major' = 'general', categoryDays: number | null = null) =>
  iso(rectifyDue(at(routedAt), severity, P, tz, categoryDays));

/** Local wall-clock parts of an instant in a zone, milliseconds included. */
function local(d: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}.${get('fractionalSecond')}`,
  };
}

describe('rectifyDue: the end of the tenant-local day, N days after the local day of routing', () => {
  // 2027-03-10 18:30 UTC is already 2027-03-11 02:30 in Shanghai, still 03-10 in Berlin (19:30) and UTC.
  const LATE_EVENING_UTC = '2027-03-10T18:30:00.000Z';

  it('routing late in the evening UTC counts from the next day in Shanghai', () => {
    expect(due(LATE_EVENING_UTC, 'Asia/Shanghai')).toBe('2027-03-18T15:59:59.999Z'); // 03-18 23:59:59.999 +08
    expect(due(LATE_EVENING_UTC, 'UTC')).toBe('2027-03-17T23:59:59.999Z'); // 03-17 23:59:59.999 Z
    expect(due(LATE_EVENING_UTC, 'Europe/Berlin')).toBe('2027-03-17T22:59:59.999Z'); // 03-17 23:59:59.999 +01
  });

  it('general (7 days) vs major (2 days) vs a category override (which wins over severity)', () => {
    expect(due(LATE_EVENING_UTC, 'Asia/Shanghai', 'general')).toBe('2027-03-18T15:59:59.999Z');
    expect(due(LATE_EVENING_UTC, 'Asia/Shanghai', 'major')).toBe('2027-03-13T15:59:59.999Z');
    expect(due(LATE_EVENING_UTC, 'Asia/Shanghai', 'general', 3)).toBe('2027-03-14T15:59:59.999Z');
    expect(due(LATE_EVENING_UTC, 'Asia/Shanghai', 'major', 3)).toBe('2027-03-14T15:59:59.999Z');
    // 0 days: the end of the (local) day of routing
    expect(due(LATE_EVENING_UTC, 'Asia/Shanghai', 'major', 0)).toBe('2027-03-11T15:59:59.999Z');
    expect(due(LATE_EVENING_UTC, 'UTC', 'major', 0)).toBe('2027-03-10T23:59:59.999Z');
  });

  it('follows the tenant policy’s numbers of days', () => {
    const policy: HazardPolicy = { ...P, rectifyDaysGeneral: 10, rectifyDaysMajor: 1 };
    expect(iso(rectifyDue(at(LATE_EVENING_UTC), 'general', policy, 'Asia/Shanghai'))).toBe('2027-03-21T15:59:59.999Z');
    expect(iso(rectifyDue(at(LATE_EVENING_UTC), 'major', policy, 'Asia/Shanghai'))).toBe('2027-03-12T15:59:59.999Z');
  });

  it('across the end of January (Jan 31 + 7 days)', () => {
    expect(due('2028-01-31T04:00:00.000Z', 'Asia/Shanghai')).toBe('2028-02-07T15:59:59.999Z');
    expect(due('2028-01-31T04:00:00.000Z', 'UTC')).toBe('2028-02-07T23:59:59.999Z');
    // 20:00 UTC on Jan 31 is Feb 1 in Shanghai
    expect(due('2028-01-31T20:00:00.000Z', 'Asia/Shanghai')).toBe('2028-02-08T15:59:59.999Z');
    expect(due('2028-01-31T20:00:00.000Z', 'Europe/Berlin')).toBe('2028-02-07T22:59:59.999Z');
  });

  it('across the end of February in the 2028 leap year, and in 2027', () => {
    expect(due('2028-02-28T02:00:00.000Z', 'Asia/Shanghai', 'general', 1)).toBe('2028-02-29T15:59:59.999Z');
    expect(due('2028-02-28T02:00:00.000Z', 'Asia/Shanghai', 'major')).toBe('2028-03-01T15:59:59.999Z');
    expect(due('2028-02-29T02:00:00.000Z', 'Asia/Shanghai', 'general')).toBe('2028-03-07T15:59:59.999Z');
    expect(due('2027-02-28T02:00:00.000Z', 'Asia/Shanghai', 'general', 1)).toBe('2027-03-01T15:59:59.999Z');
    // 2028-02-28 20:00 UTC is already Feb 29 in Shanghai
    expect(due('2028-02-28T20:00:00.000Z', 'Asia/Shanghai', 'major')).toBe('2028-03-02T15:59:59.999Z');
    expect(due('2028-02-28T20:00:00.000Z', 'UTC', 'major')).toBe('2028-03-01T23:59:59.999Z');
  });

  it('across the end of the year (Dec 31 → next year)', () => {
    expect(due('2027-12-31T03:00:00.000Z', 'Asia/Shanghai')).toBe('2028-01-07T15:59:59.999Z');
    // 17:00 UTC on Dec 31 is already New Year's Day in Shanghai
    expect(due('2027-12-31T17:00:00.000Z', 'Asia/Shanghai')).toBe('2028-01-08T15:59:59.999Z');
    expect(due('2027-12-31T17:00:00.000Z', 'UTC')).toBe('2028-01-07T23:59:59.999Z');
    expect(due('2027-12-31T17:00:00.000Z', 'Europe/Berlin')).toBe('2028-01-07T22:59:59.999Z');
  });

  it('across the DST changes in Berlin: 23:59:59.999 local, whatever the offset', () => {
    // DST starts 2027-03-28 (CET +01 → CEST +02); ends 2027-10-31 (CEST → CET)
    expect(due('2027-03-25T10:00:00.000Z', 'Europe/Berlin')).toBe('2027-04-01T21:59:59.999Z');
    expect(due('2027-03-26T10:00:00.000Z', 'Europe/Berlin', 'major')).toBe('2027-03-28T21:59:59.999Z');
    expect(due('2027-10-28T10:00:00.000Z', 'Europe/Berlin')).toBe('2027-11-04T22:59:59.999Z');
    // Shanghai has no DST: the same routing gives the same offset
    expect(due('2027-03-25T10:00:00.000Z', 'Asia/Shanghai')).toBe('2027-04-01T15:59:59.999Z');
  });

  it('the exact deadline is 23:59:59.999 local: overdue from the next millisecond (local midnight)', () => {
    for (const tz of ['Asia/Shanghai', 'Europe/Berlin', 'UTC']) {
      const dueAt = rectifyDue(at('2027-12-31T17:00:00.000Z'), 'general', P, tz);
      expect(local(dueAt, tz).time).toBe('23:59:59.999');
      expect(local(new Date(dueAt.getTime() + 1), tz).time).toBe('00:00:00.000');
      const h = { state: 'rectifying', respondBy: null, dueAt };
      expect(isOverdue(h, dueAt)).toBe(false);
      expect(isOverdue(h, new Date(dueAt.getTime() - 1))).toBe(false);
      expect(isOverdue(h, new Date(dueAt.getTime() + 1))).toBe(true);
    }
  });

  it('does not depend on the server’s zone or clock', () => {
    const before = process.env.TZ;
    try {
      vi.useFakeTimers({ now: new Date('2031-07-01T12:00:00Z') });
      const results = ['America/Los_Angeles', 'Asia/Tokyo', 'UTC'].map((serverTz) => {
        process.env.TZ = serverTz;
        return [due('2027-12-31T17:00:00.000Z', 'Asia/Shanghai'), due('2027-03-25T10:00:00.000Z', 'Europe/Berlin')];
      });
      for (const r of results) expect(r).toEqual(['2028-01-08T15:59:59.999Z', '2027-04-01T21:59:59.999Z']);
    } finally {
      vi.useRealTimers();
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('property: always 23:59:59.999 local on the local routing date + N calendar days', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2032-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'UTC'),
        fc.constantFrom<'general' | 'major'>('general', 'major'),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        (routedAt, tz, severity, categoryDays) => {
          const dueAt = rectifyDue(routedAt, severity, P, tz, categoryDays);
          const days = categoryDays ?? (severity === 'major' ? P.rectifyDaysMajor : P.rectifyDaysGeneral);
          const [y, m, d] = local(routedAt, tz).date.split('-').map(Number) as [number, number, number];
          const expectedDate = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
          expect(local(dueAt, tz)).toEqual({ date: expectedDate, time: '23:59:59.999' });
          expect(dueAt.getTime()).toBeGreaterThan(routedAt.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('respondBy: hours after routing, to the minute', () => {
  it('is 24 elapsed hours, in every zone, even across a DST change', () => {
    expect(iso(respondBy(at('2027-03-10T18:30:00.000Z'), P))).toBe('2027-03-11T18:30:00.000Z');
    expect(iso(respondBy(at('2027-03-27T12:00:00.000Z'), P))).toBe('2027-03-28T12:00:00.000Z'); // Berlin springs forward in between
    expect(iso(respondBy(at('2027-12-31T23:59:00.000Z'), P))).toBe('2028-01-01T23:59:00.000Z');
    expect(iso(respondBy(at('2028-02-28T20:15:00.000Z'), { ...P, respondHours: 48 }))).toBe('2028-03-01T20:15:00.000Z');
  });
});

describe('isOverdue / expectedEscalationLevel with a controlled clock', () => {
  // a general hazard routed 2028-02-28 10:00 Shanghai: due 2028-03-06 23:59:59.999 Shanghai
  const routedAt = at('2028-02-28T02:00:00.000Z');
  const dueAt = rectifyDue(routedAt, 'general', P, 'Asia/Shanghai');
  const rectifying = { state: 'rectifying', respondBy: respondBy(routedAt, P), dueAt };
  const plus = (ms: number) => new Date(dueAt.getTime() + ms);

  it('the deadline is where we expect it', () => {
    expect(iso(dueAt)).toBe('2028-03-06T15:59:59.999Z');
  });

  it('0 up to the deadline, 1 from deadline + 1 ms, 2 from deadline + one interval, capped at the chain length', () => {
    expect(expectedEscalationLevel(rectifying, routedAt, P)).toBe(0);
    expect(expectedEscalationLevel(rectifying, dueAt, P)).toBe(0);
    expect(expectedEscalationLevel(rectifying, plus(1), P)).toBe(1);
    expect(expectedEscalationLevel(rectifying, plus(24 * HOUR - 1), P)).toBe(1);
    expect(expectedEscalationLevel(rectifying, plus(24 * HOUR), P)).toBe(2);
    expect(expectedEscalationLevel(rectifying, plus(48 * HOUR - 1), P)).toBe(2);
    expect(expectedEscalationLevel(rectifying, plus(48 * HOUR), P)).toBe(3);
    expect(expectedEscalationLevel(rectifying, plus(72 * HOUR), P)).toBe(3);
    expect(expectedEscalationLevel(rectifying, plus(365 * 24 * HOUR), P)).toBe(P.escalationChain.length);
  });

  it('follows the tenant’s chain length and interval', () => {
    const short: HazardPolicy = { ...P, escalationChain: ['community', 'street'], escalationIntervalHours: 12 };
    expect(expectedEscalationLevel(rectifying, plus(1), short)).toBe(1);
    expect(expectedEscalationLevel(rectifying, plus(12 * HOUR), short)).toBe(2);
    expect(expectedEscalationLevel(rectifying, plus(36 * HOUR), short)).toBe(2);
    const none: HazardPolicy = { ...P, escalationChain: [] };
    expect(expectedEscalationLevel(rectifying, plus(HOUR), none)).toBe(0);
  });

  it('in routed, the respond deadline runs; in rectifying, the rectify deadline', () => {
    const respond = at('2028-02-29T02:00:00.000Z');
    const routed = { state: 'routed', respondBy: respond, dueAt };
    expect(isOverdue(routed, respond)).toBe(false);
    expect(isOverdue(routed, new Date(respond.getTime() + 1))).toBe(true);
    expect(expectedEscalationLevel(routed, new Date(respond.getTime() + 1), P)).toBe(1);
    expect(expectedEscalationLevel(routed, new Date(respond.getTime() + 24 * HOUR), P)).toBe(2);
    // the same clock in rectifying: the respond deadline no longer matters
    const accepted = { ...routed, state: 'rectifying' };
    expect(isOverdue(accepted, new Date(respond.getTime() + 24 * HOUR))).toBe(false);
    expect(expectedEscalationLevel(accepted, new Date(respond.getTime() + 24 * HOUR), P)).toBe(0);
  });

  it('0 and never overdue in states without a running deadline (reported, submitted, closed), or without a deadline', () => {
    const longAfter = plus(30 * 24 * HOUR);
    for (const state of ['reported', 'submitted', 'closed'] as const) {
      const h = { state, respondBy: respondBy(routedAt, P), dueAt };
      expect(isOverdue(h, longAfter)).toBe(false);
      expect(expectedEscalationLevel(h, longAfter, P)).toBe(0);
    }
    expect(expectedEscalationLevel({ state: 'rectifying', respondBy: null, dueAt: null }, longAfter, P)).toBe(0);
    expect(expectedEscalationLevel({ state: 'routed', respondBy: null, dueAt }, longAfter, P)).toBe(0);
    const running: HazardState[] = ['routed', 'rectifying'];
    expect(HAZARD_STATES.filter((s) => !running.includes(s))).toEqual(['reported', 'submitted', 'closed']);
  });

  it('escalationTime agrees with expectedEscalationLevel', () => {
    expect(iso(escalationTime(dueAt, 1, P))).toBe(iso(dueAt));
    expect(iso(escalationTime(dueAt, 3, P))).toBe(iso(plus(48 * HOUR)));
    fc.assert(
      fc.property(fc.integer({ min: 2, max: P.escalationChain.length }), fc.integer({ min: 1, max: 72 }), (level, interval) => {
        const policy = { ...P, escalationIntervalHours: interval };
        const t = escalationTime(dueAt, level, policy);
        expect(expectedEscalationLevel(rectifying, t, policy)).toBe(level);
        expect(expectedEscalationLevel(rectifying, new Date(t.getTime() - 1), policy)).toBe(level - 1);
      }),
    );
  });

  it('property: the level never decreases as time passes, and never exceeds the chain', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10 * 24 * 60, max: 20 * 24 * 60 }), fc.integer({ min: 0, max: 5 * 24 * 60 }), (m1, dm) => {
        const l1 = expectedEscalationLevel(rectifying, plus(m1 * 60_000), P);
        const l2 = expectedEscalationLevel(rectifying, plus((m1 + dm) * 60_000), P);
        expect(l2).toBeGreaterThanOrEqual(l1);
        expect(l2).toBeLessThanOrEqual(P.escalationChain.length);
        expect(l1 > 0).toBe(isOverdue(rectifying, plus(m1 * 60_000)));
      }),
      { numRuns: 500 },
    );
  });
});

afterEach(() => {
  vi.useRealTimers();
});
