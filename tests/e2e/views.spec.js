import {
  test, expect, openApp, loadSample, sampleCounts,
} from './fixtures.js';

const QUARTER = 'Quarter (financial, April to June is Q1)';
const FINANCIAL_YEAR = 'Financial year (April to March)';
const headlineRow = (page, name) => page.locator('#headline-table tbody tr').filter({
  has: page.locator('th', { hasText: new RegExp(`^${name}$`) }),
});

test('the view, its filters, polarity and order travel in the link and reopen once the same data is loaded', async ({ page, context }) => {
  await openApp(page);
  await loadSample(page);
  await page.locator('#granularity').selectOption({ label: QUARTER });
  await page.locator('#comparison').selectOption({ label: 'latest month vs previous month' });
  await page.locator('#polarity-panel summary').click();
  await page.locator('#polarity-panel').getByLabel('Shoplifting', { exact: true }).selectOption({ label: 'Higher is better' });
  await page.locator('#headline-table thead button', { hasText: 'Change' }).click();
  await headlineRow(page, 'Shoplifting').getByRole('link').click();
  await expect(page.locator('#view-heading')).toHaveText('Detail: Shoplifting');

  const link = page.url();
  expect(new URL(link).hash).toBe('#/detail?m=Shoplifting&g=quarter&cmp=mom&pol=Shoplifting:higher&sort=change-asc');
  const narrative = await page.locator('#detail-narrative').textContent();
  expect(narrative).toContain('the fall is statistically significant, a worsening (higher is better).');
  const figures = await page.locator('#detail-table').innerText();
  const spc = await page.locator('#spc-table').innerText();

  // Someone else opens the link: the page says what it will show, then shows it once loaded.
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect(other.locator('#link-note')).toHaveText('This link opens the detail of Shoplifting, with its filters, once you load the same data.');
  await loadSample(other);
  await expect(other.locator('#link-note')).toHaveCount(0);
  await expect(other.locator('#view-heading')).toHaveText('Detail: Shoplifting');
  await expect(other.locator('#granularity option:checked')).toHaveText(QUARTER);
  await expect(other.locator('#comparison option:checked')).toHaveText('latest month vs previous month');
  await expect(other.getByLabel('Higher is better')).toBeChecked();
  await expect(other.locator('#detail-narrative')).toHaveText(narrative);
  expect(await other.locator('#detail-table').innerText()).toBe(figures);
  expect(await other.locator('#spc-table').innerText()).toBe(spc);
  await other.locator('#nav-overview').click();
  await expect(other.locator('#headline-table thead th[aria-sort="ascending"]')).toHaveText(/^Change/);
  await other.close();
});

test('Back and Forward move between views and filters without reading the files again', async ({ page, audit }) => {
  await openApp(page);
  await loadSample(page);
  await expect(page.locator('#nav-overview')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('#view-heading')).toHaveText('Overview');

  await page.locator('#nav-detail').click();
  await expect(page.locator('#view-heading')).toHaveText('Detail: All recorded crime');
  await expect(page.locator('#view-heading')).toBeFocused();
  await expect(page.locator('#nav-detail')).toHaveAttribute('aria-current', 'page');
  await page.locator('#granularity').selectOption({ label: FINANCIAL_YEAR });
  await expect(page.locator('#detail-table tbody tr')).toHaveCount(2);

  await page.goBack();
  await expect(page.locator('#granularity option:checked')).toHaveText('Month');
  await expect(page.locator('#detail-table tbody tr')).toHaveCount(12);
  await page.goBack();
  await expect(page.locator('#view-heading')).toHaveText('Overview');
  await expect(page.locator('#nav-overview')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('#nav-detail')).not.toHaveAttribute('aria-current');
  await page.goForward();
  await expect(page.locator('#view-heading')).toHaveText('Detail: All recorded crime');
  await page.goForward();
  await expect(page.locator('#granularity option:checked')).toHaveText(FINANCIAL_YEAR);
  await expect(page.locator('#detail-table tbody tr')).toHaveCount(2);

  // The sample was fetched once, and the files read once: views come from what is loaded.
  expect(audit.requests.filter((u) => u.includes('/sample/'))).toHaveLength(12);
  await expect(page.locator('#load-summary tbody tr')).toHaveCount(12);
  await expect(page.locator('#status')).toHaveText(/^Loaded 12 files with [\d,]+ rows\.$/);
});

test('sorting by change orders the rows by the change worked out from the files, and says so', async ({ page }) => {
  await openApp(page);
  await loadSample(page);
  const counts = sampleCounts();
  const dec = counts.get('2023-12');
  const nov = counts.get('2023-11');
  const types = [...new Set([...dec.keys(), ...nov.keys()])].sort();
  const change = (t) => {
    const [d, n] = [dec.get(t) ?? 0, nov.get(t) ?? 0];
    if (n === 0) return d === 0 ? 0 : Infinity;
    return (d / n - 1) * 100;
  };
  const header = page.locator('#headline-table thead th', { hasText: 'Change' });
  const names = () => page.locator('#headline-table tbody th').allTextContents();
  await expect(header).not.toHaveAttribute('aria-sort');
  expect(await names()).toEqual(['All recorded crime', ...types]);

  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(header.locator('.sort-icon')).toHaveText('▲');
  const ascending = [...types].sort((a, b) => change(a) - change(b));
  await expect.poll(names).toEqual(['All recorded crime', ...ascending]);
  expect(page.url()).toContain('sort=change-asc');

  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const descending = [...types].sort((a, b) => change(b) - change(a));
  await expect.poll(names).toEqual(['All recorded crime', ...descending]);
  // Only one column says it is sorted.
  await expect(page.locator('#headline-table thead th[aria-sort]')).toHaveCount(1);
  // The largest fall is the significant one, and it stands out in words and weight.
  const shoplifting = headlineRow(page, 'Shoplifting');
  await expect(shoplifting).toHaveClass(/significant/);
  await expect(shoplifting.locator('td').nth(2)).toHaveText(/^Statistically significant decrease/);
  expect(await shoplifting.locator('th').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
});

test('flipping a crime type’s polarity changes its wording and how SPC reads it', async ({ page }) => {
  await openApp(page);
  await loadSample(page);
  const row = headlineRow(page, 'Shoplifting');
  await row.getByRole('button', { name: 'Show sentence for Shoplifting' }).click();
  await expect(row.getByRole('button', { name: 'Hide sentence for Shoplifting' })).toHaveAttribute('aria-expanded', 'true');
  await expect(row.locator('.narrative-text')).toBeVisible();
  // The figures from the files themselves (each Crime ID once), not from the page.
  const counts = sampleCounts();
  const dec = counts.get('2023-12').get('Shoplifting');
  const nov = counts.get('2023-11').get('Shoplifting');
  const percent = (Math.abs(dec - nov) / nov * 100).toFixed(1);
  await expect(row.locator('.narrative-text')).toHaveText(
    `Shoplifting: ${dec} in Dec 2023, down ${percent}% (${dec - nov}) on Nov 2023; the fall is statistically significant, an improvement (lower is better).`,
  );

  await row.getByRole('link').click();
  await expect(page.locator('#view-heading')).toHaveText('Detail: Shoplifting');
  await expect(page.getByLabel('Lower is better')).toBeChecked();
  const variation = (word) => page.locator('#spc-table tbody td', { hasText: `Special cause: ${word}` });
  const concerning = await variation('concerning').count();
  const improving = await variation('improving').count();
  expect(concerning).toBeGreaterThan(0);

  await page.getByLabel('Higher is better').check();
  await expect(page.locator('#detail-narrative')).toHaveText(/the fall is statistically significant, a worsening \(higher is better\)\.$/);
  expect(page.url()).toContain('pol=Shoplifting:higher');
  // The same points, read the other way round.
  await expect(variation('improving')).toHaveCount(concerning);
  await expect(variation('concerning')).toHaveCount(improving);

  await page.getByLabel('No judgement').check();
  await expect(page.locator('#detail-narrative')).toHaveText(/the fall is statistically significant\.$/);
  await expect(variation('improving')).toHaveCount(0);
  await expect(variation('concerning')).toHaveCount(0);
  await expect(page.locator('#spc-table tbody td', { hasText: /^Special cause: (higher|lower)$/ })).toHaveCount(concerning + improving);
  expect(page.url()).toContain('pol=Shoplifting:none');

  // Back in the overview the row says the same, and other crime types are untouched.
  await page.locator('#nav-overview').click();
  await expect(row.locator('.narrative-text')).toHaveText(/the fall is statistically significant\.$/);
  await expect(page.locator('#polarity-panel').getByLabel('Shoplifting', { exact: true }).locator('option:checked')).toHaveText('No judgement');
  await expect(page.locator('#polarity-panel').getByLabel('Burglary', { exact: true }).locator('option:checked')).toHaveText('Lower is better');
});
