/**
 * One maintenance record: what was checked with which result, by which contractor, and its
 * evidence (photos, the PDF report). A conflict (a "normal" record while an open hazard or a
 * failed inspection item there says otherwise) is shown first and loud. The buttons are the ones
 * the server allows now: accept, return with a reason, resubmit with what was missing. Below,
 * the hash-chained timeline.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { MaintenanceRecordDetail, Me, TimelineEvent } from '../../api-types.ts';
import { ActionBar, BackLink, LoadFailed, useDocumentTitle } from '../../components/detail-page.tsx';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { EvidenceThumb, forgetPhotos, type PhotoItem, PhotoPicker, photoIds, photosReady } from '../../components/photos.tsx';
import { MaintenanceBadges } from '../../components/record-labels.tsx';
import { TimelineCard } from '../../components/timeline.tsx';
import { Spinner } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, type MessageKey, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { maintenanceUi, notify } from '../../store.ts';
import { dateTime } from '../../time.ts';
import type { MaintenanceAction, MaintenanceState } from '../../vocabulary.ts';
import { HazardRef, useHazardRefs } from '../hazards/hazard-refs.tsx';

export function MaintenanceDetailPage(props: { me: Me; id: string }) {
  const { me, id } = props;
  const tz = me.tenant.timeZone;
  const [acting, setActing] = useState<MaintenanceAction | null>(null);
  const params = { path: { id } };
  const loaded = useData(['/maintenance-records/{id}', id], (signal) => ok(client.GET('/maintenance-records/{id}', { params, signal })));
  const timelineLoad = useData(['/maintenance-records/{id}/timeline', id], (signal) =>
    ok(client.GET('/maintenance-records/{id}/timeline', { params, signal })),
  );
  const record = loaded.data;
  const facilityId = record?.facilityId ?? '';
  // The facility only adds its location and count to the kind: without it the page is complete.
  const facility = useData(
    ['/facilities/{id}', facilityId],
    (signal) => ok(client.GET('/facilities/{id}', { params: { path: { id: facilityId } }, signal })),
    { enabled: facilityId !== '' },
  ).data;
  const timeline = (timelineLoad.data?.items ?? null) as TimelineEvent<MaintenanceState>[] | null;
  const hazards = useHazardRefs([...(record?.hazardId ? [record.hazardId] : []), ...(record?.conflict?.hazardIds ?? [])]);
  const load = () => {
    void loaded.refresh();
    void timelineLoad.refresh();
  };

  const title = record ? `${record.compoundName} · ${label('facilityKind', record.kind)}` : undefined;
  useDocumentTitle(title);

  if (loaded.error && !record) return <LoadFailed back={<Back />} error={loaded.error} onRetry={load} />;
  if (!record) return <Spinner />;
  const r = record;

  const done = (updated: MaintenanceRecordDetail, action: MaintenanceAction) => {
    setActing(null);
    loaded.set(updated);
    notify(t('hazard.actionDone', { action: label('maintAction', action) }));
    void timelineLoad.refresh();
    recordsChanged();
  };
  /** accept (with an optional note) or return (with its reason), at the version read. */
  const decide = async (action: 'accept' | 'return', text: string, key: string) => {
    const body =
      action === 'return' ? { action, version: r.version, reason: text } : { action, version: r.version, ...(text ? { note: text } : {}) };
    done(await ok(client.POST('/maintenance-records/{id}/transitions', { params, body, headers: { 'Idempotency-Key': key } })), action);
  };
  const resubmit = async (note: string, evidenceIds: string[], key: string) => {
    const body = { action: 'resubmit' as const, version: r.version, note, ...(evidenceIds.length ? { evidenceIds } : {}) };
    done(await ok(client.POST('/maintenance-records/{id}/transitions', { params, body, headers: { 'Idempotency-Key': key } })), 'resubmit');
  };
  const reload = () => {
    setActing(null);
    load();
  };

  return (
    <section class="page maintenance-page" aria-labelledby="page-title" data-testid="maintenance-detail" data-state={r.state}>
      <Back />
      <div class="page-head">
        <h1 id="page-title">{title}</h1>
        <span data-testid="maintenance-state">
          <MaintenanceBadges record={r} />
        </span>
      </div>

      {r.conflict ? (
        <div class="alert conflict-alert" role="alert" data-testid="maintenance-conflict">
          <strong>⚠ {t('maint.conflictTitle')}</strong>
          <p>{t('maint.conflictExplain')}</p>
          <ul class="plain-list">
            {r.conflict.hazardIds.map((h, n) => (
              <li key={h}>
                <HazardRef id={h} hazard={hazards.get(h)} fallback={t('maint.conflictHazard', { n: n + 1 })} />
              </li>
            ))}
            {r.conflict.inspectionIds.map((i, n) => (
              <li key={i}>
                <a href={`/inspections/${i}`} onClick={linkClick}>
                  {t('maint.conflictInspection', { n: n + 1 })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {r.state === 'returned' && r.returnReason ? (
        <p class="alert" data-testid="maintenance-return-reason">
          {t('maint.returnedBecause')}: {r.returnReason}
        </p>
      ) : null}

      <ActionBar
        actions={r.availableActions}
        label={(a) => label('maintAction', a)}
        buttonClass={(a) => (a === 'return' ? 'btn danger-outline' : 'btn primary')}
        onPick={setActing}
      />

      <div class="cards">
        <article class="card">
          <h2>{t('hazard.facts')}</h2>
          <dl class="facts">
            <dt>{t('maint.company')}</dt>
            <dd>{r.companyName}</dd>
            <dt>{t('maint.compound')}</dt>
            <dd>{r.compoundName}</dd>
            <dt>{t('facility.kind')}</dt>
            <dd>
              {label('facilityKind', r.kind)}
              {facility ? <span class="muted small">（{[facility.location, `×${facility.count}`].filter(Boolean).join(' ')}）</span> : null}
            </dd>
            <dt>{t('maint.performedOn')}</dt>
            <dd>{r.performedOn}</dd>
            <dt>{t('maint.contractor')}</dt>
            <dd>{r.contractor}</dd>
            <dt>{t('maint.conclusion')}</dt>
            <dd class={r.result === 'fault' ? 'late' : undefined}>{label('maintResult', r.result)}</dd>
            {r.hazardId ? (
              <>
                <dt>{t('maint.hazard')}</dt>
                <dd>
                  <HazardRef id={r.hazardId} hazard={hazards.get(r.hazardId)} fallback={t('maint.openHazard')} />
                </dd>
              </>
            ) : null}
            <dt>{t('maint.submittedAt')}</dt>
            <dd>{dateTime(r.createdAt, tz)}</dd>
          </dl>
        </article>

        <article class="card" data-testid="maintenance-checks">
          <h2>{t('maint.checks')}</h2>
          <ol class="plain-list check-results">
            {r.checks.map((c, i) => (
              <li key={i} class={`check-result check-${c.result}`}>
                <span class={c.result === 'fault' ? 'badge maint-fault' : 'badge ok-badge'}>
                  {t(c.result === 'ok' ? 'maint.ok' : 'maint.fault')}
                </span>{' '}
                {c.item}
                {c.note ? <span class="muted small"> · {c.note}</span> : null}
              </li>
            ))}
          </ol>
        </article>
      </div>

      <article class="card">
        <h2>{t('maint.evidence')}</h2>
        {r.evidence.length ? (
          <div class="thumbs" data-testid="maintenance-evidence">
            {r.evidence.map((e) => (
              <EvidenceThumb key={e.id} id={e.id} name={e.fileName} contentType={e.contentType} />
            ))}
          </div>
        ) : (
          <p class="muted">{t('maint.noEvidence')}</p>
        )}
      </article>

      <TimelineCard
        subject={`/maintenance-records/${encodeURIComponent(id)}`}
        events={timeline}
        evidence={r.evidence}
        tz={tz}
        title={t('hazard.timeline')}
        actionLabel={(a) => label('maintAction', a)}
        stateLabel={(st) => label('maintState', st)}
        details={() => []}
      />

      {acting === 'resubmit' ? (
        <ResubmitDialog onSend={resubmit} onClose={() => setActing(null)} onReload={reload} />
      ) : acting ? (
        <NoteDialog
          title={label('maintAction', acting)}
          explain={t(`maint.explain.${acting}` as MessageKey)}
          field={
            acting === 'return'
              ? { name: 'reason', label: t('maint.returnReason'), required: true }
              : { name: 'note', label: `${t('field.note')}（${t('common.optional')}）`, required: false }
          }
          submitLabel={label('maintAction', acting)}
          danger={acting === 'return'}
          keyPrefix={`maint-${acting}`}
          conflictMessage={t('maint.versionConflict')}
          send={(text, key) => decide(acting, text, key)}
          onClose={() => setActing(null)}
          onReload={reload}
        />
      ) : null}
    </section>
  );
}

/**
 * After a record was written: the queue and the lists, the company's home and the facility
 * register (an accepted or a fault record feeds it) show it too.
 */
export function recordsChanged(): void {
  void invalidate('/maintenance-records');
  void invalidate('/companies/{id}/overview');
  void invalidate('/facilities');
  void invalidate('/facilities/{id}');
}

function Back() {
  const back = maintenanceUi.back;
  if (back.startsWith('/company')) return <BackLink href="/company" label={t('nav.company')} />;
  return (
    <BackLink
      href={back}
      label={new URLSearchParams(back.split('?')[1] ?? '').get('toReview') === 'true' ? t('maint.queue') : t('nav.maintenance')}
    />
  );
}

/** A returned record goes back with a note of what changed, and any files that were missing. */
function ResubmitDialog(props: {
  onSend: (note: string, evidenceIds: string[], key: string) => Promise<void>;
  onClose: () => void;
  onReload: () => void;
}) {
  const [files, setFiles] = useState<PhotoItem[]>([]);
  const filesRef = useRef(files);
  filesRef.current = files;
  useEffect(() => () => forgetPhotos(filesRef.current), []);
  return (
    <NoteDialog
      title={label('maintAction', 'resubmit')}
      explain={t('maint.explain.resubmit')}
      field={{ name: 'note', label: t('maint.resubmitNote'), required: true }}
      submitLabel={label('maintAction', 'resubmit')}
      keyPrefix="maint-resubmit"
      conflictMessage={t('maint.versionConflict')}
      check={() => (photosReady(files) ? null : { path: 'evidenceIds', message: t('photo.waitUploads') })}
      send={(note, key) => props.onSend(note, photoIds(files), key)}
      onClose={props.onClose}
      onReload={props.onReload}
    >
      {(errorAt) => (
        <PhotoPicker
          label={t('maint.evidence')}
          items={files}
          setItems={setFiles}
          kinds={{ photo: true, document: true }}
          error={errorAt('evidenceIds')}
        />
      )}
    </NoteDialog>
  );
}
