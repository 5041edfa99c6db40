import * as z from 'zod';
import { listQuery, page } from '../../../platform/http/pagination.ts';
import { Version } from '../../../platform/http/route.ts';
import { issue, issueKey } from '../../../platform/problems/catalog.ts';
import { address, contactName, phone as contactPhone, name } from '../fields.ts';

/** 统一社会信用代码 (GB 32100): 18 characters from digits and capitals without I, O, S, V, Z. */
const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { error: issueKey('credit_code_format') })
  .nullable();

/** The compounds (小区) the company manages; the list replaces the whole set. */
const compoundIds = z
  .array(z.uuid())
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, issue('listed_twice'));

export const Company = z
  .object({
    id: z.uuid(),
    name: z.string(),
    creditCode: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.string().nullable(),
    compoundIds: z.array(z.uuid()).describe('所管理的小区（仅含您可见的）/ managed compounds visible to you'),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Company' });

export const CompanyPage = page(Company).meta({ id: 'CompanyPage' });

export const CompanyListQuery = listQuery(['name', 'createdAt'] as const, {
  q: z.string().trim().min(1).max(100).optional().describe('名称或信用代码包含 / name or credit code contains'),
});

export const CreateCompany = z
  .strictObject({
    name,
    creditCode: creditCode.optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
    address: address.optional(),
    compoundIds: compoundIds.optional(),
  })
  .meta({
    id: 'CreateCompany',
    example: {
      name: '示范安居物业服务有限公司',
      creditCode: '91320100MA1XXXXX0Y',
      contactName: '李经理',
      contactPhone: '13900000000',
      compoundIds: ['00000000-0000-4000-8000-000000000001'],
    },
  });

/** What the committee (companies.write) may change: everything. */
export const UpdateCompany = z
  .strictObject({
    version: Version,
    name: name.optional(),
    creditCode: creditCode.optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
    address: address.optional(),
    compoundIds: compoundIds.optional(),
  })
  .meta({ id: 'UpdateCompany', example: { version: 1, contactPhone: '0510-8888 1234' } });

/**
 * What a property company (companies.write_contact only) may change on its own record. The handler
 * picks this schema by permission; anything else in the body is refused by name.
 */
export const UpdateCompanyContact = z.strictObject({
  version: Version,
  contactName: contactName.optional(),
  contactPhone: contactPhone.optional(),
  address: address.optional(),
});
