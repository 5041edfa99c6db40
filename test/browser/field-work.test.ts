import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type Host, makePng, openFromNav, PHONE, screenshot, signInAs, startHost, TINY_PDF, UI_WAIT } from './host.ts';

/**
 * Field work of issue 5 in chromium against `npm start`'s host: a community's staff inspect a
 * shop on a phone, one item fails with a photo and becomes a hazard; a property company
 * registers an extinguisher, uploads a hydrant maintenance record with the contractor's PDF, and
 * the street's station accepts it from its review queue; a grid member checks in on patrol and
 * the station reads the month's coverage. Screenshots at phone and desktop sizes go to
 * test-results/.
 */
const PLACE = '东湖社区便民超市';
const COMPOUND = '东湖花园小区';

let host: Host;

beforeAll(async () => {
  host = await startHost();
});

afterAll(async () => {
  await host?.close();
});

/** Waits until the runner has saved `n` results. */
async function recorded(page: Page, n: number): Promise<void> {
  await page.locator(`[data-testid="inspection"][data-recorded="${n}"]`).waitFor({ timeout: UI_WAIT });
}

/** Waits until the first photo in `scope` has been drawn (thumbnails load from short-lived URLs). */
async function photoShown(scope: Locator): Promise<void> {
  const img = scope.locator('img').first();
  await img.waitFor({ timeout: UI_WAIT });
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), { timeout: UI_WAIT }).toBe(true);
}

describe('issue 5 in chromium', () => {
  it('an inspection on a phone: one failed item with a photo becomes a hazard', { timeout: 240_000 }, async () => {
    const note = `后门通道堆放纸箱（${Date.now().toString(36)}）`;
    const staff = await signInAs(host, 'community_staff', PHONE);
    // Field work waits under "更多" on a phone.
    await openFromNav(staff, '/inspections');
    await staff.getByRole('heading', { name: '检查', exact: true }).waitFor();
    await staff.getByRole('link', { name: '＋ 开始检查' }).click();

    const form = staff.getByTestId('inspection-new');
    await form.getByLabel('搜索场所或小区').fill('便民超市');
    await form.getByRole('button', { name: new RegExp(PLACE) }).click();
    await expect(form.getByTestId('target-picked').textContent()).resolves.toContain(PLACE);
    // The checklist that fits a shop (九小场所) is suggested and chosen.
    await expect(
      form
        .getByLabel(/^检查表/)
        .locator('option:checked')
        .textContent(),
    ).resolves.toContain('九小场所');
    await screenshot(staff, 'inspection-new-phone');
    await form.getByRole('button', { name: '开始检查' }).click();
    const runner = staff.locator('[data-testid="inspection"][data-status="in_progress"]');
    await runner.waitFor({ timeout: UI_WAIT });
    const total = Number(await runner.getAttribute('data-total'));
    expect(total).toBeGreaterThan(3);

    // Item 1 fails: it needs a photo, so saving without one is refused in place.
    const item = staff.getByTestId('insp-item');
    const failedText = (await item.locator('.insp-text').textContent())!;
    await expect(item.textContent()).resolves.toContain('不合格时须拍摄现场照片');
    await item.getByRole('button', { name: '不合格', exact: true }).click();
    await item.getByRole('button', { name: '保存，下一项' }).click();
    await item.getByText('该检查项不合格时须附现场照片').first().waitFor();
    await item
      .getByTestId('photo-camera')
      .setInputFiles({ name: '后门通道.png', mimeType: 'image/png', buffer: makePng(320, 240, [200, 90, 40]) });
    await item.getByText('已上传').waitFor({ timeout: UI_WAIT });
    await item.getByLabel(/^现场情况/).fill(note);
    await screenshot(staff, 'inspection-item-fail-phone');
    await item.getByRole('button', { name: '保存，下一项' }).click();
    await recorded(staff, 1);

    // Items 2–3 pass one screen at a time…
    for (let n = 2; n <= 3; n++) {
      await staff.getByTestId('insp-item').getByRole('button', { name: '合格', exact: true }).click();
      await recorded(staff, n);
    }
    await screenshot(staff, 'inspection-item-phone', false, 'axe');
    // …the rest from the compact list.
    await staff.getByText('列表', { exact: true }).click();
    const list = staff.getByTestId('insp-list');
    await list.waitFor();
    await screenshot(staff, 'inspection-list-phone');
    for (let n = 4; n <= total; n++) {
      await list.locator('li[data-result=""]').first().getByRole('button', { name: '合格', exact: true }).click();
      await recorded(staff, n);
    }

    // Completing says what it will do: one hazard, for the one failed item.
    const complete = staff.getByTestId('insp-complete');
    await expect(complete.getByTestId('insp-will-create').textContent()).resolves.toContain('1 个不合格项');
    await screenshot(staff, 'inspection-complete-phone');
    await complete.getByRole('button', { name: '完成检查（生成 1 条隐患）' }).click();
    await staff.locator('[data-testid="inspection"][data-status="completed"]').waitFor({ timeout: UI_WAIT });
    const link = staff.getByTestId('insp-hazard-link');
    await expect.poll(() => link.textContent(), { timeout: UI_WAIT }).toMatch(/^YH-/);
    const number = (await link.textContent())!;
    await screenshot(staff, 'inspection-done-phone');

    // The hazard is in the loop: from the inspection, with the item's text, the note and the photo.
    await link.click();
    const hazard = staff.getByTestId('hazard-detail');
    await hazard.waitFor({ timeout: UI_WAIT });
    await expect(staff.locator('#page-title').textContent()).resolves.toContain(number);
    const facts = await hazard.locator('.facts').first().textContent();
    expect(facts).toContain(failedText);
    expect(facts).toContain(note);
    expect(facts).toContain('检查');
    expect(facts).toContain(PLACE);
    await photoShown(hazard.getByTestId('photos-report'));
    await screenshot(staff, 'inspection-hazard-phone');

    // The station sees the inspection on its desk list, with its one failed item.
    const station = await signInAs(host, 'station_staff', DESKTOP);
    await openFromNav(station, '/inspections');
    const row = station.getByTestId('inspection-row').filter({ hasText: PLACE }).first();
    await row.waitFor({ timeout: UI_WAIT });
    await expect(row.textContent()).resolves.toContain('已完成');
    await screenshot(station, 'inspections-desktop', false, 'axe');
    await row.getByRole('link', { name: PLACE }).click();
    await station.getByTestId('insp-outcome').waitFor();
    await screenshot(station, 'inspection-done-desktop');
  });

  it('a maintenance record with a PDF from the property company, accepted by the station', { timeout: 240_000 }, async () => {
    const token = Date.now().toString(36);
    const contractor = `示范消防设施维保有限公司（${token}）`;

    // ---- the property company lands on its home, which is in its bottom bar ----------------
    const company = await signInAs(host, 'property_manager', PHONE);
    await expect.poll(() => new URL(company.url()).pathname, { timeout: UI_WAIT }).toBe('/company');
    await expect(company.locator('nav a[href="/company"]').isVisible()).resolves.toBe(true);
    const home = company.getByTestId('company-home');
    await home.waitFor();
    await home.getByTestId('company-hazards').waitFor();
    await screenshot(company, 'company-home-phone', true, 'axe');

    // ---- it registers an extinguisher expiring in ten days: flagged ahead --------------------
    await home.getByTestId('company-compounds').getByRole('link', { name: COMPOUND }).click();
    await company.getByRole('heading', { name: `消防设施 · ${COMPOUND}` }).waitFor();
    await company.getByRole('button', { name: '＋ 登记设施' }).click();
    const dialog = company.getByRole('dialog');
    await dialog.locator('select[name="kind"]').selectOption('extinguisher');
    await dialog.getByLabel('具体位置').fill(`1号楼楼梯间（${token}）`);
    await dialog.getByLabel(/^数量/).fill('12');
    const soon = await company.evaluate(() => new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
    await dialog.getByLabel(/^有效期至/).fill(soon);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    const facility = company.locator('tr').filter({ hasText: token });
    await facility.waitFor({ timeout: UI_WAIT });
    await expect(facility.textContent()).resolves.toContain('即将到期');
    await screenshot(company, 'facilities-phone', true, 'axe');

    // ---- …and uploads a hydrant record with photos and the contractor's PDF ------------------
    await company.locator('nav a[href="/company"]').click();
    await home.waitFor();
    await home.getByRole('button', { name: '＋ 上传维保记录' }).click();
    const form = company.getByTestId('maintenance-form');
    await form.locator('select[name="orgUnitId"]').selectOption({ label: `${COMPOUND}（小区）` });
    await expect(form.locator('select[name="kind"]').inputValue()).resolves.toBe('hydrant');
    // The hydrant checks are suggested, all OK: the conclusion is normal.
    await expect(form.getByTestId('maintenance-checks').locator('li').count()).resolves.toBe(3);
    await expect(form.getByTestId('maintenance-result').getAttribute('data-result')).resolves.toBe('normal');
    await form.getByLabel('读数或说明').first().fill('0.25MPa');
    await form.getByLabel(/^维保单位/).fill(contractor);
    await form
      .getByTestId('photo-camera')
      .setInputFiles({ name: '消火栓.png', mimeType: 'image/png', buffer: makePng(320, 240, [40, 120, 200]) });
    await form.getByTestId('document-input').setInputFiles({ name: '维保报告.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await expect.poll(() => form.getByText('已上传').count(), { timeout: UI_WAIT }).toBe(2);
    await screenshot(company, 'maintenance-form-phone', true, 'axe');
    await form.getByRole('button', { name: '提交记录' }).click();
    const record = company.locator('[data-testid="maintenance-detail"][data-state="submitted"]');
    await record.waitFor({ timeout: UI_WAIT });
    const recordUrl = new URL(company.url()).pathname;
    await record.getByTestId('maintenance-evidence').getByText('维保报告.pdf').waitFor({ timeout: UI_WAIT });
    // A company never reviews its own record.
    await expect(record.locator('.action-bar').count()).resolves.toBe(0);
    await screenshot(company, 'maintenance-submitted-phone');

    // ---- the street's station accepts it from its review queue (desktop) -----------------------
    const station = await signInAs(host, 'station_staff', DESKTOP);
    await openFromNav(station, '/maintenance');
    await station.getByRole('heading', { name: '维保记录审核' }).waitFor();
    await expect.poll(() => new URL(station.url()).search).toBe('?toReview=true');
    const row = station.getByTestId('maintenance-row').filter({ hasText: token });
    await row.waitFor({ timeout: UI_WAIT });
    await screenshot(station, 'maintenance-queue-desktop', false, 'axe');
    await row.getByRole('link', { name: new RegExp(COMPOUND) }).click();
    const review = station.locator('[data-testid="maintenance-detail"][data-state="submitted"]');
    await review.waitFor({ timeout: UI_WAIT });
    expect(new URL(station.url()).pathname).toBe(recordUrl);
    // A "normal" hydrant record where a hydrant hazard is still open is flagged, loudly.
    if (await review.getByTestId('maintenance-conflict').count()) {
      await expect(review.getByTestId('maintenance-conflict').textContent()).resolves.toContain('记录与现场情况冲突');
    }
    await photoShown(review.getByTestId('maintenance-evidence'));
    await screenshot(station, 'maintenance-review-desktop');
    await review.locator('.action-bar').getByRole('button', { name: '审核通过' }).click();
    const accept = station.getByRole('dialog');
    await accept.getByLabel(/^说明/).fill('报告齐全，压力读数正常');
    await accept.getByRole('button', { name: '审核通过' }).click();
    await station.locator('[data-testid="maintenance-detail"][data-state="accepted"]').waitFor({ timeout: UI_WAIT });
    await expect(station.getByTestId('maintenance-state').textContent()).resolves.toContain('已通过');
    await station.getByRole('button', { name: '校验记录' }).click();
    await expect.poll(() => station.getByTestId('chain-verdict').textContent(), { timeout: UI_WAIT }).toContain('记录完整：2 条处置记录');
    await screenshot(station, 'maintenance-accepted-desktop');

    // Out of the queue; the company's home lists it as accepted.
    await station.getByRole('link', { name: '维保记录审核' }).click();
    await station.getByRole('heading', { name: '维保记录审核' }).waitFor();
    await expect.poll(() => station.getByTestId('maintenance-row').filter({ hasText: token }).count(), { timeout: UI_WAIT }).toBe(0);
    // Every record, filtered, is an address of its own: a reload shows the same list.
    await station.getByRole('tab', { name: '全部记录' }).click();
    await station.locator('select[name="state"]').selectOption('accepted');
    await expect.poll(() => new URL(station.url()).search, { timeout: UI_WAIT }).toBe('?toReview=all&state=accepted');
    await station.getByTestId('maintenance-row').filter({ hasText: token }).waitFor({ timeout: UI_WAIT });
    await station.reload();
    await station.getByTestId('maintenance-row').filter({ hasText: token }).waitFor({ timeout: UI_WAIT });
    await expect(station.locator('select[name="state"]').inputValue()).resolves.toBe('accepted');
    await expect(station.getByRole('tab', { name: '全部记录' }).getAttribute('aria-selected')).resolves.toBe('true');
    const desk = await signInAs(host, 'property_manager', DESKTOP);
    await openFromNav(desk, '/company');
    const recent = desk.getByTestId('company-records');
    await recent
      .getByRole('link', { name: new RegExp(COMPOUND) })
      .first()
      .waitFor({ timeout: UI_WAIT });
    await expect(recent.textContent()).resolves.toContain('已通过');
    await screenshot(desk, 'company-home-desktop');
  });

  it('a patrol check-in in a few taps, and the month’s coverage', { timeout: 120_000 }, async () => {
    const note = `门口堆放货物，已当场提醒（${Date.now().toString(36)}）`;
    const grid = await signInAs(host, 'grid_member', PHONE);
    await openFromNav(grid, '/patrol');
    const form = grid.getByTestId('patrol-form');
    await form.getByLabel('搜索场所或小区').fill('便民超市');
    await form.getByRole('button', { name: new RegExp(PLACE) }).click();
    await form.getByText('发现问题', { exact: true }).click();
    await form.getByLabel(/^说明/).fill(note);
    await form
      .getByTestId('photo-camera')
      .setInputFiles({ name: '门口.png', mimeType: 'image/png', buffer: makePng(320, 240, [180, 140, 40]) });
    await form.getByText('已上传').waitFor({ timeout: UI_WAIT });
    await form.getByRole('button', { name: '打卡' }).click();
    const row = grid.getByTestId('patrol-row').filter({ hasText: note });
    await row.waitFor({ timeout: UI_WAIT });
    await expect(row.textContent()).resolves.toContain('发现问题');
    // The next check-in offers it first, among the recent ones.
    await expect(form.getByRole('list', { name: '最近去过' }).textContent()).resolves.toContain(PLACE);
    await screenshot(grid, 'patrol-phone', true, 'axe');

    const station = await signInAs(host, 'station_staff', DESKTOP);
    await openFromNav(station, '/coverage');
    const coverage = station.getByTestId('coverage');
    await coverage.getByTestId('coverage-row').first().waitFor({ timeout: UI_WAIT });
    const community = coverage.locator('[data-testid="coverage-row"][data-unit="东湖社区"]');
    // The check-in counts: the shop's community has been visited this month.
    expect(Number(await community.getAttribute('data-visited'))).toBeGreaterThan(0);
    // The gaps of the least covered unit (the demo's patrols may leave none).
    const gaps = coverage.getByTestId('coverage-row').getByRole('button', { name: /^查看/ });
    if (await gaps.count()) {
      await gaps.first().click();
      await coverage.getByTestId('coverage-gaps').waitFor();
    }
    await screenshot(station, 'coverage-desktop', true, 'axe');
    const phone = await signInAs(host, 'station_staff', PHONE);
    await openFromNav(phone, '/coverage');
    await phone.getByTestId('coverage-row').first().waitFor({ timeout: UI_WAIT });
    await screenshot(phone, 'coverage-phone');
  });
});
