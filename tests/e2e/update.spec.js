// A new deployment is picked up on the next visit: the app is served from a folder of its own,
// visited, then replaced by a different build (one file changed, stamped again as the build
// does), and the next visits must get the new build and keep only its cache.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, openApp } from './fixtures.js';
import { cacheName, crateVersion, serviceWorkerState } from './service-worker.js';
import { startServer } from '../../scripts/serve.mjs';
import { stampBuild } from '../../scripts/precache.mjs';

const test = base.extend({
  // The folder a council would copy dist/ into, served like dist/ is.
  deployment: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'safer-trends-deploy-'));
    cpSync('dist', root, { recursive: true });
    const server = await startServer({ dir: root, port: 0 });
    await use({ root, url: `http://127.0.0.1:${server.address().port}/` });
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    rmSync(root, { recursive: true, force: true });
  },
  baseURL: async ({ deployment }, use) => use(deployment.url),
});

test('a new deployment is picked up on the next visit and the old cache is removed', async ({ page, deployment, baseURL }) => {
  await openApp(page);
  const first = await serviceWorkerState(page);
  expect(first.caches).toEqual([cacheName(baseURL, first.build)]);

  // Deploy a different build over the top, as copying a new dist/ would.
  cpSync('dist', deployment.root, { recursive: true });
  appendFileSync(join(deployment.root, 'boot.js'), '\n// the next release\n');
  const { buildId } = stampBuild(deployment.root);
  expect(buildId).not.toBe(first.build);

  // This visit is answered from the cache (the old build), and finds the new one.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect
    .poll(() => page.evaluate(() => caches.keys()), { message: 'the new build replaces the old cache' })
    .toEqual([cacheName(baseURL, buildId)]);

  // The next visit is the new build.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await expect(page.locator('#app-version')).toHaveText(`Version ${crateVersion()} (build ${buildId})`);
  expect((await serviceWorkerState(page)).build).toBe(buildId);
});
