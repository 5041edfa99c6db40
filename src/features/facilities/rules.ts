import type { FacilityKind, MaintenanceFrequency } from './vocabulary.ts';

/**
 * The register's rules, pure and on calendar days (YYYY-MM-DD in the district's calendar): expiry
 * flags, the hazard category a facility fault is reported under, and when maintenance is due.
 */

/** Extinguishers (and anything else with an expiry date) are flagged this many days ahead. */
export const EXPIRY_WARNING_DAYS = 30;

export type Expiry = 'expiring' | 'expired';

/** YYYY-MM-DD plus `days` (calendar arithmetic, no time zone involved). */
export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * `expired` once the expiry day is past; `expiring` from `warnDays` before it up to and including
 * the day itself; null when far off or when the facility has no expiry date.
 */
export function expiryOf(expiresOn: string | null, today: string, warnDays = EXPIRY_WARNING_DAYS): Expiry | null {
  if (!expiresOn) return null;
  if (expiresOn < today) return 'expired';
  if (expiresOn <= addDaysIso(today, warnDays)) return 'expiring';
  return null;
}

/**
 * The hazard category (its code, DEFAULT_CATEGORIES) a fault of each kind is reported under: the
 * facility categories DOMAIN.md names (消火栓, 灭火器, 烟感, 应急照明 / 疏散指示), else 其他.
 */
export const HAZARD_CATEGORY_OF_KIND: Record<FacilityKind, string> = {
  hydrant: 'hydrant',
  extinguisher: 'extinguisher',
  smoke_alarm: 'smoke_alarm',
  emergency_light: 'emergency_light',
  exit_sign: 'emergency_light',
  alarm_system: 'other',
  sprinkler: 'other',
  control_room: 'other',
};

/**
 * The hazard categories that contradict a "normal" record of each kind: an open hazard or a failed
 * inspection item of one of these in the compound says otherwise. 其他 is too broad to contradict
 * anything by itself (those kinds are matched through the hazards their own fault records opened);
 * an automatic alarm system's detectors are smoke alarms.
 */
export const RELATED_CATEGORIES: Record<FacilityKind, readonly string[]> = {
  hydrant: ['hydrant'],
  extinguisher: ['extinguisher'],
  smoke_alarm: ['smoke_alarm'],
  alarm_system: ['smoke_alarm'],
  emergency_light: ['emergency_light'],
  exit_sign: ['emergency_light'],
  sprinkler: [],
  control_room: [],
};

/**
 * How often each kind must be maintained unless the district says otherwise. The Erqi plan (seed
 * 003, 四(七)4) makes property companies responsible for 日常巡检与维护 of the shared facilities and
 * has the street check their maintenance records 每季度 (quarterly); the everyday, first-response
 * equipment it lists as what breaks in old compounds (室内外消火栓状态、灭火器过期或配置不足、疏散指示标志
 * 和应急照明损坏, 四(七)1, and 按规定…定期检查维护灭火器、消防栓, 四(二)6) is checked monthly, so a
 * broken hydrant or a flat extinguisher waits at most a month; the automatic systems (自动消防设施:
 * alarm system, sprinklers) and the fire-control room, whose duty log is kept daily anyway
 * (消防控制室24小时值班, 四(一)3), are maintained by contractors on the quarter the street reviews.
 * Independent smoke alarms are not in the plan's lists: monthly, like the other household-level
 * devices it pushes (四(二)6, 四(七)5).
 */
export const DEFAULT_FREQUENCIES: Record<FacilityKind, MaintenanceFrequency> = {
  hydrant: 'monthly',
  extinguisher: 'monthly',
  emergency_light: 'monthly',
  exit_sign: 'monthly',
  smoke_alarm: 'monthly',
  alarm_system: 'quarterly',
  sprinkler: 'quarterly',
  control_room: 'quarterly',
};

export interface CalendarPeriod {
  /** 2026-11 or 2026-Q4. */
  key: string;
  /** First and last day. */
  startsOn: string;
  endsOn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The month or quarter holding a calendar day. */
export function calendarPeriod(frequency: MaintenanceFrequency, date: string): CalendarPeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = frequency === 'monthly' ? month : Math.floor((month - 1) / 3) * 3 + 1;
  const months = frequency === 'monthly' ? 1 : 3;
  const startsOn = `${year}-${pad(first)}-01`;
  const nextYear = first + months > 12 ? year + 1 : year;
  const nextMonth = ((first + months - 1) % 12) + 1;
  const endsOn = addDaysIso(`${nextYear}-${pad(nextMonth)}-01`, -1);
  const key = frequency === 'monthly' ? `${year}-${pad(month)}` : `${year}-Q${(first - 1) / 3 + 1}`;
  return { key, startsOn, endsOn };
}

const nextCalendarPeriod = (frequency: MaintenanceFrequency, p: CalendarPeriod) => calendarPeriod(frequency, addDaysIso(p.endsOn, 1));

export const DUE_STATUSES = ['ok', 'due', 'overdue'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];
export const DUE_STATUS_LABELS: Record<DueStatus, string> = { ok: '本期已维保', due: '本期待维保', overdue: '逾期未维保' };

export interface DueVerdict {
  status: DueStatus;
  /** ok: the end of the next period; due: the end of this period; overdue: the first deadline missed. */
  dueOn: string;
  /** The period the verdict is about (the current one, or the first one missed). */
  periodKey: string;
}

/**
 * Is a (compound, kind) up to date? A record in the current period: ok. Otherwise the first period
 * owed is the one after the last record's, or, when there never was one, the period in which the
 * kind was first registered there: if that is the current period the record is due by its end;
 * if it ended already, the record is overdue since then.
 */
export function maintenanceDue(input: {
  frequency: MaintenanceFrequency;
  lastOn: string | null;
  registeredOn: string;
  today: string;
}): DueVerdict {
  const { frequency, lastOn, registeredOn, today } = input;
  const current = calendarPeriod(frequency, today);
  if (lastOn && lastOn >= current.startsOn) {
    const next = nextCalendarPeriod(frequency, current);
    return { status: 'ok', dueOn: next.endsOn, periodKey: current.key };
  }
  const owed = lastOn
    ? nextCalendarPeriod(frequency, calendarPeriod(frequency, lastOn))
    : // biome-ignore lint/complexity/useMathMinMax: ISO dates are strings; Math.min would turn them into NaN
      calendarPeriod(frequency, registeredOn < today ? registeredOn : today);
  if (owed.startsOn >= current.startsOn) return { status: 'due', dueOn: current.endsOn, periodKey: current.key };
  return { status: 'overdue', dueOn: owed.endsOn, periodKey: owed.key };
}

/** 设施完好率: working units over all units (by count); null when the register holds none. */
export function integrityRate(counts: { working: number; faulty: number; missing: number }): number | null {
  const all = counts.working + counts.faulty + counts.missing;
  return all === 0 ? null : Math.round((counts.working / all) * 10_000) / 10_000;
}
