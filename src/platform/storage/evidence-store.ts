import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Where inspection and hazard evidence lives: an S3 bucket (AWS S3 or any S3-compatible store;
 * a local s3rver on the embedded default). Objects are keyed under the tenant's prefix by the
 * server, never by a user's file name; uploads and downloads use short-lived presigned URLs.
 */
export interface EvidenceStoreConfig {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Presigned POST policy (default) or presigned PUT (stores without POST Object, e.g. R2). */
  uploadMethod?: 'post' | 'put';
}

export interface EvidenceStore {
  readonly bucket: string;
  readonly client: S3Client;
  readonly uploadMethod: 'post' | 'put';
  ping(): Promise<void>;
}

export function createEvidenceStore(config: EvidenceStoreConfig): EvidenceStore {
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
  return {
    bucket: config.bucket,
    client,
    uploadMethod: config.uploadMethod ?? 'post',
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
    },
  };
}

/** The key prefix every object of a tenant lives under. */
export const tenantPrefix = (tenantId: string) => `tenants/${tenantId}/`;
