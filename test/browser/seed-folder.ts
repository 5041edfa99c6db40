import { seedDataDir } from '../../scripts/lib/spawn-host.ts';

/**
 * `tsx test/browser/seed-folder.ts DIR`: starts `npm start`'s host once on the empty folder DIR,
 * which seeds the demo districts, and stops it. global-seed.ts does this inside the browser run;
 * `npm test` runs this script in the background from its first step instead, so the seed (a
 * minute of one core) overlaps the single-threaded checks rather than adding to the run.
 */
const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx test/browser/seed-folder.ts DIR');
  process.exit(2);
}
await seedDataDir(dir);
