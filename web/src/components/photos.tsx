/**
 * Photos as evidence: a picker that takes pictures with the camera (or from the album), uploads
 * each one at once with a progress bar and retries, and thumbnails of stored evidence.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { errorText } from '../api.ts';
import { evidenceUrl, UploadError, type UploadProgress, uploadEvidence } from '../evidence.ts';
import { t } from '../i18n.ts';

export interface PhotoItem {
  /** Local id (also keys the File kept in memory for a retry). */
  key: string;
  name: string;
  size: number;
  status: 'uploading' | 'done' | 'failed' | 'lost';
  fraction: number;
  phase?: UploadProgress['phase'];
  evidenceId?: string;
  error?: string;
}

export type SetPhotos = (update: (items: PhotoItem[]) => PhotoItem[]) => void;

/** Files and preview URLs of this page's life; a reload keeps only confirmed evidence ids. */
const files = new Map<string, File>();
const previews = new Map<string, string>();
const uploads = new Map<string, AbortController>();

let counter = 0;
const newKey = () => `p${Date.now().toString(36)}${(counter++).toString(36)}`;

export const photosReady = (items: PhotoItem[]) => items.every((p) => p.status === 'done');
export const photoIds = (items: PhotoItem[]) => items.flatMap((p) => (p.status === 'done' && p.evidenceId ? [p.evidenceId] : []));

function start(key: string, setItems: SetPhotos): void {
  const file = files.get(key);
  if (!file) return;
  const patch = (p: Partial<PhotoItem>) => setItems((items) => items.map((i) => (i.key === key ? { ...i, ...p } : i)));
  const controller = new AbortController();
  uploads.get(key)?.abort();
  uploads.set(key, controller);
  patch({ status: 'uploading', fraction: 0, phase: 'hashing', error: undefined });
  uploadEvidence(file, (p) => patch({ fraction: p.fraction, phase: p.phase }), controller.signal).then(
    (evidenceId) => {
      uploads.delete(key);
      patch({ status: 'done', fraction: 1, evidenceId });
    },
    (error: unknown) => {
      uploads.delete(key);
      if (error instanceof DOMException && error.name === 'AbortError') return;
      patch({ status: 'failed', error: error instanceof UploadError ? error.message : errorText(error) });
    },
  );
}

/** Abandons the uploads of these items and lets go of their files (a dialog closed, a report sent). */
export function forgetPhotos(items: PhotoItem[]): void {
  for (const p of items) {
    uploads.get(p.key)?.abort();
    uploads.delete(p.key);
    files.delete(p.key);
    const url = previews.get(p.key);
    if (url) URL.revokeObjectURL(url);
    previews.delete(p.key);
  }
}

export function PhotoPicker(props: {
  label: string;
  items: PhotoItem[];
  setItems: SetPhotos;
  max?: number;
  required?: boolean;
  error?: string | undefined;
  /** Offer photos (camera, album; the default), documents (PDF: minutes, reports) or both. */
  kinds?: { photo: boolean; document: boolean };
}) {
  const id = useId();
  const kinds = props.kinds ?? { photo: true, document: false };
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const { items, setItems } = props;
  const max = props.max ?? 20;

  const add = (list: FileList | null) => {
    if (!list?.length) return;
    const room = Math.max(0, max - items.length);
    const chosen = Array.from(list).slice(0, room);
    const added: PhotoItem[] = chosen.map((file) => {
      const key = newKey();
      files.set(key, file);
      return { key, name: file.name, size: file.size, status: 'uploading', fraction: 0, phase: 'hashing' };
    });
    setItems((current) => [...current, ...added]);
    for (const p of added) start(p.key, setItems);
  };
  // Cleared after each pick, so choosing the same file again still fires a change.
  const pick = (e: { currentTarget: HTMLInputElement }) => {
    add(e.currentTarget.files);
    e.currentTarget.value = '';
  };

  const remove = (key: string) => {
    uploads.get(key)?.abort();
    files.delete(key);
    const url = previews.get(key);
    if (url) URL.revokeObjectURL(url);
    previews.delete(key);
    setItems((current) => current.filter((p) => p.key !== key));
  };

  return (
    <fieldset class={props.error ? 'field photos has-error' : 'field photos'} aria-describedby={props.error ? `${id}-err` : undefined}>
      <legend>
        {props.label}
        {props.required ? (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      {items.length ? (
        <ul class="photo-grid">
          {items.map((p) => (
            <li key={p.key} class={`photo photo-${p.status}`}>
              <Preview item={p} />
              <div class="photo-info">
                {p.status === 'uploading' ? (
                  <>
                    <progress max={1} value={p.fraction} aria-label={`${t('photo.uploading')} ${p.name}`} />
                    <small>
                      {p.phase === 'hashing'
                        ? t('photo.hashing')
                        : p.phase === 'retrying'
                          ? t('photo.retrying')
                          : `${Math.round(p.fraction * 100)}%`}
                    </small>
                  </>
                ) : p.status === 'done' ? (
                  <small class="ok-text">✓ {t('photo.done')}</small>
                ) : (
                  <small class="error-text">{p.status === 'lost' ? t('photo.lost') : p.error || t('photo.failed')}</small>
                )}
                <span class="photo-buttons">
                  {p.status === 'failed' && files.has(p.key) ? (
                    <button type="button" class="btn small" onClick={() => start(p.key, setItems)}>
                      {t('app.retry')}
                    </button>
                  ) : null}
                  <button type="button" class="btn small ghost" aria-label={`${t('photo.remove')} ${p.name}`} onClick={() => remove(p.key)}>
                    ✕
                  </button>
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {items.length < max ? (
        <div class="photo-add">
          {kinds.photo ? (
            <>
              <input
                ref={camera}
                id={`${id}-camera`}
                class="file-input"
                type="file"
                accept="image/*"
                capture="environment"
                multiple
                data-testid="photo-camera"
                onChange={pick}
              />
              <label class="btn" for={`${id}-camera`}>
                {t('photo.take')}
              </label>
              <input ref={album} id={`${id}-album`} class="file-input" type="file" accept="image/*" multiple onChange={pick} />
              <label class="btn ghost" for={`${id}-album`}>
                {t('photo.album')}
              </label>
            </>
          ) : null}
          {kinds.document ? (
            <>
              <input
                id={`${id}-pdf`}
                class="file-input"
                type="file"
                accept="application/pdf,.pdf"
                multiple
                data-testid="document-input"
                onChange={pick}
              />
              <label class={kinds.photo ? 'btn ghost' : 'btn'} for={`${id}-pdf`}>
                {t('photo.document')}
              </label>
            </>
          ) : null}
        </div>
      ) : (
        <small class="hint">{t('photo.max', { n: max })}</small>
      )}
      {props.error ? (
        <small class="error-text" id={`${id}-err`} role="alert">
          {props.error}
        </small>
      ) : null}
    </fieldset>
  );
}

function Preview(props: { item: PhotoItem }) {
  const { item } = props;
  const file = files.get(item.key);
  if (file) {
    let url = previews.get(item.key);
    if (!url && file.type.startsWith('image/')) {
      url = URL.createObjectURL(file);
      previews.set(item.key, url);
    }
    return url ? <img class="thumb" src={url} alt={item.name} /> : <span class="thumb thumb-file">{item.name}</span>;
  }
  if (item.evidenceId) return <EvidenceThumb id={item.evidenceId} name={item.name} />;
  return (
    <span class="thumb thumb-file" aria-hidden="true">
      ?
    </span>
  );
}

/** A stored evidence file: an image thumbnail linking to the full file, or a file link. */
export function EvidenceThumb(props: { id: string; name: string; contentType?: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const [unviewable, setUnviewable] = useState(false);
  useEffect(() => {
    let live = true;
    evidenceUrl(props.id).then(
      (meta) => live && setUrl(meta.url),
      (e: unknown) => live && setFailed(e),
    );
    return () => {
      live = false;
    };
  }, [props.id]);
  if (failed)
    return (
      <span class="thumb thumb-file" title={errorText(failed)}>
        !
      </span>
    );
  // A grey square standing in for the picture until its URL arrives.
  if (!url) return <span class="thumb thumb-loading" role="img" aria-label={t('common.loading')} />;
  // HEIC photos (iPhones) download fine but most browsers cannot draw them: show the name instead.
  const isImage = !unviewable && (!props.contentType || props.contentType.startsWith('image/'));
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" class="thumb-link">
      {isImage ? (
        <img class="thumb" src={url} alt={props.name} loading="lazy" onError={() => setUnviewable(true)} />
      ) : (
        <span class="thumb thumb-file">{props.name}</span>
      )}
    </a>
  );
}
