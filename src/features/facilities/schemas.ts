import * as z from 'zod';
import { LocalDay } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { FACILITY_KINDS, FACILITY_STATUSES } from './vocabulary.ts';

const location = z.string().trim().max(200);
const count = z.number().int().min(0).max(100_000);
const day = LocalDay;

export const Facility = z
  .object({
    id: z.uuid(),
    orgUnitId: z.uuid().describe('the compound or building it stands in'),
    orgUnitName: z.string(),
    compoundId: z.uuid().describe('the compound (the unit itself, or the building’s compound)'),
    compoundName: z.string(),
    kind: z.enum(FACILITY_KINDS),
    location: z.string(),
    count: z.number().int(),
    status: z.enum(FACILITY_STATUSES),
    expiresOn: z.iso.date().nullable(),
    expiry: z
      .enum(['expiring', 'expired'])
      .nullable()
      .describe('expiring: expires within the warning window (30 days); expired: past its expiry day; in the district’s calendar'),
    lastMaintainedOn: z.iso.date().nullable(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Facility' });

export const FacilityPage = page(Facility).meta({ id: 'FacilityPage' });

export const FacilityListQuery = listQuery(['createdAt', 'updatedAt'] as const, {
  orgUnitId: z.uuid().optional().describe('此单位及其下级的设施 / facilities in this unit’s subtree'),
  kind: z.enum(FACILITY_KINDS).optional(),
  status: z.enum(FACILITY_STATUSES).optional(),
  expiringWithinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('有效期在 N 天内到期（含已过期）/ expiring within N days, expired ones included'),
});

export const CreateFacility = z
  .strictObject({
    orgUnitId: z.uuid().describe('a compound or a building of your area'),
    kind: z.enum(FACILITY_KINDS),
    location: location.default(''),
    count,
    status: z.enum(FACILITY_STATUSES).default('working'),
    expiresOn: day.nullable().optional(),
    lastMaintainedOn: day.nullable().optional(),
  })
  .meta({
    id: 'CreateFacility',
    example: {
      orgUnitId: '00000000-0000-4000-8000-000000000021',
      kind: 'extinguisher',
      location: '3号楼各层楼梯间',
      count: 18,
      status: 'working',
      expiresOn: '2027-06-30',
      lastMaintainedOn: '2026-11-05',
    },
  });

export const UpdateFacility = z
  .strictObject({
    version: Version,
    orgUnitId: z.uuid().optional(),
    kind: z.enum(FACILITY_KINDS).optional(),
    location: location.optional(),
    count: count.optional(),
    status: z.enum(FACILITY_STATUSES).optional(),
    expiresOn: day.nullable().optional(),
    lastMaintainedOn: day.nullable().optional(),
  })
  .meta({ id: 'UpdateFacility', example: { version: 1, status: 'faulty', count: 16 } });
