// The Area filter's second choice: one LSOA within the chosen area, checked against counts
// taken from the sample's CSVs here, independently of the app.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, loadSample, sampleFiles, monthLabel, readCountTable, number, expectNoAxeViolations,
} from './fixtures.js';

/** Month → crime type → count for the rows in `lsoa`; a Crime ID repeated within a file
 * counts once, where its first row puts it. */
function lsoaCounts(lsoa) {
  const byMonth = new Map();
  const lsoas = new Map();
  for (const path of sampleFiles()) {
    const records = parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });
    const seen = new Set();
    for (const r of records) {
      const id = r['Crime ID'].trim();
      if (id !== '') {
        if (seen.has(`${r.Month} ${id}`)) continue;
        seen.add(`${r.Month} ${id}`);
      }
      const name = r['LSOA name'].trim();
      lsoas.set(name, (lsoas.get(name) ?? 0) + 1);
      if (name !== lsoa) continue;
      const month = byMonth.get(r.Month) ?? new Map();
      month.set(r['Crime type'], (month.get(r['Crime type']) ?? 0) + 1);
      byMonth.set(r.Month, month);
    }
  }
  return { byMonth, lsoas };
}

test('one LSOA of the City of London: the table, headlines and detail hold only its crimes', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await loadSample(page);
  // No LSOA choice until an area is chosen.
  await expect(page.locator('#area-lsoa')).toHaveCount(0);
  await page.locator('#area').selectOption('City of London');
  await expect(page.locator('#area-lsoa')).toBeVisible();

  // The choices are the area's LSOAs as the files name them.
  const { lsoas } = lsoaCounts('');
  const city = [...lsoas.keys()].filter((n) => /^City of London \d{3}[A-Z]$/.test(n)).sort();
  const offered = await page.locator('#area-lsoa option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v !== ''));
  expect(offered).toEqual(city);

  // The busiest LSOA, so that most crime types have counts.
  const lsoa = city.reduce((a, b) => (lsoas.get(b) > lsoas.get(a) ? b : a));
  await page.locator('#area-lsoa').selectOption(lsoa);
  const { byMonth } = lsoaCounts(lsoa);
  const { header, rows } = await readCountTable(page);
  expect(rows).toHaveLength(12);
  const types = header.slice(1, -1);
  for (const row of rows) {
    const iso = [...byMonth.keys()].find((m) => monthLabel(m) === row[0]);
    const counts = byMonth.get(iso) ?? new Map();
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(number(row.at(-1)), `${row[0]} total in ${lsoa}`).toBe(total);
    types.forEach((type, i) => expect(number(row[i + 1]), `${row[0]} ${type}`).toBe(counts.get(type) ?? 0));
  }
  await expect(page.locator('#headline-caption')).toContainText(lsoa);
  await expectNoAxeViolations(page, 'the overview cut to one LSOA');

  // The detail of one crime type follows the same cut.
  await page.locator('#nav-detail').click();
  await expect(page.locator('#area-lsoa')).toHaveValue(lsoa);
  const detail = await page.locator('#detail-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  for (const [month, count] of detail) {
    const iso = [...byMonth.keys()].find((m) => monthLabel(m) === month);
    const total = [...(byMonth.get(iso) ?? new Map()).values()].reduce((a, b) => a + b, 0);
    expect(number(count), month).toBe(total);
  }

  // Choosing another area starts again from the whole of it.
  await page.locator('#nav-overview').click();
  await page.locator('#area').selectOption('Camden');
  await expect(page.locator('#area-lsoa')).toHaveValue('');
  await expect(page.locator('#headline-caption')).toContainText('Camden');
  await expect(page.locator('#headline-caption')).not.toContainText(lsoa);
  await expect(page).toHaveURL(/area=Camden/);
  await expect(page).not.toHaveURL(/lsoa=/);

  // The area and the LSOA are in the address: Back brings the LSOA's table back, and the
  // link opens the same cut once the same data is loaded.
  await page.goBack();
  await expect(page.locator('#area-lsoa')).toHaveValue(lsoa);
  await expect(page.locator('#headline-caption')).toContainText(lsoa);
  const link = page.url();
  expect(decodeURIComponent(link)).toContain(`area=City of London&lsoa=${lsoa}`);
  await page.goto('about:blank');
  await page.goto(link);
  await loadSample(page);
  await expect(page.locator('#area')).toHaveValue('City of London');
  await expect(page.locator('#area-lsoa')).toHaveValue(lsoa);
  expect((await readCountTable(page)).rows.map((r) => number(r.at(-1)))).toEqual(rows.map((r) => number(r.at(-1))));
});
