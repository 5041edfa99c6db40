import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { companies, departments, hazardCategories, orgUnits } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db/types.ts';
import { notFound } from '../../../platform/errors.ts';

export interface RuleReferences {
  categoryId?: string | null | undefined;
  orgUnitId?: string | null | undefined;
  partyOrgUnitId?: string | null | undefined;
  partyCompanyId?: string | null | undefined;
  partyDepartmentId?: string | null | undefined;
  assistDepartmentId?: string | null | undefined;
}

type Target = PgTable & { id: PgColumn; tenantId: PgColumn };

/** Where each referenced id must live, and its name for the 404. */
const TARGETS: Record<keyof RuleReferences, { table: Target; what: string }> = {
  orgUnitId: { table: orgUnits, what: '适用区域' },
  categoryId: { table: hazardCategories, what: '隐患类别' },
  partyOrgUnitId: { table: orgUnits, what: '责任属地' },
  partyCompanyId: { table: companies, what: '物业企业' },
  partyDepartmentId: { table: departments, what: '职能部门' },
  assistDepartmentId: { table: departments, what: '协办部门' },
};

/** Every id a rule refers to must be an object of the same district; otherwise 404 naming the field. */
export async function assertRuleReferences(tx: Db, tenantId: string, refs: RuleReferences): Promise<void> {
  for (const field of Object.keys(TARGETS) as (keyof RuleReferences)[]) {
    const id = refs[field];
    if (id == null) continue;
    const { table, what } = TARGETS[field];
    const [row] = await tx
      .select({ id: table.id })
      .from(table as PgTable)
      .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
    if (!row) throw notFound(what, field);
  }
}
