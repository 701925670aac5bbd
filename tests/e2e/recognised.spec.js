// What was recognised, in the load summary: a Fingertips export's coverage names its area
// types, counted here from the file with csv-parse.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { test, expect, openApp } from './fixtures.js';

const FINGERTIPS = 'tests/data/fingertips/indicators-CountyUA.data.csv';

test('a Fingertips export says how many areas of each type it covers', async ({ page }) => {
  const records = parse(readFileSync(FINGERTIPS), { columns: true, bom: true, relax_column_count: true });
  const byType = new Map();
  for (const r of records) byType.set(r['Area Type'], (byType.get(r['Area Type']) ?? new Set()).add(r['Area Code']));
  const counts = [...byType].map(([type, codes]) => [type, codes.size])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const areas = counts.reduce((n, [, c]) => n + c, 0);
  const listed = counts.map(([type, n]) => `${n} ${type}`).join(', ');
  expect(listed).toBe('152 County & UA, 9 Region, 1 Country');

  await openApp(page);
  await page.locator('#file-input').setInputFiles(FINGERTIPS);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
  const covers = page.locator('#load-summary tbody tr').first().locator('td').nth(1);
  await expect(covers).toContainText(`; ${areas} areas (${listed}), `);
  // Not a table read by column roles: nothing to change.
  await expect(page.getByRole('button', { name: /Change columns/ })).toHaveCount(0);
});

// A council's wide table whose header is an area column and bare years (`Beat,2021,2022,2023`)
// below two title rows: the row of years is the header, each year a column of figures. What
// the summary should say is counted here from the file.
const BEATS = 'tests/data/council-wide/beat-crimes-by-year.csv';

test('a table headed by an area and bare years is read with a year per column, below its title rows', async ({ page }) => {
  const records = parse(readFileSync(BEATS), { relax_column_count: true, skip_empty_lines: true });
  // Two title rows and a row of empty cells (not an empty line to csv-parse) above it.
  const at = records.findIndex((r) => r[0] === 'Beat');
  expect(at).toBe(3);
  const [header, ...rows] = records.slice(at);
  const years = header.slice(1);
  expect(years).toEqual(['2021', '2022', '2023']);
  const figures = rows.length * years.length;

  await openApp(page);
  await page.locator('#file-input').setInputFiles(BEATS);
  await expect(page.locator('#status')).toContainText(`Loaded 1 file with ${rows.length} rows`);
  // Recognised without a question.
  await expect(page.locator('#column-roles')).toHaveCount(0);
  const row = page.locator('#load-summary tbody tr').filter({ has: page.locator('th', { hasText: 'beat-crimes-by-year.csv' }) });
  await expect(row.locator('td').nth(0)).toContainText('table with one column per period');
  // The header is on line 4 (the blank line 3 is not a title row).
  await expect(row.locator('td').nth(0)).toContainText('header on line 4 below 2 title rows');
  await expect(row.locator('td').nth(1)).toHaveText(`${years[0]} to ${years.at(-1)}; ${rows.length} areas, 1 measure, ${figures} figures`);
  expect((await row.locator('td.num').allTextContents()).map((t) => Number(t.replace(/,/g, '')))).toEqual([rows.length, rows.length, 0, 0]);
  await expect(row).toContainText('Columns recognised from the header and first rows.');
});
