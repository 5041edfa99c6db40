/**
 * One inspection, run on a phone: one checklist item per screen (its text and hint, 合格 / 不合格 /
 * 不适用 as big buttons, a note, and for a failure the site photos, required where the item says
 * so), or the whole checklist as a compact list; the progress on top. Once every item has a
 * result, "完成检查" says how many failed items will become hazards, and afterwards links to each.
 * A result is saved the moment it is given (PUT, so a retry is harmless); completing carries an
 * Idempotency-Key, so a retry never makes a hazard twice.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { Hazard, InspectionDetail, Me } from '../../api-types.ts';
import { BackLink, LoadFailed, useDocumentTitle } from '../../components/detail-page.tsx';
import { FormAlert, fieldErrorsOf, validationError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { forgetPhotos, type PhotoItem, PhotoPicker, photoIds, photosReady } from '../../components/photos.tsx';
import { InspectionStatusBadge, inspectedName } from '../../components/record-labels.tsx';
import { ErrorBox, Spinner, TextArea } from '../../components/ui.tsx';
import { invalidate } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { categoriesLookup, notify, useLookup } from '../../store.ts';
import { dateTime } from '../../time.ts';
import { ITEM_RESULTS, type ItemResult } from '../../vocabulary.ts';
import { SeverityBadge } from '../hazards/hazard-list.tsx';
import { HazardRef, useHazardRefs } from '../hazards/hazard-refs.tsx';

type Item = InspectionDetail['items'][number];
interface Draft {
  result: ItemResult | null;
  note: string;
  photos: PhotoItem[];
}
type View = 'one' | 'list';

const VIEW_KEY = 'firegrid.inspectionView';
const RESULT_ICON: Record<ItemResult, string> = { pass: '✓', fail: '✗', na: '—' };

function storedView(): View {
  try {
    return localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'one';
  } catch {
    return 'one';
  }
}

/** An item as saved: its result, note and photos (stored evidence, shown as thumbnails). */
const savedDraft = (item: Item): Draft => ({
  result: item.result?.result ?? null,
  note: item.result?.note ?? '',
  photos: (item.result?.evidenceIds ?? []).map((id, n) => ({
    key: id,
    name: `${n + 1}`,
    size: 0,
    status: 'done',
    fraction: 1,
    evidenceId: id,
  })),
});

/** The next item without a result after `from`, going round; items.length when none is left. */
function nextOpen(items: Item[], from: number): number {
  for (let k = 1; k <= items.length; k++) {
    const j = (from + k) % items.length;
    if (!items[j]!.result) return j;
  }
  return items.length;
}

const isOpen = (i: InspectionDetail) => i.status === 'planned' || i.status === 'in_progress';
const countOf = (items: Item[], r: ItemResult) => items.filter((i) => i.result?.result === r).length;

export function InspectionRunPage(props: { me: Me; id: string }) {
  const { me, id } = props;
  const tz = me.tenant.timeZone;
  const [insp, setInsp] = useState<InspectionDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [view, setView] = useState<View>(storedView);
  const [index, setIndex] = useState(0);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saving, setSaving] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<{ key: string; error: unknown } | null>(null);
  const [completing, setCompleting] = useState(false);
  const [completeError, setCompleteError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);
  const completeKey = useIdempotencyKey('insp-complete');
  const categories = useLookup(categoriesLookup, me.permissions.includes('hazards.read')).value;
  const params = { path: { id } };

  const draftsRef = useRef(drafts);
  draftsRef.current = drafts;
  useEffect(() => () => forgetPhotos(Object.values(draftsRef.current).flatMap((d) => d.photos)), []);

  // Loaded by hand, not with useData: a cached answer refreshed in the background could land after
  // a result just saved and show that item as open again; here the page asks once, before any input.
  const load = async (first: boolean) => {
    setError(null);
    try {
      const fresh = await ok(client.GET('/inspections/{id}', { params }));
      setInsp(fresh);
      if (first) setIndex(nextOpen(fresh.items, fresh.items.length - 1));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load(true);
  }, [id]);

  // Completed: the hazards its failed items became (numbers, states), for the links.
  const hazards = useHazardRefs((insp?.items ?? []).flatMap((i) => (i.result?.hazardId ? [i.result.hazardId] : [])));

  useDocumentTitle(insp ? inspectedName(insp) : undefined);

  // The next item starts at the top of the screen, like a new page.
  useEffect(() => {
    if (view === 'one') window.scrollTo(0, 0);
  }, [index]);

  if (error && !insp) return <LoadFailed back={<Back />} error={error} onRetry={() => load(true)} />;
  if (!insp) return <Spinner />;

  const items = insp.items;
  const open = isOpen(insp);
  const canRecord = insp.availableActions.includes('record');
  const draftOf = (item: Item) => drafts[item.key] ?? savedDraft(item);
  const patchDraft = (item: Item, patch: (d: Draft) => Partial<Draft>) => {
    if (saveError?.key === item.key) setSaveError(null);
    setDrafts((all) => {
      const current = all[item.key] ?? savedDraft(item);
      return { ...all, [item.key]: { ...current, ...patch(current) } };
    });
  };
  const categoryName = (code: string) => categories?.find((c) => c.code === code)?.name ?? code;

  const chooseView = (v: View) => {
    setView(v);
    try {
      localStorage.setItem(VIEW_KEY, v);
    } catch {
      // the choice lasts as long as the page
    }
  };

  const record = async (item: Item, result: ItemResult) => {
    const d = draftOf(item);
    if (result === 'fail' && !photosReady(d.photos)) {
      setSaveError({
        key: item.key,
        error: validationError(t('photo.waitUploads'), [{ path: 'evidenceIds', message: t('photo.waitUploads') }]),
      });
      return;
    }
    if (result === 'fail' && item.photoRequired && !photoIds(d.photos).length) {
      setSaveError({ key: item.key, error: validationError(t('insp.needPhoto'), [{ path: 'evidenceIds', message: t('insp.needPhoto') }]) });
      return;
    }
    setSaving(item.key);
    setSaveError(null);
    const note = d.note.trim();
    try {
      const updated = await ok(
        client.PUT('/inspections/{id}/results/{itemKey}', {
          params: { path: { id, itemKey: item.key } },
          body: {
            result,
            ...(note ? { note } : {}),
            evidenceIds: result === 'fail' ? photoIds(d.photos) : [],
          },
        }),
      );
      inspectionsChanged();
      forgetPhotos(d.photos);
      setDrafts((all) => {
        const { [item.key]: _saved, ...rest } = all;
        return rest;
      });
      setInsp(updated);
      if (view === 'one')
        setIndex(
          nextOpen(
            updated.items,
            updated.items.findIndex((i) => i.key === item.key),
          ),
        );
    } catch (e) {
      setSaveError({ key: item.key, error: e });
    } finally {
      setSaving(null);
    }
  };

  /** 合格 and 不适用 are saved at once; 不合格 first asks for the note and the photos. */
  const choose = (item: Item, result: ItemResult) => {
    if (result === 'fail') {
      patchDraft(item, () => ({ result: 'fail' }));
      setSaveError(null);
      const at = items.indexOf(item);
      if (view === 'list' || index !== at) {
        setIndex(at);
        chooseView('one');
      }
    } else {
      void record(item, result);
    }
  };

  const complete = async () => {
    setCompleting(true);
    setCompleteError(null);
    try {
      const done = await ok(client.POST('/inspections/{id}/complete', { params, headers: { 'Idempotency-Key': completeKey.current } }));
      completeKey.renew();
      setInsp(done);
      inspectionsChanged();
      if (done.failedCount) {
        // Its failed items became hazards.
        void invalidate('/hazards');
        void invalidate('/my/work');
      }
      notify(done.failedCount ? t('insp.completedHazards', { n: done.failedCount }) : t('insp.completedClean'));
    } catch (e) {
      completeKey.afterError(e);
      setCompleteError(e);
    } finally {
      setCompleting(false);
    }
  };

  const item = items[index];
  // Every item has a result: the summary (after the last item, or under the list) offers to complete.
  const summary = open && canRecord && insp.recordedCount === items.length && (view === 'list' || index >= items.length);
  const completeCard = (
    <CompleteCard insp={insp} busy={completing} error={completeError} onComplete={complete} onReview={() => setIndex(0)} />
  );

  return (
    <section
      class="page insp-page narrow-page"
      aria-labelledby="page-title"
      data-testid="inspection"
      data-status={insp.status}
      data-recorded={insp.recordedCount}
      data-total={items.length}
    >
      <Back />
      <div class="page-head">
        <h1 id="page-title">{inspectedName(insp)}</h1>
        <span class="chips">
          <InspectionStatusBadge status={insp.status} />
          {insp.jointDepartments.length ? <span class="badge">{t('insp.joint')}</span> : null}
        </span>
      </div>
      <p class="muted small insp-meta">
        {insp.template.name} · v{insp.template.versionNumber}
        {insp.placeName ? ` · ${insp.orgUnitName}` : ''}
        {insp.inspector ? ` · ${insp.inspector.name}` : ''}
        {insp.startedAt ? ` · ${dateTime(insp.startedAt, tz)}` : ''}
        {insp.jointDepartments.length ? ` · ${t('insp.jointWith', { names: insp.jointDepartments.map((d) => d.name).join('、') })}` : ''}
      </p>

      {open ? (
        <div class="insp-progress">
          <div class="insp-progress-head">
            <strong data-testid="insp-progress">{t('insp.progress', { n: insp.recordedCount, of: items.length })}</strong>
            <span class="muted small">{ITEM_RESULTS.map((r) => `${label('itemResult', r)} ${countOf(items, r)}`).join(' · ')}</span>
          </div>
          <div class="bar" role="img" aria-label={t('insp.progress', { n: insp.recordedCount, of: items.length })}>
            <span class="bar-onTime" style={{ width: `${(100 * insp.recordedCount) / Math.max(1, items.length)}%` }} />
          </div>
        </div>
      ) : null}

      {open && canRecord ? (
        <div class="insp-tools">
          <div class="segmented view-toggle" role="radiogroup" aria-label={t('insp.view')}>
            {(['one', 'list'] as const).map((v) => (
              <label key={v} class={view === v ? 'seg active' : 'seg'}>
                <input type="radio" name="view" value={v} checked={view === v} onChange={() => chooseView(v)} />
                {t(v === 'one' ? 'insp.viewOne' : 'insp.viewList')}
              </label>
            ))}
          </div>
          {insp.availableActions.includes('cancel') ? (
            <button type="button" class="btn small danger-outline" onClick={() => setCancelling(true)}>
              {t('insp.cancel')}
            </button>
          ) : null}
        </div>
      ) : null}

      {insp.status === 'completed' ? <Outcome insp={insp} hazards={hazards} /> : null}
      {summary && view === 'one' ? completeCard : null}

      {open && canRecord && view === 'one' && item ? (
        <ItemScreen
          item={item}
          n={index + 1}
          total={items.length}
          categoryName={categoryName(item.category)}
          draft={draftOf(item)}
          onDraft={(patch) => patchDraft(item, patch)}
          onChoose={(r) => choose(item, r)}
          onSave={() => record(item, 'fail')}
          saving={saving === item.key}
          error={saveError?.key === item.key ? saveError.error : null}
          onPrev={index > 0 ? () => setIndex(index - 1) : null}
          onNext={() => setIndex(index + 1)}
        />
      ) : (
        <Checklist
          items={items}
          categoryName={categoryName}
          editable={open && canRecord}
          saving={saving}
          onChoose={choose}
          onOpen={(at) => {
            setIndex(at);
            chooseView('one');
          }}
        />
      )}
      {saveError && view === 'list' ? <ErrorBox error={saveError.error} /> : null}

      {summary && view === 'list' ? completeCard : null}

      {cancelling ? (
        <NoteDialog
          title={t('insp.cancel')}
          explain={t('insp.cancelExplain')}
          field={{ name: 'reason', label: t('insp.cancelReason'), required: true }}
          submitLabel={t('insp.cancel')}
          danger
          keyPrefix="insp-cancel"
          conflictMessage={t('insp.versionConflict')}
          send={async (reason) => {
            setInsp(await ok(client.POST('/inspections/{id}/cancel', { params, body: { version: insp.version, reason } })));
            inspectionsChanged();
            setCancelling(false);
            notify(t('insp.cancelled'));
          }}
          onClose={() => setCancelling(false)}
          onReload={() => {
            setCancelling(false);
            void load(false);
          }}
        />
      ) : null}
    </section>
  );
}

const Back = () => <BackLink href="/inspections" label={t('nav.inspections')} />;

/** After a write: the lists show the inspection's status, score and failures too. */
const inspectionsChanged = () => void invalidate('/inspections');

/** The three result buttons; `compact` in the list view. */
function ResultButtons(props: {
  value: ItemResult | null;
  disabled: boolean;
  compact?: boolean;
  onChoose: (r: ItemResult) => void;
  itemText: string;
}) {
  return (
    <fieldset class={props.compact ? 'result-buttons compact' : 'result-buttons'} aria-label={`${t('insp.result')}：${props.itemText}`}>
      {ITEM_RESULTS.map((r) => (
        <button
          key={r}
          type="button"
          class={`result-btn result-${r}`}
          aria-pressed={props.value === r}
          disabled={props.disabled}
          onClick={() => props.onChoose(r)}
        >
          <span aria-hidden="true">{RESULT_ICON[r]}</span> {label('itemResult', r)}
        </button>
      ))}
    </fieldset>
  );
}

/** One item on the whole screen: what to check, how to judge, the result, and for a failure the evidence. */
function ItemScreen(props: {
  item: Item;
  n: number;
  total: number;
  categoryName: string;
  draft: Draft;
  onDraft: (patch: (d: Draft) => Partial<Draft>) => void;
  onChoose: (r: ItemResult) => void;
  onSave: () => void;
  saving: boolean;
  error: unknown;
  onPrev: (() => void) | null;
  onNext: () => void;
}) {
  const { item, draft } = props;
  const failing = draft.result === 'fail';
  const errors = fieldErrorsOf(props.error);
  const uploading = draft.photos.some((p) => p.status === 'uploading');
  return (
    <article class="card insp-item" data-testid="insp-item" data-key={item.key} data-result={item.result?.result ?? ''}>
      <p class="muted small insp-item-meta">
        {t('insp.itemOf', { n: props.n, of: props.total })} · {props.categoryName} · {t('insp.weight', { n: item.weight })}
        {item.severity === 'major' ? (
          <>
            {' '}
            <SeverityBadge severity="major" />
          </>
        ) : null}
      </p>
      <h2 class="insp-text">{item.text}</h2>
      {item.hint ? <p class="hint-box small">{item.hint}</p> : null}
      {item.photoRequired ? <p class="muted small photo-note">{t('insp.photoRequired')}</p> : null}
      <ResultButtons value={draft.result} disabled={props.saving} onChoose={props.onChoose} itemText={item.text} />
      {failing ? (
        <PhotoPicker
          label={t('insp.photos')}
          items={draft.photos}
          setItems={(update) => props.onDraft((d) => ({ photos: update(d.photos) }))}
          max={9}
          required={item.photoRequired}
          error={errors.errorAt('evidenceIds')}
        />
      ) : null}
      <TextArea
        name="note"
        label={failing ? t('insp.noteFail') : `${t('field.note')}（${t('common.optional')}）`}
        rows={2}
        value={draft.note}
        error={errors.errorAt('note')}
        onValue={(note) => props.onDraft(() => ({ note }))}
      />
      <FormAlert error={props.error} fields={errors} />
      {failing ? (
        <button type="button" class="btn primary block big" disabled={props.saving || uploading} onClick={props.onSave}>
          {props.saving ? t('common.saving') : uploading ? t('photo.uploading') : t('insp.saveFail')}
        </button>
      ) : null}
      <div class="insp-nav">
        <button type="button" class="btn" disabled={!props.onPrev} onClick={props.onPrev ?? undefined}>
          ‹ {t('insp.prev')}
        </button>
        <button type="button" class="btn" onClick={props.onNext}>
          {props.n === props.total ? t('insp.toSummary') : t('insp.next')} ›
        </button>
      </div>
    </article>
  );
}

/** The whole checklist, compact: each item's result (and buttons to give it while the inspection is open). */
function Checklist(props: {
  items: Item[];
  categoryName: (code: string) => string;
  editable: boolean;
  saving: string | null;
  onChoose: (item: Item, r: ItemResult) => void;
  onOpen: (index: number) => void;
}) {
  return (
    <ol class="insp-list" data-testid="insp-list">
      {props.items.map((item, n) => {
        const r = item.result;
        return (
          <li key={item.key} class={r ? `insp-row row-${r.result}` : 'insp-row'} data-key={item.key} data-result={r?.result ?? ''}>
            <div class="insp-row-head">
              <span class="insp-no">{n + 1}</span>
              {props.editable ? (
                <button type="button" class="link-button insp-row-text" onClick={() => props.onOpen(n)}>
                  {item.text}
                </button>
              ) : (
                <span class="insp-row-text">{item.text}</span>
              )}
              {r ? (
                <span class={`badge result-badge-${r.result}`}>{label('itemResult', r.result)}</span>
              ) : (
                <span class="badge">{t('insp.notYet')}</span>
              )}
            </div>
            <div class="muted small">
              {props.categoryName(item.category)}
              {item.photoRequired ? ` · ${t('insp.photoRequiredShort')}` : ''}
              {r?.note ? ` · ${r.note}` : ''}
              {r?.evidenceIds.length ? ` · ${t('insp.photoCount', { n: r.evidenceIds.length })}` : ''}
            </div>
            {props.editable ? (
              <ResultButtons
                value={r?.result ?? null}
                compact
                disabled={props.saving === item.key}
                onChoose={(x) => props.onChoose(item, x)}
                itemText={item.text}
              />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** Every item has a result: what completing will do, and the button. */
function CompleteCard(props: { insp: InspectionDetail; busy: boolean; error: unknown; onComplete: () => void; onReview: () => void }) {
  const { items } = props.insp;
  const failed = items.filter((i) => i.result?.result === 'fail');
  return (
    <article class="card complete-card" data-testid="insp-complete">
      <h2>{t('insp.allDone')}</h2>
      <p>{t('insp.summary', { pass: countOf(items, 'pass'), fail: failed.length, na: countOf(items, 'na') })}</p>
      {failed.length ? (
        <>
          <p class="warn" data-testid="insp-will-create">
            {t('insp.willCreate', { n: failed.length })}
          </p>
          <ul class="plain-list">
            {failed.map((i) => (
              <li key={i.key}>✗ {i.text}</li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">{t('insp.noFailures')}</p>
      )}
      <ErrorBox error={props.error} />
      <div class="form-actions">
        <button type="button" class="btn" onClick={props.onReview}>
          {t('insp.review')}
        </button>
        <button type="button" class="btn primary big" disabled={props.busy} onClick={props.onComplete}>
          {props.busy ? t('insp.completing') : failed.length ? t('insp.completeN', { n: failed.length }) : t('insp.complete')}
        </button>
      </div>
    </article>
  );
}

/** A completed inspection: its score, and the hazards its failed items became. */
function Outcome(props: { insp: InspectionDetail; hazards: Map<string, Hazard> }) {
  const failed = props.insp.items.filter((i) => i.result?.result === 'fail');
  return (
    <article class="card outcome-card" data-testid="insp-outcome">
      <div class="stats">
        <div class="stat">
          <span class="stat-value">{props.insp.score ?? '—'}</span>
          <span class="stat-label">{t('insp.score')}</span>
        </div>
        <div class={failed.length ? 'stat stat-bad' : 'stat stat-ok'}>
          <span class="stat-value">{failed.length}</span>
          <span class="stat-label">{t('insp.failed')}</span>
        </div>
      </div>
      {failed.length ? (
        <>
          <h2>{t('insp.hazardsMade', { n: failed.length })}</h2>
          <ul class="plain-list insp-hazards">
            {failed.map((i) => {
              const hazardId = i.result?.hazardId;
              return (
                <li key={i.key}>
                  <div>{i.text}</div>
                  {hazardId ? (
                    <HazardRef
                      id={hazardId}
                      hazard={props.hazards.get(hazardId)}
                      fallback={t('insp.openHazard')}
                      testId="insp-hazard-link"
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p class="muted">{t('insp.noFailures')}</p>
      )}
    </article>
  );
}
