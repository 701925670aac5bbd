import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, openApp, sampleFiles, readCountTable } from './fixtures.js';
import { writeStreetFile } from './generate.js';

// About 290 MB: a few seconds of reading, so Cancel lands mid-file on any machine.
const BIG_ROWS = 1_500_000;
const big = join(tmpdir(), `safer-trends-e2e-${BIG_ROWS}.csv`);

test.beforeAll(async () => {
  if (!existsSync(big) || statSync(big).size < 250_000_000) await writeStreetFile(big, BIG_ROWS);
});

test('a big file shows progress, the page stays responsive, and Cancel keeps what was loaded', async ({ page }) => {
  test.setTimeout(120_000);
  const readers = [];
  page.on('worker', (worker) => readers.push(worker));
  await openApp(page);
  const [jan, feb] = sampleFiles();
  await page.locator('#file-input').setInputFiles(jan);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');

  await page.locator('#file-input').setInputFiles(big);
  const panel = page.locator('#load-progress');
  await expect(panel).toBeVisible();
  await expect(panel.locator('.progress-file')).toHaveText(/^Reading safer-trends-e2e-1500000\.csv \(1 of 1\)$/);
  // Figures from the worker: bytes, rows, rate and time left.
  await expect(panel.locator('.progress-figures')).toHaveText(/MB of \d+(\.\d)? MB read, [\d,]+ rows, [\d,]+ rows a second, about .+ left/);
  expect(await panel.locator('progress').evaluate((p) => p.value)).toBeGreaterThan(0);

  // The page thread is free while the workers read: it draws frame after frame, and the
  // figures move on, while the file is still being read. (Frames and figures, not a clock: a
  // busy machine makes everything slower but cannot block the page's thread.)
  const figures = panel.locator('.progress-figures');
  const first = await figures.textContent();
  const frames = await page.evaluate(() => new Promise((resolve) => {
    let drawn = 0;
    const frame = () => {
      drawn += 1;
      if (drawn === 10) resolve(drawn);
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }));
  expect(frames).toBe(10);
  await expect(figures).not.toHaveText(first);
  await expect(panel).toBeVisible();

  const stopped = readers.map((worker) => new Promise((resolve) => worker.once('close', resolve)));
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('#status')).toContainText('Loading was cancelled; files read before that are kept.');
  // Every worker reading the file is stopped, not just the first.
  expect(stopped.length).toBe(await page.evaluate(() => Math.min(Math.max(navigator.hardwareConcurrency, 1), 2)));
  await Promise.all(stopped);
  await expect(panel).toHaveCount(0);
  const { rows } = await readCountTable(page);
  expect(rows.map((r) => r[0])).toEqual(['Jan 2023']);
  await expect(page.locator('#load-summary tbody tr')).toHaveCount(1);

  // A new worker takes the next load.
  await page.locator('#file-input').setInputFiles(feb);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
  expect((await readCountTable(page)).rows.map((r) => r[0])).toEqual(['Jan 2023', 'Feb 2023']);
});
