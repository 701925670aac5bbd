// The Indicators view over a real Fingertips export (East Midlands, the co-occurring substance
// misuse and mental health profile; provenance in tests/data/SOURCES.md). Expected figures
// and words are worked out here from the CSV with csv-parse: each area's value to one decimal
// place, and its comparison with England by the rule a reader applies by hand (England's value
// outside the area's 95% interval is significant; lower is better unless the user says not),
// checked again against the "Compared to England" column Fingertips itself published.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { test, expect, openApp, loadSample, expectNoAxeViolations, tabUntil } from './fixtures.js';

const EAST_MIDLANDS = 'tests/data/fingertips/indicators-CountyUApre419.data.csv';
const ARTIFACTS = 'artifacts/screenshots';
const CARE = '90402'; // Children leaving care: rate per 10,000 children aged under 18

const records = () => parse(readFileSync(EAST_MIDLANDS), { columns: true, bom: true, relax_column_count: true })
  .filter((r) => r['Category Type'] === '');

/** The indicator's name as the app shows it: line breaks collapsed, the age band added when it narrows. */
function measureName(r) {
  const name = r['Indicator Name'].split(/\s+/).filter(Boolean).join(' ');
  return ['All ages', 'Not applicable'].includes(r.Age) ? name : `${name} (${r.Age})`;
}

/** Each area's expected cell text for one indicator: "value words". */
function expectedCells(id, lowerIsBetter = true) {
  const rows = records().filter((r) => r['Indicator ID'] === id);
  const england = Number(rows.find((r) => r['Area Name'] === 'England').Value);
  const cells = new Map();
  for (const r of rows) {
    const [lower, upper] = [r['Lower CI 95.0 limit'], r['Upper CI 95.0 limit']];
    let words = 'Not compared';
    if (r['Area Name'] !== 'England' && lower !== '' && upper !== '') {
      if (Number(upper) < england) words = lowerIsBetter ? 'Better' : 'Worse';
      else if (Number(lower) > england) words = lowerIsBetter ? 'Worse' : 'Better';
      else words = 'Similar';
    }
    // Fingertips' own answer, where it gave one, says the same (Lower/Higher: it did not judge).
    const published = { Lower: lowerIsBetter ? 'Better' : 'Worse', Higher: lowerIsBetter ? 'Worse' : 'Better' }[r['Compared to England value or percentiles']]
      ?? r['Compared to England value or percentiles'];
    if (published !== 'Not compared') expect(words, `${r['Area Name']}: Fingertips' own comparison`).toBe(published);
    cells.set(r['Area Name'], { text: `${Number(r.Value).toFixed(1)} ${words}`, period: r['Time period'], name: measureName(r) });
  }
  return cells;
}

/** The rug as the user reads it: area headers, and each row's header, period and cell texts. */
async function readRug(page) {
  return page.locator('#tartan-rug').evaluate((table) => {
    const text = (c) => c.textContent.replace(/\s+/g, ' ').trim();
    const header = [...table.tHead.rows[0].cells].map(text);
    const rows = [...table.tBodies[0].rows].map((row) => [...row.cells].map(text));
    return { header, rows };
  });
}

async function loadFingertips(page) {
  await page.locator('#file-input').setInputFiles(EAST_MIDLANDS);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
}

test('the tartan rug shows each area\'s value and its comparison with England, as worked out from the file', async ({ page }) => {
  await openApp(page);
  await loadFingertips(page);
  await page.locator('#nav-indicators').click();
  await expect(page).toHaveURL(/#\/indicators$/);
  await expect(page.locator('#view-heading')).toHaveText('Indicators');

  const expected = expectedCells(CARE);
  const { name, period } = expected.get('England');
  const { header, rows } = await readRug(page);
  const areas = [...expected.keys()];
  // Every area of the file is a column after the indicator and period.
  expect(header.slice(0, 2)).toEqual(['Indicator', 'Period']);
  expect([...header.slice(2)].sort()).toEqual([...areas].sort());
  expect(header[2]).toBe('England');
  const row = rows.find((r) => r[0] === name);
  expect(row, `a rug row for ${name}`).toBeTruthy();
  expect(row[1]).toBe(period);
  for (const [i, area] of header.slice(2).entries()) {
    expect(row[i + 2], area).toBe(expected.get(area).text);
  }
  // One row per indicator in the file.
  expect(rows.length).toBe(new Set(records().map((r) => r['Indicator ID'])).size);

  // Higher is better for this indicator, as a user may say: Better and Worse swap.
  await page.locator('#indicator-choice').selectOption({ label: name });
  await page.locator('#indicator-polarity').selectOption({ label: 'Higher is better' });
  await expect(page).toHaveURL(/pol=/);
  const flipped = expectedCells(CARE, false);
  const after = (await readRug(page)).rows.find((r) => r[0] === name);
  for (const [i, area] of header.slice(2).entries()) {
    expect(after[i + 2], area).toBe(flipped.get(area).text);
  }
});

test('the Indicators view is reached, driven and left by keyboard, and its address reopens it', async ({ page }) => {
  await openApp(page);
  await loadSample(page);
  // police.uk data alone: no indicators to show, so no link to them.
  await expect(page.locator('#nav-indicators')).toBeHidden();
  await loadFingertips(page);
  await expect(page.locator('#nav-indicators')).toBeVisible();

  await page.locator('#main').focus();
  await tabUntil(page, (el) => el.id === 'nav-indicators');
  await page.keyboard.press('Enter');
  await expect(page.locator('#view-heading')).toBeFocused();

  // A rug row's indicator is a link: choosing it by keyboard changes the charts and the address.
  const care = expectedCells(CARE).get('England').name;
  await tabUntil(page, (el) => el.tag === 'A' && el.text === care);
  await page.keyboard.press('Enter');
  await expect(page.locator('#indicator-charts-heading')).toHaveText(care);
  await expect(page).toHaveURL(/[?&]ind=Children%20leaving%20care/);

  // The area, from its select by keyboard.
  await tabUntil(page, (el) => el.id === 'indicator-area');
  await page.keyboard.type('Nottingham');
  await expect(page).toHaveURL(/[?&]ia=Nottingham/);
  await expect(page.locator('#area-charts-heading')).toHaveText('Nottingham: indicators against England');

  // The charts for the area and indicator, each with its table one click away.
  for (const id of ['chart-spine', 'chart-compare', 'chart-trend', 'chart-funnel']) {
    await expect(page.locator(`#${id} svg`)).toBeVisible();
  }
  const compareTable = page.locator('#chart-compare-data');
  await expect(compareTable).toBeHidden();
  await tabUntil(page, (el) => el.tag === 'SUMMARY' && el.text.includes('areas compared with England'));
  await page.keyboard.press('Enter');
  await expect(compareTable).toBeVisible();
  // The region and the nine counties, each once.
  const counties = records().filter((r) => r['Indicator ID'] === CARE && r['Area Name'] !== 'England');
  await expect(compareTable.locator('tbody tr')).toHaveCount(counties.length);
  await expect(page.locator('#chart-trend-summary')).toContainText('Recent trend for Nottingham: cannot be calculated');

  // Back returns to the previous area; a copied link reopens the same view once the data is loaded.
  await page.goBack();
  await expect(page.locator('#area-charts-heading')).not.toHaveText(/^Nottingham/);
  await page.goForward();
  await expect(page.locator('#area-charts-heading')).toHaveText('Nottingham: indicators against England');
  const link = page.url();
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect(page.locator('#link-note')).toContainText('This link opens the indicators');
  await loadFingertips(page);
  await expect(page.locator('#view-heading')).toHaveText('Indicators');
  await expect(page.locator('#indicator-charts-heading')).toHaveText(care);
  await expect(page.locator('#area-charts-heading')).toHaveText('Nottingham: indicators against England');
});

test('axe-core finds no violations on the Indicators view', async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(ARTIFACTS, { recursive: true });
  await openApp(page);
  await loadFingertips(page);
  await page.locator('#nav-indicators').click();
  await expect(page.locator('#chart-spine svg')).toBeVisible();
  for (const summary of await page.locator('details.chart-data summary').all()) await summary.click();
  await expectNoAxeViolations(page, 'the Indicators view');
  await page.screenshot({ path: join(ARTIFACTS, 'indicators.png'), fullPage: true });
});
