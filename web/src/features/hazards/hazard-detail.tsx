/**
 * One hazard: facts, parties, deadlines in the district's time zone, escalation, photos, the
 * timeline with its chain check, and buttons for exactly the actions the server says the caller
 * may take now (availableActions).
 */
import { useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { EvidenceRef, Me, TimelineEvent } from '../../api-types.ts';
import { ActionBar, BackLink, LoadFailed, useDocumentTitle } from '../../components/detail-page.tsx';
import { EvidenceThumb } from '../../components/photos.tsx';
import { TimelineCard } from '../../components/timeline.tsx';
import { Spinner } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { notify, policyLookup, useLookup } from '../../store.ts';
import { dateOnly, dateTime, zoneLabel } from '../../time.ts';
import type { Action } from '../../vocabulary.ts';
import { ActionDialog } from './hazard-actions.tsx';
import { SeverityBadge, StateBadge } from './hazard-list.tsx';

/** The order buttons appear in: the usual next step first, the exceptional ones last. */
const ORDER: Action[] = [
  'route',
  'accept',
  'submit',
  'verify',
  'reject',
  'extend-request',
  'extend-approve',
  'extend-deny',
  'escalate',
  'recheck',
  'reopen',
  'link-duplicate',
  'close-as',
];
const PRIMARY = new Set<Action>(['route', 'accept', 'submit', 'verify']);

export function HazardDetailPage(props: { me: Me; id: string }) {
  const { me, id } = props;
  const tz = me.tenant.timeZone;
  const [acting, setActing] = useState<Action | null>(null);
  const policy = useLookup(policyLookup).value;
  const path = { path: { id } };
  const loaded = useData(['/hazards/{id}', id], (signal) => ok(client.GET('/hazards/{id}', { params: path, signal })));
  const timelineLoad = useData(['/hazards/{id}/timeline', id], (signal) =>
    ok(client.GET('/hazards/{id}/timeline', { params: path, signal })),
  );
  const hazard = loaded.data;
  const timeline = (timelineLoad.data?.items ?? null) as TimelineEvent[] | null;
  const error = loaded.error ?? timelineLoad.error;
  const load = () => {
    void loaded.refresh();
    void timelineLoad.refresh();
  };

  useDocumentTitle(hazard?.number);

  if (error) return <LoadFailed back={<Back />} error={error} onRetry={load} />;
  if (!hazard) return <Spinner />;

  const h = hazard;
  const lead = h.parties.find((p) => p.lead);
  const assisting = h.parties.filter((p) => !p.lead);
  // A re-check belongs to a look-back sample, which only look-back managers can list and pick.
  const actions = ORDER.filter((a) => h.availableActions.includes(a));
  const reporter = timeline?.find((e) => e.action === 'report')?.actor?.displayName;
  const chainLevel = h.escalationLevel > 0 ? policy?.escalationChain[h.escalationLevel - 1] : undefined;
  const byStage = new Map<string, EvidenceRef[]>();
  for (const e of h.evidence) byStage.set(e.stage ?? 'report', [...(byStage.get(e.stage ?? 'report') ?? []), e]);

  return (
    <section class="page hazard-page" aria-labelledby="page-title" data-testid="hazard-detail" data-state={h.state}>
      <Back />
      <div class="page-head">
        <h1 id="page-title">
          {h.number} <span class="muted small">{h.categoryName}</span>
        </h1>
        <span class="chips" data-testid="hazard-state">
          <StateBadge hazard={h} />
          <SeverityBadge severity={h.severity} />
          {h.overdue ? <span class="badge overdue-badge">{t('hazard.overdueBadge')}</span> : null}
        </span>
      </div>

      <ActionBar
        actions={actions}
        label={(a) => label('action', a)}
        buttonClass={(a) => (PRIMARY.has(a) ? 'btn primary' : a === 'close-as' || a === 'reject' ? 'btn danger-outline' : 'btn')}
        onPick={setActing}
      />

      <div class="cards">
        <article class="card">
          <h2>{t('hazard.facts')}</h2>
          <dl class="facts">
            <dt>{t('hazard.description')}</dt>
            <dd class="pre">{h.description}</dd>
            <dt>{t('hazard.where')}</dt>
            <dd>{h.placeName ? `${h.placeName}（${h.orgUnitName}）` : h.orgUnitName}</dd>
            <dt>{t('hazard.source')}</dt>
            <dd>{label('source', h.source)}</dd>
            <dt>{t('hazard.reporter')}</dt>
            <dd>{reporter ?? '…'}</dd>
            <dt>{t('hazard.reportedAt')}</dt>
            <dd>{dateTime(h.reportedAt, tz)}</dd>
            {h.duplicateOfId ? (
              <>
                <dt>{t('duplicate.original')}</dt>
                <dd>
                  <a href={`/hazards/${h.duplicateOfId}`} onClick={linkClick}>
                    {t('duplicate.open')}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
        </article>

        <article class="card">
          <h2>{t('hazard.parties')}</h2>
          {lead ? (
            <dl class="facts">
              <dt>{t('party.lead')}</dt>
              <dd data-testid="lead-party">
                {lead.name} <span class="muted small">（{label('partyKind', lead.kind)}）</span>
              </dd>
              {assisting.length ? (
                <>
                  <dt>{t('party.assisting')}</dt>
                  <dd>
                    {assisting.map((p, i) => (
                      <div key={i}>
                        {p.name} <span class="muted small">（{label('partyKind', p.kind)}）</span>
                      </div>
                    ))}
                  </dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p class="muted">{t('party.none')}</p>
          )}
        </article>

        <article class="card">
          <h2>{t('hazard.deadlines')}</h2>
          <dl class="facts">
            {h.routedAt ? (
              <>
                <dt>{t('hazard.routedAt')}</dt>
                <dd>{dateTime(h.routedAt, tz)}</dd>
              </>
            ) : null}
            <dt>{t('hazard.respondBy')}</dt>
            <dd class={h.overdue && h.state === 'routed' ? 'late' : undefined}>{dateTime(h.respondBy, tz) || '—'}</dd>
            <dt>{t('hazard.dueAt')}</dt>
            <dd class={h.overdue && h.state === 'rectifying' ? 'late' : undefined}>{dateTime(h.dueAt, tz) || '—'}</dd>
            {h.closedAt ? (
              <>
                <dt>{t('hazard.closedAt')}</dt>
                <dd>{dateTime(h.closedAt, tz)}</dd>
              </>
            ) : null}
            {h.pendingExtension ? (
              <>
                <dt>{t('extend.pendingTitle')}</dt>
                <dd>
                  {t('extend.pending', { until: dateOnly(h.pendingExtension.until, tz) })} — {h.pendingExtension.reason}
                </dd>
              </>
            ) : null}
            <dt>{t('hazard.escalation')}</dt>
            <dd>
              {h.escalationLevel > 0
                ? `${t('hazard.escalatedBadge', { n: h.escalationLevel })}${chainLevel ? `（${label('escalation', chainLevel)}）` : ''}`
                : t('hazard.notEscalated')}
            </dd>
            <dt>{t('hazard.counts')}</dt>
            <dd>{t('hazard.countsText', { ext: h.extensionCount, rej: h.rejectCount, reo: h.reopenCount })}</dd>
          </dl>
          <p class="muted small">{t('hazard.tzNote', { tz: zoneLabel(tz) })}</p>
        </article>

        <article class="card">
          <h2>{t('hazard.photos')}</h2>
          {h.evidence.length === 0 ? <p class="muted">{t('hazard.noPhotos')}</p> : null}
          {[...byStage.entries()].map(([stage, items]) => (
            <div key={stage} class="photo-stage">
              <h3>{label('stage', stage)}</h3>
              <div class="thumbs" data-testid={`photos-${stage}`}>
                {items.map((e) => (
                  <EvidenceThumb key={e.id} id={e.id} name={e.fileName} contentType={e.contentType} />
                ))}
              </div>
            </div>
          ))}
        </article>
      </div>

      <TimelineCard
        subject={`/hazards/${encodeURIComponent(id)}`}
        events={timeline}
        evidence={h.evidence}
        tz={tz}
        title={t('hazard.timeline')}
        actionLabel={(a) => label('action', a)}
        stateLabel={(st) => label('hazardState', st)}
        details={(e) => eventDetails(e, tz)}
        showNote={(e) => e.action !== 'report'}
      />

      {acting ? (
        <ActionDialog
          me={me}
          hazard={h}
          action={acting}
          onClose={() => setActing(null)}
          onReload={() => {
            setActing(null);
            void load();
          }}
          onDone={(updated) => {
            setActing(null);
            loaded.set(updated);
            notify(t('hazard.actionDone', { action: label('action', acting) }));
            // The boards and my work count this hazard too: what they cached is now stale.
            void invalidate('/hazards');
            void invalidate('/my/work');
            void timelineLoad.refresh();
          }}
        />
      ) : null}
    </section>
  );
}

const Back = () => <BackLink href="/hazards" label={t('nav.hazards')} />;

/** The facts an event's data records, as short lines (deadlines, outcome, escalation level…). */
function eventDetails(e: TimelineEvent, tz: string): string[] {
  const d = e.data;
  const lines: string[] = [];
  const lead = d.lead as { kind?: string } | undefined;
  if (e.action === 'route' && lead?.kind) lines.push(`${t('party.lead')}: ${label('partyKind', lead.kind)}`);
  if (typeof d.dueAt === 'string') lines.push(`${t('hazard.dueAt')}: ${dateTime(d.dueAt, tz)}`);
  if (typeof d.until === 'string') lines.push(`${t('extend.until')}: ${dateOnly(d.until, tz)}`);
  if (typeof d.outcome === 'string') lines.push(`${t('closeAs.outcome')}: ${label('outcome', d.outcome)}`);
  if (typeof d.level === 'number')
    lines.push(t('hazard.escalatedBadge', { n: d.level }) + (typeof d.to === 'string' ? `（${label('escalation', d.to)}）` : ''));
  if (d.result === 'confirmed' || d.result === 'rebound') lines.push(t(d.result === 'confirmed' ? 'recheck.confirmed' : 'recheck.rebound'));
  if (d.rework) lines.push(t('timeline.rework'));
  return lines;
}
