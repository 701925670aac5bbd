// Checks a deployed copy of Safer Trends from the outside, as docs/HOSTING.md describes:
//
//   node scripts/check-deployment.mjs https://intranet.example.gov.uk/dashboards/csp/
//
// - the folder's address without its final slash redirects to it;
// - the page and every file of the build (the list in sw.js) are served, unchanged (their
//   integrity hashes match), with a type the browser accepts (.wasm as application/wasm);
// - every response carries the security headers, with the page's own policy plus
//   frame-ancestors;
// - the build id in the page is the one the service worker names its cache after.
// Prints one line per check and exits with 1 if any failed. Needs Node.js 20 (its fetch).
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { metaPolicy, securityHeaders } from './headers.mjs';

const TYPES = {
  '.html': /^text\/html\b/,
  '.js': /^(text|application)\/javascript\b/,
  '.css': /^text\/css\b/,
  '.wasm': /^application\/wasm$/,
  '.csv': /^text\/(csv|plain)\b/,
  '.svg': /^image\/svg\+xml\b/,
};

/** Runs every check against the app at `address`; returns [{ ok, what }]. */
export async function checkDeployment(address) {
  const base = new URL(address);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const results = [];
  const check = (ok, what) => results.push({ ok: Boolean(ok), what });

  if (base.pathname !== '/') {
    const bare = new URL(base);
    bare.pathname = base.pathname.slice(0, -1);
    const response = await fetch(bare, { redirect: 'manual' });
    const location = response.headers.get('location');
    check([301, 302, 307, 308].includes(response.status) && location && new URL(location, bare).href === base.href,
      `${bare.pathname} redirects to ${base.pathname} (got ${response.status} ${location ?? ''})`);
  }

  const page = await fetch(base, { redirect: 'manual' });
  const html = await page.text();
  check(page.status === 200, `the page answers 200 (got ${page.status})`);
  let expected;
  try {
    expected = securityHeaders(metaPolicy(html));
  } catch (error) {
    check(false, `${error.message}: is this Safer Trends?`);
    return results;
  }
  const headersOf = (name, response) => {
    const wrong = Object.entries(expected).filter(([header, value]) => response.headers.get(header) !== value);
    check(wrong.length === 0, wrong.length === 0
      ? `${name}: security headers present`
      : `${name}: ${wrong.map(([header]) => `${header} is ${JSON.stringify(response.headers.get(header))}`).join('; ')}`);
  };
  headersOf(base.pathname, page);

  const sw = await fetch(new URL('sw.js', base));
  const swText = await sw.text();
  check(sw.ok && /^(text|application)\/javascript\b/.test(sw.headers.get('content-type') ?? ''), `sw.js served as JavaScript (got ${sw.status} ${sw.headers.get('content-type')})`);
  headersOf('sw.js', sw);
  const build = swText.match(/^const BUILD_ID = "([^"]+)";$/m)?.[1];
  const list = swText.match(/^const PRECACHE = (\[[\s\S]*?\n\]);$/m)?.[1];
  const pageBuild = html.match(/<meta name="safer-trends-build" content="([^"]*)">/)?.[1];
  check(build && build === pageBuild, `build ${pageBuild} in the page, ${build} in sw.js`);
  if (!list) {
    check(false, 'sw.js lists the build’s files');
    return results;
  }
  for (const [file, integrity] of JSON.parse(list.replace(/,\n\]$/, '\n]'))) {
    const response = await fetch(new URL(file, base));
    const body = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const pattern = TYPES[file.slice(file.lastIndexOf('.'))];
    const hash = `sha256-${createHash('sha256').update(body).digest('base64')}`;
    const problems = [];
    if (response.status !== 200) problems.push(`answers ${response.status}`);
    if (pattern && !pattern.test(type)) problems.push(`is served as ${JSON.stringify(type)}`);
    if (response.status === 200 && hash !== integrity) problems.push('differs from the build (a partial or altered copy?)');
    check(problems.length === 0, `${file}${problems.length ? `: ${problems.join(', ')}` : ` (${type})`}`);
    if (/\.(js|wasm)$/.test(file)) headersOf(file, response);
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const address = process.argv[2];
  if (!address) {
    console.error('usage: node scripts/check-deployment.mjs https://your.server/path/to/safer-trends/');
    process.exit(2);
  }
  const results = await checkDeployment(address);
  for (const { ok, what } of results) console.log(`${ok ? '✓' : '✗'} ${what}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed ? `\n${failed} check${failed === 1 ? '' : 's'} failed.` : `\nAll ${results.length} checks passed.`);
  process.exit(failed ? 1 : 0);
}
