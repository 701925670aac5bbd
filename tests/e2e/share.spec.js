// Sharing without a server: publish a file and open it beside the app in a fresh browser,
// the link with data (and its refusal over 8,000 characters), and "Remember on this
// computer" with "Forget everything". Expected figures are counted from the CSV files here,
// with csv-parse, and the link's data is decoded here with Node's own zlib; every request of
// every browser context is recorded and must be for the app's own origin.
import { readFileSync, writeFileSync, rmSync, mkdtempSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { inflateSync, deflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import {
  test, expect, openApp, loadSample, sampleFiles, sampleCounts, readCountTable, number, monthLabel, areaOf,
  expectNoAxeViolations,
} from './fixtures.js';

const DIST = 'dist';

/** Cells of the sample by month × area × crime type, each Crime ID once per month. */
function sampleCells() {
  const cells = new Map();
  const seen = new Set();
  for (const path of sampleFiles()) {
    const records = parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });
    for (const r of records) {
      const id = (r['Crime ID'] ?? '').trim();
      if (id !== '') {
        if (seen.has(`${r.Month} ${id}`)) continue;
        seen.add(`${r.Month} ${id}`);
      }
      const key = `${r.Month}|${areaOf(r['LSOA name'])}|${r['Crime type']}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
  }
  return cells;
}

/** A browser context of its own (no storage, no cache), with every request recorded. */
async function freshPage(browser, baseURL) {
  const context = await browser.newContext({ baseURL });
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  const origin = new URL(baseURL).origin;
  return {
    page,
    async close() {
      await context.close();
      expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:')), 'requests not for the app’s own origin').toEqual([]);
      expect(errors, 'uncaught exceptions').toEqual([]);
    },
  };
}

/** The count table, as the analyst sees it, checked against the files' counts: each month's
 * figure for each crime type, and the total. `shown(n)` says what a cell holds for a count n. */
async function expectSampleTable(page, shown = (n) => n) {
  const counts = sampleCounts();
  const { header, rows } = await readCountTable(page);
  const types = header.slice(1).filter((t) => counts.get('2023-01').has(t) || [...counts.values()].some((m) => m.has(t)));
  expect(types.length).toBeGreaterThan(10);
  expect(rows.map((r) => r[0])).toEqual([...counts.keys()].sort().map(monthLabel));
  for (const row of rows) {
    const month = [...counts.keys()].find((m) => monthLabel(m) === row[0]);
    for (const t of types) expect(number(row[header.indexOf(t)]), `${row[0]} ${t}`).toBe(shown(counts.get(month).get(t) ?? 0, month, t));
  }
  return { header, rows };
}

const todayWords = () => {
  const iso = new Date().toISOString().slice(0, 10);
  return `${Number(iso.slice(8, 10))} ${monthLabel(iso.slice(0, 7))}`;
};

const decodeLinkData = (link) => {
  const data = new URL(link).hash.slice(1).split('&view=')[0].replace(/^data=/, '');
  return JSON.parse(inflateSync(Buffer.from(data, 'base64url')).toString('utf8'));
};

test('a published file opened beside the app in a fresh browser shows the analyst’s figures, read-only', async ({ page, browser, baseURL }) => {
  // Two pages, two axe audits and a 543-row preview: more than the default minute on a shared machine.
  test.setTimeout(180_000);
  await openApp(page);
  await loadSample(page);
  const seen = await expectSampleTable(page);

  await page.getByRole('button', { name: 'Publish this dashboard' }).click();
  await expect(page.locator('#preview-heading')).toBeFocused();
  const cells = sampleCells();
  const small = [...cells.values()].filter((n) => n < 5).length;
  expect(small).toBeGreaterThan(0);
  await expect(page.locator('#preview-summary')).toContainText(`${cells.size.toLocaleString('en-GB')} counts by month, force, area and crime type`);
  await expect(page.locator('#preview-summary')).toContainText('No rows, no Crime IDs, no locations.');
  await expect(page.locator('#preview-summary')).toContainText('City of London Police; 12 files');
  await expect(page.locator('#preview-summary')).toContainText('Jan 2023 to Dec 2023');
  await expect(page.locator('#small-numbers')).toContainText(`Small numbers: ${small.toLocaleString('en-GB')} cells count fewer than 5.`);
  // Every small cell is flagged in words, not colour alone.
  await page.locator('.preview-cells summary').click();
  await expect(page.locator('#preview-table tbody tr')).toHaveCount(cells.size);
  await expect(page.locator('#preview-table tbody tr.small-cell')).toHaveCount(small);
  await expect(page.locator('#preview-table tbody tr.small-cell').first()).toContainText('(under 5)');
  await page.locator('.preview-json summary').click();
  await expectNoAxeViolations(page, 'the publish preview');
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.locator('#preview-heading').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/screenshots/share-preview.png' });

  // A name that would fetch from elsewhere is refused before anything is written.
  await page.locator('#publish-name').fill('../board.json');
  await page.locator('#publish-download').click();
  await expect(page.locator('#publish-name-error')).toContainText('climb out of the page');
  await expect(page.locator('#publish-name')).toBeFocused();

  const name = `e2e-board-${Date.now()}.json`;
  await page.locator('#publish-name').fill(name);
  const download = page.waitForEvent('download');
  await page.locator('#publish-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(name);
  const text = readFileSync(await file.path(), 'utf8');
  const published = JSON.parse(text);
  expect(published.format).toBe('safer-trends-published-v1');
  expect(published.published).toBe(new Date().toISOString().slice(0, 10));
  expect(published.cells).toHaveLength(cells.size);
  for (const c of published.cells) {
    const key = `${c.month}|${published.areas[c.area]}|${published.crime_types[c.type]}`;
    expect(c.count, key).toBe(cells.get(key));
  }
  // Aggregates only: no Crime ID, coordinate or street from the files.
  const june = parse(readFileSync(sampleFiles()[5]), { columns: true, bom: true });
  for (const r of june.slice(0, 50)) {
    for (const field of [r['Crime ID'], r.Longitude, r.Latitude, r.Location, r['LSOA code']]) {
      if (field) expect(text.includes(field), field).toBe(false);
    }
  }
  const link = await page.locator('#publish-link').inputValue();
  expect(link).toBe(`${baseURL}#published=${name}&view=/overview`);

  const path = join(DIST, name);
  writeFileSync(path, text);
  try {
    const viewer = await freshPage(browser, baseURL);
    await viewer.page.goto(link);
    const banner = viewer.page.locator('#published-banner');
    await expect(banner).toContainText('Published data — read only');
    await expect(banner).toContainText(`These figures were published on ${todayWords()}. Source: City of London Police, Jan 2023 to Dec 2023`);
    // The lede says what the reader is looking at, not how to load files they cannot load.
    const lede = viewer.page.locator('#lede');
    await expect(lede).toHaveText(`You are looking at a table of police.uk street-level crime counts from City of London Police, Jan 2023 to Dec 2023, published on ${todayWords()} with Safer Trends. It is read only: change the view and filters to read the overview or any crime type in detail.`);
    await expect(lede).not.toContainText('Load your files');
    const shown = await expectSampleTable(viewer.page);
    expect(shown).toEqual(seen);
    await expectNoAxeViolations(viewer.page, 'the published dashboard');
    await viewer.page.screenshot({ path: 'artifacts/screenshots/share-published.png' });
    // Read-only: nothing to load, publish or remember.
    await expect(viewer.page.locator('#file-input')).toHaveCount(0);
    await expect(viewer.page.locator('#publish-open')).toHaveCount(0);
    await expect(viewer.page.locator('#remember')).toHaveCount(0);
    // The view can still be changed, and the address keeps the published file.
    await viewer.page.locator('#granularity').selectOption({ label: 'Quarter (financial, April to June is Q1)' });
    await expect(viewer.page).toHaveURL(new RegExp(`#published=${name.replaceAll('.', '\\.')}&view=/overview\\?g=quarter$`));
    await viewer.page.reload();
    await expect(viewer.page.locator('#count-table tbody tr')).toHaveCount(4);
    await viewer.close();

    // A name with a scheme or a path is refused with a reason, and nothing is fetched.
    const hostile = await freshPage(browser, baseURL);
    await hostile.page.goto(`${baseURL}#published=https://evil.example/x.json`);
    await expect(hostile.page.locator('#shared-problem')).toContainText('cannot be used as the name of a published file');
    await hostile.page.goto(`${baseURL}#published=missing-${Date.now()}.json`);
    await expect(hostile.page.locator('#shared-problem')).toContainText('no such file beside this page');
    await hostile.close();
  } finally {
    rmSync(path, { force: true });
  }
});

test('suppressed cells are published as missing, and the viewer is told what was withheld', async ({ page, browser, baseURL }) => {
  await openApp(page);
  await loadSample(page);
  await page.getByRole('button', { name: 'Publish this dashboard' }).click();
  await page.locator('#suppress-small').check();
  const cells = sampleCells();
  const small = [...cells].filter(([, n]) => n < 5);
  await expect(page.locator('#small-numbers')).toContainText('They are withheld');
  const name = `e2e-suppressed-${Date.now()}.json`;
  await page.locator('#publish-name').fill(name);
  const download = page.waitForEvent('download');
  await page.locator('#publish-download').click();
  const text = readFileSync(await (await download).path(), 'utf8');
  const published = JSON.parse(text);
  expect(published.suppression).toEqual({ threshold: 5, applied: true, small_cells: small.length });
  const withheld = published.cells.filter((c) => c.count === null);
  expect(withheld).toHaveLength(small.length);
  for (const c of withheld) expect(c.missing).toBe('suppressed: fewer than 5');
  expect(published.cells.filter((c) => c.count !== null).every((c) => c.count >= 5)).toBe(true);
  // The row counts, which would give the withheld total back, are left out.
  expect(published.source.files.every((f) => !('rows' in f))).toBe(true);

  const path = join(DIST, name);
  writeFileSync(path, text);
  try {
    const viewer = await freshPage(browser, baseURL);
    await viewer.page.goto(`${baseURL}#published=${name}`);
    await expect(viewer.page.locator('#withheld-note')).toContainText(`${small.length} cells counted fewer than 5 and were withheld by the publisher`);
    // Each month and crime type shows the sum of its published cells (all areas).
    const byMonthType = new Map();
    for (const [key, n] of cells) {
      if (n < 5) continue;
      const [month, , type] = key.split('|');
      byMonthType.set(`${month}|${type}`, (byMonthType.get(`${month}|${type}`) ?? 0) + n);
    }
    await expectSampleTable(viewer.page, (_, month, type) => byMonthType.get(`${month}|${type}`) ?? 0);
    await viewer.close();
  } finally {
    rmSync(path, { force: true });
  }
});

test('copy link with data: the link opens the same figures in a fresh browser', async ({ page, browser, baseURL, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL).origin });
  await openApp(page);
  await loadSample(page);
  const seen = await expectSampleTable(page);
  await page.locator('#nav-detail').click();
  await expect(page.locator('#view-heading')).toContainText('Detail');
  await page.getByRole('button', { name: 'Copy link with data' }).click();
  await expect(page.locator('#link-status')).toContainText('Link copied to the clipboard');
  const link = await page.locator('#share-link-text').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(link.length).toBeLessThanOrEqual(8000);
  expect(link).toMatch(new RegExp(`^${baseURL.replaceAll('.', '\\.')}#data=[A-Za-z0-9_-]+&view=/detail`));
  // Decoded here with Node's zlib: the same cells the files hold.
  const data = decodeLinkData(link);
  const cells = sampleCells();
  expect(data.cells).toHaveLength(cells.size);
  for (const c of data.cells) expect(c.count).toBe(cells.get(`${c.month}|${data.areas[c.area]}|${data.crime_types[c.type]}`));

  const viewer = await freshPage(browser, baseURL);
  await viewer.page.goto(link);
  await expect(viewer.page.locator('#published-banner')).toContainText('These figures were shared in a link');
  await expect(viewer.page.locator('#lede')).toContainText(`City of London Police, Jan 2023 to Dec 2023, shared in a link on ${todayWords()}`);
  await expect(viewer.page.locator('#lede')).not.toContainText('try the sample');
  await expect(viewer.page.locator('#view-heading')).toContainText('Detail');
  // The view links keep the data in the address.
  await viewer.page.locator('#nav-overview').click();
  await expect(viewer.page).toHaveURL(/#data=[A-Za-z0-9_-]+&view=\/overview$/);
  expect(await expectSampleTable(viewer.page)).toEqual(seen);
  // A link cut short in an email is refused with a reason, not shown with wrong figures.
  await viewer.page.goto(link.slice(0, 2000));
  await expect(viewer.page.locator('#shared-problem')).toContainText('damaged');
  await viewer.close();
});

test('a link over 8,000 characters is refused, pointing to Publish', async ({ page }) => {
  // Reading 30,000 rows and drawing forty areas' dashboard takes a while on a shared machine.
  test.setTimeout(180_000);
  // Forty areas, fourteen crime types, a year, with irregular counts: far too many for a link.
  const dir = mkdtempSync(join(tmpdir(), 'share-'));
  const path = join(dir, '2023-big-street.csv');
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  const types = ['Anti-social behaviour', 'Bicycle theft', 'Burglary', 'Criminal damage and arson', 'Drugs', 'Other crime', 'Other theft', 'Possession of weapons', 'Public order', 'Robbery', 'Shoplifting', 'Theft from the person', 'Vehicle crime', 'Violence and sexual offences'];
  let seed = 7;
  let id = 0;
  for (let m = 1; m <= 12; m += 1) {
    for (let a = 0; a < 40; a += 1) {
      for (const type of types) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        for (let n = 0; n < 1 + (seed % 9); n += 1) {
          id += 1;
          lines.push(`id${id},2023-${String(m).padStart(2, '0')},Test Police,Test Police,,,,,Area ${a} 001A,${type},,`);
        }
      }
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  try {
    await openApp(page);
    await page.locator('#file-input').setInputFiles(path);
    await expect(page.locator('#status')).toContainText('Loaded 1 file');
    // What the link would carry, worked out here: the published file, deflated and base64url.
    await page.getByRole('button', { name: 'Publish this dashboard' }).click();
    await page.locator('#publish-name').fill('big.json');
    const download = page.waitForEvent('download');
    await page.locator('#publish-download').click();
    const json = readFileSync(await (await download).path());
    const length = `${new URL(page.url()).origin}/#data=`.length + deflateSync(json, { level: 9 }).toString('base64url').length;
    expect(length).toBeGreaterThan(8000);

    await page.getByRole('button', { name: 'Copy link with data' }).click();
    const refusal = page.locator('#link-too-long');
    await expect(refusal).toContainText('This data is too large for a link.');
    await expect(refusal).toContainText('links over 8,000 characters are cut short or refused');
    await expect(page.locator('#share-link-text')).toHaveCount(0);
    await refusal.getByRole('link', { name: 'Publish this dashboard' }).click();
    await expect(page.locator('#preview-heading')).toBeFocused();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// What this origin stores, read from the page. The database is opened only when it is
// listed, so reading never creates it.
const storedState = (page) => page.evaluate(async () => {
  const databases = (await indexedDB.databases()).map((d) => d.name);
  const keys = Object.keys(localStorage).filter((k) => k.startsWith('safer-trends.'));
  const data = !databases.includes('safer-trends') ? null : await new Promise((resolve) => {
    const open = indexedDB.open('safer-trends');
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('remembered')) { db.close(); resolve(null); return; }
      const get = db.transaction('remembered').objectStore('remembered').get('dataset');
      get.onsuccess = () => { db.close(); resolve(get.result ?? null); };
      get.onerror = () => { db.close(); resolve(null); };
    };
  });
  return { databases, keys, data };
});

test('remembered data survives a reload only when opted in, and Forget clears everything', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('#remember')).not.toBeChecked();
  await loadSample(page);
  const seen = await expectSampleTable(page);
  // Not opted in: nothing is stored, and a reload starts empty.
  expect(await storedState(page)).toEqual({ databases: [], keys: [], data: null });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect(page.locator('#count-table')).toHaveCount(0);
  expect(await storedState(page)).toEqual({ databases: [], keys: [], data: null });

  await page.locator('#remember').check();
  await expect(page.locator('#remember-status')).toContainText('will be remembered');
  await loadSample(page);
  await expect.poll(async () => (await storedState(page)).data !== null).toBe(true);
  const stored = JSON.parse((await storedState(page)).data);
  expect(stored.format).toBe('safer-trends-published-v1');
  expect(stored.cells).toHaveLength(sampleCells().size);
  expect(stored.source.files.map((f) => f.name)).toEqual(sampleFiles().map((f) => f.split('/').pop()));

  await page.reload();
  await expect(page.locator('#remember')).toBeChecked();
  await expect(page.locator('#remember-status')).toContainText('Restored the data remembered on this computer');
  await expect(page.locator('#remember-status')).toContainText('Jan 2023 to Dec 2023 from 12 files');
  expect(await expectSampleTable(page)).toEqual(seen);

  await page.getByRole('button', { name: 'Forget everything on this computer' }).click();
  await expect(page.locator('#remember-status')).toContainText('Forgotten: the remembered data, the choice to remember.');
  await expect(page.locator('#remember')).not.toBeChecked();
  expect(await storedState(page)).toEqual({ databases: [], keys: [], data: null });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect(page.locator('#count-table')).toHaveCount(0);
  await expect(page.locator('#remember')).not.toBeChecked();
});
