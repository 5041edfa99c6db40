import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Host, screenshot, startHost, UI_WAIT } from './host.ts';

/**
 * The product as a person meets it: `npm start`'s host (embedded default, fresh data folder, demo
 * seed) serving the built SPA, driven in Debian's chromium. scripts/test.ts builds web/dist first.
 */
let host: Host;

beforeAll(async () => {
  host = await startHost();
});

afterAll(async () => {
  await host?.close();
});

/** A page in a context of its own (axe needs one it can open a page in); it closes with the browser. */
const newPage = async (options: Parameters<Host['browser']['newContext']>[0] = {}) => (await host.browser.newContext(options)).newPage();

describe('the SPA in chromium', () => {
  for (const viewport of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'desktop', width: 1280, height: 800 },
  ]) {
    it(`logs in as a committee admin and shows the org tree (${viewport.name})`, async () => {
      const page = await newPage({ viewport, locale: 'zh-CN' });
      await page.goto(host.base);
      await page.getByLabel('单位代码').fill('demo-a');
      await page.getByLabel('账号').fill('committee_admin');
      await page.getByLabel('密码').fill('firegrid-demo');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      // The hazard pages come first in the navigation; the org tree is one tap away.
      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '组织架构', exact: true })
        .click({ timeout: UI_WAIT });

      const tree = page.getByTestId('org-tree');
      await tree.waitFor({ state: 'visible', timeout: 20_000 });
      for (const street of ['示范东湖街道', '示范西山街道', '示范南溪镇']) {
        await expect(tree.getByText(street, { exact: true }).first().isVisible()).resolves.toBe(true);
      }
      // Nothing of the other demo district.
      expect(await page.content()).not.toContain('示范北城街道');

      await screenshot(page, `org-tree-${viewport.name}`);
      await page.close();
    });
  }

  it('says a wrong password in the UI’s language, from the code (invalid_credentials), asking in that language', async () => {
    const page = await newPage({ locale: 'zh-CN' });
    const asked: string[] = [];
    const answered: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/login')) asked.push(r.headers()['accept-language'] ?? '');
    });
    page.on('response', (r) => {
      if (r.url().endsWith('/api/v1/auth/login')) answered.push(r.headers()['content-language'] ?? '');
    });
    await page.goto(host.base);
    await page.getByLabel('单位代码').fill('demo-a');
    await page.getByLabel('账号').fill('committee_admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    // The SPA's own sentence for the code (the server's detail would stop at “错误”).
    const alert = page.getByRole('alert');
    await alert.getByText('单位代码、账号或密码错误，请核对后重新输入', { exact: false }).waitFor({ timeout: UI_WAIT });
    await screenshot(page, 'login-wrong-password-zh', false, 'axe');

    // The same in English: the request asks for English, the message is the SPA's English one.
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => alert.textContent()).toContain('The organisation code, username or password is wrong');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => answered.length, { timeout: UI_WAIT }).toBe(2);
    await alert.getByText('Check them and try again', { exact: false }).waitFor({ timeout: UI_WAIT });
    expect(asked).toEqual(['zh-CN', 'en']);
    expect(answered).toEqual(['zh-CN', 'en']);
    expect(await alert.textContent()).not.toMatch(/[\u3400-\u9fff]/);
    await screenshot(page, 'login-wrong-password-en', false, 'axe');
    await page.close();
  });

  it('loads the shell and the page it shows, compressed and cached as Workers serve them; English only when chosen', async () => {
    const page = await newPage({ locale: 'zh-CN' });
    const loaded = new Map<string, Record<string, string>>();
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/' || path.startsWith('/assets/')) loaded.set(path, r.headers());
    });
    await page.goto(host.base);
    await page.getByLabel('单位代码').fill('demo-a');
    await page.getByLabel('账号').fill('grid_member');
    await page.getByLabel('密码').fill('firegrid-demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { name: '我的待办', exact: true }).waitFor({ timeout: UI_WAIT });

    const scripts = [...loaded.keys()].filter((p) => p.endsWith('.js'));
    expect(
      scripts.some((p) => /\/my-work-[\w-]+\.js$/.test(p)),
      scripts.join(' '),
    ).toBe(true);
    // Pages not shown, the charts and the English messages stay on the server.
    for (const absent of [/\/hazards-[\w-]+\.js$/, /\/chart-[\w-]+\.js$/, /\/en-[\w-]+\.js$/, /\/assessments-[\w-]+\.js$/]) {
      expect(
        scripts.filter((p) => absent.test(p)),
        String(absent),
      ).toEqual([]);
    }
    for (const path of scripts) {
      expect(loaded.get(path)!['cache-control'], path).toBe('public, max-age=31536000, immutable');
      // Files under 1 KiB go as they are (a compressed copy would save less than a packet).
      const { 'content-encoding': encoding, 'content-length': length } = loaded.get(path)!;
      if (!(Number(length) < 1024)) expect(['br', 'gzip'], path).toContain(encoding);
    }
    expect(loaded.get('/')!['cache-control']).toBe('no-cache');

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'My tasks', exact: true }).waitFor({ timeout: UI_WAIT });
    expect([...loaded.keys()].some((p) => /\/en-[\w-]+\.js$/.test(p))).toBe(true);
    await page.close();
  });

  it('serves a browsable API reference rendered from the OpenAPI document', async () => {
    const page = await newPage();
    await page.goto(`${host.base}/api/docs`);
    await page.getByText('firegrid API', { exact: false }).first().waitFor({ timeout: UI_WAIT });
    await page.getByText('/auth/login', { exact: false }).first().waitFor({ timeout: UI_WAIT });
    await page.getByText('org-units', { exact: true }).first().waitFor({ timeout: UI_WAIT });
    await screenshot(page, 'api-docs', false);
    await page.close();
  });
});
