// A citizen takes part: comments on a draft open for comment (the office
// approves it, then everyone reads it) and asks a question (routed to a
// unit, answered, approved, then found by a word without diacritics); the
// organisation page in Vietnamese and English. axe-core on every page.
//
// Needs the accounts that scripts/e2e creates (quantri, bientap, tpqlkh).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, TIMEOUT, url, launch, axeClean } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function visitor() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', bypassCSP: true });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

async function signedIn(username) {
  const page = await visitor();
  await page.goto(url('/quan-tri/dang-nhap'));
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/quan-tri$/), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  return page;
}

const stamp = Date.now().toString(36);

test('a citizen comments on an open draft; once approved, everyone reads it', { timeout: TIMEOUT }, async () => {
  const page = await visitor();
  await page.goto(url('/'));
  await Promise.all([page.waitForURL(/\/du-thao$/), page.getByRole('link', { name: 'Lấy ý kiến dự thảo', exact: true }).click()]);
  await axeClean(page);
  await Promise.all([page.waitForURL(/\/du-thao\/\d+$/), page.locator('#dt-open ~ ul a, section[aria-labelledby="dt-open"] a').first().click()]);
  const draft = page.url();
  const text = `Đề nghị công bố danh sách hội đồng trên cổng (${stamp}).`;
  await page.getByLabel('Họ và tên').fill('Lê Văn Kiểm');
  await page.getByLabel('Thư điện tử').fill('kiem@example.vn');
  await page.getByLabel('Nội dung góp ý').fill(text);
  await Promise.all([page.waitForURL(/da-gui=1/), page.getByRole('button', { name: 'Gửi ý kiến' }).click()]);
  assert.match(await page.getByRole('status').innerText(), /sau khi được kiểm duyệt/);
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(stamp), 'not shown before moderation');
  await axeClean(page);

  const editor = await signedIn('bientap');
  await editor.goto(url('/quan-tri/gop-y'));
  const row = editor.locator('tbody tr', { hasText: stamp });
  await Promise.all([editor.waitForURL(/tb=da-luu/), row.getByRole('button', { name: 'Đăng', exact: true }).click()]);
  await axeClean(editor);
  await editor.context().close();

  await page.goto(draft);
  const comments = await page.locator('.comment-list').innerText();
  assert.match(comments, new RegExp(`Lê Văn Kiểm[\\s\\S]*${stamp}`));
  assert.doesNotMatch(comments, /kiem@example\.vn/);
  await page.context().close();
});

test('a citizen asks a question and finds it answered', { timeout: TIMEOUT }, async () => {
  const page = await visitor();
  await page.goto(url('/hoi-dap'));
  await axeClean(page);
  await Promise.all([page.waitForURL(/gui-cau-hoi$/), page.getByRole('link', { name: 'Gửi câu hỏi' }).first().click()]);
  const title = `Kiểm định đồng hồ điện tại nhà (${stamp})`;
  await page.getByLabel('Họ và tên').fill('Phạm Thị Đào');
  await page.getByLabel('Thư điện tử').fill('dao@example.vn');
  await page.getByLabel('Lĩnh vực').selectOption('do_luong');
  await page.getByLabel('Tiêu đề câu hỏi').fill(title);
  await page.getByLabel('Nội dung câu hỏi').fill('Công tơ điện nhà tôi quay nhanh bất thường. Tôi đề nghị kiểm định ở đâu?');
  await Promise.all([page.waitForURL(/da-gui=1/), page.getByRole('button', { name: 'Gửi câu hỏi' }).click()]);
  assert.match(await page.getByRole('status').innerText(), /Câu hỏi đã được gửi/);
  await axeClean(page);

  // the office routes it to a unit, the unit answers, an editor approves
  const admin = await signedIn('quantri');
  await admin.goto(url('/quan-tri/hoi-dap?tt=moi'));
  await Promise.all([admin.waitForURL(/hoi-dap\/\d+$/), admin.getByRole('link', { name: title }).click()]);
  const staffPath = new URL(admin.url()).pathname;
  await admin.getByLabel('Chuyển đến đơn vị trả lời').selectOption({ label: 'Phòng Quản lý khoa học' });
  await Promise.all([admin.waitForURL(/tb=da-luu/), admin.getByRole('button', { name: 'Chuyển', exact: true }).click()]);
  await axeClean(admin);
  await admin.context().close();

  const head = await signedIn('tpqlkh');
  await head.goto(url(staffPath));
  await head.getByLabel('Câu trả lời của đơn vị').fill('Đề nghị liên hệ Chi cục Tiêu chuẩn Đo lường Chất lượng để được kiểm định công tơ điện theo yêu cầu.');
  await Promise.all([head.waitForURL(/tb=da-luu/), head.getByRole('button', { name: 'Gửi trả lời để duyệt' }).click()]);
  assert.match(await head.locator('main').innerText(), /Chờ duyệt câu trả lời/);
  await axeClean(head);
  await head.context().close();

  const editor = await signedIn('bientap');
  await editor.goto(url(staffPath));
  await Promise.all([editor.waitForURL(/tb=da-luu/), editor.getByRole('button', { name: 'Duyệt và đăng' }).click()]);
  await editor.context().close();

  await page.goto(url('/hoi-dap'));
  await page.getByLabel('Tìm (không cần dấu)').fill(`cong to dien ${stamp}`);
  await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Lọc' }).click()]);
  await Promise.all([page.waitForURL(/hoi-dap\/\d+$/), page.getByRole('link', { name: title }).click()]);
  const answer = await page.locator('main').innerText();
  assert.match(answer, /kiểm định công tơ điện theo yêu cầu/);
  assert.match(answer, /P\. T\. Đào/);
  assert.doesNotMatch(answer, /dao@example\.vn/);
  await axeClean(page);
  await page.context().close();
});

test('the organisation reads in Vietnamese and in English, one click apart', { timeout: TIMEOUT }, async () => {
  const page = await visitor();
  await page.goto(url('/'));
  await Promise.all([page.waitForURL(/gioi-thieu$/), page.getByRole('link', { name: 'Giới thiệu', exact: true }).click()]);
  assert.match(await page.locator('#co-cau ~ ul, .org-chart').first().innerText(), /Chi cục Tiêu chuẩn Đo lường Chất lượng/);
  await axeClean(page);
  await Promise.all([page.waitForURL(/\/en\/about$/), page.locator('.lang-switch a').click()]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('main').innerText(), /Organisation chart[\s\S]*Sub-department of Standards, Metrology and Quality/);
  await axeClean(page);
  await Promise.all([page.waitForURL(/gioi-thieu$/), page.locator('.lang-switch a').click()]);
  await page.context().close();
});
