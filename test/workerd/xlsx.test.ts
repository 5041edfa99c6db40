import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../src/platform/export/xlsx.ts';

/** The xlsx writer inside workerd: no Node fs/Buffer, no Web Workers, synchronous zip. */
describe('toXlsx in workerd', () => {
  it('writes a zip from Chinese text, numbers and nulls, also when a part is large', () => {
    // 3000 rows make the worksheet part well above 160 KB, where async zip libraries reach for Web Workers.
    const rows = Array.from({ length: 3000 }, (_, i) => [`示范甲区第${i}号网格`, i, i % 2 ? null : '=1+1', '楼道堆放杂物'.repeat(4)]);
    const bytes = toXlsx([
      { name: '工作简报', header: ['单位', '隐患数', '备注', '描述'], rows },
      { name: '明细', header: ['编号'], rows: [[1]] },
    ]);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK');
    expect(bytes.length).toBeGreaterThan(10_000);
  });
});
