/**
 * 月度考核通报: the month's assessment as a printable page (/assessments/{month}/bulletin): the
 * district's own score, then per kind of unit a bar chart of the scores, the ranking with the
 * change against the previous month and the trend of the leading units; the adjustments and the
 * flags. "打印" uses the print style sheet (charts print as pictures), "导出 Excel" the XLSX.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, qs, saveBlob } from '../../api.ts';
import type { Me, RankingItem, UnitScore } from '../../api-types.ts';
import { CsvButton, type CsvColumn } from '../../components/csv.tsx';
import { BackLink } from '../../components/detail-page.tsx';
import { LazyChart as Chart } from '../../components/lazy-chart.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { getLang, label, t } from '../../i18n.ts';
import { notify } from '../../store.ts';
import { dateTime } from '../../time.ts';
import { UNIT_KINDS, type UnitKind } from '../../vocabulary.ts';
import { useAdjustments, useAssessment, useRanking } from './assessment-unit.tsx';
import {
  AggregateStats,
  adjustmentDelta,
  byRank,
  Change,
  indicatorValue,
  revisionFromAddress,
  ScoreChip,
  StatusBadge,
  scoreBarOption,
  scoreText,
  signed,
  trendOption,
} from './score.tsx';

/** "导出 Excel": the month's XLSX (of `revision`, else the one the server shows by default). */
export function useMonthXlsx(month: string, revision: number | null | undefined) {
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const xlsx = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const { blob, fileName } = await download(
        `/assessments/${month}/export.xlsx${qs({ revision })}`,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      saveBlob(blob, fileName ?? `${t('asmt.fileName', { month })}.xlsx`);
      notify(t('bulletin.downloaded'));
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };
  return { xlsx, downloading, downloadError };
}

/** Bars drawn per kind before the chart shows only the top and the bottom. */
const MAX_BARS = 30;
/** Units drawn in a trend chart. */
const TREND_UNITS = 5;

/** /assessments/{month}/bulletin[?revision=]: a new revision in the address draws the page afresh. */
export function BulletinRoute(props: { me: Me; month: string }) {
  return <AssessmentBulletinPage me={props.me} month={props.month} revision={revisionFromAddress()} key={location.search} />;
}

export function AssessmentBulletinPage(props: { me: Me; month: string; revision: number | null }) {
  const { me, month } = props;
  const tz = me.tenant.timeZone;
  const loaded = useAssessment(month, props.revision);
  const adjusted = useAdjustments(month, props.revision);
  const data = loaded.data;
  const adjustments = (adjusted.data?.items ?? []).filter((x) => !x.withdrawnAt);
  const load = () => {
    void loaded.refresh();
    void adjusted.refresh();
  };
  useEffect(() => {
    document.title = `${t('asmt.bulletinTitle', { month })} · ${me.tenant.name}`;
  }, [month]);

  const { xlsx, downloading, downloadError } = useMonthXlsx(month, props.revision);

  const rev = data?.revision ?? null;
  const names = new Map((data?.units ?? []).map((u) => [u.unitId, u.unitName]));

  return (
    <section class="page bulletin-page" aria-labelledby="page-title" data-testid="asmt-bulletin">
      <div class="no-print">
        <BackLink href={`/assessments?month=${month}`} label={t('asmt.backTo', { month })} />
      </div>
      <fieldset class="bulletin-tools no-print" aria-label={t('bulletin.tools')}>
        <span class="spacer" />
        <button type="button" class="btn" onClick={() => window.print()} disabled={!data}>
          {t('bulletin.print')}
        </button>
        <button type="button" class="btn primary" onClick={xlsx} disabled={downloading || !rev}>
          {downloading ? t('bulletin.downloading') : t('asmt.xlsx')}
        </button>
      </fieldset>
      <ErrorBox error={downloadError} />
      <article class="bulletin-sheet asmt-sheet">
        <header class="bulletin-head">
          <p class="bulletin-org">{me.tenant.name}</p>
          <h1 id="page-title">{t('asmt.bulletinTitle', { month })}</h1>
          {rev ? (
            <p class="muted">
              {t('asmt.revisionN', { n: rev.revision })} <StatusBadge status={rev.status} /> ·{' '}
              {t('asmt.asOf', { at: dateTime(rev.asOf, tz) })}
              {rev.publishedAt ? ` · ${t('asmt.publishedAt', { at: dateTime(rev.publishedAt, tz) })}` : ''}
            </p>
          ) : null}
          {rev && rev.status !== 'published' ? (
            <p class="draft-mark">{t('asmt.notFinal', { status: label('asmtStatus', rev.status) })}</p>
          ) : null}
        </header>
        {loaded.error ? (
          <ErrorBox error={loaded.error} onRetry={load} />
        ) : !data ? (
          <Spinner />
        ) : !rev ? (
          <p class="empty">{t('asmt.notComputed')}</p>
        ) : (
          <>
            {data.district ? (
              <section class="bulletin-section">
                <h2>
                  {t('asmt.districtScore')}：<ScoreChip score={data.district.score} />
                </h2>
                <table class="bulletin-table">
                  <tbody>
                    {data.district.indicators.map((i) => (
                      <tr key={i.key}>
                        <th scope="row">{label('indicator', i.key)}</th>
                        <td>{indicatorValue(i.key, i.value)}</td>
                        <td>
                          {scoreText(i.points)} / {scoreText(i.weight)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <AggregateStats counts={data.district.counts} />
              </section>
            ) : null}
            {UNIT_KINDS.map((kind) => {
              const units = data.units.filter((u) => u.unitKind === kind).sort(byRank);
              return units.length ? <KindSection key={kind} kind={kind} month={month} units={units} /> : null;
            })}
            <section class="bulletin-section">
              <h2>{t('asmt.adjustments')}</h2>
              {adjustments.length ? (
                <ul>
                  {adjustments.map((a) => (
                    <li key={a.id}>
                      {names.get(a.unitId) ?? ''}：{label('adjKind', a.kind)}
                      {a.kind === 'veto' ? '' : ` ${signed(adjustmentDelta(a)!)}`}——{a.reason}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">{t('asmt.noAdjustments')}</p>
              )}
            </section>
            <FlagSummary units={data.units} />
          </>
        )}
      </article>
    </section>
  );
}

function KindSection(props: { kind: UnitKind; month: string; units: UnitScore[] }) {
  const { kind, units } = props;
  // Changes and trends come from the rankings; without them (an error here) the bulletin still prints.
  const ranking = useRanking({ kind, month: props.month, months: 6 }).data;
  const change = new Map((ranking?.items ?? []).map((i) => [i.unitId, i]));
  const charted = units.length > MAX_BARS ? [...units.slice(0, MAX_BARS / 2), ...units.slice(-MAX_BARS / 2)] : units;
  const bars = useMemo(
    () => scoreBarOption(charted.map((u) => ({ name: u.unitName, score: u.final, vetoed: u.vetoed }))),
    [units, getLang()],
  );
  const top = (ranking?.trend.series ?? []).filter((s) => units.slice(0, TREND_UNITS).some((u) => u.unitId === s.unitId));
  const trend = useMemo(
    () =>
      ranking && top.length
        ? trendOption(
            ranking.trend.months,
            top.map((s) => ({ name: s.unitName, values: s.values })),
            { max: 100 },
          )
        : null,
    [ranking, getLang()],
  );
  const columns: CsvColumn<UnitScore>[] = [
    { label: t('asmt.rank'), value: (u) => u.rank },
    { label: t('asmt.unit'), value: (u) => u.unitName },
    { label: t('asmt.parent'), value: (u) => u.parentName },
    { label: t('asmt.final'), value: (u) => u.final },
    { label: t('rank.change'), value: (u) => change.get(u.unitId)?.change ?? null },
    { label: t('asmt.veto'), value: (u) => (u.vetoed ? label('adjKind', 'veto') : '') },
    { label: t('asmt.flags'), value: (u) => u.flags.length },
  ];
  return (
    <section class="bulletin-section kind-section" data-testid="bulletin-kind" data-kind={kind}>
      <div class="section-head">
        <h2>{t('asmt.kindRanking', { kind: label('unitKind', kind) })}</h2>
        <CsvButton name={`${t('asmt.fileName', { month: props.month })}-${label('unitKind', kind)}`} columns={columns} rows={units} />
      </div>
      <Chart
        option={bars}
        label={t('asmt.barsOf', { kind: label('unitKind', kind) })}
        height={Math.max(140, charted.length * 24 + 30)}
        testId="bulletin-bars"
      />
      {units.length > MAX_BARS ? <p class="muted small">{t('asmt.barsTopBottom', { n: MAX_BARS / 2 })}</p> : null}
      <table class="bulletin-table">
        <thead>
          <tr>
            <th scope="col">{t('asmt.rank')}</th>
            <th scope="col">{t('asmt.unit')}</th>
            <th scope="col">{t('asmt.parent')}</th>
            <th scope="col">{t('asmt.final')}</th>
            <th scope="col">{t('rank.change')}</th>
            <th scope="col">{t('asmt.remarks')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => {
            const c: RankingItem | undefined = change.get(u.unitId);
            return (
              <tr key={u.unitId}>
                <td>{u.rank ?? '—'}</td>
                <td>{u.unitName}</td>
                <td>{u.parentName ?? '—'}</td>
                <td>{scoreText(u.final)}</td>
                <td>{c ? <Change change={c.change} previous={c.previousFinal} /> : '—'}</td>
                <td>
                  {[
                    u.vetoed ? label('adjKind', 'veto') : '',
                    u.adjustment ? `${t('asmt.adjustment')} ${signed(u.adjustment)}` : '',
                    u.flags.length ? t('asmt.flagsCount', { n: u.flags.length }) : '',
                  ]
                    .filter(Boolean)
                    .join('；') || '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {trend ? (
        <>
          <h3>{t('asmt.trendTop', { n: top.length, months: ranking!.trend.months.length })}</h3>
          <Chart
            option={trend}
            label={t('asmt.trendTop', { n: top.length, months: ranking!.trend.months.length })}
            height={240}
            testId="bulletin-trend"
          />
        </>
      ) : null}
    </section>
  );
}

function FlagSummary(props: { units: UnitScore[] }) {
  const flagged = props.units.filter((u) => u.flags.length);
  return (
    <section class="bulletin-section">
      <h2>{t('asmt.flags')}</h2>
      <p class="muted small">{t('asmt.flagsExplain')}</p>
      {flagged.length ? (
        <ul>
          {flagged.map((u) => (
            <li key={u.unitId}>
              {u.unitName}：{u.flags.map((f) => label('flag', f.code)).join('；')}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('asmt.noFlags')}</p>
      )}
    </section>
  );
}
