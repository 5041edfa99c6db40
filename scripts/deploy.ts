import { spawnSync } from 'node:child_process';

/**
 * npm run deploy: build the SPA, migrate Neon as the owner, bundle and ship the worker.
 * Needs DATABASE_OWNER_URL (owner role) and wrangler's credentials (CLOUDFLARE_API_TOKEN and
 * CLOUDFLARE_ACCOUNT_ID, or `npx wrangler login`). Secrets are set once with `wrangler secret put`
 * (README “Deploy”). Stops at the first failing step.
 */
const steps: { title: string; command: string; args: string[] }[] = [
  { title: '构建前端 / build the SPA', command: 'npm', args: ['run', '--silent', 'build:web'] },
  { title: '数据库迁移 / migrate the database (owner role)', command: 'npm', args: ['run', '--silent', 'db:migrate'] },
  { title: '检查包体积 / bundle and check the worker size', command: 'npm', args: ['run', '--silent', 'bundle:size'] },
  { title: '发布 / wrangler deploy', command: 'npx', args: ['wrangler', 'deploy'] },
];

if (!process.env.DATABASE_OWNER_URL) {
  console.error('DATABASE_OWNER_URL is not set: the Neon owner role’s connection string, used only for migrations.');
  console.error('See README.md, “Deploy to Cloudflare Workers + Neon + S3”.');
  process.exit(2);
}
for (const step of steps) {
  console.log(`\n▶ ${step.title}`);
  const result = spawnSync(step.command, step.args, { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
  if (result.status !== 0) {
    console.error(`✗ ${step.title} failed (exit ${result.status ?? 'signal'})`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✓ deployed');
