// Shared fixtures: every test records each request and each console error, and fails if the
// page asked for anything but its own static files or logged an error.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export const SAMPLE_DIR = 'assets/sample';
export const sampleFiles = () =>
  readdirSync(SAMPLE_DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(SAMPLE_DIR, f));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2023-01" → "Jan 2023", written here independently of the app's own formatting. */
export const monthLabel = (iso) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** `Camden 027B` → `Camden`; an empty LSOA name is the "No location" area. */
export function areaOf(lsoaName) {
  const name = (lsoaName ?? '').trim();
  if (name === '') return 'No location';
  const match = /^(.*\S) +\d{3}[A-Z]$/.exec(name);
  return match ? match[1] : 'LSOA name not recognised';
}

/** What a police.uk street file holds, counted with an independent CSV parser: a Crime ID
 * repeated within the file counts once, at its first row. `area` keeps one area's rows. */
export function expectedCounts(path, { area } = {}) {
  const records = parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  const byMonth = new Map();
  const seen = new Set();
  let repeats = 0;
  for (const r of records) {
    const id = (r['Crime ID'] ?? '').trim();
    if (id !== '') {
      const key = `${r.Month} ${id}`;
      if (seen.has(key)) {
        repeats += 1;
        continue;
      }
      seen.add(key);
    }
    if (area !== undefined && areaOf(r['LSOA name']) !== area) continue;
    const month = byMonth.get(r.Month) ?? new Map();
    month.set(r['Crime type'], (month.get(r['Crime type']) ?? 0) + 1);
    byMonth.set(r.Month, month);
  }
  return { rows: records.length, repeats, counted: records.length - repeats, byMonth };
}

/** The count table as the user sees it: header cells, then one array of cell texts per row. */
export async function readCountTable(page) {
  return page.locator('#count-table').evaluate((table) => {
    const text = (cell) => cell.textContent.trim();
    const header = [...table.tHead.rows[0].cells].map(text);
    const rows = [...table.tBodies[0].rows].map((row) => {
      const cells = [...row.cells];
      // A month with no file is one cell spanning the row; its figures are all blank.
      if (cells.length === 2 && cells[1].colSpan > 1) {
        return [text(cells[0]), ...Array(cells[1].colSpan).fill('')];
      }
      return cells.map(text);
    });
    return { header, rows };
  });
}

export const number = (text) => (text === '' ? '' : Number(text.replaceAll(',', '')));

export const test = base.extend({
  audit: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL).origin;
      const requests = [];
      // The service worker's own requests (it downloads the build for offline use) are not
      // the page's: they are recorded apart and held to the same rule.
      const workerRequests = [];
      const failures = new Map();
      const errors = [];
      page.on('request', (r) => requests.push(r.url()));
      page.context().on('request', (r) => {
        if (r.serviceWorker()) workerRequests.push(r.url());
      });
      page.on('requestfailed', (r) => failures.set(r.url(), r.failure()?.errorText ?? 'failed'));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      // A test that provokes foreign requests on purpose sets `expectBlocked`: each one must
      // then have been stopped by the Content-Security-Policy before it left the browser.
      const audit = { requests, workerRequests, failures, errors, allowConsoleErrors: false, expectBlocked: false };
      await use(audit);
      const foreign = [...requests, ...workerRequests].filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
      if (audit.expectBlocked) {
        for (const url of foreign) expect(failures.get(url), `${url} was blocked by the policy`).toMatch(/^csp$|BLOCKED_BY_CSP/);
      } else {
        expect(foreign, 'requests that were not for the app’s own files').toEqual([]);
      }
      if (!audit.allowConsoleErrors) expect(errors, 'console errors and uncaught exceptions').toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the app and waits until the WebAssembly has started. */
export async function openApp(page) {
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect(page.locator('#file-input')).toBeEnabled();
}

/** Two-sided exact binomial p-value, as scipy.stats.binomtest computes it: the probability
 * of every outcome no more likely than the one observed. Written here from the definition,
 * independently of the app's Rust implementation. */
export function binomTwoSided(k, n, p) {
  const logPmf = (i) => {
    let c = 0;
    for (let j = 1; j <= i; j += 1) c += Math.log(n - i + j) - Math.log(j);
    return c + i * Math.log(p) + (n - i) * Math.log(1 - p);
  };
  const observed = logPmf(k);
  let total = 0;
  for (let i = 0; i <= n; i += 1) {
    const l = logPmf(i);
    if (l <= observed + Math.log1p(1e-7)) total += Math.exp(l);
  }
  return Math.min(1, total);
}

export const pWords = (p) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** Loads the bundled sample with the button and waits for the load to be announced. */
export async function loadSample(page) {
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
}

/** Every crime type's count per month of the sample, counted with csv-parse: Map(month → Map(type → n)). */
export function sampleCounts() {
  const byMonth = new Map();
  for (const f of sampleFiles()) {
    for (const [month, types] of expectedCounts(f).byMonth) byMonth.set(month, types);
  }
  return byMonth;
}

/** Runs axe-core (WCAG 2.0–2.2 A and AA, and best practice) on the page as it is now. It is
 * injected through the DevTools protocol, so the page's Content-Security-Policy stays as strict
 * as it ships. */
export async function expectNoAxeViolations(page, what) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const violations = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  expect(violations, `axe violations on ${what}`).toEqual([]);
  return results;
}

/** Presses Tab until `matches(active element)` holds, at most `limit` times; the element is
 * described as { id, tag, text, name }. */
export async function tabUntil(page, matches, limit = 200) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const active = await page.evaluate(() => {
      const el = document.activeElement;
      return { id: el.id, tag: el.tagName, text: el.textContent.trim(), name: el.getAttribute('aria-label') ?? '' };
    });
    if (matches(active)) return active;
  }
  throw new Error(`Tab did not reach the element within ${limit} presses`);
}

export { expect };
