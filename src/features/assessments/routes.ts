import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, max } from 'drizzle-orm';
import type { Context } from 'hono';
import * as z from 'zod';
import { assessments, rubrics } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { toXlsx, XLSX_CONTENT_TYPE } from '../../platform/export/xlsx.ts';
import { auditChange } from '../../platform/http/audit.ts';
import { attachmentDisposition } from '../../platform/http/disposition.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { periodAt } from '../duties/recurrence.ts';
import { ATTACH_ERRORS } from '../evidence/attach.ts';
import { addAdjustment, withdrawAdjustment } from './adjustments.ts';
import { computeMonth } from './compute.ts';
import { assessmentSheets } from './export.ts';
import { publishMonth } from './publish.ts';
import { ranking } from './rankings.ts';
import { versionInForce } from './rubric.ts';
import { addRubricVersion, ensureDefaultRubrics, loadRubricVersions, type RubricVersionRow } from './rubric-store.ts';
import {
  Adjustment,
  AdjustmentList,
  AdjustmentParam,
  Assessment,
  AssessmentQuery,
  ComputeBody,
  MonthParam,
  NewAdjustment,
  NewRubricVersion,
  PublishBody,
  Ranking,
  RankingQuery,
  RevisionQuery,
  Rubric,
  RubricList,
  UnitDetail,
  UnitParam,
  WithdrawBody,
} from './schemas.ts';
import {
  adjustmentsOf,
  pickRevision,
  presentRevision,
  presentScore,
  revisionsOf,
  scoresOf,
  seesDrafts,
  unitDetail,
  unitVisibility,
  withLabels,
} from './store.ts';
import { INDICATOR_KEYS, INDICATORS } from './vocabulary.ts';

const tags = ['assessments'];
type Ctx = Context<AppEnv>;

const listRubrics = defineRoute({
  method: 'get',
  path: '/rubrics',
  operationId: 'listRubrics',
  tags,
  summary: '考核细则 / The district’s rubric per kind of unit, with every version and the indicators’ formulas',
  permission: 'assessments.read',
  responses: { 200: json(RubricList, 'rubrics') },
});

const getRubric = defineRoute({
  method: 'get',
  path: '/rubrics/{id}',
  operationId: 'getRubric',
  tags,
  summary: '考核细则详情及版本 / One rubric with its versions',
  permission: 'assessments.read',
  request: { params: IdParam },
  responses: { 200: json(Rubric, 'the rubric') },
});

const addVersion = defineRoute({
  method: 'post',
  path: '/rubrics/{id}/versions',
  operationId: 'addRubricVersion',
  tags,
  summary: '新增细则版本 / Add a version of a rubric, in force from a month after every published month (weights sum to 100)',
  description:
    '已发布的月份始终按当时适用的版本计分，不受新版本影响；新版本的起始月份须晚于本区已发布的所有月份。 / Published months keep the version they were scored with; a new version starts after the last published month.',
  permission: 'assessments.manage',
  request: { params: IdParam, body: jsonBody(NewRubricVersion) },
  errors: ['rubric_version_too_early'],
  responses: { 201: json(Rubric, 'the rubric with its new version') },
});

const getAssessment = defineRoute({
  method: 'get',
  path: '/assessments',
  operationId: 'getAssessment',
  tags,
  summary:
    '月度考核结果 / A month’s assessment: every unit’s score, rank, indicators and flags (committee: the draft under review; others: their units, published only)',
  permission: 'assessments.read',
  request: { query: AssessmentQuery },
  errors: ['not_found'],
  responses: { 200: json(Assessment, 'the month') },
});

const compute = defineRoute({
  method: 'post',
  path: '/assessments/{month}/compute',
  operationId: 'computeAssessment',
  tags,
  summary:
    '计算月度考核 / Compute the month’s draft: recompute the open draft, or start a new revision (a visible correction) of a published month',
  description:
    '草稿按月末时点计分（本月尚未结束时按当前时刻）；已发布的月份不会被改动，重新计算会生成新的修订版草稿并带入原有的加减分，发布后取代原版本。每月结束后定时任务也会自动计算上月草稿。' +
    ' / Figures are judged at the month’s end (or now, for the month under way). A published month is never changed: computing it again makes a new revision carrying its adjustments over, which supersedes it once published. The scheduled job computes last month’s draft after month end.',
  permission: 'assessments.manage',
  request: { params: MonthParam, body: jsonBody(ComputeBody) },
  errors: ['assessment_month_not_begun', 'rubric_missing_for_month'],
  responses: { 200: json(Assessment, 'the draft, recomputed'), 201: json(Assessment, 'a new revision') },
});

const listAdjustments = defineRoute({
  method: 'get',
  path: '/assessments/{month}/adjustments',
  operationId: 'listAssessmentAdjustments',
  tags,
  summary: '加减分记录 / The adjustments of the month’s revision shown (draft or published), withdrawn ones included',
  permission: 'assessments.manage',
  request: { params: MonthParam, query: RevisionQuery },
  errors: ['assessment_not_computed'],
  responses: { 200: json(AdjustmentList, 'adjustments') },
});

const createAdjustment = defineRoute({
  method: 'post',
  path: '/assessments/{month}/adjustments',
  operationId: 'createAssessmentAdjustment',
  tags,
  summary:
    '加分、扣分或一票否决 / Add a bonus, a deduction or a veto (一票否决, e.g. a fatal fire) to a unit in the draft, with a written reason and evidence',
  permission: 'assessments.manage',
  request: { params: MonthParam, body: jsonBody(NewAdjustment) },
  errors: ['assessment_not_computed', 'assessment_frozen', ...ATTACH_ERRORS],
  responses: { 201: json(Adjustment, 'added; the unit’s final score and the ranks are updated') },
});

const withdraw = defineRoute({
  method: 'post',
  path: '/assessments/{month}/adjustments/{id}/withdraw',
  operationId: 'withdrawAssessmentAdjustment',
  tags,
  summary: '撤回加减分 / Withdraw an adjustment of the draft (kept, marked withdrawn)',
  permission: 'assessments.manage',
  request: { params: AdjustmentParam, body: jsonBody(WithdrawBody) },
  errors: ['assessment_not_computed', 'assessment_frozen', 'adjustment_already_withdrawn'],
  responses: { 200: json(Adjustment, 'withdrawn') },
});

const publish = defineRoute({
  method: 'post',
  path: '/assessments/{month}/publish',
  operationId: 'publishAssessment',
  tags,
  summary: '发布月度考核 / Publish the reviewed draft: frozen from then on, and the district’s score goes to the oversight office',
  permission: 'assessments.manage',
  request: { params: MonthParam, body: jsonBody(PublishBody) },
  errors: [
    'assessment_no_draft',
    'assessment_draft_changed',
    'assessment_computed_before_month_end',
    'assessment_rubric_changed',
    'rubric_missing_for_month',
  ],
  responses: { 200: json(Assessment, 'published') },
});

const unit = defineRoute({
  method: 'get',
  path: '/assessments/{month}/units/{unitId}',
  operationId: 'getAssessmentUnit',
  tags,
  summary: '单位得分明细 / A unit’s breakdown: each indicator with its formula, value, points and the list of what it counted',
  permission: 'assessments.read',
  request: { params: UnitParam, query: RevisionQuery },
  errors: ['assessment_not_computed', 'assessment_not_published'],
  responses: { 200: json(UnitDetail, 'the breakdown') },
});

const exportXlsx = defineRoute({
  method: 'get',
  path: '/assessments/{month}/export.xlsx',
  operationId: 'exportAssessmentXlsx',
  tags,
  summary: '导出月度考核 Excel / The month’s assessment as an XLSX workbook',
  permission: 'assessments.manage',
  request: { params: MonthParam, query: RevisionQuery },
  errors: ['assessment_not_computed'],
  responses: {
    200: {
      description: 'XLSX 附件 / an XLSX attachment',
      content: {
        [XLSX_CONTENT_TYPE]: {
          schema: z.string().meta({ format: 'binary', description: 'sheets: 镇街 / 社区、村 / 物业企业 / 加减分 / 异常提示 / 全区' }),
        },
      },
    },
  },
});

const rankings = defineRoute({
  method: 'get',
  path: '/rankings',
  operationId: 'getRanking',
  tags,
  summary: '排名与趋势 / Units ranked for a published month (or a quarter), with the change against the previous one and the trend',
  permission: 'assessments.read',
  request: { query: RankingQuery },
  errors: ['ranking_quarter_incomplete'],
  responses: { 200: json(Ranking, 'the ranking') },
});

function presentVersion(v: RubricVersionRow) {
  return {
    id: v.id,
    number: v.number,
    effectiveFrom: v.effectiveFrom,
    indicators: v.indicators.map((i) => ({ ...i, label: INDICATORS[i.key].label, formula: INDICATORS[i.key].formula })),
    note: v.note,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
  };
}

async function rubricList(c: Ctx) {
  const tx = c.get('tx');
  const tenantId = c.get('principal').tenantId;
  await ensureDefaultRubrics(tx, tenantId);
  const timeZone = await tenantTimeZone(tx, tenantId);
  const month = periodAt('monthly', c.get('deps').clock(), timeZone).key;
  const rows = await tx.select().from(rubrics).where(eq(rubrics.tenantId, tenantId));
  const versions = await loadRubricVersions(tx, tenantId);
  return rows.map((r) => {
    const own = versions.filter((v) => v.rubricId === r.id);
    return {
      id: r.id,
      unitKind: r.unitKind,
      name: r.name,
      // Every rubric has its default from DEFAULT_EFFECTIVE_FROM on; a clock before it shows the first.
      current: presentVersion(versionInForce(own, month) ?? own[0]!),
      versions: own.map(presentVersion),
    };
  });
}

async function rubricById(c: Ctx, id: string) {
  const found = (await rubricList(c)).find((r) => r.id === id);
  if (!found) throw notFound('rubric');
  return found;
}

async function assessmentBody(
  c: Ctx,
  month: string,
  query: { kind?: z.infer<typeof AssessmentQuery>['kind']; revision?: number | undefined },
) {
  const tx = c.get('tx');
  const principal = c.get('principal');
  const revisions = await revisionsOf(tx, principal, month);
  const shown = pickRevision(revisions, principal, query.revision);
  const visible = await unitVisibility(tx, principal);
  const units = shown
    ? (await scoresOf(tx, principal.tenantId, shown.id)).filter(
        (s) => visible(s.unitId, s.unitKind) && (!query.kind || s.unitKind === query.kind),
      )
    : [];
  return {
    month,
    revision: shown ? presentRevision(shown) : null,
    revisions: revisions.map(presentRevision),
    district:
      shown && seesDrafts(principal)
        ? {
            score: shown.districtScore,
            indicators: withLabels(shown.districtIndicators),
            counts: shown.districtCounts as unknown as Record<string, number>,
          }
        : null,
    units: units.map(presentScore),
  };
}

/** The revision a month's route works on (the shown one), or 404. */
async function shownRevision(c: Ctx, month: string, revision?: number) {
  const shown = pickRevision(await revisionsOf(c.get('tx'), c.get('principal'), month), c.get('principal'), revision);
  // The committee sees drafts: nothing to show is nothing computed. Others see published months only.
  if (!shown)
    throw new ApiError(seesDrafts(c.get('principal')) ? 'assessment_not_computed' : 'assessment_not_published', { params: { month } });
  return shown;
}

export function registerAssessmentRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listRubrics, async (c) =>
    c.json(
      {
        items: await rubricList(c),
        indicators: INDICATOR_KEYS.map((key) => ({ key, ...INDICATORS[key] })).map(({ subject: _, ...i }) => i),
      },
      200,
    ),
  );

  app.openapi(getRubric, async (c) => c.json(await rubricById(c, c.req.valid('param').id), 200));

  app.openapi(addVersion, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const tx = c.get('tx');
    const principal = c.get('principal');
    await rubricById(c, id);
    const [latest] = await tx
      .select({ month: max(assessments.month) })
      .from(assessments)
      .where(and(eq(assessments.tenantId, principal.tenantId), eq(assessments.status, 'published')));
    if (latest?.month && body.effectiveFrom <= latest.month) {
      throw new ApiError('rubric_version_too_early', { params: { after: latest.month }, field: 'effectiveFrom' });
    }
    const versionId = await addRubricVersion(tx, principal.tenantId, id, body, principal.userId);
    await auditChange(
      c,
      'rubric.version_added',
      { type: 'rubric', id },
      { versionId, effectiveFrom: body.effectiveFrom, indicators: body.indicators },
    );
    return c.json(await rubricById(c, id), 201);
  });

  app.openapi(getAssessment, async (c) => {
    const query = c.req.valid('query');
    return c.json(await assessmentBody(c, query.month, query), 200);
  });

  app.openapi(compute, async (c) => {
    const { month } = c.req.valid('param');
    const principal = c.get('principal');
    const result = await computeMonth(c.get('tx'), principal.tenantId, month, c.get('deps').clock(), {
      userId: principal.userId,
      note: c.req.valid('json').note,
    });
    await auditChange(
      c,
      result.created ? 'assessment.revision_created' : 'assessment.recomputed',
      { type: 'assessment', id: result.assessmentId },
      { month, revision: result.revision },
    );
    return c.json(await assessmentBody(c, month, {}), result.created ? 201 : 200);
  });

  app.openapi(listAdjustments, async (c) => {
    const { month } = c.req.valid('param');
    const shown = await shownRevision(c, month, c.req.valid('query').revision);
    return c.json({ items: await adjustmentsOf(c.get('tx'), c.get('principal').tenantId, shown.id) }, 200);
  });

  app.openapi(createAdjustment, async (c) => {
    const { month } = c.req.valid('param');
    const body = c.req.valid('json');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const { id, assessmentId } = await addAdjustment(tx, principal, month, body);
    await auditChange(
      c,
      'assessment.adjusted',
      { type: 'assessment_adjustment', id },
      { month, unitId: body.unitId, kind: body.kind, points: body.points, reason: body.reason },
    );
    return c.json((await adjustmentsOf(tx, principal.tenantId, assessmentId, body.unitId)).find((a) => a.id === id)!, 201);
  });

  app.openapi(withdraw, async (c) => {
    const { month, id } = c.req.valid('param');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const { assessmentId } = await withdrawAdjustment(tx, principal, month, id, c.get('deps').clock());
    await auditChange(
      c,
      'assessment.adjustment_withdrawn',
      { type: 'assessment_adjustment', id },
      { month, reason: c.req.valid('json').reason },
    );
    return c.json((await adjustmentsOf(tx, principal.tenantId, assessmentId)).find((a) => a.id === id)!, 200);
  });

  app.openapi(publish, async (c) => {
    const { month } = c.req.valid('param');
    const principal = c.get('principal');
    const result = await publishMonth(c.get('tx'), principal.tenantId, month, c.req.valid('json'), principal.userId, c.get('deps').clock());
    await auditChange(c, 'assessment.published', { type: 'assessment', id: result.assessmentId }, { month, revision: result.revision });
    return c.json(await assessmentBody(c, month, { revision: result.revision }), 200);
  });

  app.openapi(unit, async (c) => {
    const { month, unitId } = c.req.valid('param');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const shown = await shownRevision(c, month, c.req.valid('query').revision);
    const detail = await unitDetail(tx, principal.tenantId, shown, unitId);
    if (!(await unitVisibility(tx, principal))(unitId, detail.score.unitKind)) throw notFound('assessment_unit');
    // The evidence files behind an adjustment are the committee's (GET /evidence/{id} serves them to it only).
    if (!seesDrafts(principal)) for (const a of detail.adjustments) a.evidence = [];
    return c.json(detail, 200);
  });

  app.openapi(exportXlsx, async (c) => {
    const { month } = c.req.valid('param');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const shown = await shownRevision(c, month, c.req.valid('query').revision);
    const body = await assessmentBody(c, month, { revision: shown.revision });
    const sheets = assessmentSheets({
      month,
      revision: shown.revision,
      status: shown.status,
      units: body.units,
      adjustments: await adjustmentsOf(tx, principal.tenantId, shown.id),
      district: body.district,
    });
    const name = `月度考核-${month}-第${shown.revision}版.xlsx`;
    return c.body(toXlsx(sheets) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': XLSX_CONTENT_TYPE,
      'Content-Disposition': attachmentDisposition(name, `assessment-${month}-r${shown.revision}.xlsx`),
      'Cache-Control': 'private, no-store',
    });
  });

  app.openapi(rankings, async (c) => c.json(await ranking(c.get('tx'), c.get('principal'), c.req.valid('query')), 200));
}
