// The link with data's format (zlib-deflated JSON, base64url) is made and read by the browser's
// own CompressionStream/DecompressionStream since the page stopped carrying flate2. Links made
// before, when the page deflated at flate2's best compression, must still open: such a link is
// made here with Node's zlib at level 9 (the same zlib format) from the file Publish writes,
// and its figures are checked against the CSV files. A link that inflates past the 16 MB a
// payload may have, and one whose checksum is wrong, are refused with a reason.
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { test, expect, openApp, loadSample, sampleCounts, readCountTable, number, monthLabel } from './fixtures.js';

/** The sample's count table (month × crime type) as the files give it. */
async function expectSampleTable(page) {
  const counts = sampleCounts();
  const { header, rows } = await readCountTable(page);
  expect(rows.map((r) => r[0])).toEqual([...counts.keys()].sort().map(monthLabel));
  let checked = 0;
  for (const row of rows) {
    const month = [...counts.keys()].find((m) => monthLabel(m) === row[0]);
    for (const [type, n] of counts.get(month)) {
      expect(number(row[header.indexOf(type)]), `${row[0]} ${type}`).toBe(n);
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThan(100);
}

const dataLink = (baseURL, bytes) => `${baseURL}#data=${bytes.toString('base64url')}&view=/overview`;

test('a link made by the earlier page (zlib at best compression) still opens with the same figures', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await loadSample(page);
  await page.getByRole('button', { name: 'Publish this dashboard' }).click();
  await page.locator('#publish-name').fill('sample.json');
  const download = page.waitForEvent('download');
  await page.locator('#publish-download').click();
  const json = readFileSync(await (await download).path());

  const context = await browser.newContext({ baseURL });
  const errors = [];
  const viewer = await context.newPage();
  viewer.on('pageerror', (e) => errors.push(e.message));
  await viewer.goto(dataLink(baseURL, deflateSync(json, { level: 9 })));
  await expect(viewer.locator('#published-banner')).toContainText('These figures were shared in a link');
  await expectSampleTable(viewer);

  // A character changed inside the deflated data: refused (the Adler-32 checksum, or the
  // deflate stream itself), never shown with other figures.
  const damaged = Buffer.from(deflateSync(json, { level: 9 }));
  damaged[Math.floor(damaged.length / 2)] ^= 0x20;
  await viewer.goto('about:blank');
  await viewer.goto(dataLink(baseURL, damaged));
  await expect(viewer.locator('#shared-problem')).toContainText('damaged');

  // 40 MB of spaces deflate to tens of kilobytes: the page stops inflating after 16 MB.
  const bomb = deflateSync(Buffer.alloc(40 * 1024 * 1024, 0x20), { level: 9 });
  expect(bomb.length).toBeLessThan(100_000);
  await viewer.goto('about:blank');
  await viewer.goto(dataLink(baseURL, bomb));
  await expect(viewer.locator('#shared-problem')).toContainText('the page reads at most 16 MB');
  expect(errors, 'uncaught exceptions').toEqual([]);
  await context.close();
});
