import * as z from 'zod';
import { listQuery, page } from '../../../platform/http/pagination.ts';
import { Version } from '../../../platform/http/route.ts';
import { contactName, phone as contactPhone, name } from '../fields.ts';
import { DEPARTMENT_KINDS } from '../vocabulary.ts';

export const Department = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(DEPARTMENT_KINDS),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Department' });

export const DepartmentPage = page(Department).meta({ id: 'DepartmentPage' });

export const DepartmentListQuery = listQuery(['name', 'createdAt'] as const, {
  kind: z.enum(DEPARTMENT_KINDS).optional(),
  q: z.string().trim().min(1).max(100).optional().describe('名称包含 / name contains'),
});

export const CreateDepartment = z
  .strictObject({
    name,
    kind: z.enum(DEPARTMENT_KINDS),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
  })
  .meta({
    id: 'CreateDepartment',
    example: { name: '示范区市场监督管理局', kind: 'market_regulation', contactName: '王科长', contactPhone: '0510-8888 0001' },
  });

export const UpdateDepartment = z
  .strictObject({
    version: Version,
    name: name.optional(),
    kind: z.enum(DEPARTMENT_KINDS).optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
  })
  .meta({ id: 'UpdateDepartment', example: { version: 1, contactName: '赵科长' } });
