// End-to-end tests of the public portal, as a visitor sees it.
//
//   DOST_URL=http://127.0.0.1:18080 node --test e2e/
//
// Needs a running `dost serve --demo` (scripts/e2e starts one), Chromium
// (CHROMIUM, default /usr/bin/chromium) and Java 17+ for vnu.jar.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

const BASE = (process.env.DOST_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');
const url = (p) => new URL(p, BASE + '/').href;

const SEARCH_PATH = '/tim-kiem?q=' + encodeURIComponent('hop danh gia 9 thang');
const RATED_TITLE = 'Họp đánh giá kết quả hoạt động KH&CN 9 tháng đầu năm 2020';
const SUMMARY_RE = /Tổng số điểm của bài viết là:\s*(\d+)\s*trong\s*(\d+)\s*đánh giá/;
const DATE_RE = /\b\d{2}\/\d{2}\/\d{4}\b/;

const TIMEOUT = 120_000;

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

async function newPage({ bypassCSP = false } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    // Only the axe test injects a script; every other test runs under the portal's own CSP.
    bypassCSP,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  // Surface script errors of the portal's own pages in the test output.
  page.on('pageerror', (err) => console.error(`[page error] ${page.url()}: ${err.message}`));
  return page;
}

async function closePage(page) {
  await page.context().close();
}

// Clicks a link and waits for the page it leads to to load.
async function clickAndWait(page, link) {
  const from = page.url();
  const to = await link.evaluate((a) => a.href);
  await Promise.all([page.waitForURL((u) => u.href !== from || u.href === to), link.click()]);
  await page.waitForLoadState('load');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

// Goes to a page and checks that it answered 200 with HTML.
async function visit(page, p) {
  const resp = await page.goto(url(p), { waitUntil: 'load' });
  assert.ok(resp, `no response for ${p}`);
  assert.equal(resp.status(), 200, `GET ${p} answered ${resp.status()}`);
  return resp;
}

// The top-menu links that lead to another page of the portal (not the home page).
async function menuLinks(page) {
  const hrefs = await page.locator('nav.menu a').evaluateAll((as) =>
    as.map((a, index) => ({ index, href: a.href, text: a.textContent.replace(/\s+/g, ' ').trim() })),
  );
  const base = new URL(BASE + '/');
  return hrefs.filter(({ href }) => {
    if (!/^https?:/.test(href)) return false;
    const u = new URL(href);
    return u.origin === base.origin && u.pathname !== '/' && u.pathname !== base.pathname;
  });
}

// Home page, first top-menu category that lists articles, its first article,
// and the search page: the pages the accessibility and validity tests look at.
let pagesCache;
async function samplePages() {
  if (pagesCache) return pagesCache;
  const page = await newPage();
  try {
    await visit(page, '/');
    const links = await menuLinks(page);
    assert.ok(links.length > 0, 'the top menu (nav.menu) has no links to category pages');
    for (const { href } of links) {
      await visit(page, href);
      const first = page.locator('.article-list a').first();
      if ((await first.count()) === 0) continue;
      const article = await first.evaluate((a) => a.href);
      pagesCache = {
        home: url('/'),
        category: href,
        article,
        search: url(SEARCH_PATH),
        statistics: url('/thong-ke?nam=2020'),
        procedures: url('/thu-tuc-hanh-chinh'),
        procedure: url('/thu-tuc-hanh-chinh/bx_cap_moi'),
        dossier: url('/tra-cuu-ho-so?ma=HS-2020-0001'),
        schedule: url('/lich-cong-tac'),
        legal: url('/van-ban?q=khoai+mon'),
        disclosures: url('/cong-khai'),
        drafts: url('/du-thao'),
        draft: url('/du-thao/1'),
        questions: url('/hoi-dap'),
        question: url('/hoi-dap/1'),
        ask: url('/hoi-dap/gui-cau-hoi'),
        about: url('/gioi-thieu'),
        english: url('/en/about'),
      };
      return pagesCache;
    }
    assert.fail('no category in the top menu (nav.menu a) lists any article (.article-list a)');
  } finally {
    await closePage(page);
  }
}

test('a visitor goes from the home page through a category to an article', { timeout: TIMEOUT }, async () => {
  const page = await newPage();
  try {
    await visit(page, '/');
    const links = await menuLinks(page);
    assert.ok(links.length > 0, 'the top menu (nav.menu) has no links to category pages');

    // Click through the menu to the first category that lists articles.
    let found = false;
    for (const { index, href, text } of links) {
      if (page.url() !== url('/')) await visit(page, '/');
      const link = page.locator('nav.menu a').nth(index);
      if (!(await link.isVisible())) continue; // inside a closed sub-menu
      await clickAndWait(page, link);

      const h1 = page.locator('h1');
      assert.equal(await h1.count(), 1, `category page "${text}" (${href}) should have exactly one h1`);
      assert.notEqual(squash(await h1.textContent()), '', `category page "${text}" has an empty h1`);
      if ((await page.locator('.article-list a').count()) > 0) {
        found = true;
        break;
      }
    }
    assert.ok(found, 'no category in the top menu (nav.menu a) lists any article (.article-list a)');

    const first = page.locator('.article-list a').first();
    const articleHref = await first.evaluate((a) => a.href);
    const linkText = squash(await first.textContent());
    await clickAndWait(page, first);
    assert.equal(page.url(), articleHref, 'clicking the article link did not open the article');

    const crumb = squash(await page.locator('nav.breadcrumb').first().textContent());
    assert.match(crumb, /^Trang nhất/, `breadcrumb should start with "Trang nhất", got "${crumb}"`);

    const h1 = page.locator('h1');
    assert.equal(await h1.count(), 1, 'article page should have exactly one h1');
    const title = squash(await h1.textContent());
    assert.notEqual(title, '', 'article page has an empty h1');
    if (linkText) {
      assert.ok(
        linkText.includes(title) || title.includes(linkText) || linkText.startsWith(title.slice(0, 20)),
        `article h1 "${title}" does not match the link that was clicked "${linkText}"`,
      );
    }

    const time = page.locator('.article-meta time').first();
    const date = squash(await time.textContent());
    assert.match(date, DATE_RE, `article date in .article-meta time should be dd/mm/yyyy, got "${date}"`);
    const [dd, mm] = date.match(DATE_RE)[0].split('/').map(Number);
    assert.ok(dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12, `"${date}" is not a real dd/mm/yyyy date`);

    const body = await page.locator('body').innerText();
    assert.ok(body.includes('Tác giả bài viết'), 'article page should show "Tác giả bài viết"');
  } finally {
    await closePage(page);
  }
});

// Reads "Tổng số điểm của bài viết là: X trong Y đánh giá"; null while not (yet) there.
async function readSummary(page) {
  try {
    const text = squash(await page.locator('.rating-summary').first().textContent({ timeout: 1_000 }));
    const m = text.match(SUMMARY_RE);
    return m ? { points: Number(m[1]), votes: Number(m[2]), text } : { text };
  } catch {
    return null; // navigating, or not rendered
  }
}

async function readMessage(page) {
  try {
    const loc = page.locator('.rating-message');
    if ((await loc.count()) === 0) return '';
    return squash((await loc.allTextContents()).join(' '));
  } catch {
    return '';
  }
}

// Clicks a rating button and waits until the page shows the outcome, whether the
// button submits a form (new document) or the page sends it with fetch (same document).
async function vote(page, value) {
  await page.evaluate(() => { window.__dostBeforeVote = true; });
  const button = page.locator(`.rating button[value="${value}"]`);
  assert.equal(await button.count(), 1, `there should be one rating button with value ${value}`);
  assert.ok(await button.isEnabled(), `rating button ${value} should be enabled`);
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 15_000 }),
    button.click(),
  ]);
  assert.ok(resp.status() < 500, `rating POST answered ${resp.status()}`);
  if (resp.request().isNavigationRequest()) {
    // Form POST: wait until the answer (or the page it redirects to) has replaced the page.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const replaced = await page
        .evaluate(() => window.__dostBeforeVote !== true && document.readyState === 'complete')
        .catch(() => false);
      if (replaced) break;
      assert.ok(Date.now() < deadline, 'the page was not replaced after the rating form was posted');
      await sleep(100);
    }
  }
  return resp;
}

// Polls until pred(summary, message) holds, for pages updated by script.
async function waitFor(page, pred, what) {
  const deadline = Date.now() + 10_000;
  let s, m;
  for (;;) {
    s = await readSummary(page);
    m = await readMessage(page);
    if (pred(s, m)) return { summary: s, message: m };
    if (Date.now() > deadline) {
      assert.fail(`${what}; .rating-summary is "${s?.text ?? '(missing)'}", .rating-message is "${m}"`);
    }
    await sleep(200);
  }
}

test('a visitor rates an article once; a second vote is refused', { timeout: TIMEOUT }, async () => {
  const page = await newPage();
  try {
    await visit(page, SEARCH_PATH);
    const results = page.locator('.search-results a');
    assert.ok((await results.count()) > 0, `searching "hop danh gia 9 thang" finds nothing (.search-results a)`);
    const hit = results.filter({ hasText: RATED_TITLE }).first();
    assert.equal(
      await hit.count(), 1,
      `search results do not link to "${RATED_TITLE}"; they are: ${(await results.allTextContents()).map(squash).join(' | ')}`,
    );
    const href = await hit.evaluate((a) => a.href);
    assert.match(new URL(href).pathname, /^\/khoa-hoc-cong-nghe\//, `the article should be under /khoa-hoc-cong-nghe/, is ${href}`);
    await clickAndWait(page, hit);
    assert.equal(squash(await page.locator('h1').first().textContent()), RATED_TITLE);

    const before0 = await readSummary(page);
    assert.ok(before0?.votes !== undefined,
      `.rating-summary should read "Tổng số điểm của bài viết là: X trong Y đánh giá", got "${before0?.text ?? '(missing)'}"`);
    const { points: p0, votes: v0 } = before0;

    // First vote: 4 points.
    await vote(page, 4);
    const first = await waitFor(
      page,
      (s) => s?.votes !== undefined && (s.points !== p0 || s.votes !== v0),
      'the rating summary did not change after voting 4',
    );
    assert.equal(first.summary.points, p0 + 4, `points should go from ${p0} to ${p0 + 4}`);
    assert.equal(first.summary.votes, v0 + 1, `votes should go from ${v0} to ${v0 + 1}`);

    // The vote is kept: the article shows it on a fresh visit too.
    await visit(page, href);
    let s = await readSummary(page);
    assert.deepEqual([s?.points, s?.votes], [p0 + 4, v0 + 1], 'the vote is not shown after reloading the article');

    // Second vote from the same visitor: refused, with a message.
    await vote(page, 5);
    const second = await waitFor(
      page,
      (_s, m) => m.includes('đã đánh giá'),
      'no "đã đánh giá" message in .rating-message after voting a second time',
    );
    assert.deepEqual(
      [second.summary?.points, second.summary?.votes], [p0 + 4, v0 + 1],
      'a second vote must not change the rating summary',
    );
    await visit(page, href);
    s = await readSummary(page);
    assert.deepEqual([s?.points, s?.votes], [p0 + 4, v0 + 1], 'a second vote was counted (seen after reloading)');
  } finally {
    await closePage(page);
  }
});

test('axe-core finds no serious or critical accessibility violations', { timeout: TIMEOUT }, async () => {
  const pages = await samplePages();
  const page = await newPage({ bypassCSP: true });
  const problems = [];
  try {
    for (const [name, target] of Object.entries(pages)) {
      await visit(page, target);
      await page.addScriptTag({ path: AXE_PATH });
      const results = await page.evaluate(() => window.axe.run());
      for (const v of results.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${squash(n.failureSummary)}`);
        if (v.nodes.length > 5) nodes.push(`      … and ${v.nodes.length - 5} more`);
        problems.push(`  [${name}] ${target}\n    ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`);
      }
    }
  } finally {
    await closePage(page);
  }
  if (problems.length) console.error(problems.join('\n'));
  assert.equal(problems.length, 0, `serious/critical accessibility violations:\n${problems.join('\n')}`);
});

function runVnu(files) {
  return new Promise((resolve, reject) => {
    execFile(
      process.env.JAVA || 'java',
      ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        // vnu exits 1 when it reports errors; its JSON report goes to stderr.
        const out = (stderr || '').trim() || (stdout || '').trim();
        try {
          resolve(JSON.parse(out));
        } catch {
          reject(new Error(`vnu did not print a JSON report (${err?.message ?? 'exit 0'}):\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

test('vnu (the Nu HTML checker) finds no errors', { timeout: TIMEOUT }, async () => {
  const pages = await samplePages();
  const dir = await mkdtemp(path.join(tmpdir(), 'dost-vnu-'));
  try {
    const fileToPage = new Map();
    for (const [name, target] of Object.entries(pages)) {
      const resp = await fetch(target);
      assert.equal(resp.status, 200, `GET ${target} answered ${resp.status}`);
      assert.match(resp.headers.get('content-type') ?? '', /^text\/html/, `${target} is not served as text/html`);
      const file = path.join(dir, `${name}.html`);
      await writeFile(file, Buffer.from(await resp.arrayBuffer()));
      fileToPage.set(file, target);
    }
    const report = await runVnu([...fileToPage.keys()]);
    const errors = (report.messages ?? []).filter((m) => m.type === 'error' || m.type === 'non-document-error');
    const lines = errors.map((m) => {
      const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '';
      const where = fileToPage.get(file) ?? m.url ?? '';
      const pos = m.lastLine ? `:${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : '';
      const extract = m.extract ? `\n      ${squash(m.extract)}` : '';
      return `  ${where}${pos} ${m.type}${m.subType ? '/' + m.subType : ''}: ${m.message}${extract}`;
    });
    if (lines.length) console.error(lines.join('\n'));
    assert.equal(errors.length, 0, `HTML errors:\n${lines.join('\n')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
