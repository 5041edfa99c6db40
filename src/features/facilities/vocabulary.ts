/** The fixed vocabularies of the facility register (消防设施台账) and maintenance records (维保记录). */

export const FACILITY_KINDS = [
  'hydrant',
  'extinguisher',
  'alarm_system',
  'sprinkler',
  'emergency_light',
  'exit_sign',
  'smoke_alarm',
  'control_room',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];
export const FACILITY_KIND_LABELS: Record<FacilityKind, string> = {
  hydrant: '消火栓',
  extinguisher: '灭火器',
  alarm_system: '火灾自动报警系统',
  sprinkler: '自动喷水灭火系统',
  emergency_light: '应急照明',
  exit_sign: '疏散指示标志',
  smoke_alarm: '独立式烟感报警器',
  control_room: '消防控制室',
};

/** 设施完好率 counts `working` over all. */
export const FACILITY_STATUSES = ['working', 'faulty', 'missing'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];
export const FACILITY_STATUS_LABELS: Record<FacilityStatus, string> = { working: '完好', faulty: '故障', missing: '缺失' };

export const MAINTENANCE_RESULTS = ['normal', 'fault'] as const;
export type MaintenanceResult = (typeof MAINTENANCE_RESULTS)[number];

/** A record's review by the station: submitted → accepted, or returned with a reason and submitted again. */
export const MAINTENANCE_STATES = ['submitted', 'accepted', 'returned'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];
export const MAINTENANCE_STATE_LABELS: Record<MaintenanceState, string> = { submitted: '待审核', accepted: '已通过', returned: '已退回' };

/** How often a kind of facility must be maintained (configurable per district). */
export const MAINTENANCE_FREQUENCIES = ['monthly', 'quarterly'] as const;
export type MaintenanceFrequency = (typeof MAINTENANCE_FREQUENCIES)[number];

/** One check a record reports. */
export interface MaintenanceCheck {
  item: string;
  result: 'ok' | 'fault';
  note: string | null;
}
