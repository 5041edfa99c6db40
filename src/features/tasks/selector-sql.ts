import { and, eq, inArray, like } from 'drizzle-orm';
import { companies, departments, orgUnits } from '../../db/schema/index.ts';
import { type Principal, pathInOrgScope, scopeOf } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError, notFound, notFoundAt } from '../../platform/errors.ts';
import type { Resource } from '../../platform/problems/resources.ts';
import { type Assignee, type AssigneeSelector, COMMUNITY_KINDS, STREET_KINDS } from './selector.ts';

/** Who a selector names, read from the district's registry (the SQL side of selector.ts). */

/** `in ()` is not SQL: an empty list matches this id, which no row has. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Listed ids that this district does not have (or the caller cannot assign to): 404 naming each (`assignees.ids.<i>`). */
function requireAll(ids: readonly string[], found: ReadonlySet<string>, resource: Resource): void {
  const missing = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `assignees.ids.${i}`, resource }]));
  if (missing.length) throw notFoundAt(missing);
}

/**
 * The assignees a selector names, in a stable order, each once. An assigner without district-wide
 * reach (a street's station) may give tasks only to org units inside its own area: anything else
 * reads as not found, as it does everywhere outside a caller's scope.
 */
export async function resolveAssignees(
  tx: Db,
  principal: Principal | null,
  tenantId: string,
  selector: AssigneeSelector,
): Promise<Assignee[]> {
  const scope = principal ? scopeOf(principal, 'tasks.assign') : ({ kind: 'tenant' } as const);
  const districtWide = scope.kind === 'tenant';
  let out: Assignee[];
  switch (selector.kind) {
    case 'streets':
    case 'communities':
    case 'org_units': {
      let streetPath: string | null = null;
      if (selector.kind === 'communities' && selector.streetId) {
        const [street] = await tx
          .select({ path: orgUnits.path })
          .from(orgUnits)
          .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, selector.streetId), inArray(orgUnits.kind, [...STREET_KINDS])));
        if (!street || !pathInOrgScope(scope, street.path)) throw notFound('street', 'assignees.streetId');
        streetPath = street.path;
      }
      const filter =
        selector.kind === 'streets'
          ? inArray(orgUnits.kind, [...STREET_KINDS])
          : selector.kind === 'communities'
            ? and(inArray(orgUnits.kind, [...COMMUNITY_KINDS]), streetPath ? like(orgUnits.path, `${streetPath}%`) : undefined)
            : inArray(orgUnits.id, selector.ids.length ? [...new Set(selector.ids)] : [NO_ID]);
      const rows = await tx
        .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
        .from(orgUnits)
        .where(and(eq(orgUnits.tenantId, tenantId), filter))
        .orderBy(orgUnits.path);
      // A station gives tasks to the units below it, never to itself.
      const own = scope.kind === 'partial' ? scope.orgPaths : [];
      const visible = rows.filter((r) => pathInOrgScope(scope, r.path) && !own.includes(r.path));
      if (selector.kind === 'org_units') requireAll(selector.ids, new Set(visible.map((r) => r.id)), 'org_unit');
      out = visible.map((r) => ({ kind: 'org_unit', orgUnitId: r.id, departmentId: null, companyId: null, name: r.name }));
      break;
    }
    case 'departments':
    case 'companies': {
      const table = selector.kind === 'departments' ? departments : companies;
      const what = selector.kind === 'departments' ? 'department' : 'company';
      if (!districtWide) throw notFound(what, 'assignees');
      const rows = await tx
        .select({ id: table.id, name: table.name })
        .from(table)
        .where(
          and(
            eq(table.tenantId, tenantId),
            selector.ids ? inArray(table.id, selector.ids.length ? [...new Set(selector.ids)] : [NO_ID]) : undefined,
          ),
        )
        .orderBy(table.name);
      if (selector.ids) requireAll(selector.ids, new Set(rows.map((r) => r.id)), what);
      out = rows.map((r) =>
        selector.kind === 'departments'
          ? { kind: 'department', orgUnitId: null, departmentId: r.id, companyId: null, name: r.name }
          : { kind: 'company', orgUnitId: null, departmentId: null, companyId: r.id, name: r.name },
      );
      break;
    }
  }
  if (!out.length) throw new ApiError('assignee_selection_empty', { params: { kind: selector.kind }, field: 'assignees' });
  return out;
}
