/** ‹ 2026-11 ›: steps a YYYY-MM month back and forth (a duty's calendar, the coverage report). */
import { t } from '../i18n.ts';
import { shiftMonth } from '../time.ts';

export function MonthStepper(props: { month: string; setMonth: (month: string) => void; max?: string }) {
  const atMax = props.max !== undefined && props.month >= props.max;
  return (
    <div class="calendar-head">
      <button type="button" class="btn small" aria-label={t('duty.prevMonth')} onClick={() => props.setMonth(shiftMonth(props.month, -1))}>
        ‹
      </button>
      <strong aria-live="polite">{props.month}</strong>
      <button type="button" class="btn small" aria-label={t('duty.nextMonth')} disabled={atMax} onClick={() => props.setMonth(shiftMonth(props.month, 1))}>
        ›
      </button>
    </div>
  );
}
