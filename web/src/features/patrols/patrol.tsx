/**
 * 巡查打卡, what grid members do dozens of times a day: where (the places and compounds of their
 * recent check-ins first, or a search), normal or an issue, a short note, an optional photo; a
 * few taps and it is recorded. The caller's recent check-ins below. One Idempotency-Key per
 * check-in, so a retry after a lost answer never records it twice.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { FieldError, Me, Patrol } from '../../api-types.ts';
import { FormAlert, fieldErrorsOf, validationError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { ListCount, PagedStatus, usePagedList } from '../../components/paged-list.tsx';
import { EvidenceThumb, forgetPhotos, type PhotoItem, PhotoPicker, photoIds, photosReady } from '../../components/photos.tsx';
import { distinctTargets, type Target, TargetPicker, unitTarget } from '../../components/target-picker.tsx';
import { TextArea } from '../../components/ui.tsx';
import { invalidate } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { notify, type OrgIndex, orgTree, useLookup } from '../../store.ts';
import { dateTime } from '../../time.ts';
import { PATROL_RESULTS, PATROL_UNIT_KINDS, type PatrolResult } from '../../vocabulary.ts';

const patrolTarget = (p: Patrol, tree: OrgIndex | undefined): Target =>
  p.placeId
    ? { kind: 'place', id: p.placeId, name: p.placeName ?? '', type: '', detail: p.orgUnitName }
    : (unitTarget(p.orgUnitId, tree) ?? { kind: 'org', id: p.orgUnitId, name: p.orgUnitName, type: '', detail: '' });

export function PatrolResultBadge(props: { result: PatrolResult }) {
  return <span class={`badge patrol-${props.result}`}>{label('patrolResult', props.result)}</span>;
}

export function PatrolPage(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const tree = useLookup(orgTree).value;
  const [target, setTarget] = useState<Target | null>(null);
  const [result, setResult] = useState<PatrolResult>('normal');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey('patrol');
  const mine = usePagedList('/patrols', { mine: 'true', sort: 'at', order: 'desc', limit: 20 });
  const recent = distinctTargets(mine.items.map((p) => patrolTarget(p, tree)));
  const errors = fieldErrorsOf(error);

  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(() => () => forgetPhotos(photosRef.current), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FieldError[] = [];
    if (!target) local.push({ path: 'placeId', message: t('patrol.needTarget') });
    if (!photosReady(photos)) local.push({ path: 'evidenceId', message: t('photo.waitUploads') });
    if (local.length) {
      setError(validationError(t('assign.fix'), local));
      return;
    }
    setBusy(true);
    setError(null);
    const evidenceId = photoIds(photos)[0];
    try {
      const created = await ok(
        client.POST('/patrols', {
          body: {
            ...(target!.kind === 'place' ? { placeId: target!.id } : { orgUnitId: target!.id }),
            result,
            ...(note.trim() ? { note: note.trim() } : {}),
            ...(evidenceId ? { evidenceId } : {}),
          },
          headers: { 'Idempotency-Key': key.current },
        }),
      );
      key.renew();
      forgetPhotos(photos);
      setPhotos([]);
      setNote('');
      setResult('normal');
      setTarget(null);
      mine.setItems((items) => [created, ...items.filter((p) => p.id !== created.id)]);
      // The place may have been a gap of the month's coverage.
      void invalidate('/coverage');
      notify(t('patrol.done', { name: created.placeName ?? created.orgUnitName }));
    } catch (err) {
      key.afterError(err);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const uploading = photos.some((p) => p.status === 'uploading');

  return (
    <section class="page narrow-page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.patrol')}</h1>
        {me.permissions.includes('patrols.read') ? (
          <a class="btn small ghost" href="/coverage" onClick={linkClick}>
            {t('nav.coverage')}
          </a>
        ) : null}
      </div>
      <form class="form card" data-testid="patrol-form" onSubmit={submit}>
        <TargetPicker
          label={t('patrol.where')}
          value={target}
          onChange={setTarget}
          recent={recent}
          unitKinds={PATROL_UNIT_KINDS}
          error={errors.errorAt('placeId') ?? errors.errorAt('orgUnitId')}
        />
        <fieldset class="field">
          <legend>{t('patrol.result')}</legend>
          <div class="segmented big-seg" role="radiogroup" aria-label={t('patrol.result')}>
            {PATROL_RESULTS.map((r) => (
              <label key={r} class={result === r ? `seg active patrol-seg-${r}` : 'seg'}>
                <input type="radio" name="result" value={r} checked={result === r} onChange={() => setResult(r)} />
                {label('patrolResult', r)}
              </label>
            ))}
          </div>
        </fieldset>
        {result === 'issue' && me.permissions.includes('hazards.report') ? (
          <p class="hint-box small">
            {t('patrol.issueHint')}{' '}
            <a href="/report" onClick={linkClick}>
              {t('nav.report')}
            </a>
          </p>
        ) : null}
        <TextArea
          name="note"
          label={`${t('field.note')}（${t('common.optional')}）`}
          rows={2}
          value={note}
          error={errors.errorAt('note')}
          onValue={setNote}
        />
        <PhotoPicker
          label={`${t('patrol.photo')}（${t('common.optional')}）`}
          items={photos}
          setItems={setPhotos}
          max={1}
          error={errors.errorAt('evidenceId')}
        />
        <FormAlert error={error} fields={errors} />
        <button type="submit" class="btn primary block big" disabled={busy || uploading}>
          {busy ? t('common.saving') : uploading ? t('photo.uploading') : t('patrol.submit')}
        </button>
      </form>

      <h2 class="section-title">{t('patrol.mine')}</h2>
      <ListCount paged={mine} />
      <ul class="patrol-list" data-testid="patrol-list">
        {mine.items.map((p) => (
          <li key={p.id} class="card patrol-row" data-testid="patrol-row">
            <div class="patrol-head">
              <strong>{p.placeName ?? p.orgUnitName}</strong>
              <PatrolResultBadge result={p.result} />
            </div>
            <div class="muted small">
              {dateTime(p.at, tz)}
              {p.placeName ? ` · ${p.orgUnitName}` : ''}
            </div>
            {p.note ? <p class="pre small">{p.note}</p> : null}
            {p.evidenceId ? (
              <div class="thumbs small-thumbs">
                <EvidenceThumb id={p.evidenceId} name={t('patrol.photo')} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <PagedStatus paged={mine} empty={t('patrol.none')} />
    </section>
  );
}
