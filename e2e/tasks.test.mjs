// End-to-end: staff record an S&T task from proposal to acceptance through
// the back office, and the public register shows it with its result.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, url, launch } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a task is recorded from proposal to acceptance and appears in the public register', { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${page.url()}: ${err.message}`));
  await page.goto(url('/quan-tri'));
  await page.getByLabel('Tên đăng nhập').fill('quantri');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/quan-tri$/), page.getByRole('button', { name: 'Đăng nhập' }).click()]);

  const code = `E2E.${Date.now() % 100000}`;
  const title = `Ứng dụng công nghệ tưới nhỏ giọt cho cây quýt ở Trà Lĩnh ${code}`;
  await page.getByRole('link', { name: 'Nhiệm vụ KH&CN' }).first().click();
  await page.getByRole('link', { name: 'Ghi nhiệm vụ mới' }).click();
  await page.getByLabel('Mã số (bắt buộc)').fill(code);
  await page.getByLabel('Tên nhiệm vụ (bắt buộc)').fill(title);
  // the field and the lead organisation come from managed lists; a new organisation is written as "khác"
  await page.getByLabel('Lĩnh vực', { exact: true }).selectOption({ label: 'Nông nghiệp' });
  await page.getByLabel('Tổ chức chủ trì (bắt buộc)').selectOption({ label: 'Tổ chức khác (ghi tên bên dưới)' });
  await page.getByLabel('Tên tổ chức khác (khi chọn «Tổ chức khác»)').fill('Hợp tác xã Nông nghiệp Trà Lĩnh');
  await page.getByLabel('Chủ nhiệm (kèm học hàm, học vị) (bắt buộc)').fill('KS. Bế Văn Tưới');
  await page.getByLabel('Bắt đầu (dd/mm/yyyy)').fill('01/03/2021');
  await page.getByLabel('Kết thúc (dd/mm/yyyy)').fill('28/02/2023');
  await page.getByLabel('Tổng kinh phí (đồng)').fill('900.000.000');
  await page.getByLabel('Mục tiêu').fill('Tiết kiệm nước tưới và tăng năng suất quýt.');
  await page.getByLabel('Nội dung chính').fill('Lắp đặt hệ thống tưới, theo dõi độ ẩm đất, đánh giá năng suất.');
  await page.getByLabel('Kết quả, sản phẩm dự kiến').fill('Mô hình 5 ha; quy trình kỹ thuật.');
  await Promise.all([page.waitForURL(/tb=da-luu/), page.getByRole('button', { name: 'Ghi nhiệm vụ' }).click()]);
  assert.match(await page.locator('.task-facts').innerText(), /Đề xuất đặt hàng/);

  // every step, in order, each with its document
  const steps = ['Danh mục được phê duyệt', 'Tuyển chọn, giao trực tiếp', 'Thẩm định nội dung, kinh phí', 'Phê duyệt thực hiện', 'Ký hợp đồng', 'Đang thực hiện', 'Nghiệm thu cơ sở', 'Đánh giá, nghiệm thu', 'Công nhận kết quả'];
  for (const [i, step] of steps.entries()) {
    const day = String(10 + i).padStart(2, '0');
    await page.locator('#date-buoc').fill(`${day}/02/2021`);
    await page.locator('#doc-number-buoc').fill(`${i + 1}/VB-E2E`);
    await page.locator('#doc-date-buoc').fill(`${day}/02/2021`);
    if (step === 'Công nhận kết quả') {
      await page.getByLabel('Tóm tắt kết quả được công nhận').fill('Mô hình tưới nhỏ giọt tiết kiệm 40% nước, năng suất quýt tăng 25%.');
    }
    await Promise.all([page.waitForURL(/tb=da-luu/), page.getByRole('button', { name: `Ghi bước «${step}»` }).click()]);
    assert.match(await page.locator('.task-facts').innerText(), new RegExp(step.replace(/[()]/g, '.')), `after recording ${step}`);
  }
  const timeline = await page.locator('.timeline li').allInnerTexts();
  assert.equal(timeline.length, steps.length);
  assert.match(timeline[0], /Danh mục được phê duyệt — Quyết định số 1\/VB-E2E ngày 10\/02\/2021/);

  // the public register: accepted, with its result, without the budget
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(url('/nhiem-vu?q=' + encodeURIComponent('tuoi nho giot quyt tra linh')));
  await Promise.all([visitor.waitForLoadState('load'), visitor.locator('#noi-dung').getByRole('link', { name: title }).click()]);
  const body = await visitor.locator('.task-page').innerText();
  assert.match(body, /Đã nghiệm thu/);
  assert.match(body, /tiết kiệm 40% nước/);
  assert.doesNotMatch(body, /900\.000\.000/);
  await context.close();
});
