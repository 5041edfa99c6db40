import * as z from 'zod';
import { ROLES } from '../../platform/authz/roles.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { phone } from '../registry/fields.ts';

export const RoleAssignmentInput = z.strictObject({
  role: z.enum(ROLES),
  orgUnitId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  companyId: z.uuid().nullable().optional(),
});
export type RoleAssignmentInput = z.infer<typeof RoleAssignmentInput>;

const RoleAssignment = z.object({
  role: z.enum(ROLES),
  orgUnitId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
});

export const User = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    phone: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    roles: z.array(RoleAssignment),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const UserPage = page(User).meta({ id: 'UserPage' });

export const UserListQuery = listQuery(['username', 'createdAt'] as const, {
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

const username = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/i, '账号须为 3–32 位字母、数字、下划线、点或连字符');
/** ASVS V6: at least 12 characters, no composition rules, up to 128. */
export const Password = z.string().min(12, '密码至少 12 位').max(128);

export const CreateUser = z
  .strictObject({
    username,
    displayName: z.string().trim().min(1).max(50),
    phone: phone.optional(),
    password: Password,
    roles: z.array(RoleAssignmentInput).min(1).max(20),
  })
  .meta({
    id: 'CreateUser',
    example: {
      username: 'grid_zhang',
      displayName: '张网格',
      phone: '13800000000',
      password: 'correct-horse-battery',
      roles: [{ role: 'grid_member', orgUnitId: '00000000-0000-4000-8000-000000000001' }],
    },
  });

export const UpdateUser = z
  .strictObject({
    version: z.number().int().min(1),
    displayName: z.string().trim().min(1).max(50).optional(),
    phone: phone.optional(),
    status: z.enum(['active', 'disabled']).optional(),
    password: Password.optional(),
    roles: z.array(RoleAssignmentInput).min(1).max(20).optional(),
  })
  .meta({ id: 'UpdateUser', example: { version: 1, status: 'disabled' } });
