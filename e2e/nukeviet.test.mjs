// A site moved from NukeViet: an old address of an article, as search
// engines and other sites link to it, opens the article with its picture.
//
// Needs the second server scripts/e2e starts (the fixture imported into an empty dost).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TIMEOUT, launch, axeClean } from './support.mjs';

const MOVED = (process.env.DOST_MOVED_URL || 'http://127.0.0.1:18081').replace(/\/+$/, '');
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('an old NukeViet address opens the moved article with its picture', { timeout: TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', bypassCSP: true });
  const page = await context.newPage();
  const old = '/index.php/hoat-dong-cua-so/hoi-nghi-tong-ket-cong-tac-khoa-hoc-va-cong-nghe-nam-2018-trien-khai-nhiem-vu-nam-2019-16.html';
  const response = await page.goto(MOVED + old);
  assert.equal(response.status(), 200);
  assert.match(page.url(), /\/hoat-dong-cua-so\/hoi-nghi-tong-ket-cong-tac-khoa-hoc-va-cong-nghe-nam-2018-trien-khai-nhiem-vu-nam-2019-\d+\.html$/);
  assert.match(await page.locator('h1').innerText(), /Hội nghị tổng kết công tác khoa học và công nghệ năm 2018/);
  const picture = page.locator('main img[src*="/tep/nukeviet/news/2019_01/hoi-nghi-tong-ket-khcn-2018.jpg"]').first();
  await picture.waitFor();
  await picture.scrollIntoViewIfNeeded();
  const width = await picture.evaluate(async (img) => {
    if (!img.complete) await new Promise((ok) => img.addEventListener('load', ok, { once: true }));
    return img.naturalWidth;
  });
  assert.ok(width > 0, 'the picture loads');
  await axeClean(page);
  await context.close();
});
