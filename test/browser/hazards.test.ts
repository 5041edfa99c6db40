import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, expectAccessible, type Host, makePng, openFromNav, PHONE, screenshot, signInAs, startHost, UI_WAIT } from './host.ts';

/**
 * The hazard loop (隐患闭环) as people meet it, in chromium against `npm start`'s host:
 * a grid member reports from a phone with a photo (through a dropped connection: still one
 * hazard), the street's station routes it to the property company, the company accepts and
 * submits after-photos, the station (neither reporter nor party) verifies; the board shows every
 * step. Screenshots go to test-results/.
 */
const COMPANY = '示范安居物业服务有限公司';
const CATEGORY = '电动自行车违规停放/飞线充电';
const PLACE = '东湖社区便民超市';

let host: Host;

beforeAll(async () => {
  host = await startHost();
});

afterAll(async () => {
  await host?.close();
});

/** The whole board (no search) as the first screen shows it, with `hazard` marked by its state. */
async function boardShot(page: Page, name: string): Promise<void> {
  await page.locator('nav a[href="/hazards"]').first().click();
  await page.getByLabel('编号或描述').fill('');
  await expect.poll(() => page.getByTestId('hazard-row').count(), { timeout: UI_WAIT }).toBeGreaterThan(5);
  await screenshot(page, name, false);
}

/**
 * Opens the board, searches for the hazard and returns its row once it shows the expected state.
 * The board opens on the open hazards: a closed one is found by asking for the closed ones.
 */
async function boardRow(page: Page, number: string, state: string, text: string): Promise<Locator> {
  await page.locator('nav a[href="/hazards"]').first().click();
  await page.getByRole('heading', { name: '隐患看板' }).waitFor();
  if (state === 'closed') {
    const toggle = page.locator('.filter-toggle');
    // On a phone the other filters are folded behind the toggle.
    if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await page.locator('select[name="state"]').selectOption('closed');
  }
  await page.getByLabel('编号或描述').fill(number);
  await expect.poll(() => page.getByTestId('hazard-row').count(), { timeout: UI_WAIT }).toBe(1);
  const row = page.getByTestId('hazard-row').filter({ hasText: number });
  await row.and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout: UI_WAIT });
  await expect(row.textContent()).resolves.toContain(text);
  return row;
}

async function openHazard(page: Page, number: string, state: string, stateText: string): Promise<void> {
  const row = await boardRow(page, number, state, stateText);
  await row.getByRole('link', { name: number }).click();
  await detailIn(page, state);
}

async function detailIn(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="hazard-detail"][data-state="${state}"]`).waitFor({ timeout: UI_WAIT });
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
  await expect.poll(() => images.count(), { timeout: UI_WAIT }).toBe(count);
  await expect
    .poll(
      () =>
        images.evaluateAll((els) => els.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)),
      {
        timeout: 10_000,
      },
    )
    .toBe(true);
}

describe('the hazard loop in chromium', () => {
  it('report (phone, photo, dropped connection) → route → accept → submit → verify, the board following', {
    timeout: 180_000,
  }, async () => {
    // ---- 1. a grid member reports from a phone ------------------------------------------------
    const grid = await signInAs(host, 'grid_member', PHONE);
    await grid.locator('nav a[href="/report"]').click();
    await grid.getByRole('heading', { name: '上报隐患' }).waitFor();
    await grid.getByLabel('隐患类别').selectOption({ label: CATEGORY });
    await grid.getByLabel('搜索场所').fill('便民超市');
    await grid.getByRole('button', { name: new RegExp(PLACE) }).click();
    // The demo districts come with hundreds of hazards: this one is told apart by a token.
    const token = `T${Date.now().toString(36)}`;
    await grid.getByLabel('隐患描述').fill(`超市门口电动车飞线充电，电线横穿人行道（${token}）`);
    await grid.getByText('重大', { exact: true }).click();
    await grid.getByText('一般', { exact: true }).click();
    const camera = grid.getByTestId('photo-camera');
    await expect(camera.getAttribute('capture')).resolves.toBe('environment');
    await camera.setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: makePng(320, 240, [200, 60, 40]) });
    await grid.getByText('已上传', { exact: false }).waitFor({ timeout: UI_WAIT });
    await screenshot(grid, 'hazard-report-phone', true, 'axe');

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
    await screenshot(grid, 'hazard-reported-phone');

    // Exactly one hazard with this description, on the board; and it is in "my reports".
    await boardRow(grid, number!, 'reported', '待分流');
    await grid.getByLabel('编号或描述').fill(token);
    await expect.poll(() => grid.getByTestId('hazard-row').count()).toBe(1);
    await expect(grid.getByTestId('hazard-row').textContent()).resolves.toContain(number!);
    await grid.locator('nav a[href="/my-work"]').click();
    await grid.getByTestId('hazard-row').filter({ hasText: number! }).waitFor();

    // ---- 2. the street's station routes it to the property company (desktop, PC in UTC) ----------
    const station = await signInAs(host, 'station_staff', DESKTOP, { timezoneId: 'UTC' });
    await openHazard(station, number!, 'reported', '待分流');
    await act(station, '分流交办', 'routed', async (dialog) => {
      await expect(dialog.getByLabel('牵头责任方 · 类型').inputValue()).resolves.toBe('company');
      await dialog.getByLabel(/^物业企业/).selectOption({ label: COMPANY });
      // Prefilled from the district's policy: a general hazard gets 7 days.
      await expect(dialog.getByLabel(/整改期限/).inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await dialog.getByLabel(/说明/).fill('请物业两日内清理飞线，设置集中充电点');
      await screenshot(station, 'hazard-route-dialog-desktop', true, 'axe');
    });
    await expect(station.getByTestId('lead-party').textContent()).resolves.toContain(COMPANY);
    await boardRow(station, number!, 'routed', '已分流待受理');
    await boardShot(station, 'hazard-board-desktop');
    // The station keeps the hazard open while the company acts on it (its copy goes stale).
    await openHazard(station, number!, 'routed', '已分流待受理');

    // ---- 3. the property company accepts and submits after-photos (phone) ----------------------
    const company = await signInAs(host, 'property_manager', PHONE);
    // Lands on the company's home; "my tasks" is one tap away, on what is assigned to the company.
    await expect.poll(() => new URL(company.url()).pathname, { timeout: UI_WAIT }).toBe('/company');
    await openFromNav(company, '/my-work');
    await company.getByRole('tab', { name: '交给我方的' }).waitFor({ timeout: UI_WAIT });
    await company.getByTestId('hazard-row').filter({ hasText: number! }).waitFor();
    await screenshot(company, 'hazard-tasks-phone', false, 'axe');
    await company.getByTestId('hazard-row').filter({ hasText: number! }).getByRole('link', { name: number! }).click();
    await detailIn(company, 'routed');
    await act(company, '受理', 'rectifying');

    // The station, still looking at version "routed", tries to re-route: 409, and a reload button.
    await station.locator('.action-bar').getByRole('button', { name: '分流交办', exact: true }).click();
    const stale = station.getByRole('dialog');
    await stale.getByLabel(/^物业企业/).selectOption({ label: COMPANY });
    await stale.getByRole('button', { name: '分流交办', exact: true }).click();
    await stale.getByText('该隐患已被他人处理', { exact: false }).waitFor();
    await stale.getByRole('button', { name: '重新加载' }).click();
    await detailIn(station, 'rectifying');
    await boardRow(company, number!, 'rectifying', '整改中');
    await company.getByTestId('hazard-row').filter({ hasText: number! }).getByRole('link', { name: number! }).click();
    await detailIn(company, 'rectifying');
    await act(company, '提交整改', 'submitted', async (dialog) => {
      await dialog.getByLabel(/^说明/).fill('已拆除飞线，门口增设集中充电桩两处');
      await dialog
        .getByTestId('photo-camera')
        .setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: makePng(320, 240, [40, 150, 70]) });
      await dialog.getByText('已上传', { exact: false }).waitFor({ timeout: UI_WAIT });
      await screenshot(company, 'hazard-submit-dialog-phone');
    });
    await imagesLoaded(company.getByTestId('photos-rectification'), 1);
    // The fixing party can never verify its own work.
    await expect(company.locator('.action-bar').getByRole('button', { name: '核查通过销号' }).count()).resolves.toBe(0);
    await boardRow(company, number!, 'submitted', '待核查');
    await boardShot(company, 'hazard-board-phone');

    // ---- 4. the station (neither reporter nor party) verifies -------------------------------------
    await station.locator('nav a[href="/my-work"]').click();
    await station.getByRole('tab', { name: '待核查' }).click();
    await station.getByRole('tabpanel').getByTestId('hazard-row').first().waitFor();
    await openHazard(station, number!, 'submitted', '待核查');
    await act(station, '核查通过销号', 'closed', async (dialog) => {
      await dialog.getByLabel(/说明/).fill('现场复核，飞线已拆除');
    });
    await expect(station.getByTestId('hazard-state').textContent()).resolves.toContain('已销号 · 已整改');
    await station.getByRole('button', { name: '校验记录' }).click();
    await expect.poll(() => station.getByTestId('chain-verdict').textContent(), { timeout: UI_WAIT }).toContain('记录完整：5 条处置记录');
    // The hashes wait behind a toggle for whoever asks; the time zone is named as people say it.
    const detail = station.locator('.chain-detail');
    await expect(detail.locator('.hash').first().isVisible()).resolves.toBe(false);
    await detail.locator('summary').click();
    await expect(detail.locator('.hash').count()).resolves.toBe(5);
    await expect(detail.locator('.hash').first().isVisible()).resolves.toBe(true);
    await expect(station.getByTestId('hazard-detail').textContent()).resolves.toContain('中国标准时间（UTC+8）');
    await imagesLoaded(station.getByTestId('photos-report'), 1);
    await imagesLoaded(station.getByTestId('photos-rectification'), 1);
    await screenshot(station, 'hazard-closed-desktop', true, 'axe');
    await boardRow(station, number!, 'closed', '已销号');
    await expectAccessible(station, 'hazard-board-desktop');
    // The board's filters live in its address: the same address in a new page shows the same
    // list, and back from a hazard returns to it, forward to the hazard again.
    const address = station.url();
    expect(new URL(address).searchParams.get('q')).toBe(number);
    const again = await station.context().newPage();
    await again.goto(address);
    await expect.poll(() => again.getByTestId('hazard-row').count(), { timeout: UI_WAIT }).toBe(1);
    await expect(again.getByLabel('编号或描述').inputValue()).resolves.toBe(number);
    await again.close();
    await station.getByTestId('hazard-row').getByRole('link', { name: number! }).click();
    await detailIn(station, 'closed');
    await station.goBack();
    await expect.poll(() => station.getByTestId('hazard-row').count(), { timeout: UI_WAIT }).toBe(1);
    await expect(station.getByLabel('编号或描述').inputValue()).resolves.toBe(number);
    expect(station.url()).toBe(address);
    await station.goForward();
    await detailIn(station, 'closed');

    // The reporter sees the outcome too.
    await boardRow(grid, number!, 'closed', '已销号');

    // ---- 5. a report of the same category at the same place suggests the open one ------------
    await grid.locator('nav a[href="/report"]').click();
    await grid.getByLabel('隐患类别').selectOption({ label: CATEGORY });
    await grid.getByLabel('搜索场所').fill('便民超市');
    await grid.getByRole('button', { name: new RegExp(PLACE) }).click();
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
    await screenshot(grid, 'hazard-duplicates-phone');
  });

  it('keeps a report across a network drop and a reload, and never creates it twice (phone)', { timeout: 120_000 }, async () => {
    const page = await signInAs(host, 'grid_member', PHONE);
    await page.locator('nav a[href="/report"]').click();
    const token = `R${Date.now().toString(36)}`;
    await page.getByLabel('隐患类别').selectOption({ label: '楼道堆放杂物' });
    await page.getByText('小区/社区', { exact: true }).click();
    const orgSelect = page.getByLabel(/^所在小区\/社区/);
    const compound = await orgSelect.locator('option', { hasText: '东湖花园小区' }).getAttribute('value');
    await orgSelect.selectOption(compound!);
    await page.getByLabel('隐患描述').fill(`3号楼楼道堆放纸箱（${token}）`);
    await page.getByText('重大', { exact: true }).click();
    await page.getByTestId('photo-camera').setInputFiles([
      { name: 'a.png', mimeType: 'image/png', buffer: makePng(200, 150, [90, 90, 200]) },
      { name: 'b.png', mimeType: 'image/png', buffer: makePng(200, 150, [200, 160, 30]) },
    ]);
    await expect.poll(() => page.getByText('已上传').count(), { timeout: UI_WAIT }).toBe(2);

    // The create reaches the server, then the network goes down: the answer and every retry are lost.
    let reached = 0;
    await page.route('**/api/v1/hazards', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      if (reached++ === 0) await route.fetch();
      return route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: '上报', exact: true }).click();
    await page.getByText('网络中断，报告已保存在本机', { exact: false }).waitFor({ timeout: UI_WAIT });
    expect(reached).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'hazard-report-offline-phone');

    // The phone reloads the page once the network is back: the draft, its photos and its key remain.
    await page.unroute('**/api/v1/hazards');
    await page.reload();
    await page.getByRole('heading', { name: '上报隐患' }).waitFor({ timeout: UI_WAIT });
    await expect(page.getByLabel('隐患描述').inputValue()).resolves.toContain(token);
    await expect.poll(() => page.getByText('已上传').count(), { timeout: UI_WAIT }).toBe(2);
    await imagesLoaded(page.locator('.photo-grid'), 2);
    await page.getByRole('button', { name: '上报', exact: true }).click();
    await detailIn(page, 'reported');
    await imagesLoaded(page.getByTestId('photos-report'), 2);

    // One hazard, not two.
    await page.locator('nav a[href="/hazards"]').first().click();
    await page.getByLabel('编号或描述').fill(token);
    await expect.poll(() => page.getByTestId('hazard-row').count(), { timeout: UI_WAIT }).toBe(1);
    await expect(page.getByTestId('hazard-row').textContent()).resolves.toContain('重大');
  });
});
