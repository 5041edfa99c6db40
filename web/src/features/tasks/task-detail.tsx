/**
 * One task (任务): what was asked, of whom, by when; its definition of done as a checklist the
 * assignee ticks, the number reached, the evidence (photos from the camera, PDFs of minutes or
 * reports); the buttons exactly as the server's availableActions allow (progress and submit for
 * the assignee, accept / return for the reviewer…); and the hash-chained timeline.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { client, errorText, ok } from '../../api.ts';
import type { Me, TaskDetail, TimelineEvent } from '../../api-types.ts';
import { ActionBar, BackLink, LoadFailed, useDocumentTitle } from '../../components/detail-page.tsx';
import { ConflictAlert, conflictText, fieldErrorsOf, isConflict, validationError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { EvidenceThumb, forgetPhotos, type PhotoItem, PhotoPicker, photoIds, photosReady } from '../../components/photos.tsx';
import { TimelineCard } from '../../components/timeline.tsx';
import { Spinner, TextArea, TextField } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, type MessageKey, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { notify, taskUi } from '../../store.ts';
import { dateOnly, dateTime, zoneLabel } from '../../time.ts';
import type { TaskAction, TaskState } from '../../vocabulary.ts';
import { doneOf, dueText, TaskFlags, TaskStateBadge } from './task-list.tsx';

/** Buttons in the action bar (progress and submit live in the work card). */
const BAR: TaskAction[] = ['accept', 'return', 'escalate', 'cancel'];

const kindOf = (contentType: string) => (contentType.startsWith('image/') ? 'photo' : 'document');

export function TaskDetailPage(props: { me: Me; id: string }) {
  const { me, id } = props;
  const tz = me.tenant.timeZone;
  const [acting, setActing] = useState<TaskAction | null>(null);
  const path = { path: { id } };
  const loaded = useData(['/tasks/{id}', id], (signal) => ok(client.GET('/tasks/{id}', { params: path, signal })));
  const timelineLoad = useData(['/tasks/{id}/timeline', id], (signal) => ok(client.GET('/tasks/{id}/timeline', { params: path, signal })));
  const task = loaded.data;
  // One timeline schema for hazards, tasks and maintenance: the states in this one are a task's.
  const timeline = (timelineLoad.data?.items ?? null) as TimelineEvent<TaskState>[] | null;
  const error = loaded.error ?? timelineLoad.error;
  const load = () => {
    void loaded.refresh();
    void timelineLoad.refresh();
  };

  useDocumentTitle(task?.title);

  const done = (updated: TaskDetail, action: TaskAction) => {
    setActing(null);
    loaded.set(updated);
    notify(t('hazard.actionDone', { action: label('taskAction', action) }));
    // The board, the campaign's and duty's task lists and my work show this task too.
    void invalidate('/tasks');
    void invalidate('/my/work');
    void timelineLoad.refresh();
  };

  // A reload that fails keeps the page as it was: only a first load that fails replaces it.
  if (error && !(task && timeline)) return <LoadFailed back={<Back />} error={error} onRetry={load} />;
  if (!task) return <Spinner />;

  const due = dueText(task, tz);
  const bar = BAR.filter((a) => task.availableActions.includes(a));
  const canLinkCampaign = me.permissions.includes('tasks.read') && task.campaignId;

  return (
    <section class="page task-page" aria-labelledby="page-title" data-testid="task-detail" data-state={task.state}>
      <Back />
      <div class="page-head">
        <h1 id="page-title">{task.title}</h1>
        <span class="chips" data-testid="task-state">
          <TaskStateBadge task={task} />
          <TaskFlags task={task} />
        </span>
      </div>

      <ActionBar
        actions={bar}
        label={(a) => label('taskAction', a)}
        buttonClass={(a) => (a === 'accept' ? 'btn primary' : a === 'return' || a === 'cancel' ? 'btn danger-outline' : 'btn')}
        onPick={setActing}
      />

      <div class="cards">
        <article class="card">
          <h2>{t('hazard.facts')}</h2>
          <dl class="facts">
            {task.campaignName ? (
              <>
                <dt>{t('task.campaign')}</dt>
                <dd>
                  {canLinkCampaign ? (
                    <a href={`/campaigns/${task.campaignId}`} onClick={linkClick}>
                      {task.campaignName}
                    </a>
                  ) : (
                    task.campaignName
                  )}
                  {task.phaseName ? <span class="muted small">（{task.phaseName}）</span> : null}
                </dd>
              </>
            ) : null}
            {task.periodKey ? (
              <>
                <dt>{t('duty.period')}</dt>
                <dd>{task.periodKey}</dd>
              </>
            ) : null}
            <dt>{t('task.assignee')}</dt>
            <dd data-testid="task-assignee">
              {task.assignee.name} <span class="muted small">（{label('assigneeKind', task.assignee.kind)}）</span>
            </dd>
            <dt>{t('task.dueOn')}</dt>
            <dd class={task.overdue ? 'late' : undefined}>
              {due.day}
              {due.left ? <span class={due.late ? 'due-left late' : 'due-left'}> {due.left}</span> : null}
            </dd>
            {task.submittedAt ? (
              <>
                <dt>{t('task.submittedAt')}</dt>
                <dd>{dateTime(task.submittedAt, tz)}</dd>
              </>
            ) : null}
            {task.completedAt ? (
              <>
                <dt>{t('task.completedAt')}</dt>
                <dd>
                  {dateTime(task.completedAt, tz)}
                  {task.onTime !== null ? <span class="muted small">（{task.onTime ? t('task.onTime') : t('task.late')}）</span> : null}
                </dd>
              </>
            ) : null}
            <dt>{t('task.weight')}</dt>
            <dd>{task.weight}</dd>
            {task.returnCount ? (
              <>
                <dt>{t('task.returns')}</dt>
                <dd>{t('task.returnedTimes', { n: task.returnCount })}</dd>
              </>
            ) : null}
            {task.description ? (
              <>
                <dt>{t('task.description')}</dt>
                <dd class="pre">{task.description}</dd>
              </>
            ) : null}
          </dl>
          <p class="muted small">{t('hazard.tzNote', { tz: zoneLabel(tz) })}</p>
        </article>

        <WorkCard me={me} task={task} onDone={done} onReload={load} />
      </div>

      <TimelineCard
        subject={`/tasks/${encodeURIComponent(id)}`}
        events={timeline}
        evidence={task.evidence}
        tz={tz}
        title={t('hazard.timeline')}
        actionLabel={(a) => label('taskAction', a)}
        stateLabel={(st) => label('taskState', st)}
        details={(e) => eventDetails(e, task, tz)}
        // An assign event's note is the title, shown above.
        showNote={(e) => e.action !== 'assign'}
      />

      {acting ? (
        <TaskActionDialog
          task={task}
          action={acting}
          onClose={() => setActing(null)}
          onReload={() => {
            setActing(null);
            void load();
          }}
          onDone={(updated) => done(updated, acting)}
        />
      ) : null}
    </section>
  );
}

/** Back to where the task was opened from: the board, a campaign, a duty, or my work. */
function Back() {
  const back = taskUi.back;
  const key: MessageKey = back.startsWith('/task-board')
    ? 'nav.taskBoard'
    : back.startsWith('/campaigns')
      ? 'nav.campaigns'
      : back.startsWith('/duties')
        ? 'nav.duties'
        : 'nav.tasks';
  return <BackLink href={back} label={t(key)} />;
}

/**
 * 完成标准 and the assignee's work on it: tick the checklist, give the number reached, attach
 * photos or PDFs, then save the progress or submit for acceptance. Others see the same card read-only.
 */
function WorkCard(props: { me: Me; task: TaskDetail; onDone: (t: TaskDetail, a: TaskAction) => void; onReload: () => void }) {
  const { task } = props;
  const done = doneOf(task.done);
  const canProgress = task.availableActions.includes('progress');
  const canSubmit = task.availableActions.includes('submit');
  const working = canProgress || canSubmit;
  const [checked, setChecked] = useState<boolean[]>(task.progress.checked);
  const [count, setCount] = useState(String(task.progress.count));
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<PhotoItem[]>([]);
  const [busy, setBusy] = useState<TaskAction | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey('task');

  // A new version of the task (after an action or a reload) is the new starting point.
  useEffect(() => {
    setChecked(task.progress.checked);
    setCount(String(task.progress.count));
  }, [task.version]);

  const filesRef = useRef(files);
  filesRef.current = files;
  useEffect(() => () => forgetPhotos(filesRef.current), []);

  const { all: fieldErrors, shown, errorAt } = fieldErrorsOf(error);
  const have = new Set(task.evidence.map((e) => kindOf(e.contentType)));
  for (const f of files) if (f.status === 'done') have.add(/\.pdf$/i.test(f.name) ? 'document' : 'photo');
  const countNumber = Number(count);
  const missing: string[] = [];
  done.checklist.forEach((item, i) => {
    if (!checked[i]) missing.push(item);
  });
  if (done.target && !(countNumber >= done.target.count)) missing.push(`${done.target.count} ${done.target.unit}`);
  for (const k of done.evidence) if (!have.has(k)) missing.push(label('evidenceKind', k));

  const send = async (action: 'progress' | 'submit') => {
    if (!photosReady(files)) {
      setError(new Error(t('photo.waitUploads')));
      return;
    }
    if (done.target && (!/^\d+$/.test(count.trim()) || countNumber > 100_000)) {
      setError(validationError(t('task.badCount'), [{ path: 'count', message: t('task.badCount') }]));
      return;
    }
    setBusy(action);
    setError(null);
    const evidenceIds = photoIds(files);
    try {
      const updated = await ok(
        client.POST('/tasks/{id}/transitions', {
          params: { path: { id: task.id } },
          body: {
            action,
            version: task.version,
            checked: done.checklist.map((_, i) => Boolean(checked[i])),
            ...(done.target ? { count: countNumber } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
            ...(evidenceIds.length ? { evidenceIds } : {}),
          },
          headers: { 'Idempotency-Key': key.current },
        }),
      );
      key.renew();
      forgetPhotos(files);
      setFiles([]);
      setNote('');
      setBusy(null);
      props.onDone(updated, action);
    } catch (e) {
      key.afterError(e);
      setError(e);
      setBusy(null);
    }
  };

  const conflict = isConflict(error);
  const uploading = files.some((f) => f.status === 'uploading');
  const evidenceError = errorAt('evidenceIds');
  const countError = errorAt('count');
  const checkedError = errorAt('checked');
  const rest = fieldErrors.filter((fe) => !shown.has(fe));
  const anyCriteria = done.checklist.length > 0 || done.target !== null || done.evidence.length > 0;

  return (
    <article class="card work-card" data-testid="task-work">
      <h2>{t('task.definition')}</h2>
      {!anyCriteria ? <p class="muted">{t('task.noCriteriaHint')}</p> : null}
      {done.checklist.length ? (
        <fieldset class={checkedError ? 'field has-error' : 'field'}>
          <legend>{t('task.checklist')}</legend>
          {done.checklist.map((item, i) => (
            <label key={i} class="check task-check">
              <input
                type="checkbox"
                name={`checked.${i}`}
                checked={Boolean(checked[i])}
                disabled={!working}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setChecked((c) => done.checklist.map((_, j) => (j === i ? on : Boolean(c[j]))));
                }}
              />
              <span>{item}</span>
            </label>
          ))}
          {checkedError ? <small class="error-text">{checkedError}</small> : null}
        </fieldset>
      ) : null}
      {done.target ? (
        working ? (
          <TextField
            name="count"
            label={t('task.countLabel', { n: done.target.count, unit: done.target.unit })}
            inputMode="numeric"
            value={count}
            error={countError}
            onValue={setCount}
          />
        ) : (
          <p>
            {t('task.countReached')}: <strong>{task.progress.count}</strong> / {done.target.count} {done.target.unit}
          </p>
        )
      ) : null}
      {done.evidence.length ? (
        <p class="small">
          {t('task.evidenceNeeded')}:{' '}
          {done.evidence.map((k) => (
            <span key={k} class={have.has(k) ? 'badge ok-badge' : 'badge'}>
              {have.has(k) ? '✓ ' : ''}
              {label('evidenceKind', k)}
            </span>
          ))}
        </p>
      ) : null}

      {task.evidence.length ? (
        <div class="photo-stage">
          <h3>{t('task.attached')}</h3>
          <div class="thumbs" data-testid="task-evidence">
            {task.evidence.map((e) => (
              <EvidenceThumb key={e.id} id={e.id} name={e.fileName} contentType={e.contentType} />
            ))}
          </div>
        </div>
      ) : null}

      {working ? (
        <div class="form work-form">
          <PhotoPicker
            label={t('task.evidence')}
            items={files}
            setItems={setFiles}
            required={done.evidence.length > 0}
            // Whatever the definition asks for, a photo or a PDF (minutes, a report) may always be added.
            kinds={{ photo: true, document: true }}
            error={evidenceError}
          />
          <TextArea
            name="note"
            label={`${t('field.note')}（${t('common.optional')}）`}
            rows={2}
            value={note}
            onValue={setNote}
            error={errorAt('note')}
          />
          {conflict ? (
            <ConflictAlert message={conflictText(error, t('task.versionConflict'))} onReload={props.onReload} />
          ) : error ? (
            <div class="alert" role="alert">
              <span>{errorText(error)}</span>
              {rest.length ? (
                <ul>
                  {rest.map((e) => (
                    <li key={e.path + e.message}>{e.message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          {canSubmit && missing.length ? (
            <p class="muted small" data-testid="task-missing">
              {t('task.missing')}: {missing.join('、')}
            </p>
          ) : null}
          <div class="form-actions">
            {canProgress ? (
              <button type="button" class="btn" disabled={busy !== null || uploading} onClick={() => send('progress')}>
                {busy === 'progress' ? t('common.saving') : label('taskAction', 'progress')}
              </button>
            ) : null}
            {canSubmit ? (
              <button type="button" class="btn primary" disabled={busy !== null || uploading} onClick={() => send('submit')}>
                {busy === 'submit' ? t('task.submitting') : label('taskAction', 'submit')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
    </article>
  );
}

/** accept / return / escalate / cancel: the note or reason each takes, version-guarded. */
function TaskActionDialog(props: {
  task: TaskDetail;
  action: TaskAction;
  onDone: (t: TaskDetail) => void;
  onClose: () => void;
  onReload: () => void;
}) {
  const { task, action } = props;
  const needsReason = action === 'return' || action === 'cancel';
  return (
    <NoteDialog
      title={label('taskAction', action)}
      explain={t(`task.explain.${action}` as MessageKey)}
      field={{
        name: needsReason ? 'reason' : 'note',
        label: needsReason
          ? t(action === 'return' ? 'task.returnReason' : 'task.cancelReason')
          : `${t('field.note')}（${t('common.optional')}）`,
        required: needsReason,
      }}
      submitLabel={label('taskAction', action)}
      danger={needsReason}
      keyPrefix={`task-${action}`}
      conflictMessage={t('task.versionConflict')}
      send={async (text, key) => {
        const body = needsReason
          ? { action, version: task.version, reason: text }
          : { action, version: task.version, ...(text ? { note: text } : {}) };
        props.onDone(
          await ok(
            client.POST('/tasks/{id}/transitions', { params: { path: { id: task.id } }, body, headers: { 'Idempotency-Key': key } }),
          ),
        );
      }}
      onClose={props.onClose}
      onReload={props.onReload}
    >
      {() =>
        action === 'accept' && task.evidence.length ? (
          <div class="thumbs">
            {task.evidence.map((e) => (
              <EvidenceThumb key={e.id} id={e.id} name={e.fileName} contentType={e.contentType} />
            ))}
          </div>
        ) : null
      }
    </NoteDialog>
  );
}

/** The facts an event's data records: assignee and deadline, progress, new deadline, escalation level. */
function eventDetails(e: TimelineEvent<TaskState>, task: TaskDetail, tz: string): string[] {
  const d = e.data;
  const lines: string[] = [];
  const assignee = d.assignee as { name?: string } | undefined;
  if (e.action === 'assign' && assignee?.name) lines.push(`${t('task.assignee')}: ${assignee.name}`);
  if (typeof d.dueAt === 'string') lines.push(`${e.action === 'return' ? t('task.newDue') : t('task.dueOn')}: ${dateOnly(d.dueAt, tz)}`);
  const progress = d.progress as { checked?: boolean[]; count?: number } | undefined;
  if (progress) {
    if (progress.checked?.length)
      lines.push(t('task.checkedOf', { n: progress.checked.filter(Boolean).length, of: progress.checked.length }));
    if (task.done.target && typeof progress.count === 'number')
      lines.push(`${t('task.countReached')}: ${progress.count}/${task.done.target.count} ${task.done.target.unit}`);
  }
  if (typeof d.level === 'number')
    lines.push(t('hazard.escalatedBadge', { n: d.level }) + (typeof d.to === 'string' ? `（${label('escalation', d.to)}）` : ''));
  return lines;
}
