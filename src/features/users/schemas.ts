import * as z from 'zod';
import { ROLES } from '../../platform/authz/roles.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { issue, issueKey } from '../../platform/problems/catalog.ts';
import { phone } from '../registry/fields.ts';
import { assignmentIssues } from './assignments.ts';

export const RoleAssignmentInput = z.strictObject({
  role: z.enum(ROLES),
  orgUnitId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  companyId: z.uuid().nullable().optional(),
});

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
    version: Version,
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

export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/, { error: issueKey('username_format') });
/** ASVS V6: at least 12 characters, no composition rules, up to 128. */
export const Password = z
  .string()
  .min(12, { error: issueKey('password_too_short') })
  .max(128);

/** A user's roles, each with exactly the scope its role asks for (assignments.ts), none twice. */
const Roles = z
  .array(RoleAssignmentInput)
  .min(1)
  .max(20)
  .superRefine((roles, ctx) => {
    for (const { path, code } of assignmentIssues(roles)) ctx.addIssue({ code: 'custom', path, ...issue(code) });
  });

export const CreateUser = z
  .strictObject({
    username: Username,
    displayName: z.string().trim().min(1).max(50),
    phone: phone.optional(),
    password: Password,
    roles: Roles,
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
    version: Version,
    displayName: z.string().trim().min(1).max(50).optional(),
    phone: phone.optional(),
    status: z.enum(['active', 'disabled']).optional(),
    password: Password.optional(),
    roles: Roles.optional(),
  })
  .meta({ id: 'UpdateUser', example: { version: 1, status: 'disabled' } });
