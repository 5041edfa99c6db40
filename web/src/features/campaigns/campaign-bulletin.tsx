/**
 * 工作简报: a campaign's weekly bulletin as a printable page (/campaigns/{id}/bulletin?week=YYYY-Www):
 * the week's counts, the units most behind, highlights; "打印" uses the print style sheet (no
 * navigation, no buttons), "下载 Excel" fetches the XLSX with the bearer token and saves the Blob.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, client, download, ok, qs, saveBlob } from '../../api.ts';
import type { CampaignBulletin, Me } from '../../api-types.ts';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { notify } from '../../store.ts';
import { addDays, dateOnly, dateTime, isoWeekOf, isoWeekRange, localDate } from '../../time.ts';

/** The campaign's name once known, for the back link while another week loads. */
let campaignName: string | null = null;

function weekFromAddress(fallback: string): string {
  const w = new URLSearchParams(location.search).get('week');
  return w && /^\d{4}-W\d{2}$/.test(w) ? w : fallback;
}

export function BulletinPage(props: { me: Me; id: string }) {
  const { me, id } = props;
  const tz = me.tenant.timeZone;
  const path = `/campaigns/${encodeURIComponent(id)}`;
  const [week, setWeek] = useState(() => weekFromAddress(isoWeekOf(localDate(tz))));
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const loaded = useData(['/campaigns/{id}/bulletin', id, { week }], (signal) =>
    // The answer is the JSON bulletin: the document's other content (the XLSX) is format=xlsx, fetched by download().
    ok(client.GET('/campaigns/{id}/bulletin', { params: { path: { id }, query: { week } }, signal })),
  );
  const bulletin = loaded.data;
  const error = loaded.error;

  useEffect(() => {
    history.replaceState(null, '', `${path}/bulletin?week=${week}`);
  }, [week]);

  useEffect(() => {
    if (!bulletin) return;
    if (bulletin.campaign.name) campaignName = bulletin.campaign.name;
    document.title = `${bulletin.campaign.name} · ${t('bulletin.title')} ${week}`;
  }, [bulletin?.campaign.name, week]);

  const range = isoWeekRange(week);
  const shift = (days: number) => range && setWeek(isoWeekOf(addDays(range.from, days)));

  const xlsx = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const { blob, fileName } = await download(
        `${path}/bulletin${qs({ week, format: 'xlsx' })}`,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      saveBlob(blob, fileName ?? `${bulletin?.campaign.name ?? campaignName ?? 'bulletin'}-${week}.xlsx`);
      notify(t('bulletin.downloaded'));
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <section class="page bulletin-page" aria-labelledby="page-title" data-testid="bulletin">
      <p class="back no-print">
        <a href={path} onClick={linkClick}>
          ← {bulletin?.campaign.name ?? campaignName ?? t('nav.campaigns')}
        </a>
      </p>
      <fieldset class="bulletin-tools no-print" aria-label={t('bulletin.tools')}>
        <button type="button" class="btn small" onClick={() => shift(-7)} aria-label={t('bulletin.prevWeek')}>
          ‹
        </button>
        <label class="week-pick">
          <span class="sr-only">{t('bulletin.week')}</span>
          <input
            type="week"
            name="week"
            value={week}
            onChange={(e) => /^\d{4}-W\d{2}$/.test(e.currentTarget.value) && setWeek(e.currentTarget.value)}
          />
        </label>
        <button type="button" class="btn small" onClick={() => shift(7)} aria-label={t('bulletin.nextWeek')}>
          ›
        </button>
        <span class="spacer" />
        <button type="button" class="btn" onClick={() => window.print()} disabled={!bulletin}>
          {t('bulletin.print')}
        </button>
        <button type="button" class="btn primary" onClick={xlsx} disabled={downloading} data-testid="bulletin-xlsx">
          {downloading ? t('bulletin.downloading') : t('bulletin.xlsx')}
        </button>
      </fieldset>
      <ErrorBox error={downloadError} />

      <article class="bulletin-sheet">
        <header class="bulletin-head">
          <p class="bulletin-org">{me.tenant.name}</p>
          <h1 id="page-title">
            {bulletin ? `${bulletin.campaign.name} ` : ''}
            {t('bulletin.title')}
          </h1>
          <p class="muted">
            {t('bulletin.weekOf', { week })}
            {range ? `（${bulletin?.week.startsOn ?? range.from} – ${bulletin?.week.endsOn ?? range.to}）` : ''}
          </p>
        </header>
        {error ? (
          <ErrorBox error={error} onRetry={error instanceof ApiError && error.status === 404 ? undefined : () => void loaded.refresh()} />
        ) : !bulletin ? (
          <Spinner />
        ) : (
          <BulletinBody bulletin={bulletin} tz={tz} />
        )}
      </article>
    </section>
  );
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** The bulletin as a committee would print it: the week, the running totals, hazards, who is behind, what got done. */
function BulletinBody(props: { bulletin: CampaignBulletin; tz: string }) {
  const b = props.bulletin;
  const c = b.cumulative;
  const week = b.counts;
  return (
    <>
      <section class="bulletin-section">
        <h2>{t('bulletin.thisWeek')}</h2>
        <p data-testid="bulletin-week-text">
          {t('bulletin.weekText', {
            assigned: week.assigned,
            completed: week.completed,
            submitted: week.submitted,
            returned: week.returned,
            overdue: week.overdueNow,
          })}
        </p>
      </section>
      <section class="bulletin-section">
        <h2>{t('bulletin.cumulative', { asOf: dateTime(b.asOf, props.tz) })}</h2>
        <table class="bulletin-table">
          <tbody>
            <tr>
              <th scope="row">{t('counts.total')}</th>
              <td data-testid="bulletin-total">{c.total - c.cancelled}</td>
              <th scope="row">{t('counts.done')}</th>
              <td data-testid="bulletin-done">{c.done}</td>
            </tr>
            <tr>
              <th scope="row">{t('bulletin.completionRate')}</th>
              <td>{pct(b.completionRate)}</td>
              <th scope="row">{t('counts.onTimeRate')}</th>
              <td>{pct(b.onTimeRate)}</td>
            </tr>
            <tr>
              <th scope="row">{t('counts.submitted')}</th>
              <td>{c.submitted}</td>
              <th scope="row">{t('counts.open')}</th>
              <td>{c.open}</td>
            </tr>
            <tr>
              <th scope="row">{t('counts.overdue')}</th>
              <td>{c.overdue}</td>
              <th scope="row">{t('counts.returned')}</th>
              <td>{c.returned}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section class="bulletin-section">
        <h2>{t('campaign.hazards')}</h2>
        <p>{t('bulletin.hazardsText', { found: b.hazards.found, fixed: b.hazards.fixed })}</p>
      </section>
      <section class="bulletin-section">
        <h2>{t('bulletin.overdueUnits')}</h2>
        {b.topOverdue.length ? (
          <table class="bulletin-table">
            <thead>
              <tr>
                <th scope="col">{t('task.assignee')}</th>
                <th scope="col">{t('counts.overdue')}</th>
                <th scope="col">{t('bulletin.oldestDue')}</th>
              </tr>
            </thead>
            <tbody>
              {b.topOverdue.map((u) => (
                <tr key={`${u.kind}:${u.id}`}>
                  <td>
                    {u.name} <span class="muted small">（{label('assigneeKind', u.kind)}）</span>
                  </td>
                  <td>{u.overdue}</td>
                  <td>{dateOnly(u.oldestDueAt, props.tz)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('bulletin.noOverdue')}</p>
        )}
      </section>
      {b.byUnit.length ? (
        <section class="bulletin-section">
          <h2>{t('campaign.units')}</h2>
          <table class="bulletin-table">
            <thead>
              <tr>
                <th scope="col">{t('task.assignee')}</th>
                <th scope="col">{t('counts.done')}</th>
                <th scope="col">{t('counts.overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {b.byUnit.map((u) => (
                <tr key={`${u.kind}:${u.id}`} data-testid="bulletin-unit" data-unit={u.name}>
                  <td>{u.name}</td>
                  <td>
                    {u.done}/{u.total}
                  </td>
                  <td>{u.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section class="bulletin-section">
        <h2>{t('bulletin.highlights')}</h2>
        {b.highlights.length ? (
          <ul>
            {b.highlights.map((h) => (
              <li key={h.taskId}>
                {h.unitName}：{h.title} <span class="muted small">（{dateOnly(h.completedAt, props.tz)}）</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('bulletin.noHighlights')}</p>
        )}
      </section>
      <p class="muted small">{t('bulletin.generated', { at: dateTime(b.generatedAt, props.tz) })}</p>
    </>
  );
}
