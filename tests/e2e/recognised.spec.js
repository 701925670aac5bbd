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
