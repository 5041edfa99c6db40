import { TZDate } from '@date-fns/tz';
import { addDays, addHours, endOfDay } from 'date-fns';
import type { Severity } from './vocabulary.ts';

/**
 * A district's hazard policy: deadlines and the escalation chain. Defaults follow the Erqi work
 * plan (seed 003): respond within 24 hours; serious violations acted on within 48 hours. Pure.
 */
export interface HazardPolicy {
  respondHours: number;
  rectifyDaysGeneral: number;
  rectifyDaysMajor: number;
  /** The levels an overdue hazard rises through, lowest first; its length is the maximum depth. */
  escalationChain: readonly string[];
  /** Hours of continued lateness between two escalation levels. */
  escalationIntervalHours: number;
  maxFilesPerHazard: number;
}

export const DEFAULT_POLICY: HazardPolicy = {
  respondHours: 24,
  rectifyDaysGeneral: 7,
  rectifyDaysMajor: 2,
  escalationChain: ['community', 'street', 'district_supervisor'],
  escalationIntervalHours: 24,
  maxFilesPerHazard: 20,
};

export const ESCALATION_LEVEL_LABELS: Record<string, string> = {
  community: '社区',
  street: '街道/镇',
  district_supervisor: '区包联监督员',
  committee: '区消安委',
};

/** Respond (受理) deadline: a number of hours after routing, to the minute. */
export function respondBy(routedAt: Date, policy: HazardPolicy): Date {
  return addHours(routedAt, policy.respondHours);
}

/**
 * Rectification deadline: the end of the tenant's local calendar day, N days after the day of
 * routing (so "7 days" given on Monday 09:00 in Shanghai ends next Monday 23:59:59.999 Shanghai
 * time, whatever the server's zone). A category may override the number of days.
 */
export function rectifyDue(routedAt: Date, severity: Severity, policy: HazardPolicy, timeZone: string, categoryDays?: number | null): Date {
  const days = categoryDays ?? (severity === 'major' ? policy.rectifyDaysMajor : policy.rectifyDaysGeneral);
  return new Date(endOfDay(addDays(new TZDate(routedAt.getTime(), timeZone), days)).getTime());
}

/** The deadline running in a state, if any: routed → respond, rectifying → rectify. */
export function runningDeadline(h: { state: string; respondBy: Date | null; dueAt: Date | null }): Date | null {
  if (h.state === 'routed') return h.respondBy;
  if (h.state === 'rectifying') return h.dueAt;
  return null;
}

export function isOverdue(h: { state: string; respondBy: Date | null; dueAt: Date | null }, now: Date): boolean {
  const deadline = runningDeadline(h);
  return deadline !== null && now.getTime() > deadline.getTime();
}

/**
 * The escalation level an overdue hazard should have reached at `now`: level 1 as soon as it is
 * late, one more per interval of continued lateness, capped at the chain's length. The sweep
 * raises hazards to this level (one recorded event per level), so running it twice changes nothing.
 */
export function expectedEscalationLevel(
  h: { state: string; respondBy: Date | null; dueAt: Date | null },
  now: Date,
  policy: HazardPolicy,
): number {
  return levelEarned(runningDeadline(h), now, policy);
}

/** The same rule for anything with a running deadline (tasks escalate like hazards). */
export function levelEarned(deadline: Date | null, now: Date, policy: HazardPolicy): number {
  if (!deadline || now.getTime() <= deadline.getTime()) return 0;
  const lateHours = (now.getTime() - deadline.getTime()) / 3_600_000;
  const level = 1 + Math.floor(lateHours / policy.escalationIntervalHours);
  return Math.min(level, policy.escalationChain.length);
}

/** When an overdue hazard reached (or will reach) a given level: the deadline plus whole intervals. */
export function escalationTime(deadline: Date, level: number, policy: HazardPolicy): Date {
  return addHours(deadline, (level - 1) * policy.escalationIntervalHours);
}

/**
 * 函告: an escalation of a hazard a department answers for is formally notified to it. The
 * departments to notify, as the escalation event records them (none: the event says nothing).
 */
export function formalNoticeTo(parties: readonly { kind: string; departmentId?: string | null; name: string }[]) {
  return parties.filter((p) => p.kind === 'department').map((p) => ({ departmentId: p.departmentId ?? null, name: p.name }));
}
