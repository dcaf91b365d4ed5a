// Each staff role through its daily work, a citizen on a phone through the
// portal, and the top menu on a common laptop; axe-core on every page opened.
//
// Needs the accounts that scripts/e2e creates (bientap, duyetbai, lanhdao, tpqlkh).

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

async function signedIn(username) {
  // axe is injected as a script tag, which the pages' CSP would refuse
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', bypassCSP: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${page.url()}: ${err.message}`));
  await page.goto(url('/quan-tri/dang-nhap'));
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/quan-tri$/), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  return page;
}

// every staff link the page offers opens (no 403 behind a link)
async function offeredLinksOpen(page) {
  const links = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of [...new Set(links)].filter((h) => h && h.startsWith('/quan-tri/') && !h.includes('/tai/'))) {
    const r = await page.request.get(url(href));
    assert.notEqual(r.status(), 403, `${href} is offered on ${page.url()} but refused`);
  }
}

test('a leader reads the figures and the report, and is offered nothing a leader may not do', { timeout: TIMEOUT }, async () => {
  const leader = await signedIn('lanhdao');
  await offeredLinksOpen(leader);
  await axeClean(leader);
  await leader.goto(url('/quan-tri/lanh-dao'));
  const text = await leader.locator('main').innerText();
  assert.doesNotMatch(text, /Ghi kết quả kiểm định|Tiếp nhận hồ sơ/, 'no recording actions for a leader');
  await offeredLinksOpen(leader);
  await axeClean(leader);
  await leader.goto(url('/quan-tri/bao-cao?tu=01/01/2020&den=30/09/2020'));
  await leader.getByRole('heading', { level: 1 }).waitFor();
  assert.match(await leader.locator('main').innerText(), /9 tháng/);
  await axeClean(leader);
  await leader.context().close();
});

test('a unit head opens a task, sees the correction of a step, and every link offered opens', { timeout: TIMEOUT }, async () => {
  const head = await signedIn('tpqlkh');
  await head.goto(url('/quan-tri/nhiem-vu'));
  await offeredLinksOpen(head);
  await axeClean(head);
  await head.getByLabel('Từ khóa').fill('le xanh');
  await Promise.all([head.waitForURL(/q=/), head.getByRole('button', { name: 'Lọc' }).click()]);
  await Promise.all([head.waitForURL(/nhiem-vu\/\d+$/), head.locator('main tbody a').first().click()]);
  // the unit head may withdraw the latest step recorded by mistake, with a reason
  await head.getByText('Rút bước ghi nhầm gần nhất').click();
  await head.getByLabel('Lý do (ghi vào nhật ký thay đổi)').waitFor();
  // the council form finds people by typing part of a name, and marks experts
  assert.ok(await head.getByLabel('Chuyên gia khoa học, công nghệ trong lĩnh vực của nhiệm vụ').first().isVisible());
  await axeClean(head);
  await head.context().close();
});

test('a reviewer finds what waits for review and reads it without an editable form', { timeout: TIMEOUT }, async () => {
  const editor = await signedIn('bientap');
  const title = `Hướng dẫn kê khai thiết bị X-quang ${Date.now()}`;
  await editor.goto(url('/quan-tri/bai-viet/moi'));
  await editor.getByLabel('Tiêu đề (bắt buộc)').fill(title);
  await editor.locator('.ql-editor').click();
  await editor.keyboard.type('Cơ sở y tế khai báo thiết bị trong 07 ngày làm việc.');
  // a picture from the library, chosen in the picker, with its description and caption
  await editor.getByRole('button', { name: 'Ảnh có chú thích' }).click();
  const picker = editor.getByRole('dialog', { name: 'Chèn ảnh từ thư viện' });
  await picker.getByLabel('Tìm ảnh theo tên hoặc mô tả').fill('buc xa');
  await picker.getByRole('button', { name: 'Tìm', exact: true }).click();
  await picker.locator('.ip-item').first().click();
  assert.match(await picker.getByLabel('Mô tả ảnh cho người khiếm thị (bắt buộc)').inputValue(), /an toàn bức xạ/);
  await picker.getByLabel('Chú thích hiển thị dưới ảnh').fill('Ảnh minh họa về an toàn bức xạ');
  await axeClean(editor);
  await picker.getByRole('button', { name: 'Chèn ảnh' }).click();
  assert.equal(await editor.locator('.ql-editor figure img[src^="/tep/anh/"]').count(), 1);
  await editor.getByLabel('Chuyên mục chính (bắt buộc)').selectOption({ label: '— Tiêu chuẩn – Đo lường – Chất lượng' });
  await Promise.all([editor.waitForURL(/tb=da-tao/), editor.getByRole('button', { name: 'Lưu', exact: true }).click()]);
  await Promise.all([editor.waitForURL(/tb=/), editor.getByRole('button', { name: 'Gửi duyệt', exact: true }).click()]);
  // the reviewer: the dashboard lists it, the article opens read-only with the actions allowed
  const reviewer = await signedIn('duyetbai');
  await offeredLinksOpen(reviewer);
  await Promise.all([reviewer.waitForURL(/bai-viet\/\d+/), reviewer.getByRole('link', { name: title }).click()]);
  assert.equal(await reviewer.getByRole('button', { name: 'Lưu', exact: true }).count(), 0, 'nothing to save');
  assert.equal(await reviewer.locator('.edit-main figure img').count() + await reviewer.locator('fieldset[disabled] textarea').count() > 0, true);
  await reviewer.getByRole('button', { name: 'Duyệt', exact: true }).waitFor();
  await axeClean(reviewer);
  await editor.context().close();
  await reviewer.context().close();
});

test('a citizen on a phone goes through the portal without sideways scrolling', { timeout: TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', bypassCSP: true, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const fits = async () => assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no sideways scroll on ${page.url()}`);
  await page.goto(url('/'));
  await fits();
  await axeClean(page);
  // the menu opens from its button and leads to a category
  await page.getByText('Danh mục', { exact: true }).click();
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Nhiệm vụ KH&CN', exact: true }).click()]);
  await fits();
  await axeClean(page);
  await page.goto(url('/tim-kiem?q=do+luong'));
  await fits();
  await Promise.all([page.waitForLoadState('load'), page.locator('.search-results a').first().click()]);
  await page.locator('article h1').waitFor();
  await fits();
  await axeClean(page);
  await page.goto(url('/thong-ke?nam=2020'));
  await fits();
  await axeClean(page);
  // the leaders' schedule: the latest week with entries, then the week before
  await page.goto(url('/lich-cong-tac'));
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: /^Tuần \d+/ }).click()]);
  assert.match(await page.locator('.schedule-table').innerText(), /Giao ban lãnh đạo Sở/);
  await axeClean(page);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: '‹ Tuần trước' }).click()]);
  assert.match(await page.locator('.schedule-table').innerText(), /Giao ban lãnh đạo Sở/);
  await context.close();
});

test('a citizen follows a dossier from the QR link on its receipt', { timeout: TIMEOUT }, async () => {
  // the desk prints the receipt; its QR code and its printed address lead to the public status page
  const desk = await signedIn('quantri');
  await desk.goto(url('/quan-tri/ho-so?tu=01/01/2020&den=31/12/2020'));
  await Promise.all([desk.waitForURL(/ho-so\/\d+/), desk.locator('main tbody a').first().click()]);
  await Promise.all([desk.waitForURL(/giay-tiep-nhan/), desk.getByRole('link', { name: /In giấy tiếp nhận/ }).click()]);
  assert.equal(await desk.locator('svg').count(), 1, 'a QR code');
  const link = (await desk.locator('.url').innerText()).trim();
  const [code, pin] = await desk.locator('.receipt-code strong').allInnerTexts();
  await desk.context().close();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', bypassCSP: true, isMobile: true });
  const page = await context.newPage();
  // the printed address, then the code and the lookup secret printed beside it
  await page.goto(link.replace(/^https?:\/\/[^/]+/, url('/').replace(/\/$/, '')));
  await page.getByLabel('Mã hồ sơ').fill(code.trim());
  await page.getByLabel('Mã tra cứu').fill(pin.trim());
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Tra cứu' }).click()]);
  await page.getByRole('heading', { name: /^Hồ sơ HS-/ }).waitFor();
  assert.match(await page.locator('.dossier-status').innerText(), /Ngày tiếp nhận/);
  await axeClean(page);
  // a wrong code is said plainly, next to the field
  await page.getByLabel('Mã hồ sơ').fill('HS-1999-0001');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Tra cứu' }).click()]);
  assert.match(await page.locator('#d-code-err').innerText(), /Không tìm thấy hồ sơ/);
  await context.close();
});

test('a citizen finds a legal document by a word inside its PDF and opens its file', { timeout: TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url('/'));
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Văn bản', exact: true }).click()]);
  await page.getByLabel('Tìm (số hiệu, trích yếu, nội dung)').fill('khoai mon');
  await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Lọc' }).click()]);
  assert.match(await page.locator('.legal-list').innerText(), /112\/KH-SKHCN[\s\S]*Từ khóa có trong tệp đính kèm/);
  await axeClean(page);
  await Promise.all([page.waitForURL(/van-ban\/\d+$/), page.locator('.legal-list a').first().click()]);
  await axeClean(page);
  const file = await page.getByRole('link', { name: 'Tải tệp văn bản' }).getAttribute('href');
  const r = await page.request.get(url(file));
  assert.equal(r.status(), 200);
  assert.match(r.headers()['content-type'], /application\/pdf/);
  await context.close();
});

test('at 1366 px the top menu stays on one row', { timeout: TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(url('/'));
  const tops = await page.locator('.menu-list > li').evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
  assert.equal(new Set(tops).size, 1, `menu rows: ${tops}`);
  await context.close();
});
