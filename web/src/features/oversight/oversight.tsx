/**
 * 各区考核对比, the oversight office's page (上级消安委, its landing page): the districts of its
 * jurisdiction ranked for a month on the standard oversight rubric, from their published months
 * only; small multiples of the indicator trends (one small chart per district, same scale, so
 * they compare at a glance); and one district's breakdown — indicators and aggregate counts
 * (hazards reported, fixed, overdue; places patrolled, inspected). Never a single record.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { DistrictRow, DistrictTrend, Me } from '../../api-types.ts';
import { CsvButton, type CsvColumn } from '../../components/csv.tsx';
import { LazyChart as Chart, ChartLegend, type ChartOption } from '../../components/lazy-chart.tsx';
import { MonthStepper } from '../../components/month-stepper.tsx';
import { percent } from '../../components/rate-bar.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { useData } from '../../data.ts';
import { getLang, label, t } from '../../i18n.ts';
import { rowClick } from '../../router.ts';
import { dateOnly, lastMonth, localDate } from '../../time.ts';
import type { IndicatorKey } from '../../vocabulary.ts';
import {
  AggregateStats,
  assessmentUi,
  Change,
  IndicatorBreakdown,
  indicatorCsvColumns,
  indicatorLabel,
  ScoreChip,
  trendOption,
} from '../assessments/score.tsx';

const ui = assessmentUi;

/** The aggregate counts shown as columns of the ranking, in this order. */
const COUNT_COLUMNS = ['hazardsReported', 'hazardsFixed', 'hazardsOverdue', 'placesPatrolled', 'placesInspected'] as const;

export function OversightPage(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const thisMonth = localDate(tz).slice(0, 7);
  const [month, setMonth] = useState(ui.month ?? lastMonth(tz));
  const query = { month };
  const loaded = useData(['/oversight/districts', query], (signal) =>
    ok(client.GET('/oversight/districts', { params: { query }, signal })),
  );
  const data = loaded.data;
  const error = loaded.error;
  const [chosen, setChosen] = useState<string | null>(null);
  const [focus, setFocus] = useState(ui.focus);
  useEffect(() => {
    ui.month = month;
  }, [month]);
  useEffect(() => {
    ui.focus = focus;
  }, [focus]);

  const districts = [...(data?.districts ?? [])].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (b.score ?? -1) - (a.score ?? -1));
  const keys: IndicatorKey[] = districts[0]?.indicators.map((i) => i.key) ?? [];
  // The district chosen stays picked from month to month while it is there; else the first.
  const picked = chosen && data?.districts.some((d) => d.tenantId === chosen) ? chosen : (data?.districts[0]?.tenantId ?? null);
  const district = districts.find((d) => d.tenantId === picked) ?? null;

  const columns: CsvColumn<DistrictRow>[] = [
    { label: t('asmt.rank'), value: (d) => d.rank },
    { label: t('ovs.district'), value: (d) => d.name },
    { label: t('ovs.slug'), value: (d) => d.slug },
    { label: t('ovs.score'), value: (d) => d.score },
    { label: t('rank.previousLabel'), value: (d) => d.previousScore },
    { label: t('rank.change'), value: (d) => d.change },
    ...keys.map((k) => ({
      label: `${indicatorLabel(k)} (%)`,
      value: (d: DistrictRow) => {
        const v = d.indicators.find((i) => i.key === k)?.value ?? null;
        return v === null ? null : Math.round(v * 10000) / 100;
      },
    })),
    ...Object.keys(districts[0]?.aggregates ?? {}).map((k) => ({
      label: label('aggregate', k),
      value: (d: DistrictRow) => d.aggregates[k] ?? null,
    })),
    { label: t('asmt.revision'), value: (d) => d.revision },
    { label: t('asmt.publishedAtLabel'), value: (d) => dateOnly(d.publishedAt, tz) },
  ];

  return (
    <section class="page oversight-page" aria-labelledby="page-title" data-testid="oversight">
      <div class="page-head">
        <h1 id="page-title">{t('nav.oversight')}</h1>
      </div>
      <div class="period-tools">
        <MonthStepper month={month} setMonth={setMonth} max={thisMonth} />
      </div>
      <p class="muted small">{t('ovs.explain', { rubric: data ? rubricLabel(data.rubricVersion) : '…' })}</p>
      <ErrorBox error={error} onRetry={loaded.refresh} />
      {!data && !error ? <Spinner /> : null}
      {data ? (
        <>
          <section class="asmt-section" aria-labelledby="ovs-rank-title">
            <div class="section-head">
              <h2 id="ovs-rank-title">{t('ovs.ranking', { month })}</h2>
              <CsvButton name={`${t('nav.oversight')}-${month}`} columns={columns} rows={districts} testId="oversight-csv" />
            </div>
            {districts.length ? (
              <div class="scroll-x">
                <table class="table ovs-table" data-testid="ovs-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('asmt.rank')}</th>
                      <th scope="col">{t('ovs.district')}</th>
                      <th scope="col">{t('ovs.score')}</th>
                      <th scope="col">{t('rank.changeMonth')}</th>
                      {keys.map((k) => (
                        <th key={k} scope="col">
                          {indicatorLabel(k)}
                        </th>
                      ))}
                      {COUNT_COLUMNS.map((k) => (
                        <th key={k} scope="col">
                          {label('aggregate', k)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {districts.map((d) => (
                      <tr
                        key={d.tenantId}
                        class={d.tenantId === picked ? 'picked-row clickable' : 'clickable'}
                        onClick={rowClick(() => setChosen(d.tenantId))}
                        data-testid="ovs-row"
                        data-district={d.name}
                        data-rank={d.rank ?? ''}
                      >
                        <td data-label={t('asmt.rank')} class="num">
                          <strong>{d.rank ?? '—'}</strong>
                        </td>
                        <td class="primary" data-label={t('ovs.district')}>
                          <button
                            type="button"
                            class="link-button"
                            aria-pressed={d.tenantId === picked}
                            onClick={() => setChosen(d.tenantId)}
                          >
                            {d.name}
                          </button>
                        </td>
                        <td data-label={t('ovs.score')}>
                          <ScoreChip score={d.score} />
                        </td>
                        <td data-label={t('rank.changeMonth')}>
                          <Change change={d.change} previous={d.previousScore} />
                        </td>
                        {keys.map((k) => (
                          <td key={k} data-label={indicatorLabel(k)} class="num">
                            {percent(d.indicators.find((i) => i.key === k)?.value ?? null)}
                          </td>
                        ))}
                        {COUNT_COLUMNS.map((k) => (
                          <td
                            key={k}
                            data-label={label('aggregate', k)}
                            class={k === 'hazardsOverdue' && (d.aggregates[k] ?? 0) > 0 ? 'num bad-text' : 'num'}
                          >
                            {d.aggregates[k] ?? '—'}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="empty">{t('ovs.none', { month })}</p>
            )}
            {data.unpublished.length ? (
              <p class="muted small" data-testid="ovs-unpublished">
                {t('ovs.unpublished', { names: data.unpublished.map((u) => u.name).join('、') })}
              </p>
            ) : null}
          </section>

          {districts.length ? (
            <section class="asmt-section" aria-labelledby="ovs-multiples-title">
              <div class="section-head">
                <h2 id="ovs-multiples-title">{t('ovs.multiples')}</h2>
                <label class="focus-pick">
                  <span>{t('ovs.show')}</span>
                  <select value={focus} onChange={(e) => setFocus(e.currentTarget.value)}>
                    <option value="all">{t('ovs.allIndicators')}</option>
                    <option value="score">{t('ovs.score')}</option>
                    {keys.map((k) => (
                      <option key={k} value={k}>
                        {indicatorLabel(k)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <p class="muted small">{t('ovs.multiplesExplain')}</p>
              <ChartLegend
                names={
                  focus === 'all' ? keys.map(indicatorLabel) : [focus === 'score' ? t('ovs.score') : indicatorLabel(focus as IndicatorKey)]
                }
              />
              <div class="multiples" data-testid="ovs-multiples">
                {districts.map((d) => (
                  <SmallMultiple
                    key={d.tenantId}
                    district={d}
                    month={month}
                    focus={focus}
                    keys={keys}
                    picked={d.tenantId === picked}
                    onPick={() => setChosen(d.tenantId)}
                  />
                ))}
              </div>
            </section>
          ) : null}

          {district ? <Breakdown district={district} month={month} tz={tz} /> : null}
        </>
      ) : null}
    </section>
  );
}

/** Trends load a few at a time: one per district of the jurisdiction at once would flood the server. */
const trendTurns = turns(4);

/** `task`s run `n` at a time, the others waiting their turn in order. */
function turns(n: number) {
  let free = n;
  const waiting: (() => void)[] = [];
  return async <T,>(task: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((start) => waiting.push(start));
    try {
      return await task();
    } finally {
      // The turn passes straight to the next one waiting, so nobody starts ahead of it.
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/**
 * A district's trend over the 12 months up to `month` (the small multiple and the breakdown share
 * it); 'failed' when it could not be loaded, undefined while it loads.
 */
function useDistrictTrend(tenantId: string, month: string): DistrictTrend | 'failed' | undefined {
  const query = { months: 12, until: month };
  const trend = useData(['/oversight/districts/{tenantId}/trend', tenantId, query], (signal) =>
    trendTurns(() => ok(client.GET('/oversight/districts/{tenantId}/trend', { params: { path: { tenantId }, query }, signal }))),
  );
  return trend.data ?? (trend.error ? 'failed' : undefined);
}

/** The series of a trend: the score (0–100), or indicators as percentages (also 0–100). */
function seriesOf(trend: DistrictTrend, focus: string, keys: IndicatorKey[]): { name: string; values: (number | null)[] }[] {
  const at = (p: DistrictTrend['points'][number], k: IndicatorKey) => {
    const v = p?.indicators.find((i) => i.key === k)?.value;
    return v === null || v === undefined ? null : Math.round(v * 1000) / 10;
  };
  if (focus === 'score') return [{ name: t('ovs.score'), values: trend.points.map((p) => p?.score ?? null) }];
  const shown = focus === 'all' ? keys : keys.filter((k) => k === focus);
  return shown.map((k) => ({ name: indicatorLabel(k), values: trend.points.map((p) => at(p, k)) }));
}

function SmallMultiple(props: {
  district: DistrictRow;
  month: string;
  focus: string;
  keys: IndicatorKey[];
  picked: boolean;
  onPick: () => void;
}) {
  const { district: d } = props;
  const trend = useDistrictTrend(d.tenantId, props.month);
  const option = useMemo<ChartOption | null>(
    () =>
      trend && trend !== 'failed'
        ? trendOption(trend.months, seriesOf(trend, props.focus, props.keys), { max: 100, compact: true, legend: false })
        : null,
    [trend, props.focus, getLang()],
  );
  return (
    <article class={props.picked ? 'card multiple is-picked' : 'card multiple'} data-testid="ovs-multiple" data-district={d.name}>
      <div class="card-head">
        <h3>
          <button type="button" class="link-button" onClick={props.onPick}>
            {d.rank ? `${d.rank}. ` : ''}
            {d.name}
          </button>
        </h3>
        <ScoreChip score={d.score} />
      </div>
      {trend === 'failed' ? (
        <p class="muted small">{t('ovs.trendFailed')}</p>
      ) : option ? (
        <Chart option={option} label={t('ovs.trendOf', { name: d.name })} height={170} class="small-chart" />
      ) : (
        <p class="muted small" role="status">
          {t('common.loading')}
        </p>
      )}
    </article>
  );
}

function Breakdown(props: { district: DistrictRow; month: string; tz: string }) {
  const d = props.district;
  const loaded = useDistrictTrend(d.tenantId, props.month);
  const trend = loaded && loaded !== 'failed' ? loaded : null;
  const scoreOption = useMemo(
    () =>
      trend
        ? trendOption(trend.months, [{ name: t('ovs.score'), values: trend.points.map((p) => p?.score ?? null) }], {
            max: 100,
            legend: false,
          })
        : null,
    [trend, getLang()],
  );
  const countsOption = useMemo<ChartOption | null>(() => {
    if (!trend) return null;
    const keys = ['hazardsReported', 'hazardsFixed', 'hazardsOverdue'];
    return {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: trend.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: keys.map((k) => ({ type: 'bar', name: label('aggregate', k), data: trend.points.map((p) => p?.aggregates[k] ?? null) })),
    };
  }, [trend, getLang()]);
  const aggregateRows = Object.entries(d.aggregates).map(([key, value]) => ({ key, value }));
  return (
    <section
      class="asmt-section card ovs-breakdown"
      aria-labelledby="ovs-breakdown-title"
      data-testid="ovs-breakdown"
      data-district={d.name}
    >
      <div class="card-head">
        <h2 id="ovs-breakdown-title">{t('ovs.breakdown', { name: d.name, month: props.month })}</h2>
        <ScoreChip score={d.score} big />
      </div>
      <p class="muted small">
        {t('asmt.revisionN', { n: d.revision })} · {t('asmt.publishedAt', { at: dateOnly(d.publishedAt, props.tz) })}
        {d.rank ? ` · ${t('ovs.rankOf', { rank: d.rank })}` : ''}
      </p>
      <AggregateStats counts={d.aggregates} />
      <div class="section-head">
        <h3>{t('asmt.indicators')}</h3>
        <span class="head-actions">
          <CsvButton name={`${d.name}-${props.month}-${t('asmt.indicators')}`} columns={indicatorCsvColumns()} rows={d.indicators} />
          <CsvButton
            label={t('ovs.countsCsv')}
            name={`${d.name}-${props.month}-${t('ovs.counts')}`}
            columns={[
              { label: t('ovs.countName'), value: (r: { key: string; value: number }) => label('aggregate', r.key) },
              { label: t('ovs.countValue'), value: (r: { key: string; value: number }) => r.value },
            ]}
            rows={aggregateRows}
          />
        </span>
      </div>
      <IndicatorBreakdown indicators={d.indicators} linked={false} testId="ovs-indicators" />
      {scoreOption ? (
        <div class="chart-pair">
          <div>
            <h3>{t('ovs.scoreTrend')}</h3>
            <Chart option={scoreOption} label={t('ovs.trendOf', { name: d.name })} height={220} testId="ovs-score-trend" />
          </div>
          <div>
            <h3>{t('ovs.countsTrend')}</h3>
            <Chart option={countsOption!} label={t('ovs.countsTrend')} height={220} />
          </div>
        </div>
      ) : null}
      <p class="muted small">{t('ovs.privacy')}</p>
    </section>
  );
}

/** "oversight-2026.1" as people read it: "2026 年版第 1 版" / "2026 edition, version 1"; other ids as they are. */
function rubricLabel(id: string): string {
  const m = /^oversight-(\d{4})\.(\d+)$/.exec(id);
  return m ? t('ovs.rubricVersion', { year: m[1]!, n: m[2]! }) : id;
}
