import { parseConfig } from '../../src/platform/config.ts';

/** Fixed test configuration: keys are test-only constants, never used outside tests. */
export const TEST_KEY = { kid: 'test-1', secret: 'dGVzdC1vbmx5LXNpZ25pbmcta2V5LTAxMjM0NTY3ODlhYg' };
export const TEST_ENV = {
  JWT_KEYS: JSON.stringify([TEST_KEY]),
  S3_BUCKET: 'firegrid-test',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_ENDPOINT: 'http://127.0.0.1:9',
  S3_FORCE_PATH_STYLE: 'true',
};
/** TEST_ENV with overrides (the harness passes the run's S3_ENDPOINT). */
export const testConfig = (overrides: Record<string, string> = {}) => parseConfig({ ...TEST_ENV, ...overrides });
