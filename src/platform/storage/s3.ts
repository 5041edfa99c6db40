import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type ObjectStore, type PresignedUpload, StoreUnavailable } from './object-store.ts';

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

/**
 * A request the SDK sent (its retry layer adds `$metadata`) that got no answer at all (refused,
 * reset, timed out: no HTTP status) or still a 5xx after the SDK's own retries. An error without
 * `$metadata` never reached the network: a bug, not an outage.
 */
const isUnreachable = (error: unknown) => {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  if (!metadata) return false;
  // 501 Not Implemented is a store that does not offer the call: configuration, not an outage.
  return metadata.httpStatusCode === undefined || [500, 502, 503, 504].includes(metadata.httpStatusCode);
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
    // A store that drops packets instead of refusing would hold each call (and the request's
    // database connection) for minutes per attempt: give up and answer 503 instead.
    // (On Node a request timeout only warns unless told to throw; Workers' fetch handler throws.)
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000, throwOnRequestTimeout: true },
  });
  const Bucket = config.bucket;
  const send: typeof client.send = async (command: Parameters<typeof client.send>[0]) => {
    try {
      return await client.send(command);
    } catch (error) {
      throw isUnreachable(error) ? new StoreUnavailable(error) : error;
    }
  };
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
        const head = await send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: head.ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async get(key) {
      try {
        const object = await send(new GetObjectCommand({ Bucket, Key: key }));
        // The body arrives after the answer's headers: a reset while reading it is the store's too.
        return object.Body
          ? await object.Body.transformToByteArray().catch((cause) => Promise.reject(new StoreUnavailable(cause)))
          : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async put(key, bytes, contentType) {
      await send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    },

    async delete(key) {
      try {
        await send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },
  };
}
