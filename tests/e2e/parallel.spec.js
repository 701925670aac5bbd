// One big file is read by two workers at once, each from one side of a split, and the page
// shows exactly what one reader would have: the same table, every row accounted for, and
// rejected rows on the file's own lines. Several files are shared between the workers and
// still listed in the order the user gave them.
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, openApp, sampleFiles, expectedCounts, monthLabel, readCountTable, number } from './fixtures.js';
import { writeAwkwardStreetFile } from './generate.js';

// About 45 MB: above the 32 MB from which a file is read in two parts.
const ROWS = 200_000;
const big = join(tmpdir(), `safer-trends-e2e-split-${ROWS}.csv`);
let rejectedLines;

test.beforeAll(async () => {
  rejectedLines = await writeAwkwardStreetFile(big, ROWS);
  expect(statSync(big).size).toBeGreaterThan(40_000_000);
});

/** Records the tasks the page hands its workers (the kind of task and where it starts). */
async function recordTasks(page) {
  await page.addInitScript(() => {
    window.__tasks = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message && typeof message === 'object' && 'kind' in message) {
        window.__tasks.push({ kind: message.kind, at: message.at ?? null, file: message.file?.name });
      }
      return post.call(this, message, ...rest);
    };
  });
}

test('a big file is read in two parts and gives what one reader gives', async ({ page }) => {
  test.setTimeout(180_000);
  await recordTasks(page);
  await openApp(page);
  await page.locator('#file-input').setInputFiles(big);
  await expect(page.locator('#status')).toContainText('Loaded 1 file', { timeout: 120_000 });

  // It really was read in two parts: a first part, then a later one from the split.
  const tasks = await page.evaluate(() => window.__tasks);
  expect(tasks.map((t) => t.kind)).toEqual(['first', 'later']);
  expect(tasks[1].at).toBeGreaterThan(statSync(big).size / 2);
  expect(page.workers().length).toBe(await page.evaluate(() => Math.min(Math.max(navigator.hardwareConcurrency, 1), 2)));

  // The table, cell by cell, against an independent parser (rows with month 2023-13 are
  // rejected by the app, so they are left out here).
  const { rows: records, byMonth } = expectedCounts(big);
  byMonth.delete('2023-13');
  const { header, rows } = await readCountTable(page);
  const types = header.slice(1, -1);
  expect(rows.map((r) => r[0])).toEqual([...byMonth.keys()].sort().map(monthLabel));
  for (const row of rows) {
    const month = [...byMonth.keys()].find((m) => monthLabel(m) === row[0]);
    const counts = byMonth.get(month);
    types.forEach((type, i) => expect(number(row[i + 1]), `${row[0]} ${type}`).toBe(counts.get(type) ?? 0));
  }

  // Every row accounted for: read = used + rejected + duplicates.
  const cells = (await page.locator('#load-summary tbody tr').first().locator('td.num').allTextContents()).map(number);
  const [read, used, rejected, duplicates] = cells;
  expect(read).toBe(records);
  expect(read).toBe(used + rejected + duplicates);
  expect(rejected).toBe(rejectedLines.length);

  // Rejected rows on both sides of the split carry the file's own line numbers.
  const places = await page.locator('details.rejects li strong').allTextContents();
  expect(places).toEqual(rejectedLines.map((line) => `Line ${line}, column 2`));
});

test('several files are shared between the workers and listed in the order given', async ({ page }) => {
  await recordTasks(page);
  await openApp(page);
  const files = sampleFiles();
  const order = [files[5], files[0], files[11], files[2]];
  await page.locator('#file-input').setInputFiles(order);
  await expect(page.locator('#status')).toContainText('Loaded 4 files');
  const names = await page.locator('#load-summary tbody th').allTextContents();
  expect(names).toEqual(order.map((f) => f.split('/').at(-1)));
  const tasks = await page.evaluate(() => window.__tasks);
  expect(tasks.map((t) => t.kind)).toEqual(['whole', 'whole', 'whole', 'whole']);
  const { rows } = await readCountTable(page);
  expect(rows).toHaveLength(12); // Jan–Dec, months without a file shown blank
  for (const f of order) {
    // A Crime ID listed twice in a file is one crime (docs/ARCHITECTURE.md).
    const { counted: n, byMonth } = expectedCounts(f);
    const row = rows.find((r) => r[0] === monthLabel([...byMonth.keys()][0]));
    expect(number(row.at(-1))).toBe(n);
  }
});
