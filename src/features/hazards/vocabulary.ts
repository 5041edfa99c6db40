/** The fixed vocabularies of the hazard loop (隐患闭环), with their Chinese names. */

export const HAZARD_STATES = ['reported', 'routed', 'rectifying', 'submitted', 'closed'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];
export const HAZARD_STATE_LABELS: Record<HazardState, string> = {
  reported: '待分流',
  routed: '已分流待受理',
  rectifying: '整改中',
  submitted: '待核查',
  closed: '已销号',
};

/** How a closed hazard ended. Only `fixed` counts as rectified (整改率). */
export const HAZARD_OUTCOMES = ['fixed', 'duplicate', 'not_a_hazard', 'enforcement'] as const;
export type HazardOutcome = (typeof HAZARD_OUTCOMES)[number];
export const HAZARD_OUTCOME_LABELS: Record<HazardOutcome, string> = {
  fixed: '已整改销号',
  duplicate: '重复上报',
  not_a_hazard: '不构成隐患',
  enforcement: '移交执法',
};

export const SEVERITIES = ['general', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { general: '一般', major: '重大' };

export const HAZARD_SOURCES = ['patrol', 'inspection', 'grid', 'citizen', 'sensor', 'maintenance'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];
export const HAZARD_SOURCE_LABELS: Record<HazardSource, string> = {
  patrol: '巡查',
  inspection: '检查',
  grid: '网格员上报',
  citizen: '群众举报',
  sensor: '物联感知',
  maintenance: '维保发现',
};

/** Who answers for a hazard: a property company, an org unit (属地), a department (行业), or the place's owner. */
export const PARTY_KINDS = ['company', 'org_unit', 'department', 'place_owner'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_KIND_LABELS: Record<PartyKind, string> = {
  company: '物业企业',
  org_unit: '属地（街道/社区）',
  department: '职能部门',
  place_owner: '场所负责人',
};

/** Where in its subject's life a file was attached; `work` is a task's progress and submission. */
export const EVIDENCE_STAGES = ['report', 'rectification', 'verification', 'recheck', 'work'] as const;
export type EvidenceStage = (typeof EVIDENCE_STAGES)[number];

/** The common categories of DOMAIN.md, seeded into every district's editable list. */
export const DEFAULT_CATEGORIES: { code: string; name: string }[] = [
  { code: 'electricity', name: '用电安全' },
  { code: 'gas', name: '用气安全' },
  { code: 'open_fire', name: '违规用火' },
  { code: 'escape_route', name: '生命通道/疏散通道堵塞' },
  { code: 'fire_lane', name: '消防车通道占用' },
  { code: 'ebike', name: '电动自行车违规停放/飞线充电' },
  { code: 'hydrant', name: '消火栓缺失或损坏' },
  { code: 'extinguisher', name: '灭火器缺失或过期' },
  { code: 'smoke_alarm', name: '烟感报警器缺失或故障' },
  { code: 'emergency_light', name: '应急照明/疏散指示缺失' },
  { code: 'corridor_clutter', name: '楼道堆放杂物' },
  { code: 'illegal_structure', name: '违章搭建' },
  { code: 'security_bars', name: '防盗网封堵逃生出口' },
  { code: 'three_in_one', name: '三合一场所住人' },
  { code: 'other', name: '其他' },
];
