import { and, eq } from 'drizzle-orm';
import { companyCompounds, hazardCategories, orgUnits, places, tenants } from '../db/schema/index.ts';
import { loadPolicy } from '../features/hazard-config/policy-store.ts';
import { actorContext } from '../features/hazards/actor.ts';
import { runEscalationSweep } from '../features/hazards/escalation.ts';
import type { PartyInput, TransitionRequest } from '../features/hazards/schemas.ts';
import { applyTransition, reportHazard, visibleHazard } from '../features/hazards/service.ts';
import { partiesColumn } from '../features/hazards/store.ts';
import type { Severity } from '../features/hazards/vocabulary.ts';
import type { Principal } from '../platform/authz/scope.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../platform/db/types.ts';
import type { ObjectStore } from '../platform/storage/object-store.ts';
import { monthEffort, photo, principalOf, random } from './support.ts';

/**
 * A populated loop for the demo districts: about 150 hazards each over the last seven months, in
 * every state (reported, routed, overdue and escalated, rectifying, submitted, closed, reopened),
 * with before and after photos, made through the same service functions and workflow as the API,
 * so every timeline verifies. Deterministic (seeded random) so every fresh start looks the same.
 * Fixes go slower in a district's slack months (monthEffort): more miss the deadline, and some
 * drag on into a later month, so the monthly assessment has something to tell.
 */
const HAZARDS_PER_DISTRICT = 150;
const DAY = 86_400_000;
const HOUR = 3_600_000;

const DESCRIPTIONS: Record<string, string[]> = {
  ebike: ['楼道内电动自行车充电', '一楼大厅停放电动车并飞线充电', '地下室电动车集中充电无防护'],
  corridor_clutter: ['楼道堆放纸箱等可燃杂物', '消防楼梯间堆放旧家具'],
  escape_route: ['安全出口被货物堵塞', '疏散通道上锁'],
  fire_lane: ['消防车通道被私家车占用', '消防车登高面设置固定障碍物'],
  extinguisher: ['灭火器压力不足', '灭火器过期未更换'],
  hydrant: ['室内消火栓箱内水带缺失', '室外消火栓无水'],
  smoke_alarm: ['独居老人家中烟感报警器失效'],
  electricity: ['配电箱周边堆放可燃物', '私拉乱接电线'],
  gas: ['餐馆液化气瓶与灶具间距不足', '燃气软管老化'],
  emergency_light: ['应急照明灯不亮', '疏散指示标志损坏'],
  three_in_one: ['商铺内设置住宿（三合一）'],
  security_bars: ['住宅防盗网封闭无逃生口'],
};

type WithoutVersion<T> = T extends unknown ? Omit<T, 'version'> : never;
type Plan = 'reported' | 'routed' | 'rectifying' | 'submitted' | 'fixed' | 'reworked' | 'not_a_hazard' | 'reopened';
const PLANS: [Plan, number][] = [
  ['reported', 0.12],
  ['routed', 0.12],
  ['rectifying', 0.2],
  ['submitted', 0.08],
  ['fixed', 0.3],
  ['reworked', 0.08],
  ['not_a_hazard', 0.05],
  ['reopened', 0.05],
];

export async function seedDemoHazards(provider: DatabaseProvider, db: Db, store: ObjectStore, now: Date): Promise<number> {
  const districts = await inTenant(provider, db, null, (tx) =>
    tx.select({ id: tenants.id, slug: tenants.slug, timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.kind, 'district')),
  );
  let made = 0;
  for (const [d, district] of districts.entries()) {
    const rnd = random(2026 + d);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const setup = await inTenant(provider, db, district.id, async (tx) => {
      const people = Object.fromEntries(
        await Promise.all(
          ['grid_member', 'community_staff', 'station_staff', 'committee_staff', 'property_manager', 'department_staff'].map(
            async (u) => [u, await principalOf(tx, district.id, u)] as const,
          ),
        ),
      );
      const categories = await tx
        .select({ id: hazardCategories.id, code: hazardCategories.code })
        .from(hazardCategories)
        .where(eq(hazardCategories.tenantId, district.id));
      const placeRows = await tx
        .select({ id: places.id, type: places.type, orgUnitId: places.orgUnitId, path: orgUnits.path })
        .from(places)
        .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
        .where(eq(places.tenantId, district.id));
      const managed = await tx
        .select({ orgUnitId: companyCompounds.orgUnitId, companyId: companyCompounds.companyId, path: orgUnits.path })
        .from(companyCompounds)
        .innerJoin(orgUnits, eq(orgUnits.id, companyCompounds.orgUnitId))
        .where(eq(companyCompounds.tenantId, district.id));
      const communities = await tx
        .select({ id: orgUnits.id, path: orgUnits.path })
        .from(orgUnits)
        .where(and(eq(orgUnits.tenantId, district.id), eq(orgUnits.depth, 2)));
      const policy = await loadPolicy(tx, district.id);
      return { people, categories, placeRows, managed, communities, policy };
    });
    const { people, categories, placeRows, managed, communities, policy } = setup;
    const pmCompany = people.property_manager!.assignments[0]!.companyId!;
    const deptId = people.department_staff!.assignments[0]!.departmentId!;
    const stationPath = people.station_staff!.assignments[0]!.orgUnitPath!;
    const pmCompounds = managed.filter((m) => m.companyId === pmCompany);

    for (let i = 0; i < HAZARDS_PER_DISTRICT; i++) {
      let plan: Plan = 'reported';
      for (let roll = rnd(), k = 0; k < PLANS.length; k++) {
        roll -= PLANS[k]![1];
        if (roll <= 0) {
          plan = PLANS[k]![0];
          break;
        }
      }
      // Older hazards are mostly settled; open ones are recent (with some long overdue).
      const ageDays =
        plan === 'reported'
          ? rnd() * 4
          : plan === 'fixed' || plan === 'not_a_hazard' || plan === 'reworked'
            ? 10 + rnd() * 205
            : rnd() * 30;
      let t = new Date(now.getTime() - ageDays * DAY);
      const effort = monthEffort(district.slug, district.timeZone, now, t);
      const step = (hours: number) => (t = new Date(Math.min(now.getTime() - 60_000, t.getTime() + hours * HOUR)));

      // Where, and who answers for it: the property company for its compounds, the market
      // regulator for small shops (with the community assisting), else the community itself.
      const kind = rnd();
      let place: (typeof placeRows)[number] | undefined;
      let orgUnitId: string;
      let areaPath: string;
      let lead: PartyInput;
      const assisting: PartyInput[] = [];
      if (kind < 0.35 && pmCompounds.length) {
        const compound = pick(pmCompounds);
        orgUnitId = compound.orgUnitId;
        areaPath = compound.path;
        lead = { kind: 'company', companyId: pmCompany };
      } else if (kind < 0.6) {
        place = pick(placeRows.filter((p) => p.type === 'nine_small' || p.type === 'three_in_one'));
        orgUnitId = place.orgUnitId;
        areaPath = place.path;
        lead = { kind: 'department', departmentId: deptId };
        const community = communities.find((cm) => place!.path.startsWith(cm.path));
        if (community) assisting.push({ kind: 'org_unit', orgUnitId: community.id });
      } else {
        const inStation = communities.filter((cm) => cm.path.startsWith(stationPath));
        const community = pick(inStation.length ? inStation : communities);
        orgUnitId = community.id;
        areaPath = community.path;
        lead = { kind: 'org_unit', orgUnitId: community.id };
      }
      const category = pick(categories.filter((c) => DESCRIPTIONS[c.code]));
      const severity: Severity = rnd() < 0.15 ? 'major' : 'general';
      const reporter = pick([people.grid_member!, people.grid_member!, people.community_staff!]);
      const leadPerson =
        lead.kind === 'company' ? people.property_manager! : lead.kind === 'department' ? people.department_staff! : people.station_staff!;
      // The station routes what its street's property companies must fix; whenever an org unit of
      // its street is a party (lead or assisting) it is not independent, so the committee routes.
      const router = lead.kind === 'company' && areaPath.startsWith(stationPath) ? people.station_staff! : people.committee_staff!;
      const verifier = people.committee_staff!;

      await inTenant(provider, db, district.id, async (tx) => {
        const before = await photo(tx, store, district.id, reporter.userId, t, [200, 80, 60], '现场照片.png');
        const id = await reportHazard(tx, reporter, t, {
          categoryId: category.id,
          placeId: place?.id ?? null,
          orgUnitId: place ? null : orgUnitId,
          description: pick(DESCRIPTIONS[category.code]!),
          severity,
          source: pick(['grid', 'grid', 'patrol', 'inspection', 'citizen'] as const),
          evidenceIds: [before],
        });
        const act = async (who: Principal, input: WithoutVersion<TransitionRequest>) => {
          const row = await visibleHazard(tx, people.committee_staff!, id, undefined, { parties: partiesColumn });
          const { parties } = row;
          const actor = actorContext(who, { orgUnitPath: row.orgUnitPath, reporterId: row.reporterId }, parties);
          await applyTransition(tx, row, parties, { ...input, version: row.version } as TransitionRequest, {
            tenantId: district.id,
            viewer: who,
            actor,
            now: t,
            policy,
            timeZone: district.timeZone,
          });
        };
        if (plan === 'reported') return;
        step(2 + rnd() * 20);
        await act(router, { action: 'route', lead, assisting });
        if (plan === 'not_a_hazard') {
          step(5);
          await act(router, { action: 'close-as', outcome: 'not_a_hazard', reason: '现场核实不构成隐患' });
          return;
        }
        if (plan === 'routed') return;
        step(1 + rnd() * 20);
        await act(leadPerson, { action: 'accept' });
        if (plan === 'rectifying') return;
        // In a slack month some fixes stall for weeks (past the month's end, when there is room).
        if (ageDays > 50 && rnd() > effort) step(24 * (10 + rnd() * 30));
        const submit = async () => {
          step((24 + rnd() * 120) / effort);
          const after = await photo(tx, store, district.id, leadPerson.userId, t, [70, 160, 90], '整改后照片.png');
          await act(leadPerson, { action: 'submit', note: '已按要求整改完毕，附整改后照片', evidenceIds: [after] });
        };
        await submit();
        if (plan === 'submitted') return;
        if (plan === 'reworked') {
          step(6);
          await act(verifier, { action: 'reject', reason: '整改不到位，照片未体现整改效果' });
          await submit();
        }
        step(4 + rnd() * 40);
        await act(verifier, { action: 'verify', note: '现场核查通过，予以销号' });
        if (plan === 'reopened') {
          step(24 * (3 + rnd() * 10));
          await act(verifier, { action: 'reopen', reason: '回访发现隐患反弹' });
        }
      });
      made++;
    }
  }
  // Overdue hazards rise up the escalation chain, as the scheduled sweep would have done.
  await runEscalationSweep(provider, now);
  return made;
}
