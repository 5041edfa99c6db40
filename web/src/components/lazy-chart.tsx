/**
 * A chart that loads ECharts (chart.tsx, a chunk of its own) the first time one is shown: a
 * placeholder of the chart's height until then, and a retry if the chunk could not be fetched.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { ChartProps } from './chart.tsx';
import { CHART_COLORS } from './chart-colors.ts';

export type { ChartOption } from './chart.tsx';

/** A legend in HTML for charts drawn without their own (small multiples share one). */
export function ChartLegend(props: { names: string[] }) {
  return (
    <ul class="chart-legend">
      {props.names.map((n, i) => (
        <li key={n}>
          <span class="swatch" style={{ background: CHART_COLORS[i % CHART_COLORS.length] }} aria-hidden="true" />
          {n}
        </li>
      ))}
    </ul>
  );
}

type ChartModule = typeof import('./chart.tsx');
let loading: Promise<ChartModule> | null = null;

function loadChart(): Promise<ChartModule> {
  loading ??= import('./chart.tsx').catch((error: unknown) => {
    loading = null; // a later attempt fetches again
    throw error;
  });
  return loading;
}

let loaded: ChartModule | null = null;

export function LazyChart(props: ChartProps) {
  const [mod, setMod] = useState<ChartModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (mod) return;
    let live = true;
    setFailed(false);
    loadChart().then(
      (m) => {
        loaded = m;
        if (live) setMod(m);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  if (mod) return <mod.Chart {...props} />;
  return (
    <figure class={`chart ${props.class ?? ''}`} data-testid={props.testId} data-state={failed ? 'failed' : 'loading'}>
      <div class="chart-canvas chart-placeholder" style={{ height: `${props.height ?? 260}px` }}>
        {failed ? (
          <p class="chart-note">
            <span class="muted small">{t('chart.failed')}</span>
            <button type="button" class="btn small" onClick={() => setAttempt((n) => n + 1)}>
              {t('app.retry')}
            </button>
          </p>
        ) : (
          <p class="chart-note muted small" role="status">
            {t('chart.loading')}
          </p>
        )}
      </div>
    </figure>
  );
}
