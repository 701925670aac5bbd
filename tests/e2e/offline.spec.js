import { test, expect, openApp } from './fixtures.js';
import { cacheName, crateVersion, loadSampleAndCheckTotals, serviceWorkerState } from './service-worker.js';

test('after one visit the app opens, reads the sample and shows its numbers with the network off', async ({ page, context, baseURL }) => {
  await openApp(page);
  const sw = await serviceWorkerState(page);
  expect(sw.scope).toBe(baseURL);
  expect(sw.build).toMatch(/^[0-9a-f]{8}$/);
  // One cache, named after the app's folder and this build.
  expect(sw.caches).toEqual([cacheName(baseURL, sw.build)]);
  await expect(page.locator('#app-version')).toHaveText(`Version ${crateVersion()} (build ${sw.build})`);

  // Unplug: the browser is offline, and anything that still tried the network would be
  // recorded and refused here.
  const network = [];
  await context.route('**/*', (route) => {
    network.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await context.setOffline(true);

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect(page.locator('#file-input')).toBeEnabled();
  await loadSampleAndCheckTotals(page);
  await page.locator('footer').getByRole('link', { name: 'Accessibility statement' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement for Safer Trends');
  expect(network, 'requests that needed the network').toEqual([]);
});
