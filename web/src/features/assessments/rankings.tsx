/**
 * 排名与趋势: the units of one kind ranked for a month (property companies also by quarter, as
 * the Erqi plan publishes them), with the change against the previous period, a bar chart of the
 * scores and the trend of the leading units over 12 months. Stations, communities and companies
 * see their own units' published figures only (the server decides).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorText, hasCode } from '../../api.ts';
import type { Me, Ranking, RankingItem } from '../../api-types.ts';
import { CsvButton, type CsvColumn } from '../../components/csv.tsx';
import { LazyChart as Chart } from '../../components/lazy-chart.tsx';
import { MonthStepper, QuarterStepper } from '../../components/month-stepper.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { getLang, label, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { lastMonth, lastQuarter, localDate, quarterOf } from '../../time.ts';
import type { UnitKind } from '../../vocabulary.ts';
import { useRanking } from './assessment-unit.tsx';
import {
  assessmentUi,
  byRank,
  Change,
  FlagCount,
  KindSwitch,
  RankMove,
  ScoreChip,
  scoreBarOption,
  scoreText,
  trendOption,
  VetoBadge,
} from './score.tsx';

type Period = 'month' | 'quarter';

const ui = assessmentUi;

/** A user's own kind of unit first: a property company's, a community's, else the streets. */
function ownKind(me: Me): UnitKind {
  if (me.roles.some((r) => r.companyId)) return 'company';
  if (me.roles.some((r) => r.role === 'community_staff')) return 'community';
  return 'street';
}

/** Units drawn in the trend chart. */
const TREND_UNITS = 5;

export function RankingsPage(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const thisMonth = localDate(tz).slice(0, 7);
  const [kind, setKind] = useState<UnitKind>(ui.kind ?? ownKind(me));
  const [month, setMonth] = useState(ui.month ?? lastMonth(tz));
  const [quarter, setQuarter] = useState(ui.quarter ?? lastQuarter(tz));
  const [period, setPeriod] = useState<Period>(ui.period);
  const byQuarter = kind === 'company' && period === 'quarter';
  const loaded = useRanking({ kind, ...(byQuarter ? { quarter } : { month }), months: 12 });
  const ranking = loaded.data ?? null;
  /** Why there is nothing to show, when the server says so (a quarter not fully published). */
  const notice = hasCode(loaded.error, 'ranking_quarter_incomplete') ? errorText(loaded.error) : null;
  const error = notice ? null : loaded.error;
  useEffect(() => {
    Object.assign(ui, { kind, month, quarter, period });
  }, [kind, month, quarter, period]);

  const items = [...(ranking?.items ?? [])].sort(byRank);
  const bars = useMemo(
    () => scoreBarOption(items.map((i) => ({ name: i.unitName, score: i.final, vetoed: i.vetoed }))),
    [ranking, getLang()],
  );
  const top = useMemo(() => {
    if (!ranking) return [];
    const leaders = items.slice(0, TREND_UNITS).map((i) => i.unitId);
    const series = ranking.trend.series.filter((s) => leaders.includes(s.unitId));
    return series.length ? series : ranking.trend.series.slice(0, TREND_UNITS);
  }, [ranking, getLang()]);
  const trend = useMemo(
    () =>
      ranking && top.length
        ? trendOption(
            ranking.trend.months,
            top.map((s) => ({ name: s.unitName, values: s.values })),
            { max: 100 },
          )
        : null,
    [top, getLang()],
  );
  const periodText = byQuarter ? quarter : month;
  const canOpen = me.permissions.includes('assessments.manage');

  const columns: CsvColumn<RankingItem>[] = [
    { label: t('asmt.rank'), value: (i) => i.rank },
    { label: t('rank.previousRankLabel'), value: (i) => i.previousRank },
    { label: t('asmt.unit'), value: (i) => i.unitName },
    { label: t('asmt.parent'), value: (i) => i.parentName },
    { label: t('asmt.final'), value: (i) => i.final },
    { label: t('rank.previousLabel'), value: (i) => i.previousFinal },
    { label: t('rank.change'), value: (i) => i.change },
    { label: t('asmt.veto'), value: (i) => (i.vetoed ? label('adjKind', 'veto') : '') },
    { label: t('asmt.flags'), value: (i) => i.flags },
  ];

  return (
    <section class="page rankings-page" aria-labelledby="page-title" data-testid="rankings">
      <div class="page-head">
        <h1 id="page-title">{t('nav.rankings')}</h1>
      </div>
      <div class="period-tools">
        <KindSwitch kind={kind} setKind={setKind} />
        {kind === 'company' ? (
          <div class="segmented period-switch" role="radiogroup" aria-label={t('rank.period')}>
            {(['quarter', 'month'] as const).map((p) => (
              <label key={p} class={period === p ? 'seg active' : 'seg'}>
                <input type="radio" name="period" value={p} checked={period === p} onChange={() => setPeriod(p)} />
                {t(p === 'quarter' ? 'rank.byQuarter' : 'rank.byMonth')}
              </label>
            ))}
          </div>
        ) : null}
        {byQuarter ? (
          <QuarterStepper quarter={quarter} setQuarter={setQuarter} max={quarterOf(thisMonth)} />
        ) : (
          <MonthStepper month={month} setMonth={setMonth} max={thisMonth} />
        )}
      </div>
      {byQuarter ? <p class="muted small">{t('rank.quarterExplain')}</p> : null}
      <ErrorBox error={error} onRetry={loaded.refresh} />
      {notice ? (
        <p class="empty" data-testid="rank-notice">
          {notice}
        </p>
      ) : null}
      {!ranking && !error && !notice ? <Spinner /> : null}
      {ranking ? (
        <>
          {!ranking.published && items.length ? <p class="alert info-alert">{t('rank.notAllPublished')}</p> : null}
          {items.length ? (
            <>
              <section class="asmt-section" aria-labelledby="rank-title">
                <div class="section-head">
                  <h2 id="rank-title">{t('rank.tableTitle', { kind: label('unitKind', kind), period: periodText })}</h2>
                  <CsvButton
                    name={`${t('nav.rankings')}-${label('unitKind', kind)}-${periodText}`}
                    columns={columns}
                    rows={items}
                    testId="rankings-csv"
                  />
                </div>
                <table class="table rank-table" data-testid="rank-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('asmt.rank')}</th>
                      <th scope="col">{t('asmt.unit')}</th>
                      <th scope="col">{t('asmt.parent')}</th>
                      <th scope="col">{t('asmt.final')}</th>
                      <th scope="col">{byQuarter ? t('rank.changeQuarter') : t('rank.changeMonth')}</th>
                      <th scope="col">{t('asmt.flags')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((i) => (
                      <tr key={i.unitId} data-testid="rank-row" data-unit={i.unitName}>
                        <td data-label={t('asmt.rank')}>
                          <RankMove rank={i.rank} previous={i.previousRank} />
                        </td>
                        <td class="primary" data-label={t('asmt.unit')}>
                          {canOpen && !byQuarter ? (
                            <a href={`/assessments/${month}/units/${encodeURIComponent(i.unitId)}`} onClick={linkClick}>
                              {i.unitName}
                            </a>
                          ) : (
                            i.unitName
                          )}
                        </td>
                        <td data-label={t('asmt.parent')}>{i.parentName ?? '—'}</td>
                        <td data-label={t('asmt.final')}>
                          <ScoreChip score={i.final} vetoed={i.vetoed} /> {i.vetoed ? <VetoBadge /> : null}
                        </td>
                        <td data-label={byQuarter ? t('rank.changeQuarter') : t('rank.changeMonth')}>
                          <Change change={i.change} previous={i.previousFinal} />
                        </td>
                        <td data-label={t('asmt.flags')}>
                          <FlagCount flags={i.flags} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <div class="chart-pair">
                <section class="card" aria-labelledby="bars-title">
                  <h2 id="bars-title">{t('rank.barsTitle')}</h2>
                  <Chart
                    option={bars}
                    label={t('asmt.barsOf', { kind: label('unitKind', kind) })}
                    height={Math.max(160, items.length * 24 + 30)}
                    testId="rank-bars"
                  />
                </section>
                {trend ? (
                  <section class="card" aria-labelledby="trend-title">
                    <h2 id="trend-title">{t('asmt.trendTop', { n: top.length, months: ranking.trend.months.length })}</h2>
                    <Chart
                      option={trend}
                      label={t('asmt.trendTop', { n: top.length, months: ranking.trend.months.length })}
                      height={280}
                      testId="rank-trend"
                    />
                    <TrendTable
                      months={ranking.trend.months}
                      series={top}
                      name={`${t('nav.rankings')}-${label('unitKind', kind)}-${t('rank.trendFile')}`}
                    />
                  </section>
                ) : null}
              </div>
            </>
          ) : (
            <p class="empty">{t('rank.none', { period: periodText })}</p>
          )}
        </>
      ) : null}
    </section>
  );
}

/** The trend's figures as a table too (screen readers, and the CSV). */
function TrendTable(props: { months: string[]; series: Ranking['trend']['series']; name: string }) {
  const columns: CsvColumn<Ranking['trend']['series'][number]>[] = [
    { label: t('asmt.unit'), value: (s) => s.unitName },
    ...props.months.map((m, i) => ({ label: m, value: (s: Ranking['trend']['series'][number]) => s.values[i] ?? null })),
  ];
  return (
    <details class="trend-table">
      <summary>{t('rank.trendFigures')}</summary>
      <div class="scroll-x">
        <table class="bulletin-table">
          <thead>
            <tr>
              <th scope="col">{t('asmt.unit')}</th>
              {props.months.map((m) => (
                <th key={m} scope="col">
                  {m.slice(2)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.series.map((s) => (
              <tr key={s.unitId}>
                <th scope="row">{s.unitName}</th>
                {s.values.map((v, i) => (
                  <td key={i}>{scoreText(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvButton name={props.name} columns={columns} rows={props.series} />
    </details>
  );
}
