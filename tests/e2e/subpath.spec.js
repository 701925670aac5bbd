// The same dist/ served under /dashboards/csp/ by a second server (playwright.config.js), as an
// intranet would host it. The privacy audit (fixtures.js) runs against this origin too.
import { test, expect, openApp } from './fixtures.js';
import { cacheName, loadSampleAndCheckTotals, serviceWorkerState } from './service-worker.js';

const url = process.env.SAFER_TRENDS_E2E_SUBPATH_URL;
test.use({ baseURL: url });

test('served from /dashboards/csp/, the app loads the sample, and every request stays in that folder', async ({ page, audit }) => {
  await openApp(page);
  expect(page.url()).toBe(url);
  await loadSampleAndCheckTotals(page);
  const sw = await serviceWorkerState(page);
  expect(sw.scope, 'the service worker serves only the app’s folder').toBe(url);
  expect(sw.caches).toEqual([cacheName(url, sw.build)]);
  expect(cacheName(url, sw.build)).toBe(`safer-trends /dashboards/csp/ ${sw.build}`);
  await page.locator('footer').getByRole('link', { name: 'Accessibility statement' }).click();
  await expect(page).toHaveURL(`${url}accessibility.html`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement for Safer Trends');
  const outside = [...audit.requests, ...audit.workerRequests].filter((u) => !u.startsWith(url));
  expect(outside, 'requests outside /dashboards/csp/').toEqual([]);
});

test('the sub-path without its final slash is redirected to it, and nothing is served outside it', async ({ request }) => {
  const bare = url.replace(/\/$/, '');
  const redirect = await request.get(bare, { maxRedirects: 0 });
  expect(redirect.status()).toBe(301);
  expect(redirect.headers().location).toBe('/dashboards/csp/');
  expect((await request.get(new URL('/index.html', url).href)).status()).toBe(404);
  const page = await request.get(url);
  expect(page.status()).toBe(200);
  expect(page.headers()['content-security-policy']).toContain("default-src 'none'");
});
