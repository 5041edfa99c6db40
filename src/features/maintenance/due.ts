import { and, eq, inArray, max, min, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { companies, companyCompounds, facilities, maintenancePolicies, maintenanceRecords, orgUnits } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { DEFAULT_FREQUENCIES, type DueStatus, type DueVerdict, maintenanceDue } from '../facilities/rules.ts';
import { facilityInScope, localToday } from '../facilities/store.ts';
import { FACILITY_KINDS, type FacilityKind, type MaintenanceFrequency } from '../facilities/vocabulary.ts';

/** The district's maintenance frequency per kind: what it stored, else the default. */
export async function loadFrequencies(
  tx: Db,
  tenantId: string,
): Promise<{ kind: FacilityKind; frequency: MaintenanceFrequency; isDefault: boolean }[]> {
  const stored = await tx
    .select({ kind: maintenancePolicies.kind, frequency: maintenancePolicies.frequency })
    .from(maintenancePolicies)
    .where(eq(maintenancePolicies.tenantId, tenantId));
  const byKind = new Map(stored.map((r) => [r.kind, r.frequency]));
  return FACILITY_KINDS.map((kind) => {
    const frequency = byKind.get(kind);
    return { kind, frequency: frequency ?? DEFAULT_FREQUENCIES[kind], isDefault: frequency === undefined };
  });
}

export interface DueRow extends DueVerdict {
  compoundId: string;
  compoundName: string;
  companyId: string;
  companyName: string;
  kind: FacilityKind;
  frequency: MaintenanceFrequency;
  lastPerformedOn: string | null;
}

const unit = alias(orgUnits, 'due_unit');
const compound = alias(orgUnits, 'due_compound');
const area = alias(orgUnits, 'due_area');

const ORDER: Record<DueStatus, number> = { overdue: 0, due: 1, ok: 2 };

/**
 * Records due and overdue: for each managed compound and each kind of facility its register holds
 * (within the caller's facilities.read scope), the managing company's last submitted or accepted
 * record of that kind there against the district's frequency, in the district's calendar.
 * Overdue first, then due, then up to date.
 */
export async function maintenanceDueRows(
  tx: Db,
  principal: Principal,
  now: Date,
  filter: { companyId?: string | undefined; orgUnitId?: string | undefined; status?: DueStatus | undefined },
): Promise<DueRow[]> {
  const tenantId = principal.tenantId;
  const timeZone = await tenantTimeZone(tx, tenantId);
  const today = localToday(now, timeZone);
  const frequencies = new Map((await loadFrequencies(tx, tenantId)).map((f) => [f.kind, f.frequency]));
  const present = await tx
    .select({
      compoundId: compound.id,
      compoundName: compound.name,
      companyId: companyCompounds.companyId,
      companyName: companies.name,
      kind: facilities.kind,
      registeredOn: sql<string>`to_char(${min(facilities.createdAt)} at time zone ${timeZone}, 'YYYY-MM-DD')`,
    })
    .from(facilities)
    .innerJoin(unit, eq(unit.id, facilities.orgUnitId))
    .innerJoin(compound, sql`${compound.id} = case when ${unit.kind} = 'compound' then ${unit.id} else ${unit.parentId} end`)
    .innerJoin(companyCompounds, eq(companyCompounds.orgUnitId, compound.id))
    .innerJoin(companies, eq(companies.id, companyCompounds.companyId))
    .where(
      and(
        facilityInScope(principal, 'facilities.read'),
        filter.companyId ? eq(companyCompounds.companyId, filter.companyId) : undefined,
        filter.orgUnitId
          ? sql`${compound.path} like (select ${area.path} from ${orgUnits} as ${sql.identifier('due_area')}
              where ${area.id} = ${filter.orgUnitId} and ${area.tenantId} = ${tenantId}) || '%'`
          : undefined,
      ),
    )
    .groupBy(compound.id, compound.name, companyCompounds.companyId, companies.name, facilities.kind);
  if (!present.length) return [];

  const compoundIds = [...new Set(present.map((p) => p.compoundId))];
  const last = await tx
    .select({
      orgUnitId: maintenanceRecords.orgUnitId,
      companyId: maintenanceRecords.companyId,
      kind: maintenanceRecords.kind,
      lastOn: max(maintenanceRecords.performedOn),
    })
    .from(maintenanceRecords)
    .where(
      and(
        eq(maintenanceRecords.tenantId, tenantId),
        inArray(maintenanceRecords.state, ['submitted', 'accepted']),
        inArray(maintenanceRecords.orgUnitId, compoundIds),
      ),
    )
    .groupBy(maintenanceRecords.orgUnitId, maintenanceRecords.companyId, maintenanceRecords.kind);
  const lastOf = new Map(last.map((l) => [`${l.orgUnitId}|${l.companyId}|${l.kind}`, l.lastOn]));

  const rows = present.map((p): DueRow => {
    const frequency = frequencies.get(p.kind)!;
    const lastPerformedOn = lastOf.get(`${p.compoundId}|${p.companyId}|${p.kind}`) ?? null;
    return {
      compoundId: p.compoundId,
      compoundName: p.compoundName,
      companyId: p.companyId,
      companyName: p.companyName,
      kind: p.kind,
      frequency,
      lastPerformedOn,
      ...maintenanceDue({ frequency, lastOn: lastPerformedOn, registeredOn: p.registeredOn, today }),
    };
  });
  return rows
    .filter((r) => !filter.status || r.status === filter.status)
    .sort(
      (a, b) =>
        ORDER[a.status] - ORDER[b.status] ||
        a.compoundName.localeCompare(b.compoundName, 'zh-CN') ||
        a.compoundId.localeCompare(b.compoundId) ||
        FACILITY_KINDS.indexOf(a.kind) - FACILITY_KINDS.indexOf(b.kind),
    );
}
