import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END, errorCodesTable, START } from '../../scripts/lib/error-codes.ts';

describe('README', () => {
  it('lists every error code of the catalog as it is now (npm run docs:errors)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(block).toBe(errorCodesTable());
  });
});
