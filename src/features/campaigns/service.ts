import { and, eq, inArray } from 'drizzle-orm';
import { campaignPhases, campaigns, campaignUnits, companies, departments, orgUnits } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import { type MissingReference, notFoundAt } from '../../platform/errors.ts';
import type { Resource } from '../../platform/problems/resources.ts';
import type { AssigneeKind, CampaignUnitRole } from '../tasks/vocabulary.ts';
import type { CreateCampaign } from './schemas.ts';
import { phasesFrom, templateByCode } from './templates.ts';

/**
 * Writing campaigns outside any one request's plumbing: POST /campaigns and the demo seeder create
 * a campaign (explicitly or from a template) through the same function. No Hono context here: the
 * caller records the audit event through a callback (the route with its request id; a seeder may pass none).
 */

const UNIT_TABLES = { org_unit: orgUnits, department: departments, company: companies } as const;
const UNIT_RESOURCE: Record<AssigneeKind, Resource> = { org_unit: 'org_unit', department: 'department', company: 'company' };
const UNIT_COLUMN = { org_unit: 'orgUnitId', department: 'departmentId', company: 'companyId' } as const;

export interface Reference {
  path: string;
  kind: AssigneeKind;
  id: string;
}

/**
 * Every referenced id must be the caller's district's: one 404 naming each field that points
 * elsewhere (the same answer for "no such id" and "another district's").
 */
export async function requireReferences(tx: Db, tenantId: string, refs: readonly Reference[]): Promise<void> {
  const missing: MissingReference[] = [];
  for (const kind of Object.keys(UNIT_TABLES) as AssigneeKind[]) {
    const wanted = refs.filter((r) => r.kind === kind);
    if (!wanted.length) continue;
    const table = UNIT_TABLES[kind];
    const found = new Set(
      (
        await tx
          .select({ id: table.id })
          .from(table)
          .where(and(eq(table.tenantId, tenantId), inArray(table.id, [...new Set(wanted.map((r) => r.id))])))
      ).map((r) => r.id),
    );
    for (const r of wanted) {
      if (!found.has(r.id)) missing.push({ path: r.path, resource: UNIT_RESOURCE[kind] });
    }
  }
  if (missing.length) {
    missing.sort((a, b) => refs.findIndex((r) => r.path === a.path) - refs.findIndex((r) => r.path === b.path));
    throw notFoundAt(missing);
  }
}

const unitRefs = (role: 'leads' | 'responsible', units: readonly { kind: AssigneeKind; id: string }[]): Reference[] =>
  units.map((u, i) => ({ path: `${role}.${i}.id`, kind: u.kind, id: u.id }));

/** What the `campaign.created` audit event records. */
export interface CampaignCreatedDetail extends Record<string, unknown> {
  name: string;
  templateCode: string | null;
  scopeOrgUnitId: string | null;
  phases: { name: string; startsOn: string; endsOn: string }[];
  leads: CreateCampaign['leads'];
  responsible: CreateCampaign['responsible'];
}

/**
 * Creates a campaign in `principal`'s district, as `principal` (its creator), at `now`, inside the
 * caller's transaction: the campaign, its dated phases (given, or the template's dated from
 * `startsOn`) and its lead and responsible units. Referenced units must be the district's (404 with
 * field paths). `input` is the parsed CreateCampaign body: the schema guarantees name, goal and
 * phases are given or come from the template. `audit`, when given, is called in the same
 * transaction with what the `campaign.created` event records. Returns the campaign's id.
 */
export async function createCampaign(
  tx: Db,
  principal: Principal,
  now: Date,
  input: CreateCampaign,
  audit?: (campaignId: string, detail: CampaignCreatedDetail) => Promise<void>,
): Promise<string> {
  const template = input.templateCode ? templateByCode(input.templateCode) : null;
  if (input.templateCode && !template) throw new RangeError(`no campaign template ${JSON.stringify(input.templateCode)}`);
  const name = input.name ?? template!.name;
  const goal = input.goal ?? template!.goal;
  const phases = input.phases ?? phasesFrom(template!, input.startsOn!);

  await requireReferences(tx, principal.tenantId, [
    ...(input.scopeOrgUnitId ? [{ path: 'scopeOrgUnitId', kind: 'org_unit' as const, id: input.scopeOrgUnitId }] : []),
    ...unitRefs('leads', input.leads),
    ...unitRefs('responsible', input.responsible),
  ]);

  const [row] = await tx
    .insert(campaigns)
    .values({
      tenantId: principal.tenantId,
      name,
      goal,
      scopeOrgUnitId: input.scopeOrgUnitId ?? null,
      templateCode: template?.code ?? null,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: campaigns.id });
  const campaignId = row!.id;
  await tx.insert(campaignPhases).values(
    phases.map((p, i) => ({
      tenantId: principal.tenantId,
      campaignId,
      ordinal: i + 1,
      name: p.name,
      goal: p.goal ?? null,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
    })),
  );
  const units = [
    ...input.leads.map((u) => ({ role: 'lead' as CampaignUnitRole, ...u })),
    ...input.responsible.map((u) => ({ role: 'responsible' as CampaignUnitRole, ...u })),
  ];
  if (units.length) {
    await tx
      .insert(campaignUnits)
      .values(units.map((u) => ({ tenantId: principal.tenantId, campaignId, role: u.role, kind: u.kind, [UNIT_COLUMN[u.kind]]: u.id })));
  }
  await audit?.(campaignId, {
    name,
    templateCode: template?.code ?? null,
    scopeOrgUnitId: input.scopeOrgUnitId ?? null,
    phases: phases.map((p) => ({ name: p.name, startsOn: p.startsOn, endsOn: p.endsOn })),
    leads: input.leads,
    responsible: input.responsible,
  });
  return campaignId;
}
