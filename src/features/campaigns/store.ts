import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { campaignPhases, campaigns, campaignUnits, companies, departments, orgUnits } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import type { AssigneeKind, CampaignUnitRole } from '../tasks/vocabulary.ts';

/**
 * The reads of campaigns (专项行动), shared by the campaign routes and the campaign dashboard.
 * Campaigns are district-wide: every district role that reads tasks reads every campaign of its
 * district, so the tenant is the scope (and RLS says the same).
 */

export const campaignColumns = {
  id: campaigns.id,
  name: campaigns.name,
  goal: campaigns.goal,
  scopeOrgUnitId: campaigns.scopeOrgUnitId,
  scopeOrgUnitName: orgUnits.name,
  scopeOrgUnitPath: orgUnits.path,
  templateCode: campaigns.templateCode,
  status: campaigns.status,
  createdBy: campaigns.createdBy,
  version: campaigns.version,
  createdAt: campaigns.createdAt,
  updatedAt: campaigns.updatedAt,
};

export type CampaignRow = Awaited<ReturnType<typeof selectCampaigns<NoColumns>>>[number];

export const campaignInTenant = (principal: Principal) => eq(campaigns.tenantId, principal.tenantId);

/**
 * Campaigns with the name of the area they cover; `where` must carry the tenant. `extra`: what a
 * list selects beside them (`{ total: ks.total }`); single-row reads pass nothing and compute
 * no window.
 */
export function selectCampaigns<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...campaignColumns, ...extra })
    .from(campaigns)
    .leftJoin(orgUnits, eq(orgUnits.id, campaigns.scopeOrgUnitId))
    .where(where);
}

/** A campaign of the caller's district, or 404 (the same answer for another district's). */
export async function visibleCampaign(tx: Db, principal: Principal, id: string): Promise<CampaignRow> {
  const [row] = await selectCampaigns(tx, and(campaignInTenant(principal), eq(campaigns.id, id)));
  if (!row) throw notFound('campaign');
  return row;
}

export interface PhaseRow {
  id: string;
  campaignId: string;
  ordinal: number;
  name: string;
  goal: string | null;
  startsOn: string;
  endsOn: string;
}

/** The phases of some campaigns, in order. */
export async function phasesOf(tx: Db, tenantId: string, campaignIds: readonly string[]): Promise<PhaseRow[]> {
  if (!campaignIds.length) return [];
  return tx
    .select({
      id: campaignPhases.id,
      campaignId: campaignPhases.campaignId,
      ordinal: campaignPhases.ordinal,
      name: campaignPhases.name,
      goal: campaignPhases.goal,
      startsOn: campaignPhases.startsOn,
      endsOn: campaignPhases.endsOn,
    })
    .from(campaignPhases)
    .where(and(eq(campaignPhases.tenantId, tenantId), inArray(campaignPhases.campaignId, [...campaignIds])))
    .orderBy(asc(campaignPhases.campaignId), asc(campaignPhases.ordinal));
}

export interface UnitRow {
  campaignId: string;
  role: CampaignUnitRole;
  kind: AssigneeKind;
  id: string;
  name: string;
}

/** The lead and responsible units of some campaigns, with their names: org units, then departments, then companies, by name. */
export async function unitsOf(tx: Db, tenantId: string, campaignIds: readonly string[]): Promise<UnitRow[]> {
  if (!campaignIds.length) return [];
  const rows = await tx
    .select({
      campaignId: campaignUnits.campaignId,
      role: campaignUnits.role,
      kind: campaignUnits.kind,
      id: sql<string>`coalesce(${campaignUnits.orgUnitId}, ${campaignUnits.departmentId}, ${campaignUnits.companyId})`,
      name: sql<string>`coalesce(${orgUnits.name}, ${departments.name}, ${companies.name}, '')`,
    })
    .from(campaignUnits)
    .leftJoin(orgUnits, eq(orgUnits.id, campaignUnits.orgUnitId))
    .leftJoin(departments, eq(departments.id, campaignUnits.departmentId))
    .leftJoin(companies, eq(companies.id, campaignUnits.companyId))
    .where(and(eq(campaignUnits.tenantId, tenantId), inArray(campaignUnits.campaignId, [...campaignIds])))
    .orderBy(
      asc(campaignUnits.campaignId),
      asc(campaignUnits.kind),
      sql`coalesce(${orgUnits.path}, ${departments.name}, ${companies.name})`,
    );
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}

/** The district's calendar day at `now` (YYYY-MM-DD): phases begin and end on local days. */
export function localToday(now: Date, timeZone: string): string {
  return format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The phase `today` falls in (dates inclusive), or null before, after and between phases. */
export function currentPhase<P extends { startsOn: string; endsOn: string }>(phases: readonly P[], today: string): P | null {
  return phases.find((p) => p.startsOn <= today && today <= p.endsOn) ?? null;
}

export const presentPhase = (p: PhaseRow) => ({
  id: p.id,
  ordinal: p.ordinal,
  name: p.name,
  goal: p.goal,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
});

/** The campaign as the API answers it. `today` is the district's local date. */
export function presentCampaign(row: CampaignRow, phases: readonly PhaseRow[], units: readonly UnitRow[], today: string) {
  const own = phases.filter((p) => p.campaignId === row.id);
  const unit = (role: CampaignUnitRole) =>
    units.filter((u) => u.campaignId === row.id && u.role === role).map((u) => ({ kind: u.kind, id: u.id, name: u.name }));
  return {
    id: row.id,
    name: row.name,
    goal: row.goal,
    scopeOrgUnitId: row.scopeOrgUnitId,
    scopeOrgUnitName: row.scopeOrgUnitName,
    templateCode: row.templateCode,
    status: row.status,
    phases: own.map(presentPhase),
    currentPhaseId: currentPhase(own, today)?.id ?? null,
    startsOn: own[0]?.startsOn ?? null,
    endsOn: own.at(-1)?.endsOn ?? null,
    leads: unit('lead'),
    responsible: unit('responsible'),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type CampaignView = ReturnType<typeof presentCampaign>;

/** Campaign rows presented with their phases and units (two queries for any number of rows). */
export async function presentCampaigns(tx: Db, tenantId: string, rows: readonly CampaignRow[], today: string): Promise<CampaignView[]> {
  const ids = rows.map((r) => r.id);
  const [phases, units] = [await phasesOf(tx, tenantId, ids), await unitsOf(tx, tenantId, ids)];
  return rows.map((r) => presentCampaign(r, phases, units, today));
}
