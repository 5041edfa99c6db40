import type { Severity } from '../hazards/vocabulary.ts';

/** The fixed vocabularies of inspections (检查) and patrols (巡查), with their Chinese names. */

/** What a checklist template is for: a kind of target the seeds name. */
export const INSPECTION_TARGETS = [
  'high_rise_compound',
  'unmanaged_compound',
  'nine_small',
  'three_in_one',
  'key_unit',
  'ebike_charging',
] as const;
export type InspectionTarget = (typeof INSPECTION_TARGETS)[number];
export const INSPECTION_TARGET_LABELS: Record<InspectionTarget, string> = {
  high_rise_compound: '高层住宅小区',
  unmanaged_compound: '无物业小区',
  nine_small: '九小场所',
  three_in_one: '三合一场所',
  key_unit: '重点单位',
  ebike_charging: '电动自行车充电场所',
};

/** One line of a checklist: what to check, how to judge, and what a failure becomes. */
export interface ChecklistItem {
  /** Stable within a template across versions, so results compare over time. */
  key: string;
  /** The hazard category (code) a failure is reported under. */
  category: string;
  text: string;
  hint: string;
  photoRequired: boolean;
  weight: number;
  severity: Severity;
}

export const INSPECTION_KINDS = ['planned', 'ad_hoc'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const INSPECTION_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, string> = {
  planned: '待检查',
  in_progress: '检查中',
  completed: '已完成',
  cancelled: '已取消',
};

export const ITEM_RESULTS = ['pass', 'fail', 'na'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];
export const ITEM_RESULT_LABELS: Record<ItemResult, string> = { pass: '合格', fail: '不合格', na: '不适用' };

export const PATROL_RESULTS = ['normal', 'issue'] as const;
export type PatrolResult = (typeof PATROL_RESULTS)[number];
export const PATROL_RESULT_LABELS: Record<PatrolResult, string> = { normal: '正常', issue: '发现问题' };

export const INSPECTION_KIND_LABELS: Record<InspectionKind, string> = { planned: '计划检查', ad_hoc: '临时检查' };

/** An inspection that is still being worked on: results may be recorded, it may be completed or cancelled. */
export const OPEN_INSPECTION_STATUSES = ['planned', 'in_progress'] as const satisfies readonly InspectionStatus[];

/** Limits of a checklist: a phone screen per item, a morning's work per inspection. */
export const MAX_CHECKLIST_ITEMS = 100;
/** Photos per item result: they become the hazard's report photos when the item fails. */
export const MAX_ITEM_PHOTOS = 9;
