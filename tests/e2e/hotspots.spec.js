// The Hotspots view over real police.uk street files (City of London, 2023; provenance in
// tests/data/SOURCES.md). Expected figures are worked out here from the CSV with csv-parse:
// a Crime ID repeated within a file counts once, at its first row; LSOAs are ranked by their
// crimes (ties by name) and each share is of every crime that names an LSOA.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, loadSample, expectNoAxeViolations, tabUntil, number,
} from './fixtures.js';

const ARTIFACTS = 'artifacts/screenshots';
const DECEMBER = 'assets/sample/2023-12-city-of-london-street.csv';
const MARCH = 'assets/sample/2023-03-city-of-london-street.csv';
const ZIP = 'tests/data/police-zip/city-of-london-2023-q1.zip';
const FINGERTIPS = 'tests/data/fingertips/indicators-CountyUApre419.data.csv';

/** One street file's crimes of a type (all types when `type` is undefined), counted in Node. */
function expected(path, type) {
  const records = parse(readFileSync(path), { columns: true, bom: true, relax_column_count: true });
  const seen = new Set();
  const lsoas = new Map();
  let crimes = 0;
  let noLocation = 0;
  for (const r of records) {
    const id = r['Crime ID'].trim();
    if (id !== '') {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    if (type !== undefined && r['Crime type'].trim() !== type) continue;
    crimes += 1;
    if (r.Longitude.trim() === '' || r.Latitude.trim() === '') noLocation += 1;
    const code = r['LSOA code'].trim();
    const name = r['LSOA name'].trim();
    if (code !== '' || name !== '') {
      const key = `${code}\t${name}`;
      lsoas.set(key, (lsoas.get(key) ?? 0) + 1);
    }
  }
  const withLsoa = [...lsoas.values()].reduce((a, b) => a + b, 0);
  const ranked = [...lsoas.entries()]
    .map(([key, count]) => {
      const [code, name] = key.split('\t');
      return { code, name, count };
    })
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, 10)
    .map((l) => [l.code, l.name, l.count, (Math.round((l.count / withLsoa) * 1000) / 10).toFixed(1)]);
  return { crimes, noLocation, onMap: crimes - noLocation, ranked };
}

/** The LSOA table as the user reads it: code, name, crimes, share for each row. */
async function readLsoas(page) {
  return page.locator('#lsoa-table').evaluate((table) => [...table.tBodies[0].rows]
    .map((row) => [...row.cells].map((c) => c.textContent.trim()).slice(1)));
}

function lsoaRows(e) {
  return e.ranked.map(([code, name, count, share]) => [code, name, count.toLocaleString('en-GB'), share]);
}

async function sampleAtDecember(page) {
  await openApp(page);
  await loadSample(page);
  await page.locator('#comparison').selectOption({ label: 'latest month vs previous month' });
}

test('the map and the top LSOAs count December\'s crimes as the file does, and say what has no location', async ({ page }) => {
  await sampleAtDecember(page);
  await page.locator('#nav-hotspots').click();
  await expect(page).toHaveURL(/#\/hotspots\?cmp=mom$/);
  await expect(page.locator('#view-heading')).toHaveText('Hotspots');
  await expect(page.locator('#hotspots-what')).toHaveText('Where crime was recorded in all areas, Dec 2023.');
  await expect(page.locator('#hotspots-caveat')).toContainText('anonymised map point');

  const all = expected(DECEMBER);
  expect(all.noLocation).toBeGreaterThan(0);
  await expect(page.locator('#hotspots-count')).toHaveText(
    `${all.crimes.toLocaleString('en-GB')} crimes: ${all.onMap.toLocaleString('en-GB')} with a location on the map. `
    + `${all.noLocation} crimes had no location and are not on the map.`,
  );
  expect(await readLsoas(page)).toEqual(lsoaRows(all));

  // The map's summary and its table of figures count the located crimes, hex by hex.
  const summary = page.locator('#chart-hotspots-summary');
  await expect(summary).toContainText(`${all.onMap.toLocaleString('en-GB')} crimes in `);
  await expect(summary).toContainText('anonymised map point');
  const block = page.locator('.chart-block', { has: page.locator('#chart-hotspots') });
  await block.locator('summary').click();
  const hexTable = page.locator('#chart-hotspots-data');
  await expect(hexTable).toBeVisible();
  const hexCrimes = await hexTable.evaluate((t) => [...t.tBodies[0].rows]
    .map((r) => Number(r.cells[3].textContent.replaceAll(',', '')))
    .reduce((a, b) => a + b, 0));
  expect(hexCrimes).toBe(all.onMap);
  const drawn = await page.locator('#chart-hotspots polygon.hex').evaluateAll((hexes) => hexes
    .map((h) => Number(h.dataset.count)).reduce((a, b) => a + b, 0));
  expect(drawn).toBeGreaterThan(all.onMap * 0.95);

  // The count table says the same for December.
  await page.locator('#nav-overview').click();
  const total = await page.locator('#count-table').evaluate((t) => {
    const row = [...t.tBodies[0].rows].find((r) => r.cells[0].textContent.trim() === 'Dec 2023');
    return row.cells[row.cells.length - 1].textContent.trim();
  });
  expect(number(total)).toBe(all.crimes);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.goBack();
  await expect(page.locator('#lsoa-table')).toBeVisible();
  await page.locator('section.view').screenshot({ path: join(ARTIFACTS, 'hotspots.png') });
});

test('a crime type and the area filter redraw the map; Back and Forward bring the filters back', async ({ page }) => {
  await sampleAtDecember(page);
  await page.locator('#nav-hotspots').click();
  await expect(page.locator('#lsoa-table')).toBeVisible();
  const type = 'Theft from the person';
  await page.locator('#filter-measure').selectOption({ label: type });
  await expect(page).toHaveURL(/#\/hotspots\?m=Theft%20from%20the%20person&cmp=mom$/);
  const theft = expected(DECEMBER, type);
  await expect(page.locator('#hotspots-what')).toHaveText(`Where ${type} was recorded in all areas, Dec 2023.`);
  await expect(page.locator('#hotspots-count')).toContainText(`${theft.crimes} crimes: `);
  expect(await readLsoas(page)).toEqual(lsoaRows(theft));

  await page.goBack();
  await expect(page).toHaveURL(/#\/hotspots\?cmp=mom$/);
  const all = expected(DECEMBER);
  await expect(page.locator('#hotspots-count')).toContainText(`${all.crimes.toLocaleString('en-GB')} crimes: `);
  await page.goForward();
  await expect(page.locator('#hotspots-count')).toContainText(`${theft.crimes} crimes: `);

  // One area: only the crimes whose LSOA is in the City of London.
  await page.locator('#area').selectOption('City of London');
  await expect(page.locator('#hotspots-what')).toHaveText(`Where ${type} was recorded in City of London, Dec 2023.`);
  const records = parse(readFileSync(DECEMBER), { columns: true });
  const seen = new Set();
  const inCity = records.filter((r) => {
    if (r['Crime ID'] !== '') {
      if (seen.has(r['Crime ID'])) return false;
      seen.add(r['Crime ID']);
    }
    return r['Crime type'] === type && /^City of London \d{3}[A-Z]$/.test(r['LSOA name']);
  }).length;
  await expect(page.locator('#hotspots-count')).toHaveText(`${inCity} crimes: ${inCity} with a location on the map.`);
});

test('Hotspots works by keyboard: the nav link, the filters, the table of figures and the downloads', async ({ page }) => {
  await sampleAtDecember(page);
  await tabUntil(page, (a) => a.id === 'nav-hotspots');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/hotspots/);
  await expect(page.locator('#view-heading')).toBeFocused();
  await expect(page.locator('#lsoa-table')).toBeVisible();
  await tabUntil(page, (a) => a.tag === 'SUMMARY' && a.text.startsWith('Show the table of figures'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#chart-hotspots-data')).toBeVisible();
  // The map's own downloads come first, then the LSOA table's.
  await tabUntil(page, (a) => a.text === 'Download data (CSV)');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  await tabUntil(page, (a) => a.id === 'download-lsoas');
  const lsoas = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const csv = readFileSync(await (await lsoas).path(), 'utf8');
  // Every LSOA, not just the top ten: their crimes add up to every crime that names one.
  const rows = parse(csv, { columns: true });
  const all = expected(DECEMBER);
  expect(rows.reduce((sum, r) => sum + Number(r.Crimes), 0)).toBe(all.crimes - all.noLocation);
});

test('a zip from data.police.uk is mapped from the entry the table counted', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles(ZIP);
  await expect(page.locator('#status')).toContainText('Loaded 3 files');
  await page.locator('#comparison').selectOption({ label: 'latest month vs previous month' });
  await page.locator('#nav-hotspots').click();
  await expect(page.locator('#hotspots-what')).toHaveText('Where crime was recorded in all areas, Mar 2023.');
  const march = expected(MARCH);
  await expect(page.locator('#hotspots-count')).toContainText(`${march.crimes} crimes: ${march.onMap} with a location on the map.`);
  expect(await readLsoas(page)).toEqual(lsoaRows(march));
});

test('with no street file loaded, Hotspots says why there is no map and what to load', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles(FINGERTIPS);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
  await page.evaluate(() => { window.location.hash = '#/hotspots'; });
  await expect(page.locator('#view-heading')).toHaveText('Hotspots');
  await expect(page.locator('#no-hotspots')).toContainText('no police.uk street-level crime file is loaded');
  await expectNoAxeViolations(page, 'Hotspots with nothing to map');
});
