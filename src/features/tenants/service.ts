import { eq } from 'drizzle-orm';
import { roleAssignments, tenants, users } from '../../db/schema/index.ts';
import type { Role } from '../../platform/authz/roles.ts';
import { setTenant } from '../../platform/db/tenancy.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { ensureDefaultCategories } from '../hazard-config/categories/defaults.ts';

export type TenantKind = 'district' | 'oversight' | 'platform';

/** The first account of a new tenant: a district gets its committee admin, an office its viewer. */
const FIRST_ROLE: Record<TenantKind, Role> = {
  district: 'committee_admin',
  oversight: 'oversight_viewer',
  platform: 'platform_operator',
};

export interface NewTenant {
  slug: string;
  name: string;
  kind: TenantKind;
  parentSlug?: string | undefined;
  timeZone?: string | undefined;
  admin: { username: string; displayName: string; passwordHash: string };
}

/**
 * Creates a tenant and its first user in the caller's transaction. The transaction must run as the
 * app role with no tenant set; it is pointed at the new tenant to write the user (RLS checks the
 * rows belong to it) and left there. Used by the operator API, the CLI and the demo seed alike.
 */
export async function createTenant(tx: Db, role: string | null, input: NewTenant) {
  let parentId: string | null = null;
  if (input.parentSlug) {
    const [parent] = await tx.select({ id: tenants.id, kind: tenants.kind }).from(tenants).where(eq(tenants.slug, input.parentSlug));
    if (parent?.kind !== 'oversight') {
      throw new ApiError('parent_not_oversight_office', { params: { parentSlug: input.parentSlug }, field: 'parentSlug' });
    }
    parentId = parent.id;
  }
  const [existing] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
  if (existing) throw new ApiError('already_exists', { params: { field: 'slug', resource: 'tenant' }, field: 'slug' });
  const [tenant] = await tx
    .insert(tenants)
    .values({
      slug: input.slug,
      name: input.name,
      kind: input.kind,
      parentId,
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    })
    .returning();
  await setTenant(tx, role, tenant!.id);
  const [admin] = await tx
    .insert(users)
    .values({
      tenantId: tenant!.id,
      username: input.admin.username,
      displayName: input.admin.displayName,
      passwordHash: input.admin.passwordHash,
    })
    .returning({ id: users.id });
  await tx.insert(roleAssignments).values({ tenantId: tenant!.id, userId: admin!.id, role: FIRST_ROLE[input.kind] });
  if (input.kind === 'district') await ensureDefaultCategories(tx, tenant!.id);
  return { tenant: tenant!, adminUserId: admin!.id };
}
