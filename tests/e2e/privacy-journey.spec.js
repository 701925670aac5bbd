// The privacy proof (issue #8): one journey through every feature that could send data
// anywhere — load, filters, every kind of export, publish and open the published file, the
// link with data, the board report, remembering on this computer and forgetting — while every
// request the browser makes is recorded. The `audit` fixture fails the test on any request
// that leaves the page's own origin; this test also holds every request to the app's own
// static files: a GET for a file that exists in dist/ (or the published file put beside it).
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, openApp } from './fixtures.js';

const DIST = 'dist';
const PUBLISHED = 'privacy-journey.json';

test.afterAll(() => rmSync(join(DIST, PUBLISHED), { force: true }));

/** Clicks a download button and waits for the file. */
async function download(page, locator) {
  const done = page.waitForEvent('download');
  await locator.click();
  const file = await done;
  expect(await file.failure()).toBeNull();
  return file;
}

test('every feature in one journey requests nothing but the app’s own files', async ({ page, context, audit, baseURL }) => {
  test.setTimeout(300_000);
  const origin = new URL(baseURL).origin;
  const methods = [];
  context.on('request', (r) => methods.push(`${r.method()} ${r.url()}`));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

  // Load, remembered on this computer.
  await openApp(page);
  await page.locator('#remember').check();
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await expect(page.locator('#status')).toContainText('Loaded 12 files');

  // Filters.
  await page.locator('#granularity').selectOption({ label: 'Quarter (financial, April to June is Q1)' });
  await expect(page.locator('#count-table tbody tr')).toHaveCount(4);
  await page.locator('#granularity').selectOption({ index: 0 });
  await page.locator('#comparison').selectOption({ index: 1 });

  // Every export on the overview: the tables, and a chart as SVG, PNG and CSV.
  for (const id of ['#download-csv', '#download-headlines', '#download-load-report']) {
    await download(page, page.locator(id));
  }
  for (const kind of ['SVG', 'PNG', 'data (CSV)']) {
    await download(page, page.getByRole('button', { name: new RegExp(`^Download ${kind.replace(/[()]/g, '\\$&')}: `) }).first());
  }

  // The detail view and its SPC chart's exports.
  await page.locator('#nav-detail').click();
  await expect(page.locator('#view-heading')).toContainText('Detail');
  await expect(page.locator('#chart-spc svg')).toHaveCount(1);
  // (The SPC chart's title states its finding, so its buttons are found beside the chart.)
  const spcBlock = page.locator('.chart-block').filter({ has: page.locator('#chart-spc') });
  await download(page, spcBlock.getByRole('button', { name: /^Download PNG: / }));

  // The board report: shown, and downloaded.
  await page.locator('#show-report').click();
  await expect(page.locator('#board-report')).toBeVisible();
  await download(page, page.getByRole('button', { name: 'Download report' }));

  // Publish, then open the published file from beside the app, as a councillor would.
  await page.getByRole('button', { name: 'Publish this dashboard' }).click();
  await page.locator('#publish-name').fill(PUBLISHED);
  const published = await download(page, page.locator('#publish-download'));
  await published.saveAs(join(DIST, PUBLISHED));
  const viewer = await context.newPage();
  await viewer.goto(`./#published=${PUBLISHED}`);
  await expect(viewer.locator('#published-banner')).toBeVisible();
  await expect(viewer.locator('#count-table tbody tr')).toHaveCount(12);
  await viewer.close();

  // The link with data, opened in another tab.
  await page.getByRole('button', { name: 'Copy link with data' }).click();
  await expect(page.locator('#link-status')).toContainText('Link copied to the clipboard');
  const link = await page.locator('#share-link-text').inputValue();
  const linked = await context.newPage();
  await linked.goto(link);
  await expect(linked.locator('#published-banner')).toContainText('These figures were shared in a link');
  await linked.close();

  // A Fingertips export and its view.
  await page.locator('#file-input').setInputFiles('tests/data/fingertips/indicators-CountyUA.data.csv');
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
  await page.locator('#nav-indicators').click();
  await expect(page.locator('#view-heading')).toContainText('Indicators');

  // Remembered across a reload, then forgotten.
  await page.reload();
  await expect(page.locator('#remember-status')).toContainText('Restored the data remembered on this computer');
  await page.getByRole('button', { name: 'Forget everything on this computer' }).click();
  await expect(page.locator('#remember-status')).toContainText('Forgotten');

  // Every request was a GET for one of the app's own files (the fixture then checks that
  // none left the origin at all).
  const own = methods.filter((m) => !m.includes(' blob:') && !m.includes(' data:'));
  expect(own.length).toBeGreaterThan(0);
  for (const entry of own) {
    const [method, url] = entry.split(' ');
    expect(method, url).toBe('GET');
    expect(url.startsWith(`${origin}/`), url).toBe(true);
    const path = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '');
    const file = join(DIST, path === '' ? 'index.html' : path);
    expect(existsSync(file) && statSync(file).isFile(), `${url} is one of the app’s files`).toBe(true);
  }
  expect(audit.requests.length).toBeGreaterThan(0);
});
