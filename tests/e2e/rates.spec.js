// Rates per 1,000 population: the sample's police.uk files with a population file generated
// here in the ONS council layout (round numbers, so each rate is worked out by hand), checked
// against rates computed in this test from the files' own counts.
import { mkdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import {
  test, expect, openApp, loadSample, sampleFiles, expectedCounts, monthLabel, expectNoAxeViolations,
} from './fixtures.js';

const ARTIFACTS = 'artifacts/screenshots';
const AREA = 'City of London';
// Mid-2023 is the estimate every 2023 month uses; mid-2022 is there to show it is not used.
const PEOPLE = { 2022: 9_000, 2023: 10_000 };

/** A council tidy mid-year estimates file: one row per year and sex, all ages and bands. */
function populationFile() {
  const lines = ['period,area_code,area_name,geography,sex,all_ages,aged_0_to_15,aged_16_to_64,aged_65_and_over'];
  for (const [year, persons] of Object.entries(PEOPLE)) {
    lines.push(`${year}-06-30,E09000001,${AREA},Local Authority,Persons,${persons},1000,${persons - 2000},1000`);
    lines.push(`${year}-06-30,E09000001,${AREA},Local Authority,Females,${persons / 2},500,${persons / 2 - 1000},500`);
  }
  return { name: 'mid-year-population-city-of-london.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) };
}

/** The sample's counts in one area, by month and crime type, from the CSVs themselves. */
function areaCounts(area) {
  const byMonth = new Map();
  for (const f of sampleFiles()) {
    for (const [month, types] of expectedCounts(f, { area }).byMonth) byMonth.set(month, types);
  }
  return byMonth;
}

const rate = (n, persons) => (n * 1000) / persons;
/** Byar's approximation to the Poisson 95% limits (PHE's method from 10 events). */
function byars(n, persons) {
  const z = 1.959963984540054;
  const lower = n * (1 - 1 / (9 * n) - z / (3 * Math.sqrt(n))) ** 3;
  const m = n + 1;
  const upper = m * (1 - 1 / (9 * m) + z / (3 * Math.sqrt(m))) ** 3;
  return [rate(lower, persons), rate(upper, persons)];
}
const twoDp = (x) => x.toFixed(2);

async function loadWithPopulation(page) {
  await openApp(page);
  await loadSample(page);
  await page.locator('#file-input').setInputFiles([populationFile()]);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
}

test('without a population file, or without one area, the page says why there are no rates', async ({ page }) => {
  await openApp(page);
  await loadSample(page);
  await expect(page.locator('#population-note')).toContainText('Add a population file to unlock rates');
  await expect(page.locator('#rate-hint')).toContainText('Add a population file to unlock rates');
  // Asking anyway keeps counts and says so.
  await page.getByLabel('Rate per 1,000 population').check();
  await expect(page).toHaveURL(/rate=1000/);
  await expect(page.locator('#rate-hint')).toContainText('Counts are shown. Add a population file');
  await expect(page.locator('#headline-table')).toBeVisible();
  await expect(page.locator('#rate-table')).toHaveCount(0);

  await page.locator('#file-input').setInputFiles([populationFile()]);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
  await expect(page.locator('#population-note')).toHaveCount(0);
  // All areas together have no one population.
  await expect(page.locator('#rate-hint')).toContainText('Rates are for one area at a time');
  await expect(page.locator('#rate-table')).toHaveCount(0);
  // An area the population file does not cover.
  await page.locator('#area').selectOption('Camden');
  await expect(page.locator('#rate-hint')).toContainText('No rate for Camden: no population is loaded for Camden.');
  await expect(page.locator('#rate-table')).toHaveCount(0);
  // The area it covers: rates, as asked.
  await page.locator('#area').selectOption(AREA);
  await expect(page.locator('#rate-table')).toBeVisible();
  await expect(page.locator('#filter-summary')).toContainText('rates per 1,000 population by month');
});

test('the overview headlines as rates per 1,000 match the files and the generated population', async ({ page }) => {
  await loadWithPopulation(page);
  await page.locator('#area').selectOption(AREA);
  await page.getByLabel('Rate per 1,000 population').check();
  await expect(page.locator('#rate-table')).toBeVisible();
  await expect(page.locator('#rate-caption')).toContainText(`${AREA}: crimes per 1,000 population in the latest complete month, from the ONS mid-2023`);

  const counts = areaCounts(AREA);
  const latest = [...counts.keys()].sort().at(-1);
  const dec = counts.get(latest);
  const total = [...dec.values()].reduce((a, b) => a + b, 0);
  const rows = await page.locator('#rate-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  expect(rows[0][0]).toBe('All recorded crime');
  // Every crime type with rows in the area (and all crime) has its row.
  expect(rows.length).toBeGreaterThan(5);
  for (const [type, period, count, shown, interval, population] of rows) {
    const n = type === 'All recorded crime' ? total : (dec.get(type) ?? 0);
    expect(period, type).toBe(monthLabel(latest));
    expect(Number(count.replaceAll(',', '')), type).toBe(n);
    expect(shown, type).toBe(twoDp(rate(n, PEOPLE[2023])));
    expect(population, type).toBe('10,000 (mid-2023)');
    if (n >= 10) {
      const [lo, hi] = byars(n, PEOPLE[2023]);
      expect(interval, type).toBe(`${twoDp(lo)} to ${twoDp(hi)}`);
    }
  }

  // Back to counts and forward to rates again, through the browser's history.
  await page.goBack();
  await expect(page.locator('#headline-table')).toBeVisible();
  await expect(page.locator('#figures-counts')).toBeChecked();
  await page.goForward();
  await expect(page.locator('#rate-table')).toBeVisible();
  await expect(page.locator('#figures-rates')).toBeChecked();

  // The download carries the same rates, unrounded to four places.
  const download = page.waitForEvent('download');
  await page.locator('#download-rates').click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray();
  const csv = parse(Buffer.concat(text));
  expect(csv[0]).toEqual(['Area', 'Crime type', 'Period', 'Count', 'Population', 'Mid-year estimate', 'Rate per 1,000 population', 'Lower 95% limit', 'Upper 95% limit', 'Interval method', 'Note']);
  expect(csv).toHaveLength(rows.length + 1);
  expect(csv[1].slice(0, 7)).toEqual([AREA, 'All recorded crime', monthLabel(latest), String(total), '10000', 'mid-2023', rate(total, PEOPLE[2023]).toFixed(4)]);
  const [lo, hi] = byars(total, PEOPLE[2023]);
  expect(csv[1].slice(7, 10)).toEqual([lo.toFixed(4), hi.toFixed(4), "Byar's"]);
});

test('the detail view charts and tables one crime type as rates, saying the estimate used', async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(ARTIFACTS, { recursive: true });
  await loadWithPopulation(page);
  await page.locator('#area').selectOption(AREA);
  await page.locator('#nav-detail').click();
  await page.locator('#filter-measure').selectOption({ label: 'Theft from the person' });
  await expect(page.locator('#view-heading')).toHaveText('Detail: Theft from the person');
  await page.getByLabel('Rate per 1,000 population').check();
  await expect(page).toHaveURL(/#\/detail\?.*rate=1000/);
  await expect(page.locator('#detail-caption')).toContainText('ONS mid-year estimates: mid-2023 for Jan 2023 to Dec 2023');
  await expect(page.locator('#chart-detail-summary')).toBeVisible();
  await expect(page.locator('#rate-counts-note')).toBeVisible();

  const counts = areaCounts(AREA);
  const rows = await page.locator('#detail-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  expect(rows).toHaveLength(12);
  for (const [month, count, population, shown, interval] of rows) {
    const iso = [...counts.keys()].find((m) => monthLabel(m) === month);
    const n = counts.get(iso).get('Theft from the person') ?? 0;
    expect(Number(count.replaceAll(',', '')), month).toBe(n);
    expect(population, month).toBe('10,000 (mid-2023)');
    expect(shown, month).toBe(twoDp(rate(n, PEOPLE[2023])));
    if (n >= 10) {
      const [lo, hi] = byars(n, PEOPLE[2023]);
      expect(interval, month).toBe(`${twoDp(lo)} to ${twoDp(hi)}`);
    }
  }
  await expectNoAxeViolations(page, 'the detail view with rates');
  await page.screenshot({ path: join(ARTIFACTS, 'detail-rates.png'), fullPage: true });
  await page.locator('#nav-overview').click();
  await expect(page.locator('#rate-table')).toBeVisible();
  await expectNoAxeViolations(page, 'the overview with rates');
  await page.screenshot({ path: join(ARTIFACTS, 'overview-rates.png'), fullPage: true });
});
