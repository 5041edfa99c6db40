import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../src/features/hazards/vocabulary.ts';
import { DEFAULT_TEMPLATES } from '../../src/features/inspections/defaults.ts';
import { CreateInspectionTemplate } from '../../src/features/inspections/schemas.ts';
import { INSPECTION_TARGETS } from '../../src/features/inspections/vocabulary.ts';

/** The templates every district starts with must be valid by the same rules a committee's are. */
describe('default inspection templates', () => {
  const categoryCodes = new Set(DEFAULT_CATEGORIES.map((c) => c.code));

  it('cover the target types the issue names, one template per code', () => {
    expect(DEFAULT_TEMPLATES.map((t) => t.target).sort()).toEqual([...INSPECTION_TARGETS].sort());
    expect(new Set(DEFAULT_TEMPLATES.map((t) => t.code)).size).toBe(DEFAULT_TEMPLATES.length);
    expect(DEFAULT_TEMPLATES.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('高层住宅小区'),
        expect.stringContaining('无物业小区'),
        expect.stringContaining('九小场所'),
        expect.stringContaining('三合一场所'),
        expect.stringContaining('电动自行车'),
      ]),
    );
  });

  it.each(DEFAULT_TEMPLATES.map((t) => [t.code, t] as const))(
    '%s passes the create-template schema and uses default category codes',
    (_code, t) => {
      const parsed = CreateInspectionTemplate.safeParse({
        code: t.code,
        name: t.name,
        target: t.target,
        description: t.description,
        items: t.items,
      });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      for (const item of t.items) expect(categoryCodes.has(item.category), `${t.code}.${item.key}: ${item.category}`).toBe(true);
      // Weights are relative, but the shipped lists sum to 100 so a score reads as points.
      expect(t.items.reduce((sum, i) => sum + i.weight, 0)).toBe(100);
    },
  );

  it('name the checks of the seeds', () => {
    const texts = DEFAULT_TEMPLATES.flatMap((t) => t.items.map((i) => i.text)).join('\n');
    for (const phrase of [
      '消防车通道',
      '安全出口',
      '灭火器',
      '消火栓有水且压力正常',
      '独立式感烟',
      '应急照明',
      '飞线充电',
      '楼道无杂物',
      '24小时',
      '逃生口',
      '无人员住宿',
    ]) {
      expect(texts, phrase).toContain(phrase);
    }
  });
});
