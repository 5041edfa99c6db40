import { and, eq } from 'drizzle-orm';
import type * as z from 'zod';
import {
  companies,
  companyCompounds,
  departments,
  hazardCategories,
  inspectionTemplates,
  inspectionTemplateVersions,
  orgUnits,
  patrols,
  places,
  tenants,
} from '../db/schema/index.ts';
import { loadPolicy } from '../features/hazard-config/policy-store.ts';
import { runEscalationSweep } from '../features/hazards/escalation.ts';
import type { PartyInput } from '../features/hazards/schemas.ts';
import { ensureDefaultTemplates } from '../features/inspections/defaults.ts';
import type { RecordResult } from '../features/inspections/schemas.ts';
import { completeInspection, createInspection, recordResult } from '../features/inspections/service.ts';
import type { ChecklistItem, ItemResult } from '../features/inspections/vocabulary.ts';
import { createPatrol } from '../features/patrols/service.ts';
import type { DepartmentKind, PlaceType } from '../features/registry/vocabulary.ts';
import type { Principal } from '../platform/authz/scope.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../platform/db/types.ts';
import type { ObjectStore } from '../platform/storage/object-store.ts';
import { seedDemoFacilities } from './demo-facilities.ts';
import type { DemoCompound, DemoPlace, DemoWorld } from './demo-world.ts';
import { accountOf, type HazardProgress, localTime, monthEffort, photo, principalOf, random, workHazard } from './support.ts';

/**
 * Issue 5's demo data for each demo district: the default checklist templates; about seven months
 * of inspections of places and compounds by the staff of their community or street (some joint,
 * with a department recording the items of its trade), most passing, each failed item becoming its
 * hazard (with the inspector's photo) and worked through the loop as far as its age makes
 * plausible; thousands of patrol check-ins by the grid member and community staff, with realistic
 * coverage (some places never visited, some rarely); then the facility register and the property
 * companies' maintenance records (demo-facilities.ts). Everything through the service functions
 * the routes call, so it holds what the API would hold; deterministic (seeded random); time moves
 * forward through each item's life and never past now.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Planned over the window; a district's slack months (monthEffort) see fewer. */
const INSPECTIONS_PER_DISTRICT = 60;
/** Seven months: the six the monthly assessment publishes and the one under way. */
const INSPECTION_DAYS = 215;
const PATROLS_PER_DISTRICT = 5000;
const PATROL_DAYS = 215;
/** Check-ins per transaction. */
const PATROL_BATCH = 1000;

async function loadWorld(tx: Db, tenantId: string, slug: string, timeZone: string): Promise<DemoWorld> {
  const need = (p: Principal | null, what: string) => {
    if (!p) throw new Error(`demo seed: no account for ${what}`);
    return p;
  };
  const units = await tx
    .select({
      id: orgUnits.id,
      parentId: orgUnits.parentId,
      kind: orgUnits.kind,
      name: orgUnits.name,
      path: orgUnits.path,
      depth: orgUnits.depth,
    })
    .from(orgUnits)
    .where(eq(orgUnits.tenantId, tenantId))
    // By code, not path (ids are random): every fresh start walks the tree in the same order.
    .orderBy(orgUnits.depth, orgUnits.code, orgUnits.id);
  const byId = new Map(units.map((u) => [u.id, u]));
  const managed = new Map(
    (
      await tx
        .select({ orgUnitId: companyCompounds.orgUnitId, companyId: companyCompounds.companyId })
        .from(companyCompounds)
        .where(eq(companyCompounds.tenantId, tenantId))
    ).map((m) => [m.orgUnitId, m.companyId]),
  );
  const stations = new Map<string, Principal>();
  for (const s of units.filter((u) => u.depth === 1))
    stations.set(s.id, need(await accountOf(tx, tenantId, { orgUnitId: s.id }, ['station_staff']), s.name));
  const communities = [];
  for (const c of units.filter((u) => u.depth === 2)) {
    communities.push({
      id: c.id,
      path: c.path,
      name: c.name,
      streetId: c.parentId!,
      staff: need(await accountOf(tx, tenantId, { orgUnitId: c.id }, ['community_staff']), c.name),
    });
  }
  const compounds = units
    .filter((u) => u.kind === 'compound')
    .map((k) => ({
      id: k.id,
      path: k.path,
      name: k.name,
      communityId: k.parentId!,
      streetId: byId.get(k.parentId!)!.parentId!,
      companyId: managed.get(k.id) ?? null,
      buildings: units.filter((b) => b.parentId === k.id && b.kind === 'building').map((b) => ({ id: b.id, name: b.name })),
    }));
  const placeRows = await tx
    .select({
      id: places.id,
      name: places.name,
      type: places.type,
      orgUnitId: places.orgUnitId,
      path: orgUnits.path,
      latitude: places.latitude,
      longitude: places.longitude,
    })
    .from(places)
    .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
    .where(eq(places.tenantId, tenantId))
    .orderBy(places.address, places.id);
  const companyRows = await tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(eq(companies.tenantId, tenantId))
    .orderBy(companies.creditCode);
  const departmentRows = await tx
    .select({ id: departments.id, kind: departments.kind, name: departments.name })
    .from(departments)
    .where(eq(departments.tenantId, tenantId));
  const departmentMap = new Map<DepartmentKind, { id: string; staff: Principal }>();
  for (const d of departmentRows)
    departmentMap.set(d.kind, {
      id: d.id,
      staff: need(await accountOf(tx, tenantId, { departmentId: d.id }, ['department_staff']), d.name),
    });
  const committee = await principalOf(tx, tenantId, 'committee_staff');
  return {
    tenantId,
    slug,
    timeZone,
    desk: { tenantId, timeZone, policy: await loadPolicy(tx, tenantId), viewer: committee },
    committee,
    gridMember: await principalOf(tx, tenantId, 'grid_member'),
    stations,
    communities,
    compounds,
    places: placeRows.map((p) => {
      const [, streetId, communityId] = p.path.split('/');
      return {
        id: p.id,
        name: p.name,
        type: p.type,
        orgUnitId: p.orgUnitId,
        communityId: communityId!,
        streetId: streetId!,
        latitude: p.latitude,
        longitude: p.longitude,
      };
    }),
    companies: await Promise.all(
      companyRows.map(async (c) => ({
        id: c.id,
        name: c.name,
        manager: need(await accountOf(tx, tenantId, { companyId: c.id }, ['property_manager']), c.name),
      })),
    ),
    departments: departmentMap,
    categories: new Map(
      (
        await tx
          .select({ id: hazardCategories.id, code: hazardCategories.code })
          .from(hazardCategories)
          .where(eq(hazardCategories.tenantId, tenantId))
      ).map((c) => [c.code, c.id]),
    ),
  };
}

/**
 * Who answers for a hazard found at a target: the managing company for a managed compound (the
 * street's station routes it); the market regulator for shops, with the community assisting; else
 * the community itself. Both of the latter are routed by the committee (the station is a party).
 */
function responsibility(w: DemoWorld, target: { compound?: DemoCompound; place?: DemoPlace }) {
  const compound = target.compound;
  const place = target.place;
  const communityId = compound?.communityId ?? place!.communityId;
  const community = w.communities.find((c) => c.id === communityId)!;
  if (compound?.companyId) {
    const company = w.companies.find((c) => c.id === compound.companyId)!;
    return {
      lead: { kind: 'company', companyId: company.id } as PartyInput,
      assisting: [] as PartyInput[],
      people: { router: w.stations.get(compound.streetId)!, lead: company.manager, verifier: w.committee },
    };
  }
  if (place && (place.type === 'nine_small' || place.type === 'three_in_one' || place.type === 'group_rental')) {
    const regulator = w.departments.get('market_regulation')!;
    return {
      lead: { kind: 'department', departmentId: regulator.id } as PartyInput,
      assisting: [{ kind: 'org_unit', orgUnitId: community.id }] as PartyInput[],
      people: { router: w.committee, lead: regulator.staff, verifier: w.committee },
    };
  }
  return {
    lead: { kind: 'org_unit', orgUnitId: community.id } as PartyInput,
    assisting: [] as PartyInput[],
    people: { router: w.committee, lead: community.staff, verifier: w.committee },
  };
}

/** How far a hazard has come, by its age in days: old ones mostly closed, new ones just reported or routed. */
function progressByAge(ageDays: number, rnd: () => number): HazardProgress {
  const r = rnd();
  if (ageDays > 45) return r < 0.85 ? 'closed' : r < 0.9 ? 'submitted' : 'rectifying';
  if (ageDays > 15) return r < 0.55 ? 'closed' : r < 0.7 ? 'submitted' : r < 0.9 ? 'rectifying' : 'routed';
  if (ageDays > 5) return r < 0.4 ? 'rectifying' : r < 0.8 ? 'routed' : 'reported';
  return r < 0.4 ? 'routed' : 'reported';
}

/* Inspections. */

/** The template for a place type (compounds: managed = high-rise with property management, else 无物业小区). */
const PLACE_TEMPLATE: Record<PlaceType, string> = {
  nine_small: 'nine-small',
  three_in_one: 'three-in-one',
  group_rental: 'three-in-one',
  key_unit: 'key-unit',
  high_rise: 'key-unit',
  elderly_care: 'key-unit',
  school_dorm: 'key-unit',
  hospital_ward: 'key-unit',
  market: 'nine-small',
  warehouse: 'key-unit',
  other: 'nine-small',
};

/** In a joint inspection (联合检查) each department records the items of its trade. */
const TRADE: Partial<Record<DepartmentKind, readonly string[]>> = {
  market_regulation: ['electricity', 'gas', 'three_in_one', 'open_fire'],
  fire_rescue: ['hydrant', 'smoke_alarm', 'other'],
  housing: ['fire_lane', 'security_bars', 'illegal_structure'],
};

/** What inspectors write when an item fails, by the item's hazard category. */
const FINDINGS: Record<string, string[]> = {
  fire_lane: ['消防车通道被私家车占用3处', '登高操作场地设置地锁'],
  escape_route: ['安全出口被货物堵塞', '常闭式防火门被木楔固定呈常开状态', '疏散通道上锁'],
  hydrant: ['末端试水压力0.05MPa，低于要求', '消火栓箱内水带缺失'],
  smoke_alarm: ['火灾报警控制器有3个屏蔽点位未恢复', '烟感报警器按测试键无反应'],
  other: ['值班记录缺2天，夜班仅1人在岗', '器材清单与实物不符'],
  extinguisher: ['2具灭火器压力指针在红区', '灭火器已过有效期', '楼梯转角灭火器缺失'],
  emergency_light: ['应急照明灯断电后不亮', '疏散指示标志方向错误'],
  ebike: ['一楼楼道停放电动车2辆并飞线充电', '电梯内发现电动自行车'],
  corridor_clutter: ['楼道堆放纸箱等可燃杂物', '前室堆放旧家具'],
  security_bars: ['二楼防盗网封闭无逃生口'],
  electricity: ['电线未穿管，私拉乱接', '插线板串接使用，超负荷'],
  gas: ['未安装可燃气体报警装置', '液化气瓶放置在操作间内'],
  three_in_one: ['阁楼设有床铺，有人员住宿'],
  open_fire: ['后厨违规使用明火熬制'],
  illegal_structure: ['车棚采用彩钢板搭建'],
};

/** Items that fail more often than others (the usual findings). */
const FAILS_OFTEN = new Set(['ebike', 'corridor_clutter', 'extinguisher', 'escape_route', 'electricity']);

interface Target {
  compound?: DemoCompound;
  place?: DemoPlace;
}

async function seedInspections(provider: DatabaseProvider, db: Db, store: ObjectStore, w: DemoWorld, now: Date, rnd: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const templates = await inTenant(provider, db, w.tenantId, async (tx) => {
    await ensureDefaultTemplates(tx, w.tenantId);
    const rows = await tx
      .select({ id: inspectionTemplates.id, code: inspectionTemplates.code, items: inspectionTemplateVersions.items })
      .from(inspectionTemplates)
      .innerJoin(
        inspectionTemplateVersions,
        and(
          eq(inspectionTemplateVersions.templateId, inspectionTemplates.id),
          eq(inspectionTemplateVersions.number, inspectionTemplates.currentVersion),
        ),
      )
      .where(eq(inspectionTemplates.tenantId, w.tenantId));
    return new Map(rows.map((r) => [r.code, { id: r.id, items: r.items }]));
  });

  let made = 0;
  let failed = 0;
  for (let i = 0; i < INSPECTIONS_PER_DISTRICT; i++) {
    // Spread over the last seven months, oldest first, on working hours; fewer in slack months.
    const daysAgo = INSPECTION_DAYS * (1 - (i + rnd()) / INSPECTIONS_PER_DISTRICT);
    let start = localTime(now, w.timeZone, Math.floor(daysAgo), 9 + Math.floor(rnd() * 6), Math.floor(rnd() * 60));
    if (start.getTime() > now.getTime() - 2 * HOUR) start = new Date(now.getTime() - 2 * HOUR);
    if (rnd() > monthEffort(w.slug, w.timeZone, now, start)) continue;

    const target: Target = rnd() < 0.6 ? { place: pick(w.places) } : { compound: pick(w.compounds) };
    const code = target.place
      ? PLACE_TEMPLATE[target.place.type]
      : rnd() < 0.15
        ? 'ebike-charging'
        : target.compound!.companyId
          ? 'high-rise-compound'
          : 'unmanaged-compound';
    const template = templates.get(code)!;
    const communityId = target.place?.communityId ?? target.compound!.communityId;
    const streetId = target.place?.streetId ?? target.compound!.streetId;
    const byStation = rnd() < 0.35;
    const leader = byStation ? w.stations.get(streetId)! : w.communities.find((c) => c.id === communityId)!.staff;
    // Joint inspections: the station leads, with the departments of the trade.
    const joint: DepartmentKind[] =
      !byStation || rnd() < 0.4
        ? []
        : target.compound
          ? ['housing', 'fire_rescue']
          : code === 'key-unit'
            ? ['fire_rescue']
            : ['market_regulation', 'fire_rescue'];
    const recorderOf = (item: ChecklistItem): Principal => {
      for (const kind of joint) if (TRADE[kind]?.includes(item.category)) return w.departments.get(kind)!.staff;
      return leader;
    };

    // Most pass; a third have one to three failed items, the usual findings more often.
    const failing = new Set<string>();
    if (rnd() < 0.35) {
      const n = rnd() < 0.65 ? 1 : rnd() < 0.8 ? 2 : 3;
      const pool = template.items.flatMap((it) => (FAILS_OFTEN.has(it.category) ? [it.key, it.key, it.key] : [it.key]));
      while (failing.size < Math.min(n, template.items.length)) failing.add(pick(pool));
    }

    const found = await inTenant(provider, db, w.tenantId, async (tx) => {
      const id = await createInspection(tx, leader, start, {
        templateId: template.id,
        ...(target.place ? { placeId: target.place.id } : { orgUnitId: target.compound!.id }),
        jointDepartmentIds: joint.map((k) => w.departments.get(k)!.id),
      });
      let t = start.getTime();
      for (const item of template.items) {
        t += (2 + rnd() * 4) * MINUTE;
        const at = new Date(t);
        const recorder = recorderOf(item);
        const result: ItemResult = failing.has(item.key) ? 'fail' : rnd() < 0.04 ? 'na' : 'pass';
        const input: z.output<typeof RecordResult> = { result, evidenceIds: [] };
        if (result === 'fail') {
          input.note = pick(FINDINGS[item.category] ?? ['现场检查不符合要求']);
          input.evidenceIds = [await photo(tx, store, w.tenantId, recorder.userId, at, [200, 80, 60], '检查照片.png')];
        } else if (result === 'na') input.note = '现场无此项';
        await recordResult(tx, recorder, at, id, item.key, input);
      }
      const done = await completeInspection(tx, leader, new Date(t + 5 * MINUTE), id);
      return { ids: done.hazardIds, at: new Date(t + 5 * MINUTE) };
    });
    made++;
    failed += found.ids.length;

    // Each hazard found goes through the loop as far as its age makes plausible.
    const who = responsibility(w, target);
    for (const hazardId of found.ids) {
      const progress = progressByAge((now.getTime() - found.at.getTime()) / DAY, rnd);
      await inTenant(provider, db, w.tenantId, (tx) =>
        workHazard(tx, store, w.desk, hazardId, { progress, from: found.at, now, rnd }, who.people, {
          lead: who.lead,
          assisting: who.assisting,
        }),
      );
    }
  }
  return { inspections: made, hazards: failed };
}

/* Patrols. */

const ISSUES = [
  '楼道堆放杂物，已提醒清理',
  '发现电动车飞线充电，已劝导',
  '安全出口堆放货物，已督促整改',
  '灭火器压力不足，已告知负责人',
  '消防车通道有车辆停放',
];

/**
 * 巡查打卡 over the last seven months: each community's staff walks its places, compounds and
 * buildings (the grid member does most of its own community's), on working hours. Coverage is
 * realistic: every stop has its own weight, about one place in eight is never visited and a few
 * so rarely that some months miss them; in a district's slack months (monthEffort) there are fewer
 * check-ins and the less visited stops are left out.
 *
 * Not all through createPatrol: it is one statement per check-in (as a phone sends it), 1.5–3 ms
 * each on PGlite, so 6,000 would take 10–20 s, most of the first start's budget. The check-ins
 * without a photo go in one multi-row INSERT per batch, as the app role inside inTenant (RLS
 * applies), each row exactly what createPatrol would insert for it: a place (with its own org
 * unit) or a community, compound or building of the walker's own community, at a past time on
 * the walker's clock. The few with a photo go through createPatrol, which claims the upload.
 */
async function seedPatrols(provider: DatabaseProvider, db: Db, store: ObjectStore, w: DemoWorld, now: Date, rnd: () => number) {
  type Stop = {
    placeId?: string;
    placeOrgUnitId?: string;
    orgUnitId?: string;
    weight: number;
    latitude: number | null;
    longitude: number | null;
  };
  const rounds = w.communities.map((c) => {
    const stops: Stop[] = [];
    const weight = () => {
      const r = rnd();
      return r < 0.12 ? 0 : r < 0.25 ? 0.015 : 0.3 + rnd() * 1.2;
    };
    for (const p of w.places.filter((p) => p.communityId === c.id))
      stops.push({ placeId: p.id, placeOrgUnitId: p.orgUnitId, weight: weight(), latitude: p.latitude, longitude: p.longitude });
    for (const k of w.compounds.filter((k) => k.communityId === c.id)) {
      stops.push({ orgUnitId: k.id, weight: 0.6 + rnd(), latitude: null, longitude: null });
      for (const b of k.buildings) stops.push({ orgUnitId: b.id, weight: 0.15, latitude: null, longitude: null });
    }
    stops.push({ orgUnitId: c.id, weight: 0.3, latitude: null, longitude: null });
    const walkers: [Principal, number][] = [[c.staff, 1]];
    if (w.gridMember.assignments.some((a) => a.orgUnitId === c.id)) walkers.unshift([w.gridMember, 2.5]);
    return { stops, walkers, total: stops.reduce((s, x) => s + x.weight, 0), share: walkers.reduce((s, x) => s + x[1], 0) };
  });
  const weighted = <T>(xs: readonly T[], weightOf: (x: T) => number, total: number): T => {
    let r = rnd() * total;
    for (const x of xs) {
      r -= weightOf(x);
      if (r <= 0) return x;
    }
    return xs.at(-1)!;
  };
  const shares = rounds.reduce((s, r) => s + r.share, 0);
  // A slack month has fewer check-ins, and its walkers leave out their less visited stops.
  const walked = (stop: Stop, effort: number) => rnd() * 1.2 <= effort && stop.weight >= 2 * (1 - effort);

  const plans: { walker: Principal; stop: Stop; at: Date; issue: boolean; note: string | null; withPhoto: boolean }[] = [];
  for (let i = 0; i < PATROLS_PER_DISTRICT; i++) {
    const round = weighted(rounds, (r) => r.share, shares);
    const [walker] = weighted(round.walkers, (x) => x[1], round.share);
    const stop = weighted(round.stops, (s) => s.weight, round.total);
    let at: Date;
    do at = localTime(now, w.timeZone, Math.floor(rnd() * PATROL_DAYS), 8 + Math.floor(rnd() * 10), Math.floor(rnd() * 60));
    while (at.getTime() > now.getTime() - MINUTE || !walked(stop, monthEffort(w.slug, w.timeZone, now, at)));
    const issue = rnd() < 0.06;
    plans.push({
      walker,
      stop,
      at,
      issue,
      note: issue ? ISSUES[Math.floor(rnd() * ISSUES.length)]! : rnd() < 0.1 ? '巡查正常' : null,
      withPhoto: issue && rnd() < 0.3,
    });
  }
  plans.sort((a, b) => a.at.getTime() - b.at.getTime());
  const jitter = () => (rnd() - 0.5) / 5000;
  const located = (stop: Stop) =>
    stop.latitude != null && stop.longitude != null ? { latitude: stop.latitude + jitter(), longitude: stop.longitude + jitter() } : {};
  for (let i = 0; i < plans.length; i += PATROL_BATCH) {
    await inTenant(provider, db, w.tenantId, async (tx) => {
      const rows: (typeof patrols.$inferInsert)[] = [];
      for (const p of plans.slice(i, i + PATROL_BATCH)) {
        if (p.withPhoto) {
          // With a photo: through the service, which checks the upload and claims it for the patrol.
          await createPatrol(tx, p.walker, p.at, {
            ...(p.stop.placeId ? { placeId: p.stop.placeId } : { orgUnitId: p.stop.orgUnitId! }),
            result: 'issue',
            note: p.note,
            evidenceId: await photo(tx, store, w.tenantId, p.walker.userId, p.at, [220, 150, 60], '巡查照片.png'),
            ...located(p.stop),
          });
          continue;
        }
        // The row createPatrol would insert for this check-in (the stop is in the walker's own community).
        rows.push({
          tenantId: w.tenantId,
          orgUnitId: p.stop.orgUnitId ?? p.stop.placeOrgUnitId!,
          placeId: p.stop.placeId ?? null,
          patrolledBy: p.walker.userId,
          at: p.at,
          result: p.issue ? 'issue' : 'normal',
          note: p.note,
          evidenceId: null,
          ...located(p.stop),
          createdAt: p.at,
        });
      }
      if (rows.length) await tx.insert(patrols).values(rows);
    });
  }
  return plans.length;
}

export interface DemoInspectionCounts {
  inspections: number;
  inspectionHazards: number;
  patrols: number;
  facilities: number;
  records: number;
  conflicts: number;
  faults: number;
}

export async function seedDemoInspections(
  provider: DatabaseProvider,
  db: Db,
  store: ObjectStore,
  now: Date,
): Promise<DemoInspectionCounts> {
  const districts = await inTenant(provider, db, null, (tx) =>
    tx
      .select({ id: tenants.id, slug: tenants.slug, timeZone: tenants.timeZone })
      .from(tenants)
      .where(eq(tenants.kind, 'district'))
      .orderBy(tenants.slug),
  );
  const counts: DemoInspectionCounts = {
    inspections: 0,
    inspectionHazards: 0,
    patrols: 0,
    facilities: 0,
    records: 0,
    conflicts: 0,
    faults: 0,
  };
  for (const [d, district] of districts.entries()) {
    const rnd = random(5050 + d);
    const world = await inTenant(provider, db, district.id, (tx) => loadWorld(tx, district.id, district.slug, district.timeZone));
    const inspected = await seedInspections(provider, db, store, world, now, rnd);
    counts.inspections += inspected.inspections;
    counts.inspectionHazards += inspected.hazards;
    counts.patrols += await seedPatrols(provider, db, store, world, now, rnd);
    const kept = await seedDemoFacilities(provider, db, store, world, now, random(6060 + d));
    counts.facilities += kept.facilities;
    counts.records += kept.records;
    counts.conflicts += kept.conflicts;
    counts.faults += kept.faults;
  }
  // Overdue hazards rise up the escalation chain, as the scheduled sweep would have done.
  await runEscalationSweep(provider, now);
  return counts;
}
