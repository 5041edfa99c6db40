import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalS3 } from '../../src/node/local-s3.ts';

/** The bucket every test world's evidence store uses (TEST_ENV.S3_BUCKET). */
export const TEST_BUCKET = 'firegrid-test';

/**
 * One s3rver per test run, in a throwaway folder, as the embedded default runs it: the API suites
 * presign against it, upload to it with fetch and check it with the SDK.
 */
export async function startTestS3(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'firegrid-s3-'));
  const s3 = await startLocalS3(directory, TEST_BUCKET);
  return {
    endpoint: s3.endpoint,
    async close() {
      await s3.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
