/**
 * ‹ 2026-11 ›: steps a YYYY-MM month back and forth (a duty's calendar, the coverage report); ‹ 2026-Q3 ›
 * likewise a YYYY-Qn quarter (the property companies' quarterly ranking).
 */
import { t } from '../i18n.ts';
import { shiftMonth, shiftQuarter } from '../time.ts';

export function MonthStepper(props: { month: string; setMonth: (month: string) => void; max?: string }) {
  return (
    <Stepper
      value={props.month}
      set={props.setMonth}
      max={props.max}
      shift={shiftMonth}
      prev={t('duty.prevMonth')}
      next={t('duty.nextMonth')}
    />
  );
}

export function QuarterStepper(props: { quarter: string; setQuarter: (quarter: string) => void; max: string }) {
  return (
    <Stepper
      value={props.quarter}
      set={props.setQuarter}
      max={props.max}
      shift={shiftQuarter}
      prev={t('rank.prevQuarter')}
      next={t('rank.nextQuarter')}
    />
  );
}

function Stepper(props: {
  value: string;
  set: (value: string) => void;
  max: string | undefined;
  shift: (value: string, n: number) => string;
  prev: string;
  next: string;
}) {
  const atMax = props.max !== undefined && props.value >= props.max;
  return (
    <div class="calendar-head">
      <button type="button" class="btn small" aria-label={props.prev} onClick={() => props.set(props.shift(props.value, -1))}>
        ‹
      </button>
      <strong aria-live="polite">{props.value}</strong>
      <button
        type="button"
        class="btn small"
        aria-label={props.next}
        disabled={atMax}
        onClick={() => props.set(props.shift(props.value, 1))}
      >
        ›
      </button>
    </div>
  );
}
