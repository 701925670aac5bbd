import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, sampleFiles, expectedCounts, monthLabel, readCountTable, number,
} from './fixtures.js';

const ARTIFACTS = 'artifacts/screenshots';

/** Checks the table against the files' own counts: every month from the first to the last,
 * months with a file matching it cell by cell, months without one blank throughout. */
async function expectTableMatchesFiles(page, files) {
  const expected = new Map();
  for (const f of files) {
    for (const [month, types] of expectedCounts(f).byMonth) expected.set(month, types);
  }
  const isoMonths = [...expected.keys()].sort();
  const span = [];
  for (let [y, m] = isoMonths[0].split('-').map(Number); `${y}-${String(m).padStart(2, '0')}` <= isoMonths.at(-1); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    span.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  const { header, rows } = await readCountTable(page);
  expect(header[0]).toBe('Month');
  expect(header.at(-1)).toBe('Total');
  const types = header.slice(1, -1);
  const allTypes = new Set([...expected.values()].flatMap((m) => [...m.keys()]));
  expect(new Set(types)).toEqual(allTypes);
  expect(rows.map((r) => r[0])).toEqual(span.map(monthLabel));
  span.forEach((month, index) => {
    const row = rows[index];
    const counts = expected.get(month);
    if (!counts) {
      expect(row.slice(1).every((c) => c === ''), `${row[0]} is missing, not zero`).toBe(true);
      return;
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(number(row.at(-1)), `${row[0]} total`).toBe(total);
    types.forEach((type, i) => expect(number(row[i + 1]), `${row[0]} ${type}`).toBe(counts.get(type) ?? 0));
  });
  return rows;
}

test('the twelve 2023 City of London files, picked by the user, fill the table and charts', async ({ page }) => {
  await openApp(page);
  const files = sampleFiles();
  expect(files).toHaveLength(12);
  await page.locator('#file-input').setInputFiles(files);
  await expect(page.locator('#status')).toContainText('Loaded 12 files');

  // Each month's total equals that file's data rows, less the rows repeating a Crime ID.
  const rows = await expectTableMatchesFiles(page, files);
  expect(rows).toHaveLength(12);
  for (const f of files) {
    const { counted, byMonth } = expectedCounts(f);
    const [month] = [...byMonth.keys()];
    const row = rows.find((r) => r[0] === monthLabel(month));
    expect(number(row.at(-1)), `${f}`).toBe(counted);
  }

  // Every row is accounted for: read = used + rejected + duplicates, per file and in all.
  const allRows = files.reduce((sum, f) => sum + expectedCounts(f).rows, 0);
  const repeats = files.reduce((sum, f) => sum + expectedCounts(f).repeats, 0);
  expect(repeats).toBe(186);
  const foot = page.locator('#load-summary tfoot td');
  const gb = (n) => n.toLocaleString('en-GB');
  await expect(foot).toHaveText([gb(allRows), gb(allRows - repeats), '0', gb(repeats)]);
  await expect(page.locator('#load-summary tbody tr')).toHaveCount(12);
  await expect(page.locator('#duplicates-note')).toHaveText(
    `${repeats} rows dropped as duplicates: each repeats a Crime ID already counted in its file.`,
  );

  // The totals chart: one marker per month, an accessible name, and a summary in words.
  const total = page.locator('#chart-total svg');
  await expect(total).toHaveAttribute('role', 'img');
  const [titleId, descId] = (await total.getAttribute('aria-labelledby')).split(' ');
  await expect(total.locator(`title#${titleId}`)).toHaveText('All recorded crime by month');
  await expect(total.locator(`desc#${descId}`)).toContainText('All recorded crime');
  await expect(total.locator('circle')).toHaveCount(12);
  const monthTotals = files.map((f) => [monthLabel([...expectedCounts(f).byMonth.keys()][0]), expectedCounts(f).counted]);
  const highest = monthTotals.reduce((a, b) => (b[1] > a[1] ? b : a));
  await expect(page.locator('#chart-total-summary')).toContainText(
    `highest ${highest[0]} (${highest[1].toLocaleString('en-GB')})`,
  );
  // One small chart per crime type.
  const { header } = await readCountTable(page);
  await expect(page.locator('.small-multiples figure svg')).toHaveCount(header.length - 2);
  await expect(page.locator('#chart-total')).toContainText('Source: police.uk street-level crime, City of London Police. Area: All areas.');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'twelve-months-loaded.png'), fullPage: true });
  await page.locator('section[aria-labelledby="headline-heading"]').screenshot({ path: join(ARTIFACTS, 'headlines.png') });
});

test('Download CSV saves exactly what the table shows, including a missing month', async ({ page }) => {
  await openApp(page);
  const files = sampleFiles();
  // January and March only: February has no file and must show as missing, not zero.
  const picked = [files[0], files[2]];
  await page.locator('#file-input').setInputFiles(picked);
  await expect(page.locator('#status')).toContainText('Loaded 2 files');
  await expect(page.locator('#count-table tbody tr').nth(1)).toContainText('No file loaded for this month');

  const download = page.waitForEvent('download');
  await page.locator('#download-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('safer-trends-monthly-counts.csv');
  const bytes = readFileSync(await file.path());
  // UTF-8 (valid, no byte-order mark) with one header row.
  expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBeTruthy();
  expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
  const csv = parse(bytes, { relax_column_count: false });

  const { header, rows } = await readCountTable(page);
  expect(csv[0]).toEqual(header);
  expect(csv.slice(1)).toEqual(rows.map((r) => [r[0], ...r.slice(1).map((c) => String(number(c)))]));
  expect(csv[2].slice(1).every((c) => c === '')).toBe(true);
  expect(csv[2][0]).toBe('Feb 2023');
});

test('a file that cannot be read gets a clear message naming it, and the rest still loads', async ({ page }) => {
  await openApp(page);
  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-'));
  const png = join(dir, 'chart.png');
  writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
  const fruit = join(dir, 'fruit.csv');
  writeFileSync(fruit, 'Name,Colour\nApple,Red\n');
  const good = sampleFiles()[0];

  await page.locator('#file-input').setInputFiles([png, fruit, good]);
  const summary = page.locator('.error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary.locator('li')).toHaveText([
    /^chart\.png is not a CSV file: it looks like a PNG image\. Choose a CSV file/,
    /^fruit\.csv is not a table Safer Trends can read: its header \(line 1\) has the columns “Name”, “Colour”\. Safer Trends reads police\.uk street/,
  ]);
  await expect(page.locator('#status')).toContainText('Loaded 1 file with');
  await expect(page.locator('#status')).toContainText('2 files could not be loaded');
  await expectTableMatchesFiles(page, [good]);

  // The page is still alive: the message links back to the picker, and a good file still loads.
  await summary.locator('a').first().click();
  await expect(page.locator('#file-input')).toBeFocused();
  await page.locator('#file-input').setInputFiles([sampleFiles()[1]]);
  await expect(page.locator('.error-summary')).toHaveCount(0);
  await expectTableMatchesFiles(page, [good, sampleFiles()[1]]);
});

test('Try sample data loads the bundled City of London year, with its licence shown', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
  await expectTableMatchesFiles(page, sampleFiles());
  await expect(page.locator('footer')).toContainText(
    'Contains public sector information licensed under the Open Government Licence v3.0.',
  );
});

test('real files with CRLF endings and pre-2011 blank Crime IDs load', async ({ page }) => {
  await openApp(page);
  const files = ['tests/data/police-street/2010-12-metropolitan-street.csv', 'tests/data/police-street/2020-04-city-of-london-street.csv'];
  await page.locator('#file-input').setInputFiles(files);
  await expect(page.locator('#status')).toContainText('Loaded 2 files');
  const rows = await expectTableMatchesFiles(page, files);
  // Dec 2010 to Apr 2020, with every month between them missing.
  expect(rows).toHaveLength(113);
  expect(rows.filter((r) => r.slice(1).every((c) => c === ''))).toHaveLength(111);
});

test('the main journey works from the keyboard alone', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  let reached = false;
  for (let i = 0; i < 10 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.locator('#load-sample').evaluate((el) => el === document.activeElement);
  }
  expect(reached, 'Try sample data is reachable with Tab').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
  await page.locator('#download-csv').focus();
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toBe('safer-trends-monthly-counts.csv');
});

test('outcomes, stop-and-search and Fingertips files are recognised and kept apart from the crime table', async ({ page }) => {
  await openApp(page);
  const files = [
    sampleFiles()[0],
    'tests/data/police-outcomes/2023-01-city-of-london-outcomes.csv',
    'tests/data/police-stop-search/2023-01-city-of-london-stop-and-search.csv',
    'tests/data/fingertips/indicators-CountyUA.data.csv',
  ];
  await page.locator('#file-input').setInputFiles(files);
  await expect(page.locator('#status')).toContainText('Loaded 4 files');
  const rows = page.locator('#load-summary tbody tr');
  await expect(rows).toHaveCount(4);
  const row = (name) => rows.filter({ has: page.locator('th', { hasText: name }) });
  await expect(row('outcomes').locator('td').nth(0)).toContainText('police.uk outcomes file');
  await expect(row('stop-and-search').locator('td').nth(0)).toContainText('police.uk stop-and-search file');
  await expect(row('indicators-CountyUA').locator('td').nth(0)).toContainText('Fingertips indicator export');
  await expect(row('indicators-CountyUA').locator('td').nth(0)).toContainText('UTF-8');
  // Every row accounted for: read = used + rejected + duplicates, against the file's own count.
  for (const f of files) {
    const name = f.split('/').at(-1);
    const records = expectedCounts(f).rows;
    const cells = (await row(name).locator('td.num').allTextContents()).map(number);
    expect(cells[0], `${name} rows read`).toBe(records);
    expect(cells[1] + cells[2] + cells[3], `${name} accounted`).toBe(records);
  }
  // The crime table is the street file's alone.
  await expectTableMatchesFiles(page, [sampleFiles()[0]]);
});

test('the load report and the rejected-rows log account for every row', async ({ page }) => {
  await openApp(page);
  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-'));
  const bad = join(dir, 'bad-rows.csv');
  writeFileSync(bad, [
    'Crime ID,Month,Reported by,Falls within,Crime type',
    'a,2023-01,P,P,Burglary',
    'b,2023-13,P,P,Burglary',
    'c,2023-01,P,P,',
    'd,2023-02,P,P,Robbery',
    '',
  ].join('\n'));
  await page.locator('#file-input').setInputFiles([bad, sampleFiles()[0]]);
  await expect(page.locator('#status')).toContainText('Loaded 2 files');

  let download = page.waitForEvent('download');
  await page.locator('#download-load-report').click();
  const report = parse(readFileSync(await (await download).path()), { columns: true });
  expect(report.map((r) => r.File)).toEqual(['bad-rows.csv', '2023-01-city-of-london-street.csv']);
  for (const r of report) {
    expect(Number(r['Rows read'])).toBe(Number(r['Rows used']) + Number(r['Rows rejected']) + Number(r.Duplicates));
  }
  expect(report[0]['Rows read']).toBe('4');
  expect(report[0]['Rows rejected']).toBe('2');
  expect(Number(report[1]['Rows read'])).toBe(expectedCounts(sampleFiles()[0]).rows);

  download = page.waitForEvent('download');
  await page.locator('#download-reject-log').click();
  const log = parse(readFileSync(await (await download).path()), { columns: true });
  expect(log.map((r) => [r.File, r.Line, r.Column])).toEqual([['bad-rows.csv', '3', '2'], ['bad-rows.csv', '4', '5']]);
  expect(log[0].Reason).toContain('2023-13');
  expect(log[0]['Row as written']).toBe('b,2023-13,P,P,Burglary');
  // The same rejects are listed in the page, with line and column.
  await expect(page.locator('details.rejects')).toContainText('Line 3, column 2');
});

test('a data.police.uk zip loads every month inside it and says what it skipped', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles('tests/data/police-zip/city-of-london-2023-q1.zip');
  await expect(page.locator('#status')).toContainText('Loaded 3 files');
  await expect(page.locator('#status')).toContainText('city-of-london-2023-q1.zip: 1 entry is not CSV, so not read (README.txt).');
  await expectTableMatchesFiles(page, sampleFiles().slice(0, 3));
  await expect(page.locator('#load-summary tbody th').first()).toHaveText('city-of-london-2023-q1.zip › 2023-01/2023-01-city-of-london-street.csv');
});

test('a picked folder loads its CSV files and lists what it skipped', async ({ page }) => {
  await openApp(page);
  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-folder-'));
  const [jan, feb] = sampleFiles();
  for (const f of [jan, feb]) writeFileSync(join(dir, f.split('/').at(-1)), readFileSync(f));
  writeFileSync(join(dir, 'README.txt'), 'Downloaded from data.police.uk');
  writeFileSync(join(dir, '.DS_Store'), Buffer.from([0, 0, 0, 1]));
  await expect(page.getByLabel('Or choose a whole folder')).toHaveJSProperty('webkitdirectory', true);
  await page.locator('#folder-input').setInputFiles(dir);
  await expect(page.locator('#status')).toContainText('Loaded 2 files');
  await expect(page.locator('#status')).toContainText('2 files in the folder are not CSV or zip, so not read (');
  await expect(page.locator('#status')).toContainText('README.txt');
  await expect(page.locator('.error-summary')).toHaveCount(0);
  await expectTableMatchesFiles(page, [jan, feb]);
});
