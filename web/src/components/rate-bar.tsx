/**
 * A rate (0–1) as a bar and a percentage: patrol coverage (覆盖率), facility integrity (完好率).
 * Null means there was nothing to count, shown as a dash rather than 0%.
 */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** Green from 90%, amber from 60%, red below. */
export const rateTone = (rate: number | null): string => (rate === null ? 'none' : rate >= 0.9 ? 'ok' : rate >= 0.6 ? 'warn' : 'bad');

export function RateBar(props: { rate: number | null; label: string }) {
  const text = percent(props.rate);
  return (
    <span class={`rate rate-${rateTone(props.rate)}`} data-rate={props.rate ?? ''}>
      <span class="bar" role="img" aria-label={`${props.label} ${text}`}>
        {props.rate ? <span style={{ width: `${Math.min(100, props.rate * 100)}%` }} /> : null}
      </span>
      <strong>{text}</strong>
    </span>
  );
}
