import { TZDate } from '@date-fns/tz';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { format } from 'date-fns';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import * as z from 'zod';
import { companies, departments, hazards, orgUnits, taskAssignments, tasks, timelineEvents } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { type Sheet, toXlsx, XLSX_CONTENT_TYPE } from '../../platform/export/xlsx.ts';
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, IdParam } from '../../platform/http/route.ts';
import { type Period, periodAt, periodOfKey } from '../duties/recurrence.ts';
import { selectTasks } from '../tasks/store.ts';
import { OPEN_TASK_STATES } from '../tasks/vocabulary.ts';
import {
  addCounts,
  byUnitOrder,
  campaignHazards,
  campaignPeriod,
  campaignTasks,
  completionRate,
  countColumns,
  countWhere,
  onTimeRate,
  pickCounts,
  ratio,
  unitColumns,
  unitGroupBy,
  ZERO,
} from './dashboard.ts';
import { BulletinQuery, CampaignBulletin } from './dashboard-schemas.ts';
import { type CampaignRow, localToday, phasesOf, visibleCampaign } from './store.ts';

/**
 * 工作简报: the weekly bulletin of a campaign (the Erqi plan's 周汇总 / 定期编发《工作简报》), for
 * one ISO week of the district's calendar, as JSON or as an XLSX workbook. Counts only what the
 * caller may see, like the dashboard.
 *
 * What "as of the end of the week" means, honestly. A task row holds its state *now*: a task
 * returned after the week, or cancelled, or whose deadline a return moved on, says nothing
 * true about that Sunday night. So the cumulative counts are replayed from the append-only,
 * hash-chained timeline, which records every step with its time and resulting state:
 *  - a task counts if its assignment was created by `asOf` (its `assign` event is at creation);
 *  - its state at `asOf` is the `to_state` of its last event at or before `asOf`;
 *  - its deadline at `asOf` is the `dueAt` of its last `assign` or `return` event by then
 *    (a return moves the deadline on by the time the task waited for review);
 *  - "on time" compares submitted_at with the deadline: both are final once a task is done, and
 *    done is terminal, so the current columns are exact for every task done by `asOf`.
 * The week's own counts use timestamps that never change once set (assignment created_at,
 * completed_at: accepting is final), and the timeline for submissions and returns (a return
 * clears submitted_at, a resubmission overwrites it). Hazards fixed that week are the verify
 * events of that week (closed as fixed), even if a look-back reopened the hazard later.
 */

/** `asOf`: the last millisecond of the week, or now if the week has not ended. */
export function bulletinCutoff(period: Period, now: Date): Date {
  return new Date(Math.min(period.dueAt.getTime(), now.getTime()));
}

const within = (column: AnyPgColumn | SQL, from: Date, to: Date) =>
  sql`(${column} >= ${from.toISOString()} and ${column} < ${to.toISOString()})`;

export async function campaignBulletin(tx: Db, principal: Principal, campaign: CampaignRow, period: Period, now: Date, timeZone: string) {
  const tenantId = principal.tenantId;
  const asOf = bulletinCutoff(period, now);
  const { startsAt: from, endsAt: to } = period;
  // The campaign's tasks the caller may see that existed at asOf (every week count is about them too).
  const where = and(campaignTasks(principal, campaign.id), sql`${taskAssignments.createdAt} <= ${asOf.toISOString()}`)!;

  // One pass over those tasks' timelines (see above): the state and deadline at asOf, and whether
  // each was submitted or returned during the week.
  const e = timelineEvents;
  const byAsOf = sql`${e.at} <= ${asOf.toISOString()}`;
  const history = tx
    .select({
      taskId: e.subjectId,
      state: sql<string | null>`(array_agg(${e.toState} order by ${e.seq} desc) filter (where ${byAsOf}))[1]`.as('state_then'),
      dueAt: sql<
        string | null
      >`((array_agg(${e.data} ->> 'dueAt' order by ${e.seq} desc) filter (where ${byAsOf} and ${e.data} ->> 'dueAt' is not null))[1])::timestamptz`.as(
        'due_at_then',
      ),
      submittedInWeek: sql<boolean>`bool_or(${e.action} = 'submit' and ${within(e.at, from, to)})`.as('submitted_in_week'),
      returnedInWeek: sql<boolean>`bool_or(${e.action} = 'return' and ${within(e.at, from, to)})`.as('returned_in_week'),
    })
    .from(e)
    .where(
      and(
        eq(e.tenantId, tenantId),
        eq(e.subjectType, 'task'),
        // = any(array(…)): the task ids are collected once and looked up in one index pass; an
        // IN (subquery) lets a planner without statistics probe the timeline once per task.
        sql`${e.subjectId} = any(array(${tx.select({ id: tasks.id }).from(tasks).innerJoin(taskAssignments, eq(taskAssignments.id, tasks.assignmentId)).where(where)}))`,
      ),
    )
    .groupBy(e.subjectId)
    .as('history');

  const open = sql`${history.state} in ${[...OPEN_TASK_STATES]}`;
  const unitRows = await tx
    .select({
      ...unitColumns(tasks),
      ...countColumns({ state: history.state, dueAt: history.dueAt, submittedAt: tasks.submittedAt }, asOf),
      oldestDueAt: sql<Date | null>`min(${history.dueAt}) filter (where ${open} and ${history.dueAt} < ${asOf.toISOString()})`.mapWith(
        tasks.dueAt,
      ),
      weekAssigned: countWhere(within(taskAssignments.createdAt, from, to)),
      // Accepting is final (done is terminal), so completed_at is the week's record.
      weekCompleted: countWhere(sql`${tasks.state} = 'done' and ${within(tasks.completedAt, from, to)}`),
      weekSubmitted: countWhere(sql`${history.submittedInWeek}`),
      weekReturned: countWhere(sql`${history.returnedInWeek}`),
    })
    .from(tasks)
    .innerJoin(taskAssignments, eq(taskAssignments.id, tasks.assignmentId))
    .innerJoin(history, eq(history.taskId, tasks.id))
    .leftJoin(orgUnits, eq(orgUnits.id, tasks.orgUnitId))
    .leftJoin(departments, eq(departments.id, tasks.departmentId))
    .leftJoin(companies, eq(companies.id, tasks.companyId))
    .where(where)
    .groupBy(...unitGroupBy(tasks));
  const units = unitRows.map((r) => ({
    kind: r.kind,
    id: r.id,
    name: r.name,
    sortKey: r.sortKey,
    counts: pickCounts(r),
    oldestDueAt: r.oldestDueAt,
  }));
  const cumulative = units.reduce((sum, u) => addCounts(sum, u.counts), ZERO);
  const sum = (key: 'weekAssigned' | 'weekCompleted' | 'weekSubmitted' | 'weekReturned') => unitRows.reduce((n, r) => n + r[key], 0);
  const week = {
    assigned: sum('weekAssigned'),
    completed: sum('weekCompleted'),
    submitted: sum('weekSubmitted'),
    returned: sum('weekReturned'),
  };

  // Up to 10 tasks accepted this week, the weightiest first.
  const highlights = await selectTasks(tx, and(where, eq(tasks.state, 'done'), within(tasks.completedAt, from, to)))
    .orderBy(desc(taskAssignments.weight), asc(tasks.completedAt), asc(tasks.id))
    .limit(10);

  // Hazards of the campaign's area and period: reported this week, closed as fixed this week.
  const phases = await phasesOf(tx, tenantId, [campaign.id]);
  const span = campaignPeriod(phases, timeZone);
  const [hz] = span
    ? await tx
        .select({
          found: countWhere(within(hazards.reportedAt, from, to)),
          fixed: countWhere(sql`exists (select 1 from ${timelineEvents} where ${timelineEvents.subjectId} = ${hazards.id}
            and ${timelineEvents.subjectType} = 'hazard' and ${timelineEvents.tenantId} = ${tenantId}
            and ${timelineEvents.toState} = 'closed' and ${timelineEvents.data} ->> 'outcome' = 'fixed' and ${within(timelineEvents.at, from, to)})`),
        })
        .from(hazards)
        .where(campaignHazards(principal, campaign, span.from, span.to))
    : [];

  return {
    campaign: { id: campaign.id, name: campaign.name },
    week: { key: period.key, startsOn: localToday(period.startsAt, timeZone), endsOn: localToday(period.dueAt, timeZone) },
    generatedAt: now.toISOString(),
    asOf: asOf.toISOString(),
    counts: { ...week, overdueNow: cumulative.overdue },
    cumulative,
    completionRate: completionRate(cumulative),
    onTimeRate: onTimeRate(cumulative),
    hazards: hz ?? { found: 0, fixed: 0 },
    topOverdue: units
      .filter((u) => u.counts.overdue > 0)
      .sort((a, b) => b.counts.overdue - a.counts.overdue || a.oldestDueAt!.getTime() - b.oldestDueAt!.getTime() || byUnitOrder(a, b))
      .slice(0, 5)
      .map((u) => ({ kind: u.kind, id: u.id, name: u.name, overdue: u.counts.overdue, oldestDueAt: u.oldestDueAt!.toISOString() })),
    highlights: highlights.map((t) => ({
      taskId: t.id,
      title: t.title,
      unitName: t.orgUnitName ?? t.departmentName ?? t.companyName ?? '',
      completedAt: t.completedAt!.toISOString(),
    })),
    byUnit: units.sort(byUnitOrder).map((u) => ({
      kind: u.kind,
      id: u.id,
      name: u.name,
      done: u.counts.done,
      total: u.counts.total,
      cancelled: u.counts.cancelled,
      overdue: u.counts.overdue,
    })),
  };
}

export type Bulletin = Awaited<ReturnType<typeof campaignBulletin>>;

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);

/** The bulletin as a workbook: 概况 / 逾期单位 / 本周完成 / 各单位进度. Times in the district's zone. */
export function bulletinXlsx(b: Bulletin, timeZone: string): Uint8Array {
  const local = (iso: string) => format(new TZDate(new Date(iso).getTime(), timeZone), 'yyyy-MM-dd HH:mm');
  const c = b.cumulative;
  const summary: Sheet = {
    name: '概况',
    header: ['项目', '数值'],
    rows: [
      ['专项行动', b.campaign.name],
      ['周次', b.week.key],
      ['起止日期', `${b.week.startsOn} 至 ${b.week.endsOn}`],
      ['统计截至', local(b.asOf)],
      ['生成时间', local(b.generatedAt)],
      ['本周下发任务', b.counts.assigned],
      ['本周验收完成', b.counts.completed],
      ['本周提交验收', b.counts.submitted],
      ['本周退回', b.counts.returned],
      ['当前逾期', b.counts.overdueNow],
      ['累计任务', c.total],
      ['累计完成', c.done],
      ['其中按时完成', c.onTime],
      ['办理中', c.open],
      ['逾期', c.overdue],
      ['待验收', c.submitted],
      ['已退回', c.returned],
      ['已撤销', c.cancelled],
      ['完成率', percent(b.completionRate)],
      ['按时率', percent(b.onTimeRate)],
      ['本周发现隐患', b.hazards.found],
      ['本周整改销号隐患', b.hazards.fixed],
    ],
  };
  return toXlsx([
    summary,
    {
      name: '逾期单位',
      header: ['单位', '逾期任务数', '最早期限'],
      rows: b.topOverdue.map((u) => [u.name, u.overdue, local(u.oldestDueAt)]),
    },
    {
      name: '本周完成',
      header: ['任务', '承办单位', '完成时间'],
      rows: b.highlights.map((h) => [h.title, h.unitName, local(h.completedAt)]),
    },
    {
      name: '各单位进度',
      header: ['单位', '已完成', '任务数', '逾期', '完成率'],
      rows: b.byUnit.map((u) => [u.name, u.done, u.total, u.overdue, percent(ratio(u.done, u.total - u.cancelled))]),
    },
  ]);
}

/** 工作简报-<campaign>-2026-W48.xlsx, without characters file systems refuse. */
export function bulletinFileName(campaignName: string, weekKey: string): string {
  const name = campaignName
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
    .trim()
    .slice(0, 80);
  return `工作简报-${name}-${weekKey}.xlsx`;
}

const bulletin = defineRoute({
  method: 'get',
  path: '/campaigns/{id}/bulletin',
  operationId: 'getCampaignBulletin',
  tags: ['campaigns'],
  summary: '工作简报 / The weekly bulletin of a campaign (JSON, or XLSX with format=xlsx)',
  description:
    '某一 ISO 周（本区日历，默认本周）的工作简报：本周下发、完成、提交、退回、逾期，截至周末的累计情况（按时间线还原），本周发现和整改的隐患，逾期最多的单位，本周完成的任务，各单位进度。' +
    ' / One ISO week of the district’s calendar (default: this week): the week’s counts, cumulative counts as of the end of the week (replayed from the timeline), hazards found and fixed, the units most overdue, highlights, each unit’s progress.',
  permission: 'tasks.read',
  request: { params: IdParam, query: BulletinQuery },
  responses: {
    200: {
      description:
        '工作简报；format=xlsx 时为 Excel 附件（Content-Disposition: attachment） / the bulletin; with format=xlsx an XLSX attachment',
      headers: {
        'Content-Disposition': {
          description: "format=xlsx: attachment; filename*=UTF-8''工作简报-<专项行动>-<周次>.xlsx (RFC 6266 / 5987)",
          schema: { type: 'string' },
        },
      },
      content: {
        'application/json': { schema: CampaignBulletin },
        [XLSX_CONTENT_TYPE]: {
          schema: z.string().meta({ format: 'binary', description: 'XLSX workbook: 概况 / 逾期单位 / 本周完成 / 各单位进度' }),
        },
      },
    },
  },
});

export function registerCampaignBulletinRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(bulletin, async (c) => {
    const tx = c.get('tx');
    const principal = c.get('principal');
    const now = c.get('deps').clock();
    const query = c.req.valid('query');
    const campaign = await visibleCampaign(tx, principal, c.req.valid('param').id);
    const timeZone = await tenantTimeZone(tx, principal.tenantId);
    // IsoWeekKey lets through only the weeks of 2000–2099 that exist, each of which has a period in
    // every time zone (test/unit/duty-recurrence.test.ts walks them all), so this cannot throw.
    const period = query.week ? periodOfKey('weekly', query.week, timeZone) : periodAt('weekly', now, timeZone);
    const body = await campaignBulletin(tx, principal, campaign, period, now, timeZone);
    if (query.format === 'json') return c.json(body, 200);
    // fflate's zipSync returns a fresh Uint8Array over an ArrayBuffer (never a shared one).
    return c.body(bulletinXlsx(body, timeZone) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': XLSX_CONTENT_TYPE,
      'Content-Disposition': attachmentDisposition(bulletinFileName(campaign.name, period.key), `bulletin-${period.key}.xlsx`),
      'Cache-Control': 'private, no-store',
    });
  });
}
