import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../src/app.ts';

/**
 * Lints the OpenAPI document the app serves with Redocly's recommended ruleset (redocly.yaml).
 * The document is generated from the code, so this checks what clients actually get, not a copy.
 * Redocly exits 0 on warnings; here a warning fails the run as an error does: 0 and 0, or a
 * reasoned line in redocly.yaml.
 */
interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { pointer?: string }[];
}
const dir = mkdtempSync(join(tmpdir(), 'firegrid-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
const run = spawnSync('npx', ['redocly', 'lint', file, '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '1000'], {
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', DO_NOT_TRACK: '1', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
let problems: Problem[];
try {
  problems = (JSON.parse(run.stdout) as { problems: Problem[] }).problems;
} catch {
  console.error(run.stdout, run.stderr);
  console.error('redocly did not answer with a report');
  process.exit(1);
}
for (const p of problems) console.log(`${p.severity.padEnd(5)} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`);
const errors = problems.filter((p) => p.severity === 'error').length;
const warnings = problems.length - errors;
console.log(`OpenAPI lint (redocly recommended): ${errors} errors, ${warnings} warnings`);
process.exit(problems.length ? 1 : 0);
