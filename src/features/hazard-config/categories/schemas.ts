import * as z from 'zod';
import { Version } from '../../../platform/http/route.ts';
import { issueKey } from '../../../platform/problems/catalog.ts';
import { name } from '../../registry/fields.ts';

/** Per-category rectification days override the severity-based deadline of the policy. */
export const rectifyDays = z.number().int().min(1).max(90).nullable();
const sortOrder = z.number().int().min(0).max(100_000);

export const HazardCategory = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    rectifyDays: z.number().int().nullable(),
    active: z.boolean(),
    sortOrder: z.number().int(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'HazardCategory' });

export const HazardCategoryList = z.object({ items: z.array(HazardCategory) }).meta({ id: 'HazardCategoryList' });

export const HazardCategoryListQuery = z.strictObject({
  active: z.enum(['true', 'false']).optional().describe('只列启用（true）或停用（false）的类别 / only active or inactive ones'),
});

export const CreateHazardCategory = z
  .strictObject({
    code: z.string().regex(/^[a-z0-9_]{2,40}$/, { error: issueKey('hazard_category_code_format') }),
    name,
    rectifyDays: rectifyDays.optional(),
    sortOrder: sortOrder.optional(),
  })
  .meta({
    id: 'CreateHazardCategory',
    example: { code: 'kitchen_flue', name: '厨房烟道油污', rectifyDays: 5, sortOrder: 200 },
  });

/** The code is immutable: reports and exports refer to it. */
export const UpdateHazardCategory = z
  .strictObject({
    version: Version,
    name: name.optional(),
    rectifyDays: rectifyDays.optional(),
    active: z.boolean().optional(),
    sortOrder: sortOrder.optional(),
  })
  .meta({ id: 'UpdateHazardCategory', example: { version: 1, active: false } });
