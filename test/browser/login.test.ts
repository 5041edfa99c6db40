import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/pg-cluster.ts';

/**
 * The product as a person meets it: `npm start`'s host (embedded default, fresh data folder, demo
 * seed) serving the built SPA, driven in Debian's chromium. scripts/test.ts builds web/dist first.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(process.cwd(), 'test-results');

let server: ChildProcess;
let browser: Browser;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'firegrid-browser-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn('npx', ['tsx', 'src/node/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', FIREGRID_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  server.stdout!.resume();
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 240) throw new Error('the Node host did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (server?.pid) {
    const exited = once(server, 'exit');
    process.kill(-server.pid, 'SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the SPA in chromium', () => {
  for (const viewport of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'desktop', width: 1280, height: 800 },
  ]) {
    it(`logs in as a committee admin and shows the org tree (${viewport.name})`, async () => {
      const page = await browser.newPage({ viewport, locale: 'zh-CN' });
      await page.goto(base);
      await page.getByLabel('单位代码').fill('demo-a');
      await page.getByLabel('账号').fill('committee_admin');
      await page.getByLabel('密码').fill('firegrid-demo');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      // The hazard pages come first in the navigation; the org tree is one tap away.
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '组织架构', exact: true }).click({ timeout: 20_000 });

      const tree = page.getByTestId('org-tree');
      await tree.waitFor({ state: 'visible', timeout: 20_000 });
      for (const street of ['示范东湖街道', '示范西山街道', '示范南溪镇']) {
        await expect(tree.getByText(street, { exact: true }).first().isVisible()).resolves.toBe(true);
      }
      // Nothing of the other demo district.
      expect(await page.content()).not.toContain('示范北城街道');

      const file = join(SHOTS, `org-tree-${viewport.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
      await page.close();
    });
  }

  it('shows the server’s Chinese message on a wrong password', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(base);
    await page.getByLabel('单位代码').fill('demo-a');
    await page.getByLabel('账号').fill('committee_admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('单位代码、账号或密码错误', { exact: false }).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('serves a browsable API reference rendered from the OpenAPI document', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/api/docs`);
    await page.getByText('firegrid API', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.getByText('/auth/login', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.getByText('org-units', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(SHOTS, 'api-docs.png') });
    await page.close();
  });
});
