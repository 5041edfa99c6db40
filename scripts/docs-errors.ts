import { readFileSync, writeFileSync } from 'node:fs';
import { END, errorCodesTable, START } from './lib/error-codes.ts';

/** Writes the catalog's error codes into README.md between the markers (see lib/error-codes.ts). */
const readme = readFileSync('README.md', 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) {
  console.error(`README.md has no ${START} … ${END} block`);
  process.exit(1);
}
writeFileSync('README.md', readme.slice(0, from) + errorCodesTable() + readme.slice(to + END.length));
console.log('README.md: error codes written');
