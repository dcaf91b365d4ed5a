// What every browser test shares: where the demo server is, the staff
// password scripts/e2e gives the accounts, Chromium, and the axe check.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const BASE = (process.env.DOST_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');
export const PASSWORD = process.env.DOST_STAFF_PASSWORD || 'mật khẩu kiểm thử e2e';
export const TIMEOUT = 120_000;
export const url = (p) => new URL(p, BASE + '/').href;

/** The system Chromium, quiet (no network of its own). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** No serious or critical axe-core violation on the page (its CSP must be bypassed). */
export async function axeClean(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(() => window.axe.run());
  const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes[0]?.target}`), [], `axe on ${page.url()}`);
}
