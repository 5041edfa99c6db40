import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type * as z from 'zod';
import { campaigns, duties } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { containsText, keyset } from '../../platform/http/pagination.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { resolveAssignees } from '../tasks/selector-sql.ts';
import { type DutyForGeneration, generatePeriod, MAX_CATCH_UP, periodsOwed } from './generate.ts';
import { periodAt } from './recurrence.ts';
import { CreateDuty, DutyDetail, DutyDetailQuery, DutyListQuery, DutyPage, UpdateDuty } from './schemas.ts';
import { currentPeriod, type DutyRow, dutyInScope, presentDuty, recentInstances, selectDuties, visibleDuty } from './store.ts';

const tags = ['duties'];

const list = defineRoute({
  method: 'get',
  path: '/duties',
  operationId: 'listDuties',
  tags,
  summary: '常态化工作列表 / Recurring duties (daily patrol, weekly study, monthly meeting…)',
  description:
    '消安委可见本区全部常态化工作；其他角色只看到已向本单位下达过任务的工作。各期任务见 GET /tasks?dutyId=…' +
    ' / The committee sees every duty of the district; others see the duties whose instances were given to their units. The instances are GET /tasks?dutyId=….',
  permission: 'tasks.read',
  request: { query: DutyListQuery },
  responses: { 200: json(DutyPage, 'a page of duties') },
});

const create = defineRoute({
  method: 'post',
  path: '/duties',
  operationId: 'createDuty',
  tags,
  summary: '新建常态化工作 / Define a recurring duty; its current period is generated at once (retry-safe with Idempotency-Key)',
  description:
    `定义一次（谁做、多久一次、怎样算完成），系统按期（每日、每周（ISO 周）、每月、每季度，按本区时区）自动生成各期任务；当前一期在同一事务中立即生成。` +
    `开始日期早于今天时不补生成已经过去的各期。系统停运后最多补生成：每日 ${MAX_CATCH_UP.daily} 期、每周 ${MAX_CATCH_UP.weekly} 期、每月 ${MAX_CATCH_UP.monthly} 期、每季度 ${MAX_CATCH_UP.quarterly} 期。` +
    ' / Defined once (who, how often, what counts as done); firegrid generates one instance per period in the district’s time zone. The current period is generated in the same transaction. ' +
    'Periods already over when the duty is created are never owed; after an outage the generator catches up on at most the newest ' +
    `${MAX_CATCH_UP.daily} daily / ${MAX_CATCH_UP.weekly} weekly / ${MAX_CATCH_UP.monthly} monthly / ${MAX_CATCH_UP.quarterly} quarterly periods.`,
  permission: 'duties.manage',
  request: { body: jsonBody(CreateDuty) },
  responses: { 201: json(DutyDetail, 'created, with the period generated now') },
  errors: ['not_found', 'assignee_selection_empty'],
});

const get = defineRoute({
  method: 'get',
  path: '/duties/{id}',
  operationId: 'getDuty',
  tags,
  summary: '常态化工作详情 / A duty, its current period and the completion of its recent periods',
  permission: 'tasks.read',
  request: { params: IdParam, query: DutyDetailQuery },
  responses: { 200: json(DutyDetail, 'the duty') },
});

const update = defineRoute({
  method: 'patch',
  path: '/duties/{id}',
  operationId: 'updateDuty',
  tags,
  summary: '修改或停用常态化工作 / Update or deactivate a duty (version-guarded; stale → 409). Duties are deactivated, never deleted.',
  description:
    '修改只影响此后生成的各期，已生成的任务不变。重新启用时从今天起计（停用期间各期不补生成），当前一期立即生成。' +
    ' / Changes apply to periods generated afterwards; instances already generated keep what they were given. Reactivating starts the duty again today (nothing is owed for the time it was inactive) and generates the current period at once.',
  permission: 'duties.manage',
  request: { params: IdParam, body: jsonBody(UpdateDuty) },
  responses: { 200: json(DutyDetail, 'updated') },
  errors: ['version_conflict', 'assignee_selection_empty', 'duty_ends_before_start'],
});

type Ctx = Context<AppEnv>;

async function detail(c: Ctx, row: DutyRow, periods = 8) {
  const principal = c.get('principal');
  const tx = c.get('tx');
  const now = c.get('deps').clock();
  const timeZone = await tenantTimeZone(tx, principal.tenantId);
  return {
    ...presentDuty(row),
    currentPeriod: currentPeriod(row, now, timeZone),
    recent: await recentInstances(tx, principal, row.id, now, periods),
  };
}

/** The periods owed now (at creation or reactivation: the current one at most), in the request's transaction. */
async function generateOwed(tx: Db, tenantId: string, duty: DutyForGeneration, now: Date, timeZone: string) {
  const generated: { periodKey: string; assignmentId: string; tasks: number }[] = [];
  for (const period of periodsOwed(duty, now, timeZone)) {
    const made = await generatePeriod(tx, tenantId, duty, period, now, timeZone);
    if (made) generated.push({ periodKey: period.key, assignmentId: made.assignmentId, tasks: made.tasks.length });
  }
  return generated;
}

async function createDuty(c: Ctx, body: z.output<typeof CreateDuty>): Promise<string> {
  const principal = c.get('principal');
  const tx = c.get('tx');
  const tenantId = principal.tenantId;
  const now = c.get('deps').clock();
  const timeZone = await tenantTimeZone(tx, tenantId);
  if (body.campaignId) {
    const [campaign] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.tenantId, tenantId), eq(campaigns.id, body.campaignId)));
    if (!campaign) throw notFound('campaign', 'campaignId');
  }
  // Whatever the start date: every listed id must be this district's (404 naming its path), and
  // the selection must name someone (400), now, not at the first generation.
  await resolveAssignees(tx, principal, tenantId, body.assignees);
  const [duty] = await tx
    .insert(duties)
    .values({
      tenantId,
      name: body.name,
      description: body.description,
      frequency: body.frequency,
      assignees: body.assignees,
      done: body.done,
      weight: body.weight,
      startsOn: body.startsOn,
      endsOn: body.endsOn ?? null,
      campaignId: body.campaignId ?? null,
      createdBy: principal.userId,
      // The app's clock, like every instant generation compares with.
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const generated = await generateOwed(tx, tenantId, duty!, now, timeZone);
  await auditChange(
    c,
    'duty.created',
    { type: 'duty', id: duty!.id },
    {
      name: body.name,
      frequency: body.frequency,
      assignees: body.assignees,
      startsOn: body.startsOn,
      endsOn: body.endsOn ?? null,
      campaignId: body.campaignId ?? null,
      generated,
    },
  );
  return duty!.id;
}

async function updateDuty(c: Ctx, id: string, body: z.output<typeof UpdateDuty>): Promise<void> {
  const principal = c.get('principal');
  const tx = c.get('tx');
  const tenantId = principal.tenantId;
  const now = c.get('deps').clock();
  const { version, ...changes } = body;
  const current = await visibleDuty(tx, principal, id);
  if (changes.assignees) await resolveAssignees(tx, principal, tenantId, changes.assignees);
  const timeZone = await tenantTimeZone(tx, tenantId);
  const values: Record<string, unknown> = { ...changes };
  // Reactivating starts again today: the periods that passed while it was inactive are not owed.
  const reactivating = changes.active === true && !current.active;
  const today = periodAt('daily', now, timeZone).key;
  // So does extending a duty that had ended: the days between its end and today are not owed.
  const extended =
    changes.endsOn !== undefined &&
    current.endsOn !== null &&
    current.endsOn < today &&
    (changes.endsOn === null || changes.endsOn >= today);
  if ((reactivating || extended) && current.startsOn < today) values.startsOn = today;
  const startsOn = (values.startsOn as string | undefined) ?? current.startsOn;
  const endsOn = changes.endsOn === undefined ? current.endsOn : changes.endsOn;
  // Reactivating may move the start to today, after an end the request keeps: checked on the row as it will be.
  if (endsOn !== null && endsOn < startsOn) throw new ApiError('duty_ends_before_start', { params: { startsOn }, field: 'endsOn' });
  const row = await updateVersioned(tx, duties, and(eq(duties.tenantId, tenantId), eq(duties.id, id))!, version, values, 'duty');
  const generated = reactivating ? await generateOwed(tx, tenantId, row, now, timeZone) : [];
  await auditChange(c, 'duty.updated', { type: 'duty', id }, { ...values, ...(reactivating ? { generated } : {}) });
}

export function registerDutyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const ks = keyset(query.sort === 'name' ? duties.name : duties.createdAt, duties.id, query);
    const rows = await selectDuties(
      c.get('tx'),
      and(
        dutyInScope(principal),
        query.active === undefined ? undefined : eq(duties.active, query.active),
        query.frequency ? eq(duties.frequency, query.frequency) : undefined,
        query.campaignId ? eq(duties.campaignId, query.campaignId) : undefined,
        containsText(query.q, duties.name, duties.description),
        ks.where,
      ),
      { total: ks.total },
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'name' ? r.name : r.createdAt.toISOString()));
    return c.json({ items: result.items.map(presentDuty), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(create, async (c) => {
    const id = await createDuty(c, c.req.valid('json'));
    return c.json(await detail(c, await visibleDuty(c.get('tx'), c.get('principal'), id)), 201);
  });

  app.openapi(get, async (c) => {
    const row = await visibleDuty(c.get('tx'), c.get('principal'), c.req.valid('param').id);
    return c.json(await detail(c, row, c.req.valid('query').periods), 200);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    await updateDuty(c, id, c.req.valid('json'));
    return c.json(await detail(c, await visibleDuty(c.get('tx'), c.get('principal'), id)), 200);
  });
}
