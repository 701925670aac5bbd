// A static server for dist/ on 127.0.0.1 only. It sends the same Content-Security-Policy as
// the page's meta tag (read from dist/index.html, so the two cannot drift), plus the headers
// that only work as headers (scripts/headers.mjs). Used by the README's serve command and by
// the end-to-end tests.
//
//   node scripts/serve.mjs [--dir=dist] [--port=8080] [--base=/dashboards/csp/]
//
// --base (or SAFER_TRENDS_BASE) serves the app under a sub-path, as an intranet server would:
// only addresses under it exist, and the sub-path without its final / is redirected to it.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { metaPolicy, securityHeaders } from './headers.mjs';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** "dashboards/csp" → "/dashboards/csp/"; nothing → "/". */
export function normaliseBase(base) {
  const trimmed = (base ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Starts serving `dir` under `base`; resolves to the listening node:http server. */
export async function startServer({ dir = 'dist', port = 8080, base = '/', host = '127.0.0.1' } = {}) {
  const root = resolve(dir);
  const prefix = normaliseBase(base);
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const headers = { ...securityHeaders(metaPolicy(html, `${root}/index.html`)), 'Cache-Control': 'no-cache' };

  const server = createServer(async (req, res) => {
    const send = (status, extra, body) => res.writeHead(status, { ...headers, ...extra }).end(body);
    const text = { 'Content-Type': 'text/plain; charset=utf-8' };
    try {
      const url = new URL(req.url, `http://${host}`);
      const path = decodeURIComponent(url.pathname);
      if (`${path}/` === prefix) return send(301, { Location: `${prefix}${url.search}` });
      if (!path.startsWith(prefix)) return send(404, text, 'Not found');
      let file = normalize(join(root, path.slice(prefix.length)));
      if (file !== root && !file.startsWith(root + sep)) return send(403, text, 'Forbidden');
      if ((await stat(file).catch(() => null))?.isDirectory()) {
        // As real servers do: relative URLs only work from the folder's own address.
        if (!url.pathname.endsWith('/')) return send(301, { Location: `${url.pathname}/${url.search}` });
        file = join(file, 'index.html');
      }
      const body = await readFile(file);
      send(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }, req.method === 'HEAD' ? undefined : body);
    } catch {
      send(404, text, 'Not found');
    }
  });
  await new Promise((done, fail) => server.once('error', fail).listen(port, host, done));
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(
    process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]),
  );
  const base = normaliseBase(args.base ?? process.env.SAFER_TRENDS_BASE);
  const dir = args.dir ?? 'dist';
  const server = await startServer({ dir, port: Number(args.port ?? 8080), base });
  const { address, port } = server.address();
  console.log(`Safer Trends is served from ${resolve(dir)} at http://${address}:${port}${base} (Ctrl+C to stop)`);
}
