// Every kind of chart on the page, as a user meets it: the picture (saved as an artifact),
// its summary and caption, its figures one click or keypress away, and its three downloads
// checked from the files saved — the SVG read by the browser's own XML parser, the PNG's
// header and pixels decoded here with zlib, the CSV compared cell by cell with the table the
// page shows. The figures themselves are worked out from the sample files, not the app.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, loadSample, sampleCounts, monthLabel, binomTwoSided, expectNoAxeViolations,
} from './fixtures.js';

const ARTIFACTS = 'artifacts/screenshots/charts';
const sum = (m) => [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);

/** Width, height and RGBA pixels of an 8-bit, non-interlaced PNG (what a canvas encodes),
 * decoded from the file's bytes: chunks, zlib, and the five row filters of the PNG spec. */
function decodePng(bytes) {
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let offset = 8;
  let header;
  const data = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8], colour: body[9], interlace: body[12],
      };
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  expect(header.depth).toBe(8);
  expect(header.interlace).toBe(0);
  const channels = { 2: 3, 6: 4 }[header.colour];
  expect(channels, `PNG colour type ${header.colour}`).toBeDefined();
  const raw = inflateSync(Buffer.concat(data));
  const stride = header.width * channels;
  const pixels = Buffer.alloc(header.height * stride);
  for (let y = 0; y < header.height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth][filter];
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const at = (x, y) => [...pixels.subarray(y * stride + x * channels, y * stride + (x + 1) * channels)];
  return { ...header, channels, at };
}

/** The chart's data table as the page shows it, opened from its summary by click or Enter. */
async function openTable(page, id, { byKeyboard = false } = {}) {
  const block = page.locator('.chart-block').filter({ has: page.locator(`#${id}`) });
  const table = block.locator('table.chart-table');
  await expect(table).toBeHidden();
  const summary = block.locator('details.chart-data > summary');
  if (byKeyboard) {
    await summary.focus();
    await page.keyboard.press('Enter');
  } else {
    await summary.click();
  }
  await expect(table).toBeVisible();
  return table.evaluate((t) => {
    const text = (cell) => cell.textContent.trim();
    return {
      caption: text(t.caption),
      header: [...t.tHead.rows[0].cells].map(text),
      rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map(text)),
    };
  });
}

/** A number as the page writes it ("1,234", "-5.0"), or null for words. */
const shownNumber = (text) => (/^-?[\d,]+(\.\d+)?$/.test(text) ? Number(text.replaceAll(',', '')) : null);

/** Saves a screenshot of the chart, downloads its SVG, PNG and CSV and checks each; returns
 * the table shown on the page (after checking the CSV holds exactly it). */
async function checkChart(page, testInfo, id, { byKeyboard = false } = {}) {
  const figure = page.locator(`figure#${id}`);
  await figure.scrollIntoViewIfNeeded();
  const svg = figure.locator('svg').first();
  await expect(svg).toHaveAttribute('role', 'img');
  const title = await svg.locator('> title').textContent();
  expect(title.length).toBeGreaterThan(3);
  await expect(page.locator(`#${id}-summary`)).not.toBeEmpty();
  await expect(figure.locator('.chart-source')).toContainText('Source: police.uk street-level crime');

  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = join(ARTIFACTS, `${id}.png`);
  await figure.screenshot({ path: shot });
  await testInfo.attach(`${id} on the page`, { path: shot, contentType: 'image/png' });

  const block = page.locator('.chart-block').filter({ has: figure });
  const download = async (kind) => {
    const button = block.getByRole('button', { name: `Download ${kind}: ${title}`, exact: true });
    const saved = page.waitForEvent('download');
    await button.click();
    const file = await saved;
    const path = await file.path();
    await testInfo.attach(`${id} ${file.suggestedFilename()}`, { path });
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  };

  // SVG: a standalone XML document whose root is <svg> with the chart's title.
  const svgFile = await download('SVG');
  expect(svgFile.name).toMatch(/^safer-trends-[a-z0-9-]+\.svg$/);
  const text = svgFile.bytes.toString('utf8');
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = doc.documentElement;
    const background = [...root.children].find((e) => e.localName === 'rect');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      namespace: root.namespaceURI,
      title: [...root.children].find((e) => e.localName === 'title')?.textContent ?? null,
      background: background?.getAttribute('fill') ?? null,
    };
  }, text);
  expect(parsed).toEqual({
    error: null, root: 'svg', namespace: 'http://www.w3.org/2000/svg', title, background: '#FFFFFF',
  });

  // PNG: exactly twice the chart's size, white where the chart is blank, and drawn on.
  const width = Number(await svg.getAttribute('width'));
  const height = Number(await svg.getAttribute('height'));
  const pngFile = await download('PNG');
  expect(pngFile.name).toBe(svgFile.name.replace(/\.svg$/, '.png'));
  const png = decodePng(pngFile.bytes);
  expect([png.width, png.height]).toEqual([2 * width, 2 * height]);
  expect(png.at(0, 0).slice(0, 3)).toEqual([255, 255, 255]);
  if (png.channels === 4) expect(png.at(0, 0)[3]).toBe(255);
  let dark = 0;
  for (let y = 0; y < png.height; y += 4) {
    for (let x = 0; x < png.width; x += 4) {
      const [r, g, b] = png.at(x, y);
      if (r + g + b < 300) dark += 1;
    }
  }
  expect(dark, 'dark pixels (text, lines) in the PNG').toBeGreaterThan(50);

  // CSV: the table the page shows, cell by cell (numbers without separators, missing figures
  // empty, text a spreadsheet would run as a formula prefixed with ').
  const shown = await openTable(page, id, { byKeyboard });
  expect(shown.caption).toBe(`${title}: the chart’s figures`);
  const csvFile = await download('data (CSV)');
  expect(csvFile.name).toBe(svgFile.name.replace(/\.svg$/, '.csv'));
  const csv = parse(csvFile.bytes, { relax_column_count: false });
  expect(csv[0]).toEqual(shown.header);
  expect(csv.length - 1).toBe(shown.rows.length);
  shown.rows.forEach((row, r) => {
    const saved = csv[r + 1];
    expect(saved.length).toBe(row.length);
    row.forEach((cell, c) => {
      const where = `${id} row ${r + 1} (${row[0]}), column ${shown.header[c]}`;
      const value = shownNumber(cell);
      if (value !== null && c > 0) {
        expect(saved[c], where).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(saved[c]), where).toBe(value);
        const places = cell.split('.')[1]?.length ?? 0;
        expect(saved[c].split('.')[1]?.length ?? 0, where).toBe(places);
      } else if (saved[c] === '') {
        expect(cell, `${where}: a missing figure is said in words`).toMatch(/[a-z]/);
      } else {
        expect(saved[c], where).toBe(/^[=+\-@]/.test(cell) ? `'${cell}` : cell);
      }
    });
  });
  return shown;
}

test('the overview’s line, small-multiple and change-bar charts export as SVG, PNG and CSV holding what the page shows', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  await loadSample(page);
  const counts = sampleCounts();
  const months = [...counts.keys()].sort();

  // The totals line: one row per month, each the sum of that month's file.
  const total = await checkChart(page, testInfo, 'chart-total', { byKeyboard: true });
  // The value column is named for what the figures are, not after the chart's title.
  expect(total.header).toEqual(['Period', 'Crimes']);
  expect(total.rows).toEqual(months.map((m) => [monthLabel(m), sum(counts.get(m)).toLocaleString('en-GB')]));

  // One small multiple, the first crime type of the count table.
  const first = await page.locator('#chart-type-0 svg > title').textContent();
  const small = await checkChart(page, testInfo, 'chart-type-0');
  expect(small.header).toEqual(['Period', 'Crimes']);
  expect(small.rows.map((r) => shownNumber(r[1]))).toEqual(months.map((m) => counts.get(m).get(first) ?? 0));

  // Change bars: the default comparison for twelve months is Dec 2023 against Nov 2023.
  await expect(page.locator('#comparison option:checked')).toHaveText('latest month vs previous month');
  const bars = await checkChart(page, testInfo, 'chart-change');
  expect(bars.header).toEqual(['Category', 'Baseline total', 'Current total', 'Change', 'Change (%)', 'Significance']);
  const dec = counts.get('2023-12');
  const nov = counts.get('2023-11');
  const types = [...new Set([...dec.keys(), ...nov.keys()])];
  expect(bars.rows).toHaveLength(types.length + 1);
  expect(bars.rows[0][0]).toBe('All recorded crime');
  let significant = 0;
  for (const row of bars.rows) {
    const [current, baseline] = row[0] === 'All recorded crime' ? [sum(dec), sum(nov)] : [dec.get(row[0]) ?? 0, nov.get(row[0]) ?? 0];
    expect(shownNumber(row[1]), `${row[0]} baseline`).toBe(baseline);
    expect(shownNumber(row[2]), `${row[0]} current`).toBe(current);
    expect(shownNumber(row[3]), `${row[0]} change`).toBe(current - baseline);
    if (baseline > 0) expect(shownNumber(row[4]), `${row[0]} %`).toBeCloseTo((100 * (current - baseline)) / baseline, 1);
    if (current + baseline > 0) {
      const p = binomTwoSided(current, current + baseline, 0.5);
      expect(row[5], `${row[0]} significance (p = ${p})`).toMatch(p < 0.05 ? /^statistically significant (increase|decrease)$/ : /^no significant change$/);
      if (p < 0.05) significant += 1;
    }
  }
  // Each significant change is starred on its bar, in words as well as fill.
  const starred = await page.locator('#chart-change svg text').evaluateAll((ts) => ts.filter((t) => t.textContent.trim().endsWith('*')).length);
  expect(starred).toBe(significant);

  // Sparklines are not exported (their months are the small multiples' and the count
  // table's); each row has one, named for its crime type, with the months' story in words.
  const rows = page.locator('#headline-table tbody tr');
  await expect(rows.locator('td.trend svg[role="img"]')).toHaveCount(types.length + 1);
  await expect(rows.first().locator('td.trend svg > title')).toHaveText('All recorded crime, monthly trend');
  await expect(rows.first().locator('td.trend svg > desc')).toContainText('Jan 2023');
  const table = join(ARTIFACTS, 'headline-sparklines.png');
  await page.locator('#headline-table').screenshot({ path: table });
  await testInfo.attach('headline table with sparklines', { path: table, contentType: 'image/png' });
  await expectNoAxeViolations(page, 'the overview with three charts’ tables open');
});

test('the detail view’s SPC chart and year-on-year overlay export too, and the SPC limits are the XmR limits of the months', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  await loadSample(page);
  await page.locator('#nav-detail').click();
  await expect(page.locator('#view-heading')).toHaveText('Detail: All recorded crime');
  const counts = sampleCounts();
  const months = [...counts.keys()].sort();
  const values = months.map((m) => sum(counts.get(m)));

  await checkChart(page, testInfo, 'chart-detail');

  // SPC: the plotted values are the month totals; the mean and limits are XmR's, worked out
  // here: mean ± 2.66 × the mean moving range, after dropping moving ranges above 3.267 × it.
  const spc = await checkChart(page, testInfo, 'chart-spc', { byKeyboard: true });
  expect(spc.header).toEqual(['Period', 'Value', 'Mean', 'Lower process limit', 'Upper process limit', 'Special-cause rule', 'Variation']);
  expect(spc.rows.map((r) => r[0])).toEqual(months.map(monthLabel));
  expect(spc.rows.map((r) => shownNumber(r[1]))).toEqual(values);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ranges = values.slice(1).map((v, i) => Math.abs(v - values[i]));
  const rough = ranges.reduce((a, b) => a + b, 0) / ranges.length;
  const kept = ranges.filter((r) => r <= 3.267 * rough);
  const movingRange = kept.reduce((a, b) => a + b, 0) / kept.length;
  for (const row of spc.rows) {
    expect(shownNumber(row[2])).toBeCloseTo(mean, 1);
    expect(shownNumber(row[3])).toBeCloseTo(mean - 2.66 * movingRange, 1);
    expect(shownNumber(row[4])).toBeCloseTo(mean + 2.66 * movingRange, 1);
  }
  // The points are shaped as well as coloured, one per month.
  await expect(page.locator('#chart-spc svg g.point')).toHaveCount(12);

  // The title states the finding. Worked out here from the limits above: no month outside
  // them and none of the long runs the Making Data Count rules look for (7 on one side of the
  // mean, 7 rising or falling), but the year ends with months close to the upper limit
  // (beyond two-thirds of the way from the mean), two or more of three: a special cause.
  const upper = mean + 2.66 * movingRange;
  const lower = mean - 2.66 * movingRange;
  const longest = (test) => {
    let best = 0;
    let run = 0;
    values.forEach((v, i) => { run = test(v, i) ? run + 1 : 0; best = Math.max(best, run); });
    return best;
  };
  expect({
    outside: values.some((v) => v > upper || v < lower),
    above: longest((v) => v > mean) >= 7,
    below: longest((v) => v < mean) >= 7,
    rising: longest((v, i) => i > 0 && v > values[i - 1]) >= 6,
    falling: longest((v, i) => i > 0 && v < values[i - 1]) >= 6,
  }).toEqual({ outside: false, above: false, below: false, rising: false, falling: false });
  const closeToUpper = (v) => v > mean + (2 / 3) * (upper - mean);
  let closing = 0;
  while (closing < values.length && closeToUpper(values[values.length - 1 - closing])) closing += 1;
  expect(closing).toBeGreaterThanOrEqual(2);
  await expect(page.locator('#chart-spc svg > title')).toHaveText(`All recorded crime: last ${closing} months near the upper limit`);
  expect((await page.locator('#chart-spc svg > title').textContent()).trim().split(/\s+/).length).toBeLessThanOrEqual(10);

  // Year on year by calendar month: one year, 2023, January to December.
  const yoy = await checkChart(page, testInfo, 'chart-yoy');
  expect(yoy.header).toEqual(['Month', '2023']);
  // One year alone: its title says there is nothing to set it against yet.
  await expect(page.locator('#chart-yoy svg > title')).toHaveText('All recorded crime: no months to compare with the year before');
  expect(yoy.rows.map((r) => r[0])).toEqual(months.map((m) => monthLabel(m).slice(0, 3)));
  expect(yoy.rows.map((r) => shownNumber(r[1]))).toEqual(values);

  // By financial year the overlay runs April to March, and the SPC chart says why it cannot
  // be drawn: neither financial year is complete.
  await page.locator('#granularity').selectOption({ label: 'Financial year (April to March)' });
  await expect(page.locator('figure#chart-spc')).toHaveCount(0);
  await expect(page.locator('#spc-summary')).toContainText('cannot be calculated');
  // The table opened above stays open and now holds the financial years.
  const yoyTable = page.locator('#chart-yoy-data');
  await expect(yoyTable.locator('thead th')).toHaveText(['Month', '2022/23', '2023/24']);
  const byYear = await yoyTable.evaluate((t) => ({
    header: [...t.tHead.rows[0].cells].map((c) => c.textContent.trim()),
    rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim())),
  }));
  expect(byYear.header).toEqual(['Month', '2022/23', '2023/24']);
  expect(byYear.rows[0][0]).toBe('Apr');
  expect(shownNumber(byYear.rows[0][2])).toBe(sum(counts.get('2023-04')));
  expect(byYear.rows[0][1]).toBe('no data');
  // The tables behind the charts, open, pass axe too (the view's own axe test sees them shut).
  await expectNoAxeViolations(page, 'the detail view with its charts’ tables open');
});
