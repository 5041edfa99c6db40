import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type Sheet, toXlsx } from '../../src/platform/export/xlsx.ts';

type Cell = { type: 'n' | 'inlineStr'; value: string | number; style: number; formula: boolean };

/** Reads the workbook back from its parts: sheet names in order and each sheet's cells by reference. */
function read(bytes: Uint8Array) {
  const parts = Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));
  const names = [...parts['xl/workbook.xml']!.matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescapeXml(m[1]!));
  const sheets = names.map((_, i) => {
    const xml = parts[`xl/worksheets/sheet${i + 1}.xml`]!;
    const cells = new Map<string, Cell>();
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"( t="(\w+)")?( s="(\d+)")?>(.*?)<\/c>/g)) {
      const body = m[6]!;
      const type = (m[3] ?? 'n') as Cell['type'];
      const text = type === 'inlineStr' ? unescapeXml(/<t[^>]*>(.*?)<\/t>/s.exec(body)![1]!) : /<v>(.*?)<\/v>/.exec(body)![1]!;
      cells.set(m[1]!, { type, value: type === 'n' ? Number(text) : text, style: Number(m[5] ?? 0), formula: body.includes('<f') });
    }
    const widths = [...xml.matchAll(/<col min="(\d+)" max="\d+" width="([\d.]+)"/g)].map((m) => Number(m[2]));
    return { xml, cells, widths };
  });
  return { parts, names, sheets };
}

function unescapeXml(s: string) {
  return s.replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e]!);
}

const bulletin: Sheet[] = [
  {
    name: '工作简报 2026-W47',
    header: ['单位', '隐患数', '已销号', '备注'],
    rows: [
      ['示范甲区', 12, 9.5, null],
      ['二七区消防安全委员会', 0, -3, '=1+1'],
    ],
    widths: [24, 10, 10, 30],
  },
  { name: '明细', header: ['编号', '描述'], rows: [[1, '楼道堆放杂物 <堵塞> & "安全出口"']] },
];

describe('toXlsx', () => {
  it('writes a zip with every part Excel needs', () => {
    const bytes = toXlsx(bulletin);
    expect(strFromU8(bytes.subarray(0, 2))).toBe('PK');
    expect(Object.keys(read(bytes).parts).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
  });

  it('keeps sheet names, Chinese text, numbers as numbers and nulls as blanks', () => {
    const { names, sheets } = read(toXlsx(bulletin));
    expect(names).toEqual(['工作简报 2026-W47', '明细']);
    const [first, second] = sheets;
    expect(first!.cells.get('A1')).toEqual({ type: 'inlineStr', value: '单位', style: 1, formula: false });
    expect(first!.cells.get('B1')).toMatchObject({ value: '隐患数', style: 1 });
    expect(first!.cells.get('A2')).toMatchObject({ type: 'inlineStr', value: '示范甲区', style: 0 });
    expect(first!.cells.get('B2')).toEqual({ type: 'n', value: 12, style: 0, formula: false });
    expect(first!.cells.get('C2')).toMatchObject({ type: 'n', value: 9.5 });
    expect(first!.cells.get('C3')).toMatchObject({ type: 'n', value: -3 });
    expect(first!.cells.has('D2')).toBe(false);
    expect(first!.widths).toEqual([24, 10, 10, 30]);
    expect(second!.cells.get('A2')).toMatchObject({ type: 'n', value: 1 });
    expect(second!.cells.get('B2')).toMatchObject({ type: 'inlineStr', value: '楼道堆放杂物 <堵塞> & "安全出口"' });
    expect(first!.xml).toContain('state="frozen"');
  });

  it('writes formula-like text as quoted text, never as a formula', () => {
    const { parts, sheets } = read(
      toXlsx([{ name: 's', header: [], rows: [['=1+1', '+1', '-2', '@SUM(A1)', '=HYPERLINK("http://x","y")', 'a=b']] }]),
    );
    const cells = sheets[0]!.cells;
    expect(cells.get('A1')).toEqual({ type: 'inlineStr', value: '=1+1', style: 2, formula: false });
    for (const ref of ['B1', 'C1', 'D1', 'E1']) expect(cells.get(ref)).toMatchObject({ type: 'inlineStr', style: 2, formula: false });
    expect(cells.get('F1')).toMatchObject({ value: 'a=b', style: 0 });
    expect(Object.values(parts).some((xml) => xml.includes('<f>') || xml.includes('<f '))).toBe(false);
    expect(parts['xl/styles.xml']).toContain('quotePrefix="1"');
  });

  it('makes sheet names valid for Excel: forbidden characters, length, apostrophes, duplicates', () => {
    const long = '二七区消防安全委员会月度考核结果汇总表第一季度各街道办事处明细（含附表）';
    const sheet = (name: string): Sheet => ({ name, header: ['a'], rows: [] });
    const { names } = read(toXlsx(['2026/11 [周]: *?\\', long, long, 'Sheet', 'sheet', "'引号'", '', 'History'].map(sheet)));
    expect(names[0]).toBe('2026_11 _周__ ___');
    expect(names[1]).toBe(long.slice(0, 31));
    expect(names[2]).toBe(`${long.slice(0, 27)} (2)`);
    expect(names.slice(3)).toEqual(['Sheet', 'sheet (2)', '引号', 'Sheet7', 'History_']);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it('escapes control characters and Excel escapes in text; fits columns when no widths are given', () => {
    const { sheets } = read(
      toXlsx([
        {
          name: 's',
          header: ['名称', 'n'],
          rows: [
            ['a\u0001b_x0041_', 123456],
            ['二七区消防安全委员会', 1],
          ],
        },
      ]),
    );
    expect(sheets[0]!.cells.get('A2')).toMatchObject({ value: 'a_x0001_b_x005F_x0041_' });
    expect(sheets[0]!.widths).toEqual([22, 8]);
  });

  it('refuses what Excel cannot hold', () => {
    expect(() => toXlsx([])).toThrow(RangeError);
    expect(() => toXlsx([{ name: 's', header: ['n'], rows: [[Number.NaN]] }])).toThrow(/A2/);
  });
});
