// Helpers for the specs about offline use and hosting: the service worker's state, and the
// sample loaded and checked against its files.
import { readFileSync } from 'node:fs';
import { expect, readCountTable, sampleFiles, expectedCounts, monthLabel, number } from './fixtures.js';

export const crateVersion = () => readFileSync('Cargo.toml', 'utf8').match(/^version = "([^"]+)"/m)[1];

/** The cache name sw.js uses: the app's folder and the build id. */
export const cacheName = (baseURL, build) => `safer-trends ${new URL(baseURL).pathname} ${build}`;

/** Waits until the service worker controls the page; returns the build id and cache names. */
export async function serviceWorkerState(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
  return page.evaluate(async () => ({
    build: document.querySelector('meta[name="safer-trends-build"]').content,
    caches: await caches.keys(),
    scope: (await navigator.serviceWorker.ready).scope,
  }));
}

/** Loads the bundled sample and checks every month's total against the files themselves. */
export async function loadSampleAndCheckTotals(page) {
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
  const { header, rows } = await readCountTable(page);
  const total = header.indexOf('Total');
  const expected = sampleFiles().map((file) => {
    const [[month, counts]] = [...expectedCounts(file).byMonth];
    return [monthLabel(month), [...counts.values()].reduce((a, b) => a + b, 0)];
  });
  expect(rows.map((row) => [row[0], number(row[total])])).toEqual(expected);
}
