import { inlineDisposition } from '../../platform/http/disposition.ts';
import { type ObjectStore, type PresignedUpload, tenantPrefix } from '../../platform/storage/object-store.ts';
import { DOWNLOAD_TTL_SECONDS, UPLOAD_TTL_SECONDS } from './vocabulary.ts';

/**
 * Where evidence lives in the object store: its keys, and the store operations the upload,
 * confirm, download and cleanup steps take, with evidence's own lifetimes and headers.
 */

/** `tenants/<tenant>/evidence/<yyyy>/<mm>/<id>`: made by the server, never from the user's file name. */
export function evidenceKey(tenantId: string, now: Date, id: string): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${tenantPrefix(tenantId)}evidence/${now.getUTCFullYear()}/${month}/${id}`;
}

/**
 * The browser uploads to `<key>.upload`, never to the evidence key itself. A presigned upload
 * binds key, type and size but not content, and stays valid for minutes: were the evidence read
 * from where it was uploaded, the uploader could replace it after confirmation. Confirming reads
 * the upload once, checks those bytes, and writes exactly those bytes to the evidence key.
 * (A server-side CopyObject would save the write, but its XML answer needs a DOMParser, which the
 * Workers runtime lacks; PUT, HEAD, GET and DELETE answer without an XML body.)
 */
export const uploadKeyOf = (key: string) => `${key}.upload`;

/** The upload ticket of one evidence file: exact key, type and size, for UPLOAD_TTL_SECONDS. */
export function presignUpload(store: ObjectStore, object: { key: string; contentType: string; size: number }): Promise<PresignedUpload> {
  return store.presignUpload({ ...object, key: uploadKeyOf(object.key) }, UPLOAD_TTL_SECONDS);
}

/** A short-lived GET that answers with the verified content type and the user's file name. */
export function presignDownload(store: ObjectStore, object: { key: string; contentType: string; fileName: string }): Promise<string> {
  return store.presignDownload(
    { key: object.key, contentType: object.contentType, contentDisposition: inlineDisposition(object.fileName) },
    DOWNLOAD_TTL_SECONDS,
  );
}

/** Writes checked bytes to the evidence key: the sealed copy every download serves. */
export const writeSealed = (store: ObjectStore, key: string, bytes: Uint8Array, contentType: string) => store.put(key, bytes, contentType);

/** Removes both the upload and the sealed copy of an evidence object. */
export async function deleteEvidenceObjects(store: ObjectStore, key: string): Promise<void> {
  await store.delete(uploadKeyOf(key));
  await store.delete(key);
}
