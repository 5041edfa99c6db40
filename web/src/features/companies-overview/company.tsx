/**
 * The property company's home (物业企业): its compounds with the state of their fire facilities
 * and the integrity rate (设施完好率), the maintenance records due and overdue, the open hazards it
 * leads with their deadlines, and its recent records, each a tap from the page that acts on it.
 */
import { useState } from 'preact/hooks';
import { client, ok, qs } from '../../api.ts';
import type { Me } from '../../api-types.ts';
import { percent, RateBar, rateTone } from '../../components/rate-bar.tsx';
import { MaintenanceBadges } from '../../components/record-labels.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { maintenanceUi } from '../../store.ts';
import { dateOnly } from '../../time.ts';
import { runningDeadline, SeverityBadge, StateBadge } from '../hazards/hazard-list.tsx';

/** Rows shown of a long list before "show all". */
const SHOWN = 8;

function ShowAll(props: { total: number; shown: boolean; onShow: () => void }) {
  if (props.shown || props.total <= SHOWN) return null;
  return (
    <div class="list-foot">
      <span class="muted">{t('common.shown', { n: SHOWN })}</span>
      <button type="button" class="btn small" onClick={props.onShow}>
        {t('work.showAll', { n: props.total })}
      </button>
    </div>
  );
}

export function CompanyHomePage(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const companyId = me.roles.find((r) => r.companyId)?.companyId ?? '';
  const [all, setAll] = useState({ due: false, hazards: false });
  const loaded = useData(
    ['/companies/{id}/overview', companyId],
    (signal) => ok(client.GET('/companies/{id}/overview', { params: { path: { id: companyId } }, signal })),
    { enabled: companyId !== '' },
  );

  if (!companyId) return <p class="empty">{t('company.noCompany')}</p>;
  if (loaded.error && !loaded.data) return <ErrorBox error={loaded.error} onRetry={loaded.refresh} />;
  if (!loaded.data) return <Spinner />;
  const o = loaded.data;
  const overdue = o.due.filter((d) => d.status === 'overdue').length;
  const lateHazards = o.openHazards.filter((h) => h.overdue).length;
  const record = (query: Record<string, string>) => {
    maintenanceUi.back = '/company';
    navigate(`/maintenance/new${qs(query)}`);
  };

  return (
    <section class="page company-home" aria-labelledby="page-title" data-testid="company-home">
      <div class="page-head">
        <h1 id="page-title">{o.company.name}</h1>
        <button type="button" class="btn primary" onClick={() => record({})}>
          ＋ {t('maint.new')}
        </button>
      </div>
      <p class="muted small">{t('company.asOf', { day: o.asOf })}</p>

      <div class="stats">
        <div class={`stat stat-${rateTone(o.totals.integrityRate) === 'ok' ? 'ok' : 'bad'}`}>
          <span class="stat-value" data-testid="integrity-rate">
            {percent(o.totals.integrityRate)}
          </span>
          <span class="stat-label">{t('company.integrity')}</span>
        </div>
        <div class={overdue ? 'stat stat-bad' : 'stat'}>
          <span class="stat-value">{o.due.length}</span>
          <span class="stat-label">
            {t('company.due')}
            {overdue ? <span class="muted"> · {t('work.overdueCount', { n: overdue })}</span> : null}
          </span>
        </div>
        <div class={lateHazards ? 'stat stat-bad' : 'stat'}>
          <span class="stat-value">{o.openHazards.length}</span>
          <span class="stat-label">
            {t('company.openHazards')}
            {lateHazards ? <span class="muted"> · {t('work.overdueCount', { n: lateHazards })}</span> : null}
          </span>
        </div>
        <div class={o.totals.expired ? 'stat stat-bad' : o.totals.expiring ? 'stat stat-warn' : 'stat'}>
          <span class="stat-value">{o.totals.expiring + o.totals.expired}</span>
          <span class="stat-label">{t('company.expiring', { expired: o.totals.expired })}</span>
        </div>
      </div>

      <div class="cards">
        <article class="card" data-testid="company-compounds">
          <h2>{t('company.compoundsTitle')}</h2>
          <ul class="unit-bars">
            {o.compounds.map((k) => (
              <li key={k.id} class="unit-bar">
                <div class="unit-head">
                  <a href={`/facilities${qs({ orgUnitId: k.id })}`} onClick={linkClick}>
                    {k.name}
                  </a>
                  <span class="muted small">
                    {label('facilityStatus', 'working')} {k.working} · {label('facilityStatus', 'faulty')} {k.faulty} ·{' '}
                    {label('facilityStatus', 'missing')} {k.missing}
                  </span>
                  {k.expired ? <span class="badge expiry-expired">{t('company.expiredN', { n: k.expired })}</span> : null}
                  {k.expiring ? <span class="badge expiry-expiring">{t('company.expiringN', { n: k.expiring })}</span> : null}
                </div>
                {k.integrityRate === null ? (
                  <p class="muted small">{t('company.noFacilities')}</p>
                ) : (
                  <RateBar rate={k.integrityRate} label={`${k.name} ${t('company.integrity')}`} />
                )}
              </li>
            ))}
          </ul>
          {o.compounds.length === 0 ? <p class="empty">{t('company.noCompounds')}</p> : null}
        </article>

        <article class="card" data-testid="company-due">
          <h2>{t('company.dueTitle')}</h2>
          {o.due.length ? (
            <ul class="plain-list due-list">
              {(all.due ? o.due : o.due.slice(0, SHOWN)).map((d) => (
                <li key={`${d.compoundId}:${d.kind}`} class={`due-row due-${d.status}`}>
                  <div>
                    <strong>{d.compoundName}</strong> · {label('facilityKind', d.kind)}{' '}
                    <span class={`badge due-badge-${d.status}`}>{label('dueStatus', d.status)}</span>
                  </div>
                  <div class="muted small">
                    {label('frequency', d.frequency)} · {t('company.dueOn', { day: d.dueOn })}
                    {d.lastPerformedOn ? ` · ${t('company.lastOn', { day: d.lastPerformedOn })}` : ` · ${t('company.never')}`}
                  </div>
                  <button type="button" class="btn small" onClick={() => record({ orgUnitId: d.compoundId, kind: d.kind })}>
                    {t('company.recordNow')}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('company.nothingDue')}</p>
          )}
          <ShowAll total={o.due.length} shown={all.due} onShow={() => setAll((a) => ({ ...a, due: true }))} />
        </article>
      </div>

      <article class="card" data-testid="company-hazards">
        <h2>{t('company.hazardsTitle')}</h2>
        {o.openHazards.length ? (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('hazard.number')}</th>
                <th scope="col">{t('hazard.state')}</th>
                <th scope="col">{t('hazard.where')}</th>
                <th scope="col">{t('hazard.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {(all.hazards ? o.openHazards : o.openHazards.slice(0, SHOWN)).map((h) => {
                const deadline = runningDeadline(h);
                return (
                  <tr
                    key={h.id}
                    class={h.overdue ? 'hazard-row overdue' : 'hazard-row'}
                    onClick={rowClick(() => navigate(`/hazards/${h.id}`))}
                  >
                    <td class="primary" data-label={t('hazard.number')}>
                      <a href={`/hazards/${h.id}`} onClick={linkClick}>
                        {h.number}
                      </a>
                      <span class="desc">{h.categoryName}</span>
                    </td>
                    <td data-label={t('hazard.state')}>
                      <span class="chips">
                        <StateBadge hazard={{ state: h.state, outcome: null }} />
                        {h.severity === 'major' ? <SeverityBadge severity={h.severity} /> : null}
                        {h.overdue ? <span class="badge overdue-badge">{t('hazard.overdueBadge')}</span> : null}
                      </span>
                    </td>
                    <td data-label={t('hazard.where')}>{h.orgUnitName}</td>
                    <td data-label={t('hazard.deadline')} class={h.overdue ? 'late' : undefined}>
                      {deadline
                        ? `${t(deadline.kind === 'respond' ? 'hazard.respondByShort' : 'hazard.dueShort')} ${dateOnly(deadline.at, tz)}`
                        : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('company.noHazards')}</p>
        )}
        <ShowAll total={o.openHazards.length} shown={all.hazards} onShow={() => setAll((a) => ({ ...a, hazards: true }))} />
      </article>

      <article class="card" data-testid="company-records">
        <div class="card-head">
          <h2>{t('company.recentTitle')}</h2>
          <a class="btn small" href="/maintenance" onClick={linkClick}>
            {t('company.allRecords')}
          </a>
        </div>
        {o.recentRecords.length ? (
          <ul class="plain-list">
            {o.recentRecords.map((r) => (
              <li key={r.id}>
                <a
                  href={`/maintenance/${r.id}`}
                  onClick={(e) => {
                    maintenanceUi.back = '/company';
                    linkClick(e);
                  }}
                >
                  {r.performedOn} · {r.compoundName} · {label('facilityKind', r.kind)}
                </a>{' '}
                <MaintenanceBadges record={r} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('company.noRecords')}</p>
        )}
      </article>
    </section>
  );
}
