// The board report: shown in the page ready to print, and downloaded as one HTML file that a
// board member opens with scripts off and no network, reading the same headline figures the
// dashboard showed. The figures are read from both pages' text, and the all-crime row is
// checked against counts worked out here from the sample files.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  test, expect, openApp, loadSample, sampleCounts, expectNoAxeViolations,
} from './fixtures.js';

/** A headline table's rows as the reader sees them: the crime type, then each cell's text. */
async function headlineRows(table) {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => {
    const th = row.querySelector('th');
    // The dashboard's crime type is a link to its detail; the text is the same either way.
    const name = (th.querySelector('a') ?? th).textContent.trim();
    const cells = [...row.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent.trim());
    return [name, ...cells];
  }));
}

const ARTIFACTS = 'artifacts/screenshots';
const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

test('the downloaded report opens with scripts off and no network, with the dashboard’s figures, and prints on A4', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await loadSample(page);
  const dashboard = await headlineRows(page.locator('#headline-table'));
  // The dashboard's all-crime row against the files: December 2023, counted here.
  const byMonth = sampleCounts();
  const dec = sum(byMonth.get('2023-12'));
  expect(dashboard[0].slice(0, 2)).toEqual(['All recorded crime', `Dec 2023: ${dec.toLocaleString('en-GB')}`]);
  expect(dashboard).toHaveLength(byMonth.get('2023-12').size + 1);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`safer-trends-report-all-areas-${today()}.html`);
  // Saved under its own name: a browser opens a file as a web page by its .html ending.
  const path = join(mkdtempSync(join(tmpdir(), 'safer-trends-report-')), file.suggestedFilename());
  await file.saveAs(path);
  const html = readFileSync(path, 'utf8');
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/https?:|\/\//i);

  // Opened as a board member would: from disk, scripts off, every request recorded.
  const offline = await browser.newContext({ javaScriptEnabled: false });
  const requests = [];
  offline.on('request', (r) => requests.push(r.url()));
  const report = await offline.newPage();
  const url = pathToFileURL(path).href;
  await report.goto(url);
  await expect(report.locator('h1')).toHaveText('Crime trends: All areas, Jan 2023 to Dec 2023');
  expect(await headlineRows(report.locator('#report-headline-table'))).toEqual(dashboard);
  await expect(report.locator('#report-narrative li').first()).toContainText(`All recorded crime: ${dec.toLocaleString('en-GB')} in Dec 2023`);
  await expect(report.locator('figure svg')).toHaveCount(4);
  await expect(report.locator('#report-sources')).toContainText('Open Government Licence v3.0');

  mkdirSync(ARTIFACTS, { recursive: true });
  await report.screenshot({ path: join(ARTIFACTS, 'report-file.png'), fullPage: true });
  const pdf = await report.pdf({ format: 'A4' });
  writeFileSync(join(ARTIFACTS, 'report.pdf'), pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // A4 is 595 × 842 points.
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595(\.\d+)? 842(\.\d+)?\]/);
  // Nothing but the file itself was asked for.
  expect(requests).toEqual([url]);
  await offline.close();

  // axe needs script to run, so it checks the same file in a context that allows it (the
  // file has no script of its own to run either way).
  const checking = await browser.newContext();
  const audited = await checking.newPage();
  await audited.goto(url);
  await expectNoAxeViolations(audited, 'the downloaded board report');
  await checking.close();
});

test('the board report opens in the page, matches the dashboard, passes axe and prints alone', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await loadSample(page);
  await page.locator('#granularity').selectOption({ label: 'Quarter (financial, April to June is Q1)' });
  await expect(page.locator('#count-table tbody tr')).toHaveCount(4);
  const dashboard = await headlineRows(page.locator('#headline-table'));
  expect(dashboard[0][1]).toMatch(/^2023\/24 Q3: /);

  const show = page.locator('#show-report');
  await expect(show).toHaveAttribute('aria-expanded', 'false');
  await show.click();
  await expect(show).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#report-title')).toBeFocused();
  await expect(page.locator('#board-report h3')).toHaveText('Crime trends: All areas, Jan 2023 to Dec 2023');
  expect(await headlineRows(page.locator('#report-headline-table'))).toEqual(dashboard);
  await expect(page.locator('#report-chart-0-heading')).toHaveText('All recorded crime by quarter');
  await expectNoAxeViolations(page, 'the dashboard with the board report open');

  // Print: the button calls the browser's print, and on paper only the report shows.
  await page.evaluate(() => { window.print = () => { document.documentElement.dataset.printed = 'yes'; }; });
  await page.getByRole('button', { name: 'Print', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-printed', 'yes');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#board-report')).toBeVisible();
  await expect(page.locator('#headline-table')).toBeHidden();
  await expect(page.locator('#print-report')).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // Closed, the page prints as itself again.
  await show.click();
  await expect(page.locator('#report-view')).toBeHidden();
  await expect(page.locator('html')).not.toHaveAttribute('data-print', 'report');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#headline-table')).toBeVisible();
});
