import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/generate-api-types.ts';

describe('the SPA’s API types', () => {
  it('are generated from the OpenAPI document as it is now (npm run generate:api-types)', async () => {
    const expected = await generateApiTypes();
    const actual = readFileSync(API_TYPES_FILE, 'utf8');
    // Not toBe: a diff of 20,000 lines says nothing; the command that fixes it does.
    expect(actual === expected, `${API_TYPES_FILE} is out of date: run npm run generate:api-types`).toBe(true);
  });
});
