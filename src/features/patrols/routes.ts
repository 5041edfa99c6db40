import type { OpenAPIHono } from '@hono/zod-openapi';
import { and } from 'drizzle-orm';
import { patrols } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, json, jsonBody } from '../../platform/http/route.ts';
import { computeCoverage } from './coverage.ts';
import { patrolFilters, presentPatrol, selectPatrols } from './list.ts';
import { CoverageQuery, CoverageReport, CreatePatrol, Patrol, PatrolListQuery, PatrolPage } from './schemas.ts';
import { patrolInScope } from './scope-sql.ts';
import { createPatrol } from './service.ts';
import { BACKDATE_DAYS, GAP_CAP } from './vocabulary.ts';

const tags = ['patrols'];

const list = defineRoute({
  method: 'get',
  path: '/patrols',
  operationId: 'listPatrols',
  tags,
  summary: '巡查记录 / Patrol check-ins of the caller’s scope, filtered',
  description:
    '消安委看全区；镇街、社区看本辖区；物业企业看所管小区；网格员、志愿者只看本人的巡查记录。' +
    ' / The committee sees the district; stations and communities their area; a property company its compounds; grid members and volunteers their own check-ins only.',
  permission: 'patrols.read',
  request: { query: PatrolListQuery },
  responses: { 200: json(PatrolPage, 'a page of patrols') },
});

const create = defineRoute({
  method: 'post',
  path: '/patrols',
  operationId: 'createPatrol',
  tags,
  summary: '巡查打卡 / Check in at a place or area (retry-safe with Idempotency-Key)',
  description:
    `场所或社区/村、小区、楼栋须在本人巡查范围内（否则 404）；时间默认当前，可补录 ${BACKDATE_DAYS} 天内的巡查；照片须为本人已确认上传的附件。` +
    ` / The place, or the community, compound or building, must be inside the caller’s patrol scope (else 404). \`at\` defaults to now and may be back-dated up to ${BACKDATE_DAYS} days; the photo must be the caller’s own confirmed upload.`,
  permission: 'patrols.create',
  request: { body: jsonBody(CreatePatrol) },
  responses: { 201: json(Patrol, 'recorded') },
  errors: ['not_found', 'evidence_unusable', 'patrol_time_in_future', 'patrol_time_too_old', 'patrol_area_too_broad'],
});

const coverage = defineRoute({
  method: 'get',
  path: '/coverage',
  operationId: 'getPatrolCoverage',
  tags,
  summary: '巡查覆盖率 / Monthly patrol coverage per grid, community or street, with the gaps',
  description: [
    '统计口径：各单位下登记的场所与小区，当月（按本区时区的自然月）至少巡查一次即为已覆盖；未覆盖的列为缺口。',
    ' / For each unit at `level` in the caller’s area: the places and compounds of the register below it, how many were patrolled at least once in the district-local calendar month, the rate (null when there is nothing to cover), and the gaps (unvisited, by name, at most ' +
      `${GAP_CAP} per unit; gapCount is complete).`,
    '',
    '- A patrol naming a place visits that place; a patrol naming a compound or one of its buildings visits the compound; a patrol of a whole community visits neither.',
    '- `grid` (网格): the org tree has no grid kind yet and grid members are assigned to communities, so **grid = community** for now (the same rows as `level=community`).',
    '- Area: the committee, the district; a station, its street; a community, itself; a property company, its compounds (which sit below communities, so no community or street of its own is listed).',
    '- Grid members and volunteers: the area they patrol, counting only their own check-ins (they read no one else’s).',
  ].join('\n'),
  permission: 'patrols.read',
  request: { query: CoverageQuery },
  responses: { 200: json(CoverageReport, 'coverage per unit') },
});

export function registerPatrolRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const timeZone = await tenantTimeZone(tx, principal.tenantId);
    const ks = keyset(patrols.at, patrols.id, query);
    const rows = await selectPatrols(tx, and(patrolInScope(principal), ...patrolFilters(query, principal, timeZone), ks.where), {
      total: ks.total,
    })
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => r.at.toISOString());
    return c.json({ items: result.items.map(presentPatrol), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  app.openapi(create, async (c) => {
    const row = await createPatrol(c.get('tx'), c.get('principal'), c.get('deps').clock(), c.req.valid('json'));
    return c.json(presentPatrol(row), 201);
  });

  app.openapi(coverage, async (c) => {
    const principal = c.get('principal');
    const tx = c.get('tx');
    const timeZone = await tenantTimeZone(tx, principal.tenantId);
    return c.json(await computeCoverage(tx, principal, c.req.valid('query'), c.get('deps').clock(), timeZone), 200);
  });
}
