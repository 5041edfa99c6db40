import * as z from 'zod';
import { MonthKey, QuarterKey } from '../../platform/http/calendar.ts';
import { issue, issueKey } from '../../platform/problems/catalog.ts';
import { MONTH_PATTERN } from './months.ts';
import { ADJUSTMENT_KINDS, ASSESSMENT_STATUSES, COUNTED_SUBJECTS, FLAG_CODES, INDICATOR_KEYS, UNIT_KINDS } from './vocabulary.ts';

/**
 * A month in a response (YYYY-MM, the district's calendar). Requests take theirs through MonthKey
 * (years 2000–2099); an answer may reach a little before that range (a trend window of 24 months
 * ending in 2000-03 starts in 1998), always as a well-formed key.
 */
export const Month = z.string().regex(MONTH_PATTERN).describe('月份 YYYY-MM（本区日历） / a month in the district’s calendar');
export const MonthParam = z.strictObject({ month: MonthKey });
export const UnitKindSchema = z.enum(UNIT_KINDS);

export const IndicatorInfo = z
  .object({
    key: z.enum(INDICATOR_KEYS),
    label: z.string(),
    labelEn: z.string(),
    measure: z.enum(['rate', 'days']),
    better: z.enum(['higher', 'lower']),
    formula: z.string(),
  })
  .meta({ id: 'IndicatorInfo' });

const RubricIndicatorSchema = z.strictObject({
  key: z.enum(INDICATOR_KEYS),
  weight: z.number().positive().max(100).describe('分值 / points'),
  targetDays: z.number().positive().max(365).optional().describe('仅平均整改天数：不超过此天数得满分 / avg_days_to_fix only'),
});

export const RubricVersion = z
  .object({
    id: z.uuid(),
    number: z.int(),
    effectiveFrom: Month,
    indicators: z.array(RubricIndicatorSchema.extend({ label: z.string(), formula: z.string() })),
    note: z.string(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RubricVersion' });

export const Rubric = z
  .object({
    id: z.uuid(),
    unitKind: UnitKindSchema,
    name: z.string(),
    /** The version in force for the current month. */
    current: RubricVersion,
    versions: z.array(RubricVersion),
  })
  .meta({ id: 'Rubric' });

export const RubricList = z.object({ items: z.array(Rubric), indicators: z.array(IndicatorInfo) });

export const NewRubricVersion = z
  .strictObject({
    effectiveFrom: MonthKey.describe('自该月起适用；不能早于或等于已发布的月份 / first month scored with it; after every published month'),
    indicators: z
      .array(RubricIndicatorSchema)
      .min(1)
      .max(13)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        for (const [i, item] of list.entries()) {
          if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], ...issue('listed_twice') });
          seen.add(item.key);
        }
        const total = list.reduce((s, i) => s + i.weight, 0);
        if (Math.abs(total - 100) >= 1e-9) {
          ctx.addIssue({ code: 'custom', ...issue('rubric_weights_sum', { total: Math.round(total * 1e6) / 1e6 }) });
        }
      }),
    note: z.string().trim().max(500).default(''),
  })
  .meta({
    id: 'NewRubricVersion',
    example: {
      effectiveFrom: '2027-01',
      indicators: [
        { key: 'rectification_rate', weight: 60 },
        { key: 'on_time_rate', weight: 40 },
      ],
      note: '2027 年度细则',
    },
  });

export const IndicatorScoreSchema = z.object({
  key: z.enum(INDICATOR_KEYS),
  label: z.string(),
  weight: z.number(),
  n: z.number(),
  d: z.number(),
  value: z.number().nullable().describe('null = 无数据 / no data'),
  points: z.number().nullable(),
});

const FlagSchema = z.object({
  code: z.enum(FLAG_CODES),
  label: z.string(),
  detail: z.string(),
  subjects: z.array(z.object({ subjectType: z.literal('hazard'), subjectId: z.string(), label: z.string() })),
});

export const UnitScore = z
  .object({
    unitId: z.uuid(),
    unitKind: UnitKindSchema,
    unitName: z.string(),
    parentName: z.string().nullable(),
    base: z.number().nullable().describe('按细则得分（无数据的指标不计，其余折算为百分制） / rubric score'),
    adjustment: z.number(),
    vetoed: z.boolean(),
    final: z.number().nullable(),
    rank: z.int().nullable(),
    indicators: z.array(IndicatorScoreSchema),
    flags: z.array(FlagSchema),
  })
  .meta({ id: 'UnitScore' });

export const RevisionSummary = z.object({
  id: z.uuid(),
  revision: z.int(),
  status: z.enum(ASSESSMENT_STATUSES),
  asOf: z.iso.datetime(),
  computedAt: z.iso.datetime(),
  computedBy: z.uuid().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  publishedBy: z.uuid().nullable(),
  note: z.string(),
  version: z.int(),
});

export const AssessmentQuery = z.strictObject({
  month: MonthKey,
  kind: UnitKindSchema.optional(),
  revision: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('默认：委员会看草稿（如有），其他人看最新发布版 / default: the draft for the committee, else the latest published'),
});

export const Assessment = z
  .object({
    month: Month,
    revision: RevisionSummary.nullable().describe('null: 该月尚未计算或发布 / not computed or not published yet'),
    revisions: z.array(RevisionSummary),
    district: z
      .object({ score: z.number().nullable(), indicators: z.array(IndicatorScoreSchema), counts: z.record(z.string(), z.number()) })
      .nullable()
      .describe('本区按上级统一口径的得分（仅委员会） / the district on the standard oversight rubric (committee only)'),
    units: z.array(UnitScore),
  })
  .meta({ id: 'Assessment' });

export const ComputeBody = z
  .strictObject({ note: z.string().trim().max(500).optional().describe('修订原因 / why (for a correction of a published month)') })
  .meta({ id: 'ComputeAssessment', example: { note: '补录漏报隐患后更正' } });
export const PublishBody = z
  .strictObject({
    revision: z.int().positive().describe('审核的修订版 / the revision reviewed'),
    version: z.int().positive().describe('审核时看到的草稿版本 / the draft version reviewed (changed since → 409)'),
  })
  .meta({ id: 'PublishAssessment', example: { revision: 1, version: 3 } });

export const CountedItemSchema = z.object({
  subjectType: z.enum(COUNTED_SUBJECTS),
  subjectId: z.string(),
  label: z.string(),
  n: z.number(),
  d: z.number(),
});

export const Adjustment = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    kind: z.enum(ADJUSTMENT_KINDS),
    points: z.number(),
    reason: z.string(),
    evidence: z.array(z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string() })),
    createdBy: z.uuid(),
    createdAt: z.iso.datetime(),
    withdrawnAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Adjustment' });

export const UnitDetail = z
  .object({
    month: Month,
    revision: RevisionSummary,
    score: UnitScore,
    rubricVersion: z.object({ id: z.uuid(), number: z.int(), effectiveFrom: Month }),
    indicators: z.array(
      IndicatorScoreSchema.extend({ formula: z.string(), measure: z.enum(['rate', 'days']), items: z.array(CountedItemSchema) }),
    ),
    adjustments: z.array(Adjustment),
  })
  .meta({ id: 'UnitDetail' });

export const UnitParam = z.strictObject({ month: MonthKey, unitId: z.uuid() });
export const RevisionQuery = z.strictObject({ revision: z.coerce.number().int().positive().optional() });

export const NewAdjustment = z
  .strictObject({
    unitId: z.uuid(),
    kind: z.enum(ADJUSTMENT_KINDS),
    points: z.number().min(0).max(100).default(0).describe('加分/扣分的分值；一票否决为 0 / points; 0 for a veto'),
    reason: z
      .string()
      .trim()
      .min(4, { error: issueKey('adjustment_reason_too_short') })
      .max(1000),
    evidenceIds: z.array(z.uuid()).max(10).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'veto' && a.points !== 0) ctx.addIssue({ code: 'custom', path: ['points'], ...issue('adjustment_veto_has_no_points') });
    if (a.kind !== 'veto' && a.points <= 0) ctx.addIssue({ code: 'custom', path: ['points'], ...issue('adjustment_points_required') });
  })
  .meta({
    id: 'NewAdjustment',
    example: {
      unitId: '0b0e8a5e-2f6b-4f57-9a34-5b1c1f0d2a11',
      kind: 'deduction',
      points: 5,
      reason: '台账资料不全，扣 5 分',
      evidenceIds: ['6a1f9c7e-3d2b-4c8e-9f10-2b7d5e4a1c33'],
    },
  });

export const AdjustmentList = z.object({ items: z.array(Adjustment) });
export const AdjustmentParam = z.strictObject({ month: MonthKey, id: z.uuid() });
export const WithdrawBody = z
  .strictObject({ reason: z.string().trim().min(2).max(500) })
  .meta({ id: 'WithdrawAdjustment', example: { reason: '录入有误' } });

export const RankingQuery = z
  .strictObject({
    kind: UnitKindSchema,
    month: MonthKey.optional(),
    quarter: QuarterKey.optional(),
    months: z.coerce.number().int().min(2).max(24).default(12).describe('趋势月数 / months of trend'),
  })
  .refine((q) => (q.month === undefined) !== (q.quarter === undefined), {
    path: ['month'],
    ...issue('one_of', { fields: 'month, quarter' }),
  });

export const Ranking = z
  .object({
    kind: UnitKindSchema,
    period: z.string(),
    published: z.boolean().describe('是否全部来自已发布的考核 / all figures from published months'),
    items: z.array(
      z.object({
        unitId: z.uuid(),
        unitName: z.string(),
        parentName: z.string().nullable(),
        final: z.number().nullable(),
        rank: z.int().nullable(),
        vetoed: z.boolean(),
        flags: z.int(),
        previousFinal: z.number().nullable(),
        previousRank: z.int().nullable(),
        change: z.number().nullable().describe('较上月（季度）得分变化 / change in score'),
      }),
    ),
    trend: z.object({
      months: z.array(Month),
      series: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), values: z.array(z.number().nullable()) })),
    }),
  })
  .meta({ id: 'Ranking' });

export const OversightQuery = z.strictObject({ month: MonthKey });

export const DistrictRow = z.object({
  tenantId: z.uuid(),
  name: z.string(),
  slug: z.string(),
  score: z.number().nullable(),
  rank: z.int().nullable(),
  previousScore: z.number().nullable(),
  change: z.number().nullable(),
  revision: z.int(),
  publishedAt: z.iso.datetime(),
  indicators: z.array(IndicatorScoreSchema),
  aggregates: z.record(z.string(), z.number()),
});

export const OversightRanking = z
  .object({
    month: Month,
    rubricVersion: z.string(),
    districts: z.array(DistrictRow),
    unpublished: z
      .array(z.object({ tenantId: z.uuid(), name: z.string() }))
      .describe('辖区内该月尚未发布的区 / districts with no published month yet'),
  })
  .meta({ id: 'OversightRanking' });

export const TrendParam = z.strictObject({ tenantId: z.uuid() });
export const TrendQuery = z.strictObject({
  months: z.coerce.number().int().min(2).max(24).default(12).describe('趋势月数 / months of trend'),
  until: MonthKey.optional().describe('最后一个月，默认本月 / the last month, by default the current one'),
});
export const DistrictTrend = z
  .object({
    tenantId: z.uuid(),
    name: z.string(),
    months: z.array(Month),
    points: z.array(
      z
        .object({
          month: Month,
          score: z.number().nullable(),
          revision: z.int(),
          indicators: z.array(IndicatorScoreSchema),
          aggregates: z.record(z.string(), z.number()),
        })
        .nullable(),
    ),
  })
  .meta({ id: 'DistrictTrend' });
