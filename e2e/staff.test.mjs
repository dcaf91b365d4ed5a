// End-to-end tests of the back office: staff sign in, write an article with a
// picture, send it for review, approve it, publish it, and the public sees it.
// axe-core checks the staff pages.
//
// Needs the accounts that scripts/e2e creates (quantri, bientap, duyetbai).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AXE_PATH, PASSWORD, TIMEOUT, url, launch } from './support.mjs';

let browser;
let tmp;

before(async () => {
  browser = await launch();
  tmp = await mkdtemp(path.join(tmpdir(), 'dost-e2e-staff-'));
});

after(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// A real 64×36 PNG (a blue picture), so the upload passes the content check.
function png(width = 64, height = 36) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).fill(Buffer.from([11, 74, 139]))]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function signedIn(username, { bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', bypassCSP });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${page.url()}: ${err.message}`));
  await page.goto(url('/quan-tri'));
  assert.match(page.url(), /\/quan-tri\/dang-nhap/, 'staff pages ask to sign in first');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/quan-tri$/), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  await page.getByRole('heading', { name: 'Bảng điều khiển' }).waitFor();
  return page;
}

async function press(page, name) {
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/tb=/), page.getByRole('button', { name, exact: true }).click()]);
}

test('an article with a picture goes from draft through review to the portal', { timeout: TIMEOUT }, async () => {
  const title = `Tập huấn kỹ thuật trồng nấm linh chi ${Date.now()}`;
  const editor = await signedIn('bientap');
  // upload the picture
  const file = path.join(tmp, 'nấm linh chi.png');
  await writeFile(file, png());
  await editor.goto(url('/quan-tri/tep'));
  await editor.getByLabel('Chọn tệp').setInputFiles(file);
  await editor.getByLabel('Mô tả ảnh (alt), bắt buộc với ảnh').fill('Nấm linh chi trong nhà trồng');
  try {
    await Promise.all([
      editor.waitForURL(/tb=da-tai-len/, { timeout: 30_000 }),
      editor.getByRole('button', { name: 'Tải lên' }).click(),
    ]);
  } catch (e) {
    // say what the page said instead (a refusal, a limit) rather than only that it did not move on
    const said = (await editor.locator('main').innerText().catch(() => '')).slice(0, 500);
    throw new Error(`the upload did not finish at ${editor.url()}: ${said}`, { cause: e });
  }
  // write the article
  await editor.goto(url('/quan-tri/bai-viet/moi'));
  await editor.getByLabel('Tiêu đề (bắt buộc)').fill(title);
  await editor.getByLabel('Tóm tắt (sapo)').fill('Trung tâm Ứng dụng tiến bộ KH&CN hướng dẫn bà con kỹ thuật trồng nấm.');
  // the rich-text editor (Quill): a paragraph with bold words and a bulleted list
  await editor.locator('.ql-editor').click();
  await editor.keyboard.type('Lớp tập huấn có 40 học viên, ');
  await editor.getByRole('button', { name: 'Đậm' }).click();
  await editor.keyboard.type('thực hành tại chỗ');
  await editor.getByRole('button', { name: 'Đậm' }).click();
  await editor.keyboard.type('.');
  await editor.keyboard.press('Enter');
  await editor.getByRole('button', { name: 'Danh sách chấm' }).click();
  await editor.keyboard.type('Chuẩn bị giá thể');
  await editor.keyboard.press('Enter');
  await editor.keyboard.type('Chăm sóc');
  await editor.getByLabel('Ảnh (chọn từ thư viện tệp)').selectOption({ label: 'nấm linh chi.png' });
  await editor.getByLabel('Mô tả ảnh cho người khiếm thị (alt)').fill('Nấm linh chi trong nhà trồng');
  await editor.getByLabel('Chú thích ảnh').fill('Học viên thực hành tại nhà trồng nấm');
  await editor.getByLabel('Chuyên mục chính (bắt buộc)').selectOption({ label: '— Ứng dụng tiến bộ KH&CN' });
  await Promise.all([editor.waitForURL(/tb=da-tao/), editor.getByRole('button', { name: 'Lưu', exact: true }).click()]);
  const editUrl = editor.url().replace(/\?.*$/, '');
  assert.match(await editor.locator('.edit-side h2').innerText(), /Bản nháp/);
  await press(editor, 'Gửi duyệt');
  assert.match(await editor.locator('.edit-side h2').innerText(), /Chờ duyệt/);
  // the reviewer approves
  const reviewer = await signedIn('duyetbai');
  await reviewer.goto(url('/quan-tri'));
  await reviewer.getByRole('link', { name: title }).click();
  await press(reviewer, 'Duyệt');
  assert.match(await reviewer.locator('.edit-side h2').innerText(), /Đã duyệt/);
  // the editor publishes
  await editor.goto(editUrl);
  await press(editor, 'Đăng bài');
  assert.match(await editor.locator('.edit-side h2').innerText(), /Đã đăng/);
  // a visitor finds it and sees the picture with its caption
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(url('/tim-kiem?q=' + encodeURIComponent('tap huan nam linh chi')));
  await Promise.all([visitor.waitForLoadState('load'), visitor.locator('.search-results a', { hasText: title }).click()]);
  await visitor.locator('h1', { hasText: title }).waitFor();
  const img = visitor.locator('.article-figure img');
  assert.equal(await img.getAttribute('alt'), 'Nấm linh chi trong nhà trồng');
  assert.equal(await visitor.locator('.article-figure figcaption').innerText(), 'Học viên thực hành tại nhà trồng nấm');
  const natural = await img.evaluate((i) => i.complete && i.naturalWidth);
  assert.equal(natural, 64, 'the uploaded picture loads');
  assert.match(await visitor.locator('.breadcrumb').innerText(), /Trang nhất.*Lĩnh vực quản lý.*Ứng dụng tiến bộ KH&CN/s);
  assert.equal(await visitor.locator('.article-body strong').innerText(), 'thực hành tại chỗ');
  assert.deepEqual(await visitor.locator('.article-body ul li').allInnerTexts(), ['Chuẩn bị giá thể', 'Chăm sóc']);
  assert.match(await visitor.locator('.article-body p').first().innerText(), /^Lớp tập huấn có 40 học viên, thực hành tại chỗ\.$/);
  for (const p of [editor, reviewer, visitor]) await p.context().close();
});

test('axe-core finds no serious or critical violations on the staff pages', { timeout: TIMEOUT }, async () => {
  const admin = await signedIn('quantri', { bypassCSP: true });
  const pages = ['/quan-tri', '/quan-tri/bai-viet', '/quan-tri/bai-viet/moi', '/quan-tri/tep', '/quan-tri/nguoi-dung',
    '/quan-tri/nhat-ky', '/quan-tri/chuyen-muc', '/quan-tri/khoi', '/quan-tri/quy-trinh', '/quan-tri/mat-khau',
    '/quan-tri/lanh-dao?tu=01/01/2020&den=30/09/2020', '/quan-tri/so', '/quan-tri/so/truyen-thong', '/quan-tri/so/quy/moi',
    '/quan-tri/so/ban-hang/nhap', '/quan-tri/ho-so', '/quan-tri/ho-so/1', '/quan-tri/ke-hoach?nam=2020',
    '/quan-tri/ngay-nghi?nam=2020', '/quan-tri/bao-cao?ky=9-thang&nam=2020', '/quan-tri/kiem-dinh',
    '/quan-tri/so/quy-dinh', '/quan-tri/nhiem-vu/1'];
  const problems = [];
  for (const p of pages) {
    const resp = await admin.goto(url(p));
    assert.equal(resp.status(), 200, p);
    await admin.addScriptTag({ path: AXE_PATH });
    const results = await admin.evaluate(() => window.axe.run());
    for (const v of results.violations.filter((v) => ['serious', 'critical'].includes(v.impact))) {
      problems.push(`${p}: ${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  // the sign-in page too
  const anon = await (await browser.newContext({ bypassCSP: true })).newPage();
  await anon.goto(url('/quan-tri/dang-nhap'));
  await anon.addScriptTag({ path: AXE_PATH });
  const r = await anon.evaluate(() => window.axe.run());
  for (const v of r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))) problems.push(`/quan-tri/dang-nhap: ${v.id}: ${v.help}`);
  assert.deepEqual(problems, []);
  await admin.context().close();
  await anon.context().close();
});

test('the period report: choose 9 months of 2020, open a figure, see exactly its records', { timeout: TIMEOUT }, async () => {
  const admin = await signedIn('quantri');
  await admin.goto(url('/quan-tri/bao-cao'));
  await admin.getByLabel('Kỳ báo cáo').selectOption('9-thang');
  await admin.getByLabel('Năm', { exact: true }).fill('2020');
  await Promise.all([admin.waitForURL(/ky=9-thang/), admin.getByRole('button', { name: 'Xem báo cáo' }).click()]);
  const preview = admin.getByRole('article', { name: 'Bản xem trước báo cáo' });
  await preview.getByText('9 tháng đầu năm 2020').first().waitFor();
  const mass = preview.getByRole('link', { name: '163/440, đạt 37%' }).first();
  assert.match(await mass.getAttribute('title'), /163 bản ghi/);
  await Promise.all([admin.waitForURL(/so-lieu\/\d+/), mass.click()]);
  await admin.getByRole('heading', { name: 'Số liệu “163/440, đạt 37%”' }).waitFor();
  assert.equal(await admin.locator('tbody tr').count(), 163);
  await admin.context().close();
});

test('a Chi cục officer finds a verification, corrects it, and sees only what the unit may open', { timeout: TIMEOUT }, async () => {
  const officer = await signedIn('chicuc', { bypassCSP: true });
  await officer.goto(url('/quan-tri/so'));
  // only what the unit may open is offered
  const links = await officer.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of links.filter((h) => h && h.startsWith('/quan-tri/'))) {
    const r = await officer.request.get(url(href));
    assert.notEqual(r.status(), 403, `${href} is offered but refused`);
  }
  await officer.getByRole('link', { name: 'Kiểm định phương tiện đo' }).click();
  await officer.getByRole('heading', { name: 'Kết quả kiểm định phương tiện đo' }).waitFor();
  // search without diacritics, open the record, correct it
  await officer.getByLabel('Số hiệu, chủ sở hữu, số chứng chỉ').fill('KD000001');
  await Promise.all([officer.waitForURL(/q=/), officer.getByRole('button', { name: 'Tìm' }).click()]);
  assert.equal(await officer.locator('tbody tr').count(), 1);
  await Promise.all([officer.waitForURL(/kiem-dinh\/\d+$/), officer.getByRole('link', { name: 'Sửa' }).click()]);
  await officer.getByLabel('Chủ sở hữu').fill('Chợ Xanh, thành phố Cao Bằng (đã sửa)');
  await Promise.all([officer.waitForURL(/tb=da-luu/), officer.getByRole('button', { name: 'Lưu' }).click()]);
  assert.equal(await officer.getByLabel('Chủ sở hữu').inputValue(), 'Chợ Xanh, thành phố Cao Bằng (đã sửa)');
  // a bad date stays in the staff layout, next to the form
  const bad = await officer.goto(url('/quan-tri/kiem-dinh?tu=31/02/2020'));
  assert.equal(bad.status(), 422);
  await officer.getByRole('navigation', { name: 'Chức năng quản trị' }).waitFor();
  await officer.addScriptTag({ path: AXE_PATH });
  const results = await officer.evaluate(() => window.axe.run());
  assert.deepEqual(results.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id), []);
  await officer.context().close();
});

test('on a phone the staff menu folds and opens, and the task register reads as cards', { timeout: TIMEOUT }, async () => {
  const admin = await signedIn('quantri');
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.goto(url('/quan-tri'));
  const menu = admin.locator('details.staff-menu');
  assert.equal(await menu.evaluate((d) => d.open), false, 'folded on a phone');
  await admin.getByText('Chức năng quản trị', { exact: true }).click();
  assert.equal(await menu.evaluate((d) => d.open), true);
  // the public task register reads as cards, one per task, with no sideways scrolling
  await admin.goto(url('/nhiem-vu'));
  const row = admin.locator('.register-table tbody tr').first();
  assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), 'block');
  assert.ok(await admin.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll');
  await admin.context().close();
});
