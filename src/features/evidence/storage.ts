import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { inlineDisposition } from '../../platform/http/disposition.ts';
import { type EvidenceStore, tenantPrefix } from '../../platform/storage/evidence-store.ts';
import { DOWNLOAD_TTL_SECONDS, UPLOAD_TTL_SECONDS } from './vocabulary.ts';

/**
 * The S3 side of evidence: keys, presigned uploads and downloads, and the few object operations
 * the confirm step and the cleanup need. The same calls work against AWS S3, R2's S3 API and the
 * local s3rver.
 */

/** `tenants/<tenant>/evidence/<yyyy>/<mm>/<id>`: made by the server, never from the user's file name. */
export function evidenceKey(tenantId: string, now: Date, id: string): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${tenantPrefix(tenantId)}evidence/${now.getUTCFullYear()}/${month}/${id}`;
}

/**
 * How the browser sends the file: POST a multipart form (every field, then `file` last), or PUT the
 * bare bytes with these headers. Either way the signature binds the key, the type and the size.
 */
export interface PresignedUpload {
  method: 'POST' | 'PUT';
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
}

/**
 * POST (default): a browser-form policy bound to this key, this exact Content-Type and exactly
 * `size` bytes (content-length-range [size, size]); S3 refuses any other upload with it.
 * PUT (S3_UPLOAD_METHOD=put, for stores without POST Object such as R2): Content-Type and
 * Content-Length are signed headers, so a PUT of another type or size does not match the signature.
 */
export async function presignUpload(
  store: EvidenceStore,
  object: { key: string; contentType: string; size: number },
): Promise<PresignedUpload> {
  if (store.uploadMethod === 'put') {
    const url = await getSignedUrl(
      store.client,
      new PutObjectCommand({ Bucket: store.bucket, Key: object.key, ContentType: object.contentType, ContentLength: object.size }),
      { expiresIn: UPLOAD_TTL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return { method: 'PUT', url, fields: {}, headers: { 'Content-Type': object.contentType } };
  }
  // package.json "overrides" makes s3-presigned-post share our client-s3 (one copy in the bundle).
  const { url, fields } = await createPresignedPost(store.client, {
    Bucket: store.bucket,
    Key: object.key,
    Fields: { 'Content-Type': object.contentType },
    Conditions: [
      ['content-length-range', object.size, object.size],
      ['eq', '$Content-Type', object.contentType],
    ],
    Expires: UPLOAD_TTL_SECONDS,
  });
  return { method: 'POST', url, fields, headers: {} };
}

/** A short-lived GET that answers with the verified content type and the user's file name. */
export function presignDownload(store: EvidenceStore, object: { key: string; contentType: string; fileName: string }): Promise<string> {
  return getSignedUrl(
    store.client,
    new GetObjectCommand({
      Bucket: store.bucket,
      Key: object.key,
      ResponseContentType: object.contentType,
      ResponseContentDisposition: inlineDisposition(object.fileName),
    }),
    { expiresIn: DOWNLOAD_TTL_SECONDS },
  );
}

const isMissing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

/** The stored object's size, or null when nothing was uploaded under the key. */
export async function headObject(store: EvidenceStore, key: string): Promise<{ size: number } | null> {
  try {
    const head = await store.client.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
    return { size: head.ContentLength ?? 0 };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** The whole object (evidence is at most EVIDENCE_MAX_BYTES, checked before this is called). */
export async function readObject(store: EvidenceStore, key: string): Promise<Uint8Array> {
  const object = await store.client.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
  if (!object.Body) return new Uint8Array();
  return object.Body.transformToByteArray();
}

/** Deletes the object; an object that is already gone is fine. */
export async function deleteObject(store: EvidenceStore, key: string): Promise<void> {
  try {
    await store.client.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: key }));
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
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

/** Writes checked bytes to the evidence key: the sealed copy every download serves. */
export async function writeSealed(store: EvidenceStore, key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  await store.client.send(
    new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }),
  );
}

/** Removes both the upload and the sealed copy of an evidence object. */
export async function deleteEvidenceObjects(store: EvidenceStore, key: string): Promise<void> {
  await deleteObject(store, uploadKeyOf(key));
  await deleteObject(store, key);
}
