import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { spawnHost } from '../../scripts/lib/spawn-host.ts';
import { encodePng } from '../../src/seed/demo-photo.ts';

/**
 * `npm start`'s host (embedded default: PGlite, local S3, demo seed) and Debian's chromium, for
 * the browser suites. The SPA must be built (npm run build:web).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Host {
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * A host on a copy of the run's seeded data folder (global-seed.ts: the demo seed runs once per
 * run, not once per file), and a chromium.
 */
export async function startHost(): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'firegrid-browser-'));
  cpSync(inject('seededDataDir'), dataDir, { recursive: true });
  const server = await spawnHost(dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    base: server.base,
    browser,
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A real PNG (RGB, 8 bits), a diagonal gradient in the given tint with a white cross, so a
 * "before" and an "after" photo look different in the screenshots.
 */
export function makePng(width: number, height: number, tint: [number, number, number]): Buffer {
  return encodePng(width, height, (x, y) => {
    const cross = Math.abs(x - width / 2) < 3 || Math.abs(y - height / 2) < 3;
    const shade = (x + y) / (width + height);
    return cross ? [255, 255, 255] : tint.map((v) => Math.round(v * (0.4 + 0.6 * shade)));
  });
}

// ---- shared by the suites that sign in several people ----

/** The two sizes screenshots are taken at. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
export const SHOTS = join(process.cwd(), 'test-results');

/** A small but well-formed one-page PDF (the server checks the magic bytes). */
export const TINY_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj',
    'trailer<</Root 1 0 R>>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

/**
 * `username` of the demo district demo-a signed in, in a browser context of its own (Chinese,
 * the district's time zone) at `viewport`; the contexts close with the browser.
 */
export async function signInAs(
  host: Host,
  username: string,
  viewport: { width: number; height: number },
  /** A device whose own clock zone differs from the district's (times must not care); downloads. */
  options: { timezoneId?: string; acceptDownloads?: boolean } = {},
): Promise<Page> {
  const context: BrowserContext = await host.browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
    acceptDownloads: options.acceptDownloads ?? false,
  });
  const page = await context.newPage();
  await page.goto(host.base);
  const fields: [string, string][] = [
    ['单位代码', 'demo-a'],
    ['账号', username],
    ['密码', 'firegrid-demo'],
  ];
  for (const [name, value] of fields) await page.getByLabel(name).fill(value);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 20_000 });
  return page;
}

/**
 * A screenshot into test-results/ (a blank page would be tiny: that fails). `'axe'` first checks
 * the screen with axe-core (WCAG 2.1 A/AA, no violation allowed): the journeys ask for it on
 * each main screen of the app (axe takes a second or two a screen, so not on every step).
 */
export async function screenshot(page: Page, name: string, fullPage = true, check: 'axe' | 'look' = 'look'): Promise<void> {
  if (check === 'axe') await expectAccessible(page, name);
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  if (statSync(file).size < 10_000) throw new Error(`screenshot ${name} looks blank`);
}

/** axe-core on the page as it is now; fails with each violation's rule, impact and elements. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // The notice toast fades in over 0.2 s: caught mid-fade its text is paler than it ends.
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('.toast').analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (found.length) throw new Error(`axe on ${name}:\n${found.join('\n')}`);
}

/** Opens a page from the navigation: the phone's bottom bar, its "更多" sheet, or the desktop's side bar. */
export async function openFromNav(page: Page, path: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: '主导航' });
  const inBar = nav.locator(`a[href="${path}"]`).first();
  if (await inBar.isVisible()) return inBar.click();
  await nav.getByRole('button', { name: '更多', exact: true }).click();
  await nav.locator(`#nav-sheet a[href="${path}"]`).click();
}

/**
 * How long a screen may take to show what a test waits for. Not a speed target: the host's
 * PGlite runs one statement at a time, and on a busy machine a scheduled job (the first runs 5 s
 * after start) or a heavy list can hold it for many seconds; 15 s failed a CI run that way.
 */
export const UI_WAIT = 45_000;
