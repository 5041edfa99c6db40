/**
 * One unit's score for a month, explained: the final score and how it was made (rubric points,
 * adjustments, veto), each indicator with its formula, value (or "无数据") and points, opening to
 * the hazards, tasks, places or records it counted as kept with the snapshot; the anti-gaming
 * flags with their hazards; the adjustments; and the unit's trend. The committee reaches it from
 * the assessment, a station, community or company from its scorecard.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, qs } from '../api.ts';
import { CsvButton, type CsvColumn } from '../components/csv.tsx';
import { BackLink, LoadFailed, useDocumentTitle } from '../components/detail-page.tsx';
import { LazyChart as Chart, type ChartOption } from '../components/lazy-chart.tsx';
import { EvidenceThumb } from '../components/photos.tsx';
import {
  adjustmentDelta,
  FlagList,
  IndicatorBreakdown,
  indicatorCsvColumns,
  indicatorLabel,
  revisionFromAddress,
  ScoreChip,
  StatusBadge,
  scoreText,
  signed,
  trendOption,
  VetoBadge,
} from '../components/score.tsx';
import { Spinner } from '../components/ui.tsx';
import { getLang, label, t } from '../i18n.ts';
import { dateTime } from '../time.ts';
import type { Adjustment, CountedItem, DetailIndicator, Me, Ranking, UnitDetail } from '../types.ts';

/**
 * /{base}/{month}/units/{id} (the committee's assessment, a unit's scorecard) as the unit's page,
 * its way back to {base} at that month; null for any other address.
 */
export function unitDetailRoute(me: Me, path: string, base: 'assessments' | 'scorecard', backLabel: (month: string) => string) {
  const unit = new RegExp(`^/${base}/(\\d{4}-\\d{2})/units/([^/]+)$`).exec(path);
  if (!unit) return null;
  const month = unit[1]!;
  return (
    <UnitDetailPage
      me={me}
      month={month}
      unitId={decodeURIComponent(unit[2]!)}
      revision={revisionFromAddress()}
      back={{ href: `/${base}?month=${month}`, label: backLabel(month) }}
      key={path + location.search}
    />
  );
}

export function UnitDetailPage(props: {
  me: Me;
  month: string;
  unitId: string;
  revision: number | null;
  back: { href: string; label: string };
}) {
  const { me, month, unitId } = props;
  const tz = me.tenant.timeZone;
  const [detail, setDetail] = useState<UnitDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [trend, setTrend] = useState<Ranking['trend'] | null>(null);

  const load = async () => {
    setError(null);
    try {
      const d = await api<UnitDetail>(
        'GET',
        `/assessments/${month}/units/${encodeURIComponent(unitId)}${qs({ revision: props.revision })}`,
      );
      setDetail(d);
      // The trend comes from the rankings of the unit's kind; a failure there leaves the page whole.
      api<Ranking>('GET', `/rankings${qs({ kind: d.score.unitKind, month, months: 12 })}`).then(
        (r) => setTrend(r.trend),
        () => setTrend(null),
      );
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [month, unitId, props.revision]);
  useDocumentTitle(detail ? `${detail.score.unitName} · ${month}` : undefined);

  const back = <BackLink href={props.back.href} label={props.back.label} />;
  if (error && !detail) return <LoadFailed back={back} error={error} onRetry={load} />;
  if (!detail) {
    return (
      <section class="page">
        {back}
        <Spinner />
      </section>
    );
  }
  const s = detail.score;
  const linked = me.permissions.includes('hazards.read');
  const series = trend?.series.find((x) => x.unitId === unitId);

  return (
    <section class="page unit-detail" aria-labelledby="page-title" data-testid="unit-detail" data-unit={s.unitName}>
      {back}
      <div class="page-head">
        <div>
          <h1 id="page-title">{s.unitName}</h1>
          <p class="muted small">
            {label('unitKind', s.unitKind)}
            {s.parentName ? ` · ${s.parentName}` : ''} · {t('asmt.monthOf', { month })} ·{' '}
            {t('asmt.revisionN', { n: detail.revision.revision })} <StatusBadge status={detail.revision.status} />
          </p>
        </div>
      </div>
      <div class="stats score-stats">
        <div class="stat">
          <span class="stat-value" data-testid="unit-final">
            <ScoreChip score={s.final} vetoed={s.vetoed} big />
          </span>
          <span class="stat-label">{t('asmt.final')}</span>
        </div>
        <div class="stat">
          <span class="stat-value">{s.rank ?? '—'}</span>
          <span class="stat-label">{t('asmt.rankIn', { kind: label('unitKind', s.unitKind) })}</span>
        </div>
        <div class="stat">
          <span class="stat-value">{scoreText(s.base)}</span>
          <span class="stat-label">{t('asmt.base')}</span>
        </div>
        <div class={s.adjustment < 0 ? 'stat stat-bad' : s.adjustment > 0 ? 'stat stat-ok' : 'stat'}>
          <span class="stat-value">{s.adjustment ? signed(s.adjustment) : '0'}</span>
          <span class="stat-label">{t('asmt.adjustment')}</span>
        </div>
        {s.vetoed ? (
          <div class="stat stat-bad">
            <span class="stat-value">
              <VetoBadge />
            </span>
            <span class="stat-label">{t('asmt.vetoExplain')}</span>
          </div>
        ) : null}
      </div>
      <p class="muted small">
        {t('asmt.rubricUsed', { n: detail.rubricVersion.number, from: detail.rubricVersion.effectiveFrom })} {t('asmt.baseExplain')}
      </p>

      <section class="asmt-section" aria-labelledby="ind-title">
        <div class="section-head">
          <h2 id="ind-title">{t('asmt.indicators')}</h2>
          <span class="head-actions">
            <CsvButton
              name={`${s.unitName}-${month}-${t('asmt.indicators')}`}
              columns={indicatorCsvColumns()}
              rows={detail.indicators}
              testId="indicators-csv"
            />
            <CsvButton
              label={t('asmt.itemsCsv')}
              name={`${s.unitName}-${month}-${t('asmt.countedItems')}`}
              columns={itemColumns()}
              rows={countedRows(detail.indicators)}
            />
          </span>
        </div>
        <p class="muted small">{t('asmt.drillExplain')}</p>
        <IndicatorBreakdown indicators={detail.indicators} linked={linked} testId="unit-indicators" />
      </section>

      <section class="asmt-section" aria-labelledby="flags-title">
        <h2 id="flags-title">{t('asmt.flags')}</h2>
        <p class="muted small">{t('asmt.flagsExplain')}</p>
        <FlagList flags={s.flags} linked={linked} />
      </section>

      <section class="asmt-section" aria-labelledby="unit-adj-title">
        <div class="section-head">
          <h2 id="unit-adj-title">{t('asmt.adjustments')}</h2>
          <CsvButton name={`${s.unitName}-${month}-${t('asmt.adjustments')}`} columns={adjustmentColumns(tz)} rows={detail.adjustments} />
        </div>
        <AdjustmentRows items={detail.adjustments} tz={tz} />
      </section>

      {series ? <UnitTrend months={trend!.months} values={series.values} name={s.unitName} /> : null}
    </section>
  );
}

function UnitTrend(props: { months: string[]; values: (number | null)[]; name: string }) {
  const option = useMemo<ChartOption>(
    () => trendOption(props.months, [{ name: props.name, values: props.values }], { max: 100, legend: false }),
    [props.months, props.values, getLang()],
  );
  return (
    <section class="asmt-section" aria-labelledby="unit-trend-title">
      <h2 id="unit-trend-title">{t('asmt.trend', { n: props.months.length })}</h2>
      <Chart option={option} label={t('asmt.trendOf', { name: props.name })} height={220} testId="unit-trend" />
    </section>
  );
}

function AdjustmentRows(props: { items: Adjustment[]; tz: string }) {
  if (!props.items.length) return <p class="muted">{t('asmt.noAdjustments')}</p>;
  return (
    <ul class="adj-list">
      {props.items.map((a) => {
        const delta = adjustmentDelta(a);
        return (
          <li key={a.id} class={a.withdrawnAt ? 'withdrawn' : undefined}>
            <span class={`badge adj-${a.kind}`}>{label('adjKind', a.kind)}</span> {delta === null ? null : <strong>{signed(delta)}</strong>}{' '}
            {a.reason}{' '}
            <span class="muted small">
              {dateTime(a.createdAt, props.tz)}
              {a.withdrawnAt ? ` · ${t('asmt.withdrawnOn', { at: dateTime(a.withdrawnAt, props.tz) })}` : ''}
            </span>
            {a.evidence.length ? (
              <span class="thumbs">
                {a.evidence.map((e) => (
                  <EvidenceThumb key={e.id} id={e.id} name={e.fileName} contentType={e.contentType} />
                ))}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function adjustmentColumns(tz: string): CsvColumn<Adjustment>[] {
  return [
    { label: t('asmt.adjKind'), value: (a) => label('adjKind', a.kind) },
    { label: t('asmt.adjPoints'), value: adjustmentDelta },
    { label: t('asmt.reason'), value: (a) => a.reason },
    { label: t('asmt.createdAt'), value: (a) => dateTime(a.createdAt, tz) },
    { label: t('asmt.withdrawnAt'), value: (a) => dateTime(a.withdrawnAt, tz) },
  ];
}

type ItemRow = CountedItem & { indicator: DetailIndicator['key'] };

function countedRows(indicators: DetailIndicator[]): ItemRow[] {
  return indicators.flatMap((i) => i.items.map((item) => ({ ...item, indicator: i.key })));
}

function itemColumns(): CsvColumn<ItemRow>[] {
  return [
    { label: t('asmt.indicator'), value: (r) => indicatorLabel(r.indicator) },
    { label: t('asmt.subjectType'), value: (r) => label('counted', r.subjectType) },
    { label: t('asmt.subject'), value: (r) => r.label },
    { label: t('asmt.numerator'), value: (r) => r.n },
    { label: t('asmt.denominator'), value: (r) => r.d },
    { label: 'ID', value: (r) => r.subjectId },
  ];
}
