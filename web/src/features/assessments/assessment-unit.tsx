/**
 * One unit's score for a month, explained: the final score and how it was made (rubric points,
 * adjustments, veto), each indicator with its formula, value (or "无数据") and points, opening to
 * the hazards, tasks, places or records it counted as kept with the snapshot; the anti-gaming
 * flags with their hazards; the adjustments; and the unit's trend. The committee reaches it from
 * the assessment, a station, community or company from its scorecard.
 */
import { useMemo } from 'preact/hooks';
import { client, ok, type QueryOf } from '../../api.ts';
import type { Adjustment, CountedItem, DetailIndicator, Me } from '../../api-types.ts';
import { CsvButton, type CsvColumn } from '../../components/csv.tsx';
import { BackLink, LoadFailed, useDocumentTitle } from '../../components/detail-page.tsx';
import { LazyChart as Chart, type ChartOption } from '../../components/lazy-chart.tsx';
import { EvidenceThumb } from '../../components/photos.tsx';
import { Spinner } from '../../components/ui.tsx';
import { useData } from '../../data.ts';
import { getLang, label, t } from '../../i18n.ts';
import { dateTime } from '../../time.ts';
import type { UnitKind } from '../../vocabulary.ts';
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
} from './score.tsx';

// What the assessment pages share (the review, the bulletin, a unit, the scorecard, the rankings):
// one loader per key, so a page finds what another one cached.

/** A month's assessment: of `revision`, else the one the server shows by default. */
export function useAssessment(month: string, revision: number | null) {
  const query = { month, revision: revision ?? undefined };
  return useData(['/assessments', query], (signal) => ok(client.GET('/assessments', { params: { query }, signal })));
}

/** The adjustments of the same revision, withdrawn ones included. */
export function useAdjustments(month: string, revision: number | null) {
  const query = { revision: revision ?? undefined };
  return useData(['/assessments/{month}/adjustments', month, query], (signal) =>
    ok(client.GET('/assessments/{month}/adjustments', { params: { path: { month }, query }, signal }))
      // 404 until the month is computed: no adjustments then.
      .catch(() => ({ items: [] })),
  );
}

/** The units of a kind ranked for a month (or a quarter), with their trend: published months only. */
export function useRanking(query: QueryOf<'/rankings'>, options: { enabled?: boolean } = {}) {
  return useData(['/rankings', query], (signal) => ok(client.GET('/rankings', { params: { query }, signal })), options);
}

/**
 * /{base}/{month}/units/{id} (the committee's assessment, a unit's scorecard) as the unit's page,
 * its way back to {base} at that month; null for any other address.
 */
/** A unit's page under the review (/assessments/…) or the scorecard (/scorecard/…), back to the month it came from. */
export function UnitRoute(props: { me: Me; month: string; unitId: string; base: 'assessments' | 'scorecard' }) {
  const { month, base } = props;
  const back = base === 'assessments' ? t('asmt.backTo', { month }) : t('score.backTo', { month });
  return (
    <UnitDetailPage
      me={props.me}
      month={month}
      unitId={props.unitId}
      revision={revisionFromAddress()}
      back={{ href: `/${base}?month=${month}`, label: back }}
      key={location.search}
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
  const query = { revision: props.revision ?? undefined };
  const loaded = useData(['/assessments/{month}/units/{unitId}', month, unitId, query], (signal) =>
    ok(client.GET('/assessments/{month}/units/{unitId}', { params: { path: { month, unitId }, query }, signal })),
  );
  const detail = loaded.data;
  useDocumentTitle(detail ? `${detail.score.unitName} · ${month}` : undefined);

  const back = <BackLink href={props.back.href} label={props.back.label} />;
  if (loaded.error && !detail) return <LoadFailed back={back} error={loaded.error} onRetry={loaded.refresh} />;
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

      <UnitTrend kind={s.unitKind} month={month} unitId={unitId} name={s.unitName} />
    </section>
  );
}

/** The unit's trend, from the rankings of its kind; nothing when they fail (the page stays whole) or do not have the unit. */
function UnitTrend(props: { kind: UnitKind; month: string; unitId: string; name: string }) {
  const trend = useRanking({ kind: props.kind, month: props.month, months: 12 }).data?.trend;
  const values = trend?.series.find((x) => x.unitId === props.unitId)?.values;
  const option = useMemo<ChartOption | null>(
    () => (trend && values ? trendOption(trend.months, [{ name: props.name, values }], { max: 100, legend: false }) : null),
    [trend, values, getLang()],
  );
  if (!trend || !option) return null;
  return (
    <section class="asmt-section" aria-labelledby="unit-trend-title">
      <h2 id="unit-trend-title">{t('asmt.trend', { n: trend.months.length })}</h2>
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
