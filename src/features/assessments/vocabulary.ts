/**
 * The monthly assessment (月度考核): who is scored, on which indicators (考核指标), with the
 * formula each one shows to users. Every indicator is Σn ÷ Σd over the subjects it counted
 * (hazards, tasks, places, facilities, records): a rate counts 1 of 1 per subject, the average
 * days to fix counts the days of 1 hazard, the integrity rate weighs each facility by its count.
 */

export const UNIT_KINDS = ['street', 'community', 'company'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = { street: '镇街', community: '社区/村', company: '物业企业' };

export const INDICATOR_KEYS = [
  'rectification_rate',
  'on_time_rate',
  'avg_days_to_fix',
  'rework_rate',
  'extension_rate',
  'rebound_rate',
  'inspection_coverage',
  'patrol_coverage',
  'facility_integrity',
  'maintenance_on_time',
  'task_completion',
  'task_on_time',
  'duties_done',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** What a subject counted by an indicator is: the drill-down list links to it. */
export const COUNTED_SUBJECTS = ['hazard', 'lookback_item', 'place', 'compound', 'facility', 'maintenance_due', 'task'] as const;
export type CountedSubject = (typeof COUNTED_SUBJECTS)[number];

export interface IndicatorDefinition {
  label: string;
  labelEn: string;
  /** rate: a share in [0, 1]; days: a mean number of days. */
  measure: 'rate' | 'days';
  /** Which way is good: lower rework, extensions, rebounds and days earn the points. */
  better: 'higher' | 'lower';
  subject: CountedSubject;
  formula: string;
}

export const INDICATORS: Record<IndicatorKey, IndicatorDefinition> = {
  rectification_rate: {
    label: '隐患整改率',
    labelEn: 'Rectification rate',
    measure: 'rate',
    better: 'higher',
    subject: 'hazard',
    formula:
      '本月到期隐患中月末前已整改销号的 ÷ 本月到期隐患（不含重复上报、不构成隐患；移交执法等“关闭未整改”不算整改） / hazards due this month fixed by month end ÷ hazards due this month (duplicates and non-hazards left out; closed-not-fixed does not count)',
  },
  on_time_rate: {
    label: '按期整改率',
    labelEn: 'On-time rate',
    measure: 'rate',
    better: 'higher',
    subject: 'hazard',
    formula: '本月到期隐患中在整改期限内销号的 ÷ 本月到期隐患 / hazards due this month fixed by their deadline ÷ hazards due this month',
  },
  avg_days_to_fix: {
    label: '平均整改天数',
    labelEn: 'Average days to fix',
    measure: 'days',
    better: 'lower',
    subject: 'hazard',
    formula:
      '本月整改销号隐患从上报到销号的平均天数；不超过目标天数得满分 / mean days from report to closure of hazards fixed this month; full points at or under the target',
  },
  rework_rate: {
    label: '返工率',
    labelEn: 'Rework rate',
    measure: 'rate',
    better: 'lower',
    subject: 'hazard',
    formula: '本月整改销号隐患被退回的次数 ÷ 提交整改的次数 / rejections ÷ submissions of the hazards fixed this month',
  },
  extension_rate: {
    label: '延期率',
    labelEn: 'Extension rate',
    measure: 'rate',
    better: 'lower',
    subject: 'hazard',
    formula: '本月到期隐患中延期过的 ÷ 本月到期隐患 / hazards due this month that were extended ÷ hazards due this month',
  },
  rebound_rate: {
    label: '反弹率',
    labelEn: 'Rebound rate',
    measure: 'rate',
    better: 'lower',
    subject: 'lookback_item',
    formula: '本月回头看复查为反弹的 ÷ 本月复查的 / look-back re-checks this month that found a rebound ÷ re-checks this month',
  },
  inspection_coverage: {
    label: '检查率',
    labelEn: 'Inspection coverage',
    measure: 'rate',
    better: 'higher',
    subject: 'place',
    formula: '本月完成检查的场所 ÷ 辖区场所 / places with a completed inspection this month ÷ places in the area',
  },
  patrol_coverage: {
    label: '巡查覆盖率',
    labelEn: 'Patrol coverage',
    measure: 'rate',
    better: 'higher',
    subject: 'place',
    formula: '本月有巡查打卡的场所 ÷ 辖区场所 / places with a patrol check-in this month ÷ places in the area',
  },
  facility_integrity: {
    label: '设施完好率',
    labelEn: 'Facility integrity rate',
    measure: 'rate',
    better: 'higher',
    subject: 'facility',
    formula:
      '完好的消防设施数量 ÷ 台账登记的设施数量（按数量加权，计算时的台账） / working facilities ÷ registered facilities, weighted by count, as the register stood when computed',
  },
  maintenance_on_time: {
    label: '维保按时率',
    labelEn: 'Maintenance on time',
    measure: 'rate',
    better: 'higher',
    subject: 'maintenance_due',
    formula:
      '本月应维保的（小区×设施类别，按维保周期）中本期有已通过审核记录的 ÷ 本月应维保的 / (compound, facility kind) pairs owing maintenance this month with an accepted record in their period ÷ pairs owing',
  },
  task_completion: {
    label: '任务完成率',
    labelEn: 'Task completion',
    measure: 'rate',
    better: 'higher',
    subject: 'task',
    formula:
      '本月到期任务（不含日常职责、已撤销）中月末前完成的 ÷ 本月到期任务 / tasks due this month (not duties, not cancelled) completed by month end ÷ tasks due',
  },
  task_on_time: {
    label: '任务按期率',
    labelEn: 'Task on-time rate',
    measure: 'rate',
    better: 'higher',
    subject: 'task',
    formula: '本月到期任务中在期限内完成的 ÷ 本月到期任务 / tasks due this month completed by their deadline ÷ tasks due',
  },
  duties_done: {
    label: '日常职责完成率',
    labelEn: 'Duties done',
    measure: 'rate',
    better: 'higher',
    subject: 'task',
    formula:
      '本月到期的会议、学习、总结等日常职责中已完成的 ÷ 本月到期的 / recurring duties (meetings, studies, summaries) due this month done ÷ due',
  },
};

export const ADJUSTMENT_KINDS = ['bonus', 'deduction', 'veto'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
export const ADJUSTMENT_KIND_LABELS: Record<AdjustmentKind, string> = { bonus: '加分', deduction: '扣分', veto: '一票否决' };

export const ASSESSMENT_STATUSES = ['draft', 'published', 'superseded'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const ASSESSMENT_STATUS_LABELS: Record<AssessmentStatus, string> = { draft: '草稿', published: '已发布', superseded: '已被修订' };

/** Anti-gaming flags (异常提示): shown next to scores, never applied to them. */
export const FLAG_CODES = ['quick_close', 'self_verified', 'photo_reuse', 'extension_jump', 'rework_jump'] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
export const FLAG_LABELS: Record<FlagCode, string> = {
  quick_close: '上报后很快销号',
  self_verified: '上报人自己核查销号',
  photo_reuse: '照片在多个隐患中重复使用',
  extension_jump: '延期率较上月骤升',
  rework_jump: '返工率较上月骤升',
};
