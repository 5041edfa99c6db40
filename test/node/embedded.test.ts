import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../../src/node/embedded.ts';

/**
 * The embedded default behind `npm start`, and the tenant:create CLI against it: the first start
 * seeds, a second start keeps what is there, and the CLI writes to the same data folder.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'firegrid-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const quiet = () => {};
async function tenantSlugs(): Promise<string[]> {
  const embedded = await startEmbedded(dataDir, quiet);
  try {
    const { rows } = await embedded.provider.client.query<{ slug: string }>('select slug from tenants order by slug');
    return rows.map((r) => r.slug);
  } finally {
    await embedded.close();
  }
}

describe('the embedded default', () => {
  it('seeds the demo tenants on the first start and prints the logins', async () => {
    const lines: string[] = [];
    const embedded = await startEmbedded(dataDir, (l) => lines.push(l));
    await embedded.close();
    expect(lines.join('\n')).toContain('firegrid-demo');
    expect(lines.join('\n')).toMatch(/demo-a\s+committee_admin/);
    expect(await tenantSlugs()).toEqual(['demo-a', 'demo-b', 'demo-city', 'firegrid']);
  });

  it('keeps its data on the next start and does not seed again', async () => {
    const lines: string[] = [];
    const embedded = await startEmbedded(dataDir, (l) => lines.push(l));
    const { rows } = await embedded.provider.client.query<{ n: number }>('select count(*)::int as n from users');
    await embedded.close();
    expect(lines).toEqual([]);
    expect(rows[0]!.n).toBe(18); // 8 roles × 2 districts + the office viewer + the operator
  });

  it('npm run tenant:create adds a district with its admin to the same data folder', { timeout: 60_000 }, async () => {
    const run = (args: string[], password: string) =>
      spawnSync('npx', ['tsx', 'scripts/tenant-create.ts', ...args], {
        env: { ...process.env, FIREGRID_DATA_DIR: dataDir, FIREGRID_ADMIN_PASSWORD: password, DATABASE_URL: '' },
        encoding: 'utf8',
      });
    const ok = run(['--slug', 'erqi', '--name', '二七区消防安全委员会', '--admin', 'admin', '--parent', 'demo-city'], 'a-long-initial-password');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('二七区消防安全委员会');
    const short = run(['--slug', 'erqi-2', '--name', '二七区', '--admin', 'admin'], 'short');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('密码至少 12 位');
    const taken = run(['--slug', 'erqi', '--name', '二七区', '--admin', 'admin'], 'a-long-initial-password');
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain('已被使用');

    const embedded = await startEmbedded(dataDir, quiet);
    try {
      const { rows } = await embedded.provider.client.query<{ parent: string; role: string; username: string }>(`
        select p.slug as parent, ra.role, u.username from tenants t join tenants p on p.id = t.parent_id
        join users u on u.tenant_id = t.id join role_assignments ra on ra.user_id = u.id where t.slug = 'erqi'`);
      expect(rows).toEqual([{ parent: 'demo-city', role: 'committee_admin', username: 'admin' }]);
    } finally {
      await embedded.close();
    }
  });
});
