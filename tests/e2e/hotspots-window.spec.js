// The Hotspots view's months and words: the filter summary says what the map shows (crime
// type and months, not counts by month), the map can show the comparison's other window or
// every month, and data that came without its files (a published file, or "Remember on this
// computer") says in words why there is no map. Expected figures are counted here from the
// sample's CSV files with csv-parse (a Crime ID repeated within a file counts once).
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, loadSample, sampleFiles, monthLabel, expectNoAxeViolations,
} from './fixtures.js';

/** Crimes in sample files (all types when `type` is undefined), each Crime ID once a file. */
function crimes(paths, type) {
  let n = 0;
  for (const path of paths) {
    const seen = new Set();
    for (const r of parse(readFileSync(path), { columns: true, bom: true, relax_column_count: true })) {
      const id = r['Crime ID'].trim();
      if (id !== '') {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      if (type === undefined || r['Crime type'].trim() === type) n += 1;
    }
  }
  return n;
}

// The sample's months, from its files' names (2023-01-…, 2023-12-…).
const files = sampleFiles();
const monthOf = (path) => path.split('/').pop().slice(0, 7);
const last = files.at(-1);
const beforeLast = files.at(-2);

test('on Hotspots the filter summary says the crime type and months mapped, and the map can show the other window or every month', async ({ page }) => {
  await openApp(page);
  await loadSample(page);
  await page.locator('#comparison').selectOption({ label: 'latest month vs previous month' });
  await expect(page.locator('#filter-summary')).toContainText('counts by month');
  await page.locator('#nav-hotspots').click();
  await expect(page.locator('#view-heading')).toHaveText('Hotspots');

  const latest = monthLabel(monthOf(last));
  const previous = monthLabel(monthOf(beforeLast));
  const summary = page.locator('#filter-summary');
  await expect(summary).toHaveText(`Showing hotspots: all recorded crime in ${latest}, on the map and by LSOA.`);
  await expect(summary).not.toContainText('by month');
  await expect(page.locator('#hotspots-count')).toContainText(`${crimes([last]).toLocaleString('en-GB')} crimes: `);

  const type = 'Theft from the person';
  await page.locator('#filter-measure').selectOption({ label: type });
  await expect(summary).toHaveText(`Showing hotspots: ${type} in ${latest}, on the map and by LSOA.`);
  await expect(page.locator('#hotspots-count')).toContainText(`${crimes([last], type)} crimes: `);

  // The months on the map: the current window by default, then the one it is compared with.
  const span = page.locator('#hotspots-span');
  await expect(span.getByLabel(`The current window: ${latest}`)).toBeChecked();
  await span.getByLabel(`The window it is compared with: ${previous}`).check();
  await expect(summary).toHaveText(`Showing hotspots: ${type} in ${previous}, on the map and by LSOA.`);
  await expect(page.locator('#hotspots-what')).toHaveText(`Where ${type} was recorded in all areas, ${previous}.`);
  await expect(page.locator('#hotspots-count')).toContainText(`${crimes([beforeLast], type)} crimes: `);

  // Every month loaded: the whole year's crimes of the type.
  const year = `${monthLabel(monthOf(files[0]))} – ${latest} (all months loaded)`;
  await span.getByLabel(`Every month loaded: ${year}`).check();
  await expect(summary).toHaveText(`Showing hotspots: ${type} in ${year}, on the map and by LSOA.`);
  await expect(page.locator('#hotspots-count')).toContainText(`${crimes(files, type).toLocaleString('en-GB')} crimes: `);
  await expectNoAxeViolations(page, 'Hotspots with the months chosen');

  // Back on the overview, the summary is of counts by month again.
  await page.locator('#nav-overview').click();
  await expect(summary).toContainText('Showing overview: counts by month');
});

test('Hotspots says in words that a published file has no street files to map', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await loadSample(page);
  await page.getByRole('button', { name: 'Publish this dashboard' }).click();
  const name = `e2e-hotspots-${Date.now()}.json`;
  await page.locator('#publish-name').fill(name);
  const download = page.waitForEvent('download');
  await page.locator('#publish-download').click();
  const text = readFileSync(await (await download).path(), 'utf8');
  const link = await page.locator('#publish-link').inputValue();
  const path = join('dist', name);
  writeFileSync(path, text);
  const context = await browser.newContext({ baseURL });
  try {
    const viewer = await context.newPage();
    await viewer.goto(link);
    await expect(viewer.locator('#published-banner')).toContainText('Published data — read only');
    await viewer.locator('#nav-hotspots').click();
    await expect(viewer.locator('#view-heading')).toHaveText('Hotspots');
    const why = viewer.locator('#no-hotspots');
    await expect(why).toContainText('There is nothing to map');
    await expect(why).toContainText('Published data');
    await expect(why).toContainText('a published or remembered table keeps no locations');
    // No map, no reading, no query sent anywhere.
    await expect(viewer.locator('#chart-hotspots')).toHaveCount(0);
    await expect(viewer.locator('#hotspots-progress')).toHaveCount(0);
    await expectNoAxeViolations(viewer, 'Hotspots of a published file');
  } finally {
    await context.close();
    rmSync(path, { force: true });
  }
});

/** In the page: whether the remembered dataset is stored (the database is opened only when
 * it is listed, so asking never creates it). */
const remembered = async () => {
  if (!(await indexedDB.databases()).some((d) => d.name === 'safer-trends')) return false;
  return new Promise((resolve) => {
    const open = indexedDB.open('safer-trends');
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('remembered')) { db.close(); resolve(false); return; }
      const get = db.transaction('remembered').objectStore('remembered').get('dataset');
      get.onsuccess = () => { db.close(); resolve(get.result !== undefined); };
      get.onerror = () => { db.close(); resolve(false); };
    };
  });
};

test('Hotspots says in words that data remembered on this computer has no street files to map', async ({ page }) => {
  await openApp(page);
  await page.locator('#remember').check();
  await loadSample(page);
  // Saved once the load has ended; then a reload restores the counts without the files.
  await expect.poll(() => page.evaluate(remembered)).toBe(true);
  await page.reload();
  await expect(page.locator('#remember-status')).toContainText('Restored the data remembered on this computer');
  await page.locator('#nav-hotspots').click();
  const why = page.locator('#no-hotspots');
  await expect(why).toContainText('There is nothing to map');
  await expect(why).toContainText('Remembered data');
  await expect(why).toContainText('a published or remembered table keeps no locations');
  await expect(page.locator('#chart-hotspots')).toHaveCount(0);
  await expectNoAxeViolations(page, 'Hotspots of remembered data');
  await page.getByRole('button', { name: 'Forget everything on this computer' }).click();
  await expect(page.locator('#remember-status')).toContainText('Forgotten');
});
