import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { companies, departments, hazardCategories, orgUnits } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db/types.ts';
import { notFound } from '../../../platform/errors.ts';
import type { Resource } from '../../../platform/problems/resources.ts';

export interface RuleReferences {
  categoryId?: string | null | undefined;
  orgUnitId?: string | null | undefined;
  partyOrgUnitId?: string | null | undefined;
  partyCompanyId?: string | null | undefined;
  partyDepartmentId?: string | null | undefined;
  assistDepartmentId?: string | null | undefined;
}

type Target = PgTable & { id: PgColumn; tenantId: PgColumn };

/** Where each referenced id must live, and what the 404 calls it. */
const TARGETS: Record<keyof RuleReferences, { table: Target; resource: Resource }> = {
  orgUnitId: { table: orgUnits, resource: 'org_unit' },
  categoryId: { table: hazardCategories, resource: 'hazard_category' },
  partyOrgUnitId: { table: orgUnits, resource: 'org_unit' },
  partyCompanyId: { table: companies, resource: 'company' },
  partyDepartmentId: { table: departments, resource: 'department' },
  assistDepartmentId: { table: departments, resource: 'department' },
};

/** Every id a rule refers to must be an object of the same district; otherwise 404 naming the field. */
export async function assertRuleReferences(tx: Db, tenantId: string, refs: RuleReferences): Promise<void> {
  for (const field of Object.keys(TARGETS) as (keyof RuleReferences)[]) {
    const id = refs[field];
    if (id == null) continue;
    const { table, resource } = TARGETS[field];
    const [row] = await tx
      .select({ id: table.id })
      .from(table as PgTable)
      .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
    if (!row) throw notFound(resource, field);
  }
}
