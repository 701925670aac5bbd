// Finishes a build for offline use. Run by Trunk after every build (the post_build hook in
// Trunk.toml, on its staging folder) or by hand: `node scripts/precache.mjs [dist]`.
//
// 1. accessibility.html gets the same (content-hashed) stylesheet link as index.html.
// 2. The build id is computed: a SHA-256 over every file of the build (path and content) and
//    the service-worker template, so any change to what is shipped gives a new id.
// 3. index.html gets the id in <meta name="safer-trends-build">, which the footer shows.
// 4. sw.js is written from web/sw.js with the id (which names its cache) and the list of the
//    build's files with their integrity hashes: the list is read from the folder, never
//    written by hand.
//
// Running it again on the same folder changes nothing (the id ignores the id itself).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const TEMPLATE = fileURLToPath(new URL('../web/sw.js', import.meta.url));
const BUILD_META = /<meta name="safer-trends-build" content="[^"]*">/;
const STYLESHEET = /<link rel="stylesheet"[^>]*>/g;
// Never cached: the worker itself, and server files a host may keep beside the app (IIS
// refuses to serve web.config, so listing it would stop the worker installing).
const NOT_CACHED = new Set(['sw.js', 'web.config']);

const sha256 = (data) => createHash('sha256').update(data);

/** Every file under `dir`, as sorted URL paths relative to it (dotfiles left out). */
export function buildFiles(dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.filter((f) => !NOT_CACHED.has(f)).sort();
}

/** The page's stylesheet link, for the static pages that share its CSS. */
function linkStylesheet(dir, indexHtml) {
  const links = indexHtml.match(STYLESHEET) ?? [];
  if (links.length !== 1) throw new Error(`${dir}/index.html: expected one stylesheet link, found ${links.length}`);
  const page = join(dir, 'accessibility.html');
  let html;
  try {
    html = readFileSync(page, 'utf8');
  } catch {
    return;
  }
  const own = html.match(STYLESHEET) ?? [];
  if (own.length !== 1) throw new Error(`${page}: expected one stylesheet link, found ${own.length}`);
  writeFileSync(page, html.replace(STYLESHEET, () => links[0]));
}

/** Stamps the build in `dir` (see the top of this file); returns its id and precache list. */
export function stampBuild(dir, { template = TEMPLATE } = {}) {
  const indexPath = join(dir, 'index.html');
  const indexHtml = readFileSync(indexPath, 'utf8');
  if (!BUILD_META.test(indexHtml)) throw new Error(`${indexPath} has no <meta name="safer-trends-build" content="…">`);
  linkStylesheet(dir, indexHtml);

  const templateText = readFileSync(template, 'utf8');
  const files = buildFiles(dir);
  const id = sha256(templateText);
  for (const file of files) {
    let content = readFileSync(join(dir, file));
    // The id must not depend on itself, or stamping twice would give a new one.
    if (file === 'index.html') content = Buffer.from(content.toString('utf8').replace(BUILD_META, '<meta name="safer-trends-build" content="">'));
    id.update(`${file}\0`).update(sha256(content).digest()).update('\0');
  }
  const buildId = id.digest('hex').slice(0, 8);
  writeFileSync(indexPath, indexHtml.replace(BUILD_META, `<meta name="safer-trends-build" content="${buildId}">`));

  // Integrity hashes of the files as they are served (index.html with its id).
  const precache = files.map((file) => [
    file.split('/').map(encodeURIComponent).join('/'),
    `sha256-${sha256(readFileSync(join(dir, file))).digest('base64')}`,
  ]);
  const filled = replaceOnce(
    replaceOnce(templateText, "const BUILD_ID = 'development';", `const BUILD_ID = ${JSON.stringify(buildId)};`),
    'const PRECACHE = [];',
    `const PRECACHE = [\n${precache.map((entry) => `  ${JSON.stringify(entry)},`).join('\n')}\n];`,
  );
  writeFileSync(join(dir, 'sw.js'), filled);
  return { buildId, files: precache.map(([file]) => file) };
}

function replaceOnce(text, marker, replacement) {
  const parts = text.split(marker);
  if (parts.length !== 2) throw new Error(`the service-worker template must contain "${marker}" exactly once`);
  return parts.join(replacement);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  const { buildId, files } = stampBuild(dir);
  console.log(`Build ${buildId}: sw.js precaches ${files.length} files`);
}
