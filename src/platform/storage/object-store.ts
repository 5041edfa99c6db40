/**
 * Where files live (evidence photos and PDFs): one interface, so feature code neither knows nor
 * imports the S3 SDK. The one implementation (s3.ts) speaks the S3 API to AWS S3, R2's S3 API or
 * the local s3rver of the embedded default. Keys are made by the server, never from a user's file
 * name; browsers upload and download with short-lived presigned URLs.
 */

/**
 * How the browser sends a file: POST a multipart form (every field, then `file` last), or PUT the
 * bare bytes with these headers. Either way the signature binds the key, the type and the size.
 */
export interface PresignedUpload {
  method: 'POST' | 'PUT';
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
}

export interface ObjectStore {
  /** `post` (a browser-form policy) or `put` (for stores without POST Object, such as R2). */
  readonly uploadMethod: 'post' | 'put';
  /** An upload bound to this key, this exact Content-Type and exactly `size` bytes. */
  presignUpload(object: { key: string; contentType: string; size: number }, ttlSeconds: number): Promise<PresignedUpload>;
  /** A GET that answers with this content type and Content-Disposition. */
  presignDownload(object: { key: string; contentType: string; contentDisposition: string }, ttlSeconds: number): Promise<string>;
  /** The stored object's size, or null when nothing is stored under the key. */
  head(key: string): Promise<{ size: number } | null>;
  /** The whole object, or null when nothing is stored under the key. Meant for objects of bounded size. */
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Deletes the object; one that is already gone is fine. */
  delete(key: string): Promise<void>;
}

/**
 * The store did not answer (refused, reset, timed out) or answered with a server error: the
 * request is answered 503 naming the evidence store, and routes that do not touch files are
 * unaffected. A refusal about the object itself (missing, forbidden) is not this.
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('the object store is unavailable', { cause });
    this.name = 'StoreUnavailable';
  }
}

/** The key prefix every object of a tenant lives under. */
export const tenantPrefix = (tenantId: string) => `tenants/${tenantId}/`;
