import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, loadSample, sampleCounts, readCountTable, number, binomTwoSided, pWords,
} from './fixtures.js';

/** Financial quarter and year labels for an ISO month, written here from the definitions
 * (April starts the year; April to June is Q1). */
const financialYear = (iso) => {
  const [y, m] = iso.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
};
const financialQuarter = (iso) => {
  const m = Number(iso.slice(5, 7));
  return `${financialYear(iso)} Q${Math.floor(((m + 8) % 12) / 3) + 1}`;
};

/** Sums the sample's months into periods: Map(label → { months, byType }). */
function sumBy(periodOf) {
  const periods = new Map();
  for (const [month, types] of [...sampleCounts()].sort(([a], [b]) => a.localeCompare(b))) {
    const p = periods.get(periodOf(month)) ?? { months: 0, byType: new Map() };
    p.months += 1;
    for (const [t, n] of types) p.byType.set(t, (p.byType.get(t) ?? 0) + n);
    periods.set(periodOf(month), p);
  }
  return periods;
}

async function expectTableHolds(page, heading, periods, monthsIn) {
  const { header, rows } = await readCountTable(page);
  expect(header[0]).toBe(heading);
  expect(header.slice(-2)).toEqual(['Total', 'Months with data']);
  const types = header.slice(1, -2);
  expect(rows.map((r) => r[0])).toEqual([...periods.keys()]);
  for (const row of rows) {
    const expected = periods.get(row[0]);
    types.forEach((t, i) => expect(number(row[i + 1]), `${row[0]} ${t}`).toBe(expected.byType.get(t) ?? 0));
    const total = [...expected.byType.values()].reduce((a, b) => a + b, 0);
    expect(number(row.at(-2)), `${row[0]} total`).toBe(total);
    const coverage = `${expected.months} of ${monthsIn} months`;
    expect(row.at(-1)).toBe(expected.months === monthsIn ? coverage : `${coverage} (incomplete)`);
  }
  return { header, rows };
}

test('quarters and financial years add up the months, and part-years are marked, not compared', async ({ page }) => {
  await openApp(page);
  await loadSample(page);

  await page.locator('#granularity').selectOption({ label: 'Quarter (financial, April to June is Q1)' });
  const quarters = sumBy(financialQuarter);
  expect([...quarters.keys()]).toEqual(['2022/23 Q4', '2023/24 Q1', '2023/24 Q2', '2023/24 Q3']);
  await expect(page.locator('#count-table tbody tr')).toHaveCount(4);
  const shown = await expectTableHolds(page, 'Quarter', quarters, 3);
  // The chart has a point per quarter, and the latest complete quarter heads the table.
  await expect(page.locator('#chart-total svg circle')).toHaveCount(4);
  await expect(page.locator('#chart-total svg > title')).toHaveText('All recorded crime by quarter');
  const q3 = [...quarters.get('2023/24 Q3').byType.values()].reduce((a, b) => a + b, 0);
  await expect(page.locator('#headline-table thead th').nth(1)).toHaveText(/^Latest quarter/);
  await expect(page.locator('#headline-table tbody tr').first().locator('td').first()).toHaveText(`2023/24 Q3: ${q3.toLocaleString('en-GB')}`);
  // The download holds exactly the table.
  let download = page.waitForEvent('download');
  await page.locator('#download-csv').click();
  let file = await download;
  expect(file.suggestedFilename()).toBe('safer-trends-quarterly-counts.csv');
  let csv = parse(readFileSync(await file.path()));
  expect(csv[0]).toEqual(shown.header);
  expect(csv.slice(1)).toEqual(shown.rows.map((r) => [r[0], ...r.slice(1, -1).map((c) => String(number(c))), r.at(-1).replace(' (incomplete)', '')]));

  await page.locator('#granularity').selectOption({ label: 'Financial year (April to March)' });
  const years = sumBy(financialYear);
  expect([...years.keys()]).toEqual(['2022/23', '2023/24']);
  await expect(page.locator('#count-table tbody tr')).toHaveCount(2);
  await expectTableHolds(page, 'Financial year', years, 12);
  await expect(page.locator('#count-table tbody tr.incomplete')).toHaveCount(2);
  // Neither year is whole: nothing is charted and no year is called the latest.
  await expect(page.locator('#chart-total svg circle')).toHaveCount(0);
  await expect(page.locator('#headline-table tbody tr').first().locator('td').first()).toHaveText('No complete period');
  download = page.waitForEvent('download');
  await page.locator('#download-csv').click();
  file = await download;
  expect(file.suggestedFilename()).toBe('safer-trends-financial-year-counts.csv');
  csv = parse(readFileSync(await file.path()), { columns: true });
  expect(csv.map((r) => r['Months with data'])).toEqual(['3 of 12 months', '9 of 12 months']);

  // The detail view follows: its SPC uses complete periods only, and says it cannot chart none.
  await page.locator('#nav-detail').click();
  await expect(page.locator('#detail-table tbody tr')).toHaveCount(2);
  await expect(page.locator('#detail-table tbody tr').first().locator('td').last()).toHaveText('3 of 12 (incomplete, not compared)');
  await expect(page.locator('#spc-summary')).toContainText('cannot be calculated');
});

test('a custom comparison is checked, explained when wrong, then tested on the months chosen', async ({ page }) => {
  await openApp(page);
  await loadSample(page);
  await page.locator('#comparison').selectOption({ label: 'custom: months you choose' });
  const pick = async (id, month) => page.locator(`#custom-${id}`).selectOption({ label: month });
  await pick('current-from', 'Jul 2023');
  await pick('current-to', 'Dec 2023');
  await pick('baseline-from', 'Jan 2023');
  await pick('baseline-to', 'Apr 2023');
  await page.getByRole('button', { name: 'Apply comparison' }).click();

  const summary = page.locator('#custom-errors');
  await expect(summary).toBeFocused();
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary.locator('h3')).toHaveText('There is a problem');
  const message = 'The period compared with must be 6 months long, the same as the current period (it is 4)';
  await expect(summary.locator('li')).toHaveText([message]);
  await expect(page.locator('#custom-baseline-to-error')).toHaveText(`Error: ${message}`);
  await expect(page.locator('#custom-baseline-to')).toHaveAttribute('aria-describedby', 'custom-baseline-to-error');
  expect(page.url()).not.toContain('cmp=custom');
  // The error links to the field that fixes it.
  await summary.locator('a').click();
  await expect(page.locator('#custom-baseline-to')).toBeFocused();
  await pick('baseline-to', 'Jun 2023');
  await page.getByRole('button', { name: 'Apply comparison' }).click();
  await expect(summary).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('#/overview?cmp=custom&cur=2023-07..2023-12&base=2023-01..2023-06');
  await expect(page.locator('#headline-table caption')).toContainText('Change: Jul 2023 – Dec 2023 vs Jan 2023 – Jun 2023.');

  // Each row is the exact test on the two six-month totals, worked out here from the files.
  const counts = sampleCounts();
  const total = (type, from, to) => [...counts].filter(([m]) => m >= from && m <= to).reduce((a, [, t]) => a + (t.get(type) ?? 0), 0);
  for (const type of ['Burglary', 'Shoplifting']) {
    const current = total(type, '2023-07', '2023-12');
    const baseline = total(type, '2023-01', '2023-06');
    const row = page.locator('#headline-table tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${type}$`) }) });
    const diff = current - baseline;
    await expect(row.locator('td').nth(1)).toHaveText(`${diff >= 0 ? '+' : ''}${((100 * diff) / baseline).toFixed(1)}% (${diff >= 0 ? '+' : ''}${diff})`);
    const p = binomTwoSided(current, current + baseline, 0.5);
    const verdict = p < 0.05 ? (diff > 0 ? 'Statistically significant increase' : 'Statistically significant decrease') : 'No significant change';
    await expect(row.locator('td').nth(2)).toHaveText(`${verdict} (${pWords(p)})`);
    await expect(row.locator('.narrative-text')).toContainText(`${type}: ${current.toLocaleString('en-GB')} in Jul 2023 – Dec 2023`);
  }

  // A link with an impossible custom comparison shows its problem instead of a number.
  await page.goto('./#/overview?cmp=custom&cur=2023-07..2023-12&base=2023-05..2023-10');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await loadSample(page);
  await expect(page.locator('#custom-errors li')).toHaveText(['The period compared with must not overlap the current period, Jul 2023 – Dec 2023']);
  await expect(page.locator('#headline-table caption')).toContainText('The custom comparison needs fixing');
});
