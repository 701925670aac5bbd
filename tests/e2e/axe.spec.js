import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, loadSample, sampleCounts, monthLabel, expectNoAxeViolations, tabUntil,
} from './fixtures.js';

const ARTIFACTS = 'artifacts/screenshots';

// One test per view, so each has the time axe needs on a page of charts and tables.
test.describe('axe-core finds no violations', () => {
  // axe walks every node of a page of charts and tables: half a minute on a busy 2-core machine.
  test.setTimeout(120_000);
  test.beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));

  test('on the landing page', async ({ page }) => {
    await openApp(page);
    await expectNoAxeViolations(page, 'the landing page');
    await page.screenshot({ path: join(ARTIFACTS, 'landing.png'), fullPage: true });
  });

  test('on the overview, with a sentence open, the polarity panel open and a sort', async ({ page }) => {
    await openApp(page);
    await loadSample(page);
    await page.locator('#headline-table tbody tr').nth(1).getByRole('button', { name: /Show sentence/ }).click();
    await page.locator('#polarity-panel summary').click();
    await page.locator('#headline-table thead button', { hasText: 'Change' }).click();
    await expectNoAxeViolations(page, 'the overview');
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
  });

  test('on the overview by quarter', async ({ page }) => {
    await openApp(page);
    await loadSample(page);
    await page.locator('#granularity').selectOption({ label: 'Quarter (financial, April to June is Q1)' });
    await expect(page.locator('#count-table tbody tr')).toHaveCount(4);
    await expectNoAxeViolations(page, 'the overview by quarter');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-quarters.png'), fullPage: true });
  });

  test('on the detail view', async ({ page }) => {
    await openApp(page);
    await loadSample(page);
    await page.locator('#nav-detail').click();
    await expect(page.locator('#view-heading')).toHaveText('Detail: All recorded crime');
    await page.locator('#filter-measure').selectOption({ label: 'Shoplifting' });
    await expect(page.locator('#view-heading')).toHaveText('Detail: Shoplifting');
    await expectNoAxeViolations(page, 'the detail view');
    await page.screenshot({ path: join(ARTIFACTS, 'detail.png'), fullPage: true });
  });

  test('on the hotspots view, with the map\'s table of figures open', async ({ page }) => {
    await openApp(page);
    await loadSample(page);
    await page.locator('#nav-hotspots').click();
    await expect(page.locator('#view-heading')).toHaveText('Hotspots');
    await expect(page.locator('#lsoa-table')).toBeVisible();
    await page.locator('.chart-block', { has: page.locator('#chart-hotspots') }).locator('summary').click();
    await expectNoAxeViolations(page, 'the hotspots view');
    await page.screenshot({ path: join(ARTIFACTS, 'hotspots-page.png'), fullPage: true });
  });

  test('on the custom comparison with its error summary', async ({ page }) => {
    await openApp(page);
    await loadSample(page);
    await page.locator('#comparison').selectOption({ label: 'custom: months you choose' });
    await page.getByRole('button', { name: 'Apply comparison' }).click();
    await expect(page.locator('#custom-errors')).toBeFocused();
    await expect(page.locator('#custom-errors li')).toHaveCount(4);
    await expectNoAxeViolations(page, 'the custom comparison with its error summary');
    await page.locator('.filters').screenshot({ path: join(ARTIFACTS, 'custom-comparison-errors.png') });
    // The help is reached from the header without losing the view's address.
    await page.locator('#nav-detail').click();
    const address = page.url();
    await page.getByRole('link', { name: 'Help' }).click();
    await expect(page.locator('#help')).toBeFocused();
    expect(page.url()).toBe(address);
    await expect(page.locator('#view-heading')).toHaveText('Detail: All recorded crime');
  });
});

test('the main journey, sample to overview to detail to export, works from the keyboard alone', async ({ page }) => {
  await openApp(page);
  await tabUntil(page, (el) => el.text === 'Skip to main content', 1);
  await tabUntil(page, (el) => el.id === 'load-sample', 20);
  await page.keyboard.press('Enter');
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
  await expect(page.locator('#nav-overview')).toHaveAttribute('aria-current', 'page');

  // From the overview's headline table to one crime type's detail.
  await tabUntil(page, (el) => el.tag === 'A' && el.text === 'Shoplifting');
  await page.keyboard.press('Enter');
  await expect(page.locator('#view-heading')).toHaveText('Detail: Shoplifting');
  await expect(page.locator('#view-heading')).toBeFocused();
  await expect(page).toHaveURL(/#\/detail\?m=Shoplifting$/);

  // Export what the detail shows.
  await tabUntil(page, (el) => el.id === 'download-detail');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toBe('safer-trends-detail.csv');
  const rows = parse(readFileSync(await file.path()), { columns: true });
  const counts = sampleCounts();
  const months = [...counts.keys()].sort();
  expect(rows.map((r) => r.Period)).toEqual(months.map(monthLabel));
  for (const r of rows) {
    expect(r['Crime type']).toBe('Shoplifting');
    const iso = months.find((m) => monthLabel(m) === r.Period);
    expect(Number(r.Count), r.Period).toBe(counts.get(iso).get('Shoplifting') ?? 0);
    expect(r.Complete).toBe('yes');
    expect(Number(r['SPC lower process limit'])).toBeLessThanOrEqual(Number(r['SPC mean']));
  }
  // The XmR mean is the mean of the twelve months, worked out here from the files.
  const mean = months.reduce((a, m) => a + (counts.get(m).get('Shoplifting') ?? 0), 0) / months.length;
  expect(Number(rows[0]['SPC mean'])).toBeCloseTo(mean, 1);
});
