import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore, PresignedUpload } from './object-store.ts';

/**
 * The ObjectStore on the S3 API (@aws-sdk/client-s3, the stack's S3 client): only the four
 * commands it needs are imported, and nothing outside this file touches the SDK.
 */
export interface S3StoreConfig {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Presigned POST policy (default) or presigned PUT (stores without POST Object, e.g. R2). */
  uploadMethod?: 'post' | 'put';
}

const isMissing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

export function s3ObjectStore(config: S3StoreConfig): ObjectStore {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Without this the SDK streams uploads with aws-chunked framing, which some S3-compatible
    // servers store verbatim (silent corruption).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = config.bucket;
  const uploadMethod = config.uploadMethod ?? 'post';

  return {
    uploadMethod,

    async presignUpload({ key, contentType, size }, ttlSeconds): Promise<PresignedUpload> {
      if (uploadMethod === 'put') {
        // Content-Type and Content-Length are signed headers: a PUT of another type or size does not match.
        const url = await getSignedUrl(client, new PutObjectCommand({ Bucket, Key: key, ContentType: contentType, ContentLength: size }), {
          expiresIn: ttlSeconds,
          signableHeaders: new Set(['content-type', 'content-length']),
        });
        return { method: 'PUT', url, fields: {}, headers: { 'Content-Type': contentType } };
      }
      // A browser-form policy bound to this key, this exact Content-Type and exactly `size` bytes
      // (content-length-range [size, size]). package.json "overrides" makes s3-presigned-post
      // share our client-s3 (one copy in the bundle).
      const { url, fields } = await createPresignedPost(client, {
        Bucket,
        Key: key,
        Fields: { 'Content-Type': contentType },
        Conditions: [
          ['content-length-range', size, size],
          ['eq', '$Content-Type', contentType],
        ],
        Expires: ttlSeconds,
      });
      return { method: 'POST', url, fields, headers: {} };
    },

    presignDownload({ key, contentType, contentDisposition }, ttlSeconds) {
      return getSignedUrl(
        client,
        new GetObjectCommand({ Bucket, Key: key, ResponseContentType: contentType, ResponseContentDisposition: contentDisposition }),
        { expiresIn: ttlSeconds },
      );
    },

    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: head.ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async put(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    },

    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },
  };
}
