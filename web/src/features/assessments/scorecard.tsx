/**
 * 考核得分: the scorecard of a street's station, a community or a property company — the
 * published monthly scores of its own units (never a draft), each with its indicators as bars,
 * the rank, the flags and a tap to the full breakdown; the 12-month trend; for a property company
 * its quarterly result too. /scorecard/{month}/units/{id} is one unit's breakdown.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Me, UnitScore } from '../../api-types.ts';
import { CsvButton, type CsvColumn } from '../../components/csv.tsx';
import { LazyChart as Chart } from '../../components/lazy-chart.tsx';
import { MonthStepper } from '../../components/month-stepper.tsx';
import { RateBar, rateTone } from '../../components/rate-bar.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { getLang, label, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { dateOnly, lastQuarter, localDate } from '../../time.ts';
import { INDICATORS, UNIT_KINDS, type UnitKind } from '../../vocabulary.ts';
import { useAssessment, useRanking } from './assessment-unit.tsx';
import {
  assessmentUi,
  byRank,
  FlagCount,
  indicatorLabel,
  indicatorValue,
  monthFromAddress,
  ScoreChip,
  scoreText,
  signed,
  trendOption,
  VetoBadge,
} from './score.tsx';

const ui = assessmentUi;

export function Scorecard(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const thisMonth = localDate(tz).slice(0, 7);
  const [month, setMonth] = useState(() => monthFromAddress(tz));
  const loaded = useAssessment(month, null);
  const data = loaded.data;
  useEffect(() => {
    ui.month = month;
    history.replaceState(null, '', `/scorecard?month=${month}`);
  }, [month]);

  // A property company's quarterly result (published by quarter); without it the scorecard is whole.
  const isCompany = me.roles.some((r) => r.companyId);
  const quarterly = useRanking({ kind: 'company', quarter: lastQuarter(tz), months: 12 }, { enabled: isCompany }).data;

  const units = [...(data?.units ?? [])].sort((a, b) => UNIT_KINDS.indexOf(a.unitKind) - UNIT_KINDS.indexOf(b.unitKind) || byRank(a, b));
  const mine = new Set(units.map((u) => u.unitId));
  const quarterRows = (quarterly?.items ?? []).filter((i) => !mine.size || mine.has(i.unitId));

  const columns: CsvColumn<UnitScore>[] = [
    { label: t('asmt.unitKind'), value: (u) => label('unitKind', u.unitKind) },
    { label: t('asmt.unit'), value: (u) => u.unitName },
    { label: t('asmt.rank'), value: (u) => u.rank },
    { label: t('asmt.final'), value: (u) => u.final },
    { label: t('asmt.base'), value: (u) => u.base },
    { label: t('asmt.adjustment'), value: (u) => u.adjustment },
    ...(units[0]?.indicators ?? []).map((ind) => ({
      label: indicatorLabel(ind.key),
      value: (u: UnitScore) => indicatorValue(ind.key, u.indicators.find((i) => i.key === ind.key)?.value ?? null),
    })),
  ];

  return (
    <section class="page scorecard-page" aria-labelledby="page-title" data-testid="scorecard">
      <div class="page-head">
        <h1 id="page-title">{t('nav.scorecard')}</h1>
        <CsvButton name={`${t('nav.scorecard')}-${month}`} columns={columns} rows={units} />
      </div>
      <div class="period-tools">
        <MonthStepper month={month} setMonth={setMonth} max={thisMonth} />
      </div>
      <p class="muted small">{t('score.explain')}</p>
      <ErrorBox error={loaded.error} onRetry={loaded.refresh} />
      {!data && !loaded.error ? <Spinner /> : null}
      {data ? (
        data.revision === null || !units.length ? (
          <p class="empty" data-testid="scorecard-empty">
            {data.revision === null ? t('score.notPublished', { month }) : t('score.noUnits')}
          </p>
        ) : (
          <>
            <p class="muted small">
              {t('asmt.revisionN', { n: data.revision.revision })} ·{' '}
              {t('asmt.publishedAt', { at: dateOnly(data.revision.publishedAt, tz) })}
            </p>
            <div class="score-cards">
              {units.map((u) => (
                <UnitCard key={u.unitId} unit={u} month={month} />
              ))}
            </div>
            {UNIT_KINDS.map((kind) =>
              units.some((u) => u.unitKind === kind) ? <KindTrend key={kind} kind={kind} month={month} mine={mine} /> : null,
            )}
          </>
        )
      ) : null}
      {quarterly && quarterRows.length ? (
        <section class="card asmt-section" aria-labelledby="quarter-title" data-testid="quarterly">
          <h2 id="quarter-title">{t('score.quarterly', { quarter: quarterly.period })}</h2>
          {!quarterly.published ? <p class="muted small">{t('rank.notAllPublished')}</p> : null}
          <ul class="quarter-list">
            {quarterRows.map((i) => (
              <li key={i.unitId}>
                <strong>{i.unitName}</strong> <ScoreChip score={i.final} vetoed={i.vetoed} />{' '}
                {i.rank ? t('score.rankOf', { rank: i.rank }) : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

function UnitCard(props: { unit: UnitScore; month: string }) {
  const u = props.unit;
  return (
    <article class="card score-card" data-testid="score-card" data-unit={u.unitName}>
      <div class="card-head">
        <div>
          <h2>{u.unitName}</h2>
          <p class="muted small">
            {label('unitKind', u.unitKind)}
            {u.parentName ? ` · ${u.parentName}` : ''}
          </p>
        </div>
        <ScoreChip score={u.final} vetoed={u.vetoed} big />
      </div>
      <p class="score-line">
        {u.rank ? <span>{t('score.rankOf', { rank: u.rank })}</span> : null}
        <span>
          {t('asmt.base')} {scoreText(u.base)}
        </span>
        {u.adjustment ? (
          <span>
            {t('asmt.adjustment')} {signed(u.adjustment)}
          </span>
        ) : null}
        {u.vetoed ? <VetoBadge /> : null}
        {u.flags.length ? <FlagCount flags={u.flags} /> : null}
      </p>
      <ul class="score-indicators">
        {u.indicators.map((i) => (
          <li key={i.key} data-key={i.key}>
            <span class="ind-name">{indicatorLabel(i.key)}</span>
            {i.value === null ? (
              <span class="no-data">{t('asmt.noData')}</span>
            ) : INDICATORS[i.key].measure === 'rate' && INDICATORS[i.key].better === 'higher' ? (
              <RateBar rate={i.value} label={indicatorLabel(i.key)} />
            ) : INDICATORS[i.key].measure === 'rate' ? (
              // Lower is better (rework, extensions, rebounds): no bar that would read as "more is good".
              <strong class={`low-better tone-${rateTone(1 - i.value)}`}>{indicatorValue(i.key, i.value)}</strong>
            ) : (
              <strong>{indicatorValue(i.key, i.value)}</strong>
            )}
            <span class="muted small ind-points">
              {i.points === null ? '—' : scoreText(i.points)}/{scoreText(i.weight)}
            </span>
          </li>
        ))}
      </ul>
      <a class="btn block" href={`/scorecard/${props.month}/units/${encodeURIComponent(u.unitId)}`} onClick={linkClick}>
        {t('score.details')}
      </a>
    </article>
  );
}

/** The trend of the caller's units of one kind, from the rankings; nothing when they fail or do not have them. */
function KindTrend(props: { kind: UnitKind; month: string; mine: Set<string> }) {
  const trend = useRanking({ kind: props.kind, month: props.month, months: 12 }).data?.trend;
  // Built once per answer (and language): a new option each render would redraw the chart.
  const mine = [...props.mine].sort().join();
  const option = useMemo(() => {
    const series = trend?.series.filter((s) => props.mine.has(s.unitId)) ?? [];
    return trend && series.length
      ? trendOption(
          trend.months,
          series.map((s) => ({ name: s.unitName, values: s.values })),
          { max: 100, legend: series.length > 1 },
        )
      : null;
  }, [trend, mine, getLang()]);
  if (!trend || !option) return null;
  return (
    <section class="card asmt-section" aria-labelledby={`trend-${props.kind}`}>
      <h2 id={`trend-${props.kind}`}>{t('score.trend', { kind: label('unitKind', props.kind), n: trend.months.length })}</h2>
      <Chart
        option={option}
        label={t('score.trend', { kind: label('unitKind', props.kind), n: trend.months.length })}
        height={220}
        testId="score-trend"
      />
    </section>
  );
}
