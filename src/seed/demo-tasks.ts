import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  campaignPhases,
  companies,
  departments,
  duties,
  orgUnits,
  roleAssignments,
  taskAssignments,
  tasks,
  tenants,
  users,
} from '../db/schema/index.ts';
import { createCampaign } from '../features/campaigns/service.ts';
import { localToday } from '../features/campaigns/store.ts';
import { phasesFrom, templateByCode } from '../features/campaigns/templates.ts';
import { generateDuties } from '../features/duties/generate.ts';
import type { Frequency } from '../features/duties/recurrence.ts';
import { loadPolicy } from '../features/hazard-config/policy-store.ts';
import { taskActorContext } from '../features/tasks/actor.ts';
import { runTaskEscalationSweep } from '../features/tasks/escalation.ts';
import type { TaskTransitionRequest } from '../features/tasks/schemas.ts';
import type { AssigneeSelector } from '../features/tasks/selector.ts';
import { applyTaskTransition, endOfLocalDay, fanOut } from '../features/tasks/service.ts';
import { selectTasks, type TaskRow } from '../features/tasks/store.ts';
import type { DoneDefinition } from '../features/tasks/vocabulary.ts';
import { hashPassword } from '../platform/auth/password.ts';
import type { Role } from '../platform/authz/roles.ts';
import type { Principal } from '../platform/authz/scope.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../platform/db/types.ts';
import type { ObjectStore } from '../platform/storage/object-store.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { accountOf, document, photo, principalOf, random } from './support.ts';

/**
 * The demo districts' task tracking: one running campaign from the Erqi template (in its
 * concentrated-rectification phase), its suggested tasks fanned out to every street, community,
 * department and company, and worked through by the people of each unit: done on time or late,
 * returned and redone, waiting for review, in progress, untouched and overdue (and escalated),
 * cancelled. Made through the same service functions as the API, so every timeline verifies.
 * Every unit gets a colleague account (password as every demo account) so each task is worked on
 * by someone of its own unit, as the separation of duties requires.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The campaign started this many days ago: 8 days of deployment are over, rectification is on. */
const CAMPAIGN_AGE_DAYS = 24;

type WithoutVersion<T> = T extends unknown ? Omit<T, 'version'> : never;

const SELECTORS: Record<string, AssigneeSelector> = {
  streets: { kind: 'streets' },
  communities: { kind: 'communities', streetId: null },
  departments: { kind: 'departments', ids: null },
  companies: { kind: 'companies', ids: null },
};

/** One account per unit that has none yet: `<role>_<n>`, scoped to that unit. */
async function colleagues(tx: Db, tenantId: string, passwordHash: string): Promise<void> {
  const taken = new Set(
    (
      await tx
        .select({
          orgUnitId: roleAssignments.orgUnitId,
          departmentId: roleAssignments.departmentId,
          companyId: roleAssignments.companyId,
          role: roleAssignments.role,
        })
        .from(roleAssignments)
        .where(eq(roleAssignments.tenantId, tenantId))
    ).map((r) => `${r.role}:${r.orgUnitId ?? r.departmentId ?? r.companyId}`),
  );
  const units = await tx
    .select({ id: orgUnits.id, kind: orgUnits.kind, name: orgUnits.name, code: orgUnits.code })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), inArray(orgUnits.kind, ['street', 'town', 'community', 'village'])));
  const depts = await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.tenantId, tenantId));
  const firms = await tx.select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.tenantId, tenantId));
  const wanted: { role: Role; scope: { orgUnitId?: string; departmentId?: string; companyId?: string }; name: string; key: string }[] = [
    ...units.map((u) => {
      const role: Role = u.kind === 'street' || u.kind === 'town' ? 'station_staff' : 'community_staff';
      return { role, scope: { orgUnitId: u.id }, name: u.name, key: `${role}:${u.id}` };
    }),
    ...depts.map((d) => ({
      role: 'department_staff' as Role,
      scope: { departmentId: d.id },
      name: d.name,
      key: `department_staff:${d.id}`,
    })),
    ...firms.map((f) => ({ role: 'property_manager' as Role, scope: { companyId: f.id }, name: f.name, key: `property_manager:${f.id}` })),
  ];
  let n = 0;
  for (const w of wanted.filter((x) => !taken.has(x.key))) {
    n++;
    const [user] = await tx
      .insert(users)
      .values({ tenantId, username: `${w.role}_${n + 1}`, displayName: `${w.name}（示范）`, passwordHash })
      .returning({ id: users.id });
    await tx.insert(roleAssignments).values({ tenantId, userId: user!.id, role: w.role, ...w.scope });
  }
}

/** Whoever answers for a task's unit: the demo account scoped to exactly that unit. */
function workerOf(tx: Db, tenantId: string, row: TaskRow): Promise<Principal | null> {
  return accountOf(tx, tenantId, row, ['station_staff', 'community_staff', 'department_staff', 'property_manager']);
}

type Plan = 'done' | 'late' | 'reworked' | 'submitted' | 'returned' | 'in_progress' | 'assigned' | 'cancelled';
/** How far the units got, per phase: deployment is over, rectification is under way. */
const PLANS: Record<number, [Plan, number][]> = {
  1: [
    ['done', 0.55],
    ['late', 0.15],
    ['reworked', 0.12],
    ['submitted', 0.06],
    ['assigned', 0.12],
  ],
  2: [
    ['done', 0.2],
    ['reworked', 0.08],
    ['submitted', 0.14],
    ['returned', 0.08],
    ['in_progress', 0.3],
    ['assigned', 0.16],
    ['cancelled', 0.04],
  ],
};

export async function seedDemoTasks(provider: DatabaseProvider, db: Db, store: ObjectStore, now: Date): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const districts = await inTenant(provider, db, null, (tx) =>
    tx.select({ id: tenants.id, slug: tenants.slug, timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.kind, 'district')),
  );
  const template = templateByCode('erqi-community')!;
  let made = 0;
  for (const [d, district] of districts.entries()) {
    const rnd = random(4040 + d);
    const started = new Date(now.getTime() - CAMPAIGN_AGE_DAYS * DAY);
    const startsOn = localToday(started, district.timeZone);
    const phases = phasesFrom(template, startsOn);

    const { committee, campaignId, phaseIds, policy } = await inTenant(provider, db, district.id, async (tx) => {
      await colleagues(tx, district.id, passwordHash);
      const committee = await principalOf(tx, district.id, 'committee_staff');
      const campaignId = await createCampaign(tx, committee, started, {
        templateCode: 'erqi-community',
        startsOn,
        leads: [],
        responsible: [],
      });
      const phaseRows = await tx
        .select({ id: campaignPhases.id, ordinal: campaignPhases.ordinal })
        .from(campaignPhases)
        .where(and(eq(campaignPhases.tenantId, district.id), eq(campaignPhases.campaignId, campaignId)));
      return {
        committee,
        campaignId,
        phaseIds: new Map(phaseRows.map((p) => [p.ordinal, p.id])),
        policy: await loadPolicy(tx, district.id),
      };
    });

    for (const [i, suggested] of template.tasks.entries()) {
      const phase = phases[suggested.phaseOrdinal - 1]!;
      // Assigned a little after the phase began (or at the start, for the first phase).
      const assignedAt = new Date(
        Math.min(now.getTime() - HOUR, endOfLocalDay(phase.startsOn, district.timeZone).getTime() - 14 * HOUR + i * 600_000),
      );
      const result = await inTenant(provider, db, district.id, (tx) =>
        fanOut(tx, district.id, committee, assignedAt, {
          campaignId,
          phaseId: phaseIds.get(suggested.phaseOrdinal) ?? null,
          title: suggested.title,
          description: suggested.description,
          dueAt: endOfLocalDay(phase.endsOn, district.timeZone),
          done: suggested.done,
          weight: suggested.weight,
          assignees: SELECTORS[suggested.assignees]!,
        }),
      );
      if (!result) continue;
      made += result.tasks.length;
      const plans = PLANS[suggested.phaseOrdinal];
      if (!plans) continue; // the look-back phase has not begun: its tasks wait
      for (const { id } of result.tasks) {
        let plan: Plan = 'assigned';
        for (let roll = rnd(), k = 0; k < plans.length; k++) {
          roll -= plans[k]![1];
          if (roll <= 0) {
            plan = plans[k]![0];
            break;
          }
        }
        if (plan === 'assigned') continue;
        await inTenant(provider, db, district.id, async (tx) => {
          const load = async () => (await selectTasks(tx, and(eq(tasks.tenantId, district.id), eq(tasks.id, id))))[0]!;
          const first = await load();
          const worker = await workerOf(tx, district.id, first);
          if (!worker) return;
          const due = first.dueAt.getTime();
          // Time moves forward through the task's life, never past now.
          let t = assignedAt.getTime();
          const step = (hours: number) => (t = Math.min(now.getTime() - 60_000, t + hours * HOUR));
          const act = async (who: Principal, input: WithoutVersion<TaskTransitionRequest>) => {
            const row = await load();
            await applyTaskTransition(tx, row, { ...input, version: row.version } as TaskTransitionRequest, {
              tenantId: district.id,
              actor: taskActorContext(who, row),
              now: new Date(t),
              policy,
            });
          };
          const files = async () => {
            const ids: string[] = [];
            if (first.done.evidence.includes('photo'))
              ids.push(await photo(tx, store, district.id, worker.userId, new Date(t), [90, 140, 200], '现场照片.png'));
            if (first.done.evidence.includes('document'))
              ids.push(await document(tx, store, district.id, worker.userId, new Date(t), `${first.title}.pdf`));
            return ids;
          };
          const target = first.done.target?.count ?? 0;
          const ticked = (share: number) => first.done.checklist.map((_, k) => k < Math.round(first.done.checklist.length * share));
          if (plan === 'cancelled') {
            step(48);
            await act(committee, { action: 'cancel', reason: '该单位辖区无此类场所，任务撤销' });
            return;
          }
          step(24 + rnd() * 72);
          await act(worker, {
            action: 'progress',
            checked: ticked(0.5),
            ...(target ? { count: Math.floor(target / 2) } : {}),
            note: '已部署，正在推进',
          });
          if (plan === 'in_progress') return;
          // Late submissions land after the deadline; the others comfortably before it.
          t =
            plan === 'late'
              ? Math.min(now.getTime() - 2 * HOUR, due + 30 * HOUR)
              : Math.min(now.getTime() - 2 * HOUR, Math.max(t + 24 * HOUR, due - (24 + rnd() * 72) * HOUR));
          await act(worker, {
            action: 'submit',
            checked: ticked(1),
            ...(target ? { count: target } : {}),
            evidenceIds: await files(),
            note: '已完成，材料见附件',
          });
          if (plan === 'submitted') return;
          if (plan === 'reworked' || plan === 'returned') {
            step(6);
            await act(committee, { action: 'return', reason: '佐证材料不完整，请补充签字页和现场照片' });
            if (plan === 'returned') return;
            step(20);
            await act(worker, { action: 'submit', evidenceIds: await files(), note: '已补充材料' });
          }
          step(4 + rnd() * 20);
          await act(committee, { action: 'accept', note: '验收通过' });
        });
      }
    }
  }
  made += await seedDutyHistory(provider, db, store, now);
  // Overdue tasks rise up the escalation chain, as the scheduled sweep would have done.
  await runTaskEscalationSweep(provider, now);
  return made;
}

/** The recurring duties the seeds name, defined once per district. */
const DUTIES: { name: string; description: string; frequency: Frequency; assignees: AssigneeSelector; done: DoneDefinition }[] = [
  {
    name: '消防控制室24小时值班',
    description: '物业企业落实消防控制室24小时值班制度，做好交接班记录和设备运行巡检。',
    frequency: 'daily',
    assignees: { kind: 'companies', ids: null },
    done: { checklist: ['交接班记录完整', '火灾报警控制器运行正常'], target: null, evidence: [] },
  },
  {
    name: '每周消防学习',
    description: '组织社区工作者、网格员、志愿者学习消防安全知识和隐患排查要点。',
    frequency: 'weekly',
    assignees: { kind: 'communities', streetId: null },
    done: { checklist: ['组织学习'], target: null, evidence: ['photo'] },
  },
  {
    name: '周汇总',
    description: '汇总本周专项整治工作进展情况，报区消安委办公室。',
    frequency: 'weekly',
    assignees: { kind: 'streets' },
    done: { checklist: [], target: null, evidence: ['document'] },
  },
  {
    name: '月调度会',
    description: '召开本辖区消防工作月度调度会，听取工作情况，协调解决突出问题。',
    frequency: 'monthly',
    assignees: { kind: 'streets' },
    done: { checklist: ['召开调度会', '形成会议纪要'], target: null, evidence: ['document'] },
  },
  {
    name: '每季研判',
    description: '分析本季度隐患类型、区域分布和高发时段，研判消防安全形势。',
    frequency: 'quarterly',
    assignees: { kind: 'streets' },
    done: { checklist: [], target: null, evidence: ['document'] },
  },
];
/** How far back the duties go: a couple of months of history. */
const DUTY_HISTORY_DAYS = 70;

/**
 * The duties, generated day by day over the last weeks as the scheduled jobs would have (so each
 * instance was assigned at the start of its period), and worked through: mostly on time, some
 * late, a few never done (overdue now).
 */
async function seedDutyHistory(provider: DatabaseProvider, db: Db, store: ObjectStore, now: Date): Promise<number> {
  const since = new Date(now.getTime() - DUTY_HISTORY_DAYS * DAY);
  const districts = await inTenant(provider, db, null, (tx) =>
    tx.select({ id: tenants.id, timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.kind, 'district')),
  );
  for (const district of districts) {
    await inTenant(provider, db, district.id, async (tx) => {
      const committee = await principalOf(tx, district.id, 'committee_staff');
      await tx.insert(duties).values(
        DUTIES.map((d) => ({
          ...d,
          tenantId: district.id,
          weight: 1,
          startsOn: localToday(since, district.timeZone),
          createdBy: committee.userId,
          createdAt: since,
          updatedAt: since,
        })),
      );
    });
  }
  // The scheduler's runs, one a day at 00:10 local-ish: each catches the periods begun since.
  for (let t = since.getTime() + 10 * 60_000; t <= now.getTime(); t += DAY) await generateDuties(provider, new Date(t));
  await generateDuties(provider, now);

  let made = 0;
  for (const [d, district] of districts.entries()) {
    const rnd = random(7070 + d);
    const { rows, committee, policy } = await inTenant(provider, db, district.id, async (tx) => ({
      rows: await selectTasks(tx, and(eq(tasks.tenantId, district.id), isNotNull(taskAssignments.dutyId))).orderBy(
        asc(tasks.dueAt),
        asc(tasks.id),
      ),
      committee: await principalOf(tx, district.id, 'committee_staff'),
      policy: await loadPolicy(tx, district.id),
    }));
    made += rows.length;
    for (const first of rows) {
      const past = first.dueAt.getTime() < now.getTime();
      const roll = rnd();
      // Past periods: 80% on time, 10% late, 10% never done; the current one: under way.
      const plan = past ? (roll < 0.8 ? 'on_time' : roll < 0.9 ? 'late' : 'missed') : roll < 0.4 ? 'on_time' : 'open';
      if (plan === 'missed' || plan === 'open') continue;
      await inTenant(provider, db, district.id, async (tx) => {
        const worker = await workerOf(tx, district.id, first);
        if (!worker) return;
        const given = first.createdAt.getTime();
        const span = Math.max(HOUR, first.dueAt.getTime() - given);
        const submitAt = plan === 'late' ? first.dueAt.getTime() + (2 + rnd() * 30) * HOUR : given + span * (0.3 + rnd() * 0.6);
        let t = Math.min(now.getTime() - 2 * HOUR, submitAt);
        if (t <= given) return;
        const act = async (who: Principal, input: WithoutVersion<TaskTransitionRequest>) => {
          const row = (await selectTasks(tx, and(eq(tasks.tenantId, district.id), eq(tasks.id, first.id))))[0]!;
          await applyTaskTransition(tx, row, { ...input, version: row.version } as TaskTransitionRequest, {
            tenantId: district.id,
            actor: taskActorContext(who, row),
            now: new Date(t),
            policy,
          });
        };
        const evidenceIds: string[] = [];
        if (first.done.evidence.includes('photo'))
          evidenceIds.push(await photo(tx, store, district.id, worker.userId, new Date(t), [120, 170, 90], '学习照片.png'));
        if (first.done.evidence.includes('document'))
          evidenceIds.push(await document(tx, store, district.id, worker.userId, new Date(t), `${first.title}.pdf`));
        await act(worker, { action: 'submit', checked: first.done.checklist.map(() => true), evidenceIds, note: '已完成' });
        t = Math.min(now.getTime() - HOUR, t + (2 + rnd() * 20) * HOUR);
        if (past || rnd() < 0.5) await act(committee, { action: 'accept' });
      });
    }
  }
  return made;
}
