// "Which column is which?": a table the reader is unsure about is asked about, with a preview;
// the user answers from the keyboard; the answer is remembered (by a hash of the header, roles
// by position only) for the next file with the same header, can be changed, and forgotten.
// Expected figures are computed here from the files with csv-parse, not by the app.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { test, expect, openApp, monthLabel, number } from './fixtures.js';

const Q1 = 'tests/data/council-cases/asb-cases-2023-q1.csv';
const Q2 = 'tests/data/council-cases/asb-cases-2023-q2.csv';
const PREFIX = 'safer-trends.columns.';

/** Header and data rows below the two title rows, as a plain CSV reader sees them. */
function table(path) {
  const records = parse(readFileSync(path), { bom: true, from_line: 3, relax_column_count: true, skip_empty_lines: true });
  return { header: records[0], rows: records.slice(1) };
}

const isMonth = (t) => /^\d{4}-(0[1-9]|1[0-2])$/.test(t);

/** Month, ward and category read from each row, with `figureColumns` as the figures: what
 * the load summary should say. */
function expected(path, figureColumns) {
  const { rows } = table(path);
  const seen = new Set();
  const areas = new Set();
  const categories = new Set();
  const months = [];
  let rejected = 0;
  let duplicates = 0;
  for (const [month, ward, code, category] of rows) {
    if (!isMonth(month) || (ward === '' && code === '')) { rejected += 1; continue; }
    const key = `${month}|${ward}|${category}`;
    if (seen.has(key)) { duplicates += 1; continue; }
    seen.add(key);
    areas.add(`${code}|${ward}`);
    categories.add(category);
    months.push(month);
  }
  months.sort();
  const measures = categories.size * figureColumns;
  return {
    read: rows.length,
    used: rows.length - rejected - duplicates,
    rejected,
    duplicates,
    coverage: `${monthLabel(months[0])} to ${monthLabel(months.at(-1))}; ${areas.size} areas, ${measures} measures, ${seen.size * figureColumns} figures`,
  };
}

const summaryRow = (page, name) => page.locator('#load-summary tbody tr').filter({ has: page.locator('th', { hasText: name }) });

async function expectRow(page, name, want) {
  const row = summaryRow(page, name);
  await expect(row.locator('td').nth(1)).toHaveText(want.coverage);
  const cells = (await row.locator('td.num').allTextContents()).map(number);
  expect(cells).toEqual([want.read, want.used, want.rejected, want.duplicates]);
}

const stored = (page) => page.evaluate((prefix) => Object.fromEntries(
  Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => [k, localStorage.getItem(k)]),
), PREFIX);

/** Picks an option of a focused select from the keyboard: type-ahead on its label. */
async function choose(page, label, option) {
  const select = page.getByLabel(label, { exact: true });
  await select.focus();
  await page.keyboard.type(option);
  await expect(select.locator('option:checked')).toHaveText(option);
}

test('an unsure table is asked about, answered from the keyboard, remembered, changed and forgotten', async ({ page }) => {
  await openApp(page);
  // Choices are written to this computer only with the opt-in (the next test shows without).
  await page.locator('#remember').check();
  await page.locator('#file-input').setInputFiles(Q1);

  // The panel: focused heading, reasons, a preview of the first ten rows as written.
  const panel = page.locator('#column-roles');
  await expect(panel).toBeVisible();
  await expect(page.locator('#roles-heading')).toBeFocused();
  await expect(page.locator('#roles-heading')).toHaveText('Which column is which?');
  await expect(page.locator('#status')).toContainText('asb-cases-2023-q1.csv was not read yet');
  await expect(page.locator('#load-summary')).toHaveCount(0);
  await expect(panel.locator('.roles-reasons li')).toHaveCount(2);
  await expect(panel.locator('.roles-reasons')).toContainText('"Reporting Mth" is read as the period from its values');
  const { header, rows } = table(Q1);
  const preview = page.locator('#roles-preview');
  await expect(preview.locator('caption')).toHaveText('The first 10 rows of asb-cases-2023-q1.csv, as written');
  await expect(preview.locator('thead th[scope="col"]')).toHaveCount(header.length);
  for (const [i, name] of header.entries()) {
    await expect(preview.locator('thead th').nth(i)).toContainText(name);
  }
  const shown = await preview.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  expect(shown).toEqual(rows.slice(0, 10));
  await expect(page.locator('#roles-remember-note')).toContainText('on this computer only if');
  mkdirSync('artifacts/screenshots', { recursive: true });
  await panel.screenshot({ path: 'artifacts/screenshots/which-column-is-which.png' });

  // The guess is pre-filled: both numeric columns as values.
  const select = (n) => page.locator(`#role-col-${n}`);
  await expect(select(0).locator('option:checked')).toHaveText('Period');
  await expect(select(1).locator('option:checked')).toHaveText('Area');
  await expect(select(2).locator('option:checked')).toHaveText('Area code');
  await expect(select(3).locator('option:checked')).toHaveText('Category');
  await expect(select(4).locator('option:checked')).toHaveText('Value');
  await expect(select(5).locator('option:checked')).toHaveText('Value');
  // No column is headed by a period, so none offers "Period columns".
  await expect(panel.locator('option', { hasText: 'Period columns' })).toHaveCount(0);

  // A choice with no period is refused, GOV.UK style, and the link leads to the select.
  await choose(page, 'Column 1: Reporting Mth', 'Ignore');
  await page.locator('#roles-read').focus();
  await page.keyboard.press('Enter');
  const errors = page.locator('#roles-error-summary');
  await expect(errors).toBeFocused();
  await expect(errors).toHaveAttribute('role', 'alert');
  await expect(errors.locator('li')).toHaveText([
    'Choose one column as the period, or choose the columns headed by periods as period columns',
  ]);
  await expect(page.locator('#role-col-0-error')).toHaveText('Error: Choose one column as the period, or choose the columns headed by periods as period columns');
  await expect(select(0)).toHaveAttribute('aria-describedby', 'role-col-0-error');
  await errors.locator('a').first().focus();
  await page.keyboard.press('Enter');
  await expect(select(0)).toBeFocused();
  expect(new URL(page.url()).hash).toBe('');

  // The answer: the period back, and Repeat callers is not a figure to trend.
  await choose(page, 'Column 1: Reporting Mth', 'Period');
  await choose(page, 'Column 6: Repeat callers', 'Ignore');
  await page.locator('#roles-read').focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveCount(0);
  await expect(page.locator('#status')).toContainText('Loaded 1 file with');
  const q1 = expected(Q1, 1);
  expect([q1.read, q1.rejected, q1.duplicates]).toEqual([31, 2, 1]);
  await expectRow(page, 'asb-cases-2023-q1.csv', q1);
  await expect(summaryRow(page, 'asb-cases-2023-q1.csv')).toContainText('Read with the columns you chose.');
  await expect(page.locator('details.rejects')).toContainText('Rejected rows in asb-cases-2023-q1.csv (2)');

  // Remembered as roles by position under a hash: no names, no data.
  let kept = await stored(page);
  expect(Object.keys(kept)).toHaveLength(1);
  expect(Object.keys(kept)[0]).toMatch(/^safer-trends\.columns\.[0-9a-f]{16}$/);
  expect(Object.values(kept)[0]).toBe('1:pnkcv-');

  // The next file with the same header (in other letter cases) is read without asking.
  await page.locator('#file-input').setInputFiles(Q2);
  await expect(page.locator('#status')).toContainText('Loaded 1 file with');
  await expect(page.locator('#status')).toContainText('asb-cases-2023-q2.csv was read with the columns you chose before');
  await expect(panel).toHaveCount(0);
  await expectRow(page, 'asb-cases-2023-q2.csv', expected(Q2, 1));
  const q2Row = summaryRow(page, 'asb-cases-2023-q2.csv');
  await expect(q2Row).toContainText('Read with the columns you chose before for files with this header.');

  // Change columns reopens the panel with the columns used; reading again replaces the file.
  await q2Row.getByRole('button', { name: 'Change columns of asb-cases-2023-q2.csv' }).click();
  await expect(page.locator('#roles-heading')).toBeFocused();
  await expect(panel).toContainText('Say what each column of asb-cases-2023-q2.csv holds');
  await expect(select(5).locator('option:checked')).toHaveText('Ignore');
  await choose(page, 'Column 6: Repeat callers', 'Value');
  await page.locator('#roles-read').focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveCount(0);
  await expect(page.locator('#load-summary tbody tr')).toHaveCount(2);
  await expectRow(page, 'asb-cases-2023-q2.csv', expected(Q2, 2));
  await expect(summaryRow(page, 'asb-cases-2023-q2.csv')).toContainText('Read with the columns you chose.');
  await expectRow(page, 'asb-cases-2023-q1.csv', q1);
  kept = await stored(page);
  expect(Object.values(kept)).toEqual(['1:pnkcvv']);

  // Forget: storage cleared, and the same header is asked about again.
  await expect(page.locator('.forget-columns')).toContainText('remembered for 1 file layout');
  await page.getByRole('button', { name: 'Forget remembered columns' }).click();
  await expect(page.locator('#forget-status')).toContainText('Remembered columns were forgotten');
  expect(await stored(page)).toEqual({});
  await expect(page.locator('#forget-columns')).toHaveCount(0);
  await page.locator('#file-input').setInputFiles(Q2);
  await expect(panel).toBeVisible();
  await expect(page.locator('#status')).toContainText('asb-cases-2023-q2.csv was not read yet');
  // Not reading it leaves the loaded version as it was.
  await page.getByRole('button', { name: 'Do not read this file' }).click();
  await expect(panel).toHaveCount(0);
  await expectRow(page, 'asb-cases-2023-q2.csv', expected(Q2, 2));
});

test('a choice is kept for the visit, and survives a reload only with the opt-in', async ({ page }) => {
  await openApp(page);
  // Without "Remember on this computer": used for the rest of the visit, written nowhere.
  await page.locator('#file-input').setInputFiles(Q1);
  await page.locator('#roles-read').click();
  await expect(page.locator('#status')).toContainText('Loaded 1 file with');
  expect(await stored(page)).toEqual({});
  await page.locator('#file-input').setInputFiles(Q2);
  await expect(page.locator('#status')).toContainText('was read with the columns you chose before');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await page.locator('#file-input').setInputFiles(Q2);
  await expect(page.locator('#column-roles')).toBeVisible();
  await page.locator('#roles-read').click();
  await expect(page.locator('#status')).toContainText('Loaded 1 file with');

  // With it: this visit's choice is written when the box is ticked, and read after a reload.
  await page.locator('#remember').check();
  await expect(page.locator('#remember')).toBeChecked();
  await expect.poll(async () => Object.keys(await stored(page)).length).toBe(1);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await page.locator('#file-input').setInputFiles(Q2);
  await expect(page.locator('#status')).toContainText('was read with the columns you chose before');
  await expect(page.locator('#column-roles')).toHaveCount(0);
  // The guess as it was: both numeric columns as figures.
  await expectRow(page, 'asb-cases-2023-q2.csv', expected(Q2, 2));
});

// The same export inside a zip, beside a police.uk street file (tests/data/council-cases/
// asb-cases-2023-q1.zip): asked about by its entry, while the street file is read.
const Q1_ZIP = 'tests/data/council-cases/asb-cases-2023-q1.zip';

test('an unsure table inside a zip is asked about by its entry, and the answer reads that entry alone', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles(Q1_ZIP);
  const entry = 'asb-cases-2023-q1.zip › asb-cases/asb-cases-2023-q1.csv';
  const street = 'asb-cases-2023-q1.zip › 2023-01/2023-01-city-of-london-street.csv';
  const panel = page.locator('#column-roles');
  await expect(panel).toBeVisible();
  await expect(page.locator('#roles-heading')).toBeFocused();
  await expect(page.locator('#status')).toContainText(`${entry} was not read yet`);
  // The zip's street file is read meanwhile; the export is not.
  await expect(page.locator('#status')).toContainText('Loaded 1 file with');
  await expect(summaryRow(page, street)).toHaveCount(1);
  await expect(summaryRow(page, entry)).toHaveCount(0);
  const { rows } = table(Q1);
  const preview = page.locator('#roles-preview');
  await expect(preview.locator('caption')).toHaveText(`The first 10 rows of ${entry}, as written`);
  const shown = await preview.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  expect(shown).toEqual(rows.slice(0, 10));

  // The answer reads that entry again, alone: the street file is not read twice.
  await choose(page, 'Column 6: Repeat callers', 'Ignore');
  await page.locator('#roles-read').click();
  await expect(panel).toHaveCount(0);
  await expect(page.locator('#status')).toContainText('Loaded 1 file with');
  await expectRow(page, entry, expected(Q1, 1));
  await expect(summaryRow(page, entry)).toContainText('Read with the columns you chose.');
  await expect(page.locator('#load-summary tbody tr')).toHaveCount(2);
  await expect(summaryRow(page, street)).toHaveCount(1);

  // Change columns works for an entry as for a loose file.
  await summaryRow(page, entry).getByRole('button', { name: `Change columns of ${entry}` }).click();
  await expect(panel).toContainText(`Say what each column of ${entry} holds`);
  await choose(page, 'Column 6: Repeat callers', 'Value');
  await page.locator('#roles-read').click();
  await expect(panel).toHaveCount(0);
  await expectRow(page, entry, expected(Q1, 2));
  await expect(page.locator('#load-summary tbody tr')).toHaveCount(2);
});

test('a wide table can be read by period columns, and hostile text in a preview is only text', async ({ page }) => {
  await openApp(page);
  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-roles-'));
  const path = join(dir, 'beats.csv');
  const hostile = '<img src="x" onerror="document.title=1">';
  // A year's column holds words, so the reader asks ("Beat" it reads as an area).
  writeFileSync(path, [
    'Beat,2021/22,2022/23,2023/24,Notes',
    `Town Centre,41,38,n/a,"${hostile.replaceAll('"', '""')}"`,
    'Riverside,12,15,17,',
    'Old Town,30,[c],29,',
    '',
  ].join('\n'));
  await page.locator('#file-input').setInputFiles(path);
  const panel = page.locator('#column-roles');
  await expect(panel).toBeVisible();
  const cell = page.locator('#roles-preview tbody tr').first().locator('td').last();
  await expect(cell).toHaveText(hostile);
  await expect(page.locator('#roles-preview img')).toHaveCount(0);
  // Only the period-headed columns offer "Period columns", pre-filled from the guess.
  await expect(panel.locator('#role-col-0 option', { hasText: 'Period columns' })).toHaveCount(0);
  for (const n of [1, 2, 3]) {
    await expect(page.locator(`#role-col-${n} option:checked`)).toHaveText('Period columns');
  }
  await expect(page.locator('#role-col-0 option:checked')).toHaveText('Area');
  await choose(page, 'Column 5: Notes', 'Ignore');
  await page.locator('#roles-read').click();
  await expect(page.locator('#status')).toContainText('Loaded 1 file with 3 rows');
  const row = summaryRow(page, 'beats.csv');
  await expect(row.locator('td').nth(0)).toContainText('table with one column per period');
  // "n/a" is not a figure, so Town Centre's row is rejected; the other two give 3 figures each.
  await expect(row.locator('td').nth(1)).toHaveText('2021/22 to 2023/24; 2 areas, 1 measure, 6 figures');
  expect((await row.locator('td.num').allTextContents()).map(number)).toEqual([3, 2, 1, 0]);
  expect(await page.title()).not.toBe('1');
});
