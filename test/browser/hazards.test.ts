import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Host, makePng, startHost } from './host.ts';

/**
 * The hazard loop (隐患闭环) as people meet it, in chromium against `npm start`'s host:
 * a grid member reports from a phone with a photo (through a dropped connection: still one
 * hazard), the street's station routes it to the property company, the company accepts and
 * submits after-photos, the station (neither reporter nor party) verifies; the board shows every
 * step. Screenshots go to test-results/.
 */
const SHOTS = join(process.cwd(), 'test-results');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const COMPANY = '示范安居物业服务有限公司';
const CATEGORY = '电动自行车违规停放/飞线充电';
const PLACE = '东湖社区便民超市';

let host: Host;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  host = await startHost();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await host?.close();
});

async function signIn(username: string, viewport: { width: number; height: number }, timezoneId = 'Asia/Shanghai'): Promise<Page> {
  // A phone or PC whose own clock zone may differ from the district's: times must not care.
  const context = await host.browser.newContext({ viewport, locale: 'zh-CN', timezoneId });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(host.base);
  await page.getByLabel('单位代码').fill('demo-a');
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill('firegrid-demo');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 20_000 });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size).toBeGreaterThan(10_000);
}

/** Opens the board and returns the row of this hazard once it shows the expected state. */
async function boardRow(page: Page, number: string, state: string, text: string): Promise<Locator> {
  await page.locator('nav a[href="/hazards"]').first().click();
  await page.getByRole('heading', { name: '隐患看板' }).waitFor();
  const row = page.getByTestId('hazard-row').filter({ hasText: number });
  await row.and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout: 15_000 });
  await expect(row.textContent()).resolves.toContain(text);
  return row;
}

async function openHazard(page: Page, number: string, state: string, stateText: string): Promise<void> {
  const row = await boardRow(page, number, state, stateText);
  await row.getByRole('link', { name: number }).click();
  await detailIn(page, state);
}

async function detailIn(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="hazard-detail"][data-state="${state}"]`).waitFor({ timeout: 15_000 });
}

/** Clicks an action button, fills the dialog with `fill`, submits it, waits for the next state. */
async function act(page: Page, action: string, next: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.locator('.action-bar').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await detailIn(page, next);
  await dialog.waitFor({ state: 'detached' });
}

/** The thumbnails in `scope` have really loaded from the presigned evidence URLs. */
async function imagesLoaded(scope: Locator, count: number): Promise<void> {
  const images = scope.locator('img');
  await expect.poll(() => images.count(), { timeout: 10_000 }).toBe(count);
  await expect
    .poll(() => images.evaluateAll((els) => els.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), {
      timeout: 10_000,
    })
    .toBe(true);
}

describe('the hazard loop in chromium', () => {
  it('report (phone, photo, dropped connection) → route → accept → submit → verify, the board following', { timeout: 180_000 }, async () => {
    // ---- 1. a grid member reports from a phone ------------------------------------------------
    const grid = await signIn('grid_member', PHONE);
    await grid.locator('nav a[href="/report"]').click();
    await grid.getByRole('heading', { name: '上报隐患' }).waitFor();
    await grid.getByLabel('隐患类别').selectOption({ label: CATEGORY });
    await grid.getByLabel('搜索场所').fill('便民超市');
    await grid.getByRole('button', { name: new RegExp(PLACE) }).click();
    await grid.getByLabel('隐患描述').fill('超市门口电动车飞线充电，电线横穿人行道');
    await grid.getByText('重大', { exact: true }).click();
    await grid.getByText('一般', { exact: true }).click();
    const camera = grid.getByTestId('photo-camera');
    await expect(camera.getAttribute('capture')).resolves.toBe('environment');
    await camera.setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: makePng(320, 240, [200, 60, 40]) });
    await grid.getByText('已上传', { exact: false }).waitFor({ timeout: 20_000 });
    await shot(grid, 'hazard-report-phone');

    // The first create reaches the server but its answer is lost (the connection drops): the app
    // retries with the same Idempotency-Key and gets the first answer back, not a second hazard.
    const keys: string[] = [];
    await grid.route('**/api/v1/hazards', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.fallback();
      keys.push((await request.headerValue('idempotency-key')) ?? '');
      if (keys.length === 1) {
        const response = await route.fetch();
        expect(response.status()).toBe(201);
        return route.abort('internetdisconnected');
      }
      return route.fallback();
    });
    await grid.getByRole('button', { name: '上报', exact: true }).click();
    await detailIn(grid, 'reported');
    expect(keys.length).toBe(2);
    expect(keys[0]).toMatch(/^report-[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    await grid.unroute('**/api/v1/hazards');

    const title = (await grid.locator('#page-title').textContent()) ?? '';
    const number = /YH-\d{8}-\d{4}/.exec(title)?.[0];
    expect(number, title).toBeTruthy();
    await imagesLoaded(grid.getByTestId('photos-report'), 1);
    await expect(grid.getByTestId('hazard-state').textContent()).resolves.toContain('待分流');
    // A reporter has no workflow action on it.
    await expect(grid.locator('.action-bar').count()).resolves.toBe(0);
    await shot(grid, 'hazard-reported-phone');

    // Exactly one hazard, on the board and in "my reports".
    await boardRow(grid, number!, 'reported', '待分流');
    await expect(grid.getByTestId('hazard-row').count()).resolves.toBe(1);
    await grid.locator('nav a[href="/tasks"]').click();
    await grid.getByTestId('hazard-row').filter({ hasText: number! }).waitFor();
    await expect(grid.getByTestId('hazard-row').count()).resolves.toBe(1);

    // ---- 2. the street's station routes it to the property company (desktop, PC in UTC) ----------
    const station = await signIn('station_staff', DESKTOP, 'UTC');
    await openHazard(station, number!, 'reported', '待分流');
    await act(station, '分流交办', 'routed', async (dialog) => {
      await expect(dialog.getByLabel('牵头责任方 · 类型').inputValue()).resolves.toBe('company');
      await dialog.getByLabel('物业企业', { exact: true }).selectOption({ label: COMPANY });
      // Prefilled from the district's policy: a general hazard gets 7 days.
      await expect(dialog.getByLabel(/整改期限/).inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await dialog.getByLabel(/说明/).fill('请物业两日内清理飞线，设置集中充电点');
      await shot(station, 'hazard-route-dialog-desktop');
    });
    await expect(station.getByTestId('lead-party').textContent()).resolves.toContain(COMPANY);
    await boardRow(station, number!, 'routed', '已分流待受理');
    await shot(station, 'hazard-board-desktop');

    // ---- 3. the property company accepts and submits after-photos (phone) ----------------------
    const company = await signIn('property_manager', PHONE);
    // Lands on "my tasks", on what is assigned to the company.
    await company.getByRole('tab', { name: '交给我方的' }).waitFor();
    await company.getByTestId('hazard-row').filter({ hasText: number! }).getByRole('link', { name: number! }).click();
    await detailIn(company, 'routed');
    await act(company, '受理', 'rectifying');
    await boardRow(company, number!, 'rectifying', '整改中');
    await company.getByTestId('hazard-row').filter({ hasText: number! }).getByRole('link', { name: number! }).click();
    await detailIn(company, 'rectifying');
    await act(company, '提交整改', 'submitted', async (dialog) => {
      await dialog.getByLabel('说明', { exact: true }).fill('已拆除飞线，门口增设集中充电桩两处');
      await dialog.getByTestId('photo-camera').setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: makePng(320, 240, [40, 150, 70]) });
      await dialog.getByText('已上传', { exact: false }).waitFor({ timeout: 20_000 });
      await shot(company, 'hazard-submit-dialog-phone');
    });
    await imagesLoaded(company.getByTestId('photos-rectification'), 1);
    // The fixing party can never verify its own work.
    await expect(company.locator('.action-bar').getByRole('button', { name: '核查通过销号' }).count()).resolves.toBe(0);
    await boardRow(company, number!, 'submitted', '待核查');
    await shot(company, 'hazard-board-phone');

    // ---- 4. the station (neither reporter nor party) verifies -------------------------------------
    await station.locator('nav a[href="/tasks"]').click();
    await station.getByRole('tab', { name: '待核查' }).click();
    await station.getByTestId('hazard-row').filter({ hasText: number! }).getByRole('link', { name: number! }).click();
    await detailIn(station, 'submitted');
    await act(station, '核查通过销号', 'closed', async (dialog) => {
      await dialog.getByLabel(/说明/).fill('现场复核，飞线已拆除');
    });
    await expect(station.getByTestId('hazard-state').textContent()).resolves.toContain('已销号 · 已整改');
    await station.getByRole('button', { name: '校验记录' }).click();
    await expect
      .poll(() => station.getByTestId('chain-verdict').textContent(), { timeout: 10_000 })
      .toContain('记录完整：5 条处置记录');
    await imagesLoaded(station.getByTestId('photos-report'), 1);
    await imagesLoaded(station.getByTestId('photos-rectification'), 1);
    await shot(station, 'hazard-closed-desktop');
    await boardRow(station, number!, 'closed', '已销号');

    // The reporter sees the outcome too.
    await boardRow(grid, number!, 'closed', '已销号');

    // ---- 5. reporting the same category at the same place suggests the closed one? No: open only.
    // Report again (open hazards only count): first a new open one, then a third attempt sees it.
    await grid.locator('nav a[href="/report"]').click();
    await grid.getByLabel('隐患类别').selectOption({ label: CATEGORY });
    await grid.getByLabel('搜索场所').fill('便民超市');
    await grid.getByRole('button', { name: new RegExp(PLACE) }).click();
    await expect(grid.getByTestId('duplicates').count()).resolves.toBe(0);
    await grid.getByLabel('隐患描述').fill('超市后门又有飞线充电');
    await grid.getByRole('button', { name: '上报', exact: true }).click();
    await detailIn(grid, 'reported');
    const second = /YH-\d{8}-\d{4}/.exec((await grid.locator('#page-title').textContent()) ?? '')?.[0];
    expect(second).not.toBe(number);
    await grid.locator('nav a[href="/report"]').click();
    await grid.getByLabel('隐患类别').selectOption({ label: CATEGORY });
    await grid.getByLabel('搜索场所').fill('便民超市');
    await grid.getByRole('button', { name: new RegExp(PLACE) }).click();
    const duplicates = grid.getByTestId('duplicates');
    await duplicates.waitFor();
    await expect(duplicates.textContent()).resolves.toContain(second!);
    await expect(duplicates.textContent()).resolves.toContain('可能重复');
    await shot(grid, 'hazard-duplicates-phone');
  });
});
