import * as z from 'zod';
import { LocalDay } from '../../../platform/http/calendar.ts';
import { MAX_PAGE, page } from '../../../platform/http/pagination.ts';
import { issue } from '../../../platform/problems/catalog.ts';

export const LOOKBACK_RESULTS = ['pending', 'confirmed', 'rebound'] as const;
export type LookbackResult = (typeof LOOKBACK_RESULTS)[number];

export const CreateLookback = z
  .strictObject({
    title: z.string().trim().min(1).max(100),
    from: LocalDay.describe('销号日期起（含，本区时区）/ closed on or after this local day'),
    to: LocalDay.describe('销号日期止（含，本区时区）/ closed on or before this local day'),
    size: z.number().int().min(1).max(500).optional().describe('抽取条数（与 percent 二选一）/ how many'),
    percent: z.number().int().min(1).max(100).optional().describe('抽取比例 %（与 size 二选一）/ what share'),
    orgUnitId: z.uuid().optional().describe('只抽此单位及其下级 / only this area (subtree)'),
    categoryId: z.uuid().optional().describe('只抽此类别 / only this category'),
  })
  .superRefine((v, ctx) => {
    if ((v.size === undefined) === (v.percent === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['size'], ...issue('one_of', { fields: 'size, percent' }) });
    }
    // Compared only as two valid days (each field reports its own format).
    const isDay = (d: string) => LocalDay.safeParse(d).success;
    if (isDay(v.from) && isDay(v.to) && v.from > v.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], ...issue('end_before_start', { start: v.from }) });
    }
  })
  .meta({
    id: 'CreateLookback',
    example: {
      title: '2026年第一季度电动车隐患回头看',
      from: '2026-01-01',
      to: '2026-03-31',
      percent: 10,
      orgUnitId: '00000000-0000-4000-8000-000000000001',
      categoryId: '00000000-0000-4000-8000-000000000002',
    },
  });

export const LookbackCriteria = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    size: z.number().int().nullable(),
    percent: z.number().int().nullable(),
    orgUnitId: z.uuid().nullable(),
    categoryId: z.uuid().nullable(),
    /** How many hazards matched when the sample was drawn. */
    population: z.number().int(),
  })
  .meta({ id: 'LookbackCriteria' });
export type LookbackCriteria = z.infer<typeof LookbackCriteria>;

const Counts = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  confirmed: z.number().int(),
  rebound: z.number().int(),
});

const summaryFields = {
  id: z.uuid(),
  title: z.string(),
  criteria: LookbackCriteria,
  createdBy: z.uuid(),
  createdByName: z.string(),
  createdAt: z.iso.datetime(),
  counts: Counts,
};

export const LookbackSummary = z.object(summaryFields).meta({ id: 'LookbackSummary' });
export const LookbackPage = page(LookbackSummary).meta({ id: 'LookbackPage' });

export const LookbackItem = z
  .object({
    hazardId: z.uuid(),
    number: z.string(),
    categoryName: z.string(),
    orgUnitName: z.string(),
    closedAt: z.iso.datetime().nullable(),
    result: z.enum(LOOKBACK_RESULTS),
    checkedBy: z.uuid().nullable(),
    checkedAt: z.iso.datetime().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'LookbackItem' });

export const Lookback = z.object({ ...summaryFields, items: z.array(LookbackItem) }).meta({ id: 'Lookback' });

/** Newest first, always: only the page size and the cursor are the caller's. */
export const LookbackListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().max(500).optional(),
});
