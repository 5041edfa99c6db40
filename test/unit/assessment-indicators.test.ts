import { describe, expect, it } from 'vitest';
import { maintenanceOwed, ratioOf } from '../../src/features/assessments/indicators.ts';

/**
 * The pure side of the indicators. What each subject counts (the formulas, SQL in facts.ts) is
 * tested against the database on hand-worked cases in test/api/assessment-formulas.test.ts.
 */

describe('ratioOf', () => {
  it('no data is null, never NaN or a division by zero', () => {
    expect(ratioOf(undefined)).toBeNull();
    expect(ratioOf({ n: 0, d: 0 })).toBeNull();
  });

  it('is Σn ÷ Σd when d > 0, including 0 of d', () => {
    expect(ratioOf({ n: 3, d: 4 })).toBe(0.75);
    expect(ratioOf({ n: 0, d: 5 })).toBe(0);
    expect(ratioOf({ n: 5, d: 5 })).toBe(1);
    // days: 9 days over 3 hazards → 3
    expect(ratioOf({ n: 9, d: 3 })).toBe(3);
  });
});

describe('maintenanceOwed', () => {
  it('a monthly kind owes a record every month, within that month', () => {
    expect(maintenanceOwed('monthly', '2026-11')).toEqual({ owed: true, startsOn: '2026-11-01', endsOn: '2026-11-30' });
    // February of a leap year ends on the 29th
    expect(maintenanceOwed('monthly', '2028-02')).toEqual({ owed: true, startsOn: '2028-02-01', endsOn: '2028-02-29' });
  });

  it('a quarterly kind owes in the quarter’s last month, for the whole quarter', () => {
    expect(maintenanceOwed('quarterly', '2026-12')).toEqual({ owed: true, startsOn: '2026-10-01', endsOn: '2026-12-31' });
    expect(maintenanceOwed('quarterly', '2026-03')).toEqual({ owed: true, startsOn: '2026-01-01', endsOn: '2026-03-31' });
    for (const month of ['2026-10', '2026-11', '2026-01', '2026-02']) expect(maintenanceOwed('quarterly', month).owed, month).toBe(false);
  });
});
