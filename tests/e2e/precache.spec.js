// The build's offline list and id (scripts/precache.mjs), checked on dist/ and on copies of it,
// without a browser.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { stampBuild } from '../../scripts/precache.mjs';

/** Every file under dist/, listed here independently of the generator. */
function distFiles(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? distFiles(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** What dist/sw.js was written with. */
function swConstants(dir) {
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const build = sw.match(/^const BUILD_ID = "([0-9a-f]+)";$/m)?.[1];
  const list = sw.match(/^const PRECACHE = (\[[\s\S]*?\n\]);$/m)?.[1];
  return { build, precache: list && JSON.parse(list.replace(/,\n\]$/, '\n]')) };
}

const metaBuild = (dir) => readFileSync(join(dir, 'index.html'), 'utf8').match(/<meta name="safer-trends-build" content="([^"]*)">/)[1];

function withCopy(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'safer-trends-dist-'));
  try {
    cpSync('dist', dir, { recursive: true });
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('sw.js precaches exactly the files of the build, each with its integrity hash', () => {
  const { build, precache } = swConstants('dist');
  expect(build).toMatch(/^[0-9a-f]{8}$/);
  expect(metaBuild('dist'), 'index.html carries the id that names the cache').toBe(build);
  const files = distFiles('dist').filter((f) => f !== 'sw.js').sort();
  expect(precache.map(([file]) => file)).toEqual(files);
  // What must be there for the app to open and read the sample offline.
  for (const pattern of [/^index\.html$/, /^accessibility\.html$/, /^boot\.js$/, /^favicon\.svg$/, /^main-[0-9a-f]+\.css$/,
    /^safer-trends-[0-9a-f]+\.js$/, /^safer-trends-[0-9a-f]+_bg\.wasm$/, /^worker_loader\.js$/, /^worker\.js$/, /^worker_bg\.wasm$/]) {
    expect(files.filter((f) => pattern.test(f)), `${pattern}`).toHaveLength(1);
  }
  expect(files.filter((f) => /^sample\/.*\.csv$/.test(f))).toHaveLength(12);
  for (const [file, integrity] of precache) {
    expect(integrity, file).toBe(`sha256-${createHash('sha256').update(readFileSync(join('dist', file))).digest('base64')}`);
  }
});

test('the accessibility statement gets the page’s hashed stylesheet', () => {
  const link = (file) => readFileSync(join('dist', file), 'utf8').match(/<link rel="stylesheet"[^>]*>/g);
  expect(link('index.html')).toHaveLength(1);
  expect(link('accessibility.html')).toEqual(link('index.html'));
});

test('stamping again changes nothing; a changed file gives a new build id and so a new cache', () => {
  const before = swConstants('dist');
  withCopy((dir) => {
    expect(stampBuild(dir).buildId, 'the same files, the same id').toBe(before.build);
    expect(readFileSync(join(dir, 'sw.js'), 'utf8')).toBe(readFileSync('dist/sw.js', 'utf8'));
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(readFileSync('dist/index.html', 'utf8'));

    writeFileSync(join(dir, 'sample', 'README.md'), `${readFileSync(join(dir, 'sample', 'README.md'), 'utf8')}\nRevised.\n`);
    const { buildId } = stampBuild(dir);
    expect(buildId).not.toBe(before.build);
    expect(swConstants(dir).build).toBe(buildId);
    expect(metaBuild(dir)).toBe(buildId);
    const readme = swConstants(dir).precache.find(([file]) => file === 'sample/README.md');
    const old = before.precache.find(([file]) => file === 'sample/README.md');
    expect(readme[1]).not.toBe(old[1]);
  });
});

test('a build without the id placeholder or the template markers fails loudly', () => {
  withCopy((dir) => {
    const index = join(dir, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace(/<meta name="safer-trends-build"[^>]*>/, ''));
    expect(() => stampBuild(dir)).toThrow(/safer-trends-build/);
  });
  withCopy((dir) => {
    const template = join(dir, 'template.js');
    writeFileSync(template, 'const BUILD_ID = \'development\';\n');
    expect(() => stampBuild(dir, { template })).toThrow(/const PRECACHE = \[\];/);
  });
});
