import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { spawnHost } from './lib/spawn-host.ts';

/**
 * `npm run lighthouse`: Lighthouse (mobile, simulated throttling: its default, a mid-range phone
 * on a slow 4G) on the main screens of `npm start`'s host, signed in as the person who uses each,
 * in Debian's chromium, each page a cold first load. A benchmark, not a test: the figures move
 * with the machine's load, so compare runs on one machine. Issue 12's targets: performance ≥ 90
 * on login, my work, the hazard board and a hazard's page, ≥ 80 on the chart pages;
 * accessibility 100 everywhere.
 *
 * FIREGRID_DATA_DIR=… reuses a seeded data folder (else one is seeded here, about a minute);
 * LIGHTHOUSE_ONLY=bulletin runs the screens whose name contains that text, and lists the
 * scripts that kept the main thread busiest on each.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGETS = { fast: 90, charts: 80, accessibility: 100 };

interface Screen {
  name: string;
  tenant?: string;
  username?: string;
  /** The path, or how to find it once signed in (e.g. a hazard that exists). */
  path: string | ((api: Api) => Promise<string>);
  target: number;
}
type Api = <T>(path: string) => Promise<T>;

const SCREENS: Screen[] = [
  { name: 'login', path: '/', target: TARGETS.fast },
  { name: 'my work (grid member)', tenant: 'demo-a', username: 'grid_member', path: '/my-work', target: TARGETS.fast },
  { name: 'my work (station)', tenant: 'demo-a', username: 'station_staff', path: '/my-work', target: TARGETS.fast },
  { name: 'hazard board', tenant: 'demo-a', username: 'committee_admin', path: '/hazards', target: TARGETS.fast },
  {
    name: 'a hazard',
    tenant: 'demo-a',
    username: 'committee_admin',
    path: async (api) => `/hazards/${(await api<{ items: { id: string }[] }>('/hazards?limit=1&state=rectifying')).items[0]!.id}`,
    target: TARGETS.fast,
  },
  { name: 'company home', tenant: 'demo-a', username: 'property_manager', path: '/company', target: TARGETS.fast },
  {
    name: 'assessment bulletin',
    tenant: 'demo-a',
    username: 'committee_admin',
    path: async (api) => `/assessments/${await publishedMonth(api)}/bulletin`,
    target: TARGETS.charts,
  },
  { name: 'rankings', tenant: 'demo-a', username: 'committee_admin', path: '/rankings', target: TARGETS.charts },
  { name: 'oversight', tenant: 'demo-city', username: 'oversight_viewer', path: '/oversight', target: TARGETS.charts },
];

/** The latest month of demo-a with a published assessment (the demo publishes the months before the last). */
async function publishedMonth(api: Api): Promise<string> {
  const now = new Date();
  for (let back = 1; back <= 12; back++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const a = await api<{ revisions: { status: string }[] }>(`/assessments?month=${month}&kind=street`).catch(() => null);
    if (a?.revisions.some((r) => r.status === 'published')) return month;
  }
  throw new Error('no published month in the last year');
}

const given = process.env.FIREGRID_DATA_DIR;
const dataDir = given ?? mkdtempSync(join(tmpdir(), 'firegrid-lighthouse-'));
console.log(given ? `host on ${given}` : 'seeding the demo districts (about a minute)…');
const host = await spawnHost(dataDir);
const { base } = host;
let chrome: Awaited<ReturnType<typeof launch>> | undefined;
let browser: Awaited<ReturnType<typeof puppeteer.connect>> | undefined;

async function signIn(tenant: string, username: string): Promise<{ api: Api; refreshToken: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${tenant}/${username}: ${res.status}`);
  const tokens = (await res.json()) as { accessToken: string; refreshToken: string };
  const api: Api = async (path) => {
    const r = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
    return r.json() as never;
  };
  // The access token for finding the screen here; the refresh token is the SPA's session (it
  // trades it once on load), so each screen gets a login of its own.
  return { api, refreshToken: tokens.refreshToken };
}

const rows: string[] = [];
let missed = 0;
try {
  chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const only = process.env.LIGHTHOUSE_ONLY;
  for (const screen of SCREENS.filter((s) => !only || s.name.includes(only))) {
    const page = await browser.newPage();
    // Start on the origin, signed out or with the session in place, then let Lighthouse load
    // the screen cold (its cache cleared; storage kept, or the session would be gone).
    await page.goto(`${base}/healthz`);
    let path = typeof screen.path === 'string' ? screen.path : '';
    if (screen.tenant && screen.username) {
      const { api, refreshToken } = await signIn(screen.tenant, screen.username);
      if (typeof screen.path !== 'string') path = await screen.path(api);
      await page.evaluate((token) => localStorage.setItem('firegrid.refreshToken', token), refreshToken);
    } else {
      await page.evaluate(() => localStorage.clear());
    }
    const result = await lighthouse(
      `${base}${path}`,
      { output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], disableStorageReset: true },
      undefined,
      page,
    );
    await page.close();
    if (!result) throw new Error(`no Lighthouse result for ${screen.name}`);
    const { categories, audits } = result.lhr;
    const score = (k: string) => Math.round((categories[k]?.score ?? 0) * 100);
    const ms = (k: string) => `${((audits[k]?.numericValue ?? 0) / 1000).toFixed(1)} s`;
    const perf = score('performance');
    const a11y = score('accessibility');
    const ok = perf >= screen.target && a11y >= TARGETS.accessibility;
    if (!ok) missed++;
    rows.push(
      `| ${screen.name} | ${perf} (≥ ${screen.target}) | ${a11y} | ${ms('first-contentful-paint')} | ${ms('largest-contentful-paint')} | ${Math.round(audits['total-blocking-time']?.numericValue ?? 0)} ms | ${(audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)} | ${ok ? '' : 'below target'} |`,
    );
    console.log(rows.at(-1));
    if (only) {
      const items =
        (audits['bootup-time']?.details as { items?: { url: string; total: number; scripting: number }[] } | undefined)?.items ?? [];
      for (const i of items.slice(0, 6))
        console.log(`    ${Math.round(i.total)} ms (scripting ${Math.round(i.scripting)}) ${i.url.replace(base, '')}`);
      const long =
        (audits['long-tasks']?.details as { items?: { url: string; duration: number; startTime: number }[] } | undefined)?.items ?? [];
      for (const l of long.slice(0, 8))
        console.log(`    long task ${Math.round(l.duration)} ms at ${Math.round(l.startTime)} ms ${l.url.replace(base, '')}`);
    }
  }
} finally {
  await browser?.disconnect();
  chrome?.kill();
  await host.stop();
  if (!given) rmSync(dataDir, { recursive: true, force: true });
}

console.log('\n| screen | performance | accessibility | FCP | LCP | TBT | CLS | |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(missed ? `\n${missed} screen(s) below target` : '\nevery screen on target');
