import * as z from 'zod';
import { listQuery, page } from '../../../platform/http/pagination.ts';
import { Version } from '../../../platform/http/route.ts';
import { issue } from '../../../platform/problems/catalog.ts';
import { address, contactName, phone as contactPhone, name } from '../fields.ts';
import { PLACE_TYPES, type PlaceType, RISK_LEVELS } from '../vocabulary.ts';

const keyUnitLevel = z.number().int().min(1).max(3).nullable();
const latitude = z.number().min(-90).max(90).nullable();
const longitude = z.number().min(-180).max(180).nullable();

/**
 * The rule the DB's places_key_unit_level CHECK enforces, said in words: a level (1–3) exactly
 * when the place is a key unit. Returns the message for the keyUnitLevel field, or null if fine.
 * PATCH applies it to the row as it will be after the change.
 */
/** The key-unit rule, across type and level: the field-level code of what is wrong, or null. */
export function keyUnitLevelProblem(
  type: PlaceType,
  level: number | null | undefined,
): 'key_unit_level_required' | 'key_unit_level_only_for_key_units' | null {
  if (type === 'key_unit' && level == null) return 'key_unit_level_required';
  if (type !== 'key_unit' && level != null) return 'key_unit_level_only_for_key_units';
  return null;
}

export const Place = z
  .object({
    id: z.uuid(),
    orgUnitId: z.uuid(),
    name: z.string(),
    type: z.enum(PLACE_TYPES),
    keyUnitLevel: z.number().int().nullable(),
    riskLevel: z.enum(RISK_LEVELS),
    address: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Place' });

export const PlacePage = page(Place).meta({ id: 'PlacePage' });

export const PlaceListQuery = listQuery(['name', 'createdAt'] as const, {
  orgUnitId: z.uuid().optional().describe('只列此单位及其下级的场所 / places in this unit’s subtree'),
  type: z.enum(PLACE_TYPES).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  q: z.string().trim().min(1).max(100).optional().describe('名称或地址包含 / name or address contains'),
});

export const CreatePlace = z
  .strictObject({
    orgUnitId: z.uuid(),
    name,
    type: z.enum(PLACE_TYPES),
    keyUnitLevel: keyUnitLevel.optional(),
    riskLevel: z.enum(RISK_LEVELS).optional(),
    address: address.optional(),
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
  })
  .superRefine((v, ctx) => {
    const problem = keyUnitLevelProblem(v.type, v.keyUnitLevel);
    if (problem) ctx.addIssue({ code: 'custom', path: ['keyUnitLevel'], ...issue(problem) });
  })
  .meta({
    id: 'CreatePlace',
    example: {
      orgUnitId: '00000000-0000-4000-8000-000000000001',
      name: '东湖便民超市',
      type: 'key_unit',
      keyUnitLevel: 2,
      riskLevel: 'high',
      address: '东湖路 1 号',
      latitude: 30.12,
      longitude: 120.34,
      contactName: '张经理',
      contactPhone: '138 0000 0001',
    },
  });

/** Every field may change, moving the place included; the key-unit rule is checked on the result. */
export const UpdatePlace = z
  .strictObject({
    version: Version,
    orgUnitId: z.uuid().optional(),
    name: name.optional(),
    type: z.enum(PLACE_TYPES).optional(),
    keyUnitLevel: keyUnitLevel.optional(),
    riskLevel: z.enum(RISK_LEVELS).optional(),
    address: address.optional(),
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
  })
  .meta({ id: 'UpdatePlace', example: { version: 1, riskLevel: 'high', contactPhone: '0510-8888 1234' } });
