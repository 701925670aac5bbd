// End-to-end tests: the built dist/ served on 127.0.0.1 by scripts/serve.mjs, driven in
// Debian's Chromium. No browser is ever downloaded.
import { createServer } from 'node:net';
import { defineConfig } from '@playwright/test';

/** A port nothing else is using, so two test runs (or a served app) never collide. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Chosen once in the main process; Playwright's worker processes inherit them. The second
// server puts the same dist/ under a sub-path, as an intranet would (tests/e2e/subpath.spec.js).
process.env.SAFER_TRENDS_E2E_PORT ??= String(await freePort());
while (!process.env.SAFER_TRENDS_E2E_SUBPATH_PORT || process.env.SAFER_TRENDS_E2E_SUBPATH_PORT === process.env.SAFER_TRENDS_E2E_PORT) {
  process.env.SAFER_TRENDS_E2E_SUBPATH_PORT = String(await freePort());
}
const port = Number(process.env.SAFER_TRENDS_E2E_PORT);
const subPathPort = Number(process.env.SAFER_TRENDS_E2E_SUBPATH_PORT);
const SUB_PATH = '/dashboards/csp/';
process.env.SAFER_TRENDS_E2E_SUBPATH_URL = `http://127.0.0.1:${subPathPort}${SUB_PATH}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // No hostname but the loopback address resolves: a request that slipped past the
        // policy could still not leave the machine, and the request log would show it.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    },
  },
  webServer: [
    {
      command: `node scripts/serve.mjs --dir=dist --port=${port}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node scripts/serve.mjs --dir=dist --port=${subPathPort} --base=${SUB_PATH}`,
      url: process.env.SAFER_TRENDS_E2E_SUBPATH_URL,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
