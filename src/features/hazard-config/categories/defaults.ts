import { eq } from 'drizzle-orm';
import { hazardCategories } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db/types.ts';
import { DEFAULT_CATEGORIES } from '../../hazards/vocabulary.ts';

/**
 * Gives a district the common categories of DOMAIN.md if it has no category yet (a new tenant);
 * a district that already edited its list is left alone. Sort orders go in steps of 10 so the
 * committee can slot its own categories in between. Returns how many were inserted.
 */
export async function ensureDefaultCategories(tx: Db, tenantId: string): Promise<number> {
  const [existing] = await tx
    .select({ id: hazardCategories.id })
    .from(hazardCategories)
    .where(eq(hazardCategories.tenantId, tenantId))
    .limit(1);
  if (existing) return 0;
  await tx
    .insert(hazardCategories)
    .values(DEFAULT_CATEGORIES.map((c, i) => ({ tenantId, code: c.code, name: c.name, sortOrder: (i + 1) * 10 })));
  return DEFAULT_CATEGORIES.length;
}
