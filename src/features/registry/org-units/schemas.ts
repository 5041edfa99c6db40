import * as z from 'zod';
import { listQuery, page } from '../../../platform/http/pagination.ts';
import { Version } from '../../../platform/http/route.ts';
import { address, name } from '../fields.ts';
import { ORG_UNIT_KINDS } from '../vocabulary.ts';

const code = z.string().trim().max(50).nullable();

export const OrgUnit = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    kind: z.enum(ORG_UNIT_KINDS),
    name: z.string(),
    code: z.string().nullable(),
    address: z.string().nullable(),
    depth: z.number().int(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'OrgUnit' });

export const OrgUnitPage = page(OrgUnit).meta({ id: 'OrgUnitPage' });

export const OrgUnitListQuery = listQuery(['name', 'createdAt'] as const, {
  kind: z.enum(ORG_UNIT_KINDS).optional(),
  parentId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const CreateOrgUnit = z
  .strictObject({
    parentId: z.uuid().nullable(),
    kind: z.enum(ORG_UNIT_KINDS),
    name,
    code: code.optional(),
    address: address.optional(),
  })
  .meta({
    id: 'CreateOrgUnit',
    example: { parentId: '00000000-0000-4000-8000-000000000001', kind: 'community', name: '示范社区', code: 'C-01' },
  });

/** Field allow-list: name, code and address. Moving a unit to another parent is not offered yet. */
export const UpdateOrgUnit = z
  .strictObject({ version: Version, name: name.optional(), code: code.optional(), address: address.optional() })
  .meta({ id: 'UpdateOrgUnit', example: { version: 1, name: '示范社区（更名）' } });

export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: (typeof ORG_UNIT_KINDS)[number];
  name: string;
  code: string | null;
  children: TreeNode[];
}

const TreeNodeSchema: z.ZodType<TreeNode> = z
  .lazy(() =>
    z.object({
      id: z.uuid(),
      parentId: z.uuid().nullable(),
      kind: z.enum(ORG_UNIT_KINDS),
      name: z.string(),
      code: z.string().nullable(),
      children: z.array(TreeNodeSchema),
    }),
  )
  .meta({ id: 'OrgTreeNode' });

export const OrgTree = z.object({ items: z.array(TreeNodeSchema) }).meta({ id: 'OrgTree' });

export const TreeQuery = z.strictObject({
  maxDepth: z.coerce.number().int().min(1).max(4).default(3).describe('1 = streets only … 4 = down to buildings'),
});
