/**
 * One campaign: its goal, its phases as a timeline with today's highlighted, the dashboard
 * (task counts overall, per phase and per unit as progress bars: done on time / late / waiting
 * for acceptance / open / overdue; hazards found and fixed), a drill-down from each unit to its
 * tasks on the board, the template's suggested tasks to assign, and the weekly bulletin.
 */
import { useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { Campaign, CampaignDashboard, Me, SuggestedAssignees, TaskCounts } from '../../api-types.ts';
import { BackLink, LoadFailed, useDocumentTitle } from '../../components/detail-page.tsx';
import { CampaignStatusBadge } from '../../components/record-labels.tsx';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { campaignsLookup, notify } from '../../store.ts';
import { isoWeekOf, localDate } from '../../time.ts';
import type { AssigneeSelector } from '../../vocabulary.ts';
import { type AssignInitial, AssignTaskDialog, assignsDistrictWide } from '../tasks/task-form.tsx';

const SELECTOR: Record<SuggestedAssignees, AssigneeSelector> = {
  streets: { kind: 'streets' },
  communities: { kind: 'communities', streetId: null },
  departments: { kind: 'departments', ids: null },
  companies: { kind: 'companies', ids: null },
};

const UNIT_FILTER = { org_unit: 'orgUnitId', department: 'departmentId', company: 'companyId' } as const;

export function CampaignDetailPage(props: { me: Me; id: string }) {
  const { me, id } = props;
  const tz = me.tenant.timeZone;
  const today = localDate(tz);
  const [assigning, setAssigning] = useState<AssignInitial | null>(null);
  const [busy, setBusy] = useState(false);
  // An archive or restore that fails shows the page's error, as a failed load does.
  const [statusError, setStatusError] = useState<unknown>(null);
  const canAssign = me.permissions.includes('tasks.assign');
  const canManage = me.permissions.includes('campaigns.manage');
  const path = { path: { id } };
  const loaded = useData(['/campaigns/{id}', id], (signal) => ok(client.GET('/campaigns/{id}', { params: path, signal })));
  const dashboardLoad = useData(['/campaigns/{id}/dashboard', id], (signal) =>
    ok(client.GET('/campaigns/{id}/dashboard', { params: path, signal })),
  );
  const templateCode = loaded.data?.templateCode ?? '';
  // The template's suggested tasks are for assigners; without them (or when it fails) the page has none.
  const templateLoad = useData(
    ['/campaign-templates/{code}', templateCode],
    (signal) => ok(client.GET('/campaign-templates/{code}', { params: { path: { code: templateCode } }, signal })),
    { enabled: Boolean(templateCode) && canAssign },
  );
  const campaign = loaded.data;
  const template = templateLoad.data;
  const error = loaded.error ?? statusError;
  const loadDashboard = () => void dashboardLoad.refresh();
  const load = () => {
    setStatusError(null);
    void loaded.refresh();
    loadDashboard();
  };

  useDocumentTitle(campaign?.name);

  if (error) return <LoadFailed back={<Back />} error={error} onRetry={load} />;
  if (!campaign) return <Spinner />;
  const c = campaign;
  const phaseCounts = new Map((dashboardLoad.data?.phases ?? []).map((p) => [p.id, p.counts]));
  const current = c.phases.find((p) => p.id === c.currentPhaseId);
  const week = isoWeekOf(today);

  const setStatus = async (status: Campaign['status']) => {
    setBusy(true);
    try {
      loaded.set(await ok(client.PATCH('/campaigns/{id}', { params: path, body: { version: c.version, status } })));
      campaignsLookup.invalidate();
      void invalidate('/campaigns');
      notify(t('common.saved'));
    } catch (e) {
      setStatusError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page campaign-page" aria-labelledby="page-title" data-testid="campaign-detail">
      <Back />
      <div class="page-head">
        <h1 id="page-title">{c.name}</h1>
        <span class="chips">
          <CampaignStatusBadge status={c.status} />
          {current ? <span class="badge task-state-in_progress">{current.name}</span> : null}
        </span>
      </div>

      <fieldset class="action-bar" aria-label={t('hazard.actions')}>
        {canAssign && c.status === 'active' ? (
          <button
            type="button"
            class="btn primary"
            onClick={() => setAssigning({ campaignId: c.id, ...(current ? { phaseId: current.id } : {}) })}
          >
            ＋ {t('assign.title')}
          </button>
        ) : null}
        <a class="btn" href={`/campaigns/${encodeURIComponent(id)}/bulletin?week=${week}`} onClick={linkClick}>
          {t('bulletin.title')}
        </a>
        {canAssign ? (
          <a class="btn" href={`/task-board?campaignId=${c.id}`} onClick={linkClick}>
            {t('campaign.allTasks')}
          </a>
        ) : null}
        {canManage ? (
          <button type="button" class="btn ghost" disabled={busy} onClick={() => setStatus(c.status === 'active' ? 'archived' : 'active')}>
            {c.status === 'active' ? t('campaign.archive') : t('campaign.restore')}
          </button>
        ) : null}
      </fieldset>

      <div class="cards">
        <article class="card">
          <h2>{t('campaign.goal')}</h2>
          <p class="pre">{c.goal}</p>
          <dl class="facts">
            <dt>{t('campaign.dates')}</dt>
            <dd>{c.startsOn && c.endsOn ? `${c.startsOn} – ${c.endsOn}` : '—'}</dd>
            <dt>{t('campaign.scope')}</dt>
            <dd>{c.scopeOrgUnitName ?? t('user.wholeDistrict')}</dd>
            {c.leads.length ? (
              <>
                <dt>{t('campaign.leads')}</dt>
                <dd>{c.leads.map((u) => u.name).join('、')}</dd>
              </>
            ) : null}
            {c.responsible.length ? (
              <>
                <dt>{t('campaign.responsible')}</dt>
                <dd>{c.responsible.map((u) => u.name).join('、')}</dd>
              </>
            ) : null}
          </dl>
        </article>

        <article class="card">
          <h2>{t('campaign.phases')}</h2>
          <ol class="phases" data-testid="phases">
            {c.phases.map((p) => {
              const when = p.id === c.currentPhaseId ? 'current' : p.endsOn < today ? 'past' : 'future';
              const counts = phaseCounts.get(p.id);
              return (
                <li key={p.id} class={`phase phase-${when}`} aria-current={when === 'current' ? 'step' : undefined} data-testid="phase">
                  <div class="phase-head">
                    <strong>
                      {p.ordinal}. {p.name}
                    </strong>
                    {when === 'current' ? <span class="badge task-state-in_progress">{t('campaign.now')}</span> : null}
                  </div>
                  <div class="muted small">
                    {p.startsOn} – {p.endsOn}
                  </div>
                  {p.goal ? <div class="small">{p.goal}</div> : null}
                  {counts?.total ? (
                    <div class="small">
                      {t('campaign.doneOf', { n: counts.done, of: counts.total - counts.cancelled })}
                      {counts.overdue ? <span class="late"> · {t('work.overdueCount', { n: counts.overdue })}</span> : null}
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </article>
      </div>

      <Dashboard me={me} campaign={c} dashboard={dashboardLoad.data ?? null} error={dashboardLoad.error} onRetry={loadDashboard} />

      {template?.tasks.length && canAssign && c.status === 'active' ? (
        <article class="card template-tasks">
          <h2>{t('campaign.suggested')}</h2>
          <p class="muted small">{t('campaign.suggestedHint')}</p>
          <ul class="plain-list">
            {template.tasks
              .filter((task) => assignsDistrictWide(me) || task.assignees === 'communities')
              .map((task, i) => {
                const phase = c.phases.find((p) => p.ordinal === task.phaseOrdinal);
                return (
                  <li key={i} class="suggested">
                    <div>
                      <strong>{task.title}</strong>
                      <div class="muted small">
                        {phase ? `${phase.ordinal}. ${phase.name}` : ''} · {task.assigneesLabel}
                      </div>
                    </div>
                    <button
                      type="button"
                      class="btn small"
                      onClick={() =>
                        setAssigning({
                          campaignId: c.id,
                          ...(phase && phase.endsOn >= today ? { phaseId: phase.id } : {}),
                          title: task.title,
                          description: task.description,
                          done: {
                            checklist: [...task.done.checklist],
                            target: task.done.target ? { ...task.done.target } : null,
                            evidence: [...task.done.evidence],
                          },
                          weight: task.weight,
                          assignees: SELECTOR[task.assignees],
                        })
                      }
                    >
                      {t('campaign.assignThis')}
                    </button>
                  </li>
                );
              })}
          </ul>
        </article>
      ) : null}

      {assigning ? (
        <AssignTaskDialog
          me={me}
          initial={assigning}
          onClose={() => setAssigning(null)}
          onCreated={(r) => {
            setAssigning(null);
            notify(t('assign.done', { n: r.count }));
            void loadDashboard();
          }}
        />
      ) : null}
    </section>
  );
}

const Back = () => <BackLink href="/campaigns" label={t('nav.campaigns')} />;

/** Of the tasks not cancelled: how many are done (on time / late), waiting for acceptance, open, overdue. */
function segments(c: TaskCounts) {
  const total = Math.max(0, c.total - c.cancelled);
  const late = Math.max(0, c.done - c.onTime);
  const pending = Math.max(0, c.open - c.overdue);
  return {
    total,
    parts: [
      { key: 'onTime', n: c.onTime },
      { key: 'late', n: late },
      { key: 'submitted', n: c.submitted },
      { key: 'open', n: pending },
      { key: 'overdue', n: c.overdue },
    ] as const,
  };
}

export function ProgressBar(props: { counts: TaskCounts }) {
  const { total, parts } = segments(props.counts);
  const text = parts
    .filter((p) => p.n)
    .map((p) => `${t(`counts.${p.key}`)} ${p.n}`)
    .join('，');
  return (
    <div class="bar" role="img" aria-label={text || t('counts.none')}>
      {total
        ? parts.map((p) => (p.n ? <span key={p.key} class={`bar-${p.key}`} style={{ width: `${(100 * p.n) / total}%` }} /> : null))
        : null}
    </div>
  );
}

const pct = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}%` : '—');

function Dashboard(props: { me: Me; campaign: Campaign; dashboard: CampaignDashboard | null; error: unknown; onRetry: () => void }) {
  const { dashboard: d, campaign: c } = props;
  const canBoard = props.me.permissions.includes('tasks.assign');
  if (props.error) {
    return (
      <article class="card">
        <h2>{t('campaign.dashboard')}</h2>
        <ErrorBox error={props.error} onRetry={props.onRetry} />
      </article>
    );
  }
  if (!d) return <Spinner />;
  const totals = d.totals;
  const counted = totals.total - totals.cancelled;
  return (
    <article class="card dashboard" data-testid="campaign-dashboard">
      <div class="card-head">
        <h2>{t('campaign.dashboard')}</h2>
        <button type="button" class="btn small ghost" onClick={props.onRetry}>
          {t('common.reload')}
        </button>
      </div>
      <div class="stats" data-testid="campaign-totals">
        <Stat label={t('counts.total')} value={counted} />
        <Stat label={t('counts.done')} value={totals.done} sub={pct(totals.done, counted)} tone="ok" />
        <Stat label={t('counts.onTimeRate')} value={pct(totals.onTime, totals.done)} />
        <Stat label={t('counts.submitted')} value={totals.submitted} />
        <Stat label={t('counts.overdue')} value={totals.overdue} tone={totals.overdue ? 'bad' : undefined} />
        <Stat label={t('counts.returned')} value={totals.returned} tone={totals.returned ? 'warn' : undefined} />
      </div>
      {d.hazards ? (
        <>
          <h3>{t('campaign.hazards')}</h3>
          <div class="stats">
            <Stat label={t('campaign.hazardsFound')} value={d.hazards.found} />
            <Stat label={t('campaign.hazardsFixed')} value={d.hazards.fixed} sub={pct(d.hazards.fixed, d.hazards.found)} tone="ok" />
            <Stat label={t('campaign.hazardsOpen')} value={d.hazards.open} />
            <Stat label={t('counts.overdue')} value={d.hazards.overdue} tone={d.hazards.overdue ? 'bad' : undefined} />
          </div>
        </>
      ) : null}
      <h3>{t('campaign.units')}</h3>
      <Legend />
      {d.units.length === 0 ? <p class="muted">{t('campaign.noTasks')}</p> : null}
      <ul class="unit-bars">
        {d.units.map((u) => {
          const n = u.counts.total - u.counts.cancelled;
          const href = `/task-board?campaignId=${c.id}&${UNIT_FILTER[u.kind]}=${u.id}`;
          return (
            <li
              key={`${u.kind}:${u.id}`}
              class="unit-bar"
              data-testid="unit-row"
              data-unit={u.name}
              data-done={u.counts.done}
              data-total={n}
            >
              <div class="unit-head">
                {canBoard ? (
                  <a href={href} onClick={linkClick}>
                    {u.name}
                  </a>
                ) : (
                  <span>{u.name}</span>
                )}
                <span class="muted small">（{label('assigneeKind', u.kind)}）</span>
                <span class="unit-nums">
                  {t('campaign.doneOf', { n: u.counts.done, of: n })}
                  {u.counts.overdue ? <span class="late"> · {t('work.overdueCount', { n: u.counts.overdue })}</span> : null}
                  {u.counts.returned ? (
                    <span class="warn">
                      {' '}
                      · {t('counts.returned')} {u.counts.returned}
                    </span>
                  ) : null}
                </span>
              </div>
              <ProgressBar counts={u.counts} />
            </li>
          );
        })}
      </ul>
      {canBoard && d.units.length ? <p class="muted small">{t('campaign.drillHint')}</p> : null}
    </article>
  );
}

export function Legend() {
  return (
    <p class="legend small" aria-hidden="true">
      {(['onTime', 'late', 'submitted', 'open', 'overdue'] as const).map((k) => (
        <span key={k}>
          <i class={`swatch bar-${k}`} /> {t(`counts.${k}`)}
        </span>
      ))}
    </p>
  );
}

function Stat(props: { label: string; value: number | string; sub?: string; tone?: 'ok' | 'bad' | 'warn' | undefined }) {
  return (
    <div class={props.tone ? `stat stat-${props.tone}` : 'stat'}>
      <span class="stat-value">{props.value}</span>
      <span class="stat-label">
        {props.label}
        {props.sub ? <span class="muted"> · {props.sub}</span> : null}
      </span>
    </div>
  );
}
