/**
 * 上报隐患, made for a phone: category, place (search by name) or area, description, severity,
 * photos from the camera, each uploaded at once with a progress bar. The draft lives in
 * sessionStorage with ONE Idempotency-Key per report, so a retry after a network drop or a page
 * reload can never create a second hazard. Open hazards of the same category at the same place
 * are shown first as possible duplicates.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, client, hasCode, listPage, ok, type QueryOf } from '../../api.ts';
import type { FieldError, Hazard, Me } from '../../api-types.ts';
import { FormAlert, fieldErrorsOf } from '../../components/form-errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { orgOptions } from '../../components/org-options.ts';
import { forgetPhotos, type PhotoItem, PhotoPicker, photoIds } from '../../components/photos.tsx';
import { usePlaceSearch } from '../../components/place-search.ts';
import { SelectField, TextArea, TextField } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate } from '../../router.ts';
import { categoriesLookup, notify, orgTree, policyLookup, useLookup } from '../../store.ts';
import { dateOnly } from '../../time.ts';
import { HAZARD_SOURCES, type HazardSource, SEVERITIES, type Severity } from '../../vocabulary.ts';
import { StateBadge } from './hazard-list.tsx';

const DRAFT_KEY = 'firegrid.hazardDraft';

interface Draft {
  userId: string;
  /** The Idempotency-Key of this report, made once. */
  key: string;
  categoryId: string;
  where: 'place' | 'org';
  placeId: string;
  placeName: string;
  orgUnitId: string;
  description: string;
  severity: Severity;
  source: HazardSource;
  photos: PhotoItem[];
  /** The body of the last create request sent with `key` (it may have arrived). */
  sent?: string;
}

function blank(me: Me): Draft {
  const reporterOnly = me.roles.every((r) => r.role === 'grid_member' || r.role === 'volunteer');
  return {
    userId: me.user.id,
    key: newIdempotencyKey('report'),
    categoryId: '',
    where: 'place',
    placeId: '',
    placeName: '',
    orgUnitId: '',
    description: '',
    severity: 'general',
    source: reporterOnly ? 'grid' : 'patrol',
    photos: [],
  };
}

// The draft is module state (uploads keep updating it while the user looks at another page)
// mirrored to sessionStorage (a reload keeps it; files not yet confirmed must be picked again).
let draft: Draft | null = null;
const listeners = new Set<() => void>();

function loadDraft(me: Me): Draft {
  if (draft && draft.userId === me.user.id) return draft;
  try {
    const stored = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | null;
    if (stored && stored.userId === me.user.id && stored.key) {
      stored.photos = stored.photos.map((p) => (p.status === 'done' ? p : { ...p, status: 'lost' as const, fraction: 0 }));
      draft = stored;
      return draft;
    }
  } catch {
    // unreadable: start afresh
  }
  draft = blank(me);
  return draft;
}

function saveDraft(next: Draft): void {
  draft = next;
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(next));
  } catch {
    // storage full or unavailable: the draft lasts as long as the page
  }
  for (const l of listeners) l();
}

function clearDraft(): void {
  if (draft) forgetPhotos(draft.photos);
  draft = null;
  try {
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // ignore
  }
}

function useDraft(me: Me): [Draft, (patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => void] {
  const [, tick] = useState(0);
  useEffect(() => {
    const l = () => tick((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  const current = loadDraft(me);
  const update = (patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => {
    const base = loadDraft(me);
    saveDraft({ ...base, ...(typeof patch === 'function' ? patch(base) : patch) });
  };
  return [current, update];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Phase = { kind: 'editing' } | { kind: 'sending' } | { kind: 'offline' };

export function ReportPage(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const [d, update] = useDraft(me);
  const categories = useLookup(categoriesLookup).value?.filter((c) => c.active);
  // Places and the org tree are registry data (registry.read); a volunteer's role does not include it.
  const canLook = me.permissions.includes('registry.read');
  const tree = useLookup(orgTree, canLook).value;
  const policy = useLookup(policyLookup).value;
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<FieldError[]>([]);
  const [placeQuery, setPlaceQuery] = useState('');
  const places = usePlaceSearch(placeQuery, canLook);

  // 可能重复: open hazards of this category at this place (or in this area); none if that fails.
  const at = d.where === 'place' ? { placeId: d.placeId } : { orgUnitId: d.orgUnitId };
  const duplicateQuery: QueryOf<'/hazards'> = {
    open: 'true',
    categoryId: d.categoryId,
    ...at,
    sort: 'reportedAt',
    order: 'desc',
    limit: 5,
  };
  const duplicates =
    useData(['/hazards', duplicateQuery], (signal) => listPage('/hazards', duplicateQuery, signal), {
      enabled: Boolean(d.categoryId && (at.placeId || at.orgUnitId)),
    }).data?.items ?? [];

  // Back online after a drop: send the same report again (same key, so at most one hazard).
  useEffect(() => {
    if (phase.kind !== 'offline') return;
    const retry = () => void send();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [phase.kind]);

  const setPhotos = (fn: (items: PhotoItem[]) => PhotoItem[]) => update((cur) => ({ photos: fn(cur.photos) }));

  const payload = (cur: Draft) => ({
    categoryId: cur.categoryId,
    ...(cur.where === 'place' ? { placeId: cur.placeId || null } : { orgUnitId: cur.orgUnitId || null }),
    description: cur.description.trim(),
    severity: cur.severity,
    source: cur.source,
    evidenceIds: photoIds(cur.photos),
  });

  const check = (cur: Draft): FieldError[] => {
    const out: FieldError[] = [];
    if (!cur.categoryId) out.push({ path: 'categoryId', message: t('report.needCategory') });
    if (cur.where === 'place' && !cur.placeId) out.push({ path: 'placeId', message: t('report.needPlace') });
    if (cur.where === 'org' && !cur.orgUnitId) out.push({ path: 'orgUnitId', message: t('report.needOrg') });
    if (cur.description.trim().length < 2) out.push({ path: 'description', message: t('report.needDescription') });
    if (cur.photos.some((p) => p.status !== 'done')) out.push({ path: 'evidenceIds', message: t('photo.waitUploads') });
    return out;
  };

  const finish = (created: Hazard, replayed: boolean) => {
    clearDraft();
    // The boards and my work list hazards: what they cached misses this one.
    void invalidate('/hazards');
    void invalidate('/my/work');
    notify(replayed ? t('report.alreadySent', { number: created.number }) : t('report.sent', { number: created.number }));
    navigate(`/hazards/${created.id}`);
  };

  async function send(): Promise<void> {
    const cur = loadDraft(me);
    const problems = check(cur);
    setLocalErrors(problems);
    if (problems.length) {
      setError(null);
      return;
    }
    const body = payload(cur);
    const json = JSON.stringify(body);
    const previous = cur.sent;
    update({ sent: json });
    setPhase({ kind: 'sending' });
    setError(null);
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await ok(client.POST('/hazards', { body, headers: { 'Idempotency-Key': cur.key } }));
        finish(created, false);
        return;
      } catch (e) {
        if (!(e instanceof ApiError)) {
          setError(e);
          setPhase({ kind: 'editing' });
          return;
        }
        // The same report is still being processed (a retry raced the first try): wait for it.
        if (hasCode(e, 'idempotency_in_flight') && attempt < 10) {
          await sleep(1000);
          continue;
        }
        // An earlier try with this key did arrive, with other content: fetch that result.
        if (hasCode(e, 'idempotency_key_reused') && previous && previous !== json) {
          try {
            const earlier = JSON.parse(previous) as typeof body;
            const created = await ok(client.POST('/hazards', { body: earlier, headers: { 'Idempotency-Key': cur.key } }));
            finish(created, true);
          } catch (again) {
            setError(again);
            setPhase({ kind: 'editing' });
          }
          return;
        }
        if (e.status === 0 || e.status >= 500) {
          // Network drop or server trouble: a couple of quiet retries, then wait for the user / the network.
          if (attempt < 2 && navigator.onLine !== false) {
            await sleep(1500 * (attempt + 1));
            continue;
          }
          setPhase({ kind: 'offline' });
          setError(e);
          return;
        }
        setError(e);
        setPhase({ kind: 'editing' });
        return;
      }
    }
  }

  const errors = fieldErrorsOf(error, localErrors);
  const errorOf = errors.errorAt;
  const sending = phase.kind === 'sending';
  const uploading = d.photos.some((p) => p.status === 'uploading');

  const fields = (
    <>
      <SelectField
        name="categoryId"
        label={t('hazard.category')}
        required
        empty={t('user.pickOne')}
        value={d.categoryId}
        options={(categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
        error={errorOf('categoryId')}
        onValue={(v) => update({ categoryId: v })}
      />

      <fieldset class="field where">
        <legend>
          {t('report.where')}
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        </legend>
        <div class="segmented" role="radiogroup" aria-label={t('report.where')}>
          {(['place', 'org'] as const).map((w) => (
            <label key={w} class={d.where === w ? 'seg active' : 'seg'}>
              <input type="radio" name="where" value={w} checked={d.where === w} onChange={() => update({ where: w })} />
              {t(w === 'place' ? 'report.byPlace' : 'report.byOrg')}
            </label>
          ))}
        </div>
        {!canLook ? (
          <p class="alert">{t('report.noRegistry')}</p>
        ) : d.where === 'place' ? (
          d.placeId ? (
            <div class="picked">
              <span>
                <strong>{d.placeName}</strong>
              </span>
              <button type="button" class="btn small" onClick={() => update({ placeId: '', placeName: '' })}>
                {t('report.changePlace')}
              </button>
            </div>
          ) : (
            <>
              <TextField
                name="placeSearch"
                type="search"
                label={t('report.placeSearch')}
                placeholder={t('report.placeSearchHint')}
                value={placeQuery}
                error={errorOf('placeId')}
                onValue={setPlaceQuery}
              />
              {places ? (
                <ul class="pick-list" aria-label={t('report.placeResults')}>
                  {places.map((p) => (
                    <li key={p.id}>
                      <button
                        type="button"
                        class="pick"
                        onClick={() => {
                          update({ placeId: p.id, placeName: p.name, orgUnitId: p.orgUnitId });
                          setPlaceQuery('');
                        }}
                      >
                        <strong>{p.name}</strong>
                        <span class="muted small">
                          {label('placeType', p.type)}
                          {p.address ? ` · ${p.address}` : ''}
                        </span>
                      </button>
                    </li>
                  ))}
                  {places.length === 0 ? <li class="muted">{t('report.noPlace')}</li> : null}
                </ul>
              ) : null}
            </>
          )
        ) : (
          <SelectField
            name="orgUnitId"
            label={t('report.orgUnit')}
            empty={t('user.pickOne')}
            value={d.orgUnitId}
            options={orgOptions(tree)}
            error={errorOf('orgUnitId')}
            onValue={(v) => update({ orgUnitId: v, placeId: '', placeName: '' })}
          />
        )}
      </fieldset>

      <TextArea
        name="description"
        label={t('hazard.description')}
        required
        rows={3}
        value={d.description}
        error={errorOf('description')}
        onValue={(v) => update({ description: v })}
      />

      <fieldset class="field">
        <legend>{t('hazard.severity')}</legend>
        <div class="segmented" role="radiogroup" aria-label={t('hazard.severity')}>
          {SEVERITIES.map((s) => (
            <label key={s} class={d.severity === s ? `seg active sev-${s}` : 'seg'}>
              <input type="radio" name="severity" value={s} checked={d.severity === s} onChange={() => update({ severity: s })} />
              {label('severity', s)}
            </label>
          ))}
        </div>
        {errorOf('severity') ? <small class="error-text">{errorOf('severity')}</small> : null}
      </fieldset>

      <PhotoPicker
        label={t('photo.report')}
        items={d.photos}
        setItems={setPhotos}
        max={policy?.maxFilesPerHazard ?? 20}
        error={errorOf('evidenceIds')}
      />

      <SelectField
        name="source"
        label={t('hazard.source')}
        value={d.source}
        options={HAZARD_SOURCES.map((s) => ({ value: s, label: label('source', s) }))}
        error={errorOf('source')}
        onValue={(v) => update({ source: v as HazardSource })}
      />
    </>
  );

  return (
    <section class="page report-page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.report')}</h1>
        {d.description || d.categoryId || d.photos.length ? (
          <button
            type="button"
            class="btn small ghost"
            disabled={sending}
            onClick={() => {
              clearDraft();
              setError(null);
              setLocalErrors([]);
              setPhase({ kind: 'editing' });
              saveDraft(blank(me));
            }}
          >
            {t('report.discard')}
          </button>
        ) : null}
      </div>
      <form
        class="form card"
        data-testid="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {fields}

        {duplicates.length ? (
          <aside class="duplicates" aria-labelledby="dup-title" data-testid="duplicates">
            <h2 id="dup-title">⚠ {t('report.duplicates')}</h2>
            <p class="muted small">{t('report.duplicatesHint')}</p>
            <ul>
              {duplicates.map((h) => (
                <li key={h.id}>
                  <a href={`/hazards/${h.id}`} onClick={linkClick}>
                    {h.number}
                  </a>{' '}
                  <StateBadge hazard={h} /> <span class="muted small">{dateOnly(h.reportedAt, tz)}</span>
                  <div class="small">{h.description}</div>
                </li>
              ))}
            </ul>
          </aside>
        ) : null}

        {phase.kind === 'offline' ? (
          <div class="alert" role="alert" tabIndex={-1}>
            <span>{t('report.offline')}</span>
            <button type="button" class="btn small" onClick={() => void send()}>
              {t('report.resend')}
            </button>
          </div>
        ) : (
          <FormAlert error={error} fields={errors} />
        )}

        <button type="submit" class="btn primary block big" disabled={sending || uploading}>
          {sending ? t('report.sending') : uploading ? t('photo.uploading') : t('report.submit')}
        </button>
        <p class="muted small">{t('report.safeRetry')}</p>
      </form>
    </section>
  );
}
