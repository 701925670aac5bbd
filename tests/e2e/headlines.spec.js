import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, sampleFiles, expectedCounts, binomTwoSided, pWords,
} from './fixtures.js';

const monthCounts = (iso) => {
  const file = sampleFiles().find((f) => f.includes(`/${iso}-`));
  return expectedCounts(file).byMonth.get(iso);
};
const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);

test('the headline table states each change, its significance and the sentence, checked against the files', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await expect(page.locator('#status')).toContainText('Loaded 12 files');

  // Twelve months only: the tool falls back to the latest month on the month before.
  await expect(page.locator('#comparison option:checked')).toHaveText('latest month vs previous month');
  const dec = monthCounts('2023-12');
  const nov = monthCounts('2023-11');
  const rows = page.locator('#headline-table tbody tr');
  const types = [...new Set([...dec.keys(), ...nov.keys()])];
  await expect(rows).toHaveCount(types.length + 1);

  const check = async (name, current, baseline) => {
    const row = rows.filter({ has: page.locator('th', { hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) }) });
    await expect(row.locator('td').nth(0)).toHaveText(`Dec 2023: ${current.toLocaleString('en-GB')}`);
    if (baseline === 0) return;
    const diff = current - baseline;
    const pct = ((100 * diff) / baseline).toFixed(1);
    await expect(row.locator('td').nth(1)).toHaveText(`${diff >= 0 ? '+' : ''}${pct}% (${diff >= 0 ? '+' : ''}${diff})`);
    const p = binomTwoSided(current, current + baseline, 0.5);
    const verdict = p < 0.05 ? (diff > 0 ? 'Statistically significant increase' : 'Statistically significant decrease') : 'No significant change';
    await expect(row.locator('td').nth(2)).toHaveText(`${verdict} (${pWords(p)})`);
    await expect(row.locator('td.narrative')).toContainText(`${name}: ${current.toLocaleString('en-GB')} in Dec 2023`);
    if (p < 0.05) {
      await expect(row).toHaveClass(/significant/);
      // Crime: lower is better, so a significant fall is an improvement and a rise a worsening.
      await expect(row.locator('td.narrative')).toContainText(
        diff < 0 ? 'the fall is statistically significant, an improvement (lower is better).' : 'the rise is statistically significant, a worsening (lower is better).',
      );
    }
  };
  await check('All recorded crime', sum(dec), sum(nov));
  for (const type of types) await check(type, dec.get(type) ?? 0, nov.get(type) ?? 0);

  // The CSV carries the same figures under the documented column names.
  const download = page.waitForEvent('download');
  await page.locator('#download-headlines').click();
  const csv = parse(readFileSync(await (await download).path()), { columns: true });
  expect(csv).toHaveLength(types.length + 1);
  expect(Object.keys(csv[0])).toEqual([
    'Crime type', 'Latest month', 'Latest count', 'Comparison', 'Current period', 'Current total',
    'Baseline period', 'Baseline total', 'Change', 'Change (%)', 'Rate ratio', 'Rate ratio 95% CI lower',
    'Rate ratio 95% CI upper', 'p-value (exact conditional test)', 'Significance', 'Direction (Mann-Kendall)',
    'Direction p-value', "Sen's slope per month", 'SPC variation', 'SPC note', 'Narrative',
  ]);
  const all = csv[0];
  expect(all['Crime type']).toBe('All recorded crime');
  expect(Number(all['Current total'])).toBe(sum(dec));
  expect(Number(all['Baseline total'])).toBe(sum(nov));
  expect(Number(all['p-value (exact conditional test)'])).toBeCloseTo(binomTwoSided(sum(dec), sum(dec) + sum(nov), 0.5), 6);
  expect(all['SPC variation']).toMatch(/^(Common cause variation|Special cause: (improving|concerning))$/);
  expect(all['Direction (Mann-Kendall)']).toMatch(/^(increasing|decreasing|no trend)$/);

  // A comparison the data cannot support says why instead of showing a number.
  await page.locator('#comparison').selectOption({ label: 'latest month vs same month last year' });
  await expect(rows.first().locator('td').nth(1)).toHaveText('Not available');
  await expect(rows.first().locator('td.narrative')).toContainText('cannot be calculated, because');
  await expect(rows.first().locator('td.narrative')).toContainText('Dec 2022');
});
