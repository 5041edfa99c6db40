import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/types.ts';
import type { UnitKind } from './vocabulary.ts';

export interface ScoredUnit {
  id: string;
  kind: UnitKind;
  name: string;
  parentName: string | null;
}

/**
 * Who is scored: the streets (镇街, the org tree's top level), the communities (社区/村, the level
 * below) and the property companies, with their names as they are now (a score keeps them).
 */
export async function scoredUnits(tx: Db, tenantId: string): Promise<ScoredUnit[]> {
  return queryRows<ScoredUnit>(
    tx,
    sql`select u.id, case when u.depth = 1 then 'street' else 'community' end as kind, u.name, p.name as "parentName"
        from org_units u left join org_units p on p.id = u.parent_id
        where u.tenant_id = ${tenantId} and u.depth <= 2
        union all
        select c.id, 'company', c.name, null from companies c where c.tenant_id = ${tenantId}
        order by kind, name, id`,
  );
}
