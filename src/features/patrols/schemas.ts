import * as z from 'zod';
import { Instant, LocalDay, MonthKey } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { issue } from '../../platform/problems/catalog.ts';
import { PATROL_RESULTS } from '../inspections/vocabulary.ts';
import { COVERAGE_LEVELS, GAP_CAP } from './vocabulary.ts';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const CreatePatrol = z
  .strictObject({
    placeId: z.uuid().nullable().optional().describe('巡查的场所 / the place patrolled'),
    orgUnitId: z
      .uuid()
      .nullable()
      .optional()
      .describe('无场所时：社区/村、小区或楼栋 / without a place: the community, compound or building patrolled'),
    at: Instant.nullable()
      .optional()
      .describe(
        '巡查时间，默认当前；不得晚于当前，不得早于 7 天前 / when; default now, not in the future, at most 7 days ago (offline phones catch up)',
      ),
    result: z.enum(PATROL_RESULTS).describe('normal 正常 / issue 发现问题'),
    note: z.string().trim().max(500).nullable().optional(),
    evidenceId: z.uuid().nullable().optional().describe('本人已确认上传的一张照片 / a confirmed upload of the caller'),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
  })
  .refine((v) => v.placeId || v.orgUnitId, { path: ['placeId'], ...issue('one_of', { fields: 'placeId, orgUnitId' }) })
  .refine((v) => !(v.placeId && v.orgUnitId), { path: ['orgUnitId'], ...issue('one_of', { fields: 'placeId, orgUnitId' }) })
  .refine((v) => (v.latitude == null) === (v.longitude == null), { path: ['longitude'], ...issue('coordinates_together') })
  .meta({
    id: 'CreatePatrol',
    example: {
      placeId: '00000000-0000-4000-8000-000000000021',
      result: 'issue',
      note: '后门通道堆放纸箱，已当场提醒清理',
      latitude: 30.2741,
      longitude: 120.1551,
    },
  });
export type CreatePatrol = z.output<typeof CreatePatrol>;

export const Patrol = z
  .object({
    id: z.uuid(),
    orgUnitId: z.uuid().describe('the area: the place’s org unit, or the unit patrolled'),
    orgUnitName: z.string(),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    patrolledBy: z.uuid(),
    patrolledByName: z.string(),
    at: z.iso.datetime(),
    result: z.enum(PATROL_RESULTS),
    note: z.string().nullable(),
    evidenceId: z.uuid().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Patrol' });

export const PatrolPage = page(Patrol).meta({ id: 'PatrolPage' });

export const PatrolListQuery = listQuery(['at'] as const, {
  orgUnitId: z.uuid().optional().describe('patrols in this unit or any unit below it'),
  placeId: z.uuid().optional(),
  from: LocalDay.optional().describe('first day (the district’s calendar)'),
  to: LocalDay.optional().describe('last day, inclusive (the district’s calendar)'),
  result: z.enum(PATROL_RESULTS).optional(),
  mine: bool.optional().describe('true = the caller’s own check-ins'),
});

export const CoverageQuery = z.strictObject({
  month: MonthKey.optional().describe('the district’s calendar month; default the current one'),
  level: z.enum(COVERAGE_LEVELS).default('community'),
});

const Gap = z.object({ kind: z.enum(['place', 'compound']), id: z.uuid(), name: z.string() });

const Counts = {
  total: z.number().int().describe('places + compounds of the register below the unit'),
  visited: z.number().int().describe('of them, patrolled at least once in the month'),
  rate: z.number().nullable().describe('visited / total, 0–1 rounded to 4 places; null when there is nothing to cover'),
};

export const CoverageReport = z
  .object({
    month: z.string(),
    level: z
      .enum(COVERAGE_LEVELS)
      .describe('grid = community for now: the org tree has no grid (网格) kind, and grid members are assigned to communities'),
    timeZone: z.string(),
    startsAt: z.iso.datetime().describe('local midnight of the 1st'),
    endsAt: z.iso.datetime().describe('local midnight of the next 1st (exclusive)'),
    totals: z.object(Counts).describe('over the units listed'),
    units: z.array(
      z.object({
        orgUnitId: z.uuid(),
        name: z.string(),
        kind: z.string(),
        ...Counts,
        gapCount: z.number().int().describe('places and compounds not visited'),
        gaps: z.array(Gap).describe(`the unvisited ones by name, at most ${GAP_CAP}`),
      }),
    ),
  })
  .meta({ id: 'CoverageReport' });
export type CoverageReport = z.infer<typeof CoverageReport>;
