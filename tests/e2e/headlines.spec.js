import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { test, expect, openApp, sampleFiles, expectedCounts } from './fixtures.js';

/** Two-sided exact binomial p-value, as scipy.stats.binomtest computes it: the probability
 * of every outcome no more likely than the one observed. Written here from the definition,
 * independently of the app's Rust implementation. */
function binomTwoSided(k, n, p) {
  const logPmf = (i) => {
    let c = 0;
    for (let j = 1; j <= i; j += 1) c += Math.log(n - i + j) - Math.log(j);
    return c + i * Math.log(p) + (n - i) * Math.log(1 - p);
  };
  const observed = logPmf(k);
  let total = 0;
  for (let i = 0; i <= n; i += 1) {
    const l = logPmf(i);
    if (l <= observed + Math.log1p(1e-7)) total += Math.exp(l);
  }
  return Math.min(1, total);
}

const pWords = (p) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
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
    if (p < 0.05) await expect(row).toHaveClass(/significant/);
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
