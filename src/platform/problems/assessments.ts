import * as z from 'zod';
import { problem } from './define.ts';
import { fieldIssue } from './fields.ts';
import { l } from './language.ts';

/** A month as the problems name it (YYYY-MM). */
const Month = z.string().describe('月份 YYYY-MM / a month');
/** The kinds of unit a rubric scores (the assessment's UNIT_KINDS; the catalog does not import features). */
const UNIT_KIND_NAMES = {
  street: l('镇街', 'streets'),
  community: l('社区/村', 'communities'),
  company: l('物业企业', 'property companies'),
};
const UnitKind = z.enum(['street', 'community', 'company']);
const kinds = (list: readonly (keyof typeof UNIT_KIND_NAMES)[], lang: 'zh-CN' | 'en') =>
  list.map((k) => UNIT_KIND_NAMES[k][lang]).join(lang === 'en' ? ', ' : '、');

/** Problems of the monthly assessment, rubrics, rankings and oversight. */
export const ASSESSMENT_PROBLEMS = {
  assessment_frozen: problem(409, l('已发布的考核已锁定', 'The published assessment is frozen'), {
    params: { month: Month.optional() },
    detail: (p) =>
      p.month
        ? l(
            `${p.month} 的考核已发布并锁定，不能修改；如需更正，请重新计算生成修订版后再调整`,
            `The assessment of ${p.month} is published and frozen: recompute the month to make a new revision, then change that`,
          )
        : l(
            '已发布的考核已锁定，不能修改；请重新计算生成修订版',
            'A published assessment is frozen: recompute the month to make a new revision',
          ),
  }),
  rubric_missing_for_month: problem(409, l('该月没有适用的考核细则', 'No rubric version in force for the month'), {
    params: { month: Month, unitKind: UnitKind },
    detail: (p) =>
      l(
        `${p.month} 没有适用于${UNIT_KIND_NAMES[p.unitKind]['zh-CN']}的考核细则版本，请先新增自该月或更早起适用的细则版本`,
        `No rubric version for ${UNIT_KIND_NAMES[p.unitKind].en} is in force in ${p.month}: add a version starting in or before that month`,
      ),
  }),
  assessment_month_not_begun: problem(400, l('该月尚未开始，不能考核', 'The month has not begun'), {
    params: { month: Month },
    detail: (p) => l(`${p.month} 尚未开始，不能计算考核`, `${p.month} has not begun yet: it cannot be assessed`),
  }),
  assessment_not_computed: problem(404, l('该月尚未计算考核', 'The month has not been computed'), {
    params: { month: Month },
    detail: (p) => l(`${p.month} 的考核尚未计算，请先计算`, `The assessment of ${p.month} has not been computed yet: compute it first`),
  }),
  assessment_not_published: problem(404, l('该月考核尚未发布', 'The month has not been published'), {
    params: { month: Month },
    detail: (p) => l(`${p.month} 的考核尚未发布`, `The assessment of ${p.month} has not been published yet`),
  }),
  assessment_no_draft: problem(404, l('该月没有待发布的考核草稿', 'No draft to publish'), {
    params: { month: Month },
    detail: (p) =>
      l(`${p.month} 没有待发布的考核草稿，请先计算`, `${p.month} has no draft under review to publish: compute the month first`),
  }),
  assessment_draft_changed: problem(409, l('草稿在您审核后已变化', 'The draft changed since it was reviewed'), {
    params: {
      month: Month,
      reviewedRevision: z.int(),
      reviewedVersion: z.int(),
      currentRevision: z.int(),
      currentVersion: z.int(),
    },
    detail: (p) =>
      l(
        `${p.month} 的草稿在您审核后已重新计算或调整（您审核的是第 ${p.reviewedRevision} 版第 ${p.reviewedVersion} 稿，现为第 ${p.currentRevision} 版第 ${p.currentVersion} 稿），请刷新核对后再发布`,
        `The draft of ${p.month} was recomputed or adjusted after you reviewed it (you reviewed revision ${p.reviewedRevision} version ${p.reviewedVersion}, it is now revision ${p.currentRevision} version ${p.currentVersion}): reload, check and publish again`,
      ),
  }),
  assessment_computed_before_month_end: problem(409, l('草稿计算于月末之前', 'The draft was computed before the month ended'), {
    params: { month: Month, asOf: z.iso.datetime(), monthEndsAt: z.iso.datetime() },
    detail: (p) =>
      l(
        `${p.month} 的草稿计算于月末之前，不是整月的结果；请在月末后重新计算再发布`,
        `The draft of ${p.month} stops at ${p.asOf}, before the month ended at ${p.monthEndsAt}: recompute it after month end, then publish`,
      ),
  }),
  assessment_rubric_changed: problem(409, l('考核细则在草稿计算后有新版本', 'The rubric changed since the draft was computed'), {
    params: { month: Month, unitKinds: z.array(UnitKind).min(1) },
    detail: (p) =>
      l(
        `草稿计算后，${kinds(p.unitKinds, 'zh-CN')}的考核细则有新版本适用于 ${p.month}；请重新计算后再发布`,
        `A rubric version for ${kinds(p.unitKinds, 'en')} in force in ${p.month} was added after the draft was computed: recompute, then publish`,
      ),
  }),
  ranking_quarter_incomplete: problem(409, l('该季度尚有月份未发布', 'The quarter is not complete'), {
    params: { quarter: z.string().describe('YYYY-Qn'), unpublished: z.array(Month).min(1) },
    detail: (p) =>
      l(
        `${p.quarter} 尚有月份（${p.unpublished.join('、')}）未发布考核，季度结果在三个月均发布后生成`,
        `Months of ${p.quarter} are not published yet (${p.unpublished.join(', ')}): the quarter is ranked once all three are`,
      ),
  }),
  rubric_version_too_early: problem(
    400,
    l('细则版本的起始月份须晚于已发布的月份', 'The version must start after the last published month'),
    {
      params: { after: Month },
      detail: (p) =>
        l(
          `已发布的月份按当时的细则计分，不能改变；新版本的起始月份须晚于 ${p.after}`,
          `Published months keep the rubric they were scored with: a new version must start after ${p.after}`,
        ),
    },
  ),
  adjustment_already_withdrawn: problem(409, l('该加减分记录已撤回', 'The adjustment is already withdrawn')),
};

/** Field-level codes of the assessment's cross-field rules. */
export const ASSESSMENT_FIELD_ISSUES = {
  adjustment_points_required: fieldIssue(l('加分或扣分须大于 0', 'A bonus or a deduction needs points above 0')),
  adjustment_veto_has_no_points: fieldIssue(l('一票否决不计分值，请填 0 或不填', 'A veto has no points: give 0 or leave it out')),
  adjustment_reason_too_short: fieldIssue(l('请写明理由（至少 4 个字）', 'Give a written reason (at least 4 characters)')),
  rubric_weights_sum: fieldIssue<{ total: number }>((p) =>
    l(`各指标分值之和须为 100（现为 ${p.total}）`, `The weights must sum to 100 (they sum to ${p.total})`),
  ),
};
