// Many police.uk files at once: the same months loaded twice are counted once, the
// duplicates are shown, a force-wide year can be cut to one area, and a trend across a
// crime-type definition change is flagged in words.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test, expect, openApp, sampleFiles, expectedCounts, monthLabel, readCountTable, number,
} from './fixtures.js';

const gb = (n) => n.toLocaleString('en-GB');

/** The count table's figures must equal the files' own counts for `area` (all areas when
 * undefined), month by month and type by type, with every month of the year present. */
async function expectTableMatches(page, files, area) {
  const expected = new Map();
  for (const f of files) {
    for (const [month, types] of expectedCounts(f, { area }).byMonth) expected.set(month, types);
  }
  const { header, rows } = await readCountTable(page);
  const types = header.slice(1, -1);
  const allTypes = new Set([...expected.values()].flatMap((m) => [...m.keys()]));
  expect(new Set(types)).toEqual(allTypes);
  expect(rows).toHaveLength(12);
  for (const row of rows) {
    const iso = [...Array(12).keys()].map((i) => `2023-${String(i + 1).padStart(2, '0')}`).find((m) => monthLabel(m) === row[0]);
    // A month the force published with nothing in this area is a zero, not missing.
    const counts = expected.get(iso) ?? new Map();
    types.forEach((type, i) => expect(number(row[i + 1]), `${row[0]} ${type}`).toBe(counts.get(type) ?? 0));
    expect(number(row.at(-1)), `${row[0]} total`).toBe([...counts.values()].reduce((a, b) => a + b, 0));
  }
  return rows;
}

test('the sample loaded twice, the second time as copies under other names, is counted once', async ({ page }) => {
  await openApp(page);
  const files = sampleFiles();
  await page.locator('#file-input').setInputFiles(files);
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
  const single = await readCountTable(page);
  const foot = page.locator('#load-summary tfoot td');
  const rows = files.reduce((sum, f) => sum + expectedCounts(f).rows, 0);
  const repeats = files.reduce((sum, f) => sum + expectedCounts(f).repeats, 0);
  await expect(foot).toHaveText([gb(rows), gb(rows - repeats), '0', gb(repeats)]);

  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-copies-'));
  const copies = files.map((f) => {
    const copy = join(dir, `copy of ${f.split('/').at(-1)}`);
    writeFileSync(copy, readFileSync(f));
    return copy;
  });
  await page.locator('#file-input').setInputFiles(copies);
  await expect(page.locator('#load-summary tbody tr')).toHaveCount(24);

  // The table is exactly the single load's: nothing counted twice.
  expect(await readCountTable(page)).toEqual(single);
  await expectTableMatches(page, files);
  // The duplicates shown grew by exactly the copies' rows; every row is still accounted for.
  const copyRows = copies.reduce((sum, f) => sum + expectedCounts(f).rows, 0);
  expect(copyRows).toBe(rows);
  await expect(foot).toHaveText([gb(2 * rows), gb(rows - repeats), '0', gb(repeats + copyRows)]);
  await expect(page.locator('#duplicates-note')).toContainText(`${gb(repeats + copyRows)} rows dropped as duplicates`);
  // Each month and force is named as loaded twice, saying which publication is used.
  const overlaps = page.locator('#overlap-notes li');
  await expect(overlaps).toHaveCount(12);
  await expect(overlaps.first()).toContainText('Jan 2023, City of London Police, is in');
  await expect(overlaps.first()).toContainText('is the later publication');
  // Per file: one of each pair is used, the other is all duplicates.
  for (const f of files) {
    const name = f.split('/').at(-1);
    const { rows: n, repeats: r } = expectedCounts(f);
    const cells = async (file) => (await page.locator('#load-summary tbody tr')
      .filter({ has: page.getByRole('rowheader', { name: file, exact: true }) })
      .locator('td.num').allTextContents()).map(number);
    const pair = [await cells(name), await cells(`copy of ${name}`)];
    for (const [read, used, rejected, dups] of pair) {
      expect(read).toBe(n);
      expect(used + rejected + dups).toBe(n);
    }
    expect(pair.map((c) => c[1]).sort((a, b) => a - b)).toEqual([0, n - r]);
  }

  // The load report says the same, with the duplicates split by cause.
  const download = page.waitForEvent('download');
  await page.locator('#download-load-report').click();
  const { parse } = await import('csv-parse/sync');
  const report = parse(readFileSync(await (await download).path()), { columns: true });
  expect(report).toHaveLength(24);
  const sum = (key) => report.reduce((s, r) => s + Number(r[key]), 0);
  expect(sum('Rows read')).toBe(2 * rows);
  expect(sum('Rows used')).toBe(rows - repeats);
  expect(sum('Duplicates')).toBe(repeats + copyRows);
  expect(sum('Duplicates within the file')).toBe(2 * repeats);
  expect(sum('Superseded by a later publication')).toBe(copyRows - repeats);
});

test('picking an area cuts the headlines, charts and table to it, and All areas restores them', async ({ page }) => {
  await openApp(page);
  const files = sampleFiles();
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
  const whole = await readCountTable(page);

  const select = page.getByLabel('Area', { exact: true });
  await expect(select).toHaveValue('');
  await expect(select.locator('option:checked')).toHaveText('All areas');
  await expect(select.locator('option', { hasText: 'Camden (City of London Police)' })).toHaveCount(1);
  await expect(select.locator('option').last()).toHaveText('No location (City of London Police)');

  await select.selectOption('City of London');
  await expect(page.locator('#count-table caption')).toContainText('City of London');
  const rows = await expectTableMatches(page, files, 'City of London');
  expect(rows.map((r) => r[0])).toEqual(whole.rows.map((r) => r[0]));
  await expect(page.locator('#headline-table caption')).toContainText('City of London');
  await expect(page.locator('#chart-total svg > title')).toHaveText('All recorded crime by month, City of London');
  await expect(page.locator('#chart-total')).toContainText('Area: City of London.');
  // The headline for all crime is the area's December against its November.
  const total = (iso) => [...(expectedCounts(files.find((f) => f.includes(`/${iso}-`)), { area: 'City of London' }).byMonth.get(iso) ?? new Map()).values()]
    .reduce((a, b) => a + b, 0);
  await expect(page.locator('#headline-table tbody tr').first().locator('td').nth(0)).toHaveText(`Dec 2023: ${gb(total('2023-12'))}`);

  await select.selectOption('No location');
  await expectTableMatches(page, files, 'No location');

  await select.selectOption('');
  await expect(page.locator('#count-table caption')).toContainText('All areas');
  expect(await readCountTable(page)).toEqual(whole);
});

test('a trend across a crime-type definition change is flagged in words, and the rename can be combined', async ({ page }) => {
  await openApp(page);
  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-2013-'));
  const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  const file = (month, types) => {
    const path = join(dir, `${month}-leeds-street.csv`);
    const lines = types.flatMap(([type, n]) => [...Array(n).keys()].map((i) => `${month}-${type}-${i},${month},West Yorkshire Police,West Yorkshire Police,,,On or near X,E01011264,Leeds 001A,${type},,`));
    writeFileSync(path, [header, ...lines, ''].join('\n'));
    return path;
  };
  await page.locator('#file-input').setInputFiles([
    file('2013-04', [['Violent crime', 3], ['Burglary', 2]]),
    file('2013-05', [['Violence and sexual offences', 4], ['Burglary', 1]]),
  ]);
  await expect(page.locator('#status')).toContainText('Loaded 2 files');

  const note = 'Violence and sexual offences: definition changed in May 2013 — earlier months counted ‘Violent crime’; trends across the change are not like-for-like.';
  await expect(page.locator('#headline-notes li')).toContainText([note]);
  const row = page.locator('#headline-table tbody tr').filter({ has: page.locator('th', { hasText: /^Violence and sexual offences/ }) });
  await expect(row.locator('th')).toContainText('(definition changed May 2013: see the notes below)');
  const burglary = page.locator('#headline-table tbody tr').filter({ has: page.locator('th', { hasText: /^Burglary$/ }) });
  await expect(burglary).toHaveCount(1);
  const chart = page.locator('figure.chart').filter({ has: page.locator('svg > title', { hasText: /^Violence and sexual offences$/ }) });
  await expect(chart.locator('.chart-note')).toHaveText(`Not like-for-like: ${note}`);

  // One series under the current name: Violent crime's April joins Violence and sexual offences.
  await page.getByLabel('Show Violent crime (before May 2013) as Violence and sexual offences, one series').check();
  const { header: columns, rows } = await readCountTable(page);
  expect(columns).toEqual(['Month', 'Burglary', 'Violence and sexual offences', 'Total']);
  expect(rows).toEqual([['Apr 2013', '2', '3', '5'], ['May 2013', '1', '4', '5']]);
  await expect(page.locator('#headline-notes li')).toContainText(['shown here as one series with it']);
});
