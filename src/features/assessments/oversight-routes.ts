import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { recordAudit } from '../../platform/audit/audit.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { notFound } from '../../platform/errors.ts';
import { requestOrigin } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, json } from '../../platform/http/route.ts';
import { periodAt } from '../duties/recurrence.ts';
import { OVERSIGHT_RUBRIC_VERSION } from './district-score.ts';
import { monthsUpTo } from './months.ts';
import { districtScores, jurisdictionDistricts, rankDistricts } from './oversight-store.ts';
import { DistrictTrend, OversightQuery, OversightRanking, TrendParam, TrendQuery } from './schemas.ts';
import { withLabels } from './store.ts';

const tags = ['oversight'];

const ranking = defineRoute({
  method: 'get',
  path: '/oversight/districts',
  operationId: 'listOversightDistricts',
  tags,
  summary: '辖区各区排名 / The districts of the office’s jurisdiction ranked by their published score for a month',
  description:
    '仅含各区已发布的汇总得分与计数（不含任何隐患、场所、人员或照片）；每次查询均记入审计日志。 / Published aggregates only (never a hazard, place, person or photo); every read is audited.',
  permission: 'oversight.read',
  request: { query: OversightQuery },
  responses: { 200: json(OversightRanking, 'the ranking') },
});

const trend = defineRoute({
  method: 'get',
  path: '/oversight/districts/{tenantId}/trend',
  operationId: 'getOversightDistrictTrend',
  tags,
  summary: '某区得分趋势 / One district’s published scores, indicators and counts month by month',
  permission: 'oversight.read',
  request: { params: TrendParam, query: TrendQuery },
  responses: { 200: json(DistrictTrend, 'the trend') },
});

/** Every oversight read is logged in the office's own audit trail, with what it read. */
function auditRead(c: Context<AppEnv>, detail: Record<string, unknown>) {
  const principal = c.get('principal');
  return recordAudit(c.get('tx'), requestOrigin(c), {
    tenantId: principal.tenantId,
    actorUserId: principal.userId,
    action: 'oversight.read',
    targetType: 'district_scores',
    detail,
  });
}

const present = <T extends { indicators: Parameters<typeof withLabels>[0]; aggregates: object }>(r: T) => ({
  ...r,
  indicators: withLabels(r.indicators),
  aggregates: r.aggregates as unknown as Record<string, number>,
});

export function registerOversightRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(ranking, async (c) => {
    const { month } = c.req.valid('query');
    const principal = c.get('principal');
    const { ranked, unpublished } = await rankDistricts(c.get('tx'), principal.tenantId, month);
    await auditRead(c, { path: '/oversight/districts', month, districts: ranked.map((r) => r.tenantId) });
    return c.json(
      {
        month,
        rubricVersion: OVERSIGHT_RUBRIC_VERSION,
        // Field by field: the row also carries its month, which the ranking states once.
        districts: ranked.map((r) => ({
          ...present({ indicators: r.indicators, aggregates: r.aggregates }),
          tenantId: r.tenantId,
          name: r.name,
          slug: r.slug,
          score: r.score,
          rank: r.rank,
          previousScore: r.previousScore,
          change: r.change,
          revision: r.revision,
          publishedAt: r.publishedAt.toISOString(),
        })),
        unpublished,
      },
      200,
    );
  });

  app.openapi(trend, async (c) => {
    const { tenantId } = c.req.valid('param');
    const query = c.req.valid('query');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const district = (await jurisdictionDistricts(tx, principal.tenantId)).find((d) => d.tenantId === tenantId);
    if (!district) throw notFound('district');
    const until = query.until ?? periodAt('monthly', c.get('deps').clock(), await tenantTimeZone(tx, principal.tenantId)).key;
    const months = monthsUpTo(until, query.months);
    const rows = (await districtScores(tx, principal.tenantId, months)).filter((r) => r.tenantId === tenantId);
    await auditRead(c, { path: '/oversight/districts/{tenantId}/trend', tenantId, months: query.months, until });
    return c.json(
      {
        tenantId,
        name: district.name,
        months,
        points: months.map((m) => {
          const r = rows.find((x) => x.month === m);
          return r
            ? { month: m, score: r.score, revision: r.revision, ...present({ indicators: r.indicators, aggregates: r.aggregates }) }
            : null;
        }),
      },
      200,
    );
  });
}
