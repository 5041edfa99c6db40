/**
 * 巡查覆盖率 for stations and the committee: per grid, community or street of the caller's area,
 * how many of the places and compounds of the register were patrolled at least once in a month
 * (the district's calendar), as rate bars with the least covered first, and the gaps (never
 * visited) of the unit picked.
 */
import { useEffect, useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { CoverageReport, Me } from '../../api-types.ts';
import { MonthStepper } from '../../components/month-stepper.tsx';
import { percent, RateBar } from '../../components/rate-bar.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { localDate } from '../../time.ts';
import { COVERAGE_LEVELS, type CoverageLevel } from '../../vocabulary.ts';

/** The month and level outlive a visit to another page. */
const ui: { month: string | null; level: CoverageLevel } = { month: null, level: 'community' };

type Unit = CoverageReport['units'][number];
const byRate = (a: Unit, b: Unit) => (a.rate ?? 2) - (b.rate ?? 2) || a.name.localeCompare(b.name, 'zh-CN');

export function CoveragePage(props: { me: Me }) {
  const thisMonth = localDate(props.me.tenant.timeZone).slice(0, 7);
  const [month, setMonth] = useState(ui.month ?? thisMonth);
  const [level, setLevel] = useState<CoverageLevel>(ui.level);
  const [picked, setPicked] = useState<string | null>(null);
  const loaded = useData(['/coverage', { month, level }], (signal) =>
    ok(client.GET('/coverage', { params: { query: { month, level } }, signal })),
  );
  const report = loaded.data;
  const error = loaded.error;
  useEffect(() => {
    ui.month = month;
    ui.level = level;
    setPicked(null);
  }, [month, level]);

  const units = [...(report?.units ?? [])].sort(byRate);
  const unit = units.find((u) => u.orgUnitId === picked);
  const gapTotal = units.reduce((s, u) => s + u.gapCount, 0);

  return (
    <section class="page" aria-labelledby="page-title" data-testid="coverage">
      <div class="page-head">
        <h1 id="page-title">{t('nav.coverage')}</h1>
      </div>
      <div class="coverage-tools">
        <MonthStepper month={month} setMonth={setMonth} max={thisMonth} />
        <div class="segmented" role="radiogroup" aria-label={t('coverage.level')}>
          {COVERAGE_LEVELS.map((l) => (
            <label key={l} class={level === l ? 'seg active' : 'seg'}>
              <input type="radio" name="level" value={l} checked={level === l} onChange={() => setLevel(l)} />
              {label('coverageLevel', l)}
            </label>
          ))}
        </div>
      </div>
      <p class="muted small">{t('coverage.explain')}</p>
      <ErrorBox error={error} onRetry={loaded.refresh} />
      {!report && !error ? <Spinner /> : null}
      {report ? (
        <>
          <div class="stats">
            <div class="stat">
              <span class="stat-value" data-testid="coverage-rate">
                {percent(report.totals.rate)}
              </span>
              <span class="stat-label">{t('coverage.rate')}</span>
            </div>
            <div class="stat">
              <span class="stat-value">
                {report.totals.visited}/{report.totals.total}
              </span>
              <span class="stat-label">{t('coverage.visited')}</span>
            </div>
            <div class={gapTotal ? 'stat stat-bad' : 'stat stat-ok'}>
              <span class="stat-value">{gapTotal}</span>
              <span class="stat-label">{t('coverage.gaps')}</span>
            </div>
          </div>
          {units.length ? (
            <table class="table coverage-table">
              <thead>
                <tr>
                  <th scope="col">{label('coverageLevel', level)}</th>
                  <th scope="col">{t('coverage.rate')}</th>
                  <th scope="col">{t('coverage.visited')}</th>
                  <th scope="col">{t('coverage.gaps')}</th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr
                    key={u.orgUnitId}
                    class={u.orgUnitId === picked ? 'picked-row' : undefined}
                    data-testid="coverage-row"
                    data-unit={u.name}
                    data-visited={u.visited}
                  >
                    <td class="primary" data-label={label('coverageLevel', level)}>
                      {u.name}
                    </td>
                    <td data-label={t('coverage.rate')} class="rate-cell">
                      <RateBar rate={u.rate} label={u.name} />
                    </td>
                    <td data-label={t('coverage.visited')}>
                      {u.visited}/{u.total}
                    </td>
                    <td data-label={t('coverage.gaps')}>
                      {u.gapCount ? (
                        <button
                          type="button"
                          class="link-button"
                          aria-expanded={u.orgUnitId === picked}
                          onClick={() => setPicked(u.orgUnitId === picked ? null : u.orgUnitId)}
                        >
                          {t('coverage.showGaps', { n: u.gapCount })}
                        </button>
                      ) : (
                        <span class="ok-text">✓ {t('coverage.noGaps')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="empty">{t('coverage.none')}</p>
          )}
          {unit ? (
            <article class="card" data-testid="coverage-gaps">
              <div class="card-head">
                <h2>{t('coverage.gapsOf', { name: unit.name, n: unit.gapCount })}</h2>
                <button type="button" class="btn small ghost" onClick={() => setPicked(null)}>
                  {t('common.close')}
                </button>
              </div>
              <ul class="gap-list">
                {unit.gaps.map((g) => (
                  <li key={`${g.kind}:${g.id}`}>
                    <span class="badge">{t(g.kind === 'place' ? 'coverage.place' : 'coverage.compound')}</span> {g.name}
                  </li>
                ))}
              </ul>
              {unit.gapCount > unit.gaps.length ? (
                <p class="muted small">{t('coverage.moreGaps', { n: unit.gapCount - unit.gaps.length })}</p>
              ) : null}
            </article>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
