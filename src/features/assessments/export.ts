import type { Sheet } from '../../platform/export/xlsx.ts';
import type { DistrictAggregates } from './district-score.ts';
import type { presentScore } from './store.ts';
import { ADJUSTMENT_KIND_LABELS, type AdjustmentKind, INDICATORS, type IndicatorKey, UNIT_KIND_LABELS, UNIT_KINDS } from './vocabulary.ts';

/** The month's assessment as a workbook: one sheet per kind of unit, then adjustments, flags and the district. */

type Score = ReturnType<typeof presentScore>;

const shown = (key: IndicatorKey, value: number | null) =>
  value === null ? '无数据' : INDICATORS[key].measure === 'days' ? Math.round(value * 10) / 10 : Math.round(value * 1000) / 10;

export function assessmentSheets(input: {
  month: string;
  revision: number;
  status: string;
  units: Score[];
  adjustments: { unitId: string; kind: AdjustmentKind; points: number; reason: string; createdAt: string; withdrawnAt: string | null }[];
  district: { score: number | null; counts: Partial<DistrictAggregates> } | null;
}): Sheet[] {
  const names = new Map(input.units.map((u) => [u.unitId, u.unitName]));
  const sheets: Sheet[] = UNIT_KINDS.map((kind) => {
    const units = input.units.filter((u) => u.unitKind === kind);
    const keys = [...new Set(units.flatMap((u) => u.indicators.map((i) => i.key)))];
    return {
      name: UNIT_KIND_LABELS[kind].replace('/', '、'),
      header: [
        '排名',
        '单位',
        '上级',
        '得分',
        '细则得分',
        '加减分',
        '一票否决',
        ...keys.map((k) => `${INDICATORS[k].label}${INDICATORS[k].measure === 'days' ? '(天)' : '(%)'}`),
        '异常提示',
      ],
      rows: units.map((u) => [
        u.rank,
        u.unitName,
        u.parentName,
        u.final,
        u.base,
        u.adjustment,
        u.vetoed ? '是' : '',
        ...keys.map((k) => {
          const i = u.indicators.find((x) => x.key === k);
          return i ? shown(k, i.value) : '';
        }),
        u.flags.map((f) => f.label).join('；'),
      ]),
    };
  });
  sheets.push({
    name: '加减分',
    header: ['单位', '类型', '分值', '理由', '时间', '状态'],
    rows: input.adjustments.map((a) => [
      names.get(a.unitId) ?? a.unitId,
      ADJUSTMENT_KIND_LABELS[a.kind],
      a.points,
      a.reason,
      a.createdAt,
      a.withdrawnAt ? '已撤回' : '有效',
    ]),
  });
  sheets.push({
    name: '异常提示',
    header: ['单位', '提示', '说明', '涉及隐患'],
    rows: input.units.flatMap((u) => u.flags.map((f) => [u.unitName, f.label, f.detail, f.subjects.map((s) => s.label).join('、')])),
  });
  if (input.district) {
    const c = input.district.counts;
    sheets.push({
      name: '全区',
      header: ['月份', '修订版', '状态', '上级口径得分', '本月上报隐患', '本月整改销号', '月末逾期未改', '场所/小区', '已巡查', '已检查'],
      rows: [
        [
          input.month,
          input.revision,
          input.status,
          input.district.score,
          c.hazardsReported ?? null,
          c.hazardsFixed ?? null,
          c.hazardsOverdue ?? null,
          c.places ?? null,
          c.placesPatrolled ?? null,
          c.placesInspected ?? null,
        ],
      ],
    });
  }
  return sheets;
}
