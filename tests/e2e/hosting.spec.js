// The ready-made server configurations in hosting/ must send what the page's own policy says,
// so they cannot drift from index.html (or from what scripts/serve.mjs sends); and the
// deployment checker must pass a good deployment and name what is wrong with a bad one.
// No browser.
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { test, expect } from '@playwright/test';
import { checkDeployment } from '../../scripts/check-deployment.mjs';
import { metaPolicy, securityHeaders } from '../../scripts/headers.mjs';

const page = metaPolicy(readFileSync('index.html', 'utf8'), 'index.html');
const expected = { ...securityHeaders(page), 'Cache-Control': 'no-cache' };

/** How each file sets a header, as a pattern capturing the value. */
const configs = {
  'hosting/iis/web.config': (name) => new RegExp(`<add name="${name}" value="([^"]*)" />`, 'g'),
  'hosting/nginx/safer-trends.conf': (name) => new RegExp(`^\\s*add_header ${name} "([^"]*)" always;$`, 'gm'),
  'hosting/apache/.htaccess': (name) => new RegExp(`^Header always set ${name} "([^"]*)"$`, 'gm'),
};

test('the accessibility statement carries the same policy as the page', () => {
  expect(metaPolicy(readFileSync('accessibility.html', 'utf8'), 'accessibility.html')).toBe(page);
});

for (const [file, pattern] of Object.entries(configs)) {
  test(`${file} sends the page's policy and the other security headers`, () => {
    const text = readFileSync(file, 'utf8');
    for (const [name, value] of Object.entries(expected)) {
      if (file.endsWith('web.config') && name === 'Cache-Control') continue; // <clientCache>, below
      const found = [...text.matchAll(pattern(name))].map((m) => m[1]);
      expect(found, `${name} in ${file}`).toEqual([value]);
    }
  });
}

test('each configuration serves .wasm as application/wasm and never lists a folder', () => {
  const iis = readFileSync('hosting/iis/web.config', 'utf8');
  expect(iis).toContain('<mimeMap fileExtension=".wasm" mimeType="application/wasm" />');
  expect(iis).toContain('<directoryBrowse enabled="false" />');
  expect(iis).toContain('<clientCache cacheControlMode="DisableCache" />');
  // IIS serves only the types it knows, and the offline copy is every file of the build or
  // nothing: each kind of file in dist/ beyond IIS's own basics must be mapped.
  const kinds = new Set(readdirSync('dist', { recursive: true }).map((f) => extname(String(f))).filter(Boolean));
  for (const ext of ['.html', '.js', '.css']) kinds.delete(ext);
  for (const ext of kinds) expect(iis, `IIS type for ${ext}`).toContain(`<mimeMap fileExtension="${ext}"`);
  const nginx = readFileSync('hosting/nginx/safer-trends.conf', 'utf8');
  expect(nginx).toMatch(/^\s*application\/wasm wasm;$/m);
  expect(nginx).toMatch(/^\s*autoindex off;$/m);
  const apache = readFileSync('hosting/apache/.htaccess', 'utf8');
  expect(apache).toMatch(/^AddType application\/wasm \.wasm$/m);
  expect(apache).toMatch(/^Options -Indexes$/m);
});

test('scripts/check-deployment.mjs passes the app served at the root and under a sub-path', async ({ baseURL }) => {
  for (const url of [baseURL, process.env.SAFER_TRENDS_E2E_SUBPATH_URL]) {
    const failed = (await checkDeployment(url)).filter((r) => !r.ok);
    expect(failed, url).toEqual([]);
  }
});

test('scripts/check-deployment.mjs names what a bare static server gets wrong', async () => {
  // A server with no security headers, no redirect for the folder, .wasm as octet-stream,
  // and one file missing: what a default server with a half-copied dist/ might do.
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname.replace(/^\/app\//, '/').replace(/\/$/, '/index.html');
    if (path === '/worker.js') return res.writeHead(404).end();
    try {
      const body = await readFile(join('dist', path));
      res.writeHead(200, { 'Content-Type': path.endsWith('.html') ? 'text/html' : path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  try {
    const failed = (await checkDeployment(`http://127.0.0.1:${server.address().port}/app/`)).filter((r) => !r.ok).map((r) => r.what);
    expect(failed).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\/app redirects to \/app\//),
      expect.stringMatching(/^\/app\/: Content-Security-Policy is null; X-Content-Type-Options is null/),
      expect.stringMatching(/^worker_bg\.wasm: is served as "application\/octet-stream"/),
      expect.stringMatching(/^worker\.js: answers 404/),
    ]));
  } finally {
    server.close();
  }
});
