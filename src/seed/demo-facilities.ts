import { TZDate } from '@date-fns/tz';
import { and, eq, isNotNull } from 'drizzle-orm';
import type * as z from 'zod';
import { facilities, maintenanceRecords, orgUnits } from '../db/schema/index.ts';
import { addDaysIso, calendarPeriod } from '../features/facilities/rules.ts';
import { localToday } from '../features/facilities/store.ts';
import type { FacilityKind, FacilityStatus, MaintenanceCheck, MaintenanceFrequency } from '../features/facilities/vocabulary.ts';
import { reportHazard } from '../features/hazards/service.ts';
import { maintenanceActorContext } from '../features/maintenance/actor.ts';
import { loadFrequencies } from '../features/maintenance/due.ts';
import type { CreateMaintenanceRecord, MaintenanceTransitionRequest } from '../features/maintenance/schemas.ts';
import { applyRecordTransition, createRecord, findConflict, visibleRecord } from '../features/maintenance/service.ts';
import { orgUnitInScope } from '../features/registry/scope-sql.ts';
import type { Principal } from '../platform/authz/scope.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../platform/db/types.ts';
import type { ObjectStore } from '../platform/storage/object-store.ts';
import type { DemoCompound, DemoWorld } from './demo-world.ts';
import { document, type HazardProgress, photo, workHazard } from './support.ts';

/**
 * The facility register of every demo compound and the property companies' maintenance records
 * (维保记录) of the last seven months, for one district (called from demo-inspections.ts):
 *
 * - the register, kept since about eight months ago: managed compounds are high-rises (outdoor and
 *   indoor hydrants, an alarm system, sometimes sprinklers and a fire-control room, extinguishers,
 *   emergency lights and exit signs per building); the others (无物业小区) have outdoor hydrants
 *   and per building extinguishers, smoke alarms, emergency lights and exit signs. Extinguishers
 *   carry expiry dates, some within 30 days and some past; a few facilities are faulty or missing.
 *   There is no service function for it (the route inserts), so this inserts the route's row,
 *   registered by whoever may (the managing company, else the street's station), after the same
 *   scope check.
 * - records through createRecord, each company's property_manager for its compounds, monthly or
 *   quarterly per kind (the district's policy), with a photo or the contractor's PDF report; most
 *   accepted by the station of the compound's street, some returned and resubmitted, one returned
 *   and left so, the latest still waiting. Some kinds lapse (overdue now). Two faults open hazards
 *   (source maintenance: one closed since, one being fixed); two are in conflict with a hazard
 *   reported first (reportHazard); all four where nothing else contradicts that kind today.
 * - a "normal" record that something else already contradicts (findConflict) is not filed, so the
 *   conflicts are the planned ones, not an accident of what the other seeders left open. Note that
 *   findConflict reads hazards as they are now, not as of the record's `now`: an open hazard
 *   reported after a back-dated record contradicts it too. The hazard seeder leaves such hazards in
 *   the first company's compounds, so many of its records go unfiled and those kinds show overdue.
 */
const HOUR = 3_600_000;
const DAY = 86_400_000;
const RECORD_DAYS = 215;
/** The register was drawn up this many days ago, before the first record. */
const REGISTER_AGE_DAYS = 240;

const CONTRACTORS = ['示范消防设施维保有限公司', '示范安泰消防技术服务有限公司'];

/** What the contractor checks for each kind, and what it writes when all is well. */
const CHECKS: Record<FacilityKind, [item: string, okNote: (rnd: () => number) => string | null][]> = {
  hydrant: [
    ['室外消火栓出水压力（≥0.14MPa）', (r) => `${(0.2 + r() * 0.15).toFixed(2)}MPa`],
    ['栓口、阀门无锈蚀渗漏', () => null],
    ['室内消火栓箱内水带、水枪齐全', () => null],
  ],
  extinguisher: [
    ['压力指针在绿区', () => null],
    ['铅封、喷管完好', () => null],
    ['在有效期内，到期前安排更换', () => null],
  ],
  emergency_light: [
    ['主电/备电切换正常', () => null],
    ['持续照明时间不少于30分钟', (r) => `${40 + Math.floor(r() * 50)}分钟`],
  ],
  exit_sign: [
    ['指示方向正确', () => null],
    ['灯具亮度正常，无破损', () => null],
  ],
  smoke_alarm: [
    ['按测试键报警正常', () => null],
    ['电池电量正常', () => null],
  ],
  alarm_system: [
    ['火灾报警控制器自检正常', () => null],
    ['抽测探测器报警功能', (r) => `抽测${10 + Math.floor(r() * 20)}只，全部正常`],
    ['联动控制功能正常', () => null],
  ],
  sprinkler: [
    ['末端试水装置压力正常', (r) => `${(0.08 + r() * 0.1).toFixed(2)}MPa`],
    ['湿式报警阀组工作正常', () => null],
    ['喷淋泵启动正常', () => null],
  ],
  control_room: [
    ['值班人员持证上岗，每班2人', () => null],
    ['值班记录完整', () => null],
    ['设备运行记录完整', () => null],
  ],
};

const FAULTS: Partial<Record<FacilityKind, { item: string; note: string }>> = {
  hydrant: { item: '室外消火栓出水压力（≥0.14MPa）', note: '0.06MPa，压力不足，需检修加压泵' },
  emergency_light: { item: '主电/备电切换正常', note: '2号楼3层、5层应急照明灯切换后不亮' },
};

/** The hazard reported before a planned conflict: what someone found that the record then calls normal. */
const CONTRADICTED: Partial<Record<FacilityKind, { category: string; description: string }>> = {
  extinguisher: { category: 'extinguisher', description: '楼道灭火器已过有效期未更换' },
  emergency_light: { category: 'emergency_light', description: '1号楼疏散指示标志损坏、应急照明灯不亮' },
};

const RETURN_REASONS = ['缺少维保单位出具的检测报告（PDF）', '检查项填写不完整，请补充压力读数', '照片不清晰，无法体现设施状态'];

/** A wall-clock time on a district calendar day. */
function onDay(date: string, hour: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(new TZDate(y!, m! - 1, d!, hour, 0, timeZone).getTime());
}

type FacilityRow = typeof facilities.$inferInsert;
type WithoutVersion<T> = T extends unknown ? Omit<T, 'version'> : never;

/** The register: returns the kinds each compound holds. */
async function seedRegister(provider: DatabaseProvider, db: Db, w: DemoWorld, now: Date, rnd: () => number) {
  const registeredAt = new Date(now.getTime() - REGISTER_AGE_DAYS * DAY);
  const registeredOn = localToday(registeredAt, w.timeZone);
  const today = localToday(now, w.timeZone);
  const kinds = new Map<string, Set<FacilityKind>>();
  let made = 0;
  let extinguishers = 0;
  let unmanaged = 0;
  const expiry = () => {
    const e = extinguishers++;
    if (e % 8 === 3) return addDaysIso(today, 3 + Math.floor(rnd() * 25)); // expiring within 30 days
    if (e % 11 === 5) return addDaysIso(today, -10 - Math.floor(rnd() * 80)); // expired
    return addDaysIso(today, 60 + Math.floor(rnd() * 640));
  };
  for (const [ci, compound] of w.compounds.entries()) {
    const managed = compound.companyId !== null;
    const registrar = managed ? w.companies.find((c) => c.id === compound.companyId)!.manager : w.stations.get(compound.streetId)!;
    const u = managed ? -1 : unmanaged++;
    // A few faults and gaps where nobody maintains anything.
    const status = (kind: FacilityKind, building: number): FacilityStatus =>
      (u === 0 && kind === 'emergency_light' && building === 2) ||
      (u === 2 && kind === 'smoke_alarm' && building === 3) ||
      (u === 3 && kind === 'hydrant' && building === 0)
        ? 'faulty'
        : u === 1 && kind === 'exit_sign' && building === 1
          ? 'missing'
          : 'working';
    const row = (
      orgUnitId: string,
      kind: FacilityKind,
      location: string,
      count: number,
      building = 0,
      expiresOn: string | null = null,
    ): FacilityRow => ({
      tenantId: w.tenantId,
      orgUnitId,
      kind,
      location,
      count,
      status: status(kind, building),
      expiresOn,
      lastMaintainedOn: managed ? registeredOn : null,
      createdAt: registeredAt,
      updatedAt: registeredAt,
    });
    const rows: FacilityRow[] = [];
    if (managed) {
      rows.push(row(compound.id, 'hydrant', '小区室外消火栓', 4 + Math.floor(rnd() * 3)));
      rows.push(row(compound.id, 'alarm_system', '火灾自动报警系统（各楼联网）', 1));
      if (ci % 4 === 0) rows.push(row(compound.id, 'control_room', '小区消防控制室', 1));
      if (rnd() < 0.5) rows.push(row(compound.id, 'sprinkler', '地下车库自动喷水灭火系统', 1));
      for (const [bi, b] of compound.buildings.entries()) {
        const floors = 18 + Math.floor(rnd() * 15);
        rows.push(row(b.id, 'hydrant', '室内消火栓（各层）', floors, bi + 1));
        rows.push(row(b.id, 'extinguisher', '各层楼梯间', floors * 2, bi + 1, expiry()));
        rows.push(row(b.id, 'emergency_light', '楼梯间及前室', floors * 2, bi + 1));
        rows.push(row(b.id, 'exit_sign', '疏散通道及楼梯间', floors + 6, bi + 1));
      }
    } else {
      rows.push(row(compound.id, 'hydrant', '小区室外消火栓', 1 + Math.floor(rnd() * 2)));
      for (const [bi, b] of compound.buildings.entries()) {
        const floors = 6 + Math.floor(rnd() * 2);
        rows.push(row(b.id, 'extinguisher', '楼梯转角', floors * 2, bi + 1, expiry()));
        rows.push(row(b.id, 'smoke_alarm', '楼道', floors * 2, bi + 1));
        rows.push(row(b.id, 'emergency_light', '楼梯间', floors, bi + 1));
        rows.push(row(b.id, 'exit_sign', '楼梯间', 4, bi + 1));
      }
    }
    await inTenant(provider, db, w.tenantId, async (tx) => {
      // The route's check: a compound the registrar may write to.
      const [unit] = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.id, compound.id), orgUnitInScope(registrar, 'facilities.write')));
      if (!unit) throw new Error(`demo seed: ${registrar.username} may not register facilities in ${compound.name}`);
      await tx.insert(facilities).values(rows);
    });
    kinds.set(compound.id, new Set(rows.map((r) => r.kind)));
    made += rows.length;
  }
  return { kinds, made };
}

type Plan = 'normal' | 'fault' | 'conflict';
interface Planned {
  compound: DemoCompound;
  manager: Principal;
  kind: FacilityKind;
  frequency: MaintenanceFrequency;
  performedOn: string;
  at: Date;
  plan: Plan;
  /** Where a fault's hazard ends up. */
  progress?: HazardProgress;
}

type Role = 'fault-old' | 'fault-new' | 'conflict';

/**
 * Which (compound, kind) makes the two faults (an old one, fixed since; a recent one, being fixed)
 * and the two planned conflicts: one of each company where it can, each in a compound and kind
 * nothing contradicts today (`clean`), so their story is the only one told there.
 */
function designate(managed: { compounds: DemoCompound[] }[], kinds: Map<string, Set<FacilityKind>>, clean: Set<string>): Map<string, Role> {
  const designated = new Map<string, Role>();
  const pairs = (i: number) =>
    (managed[i]?.compounds ?? []).flatMap((k) => [...(kinds.get(k.id) ?? [])].map((kind) => ({ compound: k, kind })));
  const choose = (role: Role, companies: number[], wanted: FacilityKind[]) => {
    for (const spread of [true, false]) {
      for (const i of companies) {
        for (const kind of wanted) {
          for (const p of pairs(i)) {
            const key = `${p.compound.id}|${p.kind}`;
            if (p.kind !== kind || !clean.has(key) || designated.has(key)) continue;
            if (spread && [...designated.keys()].some((k) => k.startsWith(`${p.compound.id}|`))) continue;
            designated.set(key, role);
            return;
          }
        }
      }
    }
  };
  choose('fault-old', [0, 1], ['hydrant', 'emergency_light']);
  choose('fault-new', [1, 0], ['emergency_light', 'hydrant']);
  choose('conflict', [1, 0], ['extinguisher', 'emergency_light']);
  choose('conflict', [0, 1], ['emergency_light', 'extinguisher']);
  return designated;
}

/** Every record the companies would have filed, in time order, with the faults and planned conflicts marked. */
function schedule(
  w: DemoWorld,
  kinds: Map<string, Set<FacilityKind>>,
  clean: Set<string>,
  frequencies: Map<FacilityKind, MaintenanceFrequency>,
  now: Date,
  rnd: () => number,
): Planned[] {
  const today = localToday(now, w.timeZone);
  const since = addDaysIso(today, -RECORD_DAYS);
  const managed = w.companies.map((c) => ({ company: c, compounds: w.compounds.filter((k) => k.companyId === c.id) }));
  const last = (i: number) => managed[i]?.compounds.at(-1);
  // The faults and the conflicts are kept regular whatever the dice say.
  const designated = designate(managed, kinds, clean);
  const out: Planned[] = [];
  let lapses = 0;
  for (const { company, compounds } of managed) {
    for (const compound of compounds) {
      for (const kind of kinds.get(compound.id) ?? []) {
        const frequency = frequencies.get(kind)!;
        const role = designated.get(`${compound.id}|${kind}`);
        // Most kinds are kept up; some lapsed two periods ago, a few were never recorded.
        const r = rnd();
        let behaviour = role ? 'regular' : r < 0.1 ? 'lapsed' : r < 0.14 ? 'never' : 'regular';
        if (!role && kind === 'exit_sign' && compound === last(managed.length - 1) && lapses === 0) behaviour = 'lapsed';
        if (behaviour !== 'regular') lapses++;
        if (behaviour === 'never') continue;
        const current = calendarPeriod(frequency, today);
        const cutoff = behaviour === 'lapsed' ? calendarPeriod(frequency, addDaysIso(current.startsOn, -1)).startsOn : null;
        const mine: Planned[] = [];
        for (let p = calendarPeriod(frequency, since); p.startsOn <= today; p = calendarPeriod(frequency, addDaysIso(p.endsOn, 1))) {
          if (cutoff && p.startsOn >= cutoff) break;
          const offset = frequency === 'monthly' ? 2 + Math.floor(rnd() * 22) : 8 + Math.floor(rnd() * 50);
          let performedOn = addDaysIso(p.startsOn, offset);
          if (performedOn > p.endsOn) performedOn = p.endsOn;
          // Filed on the day or up to two days later; nothing of today or the future, nothing before the window.
          if (performedOn >= today || performedOn < since) continue;
          const at = new Date(Math.min(now.getTime() - HOUR / 2, onDay(performedOn, 10, w.timeZone).getTime() + rnd() * 56 * HOUR));
          mine.push({ compound, manager: company.manager, kind, frequency, performedOn, at, plan: 'normal' });
        }
        if (role === 'fault-old' && mine.length) {
          // The record nearest three months ago found a fault, fixed since.
          const target = now.getTime() - 85 * DAY;
          const hit = mine.reduce((a, b) => (Math.abs(b.at.getTime() - target) < Math.abs(a.at.getTime() - target) ? b : a));
          hit.plan = 'fault';
          hit.progress = 'closed';
        } else if (role === 'fault-new' && mine.length) {
          mine.at(-1)!.plan = 'fault';
          mine.at(-1)!.progress = 'rectifying';
        } else if (role === 'conflict' && mine.length) {
          mine.at(-1)!.plan = 'conflict';
        }
        out.push(...mine);
      }
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function checksOf(kind: FacilityKind, plan: Plan, rnd: () => number): MaintenanceCheck[] {
  const fault = plan === 'fault' ? FAULTS[kind] : undefined;
  return CHECKS[kind].map(([item, okNote]) =>
    fault && fault.item === item
      ? { item, result: 'fault' as const, note: fault.note }
      : { item, result: 'ok' as const, note: okNote(rnd) },
  );
}

interface Filed {
  id: string;
  compound: DemoCompound;
  manager: Principal;
  at: Date;
}

export async function seedDemoFacilities(
  provider: DatabaseProvider,
  db: Db,
  store: ObjectStore,
  w: DemoWorld,
  now: Date,
  rnd: () => number,
): Promise<{ facilities: number; records: number; conflicts: number; faults: number; skipped: number }> {
  const { kinds, made } = await seedRegister(provider, db, w, now, rnd);
  const frequencies = await inTenant(
    provider,
    db,
    w.tenantId,
    async (tx) => new Map((await loadFrequencies(tx, w.tenantId)).map((f) => [f.kind, f.frequency])),
  );
  // What nothing contradicts today: where the faults and planned conflicts go.
  const clean = await inTenant(provider, db, w.tenantId, async (tx) => {
    const out = new Set<string>();
    for (const compound of w.compounds.filter((k) => k.companyId)) {
      for (const kind of kinds.get(compound.id) ?? [])
        if (!(await findConflict(tx, w.tenantId, compound.path, kind, now))) out.add(`${compound.id}|${kind}`);
    }
    return out;
  });
  const plans = schedule(w, kinds, clean, frequencies, now, rnd);

  const filed: Filed[] = [];
  let skipped = 0;
  for (const p of plans) {
    const id = await inTenant(provider, db, w.tenantId, async (tx) => {
      if (p.plan === 'conflict') {
        // Someone on the ground reports what the record will then call normal.
        const contradicted = CONTRADICTED[p.kind]!;
        const community = w.communities.find((c) => c.id === p.compound.communityId)!;
        const reporter = w.gridMember.assignments.some((a) => a.orgUnitId === community.id) ? w.gridMember : community.staff;
        const at = new Date(p.at.getTime() - (24 + rnd() * 48) * HOUR);
        const before = await photo(tx, store, w.tenantId, reporter.userId, at, [200, 80, 60], '现场照片.png');
        await reportHazard(tx, reporter, at, {
          categoryId: w.categories.get(contradicted.category)!,
          orgUnitId: p.compound.buildings[0]?.id ?? p.compound.id,
          placeId: null,
          description: contradicted.description,
          severity: 'general',
          source: 'grid',
          evidenceIds: [before],
        });
      } else if (p.plan === 'normal' && (await findConflict(tx, w.tenantId, p.compound.path, p.kind, p.at))) {
        return null;
      }
      const quarterly = p.frequency === 'quarterly';
      const evidenceIds = [
        quarterly
          ? await document(tx, store, w.tenantId, p.manager.userId, p.at, `${p.compound.name}${p.performedOn}维保报告.pdf`)
          : await photo(tx, store, w.tenantId, p.manager.userId, p.at, [90, 140, 200], '维保照片.png'),
      ];
      const input: z.output<typeof CreateMaintenanceRecord> = {
        orgUnitId: p.compound.id,
        facilityId: null,
        kind: p.kind,
        performedOn: p.performedOn,
        checks: checksOf(p.kind, p.plan, rnd),
        result: p.plan === 'fault' ? 'fault' : 'normal',
        contractor: CONTRACTORS[w.companies.findIndex((c) => c.id === p.compound.companyId) % CONTRACTORS.length]!,
        note: `${p.performedOn.slice(0, 7)} ${quarterly ? '季度' : '月度'}维保`,
        evidenceIds,
      };
      const recordId = await createRecord(tx, p.manager, p.at, input);
      if (p.plan === 'fault') {
        const [row] = await tx
          .select({ hazardId: maintenanceRecords.hazardId })
          .from(maintenanceRecords)
          .where(and(eq(maintenanceRecords.tenantId, w.tenantId), eq(maintenanceRecords.id, recordId)));
        await workHazard(
          tx,
          store,
          w.desk,
          row!.hazardId!,
          { progress: p.progress ?? 'routed', from: p.at, now, rnd },
          { router: w.stations.get(p.compound.streetId)!, lead: p.manager, verifier: w.committee },
          { lead: { kind: 'company', companyId: p.compound.companyId! }, assisting: [] },
        );
      }
      return recordId;
    });
    if (id) filed.push({ id, compound: p.compound, manager: p.manager, at: p.at });
    else skipped++;
  }

  await review(provider, db, store, w, filed, now, rnd);

  const counts = await inTenant(provider, db, w.tenantId, async (tx) => ({
    conflicts: (
      await tx
        .select({ id: maintenanceRecords.id })
        .from(maintenanceRecords)
        .where(and(eq(maintenanceRecords.tenantId, w.tenantId), isNotNull(maintenanceRecords.conflict)))
    ).length,
    faults: (
      await tx
        .select({ id: maintenanceRecords.id })
        .from(maintenanceRecords)
        .where(and(eq(maintenanceRecords.tenantId, w.tenantId), isNotNull(maintenanceRecords.hazardId)))
    ).length,
  }));
  return { facilities: made, records: filed.length, skipped, ...counts };
}

/**
 * The station's review, per company in time order: the latest record and the last few days' are
 * still waiting; one recent record was returned and not yet resubmitted; a few were returned and
 * resubmitted with the report (then accepted, when there was time); the rest accepted.
 */
async function review(provider: DatabaseProvider, db: Db, store: ObjectStore, w: DemoWorld, filed: Filed[], now: Date, rnd: () => number) {
  for (const company of w.companies) {
    const mine = filed.filter((f) => f.compound.companyId === company.id);
    const waiting = new Set(
      mine.filter(
        (f, i) =>
          i === mine.length - 1 || f.at.getTime() > now.getTime() - 3 * DAY || (f.at.getTime() > now.getTime() - 10 * DAY && rnd() < 0.35),
      ),
    );
    const left = mine.findLast(
      (f) => !waiting.has(f) && f.at.getTime() > now.getTime() - 40 * DAY && f.at.getTime() < now.getTime() - 4 * DAY,
    );
    for (const f of mine) {
      if (waiting.has(f)) continue;
      // The company's first record was returned once (the report was missing), like a few later ones.
      const plan = f === left ? 'returned' : f === mine[0] || rnd() < 0.08 ? 'reworked' : 'accepted';
      const reviewer = w.stations.get(f.compound.streetId)!;
      let t = f.at.getTime();
      const step = (hours: number) => {
        t = Math.min(now.getTime() - HOUR, t + hours * HOUR);
        return new Date(t);
      };
      await inTenant(provider, db, w.tenantId, async (tx) => {
        const act = async (who: Principal, at: Date, input: WithoutVersion<MaintenanceTransitionRequest>) => {
          const row = await visibleRecord(tx, who, f.id);
          await applyRecordTransition(tx, row, { ...input, version: row.version } as MaintenanceTransitionRequest, {
            tenantId: w.tenantId,
            actor: maintenanceActorContext(who, row),
            now: at,
          });
        };
        if (plan === 'accepted') {
          await act(reviewer, step(6 + rnd() * 72), { action: 'accept', note: '维保记录完整，审核通过' });
          return;
        }
        await act(reviewer, step(6 + rnd() * 48), { action: 'return', reason: RETURN_REASONS[Math.floor(rnd() * RETURN_REASONS.length)]! });
        if (plan === 'returned') return;
        const at = step(12 + rnd() * 36);
        const report = await document(tx, store, w.tenantId, f.manager.userId, at, `${f.compound.name}维保报告（补充）.pdf`);
        await act(f.manager, at, { action: 'resubmit', note: '已补充维保单位检测报告', evidenceIds: [report] });
        if (t + 30 * HOUR > now.getTime()) return; // still waiting for the second look
        await act(reviewer, step(6 + rnd() * 24), { action: 'accept', note: '补充材料齐全，审核通过' });
      });
    }
  }
}
