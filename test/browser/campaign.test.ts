import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type Host, makePng, PHONE, screenshot, signInAs, startHost, TINY_PDF, UI_WAIT } from './host.ts';

/**
 * Task tracking (任务督办) as people meet it, in chromium against `npm start`'s host: the committee
 * starts a campaign from the Erqi template and fans a task out to every street (a checklist item
 * and a photo required); the 示范东湖街道 station opens it from 我的待办 on a phone, ticks it,
 * takes the photo and submits; the committee accepts it, and the campaign dashboard counts the
 * street's task as done; the weekly bulletin prints and downloads as XLSX. Screenshots go to
 * test-results/.
 */
const STREET = '示范东湖街道';
const CHECK_ITEM = '检查辖区楼院消防通道是否畅通';

let host: Host;

beforeAll(async () => {
  host = await startHost();
});

afterAll(async () => {
  await host?.close();
});

async function taskIn(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="task-detail"][data-state="${state}"]`).waitFor({ timeout: UI_WAIT });
}

/** The dashboard's row of a unit, once it counts `done` of `total`. */
async function unitRow(page: Page, unit: string, done: number, total: number) {
  const row = page.locator(`[data-testid="unit-row"][data-unit="${unit}"]`);
  await expect
    .poll(async () => ((await row.count()) ? `${await row.getAttribute('data-done')}/${await row.getAttribute('data-total')}` : 'none'), {
      timeout: UI_WAIT,
    })
    .toBe(`${done}/${total}`);
  return row;
}

/** From the phone's bottom bar or the desktop's side bar; "更多" opens the rest on a phone. */
async function go(page: Page, path: string): Promise<void> {
  const link = page.locator(`nav a[href="${path}"]`).first();
  if (!(await link.isVisible())) await page.getByRole('button', { name: '更多' }).click();
  await link.click();
}

describe('a campaign task in chromium', () => {
  it('campaign from the Erqi template → task to every street → the station submits with a photo → accepted → dashboard', {
    timeout: 240_000,
  }, async () => {
    const token = `C${Date.now().toString(36)}`;
    const campaignName = `村(社区)消防安全专项整治（${token}）`;
    const title = `楼院消防通道专项检查（${token}）`;

    // ---- 1. the committee starts a campaign from the Erqi template (desktop) --------------------
    const admin = await signInAs(host, 'committee_admin', DESKTOP, { acceptDownloads: true });
    await go(admin, '/campaigns');
    await admin.getByRole('heading', { name: '专项行动', exact: true }).waitFor();
    await admin.getByRole('button', { name: '从模板新建专项行动' }).click();
    const form = admin.getByTestId('campaign-form');
    await form.getByLabel('模板').selectOption('erqi-community');
    await form.getByLabel('名称（选填）').fill(campaignName);
    const preview = form.getByTestId('phase-preview');
    await preview.waitFor();
    await expect(preview.textContent()).resolves.toContain('工作部署');
    await expect(preview.textContent()).resolves.toContain('集中排查整治');
    await screenshot(admin, 'campaign-create-desktop', false);
    await form.getByRole('button', { name: '创建', exact: true }).click();
    await admin.getByTestId('campaign-detail').waitFor({ timeout: UI_WAIT });
    await expect(admin.locator('#page-title').textContent()).resolves.toBe(campaignName);
    // The first phase runs from today: it is the current one.
    await expect(admin.locator('[data-testid="phase"][aria-current="step"]').textContent()).resolves.toContain('工作部署');
    await admin.getByTestId('campaign-dashboard').waitFor({ timeout: UI_WAIT });
    const campaignUrl = new URL(admin.url()).pathname;

    // ---- 2. …and fans a task out to every street: tick one item, attach a photo ----------------
    await admin.locator('.action-bar').getByRole('button', { name: '交办任务' }).click();
    const assign = admin.getByTestId('assign-form');
    await assign.waitFor();
    await expect(
      assign
        .getByLabel(/^专项行动/)
        .locator('option:checked')
        .textContent(),
    ).resolves.toBe(campaignName);
    await expect(assign.getByLabel('阶段').locator('option:checked').textContent()).resolves.toContain('工作部署');
    await assign.getByLabel(/^任务名称/).fill(title);
    await assign.getByLabel(/^任务说明/).fill('逐一检查辖区楼院消防通道，清理占用，拍照留存。');
    await assign.getByRole('button', { name: '添加检查项' }).click();
    await assign.getByRole('textbox', { name: '检查项 1' }).fill(CHECK_ITEM);
    await assign.getByLabel('照片', { exact: true }).check();
    await expect(assign.getByLabel('交给').inputValue()).resolves.toBe('streets');
    await screenshot(admin, 'task-assign-desktop');
    await assign.getByRole('button', { name: '交办', exact: true }).click();
    await assign.waitFor({ state: 'detached' });
    await admin.getByText('已交办给 3 个单位').waitFor();
    await unitRow(admin, STREET, 0, 1);

    // ---- 3. the street's station opens it from 我的待办 on a phone, ticks, photographs, submits ----
    const station = await signInAs(host, 'station_staff', PHONE, { acceptDownloads: true });
    await station.getByRole('heading', { name: '我的待办' }).waitFor();
    await station.getByRole('tab', { name: '任务待办' }).click();
    const row = station.getByTestId('task-row').filter({ hasText: token });
    await row.waitFor({ timeout: UI_WAIT });
    await expect(row.textContent()).resolves.toContain('待办理');
    await screenshot(station, 'task-my-work-phone', false, 'axe');
    await row.getByRole('link', { name: title }).click();
    await taskIn(station, 'assigned');
    await expect(station.getByTestId('task-assignee').textContent()).resolves.toContain(STREET);
    // Not met yet: the submit names what is missing.
    await expect(station.getByTestId('task-missing').textContent()).resolves.toContain(CHECK_ITEM);
    await station.getByLabel(CHECK_ITEM).check();
    const work = station.getByTestId('task-work');
    const camera = work.getByTestId('photo-camera');
    await expect(camera.getAttribute('capture')).resolves.toBe('environment');
    await camera.setInputFiles({ name: '消防通道.png', mimeType: 'image/png', buffer: makePng(320, 240, [40, 120, 200]) });
    await work.getByText('已上传').waitFor({ timeout: UI_WAIT });
    await expect(station.getByTestId('task-missing').count()).resolves.toBe(0);
    // The minutes of the street's meeting go along as a PDF.
    await work.getByTestId('document-input').setInputFiles({ name: '检查记录.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await expect.poll(() => work.getByText('已上传').count(), { timeout: UI_WAIT }).toBe(2);
    await screenshot(station, 'task-work-phone');
    await work.getByRole('button', { name: '提交验收' }).click();
    await taskIn(station, 'submitted');
    await expect(station.getByTestId('task-state').textContent()).resolves.toContain('待验收');
    // The assignee cannot accept its own task.
    await expect(station.locator('.action-bar').getByRole('button', { name: '验收通过' }).count()).resolves.toBe(0);
    await station.getByTestId('task-evidence').locator('img').waitFor();
    // The PDF's name shows once its link has loaded: wait for it rather than count at once.
    await expect.poll(() => station.getByTestId('task-evidence').getByText('检查记录.pdf').count(), { timeout: UI_WAIT }).toBe(1);

    // ---- 4. the committee accepts it from 我的待办 (待验收任务) ------------------------------------
    await go(admin, '/my-work');
    await admin.getByRole('tab', { name: '待验收任务' }).click();
    const toReview = admin.getByTestId('task-row').filter({ hasText: token });
    await toReview.filter({ hasText: STREET }).waitFor({ timeout: UI_WAIT });
    await toReview.getByRole('link', { name: title }).click();
    await taskIn(admin, 'submitted');
    await admin.locator('.action-bar').getByRole('button', { name: '验收通过' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel(/^说明/).fill('现场抽查，通道畅通');
    await dialog.getByRole('button', { name: '验收通过' }).click();
    await taskIn(admin, 'done');
    await admin.getByRole('button', { name: '校验记录' }).click();
    await expect.poll(() => admin.getByTestId('chain-verdict').textContent(), { timeout: UI_WAIT }).toContain('记录完整：3 条处置记录');
    await screenshot(admin, 'task-done-desktop');

    // ---- 5. the campaign dashboard counts the street's task as done --------------------------------
    await admin.getByRole('link', { name: campaignName }).click();
    await admin.getByTestId('campaign-detail').waitFor();
    const street = await unitRow(admin, STREET, 1, 1);
    await expect(street.textContent()).resolves.toContain('完成 1/1');
    await unitRow(admin, '示范西山街道', 0, 1);
    await screenshot(admin, 'campaign-dashboard-desktop', true, 'axe');
    // Drill down: the board shows that street's task of this campaign.
    await street.getByRole('link', { name: STREET }).click();
    await admin.getByRole('heading', { name: '任务看板' }).waitFor();
    await expect.poll(() => admin.getByTestId('task-row').count(), { timeout: UI_WAIT }).toBe(1);
    await expect(admin.getByTestId('task-row').textContent()).resolves.toContain('已完成');
    await screenshot(admin, 'task-board-desktop', false, 'axe');

    // The same campaign page on a phone.
    const phone = await signInAs(host, 'committee_admin', PHONE, { acceptDownloads: true });
    await phone.goto(`${host.base}${campaignUrl}`);
    await phone.getByTestId('campaign-detail').waitFor({ timeout: UI_WAIT });
    await unitRow(phone, STREET, 1, 1);
    await screenshot(phone, 'campaign-dashboard-phone');

    // ---- 6. the weekly bulletin: printable, and downloadable as XLSX with the bearer token ---------
    await admin.goto(`${host.base}${campaignUrl}`);
    await admin.getByRole('link', { name: '工作简报' }).click();
    await admin.getByTestId('bulletin').waitFor();
    await admin.locator('[data-testid="bulletin-unit"]').first().waitFor({ timeout: UI_WAIT });
    await expect(admin.locator(`[data-testid="bulletin-unit"][data-unit="${STREET}"]`).textContent()).resolves.toContain('1/1');
    await admin.emulateMedia({ media: 'print' });
    await expect(admin.locator('.nav').isVisible()).resolves.toBe(false);
    await screenshot(admin, 'campaign-bulletin-print');
    await admin.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('bulletin-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, as every XLSX is
  });

  it('a daily duty for the communities of a street: created by the committee, shown as a month calendar', {
    timeout: 120_000,
  }, async () => {
    const token = `D${Date.now().toString(36)}`;
    const name = `重点区域每日巡查（${token}）`;
    const admin = await signInAs(host, 'committee_admin', DESKTOP, { acceptDownloads: true });
    await go(admin, '/duties');
    await admin.getByRole('heading', { name: '常态化工作', exact: true }).waitFor();
    await admin.getByRole('button', { name: '新建常态化工作' }).click();
    const form = admin.getByTestId('duty-form');
    await form.getByLabel(/^名称/).fill(name);
    await form.getByText('每日', { exact: true }).click();
    await form.getByRole('button', { name: '添加检查项' }).click();
    await form.getByRole('textbox', { name: '检查项 1' }).fill('完成重点区域巡查');
    await form.getByLabel('照片', { exact: true }).check();
    await form.getByLabel('交给').selectOption('communities');
    await form.getByLabel('所属街道/镇').selectOption({ label: STREET });
    await screenshot(admin, 'duty-create-desktop', false);
    await form.getByRole('button', { name: '创建', exact: true }).click();
    await admin.getByTestId('duty-detail').waitFor({ timeout: UI_WAIT });
    await expect(admin.locator('#page-title').textContent()).resolves.toBe(name);
    // Today's period was generated at once: one task for each of the street's two communities.
    const calendar = admin.getByTestId('duty-calendar');
    const today = calendar.locator('.cal-today');
    await expect(today.textContent()).resolves.toContain('0/2');
    await today.click();
    await expect.poll(() => admin.getByTestId('task-row').count(), { timeout: UI_WAIT }).toBe(2);
    await screenshot(admin, 'duty-calendar-desktop', true, 'axe');

    // The community's staff see it among their tasks.
    const community = await signInAs(host, 'community_staff', PHONE, { acceptDownloads: true });
    await community.getByRole('tab', { name: '任务待办' }).click();
    await community.getByTestId('task-row').filter({ hasText: token }).waitFor({ timeout: UI_WAIT });
    await screenshot(community, 'duty-my-work-phone', false);

    const phone = await signInAs(host, 'committee_admin', PHONE, { acceptDownloads: true });
    await phone.goto(new URL(admin.url()).href);
    await phone.getByTestId('duty-calendar').waitFor({ timeout: UI_WAIT });
    await screenshot(phone, 'duty-calendar-phone');
  });

  it('the task board opens on what is still to do, soonest deadline first', async () => {
    const admin = await signInAs(host, 'committee_admin', DESKTOP);
    await admin.goto(`${host.base}/task-board`);
    await admin.getByRole('heading', { name: '任务看板' }).waitFor({ timeout: UI_WAIT });
    await expect.poll(() => new URL(admin.url()).searchParams.get('open'), { timeout: UI_WAIT }).toBe('true');
    await expect(admin.locator('select[name="state"]').inputValue()).resolves.toBe('open');
    const rows = admin.getByTestId('task-row');
    await expect.poll(() => rows.count(), { timeout: UI_WAIT }).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).not.toMatch(/已完成|已撤销|待验收/);
    // "All" is an address of its own (open=all), so it survives a reload and can be sent.
    await admin.locator('select[name="state"]').selectOption('');
    await expect.poll(() => new URL(admin.url()).searchParams.get('open'), { timeout: UI_WAIT }).toBe('all');
    await expect.poll(() => rows.allTextContents(), { timeout: UI_WAIT }).toContainEqual(expect.stringMatching(/已完成/));
    await admin.reload();
    await admin.getByRole('heading', { name: '任务看板' }).waitFor({ timeout: UI_WAIT });
    await expect.poll(() => admin.locator('select[name="state"]').inputValue(), { timeout: UI_WAIT }).toBe('');
    expect(new URL(admin.url()).searchParams.get('open')).toBe('all');
  });

  it('the duties and campaigns lists keep their filters in the address; "all" is an address of its own', async () => {
    const admin = await signInAs(host, 'committee_admin', DESKTOP);
    await go(admin, '/duties');
    await admin.getByRole('heading', { name: '常态化工作', exact: true }).waitFor();
    await expect.poll(() => new URL(admin.url()).search, { timeout: UI_WAIT }).toBe('?active=true');
    await admin.locator('select[name="active"]').selectOption('');
    await admin.locator('select[name="frequency"]').selectOption('daily');
    await expect.poll(() => new URL(admin.url()).search, { timeout: UI_WAIT }).toBe('?active=all&frequency=daily');
    await admin.reload();
    await admin.getByRole('heading', { name: '常态化工作', exact: true }).waitFor({ timeout: UI_WAIT });
    await expect.poll(() => admin.locator('select[name="frequency"]').inputValue(), { timeout: UI_WAIT }).toBe('daily');
    await expect(admin.locator('select[name="active"]').inputValue()).resolves.toBe('');
    await admin.getByTestId('duty-row').first().waitFor({ timeout: UI_WAIT });
    for (const text of await admin.getByTestId('duty-row').allTextContents()) expect(text).toContain('每日');

    await go(admin, '/campaigns');
    await admin.getByRole('heading', { name: '专项行动', exact: true }).waitFor();
    await expect.poll(() => new URL(admin.url()).search, { timeout: UI_WAIT }).toBe('?status=active');
    await admin.locator('select[name="status"]').selectOption('');
    await expect.poll(() => new URL(admin.url()).search, { timeout: UI_WAIT }).toBe('?status=all');
    await admin.reload();
    await admin.getByRole('heading', { name: '专项行动', exact: true }).waitFor({ timeout: UI_WAIT });
    await expect.poll(() => admin.locator('select[name="status"]').inputValue(), { timeout: UI_WAIT }).toBe('');
    // Back from another page returns to the same filtered list.
    await admin.goBack();
    await expect.poll(() => new URL(admin.url()).pathname, { timeout: UI_WAIT }).toBe('/duties');
    await expect.poll(() => admin.locator('select[name="frequency"]').inputValue(), { timeout: UI_WAIT }).toBe('daily');
  });

  it('a list says how many match; a task opens from its own address; the old address of my work still arrives', async () => {
    const admin = await signInAs(host, 'committee_admin', DESKTOP);
    await admin.goto(`${host.base}/task-board?open=all`);
    const count = admin.getByTestId('list-count');
    await count.waitFor({ timeout: UI_WAIT });
    const total = Number(/共 (\d+) 条/.exec((await count.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(0);
    // Every page loaded, the rows are exactly the total the first page announced.
    const more = admin.getByRole('button', { name: '加载更多' });
    await more.waitFor({ timeout: UI_WAIT });
    const firstPage = await admin.getByTestId('task-row').count();
    await more.click();
    // The address keeps where "load more" went: opened elsewhere, the list starts there, with a
    // way back to its start.
    await expect.poll(() => new URL(admin.url()).searchParams.get('cursor'), { timeout: UI_WAIT }).toBeTruthy();
    const middle = await admin.context().newPage();
    await middle.goto(admin.url());
    await middle.getByRole('button', { name: '从头显示' }).waitFor({ timeout: UI_WAIT });
    await expect.poll(() => middle.getByTestId('task-row').count(), { timeout: UI_WAIT }).toBeGreaterThan(0);
    const rest = await middle.getByTestId('task-row').count();
    expect(rest).toBeLessThanOrEqual(total - firstPage);
    await middle.getByRole('button', { name: '从头显示' }).click();
    await expect.poll(() => middle.getByTestId('list-count').textContent(), { timeout: UI_WAIT }).toBe(`共 ${total} 条`);
    expect(new URL(middle.url()).searchParams.get('cursor')).toBeNull();
    expect(new URL(middle.url()).searchParams.get('open')).toBe('all');
    await middle.close();
    while (await more.isVisible()) {
      const before = await admin.getByTestId('task-row').count();
      await more.click();
      await expect.poll(() => admin.getByTestId('task-row').count(), { timeout: UI_WAIT }).toBeGreaterThan(before);
    }
    await expect.poll(() => admin.getByTestId('task-row').count(), { timeout: UI_WAIT }).toBe(total);

    // A task's link is a real address: opened in a page of its own, it shows that task.
    const link = admin.getByTestId('task-row').first().locator('a[href^="/tasks/"]').first();
    const href = await link.getAttribute('href');
    const title = (await link.textContent())?.trim() ?? '';
    const other = await admin.context().newPage();
    await other.goto(`${host.base}${href}`);
    await other.getByRole('heading', { name: title }).waitFor({ timeout: UI_WAIT });
    expect(new URL(other.url()).pathname).toBe(href);

    // "My work" moved from /tasks (a name 任务督办 needs) to /my-work: a bookmark of the old one arrives.
    await other.goto(`${host.base}/tasks`);
    await expect.poll(() => new URL(other.url()).pathname, { timeout: UI_WAIT }).toBe('/my-work');
    await expect(other.locator('nav a[href="/my-work"][aria-current="page"]').count()).resolves.toBe(1);
  });
});
