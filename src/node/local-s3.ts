import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
// s3rver ships no types; its API is small and stable.
// @ts-expect-error no declaration file
import S3rver from 's3rver';

/**
 * The embedded default's evidence store: s3rver, an S3-compatible server, in-process, with its files
 * under the data folder. It does not verify signatures: fine on a developer's machine, and the code
 * path (AWS SDK, presigned URLs) is the one used against real S3.
 */
const CORS = `<CORSConfiguration><CORSRule>
  <AllowedOrigin>*</AllowedOrigin>
  <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  close(): Promise<void>;
}

export async function startLocalS3(directory: string, bucket: string, port = 0): Promise<LocalS3> {
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [CORS] }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    close: () => server.close(),
  };
}
