import * as z from 'zod';
import { IsoWeekKey } from '../../platform/http/calendar.ts';
import { ASSIGNEE_KINDS } from '../tasks/vocabulary.ts';

/** The answers of the campaign dashboard (进度看板) and the weekly bulletin (工作简报). */

const count = z.number().int().min(0);
const rate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe('0–1，保留4位小数；分母为0时为 null / a fraction rounded to 4 decimals; null when the denominator is 0');

export const TaskCounts = z
  .object({
    total: count.describe('任务总数（含已撤销） / all tasks, cancelled included'),
    done: count.describe('已完成（验收通过） / accepted'),
    onTime: count.describe('按时完成：已完成且提交时间不晚于期限 / done, submitted by the deadline'),
    open: count.describe('办理中：待办理、办理中、已退回 / the assignee still owes work'),
    overdue: count.describe('逾期：办理中且已过期限 / open and past the deadline'),
    submitted: count.describe('待验收 / waiting for review'),
    returned: count.describe('已退回（当前状态） / currently returned'),
    cancelled: count.describe('已撤销 / cancelled'),
  })
  .meta({ id: 'TaskCounts' });

const unitKey = { kind: z.enum(ASSIGNEE_KINDS), id: z.uuid(), name: z.string() };

export const CampaignDashboard = z
  .object({
    campaignId: z.uuid(),
    asOf: z.iso.datetime(),
    today: z.iso.date().describe('本区当地日期 / the district’s calendar day'),
    currentPhaseId: z.uuid().nullable(),
    totals: TaskCounts,
    completionRate: rate.describe('全部任务的完成率 / of all tasks'),
    onTimeRate: rate.describe('全部任务的按时率 / of all tasks'),
    phases: z.array(
      z.object({ id: z.uuid(), name: z.string(), startsOn: z.iso.date(), endsOn: z.iso.date(), current: z.boolean(), counts: TaskCounts }),
    ),
    units: z
      .array(
        z.object({
          ...unitKey,
          counts: TaskCounts,
          completionRate: rate.describe('完成率 = 已完成 / (总数 − 已撤销) / done ÷ (total − cancelled); null when 0'),
          onTimeRate: rate.describe('按时率 = 按时完成 / 已完成 / onTime ÷ done; null when nothing is done'),
        }),
      )
      .describe('承办单位，最落后的在前：逾期最多，其次完成率最低 / the units most behind first: most overdue, then lowest completion'),
    hazards: z
      .object({
        found: count.describe('活动范围和期间内上报的隐患 / reported in the campaign’s area and period'),
        fixed: count.describe('其中已整改销号 / of those, closed as fixed'),
        open: count.describe('其中未销号 / of those, not closed'),
        overdue: count.describe('其中逾期（超时未受理或超期未整改） / of those, past respond-by or due'),
      })
      .describe('调用者可见的隐患 / hazards the caller may see'),
  })
  .meta({ id: 'CampaignDashboard' });

export const BULLETIN_FORMATS = ['json', 'xlsx'] as const;

export const BulletinQuery = z.strictObject({
  week: IsoWeekKey.optional().describe('ISO 周次（本区日历），默认本周 / the ISO week in the district’s calendar; default: this week'),
  format: z.enum(BULLETIN_FORMATS).default('json').describe('xlsx = 下载 Excel 文件 / download as an XLSX workbook'),
});

export const CampaignBulletin = z
  .object({
    campaign: z.object({ id: z.uuid(), name: z.string() }),
    week: z.object({ key: z.string(), startsOn: z.iso.date(), endsOn: z.iso.date() }),
    generatedAt: z.iso.datetime(),
    asOf: z.iso.datetime().describe('统计截止时刻：周末或当前时刻中较早者 / the end of the week or now, whichever is earlier'),
    counts: z
      .object({
        assigned: count.describe('本周下发 / tasks created this week'),
        completed: count.describe('本周验收完成 / accepted this week'),
        submitted: count.describe('本周提交验收的任务数 / tasks submitted this week'),
        returned: count.describe('本周被退回的任务数 / tasks returned this week'),
        overdueNow: count.describe('截止时刻逾期 / overdue at asOf'),
      })
      .describe('本周情况 / this week'),
    /** As of asOf, replayed from the timeline (see bulletin.ts). */
    cumulative: TaskCounts,
    completionRate: rate,
    onTimeRate: rate,
    hazards: z
      .object({ found: count.describe('本周上报 / reported this week'), fixed: count.describe('本周整改销号 / closed as fixed this week') })
      .describe('活动范围内、活动期间上报的隐患 / hazards of the campaign’s area and period the caller may see'),
    topOverdue: z
      .array(z.object({ ...unitKey, overdue: count, oldestDueAt: z.iso.datetime() }))
      .describe('逾期任务最多的5个单位 / the 5 units with most overdue tasks at asOf'),
    highlights: z
      .array(z.object({ taskId: z.uuid(), title: z.string(), unitName: z.string(), completedAt: z.iso.datetime() }))
      .describe('本周完成的任务（至多10项，权重高者优先） / up to 10 tasks completed this week, weightiest first'),
    byUnit: z
      .array(z.object({ ...unitKey, done: count, total: count, cancelled: count, overdue: count }))
      .describe('各单位进度（截至 asOf） / each unit, as of asOf'),
  })
  .meta({ id: 'CampaignBulletin' });
