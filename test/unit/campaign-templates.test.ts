import { describe, expect, it } from 'vitest';
import { addDaysTo, CAMPAIGN_TEMPLATES, phaseEnd, phasesFrom, templateByCode } from '../../src/features/campaigns/templates.ts';

describe('campaign templates', () => {
  it('reproduces the Erqi plan’s dates when started on the day it was issued', () => {
    const erqi = templateByCode('erqi-community')!;
    expect(phasesFrom(erqi, '2025-11-18')).toEqual([
      { ordinal: 1, name: '工作部署', goal: expect.any(String), startsOn: '2025-11-18', endsOn: '2025-11-25' },
      { ordinal: 2, name: '集中排查整治', goal: expect.any(String), startsOn: '2025-11-26', endsOn: '2025-12-31' },
      { ordinal: 3, name: '巩固提升', goal: expect.any(String), startsOn: '2026-01-01', endsOn: '2026-03-31' },
    ]);
  });

  it('lays any start out end to end, without gaps or overlaps', () => {
    for (const template of CAMPAIGN_TEMPLATES) {
      for (const start of ['2024-02-29', '2025-01-31', '2026-12-31', '2027-03-01']) {
        const phases = phasesFrom(template, start);
        expect(phases[0]!.startsOn).toBe(start);
        phases.forEach((p, i) => {
          expect(p.startsOn <= p.endsOn).toBe(true);
          if (i > 0) expect(p.startsOn).toBe(addDaysTo(phases[i - 1]!.endsOn, 1));
        });
      }
    }
  });

  it('makes the hundred-day campaign exactly 100 days long', () => {
    const phases = phasesFrom(templateByCode('hundred-day')!, '2026-03-01');
    expect(phases).toHaveLength(3);
    expect(phases.at(-1)!.endsOn).toBe(addDaysTo('2026-03-01', 99));
  });

  it('counts months to the day before the same day, clamped to short months', () => {
    expect(phaseEnd('2026-01-01', { unit: 'months', count: 3 })).toBe('2026-03-31');
    expect(phaseEnd('2026-01-31', { unit: 'months', count: 1 })).toBe('2026-02-27');
    expect(phaseEnd('2024-01-31', { unit: 'months', count: 1 })).toBe('2024-02-28');
    expect(phaseEnd('2026-11-15', { unit: 'months', count: 2 })).toBe('2027-01-14');
    expect(phaseEnd('2026-12-31', { unit: 'days', count: 1 })).toBe('2026-12-31');
    expect(phaseEnd('2028-02-28', { unit: 'days', count: 2 })).toBe('2028-02-29');
    expect(() => phaseEnd('2026-02-30', { unit: 'days', count: 1 })).toThrow(RangeError);
    expect(() => phaseEnd('2026-02-01', { unit: 'days', count: 0 })).toThrow(RangeError);
  });

  it('keeps every suggested task inside the template’s phases, with a sensible definition of done', () => {
    for (const template of CAMPAIGN_TEMPLATES) {
      expect(template.code).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(template.phases.length).toBeGreaterThanOrEqual(1);
      for (const task of template.tasks) {
        expect(task.phaseOrdinal, task.title).toBeGreaterThanOrEqual(1);
        expect(task.phaseOrdinal, task.title).toBeLessThanOrEqual(template.phases.length);
        expect(task.weight, task.title).toBeGreaterThanOrEqual(1);
        if (task.done.target) expect(task.done.target.count, task.title).toBeGreaterThan(0);
      }
    }
    const erqi = templateByCode('erqi-community')!;
    expect(erqi.tasks.find((t) => t.title === '制定专项实施方案')).toMatchObject({
      phaseOrdinal: 1,
      assignees: 'streets',
      done: { evidence: ['document'] },
    });
    expect(erqi.tasks.find((t) => t.title === '隐患整改“回头看”')).toMatchObject({ phaseOrdinal: 3, assignees: 'communities' });
    expect(erqi.leads).toEqual(expect.arrayContaining(['区房屋管理事务中心', '区消防救援大队']));
  });
});
