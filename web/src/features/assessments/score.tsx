/**
 * The monthly assessment's small pieces, shared by the committee's page, the unit scorecard, the
 * rankings and the oversight comparison: how a score, an indicator value and a change read, the
 * revision status badge, the anti-gaming flags, the indicator breakdown, and chart options.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Adjustment, CountedItem, IndicatorScore, ScoreFlag } from '../../api-types.ts';
import type { CsvColumn } from '../../components/csv.tsx';
import type { ChartOption } from '../../components/lazy-chart.tsx';
import { percent, rateTone } from '../../components/rate-bar.tsx';
import { bilingualData, label, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { onSessionEnd } from '../../session.ts';
import { lastMonth } from '../../time.ts';
import { type AssessmentStatus, INDICATORS, type IndicatorKey, MONTH_PATTERN, UNIT_KINDS, type UnitKind } from '../../vocabulary.ts';

/**
 * The month, kind and period picked on the assessment pages, shared by them (a month picked on
 * the assessment is the month the rankings open on) and outliving a visit to another page;
 * forgotten on logout.
 */
interface AssessmentUi {
  month: string | null;
  kind: UnitKind | null;
  quarter: string | null;
  period: 'month' | 'quarter';
  focus: string;
}
export const assessmentUi: AssessmentUi = { month: null, kind: null, quarter: null, period: 'quarter', focus: 'all' };

onSessionEnd(() => {
  Object.assign(assessmentUi, { month: null, kind: null, quarter: null, period: 'quarter', focus: 'all' } satisfies AssessmentUi);
});

/** The month a page opens on: ?month= of the address, else the one picked last, else the month just ended. */
export function monthFromAddress(timeZone: string): string {
  const m = new URLSearchParams(location.search).get('month');
  return m && MONTH_PATTERN.test(m) ? m : (assessmentUi.month ?? lastMonth(timeZone));
}

/** ?revision=N of the address, if any. */
export function revisionFromAddress(): number | null {
  const r = new URLSearchParams(location.search).get('revision');
  return r && /^[1-9]\d*$/.test(r) ? Number(r) : null;
}

/** A score out of 100 with two decimals at most; a dash when there was nothing to score. */
export function scoreText(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  return String(Math.round(score * 100) / 100);
}

/** An indicator's value: a percentage, or days; "无数据" when nothing was counted. */
export function indicatorValue(key: IndicatorKey, value: number | null): string {
  if (value === null) return t('asmt.noData');
  if (INDICATORS[key].measure === 'days') return t('asmt.days', { n: Math.round(value * 10) / 10 });
  return percent(value);
}

/** The indicator's name in the UI's language. */
export const indicatorLabel = (key: IndicatorKey) => label('indicator', key);

/** The one-line formula the user may read, in the UI's language. */
export const indicatorFormula = (key: IndicatorKey, formula?: string) => bilingualData(formula ?? INDICATORS[key].formula);

/** "+2.5" / "−1.2": a signed number with the minus sign a reader expects. */
export function signed(n: number): string {
  const r = Math.round(n * 100) / 100;
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : '0';
}

/** What an adjustment does to the score: +points for a bonus, −points for a deduction; null for a veto. */
export function adjustmentDelta(a: Pick<Adjustment, 'kind' | 'points'>): number | null {
  return a.kind === 'veto' ? null : a.kind === 'deduction' ? -a.points : a.points;
}

/** ▲ +2.5 (up, good), ▼ −1.2 (down), or a dash for no earlier month. */
export function Change(props: { change: number | null; previous?: number | null }) {
  if (props.change === null) {
    return (
      <span class="change change-none" title={t('rank.noPrevious')}>
        —
      </span>
    );
  }
  const dir = props.change > 0.005 ? 'up' : props.change < -0.005 ? 'down' : 'same';
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '＝';
  const title =
    props.previous !== undefined && props.previous !== null ? t('rank.previousScore', { score: scoreText(props.previous) }) : undefined;
  return (
    <span class={`change change-${dir}`} title={title} data-change={props.change}>
      <span aria-hidden="true">{arrow}</span> {dir === 'same' ? '0' : signed(props.change)}
      <span class="sr-only">{t(`rank.${dir}`)}</span>
    </span>
  );
}

/** A rank and how it moved: "3 ↑2". */
export function RankMove(props: { rank: number | null; previous: number | null }) {
  if (props.rank === null) return <span>—</span>;
  const moved = props.previous === null ? null : props.previous - props.rank;
  return (
    <span class="rank-move">
      <strong>{props.rank}</strong>
      {moved ? (
        <small class={moved > 0 ? 'change-up' : 'change-down'} title={t('rank.previousRank', { rank: props.previous ?? '' })}>
          {moved > 0 ? ` ↑${moved}` : ` ↓${-moved}`}
        </small>
      ) : null}
    </span>
  );
}

export function StatusBadge(props: { status: AssessmentStatus }) {
  return <span class={`badge asmt-${props.status}`}>{label('asmtStatus', props.status)}</span>;
}

export function VetoBadge() {
  return <span class="badge asmt-veto">{label('adjKind', 'veto')}</span>;
}

/** The score in a coloured chip: green from 90, amber from 60, red below; vetoed is red. */
export function ScoreChip(props: { score: number | null; vetoed?: boolean; big?: boolean }) {
  const tone = props.vetoed ? 'bad' : rateTone(props.score === null ? null : props.score / 100);
  return <span class={`score-chip score-${tone}${props.big ? ' big' : ''}`}>{scoreText(props.score)}</span>;
}

/** The flags as a compact count (tables) with their names for a tooltip. */
export function FlagCount(props: { flags: ScoreFlag[] | number }) {
  const n = typeof props.flags === 'number' ? props.flags : props.flags.length;
  if (!n) return <span class="muted">—</span>;
  const names = typeof props.flags === 'number' ? t('asmt.flagsCount', { n }) : props.flags.map((f) => label('flag', f.code)).join('；');
  return (
    <span class="badge asmt-flag" title={names}>
      ⚑ {n}
      <span class="sr-only"> {names}</span>
    </span>
  );
}

/** Where a counted subject opens: hazards and tasks have pages of their own. */
function subjectHref(item: { subjectType: string; subjectId: string }): string | null {
  if (item.subjectType === 'hazard') return `/hazards/${encodeURIComponent(item.subjectId)}`;
  if (item.subjectType === 'task') return `/tasks/${encodeURIComponent(item.subjectId)}`;
  return null;
}

function SubjectLink(props: { item: { subjectType: string; subjectId: string; label: string }; linked: boolean }) {
  const href = props.linked ? subjectHref(props.item) : null;
  return href ? (
    <a href={href} onClick={linkClick}>
      {props.item.label}
    </a>
  ) : (
    <span>{props.item.label}</span>
  );
}

/** Each flag with its explanation and the hazards behind it: shown, never applied to the score. */
export function FlagList(props: { flags: ScoreFlag[]; linked: boolean }) {
  if (!props.flags.length) return <p class="muted">{t('asmt.noFlags')}</p>;
  return (
    <ul class="flag-list" data-testid="flag-list">
      {props.flags.map((f) => (
        <li key={f.code}>
          <strong>⚑ {label('flag', f.code)}</strong>
          {f.detail ? <span class="muted"> — {bilingualData(f.detail)}</span> : null}
          {f.subjects.length ? (
            <ul class="subject-list">
              {f.subjects.map((s) => (
                <li key={s.subjectId}>
                  <SubjectLink item={s} linked={props.linked} />
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** n/d as it was counted ("12/15"); for the average days, "6 项共 62.6 天". */
function ratio(ind: { n: number; d: number; key?: IndicatorKey }): string {
  const r = (x: number) => String(Math.round(x * 100) / 100);
  if (ind.key && INDICATORS[ind.key].measure === 'days') return t('asmt.daysRatio', { d: r(ind.d), n: Math.round(ind.n * 10) / 10 });
  return ind.d ? `${r(ind.n)}/${r(ind.d)}` : '0/0';
}

type BreakdownRow = IndicatorScore & { formula?: string; items?: CountedItem[] };

/**
 * The indicators of one score: value (or "无数据"), what was counted, points of the weight, the
 * formula; with `items`, each indicator opens to the list it counted (the drill-down).
 */
export function IndicatorBreakdown(props: { indicators: BreakdownRow[]; linked: boolean; testId?: string; caption?: ComponentChildren }) {
  const [open, setOpen] = useState<IndicatorKey | null>(null);
  return (
    <table class="table indicator-table" data-testid={props.testId}>
      {props.caption ? <caption>{props.caption}</caption> : null}
      <thead>
        <tr>
          <th scope="col">{t('asmt.indicator')}</th>
          <th scope="col">{t('asmt.value')}</th>
          <th scope="col">{t('asmt.counted')}</th>
          <th scope="col">{t('asmt.points')}</th>
        </tr>
      </thead>
      <tbody>
        {props.indicators.map((ind) => {
          const items = ind.items;
          const isOpen = open === ind.key;
          return [
            <tr key={ind.key} data-testid="indicator-row" data-key={ind.key} data-value={ind.value ?? ''}>
              <td class="primary" data-label={t('asmt.indicator')}>
                <span class="indicator-name">{indicatorLabel(ind.key)}</span>
                <small class="formula muted">{indicatorFormula(ind.key, ind.formula)}</small>
              </td>
              <td data-label={t('asmt.value')} class={ind.value === null ? 'no-data' : undefined}>
                {indicatorValue(ind.key, ind.value)}
              </td>
              <td data-label={t('asmt.counted')}>
                {items ? (
                  <button
                    type="button"
                    class="link-button"
                    aria-expanded={isOpen}
                    disabled={!items.length}
                    onClick={() => setOpen(isOpen ? null : ind.key)}
                  >
                    {ratio(ind)} · {items.length ? t('asmt.showItems', { n: items.length }) : t('asmt.noItems')}
                  </button>
                ) : (
                  ratio(ind)
                )}
              </td>
              <td data-label={t('asmt.points')}>
                {ind.points === null ? <span class="muted">—</span> : <strong>{scoreText(ind.points)}</strong>}
                <span class="muted"> / {scoreText(ind.weight)}</span>
              </td>
            </tr>,
            isOpen && items ? (
              <tr key={`${ind.key}-items`} class="items-row" data-testid="counted-items">
                <td colSpan={4}>
                  <CountedItems items={items} linked={props.linked} indicator={ind.key} />
                </td>
              </tr>
            ) : null,
          ];
        })}
      </tbody>
    </table>
  );
}

/** What an indicator counted, as kept with the snapshot: each subject and its n of d. */
function CountedItems(props: { items: CountedItem[]; linked: boolean; indicator: IndicatorKey }) {
  const days = INDICATORS[props.indicator].measure === 'days';
  return (
    <ul class="counted-list">
      {props.items.map((item) => (
        <li
          key={`${item.subjectType}:${item.subjectId}`}
          class={item.d && item.n >= item.d ? 'counted-yes' : item.d ? 'counted-no' : undefined}
        >
          <span class="badge">{label('counted', item.subjectType)}</span> <SubjectLink item={item} linked={props.linked} />{' '}
          <span class="muted small">{days ? t('asmt.days', { n: Math.round(item.n * 10) / 10 }) : `${ratio(item)}`}</span>
        </li>
      ))}
    </ul>
  );
}

export function indicatorCsvColumns(): CsvColumn<BreakdownRow>[] {
  return [
    { label: t('asmt.indicator'), value: (i) => indicatorLabel(i.key) },
    {
      label: t('asmt.value'),
      value: (i) =>
        i.value === null
          ? t('asmt.noData')
          : INDICATORS[i.key].measure === 'days'
            ? Math.round(i.value * 100) / 100
            : Math.round(i.value * 10000) / 100,
    },
    { label: t('asmt.unit'), value: (i) => (INDICATORS[i.key].measure === 'days' ? t('asmt.daysUnit') : '%') },
    { label: t('asmt.numerator'), value: (i) => i.n },
    { label: t('asmt.denominator'), value: (i) => i.d },
    { label: t('asmt.points'), value: (i) => i.points },
    { label: t('asmt.weight'), value: (i) => i.weight },
  ];
}

// ---- chart options (built here, drawn by chart.tsx) ----

const axisLabel = { color: '#55515c' };

/** Horizontal bars of scores, best at the top. */
export function scoreBarOption(rows: { name: string; score: number | null; vetoed?: boolean }[]): ChartOption {
  const shown = rows.filter((r) => r.score !== null).reverse();
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel },
    yAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: { ...axisLabel, width: 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: t('asmt.score'),
        data: shown.map((r) => ({
          value: r.score,
          itemStyle: { color: r.vetoed ? '#8c1d18' : r.score! >= 90 ? '#146c2e' : r.score! >= 60 ? '#1a56db' : '#b3261e' },
        })),
        label: { show: true, position: 'right', formatter: (p: { value?: unknown }) => scoreText(p.value as number) },
        barMaxWidth: 18,
      },
    ],
  };
}

/** Lines over months (scores, or indicator percentages), gaps where a month has no value. */
export function trendOption(
  months: string[],
  series: { name: string; values: (number | null)[] }[],
  opts: { max?: number; legend?: boolean; compact?: boolean } = {},
): ChartOption {
  const compact = opts.compact ?? false;
  return {
    grid: compact
      ? { left: 4, right: 8, top: opts.legend === false ? 10 : 30, bottom: 4, containLabel: true }
      : { left: 8, right: 16, top: opts.legend === false ? 16 : 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? scoreText(v) : '—') },
    ...(opts.legend === false
      ? {}
      : { legend: { type: 'scroll', top: 0, textStyle: { fontSize: compact ? 10 : 12 }, itemWidth: compact ? 12 : 20 } }),
    xAxis: {
      type: 'category',
      data: months.map((m) => (compact ? m.slice(5) : m)),
      boundaryGap: false,
      axisLabel: { ...axisLabel, fontSize: compact ? 10 : 12 },
    },
    yAxis: { type: 'value', min: 0, ...(opts.max ? { max: opts.max } : {}), axisLabel: { ...axisLabel, fontSize: compact ? 10 : 12 } },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.values,
      connectNulls: false,
      symbolSize: compact ? 3 : 5,
      showSymbol: !compact,
    })),
  };
}

/** 镇街 | 社区/村 | 物业企业, with how many of each when known. */
export function KindSwitch(props: {
  kind: UnitKind;
  setKind: (kind: UnitKind) => void;
  counts?: Record<UnitKind, number>;
  kinds?: readonly UnitKind[];
}) {
  return (
    <div class="segmented kind-switch" role="radiogroup" aria-label={t('asmt.unitKind')}>
      {(props.kinds ?? UNIT_KINDS).map((k) => (
        <label key={k} class={props.kind === k ? 'seg active' : 'seg'}>
          <input type="radio" name="unit-kind" value={k} checked={props.kind === k} onChange={() => props.setKind(k)} />
          {label('unitKind', k)}
          {props.counts ? <span class="seg-count">{props.counts[k]}</span> : null}
        </label>
      ))}
    </div>
  );
}

/** Rank first, then score, then name: the order of every ranking table. */
export const byRank = (
  a: { rank: number | null; final: number | null; unitName: string },
  b: { rank: number | null; final: number | null; unitName: string },
) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (b.final ?? -1) - (a.final ?? -1) || a.unitName.localeCompare(b.unitName, 'zh-CN');

/** Aggregate counts (hazards reported/fixed/overdue, places patrolled/inspected…) as small stats. */
export function AggregateStats(props: { counts: Record<string, number> }) {
  const entries = Object.entries(props.counts);
  if (!entries.length) return null;
  return (
    <div class="stats" data-testid="aggregates">
      {entries.map(([k, v]) => (
        <div key={k} class={k === 'hazardsOverdue' && v > 0 ? 'stat stat-bad' : k === 'vetoes' && v > 0 ? 'stat stat-bad' : 'stat'}>
          <span class="stat-value">{v}</span>
          <span class="stat-label">{label('aggregate', k)}</span>
        </div>
      ))}
    </div>
  );
}
