// Times the real app against the peer tools (bench/peers) in one run, in headless Chromium, on
// generated police.uk files, and writes docs/BENCHMARKS.md.
//
// The app is driven the way a user loads a file: it goes in through the file input, and the
// clock runs from the input's `change` event to the count table drawn. Each peer page does the
// same job (file input → month × crime-type table in the DOM) and times itself the same way.
// For each size, each run index, each contender in turn (round robin, so a drift of the shared
// machine hits them all alike): a fresh Chromium with a fresh profile and the same flags.
// Peak memory is the VmHWM of the renderer that did the work (workers are threads of it).
// Every table is checked against bench/peers/reference.py (Python's csv module, independent of
// both the app and the peers); any request that leaves 127.0.0.1 fails the run.
//
//   node bench/run.mjs --data-dir /tmp/bench-data --sizes 100k,1m --runs 3 [--native native.json]
//                      [--only safer-trends,duckdb-direct]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir, type, release } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startServer as startAppServer } from '../scripts/serve.mjs';
import { startServer as startPeerServer } from './peers/lib/serve.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const dataDir = args['data-dir'] ?? '/tmp/bench-data';
const sizes = (args.sizes ?? '100k,1m').split(',');
const runs = Number(args.runs ?? 3);
const only = args.only ? args.only.split(',') : null;
const CHROMIUM = '/usr/bin/chromium';
const APP = { id: 'safer-trends', label: 'Safer Trends (this app, release build in dist/)', app: true };
// The peers hold the whole file (or its parsed rows) in memory: on the 2.2 GB file they fail
// or take minutes, which says nothing new. Only the app reads that one.
const APP_ONLY_SIZES = new Set(['10m']);

const peerList = JSON.parse(readFileSync('bench/peers/contenders.json', 'utf8')).contenders;
const contenders = [APP, ...peerList].filter((c) => !only || only.includes(c.id));

// The same flags for every contender. --enable-precise-memory-info un-buckets the peers'
// performance.memory; the resolver rule makes every host name but 127.0.0.1 unresolvable.
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  // For experiments, e.g. BENCH_CHROMIUM_ARGS=--js-flags=--expose-gc.
  ...(process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d));
const proc = (pid, file) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // A process that ended while being read.
  }
};
/** Fields of /proc/PID/stat after the command name (which may hold spaces). */
const statFields = (pid) => {
  const st = proc(pid, 'stat');
  return st ? st.slice(st.lastIndexOf(')') + 2).split(' ') : null;
};

/** The browser process: the Chromium whose command line names this run's own profile. */
function browserPid(profile) {
  for (const pid of pids()) {
    const cmd = proc(pid, 'cmdline')?.split('\0') ?? [];
    if (cmd.includes(`--user-data-dir=${profile}`) && !cmd.some((a) => a.startsWith('--type='))) return pid;
  }
  return null;
}

function descendants(root) {
  const kids = new Map();
  for (const pid of pids()) {
    const ppid = statFields(pid)?.[1];
    if (ppid) kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
  }
  const out = [];
  const stack = [root];
  while (stack.length) for (const c of kids.get(stack.pop()) ?? []) out.push(c), stack.push(c);
  return out;
}

/** CPU ticks, resident and peak resident memory (MB) of each page renderer under the browser. */
function renderers(browser) {
  if (!browser) return [];
  const out = [];
  for (const pid of descendants(browser)) {
    const cmd = proc(pid, 'cmdline') ?? '';
    // Chromium's own WebUI renderers (the omnibox popup) are not the page.
    if (!cmd.includes('--type=renderer') || cmd.includes('--top-chrome-webui')) continue;
    const status = proc(pid, 'status') ?? '';
    const f = statFields(pid) ?? [];
    const mb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
    out.push({ pid, ticks: Number(f[11] ?? 0) + Number(f[12] ?? 0), now: mb('VmRSS'), peak: mb('VmHWM') });
  }
  return out;
}

/** CPU ticks (1/100 s) of the browser and all its processes. */
const treeTicks = (browser) => [browser, ...descendants(browser)]
  .reduce((sum, pid) => { const f = statFields(pid); return sum + (f ? Number(f[11]) + Number(f[12]) : 0); }, 0);

/**
 * Waits until the browser is quiet (< 40 ms CPU in 500 ms, at most 15 s): headless Chromium
 * spends ~0.8 s CPU in its first seconds preloading its own WebUI, which on 2 cores would
 * overlap whichever contender is measured.
 */
async function settle(browser) {
  if (!browser) return;
  const t0 = Date.now();
  let prev = treeTicks(browser);
  while (Date.now() - t0 < 15_000) {
    await sleep(500);
    const now = treeTicks(browser);
    if (now - prev < 4) return;
    prev = now;
  }
}

/** 'Jan 2022' (the app's month label) → '2022-01', the form of the file and the reference. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const isoMonth = (label) => {
  const [name, year] = label.trim().split(/\s+/);
  const m = MONTHS.indexOf(name);
  return m < 0 ? label : `${year}-${String(m + 1).padStart(2, '0')}`;
};

/** What the app's count table says, as [month, type, count] cells and [month, total] rows. */
async function appTable(page) {
  const raw = await page.evaluate(() => {
    const table = document.querySelector('#count-table');
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => ({
      label: tr.querySelector('th')?.textContent ?? '',
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    }));
    return { heads, rows };
  });
  const types = raw.heads.slice(1, raw.heads.indexOf('Total'));
  const num = (s) => Number(s.replaceAll(',', ''));
  const cells = [];
  const totals = [];
  for (const row of raw.rows) {
    const month = isoMonth(row.label);
    types.forEach((t, i) => { if (num(row.cells[i] ?? '0') !== 0) cells.push([month, t, num(row.cells[i])]); });
    totals.push([month, num(row.cells[types.length] ?? 'NaN')]);
  }
  return { cells, totals };
}

/** Differences between a contender's table and the reference's (empty when they agree). */
function check(ref, rows, table) {
  const errors = [];
  if (rows !== ref.rows) errors.push(`rows ${rows} ≠ ${ref.rows}`);
  const counts = {};
  const totals = {};
  for (const [m, t, n] of table?.cells ?? []) {
    counts[m] ??= {};
    counts[m][t] = (counts[m][t] ?? 0) + Number(n);
  }
  for (const [m, n] of table?.totals ?? []) totals[m] = (totals[m] ?? 0) + Number(n);
  const months = new Set([...Object.keys(ref.counts), ...Object.keys(counts), ...Object.keys(totals)]);
  for (const m of months) {
    for (const t of new Set([...Object.keys(ref.counts[m] ?? {}), ...Object.keys(counts[m] ?? {})])) {
      if ((ref.counts[m]?.[t] ?? 0) !== (counts[m]?.[t] ?? 0)) errors.push(`${m} ${t}: ${counts[m]?.[t] ?? 0} ≠ ${ref.counts[m]?.[t] ?? 0}`);
    }
    if ((ref.totals[m] ?? 0) !== (totals[m] ?? 0)) errors.push(`${m} total: ${totals[m] ?? 0} ≠ ${ref.totals[m] ?? 0}`);
  }
  return errors;
}

/** The app's own probes, installed before any of its scripts run. They only watch. */
function appProbes() {
  // Start-up: the first moment the page can take a file — boot.js has instantiated the wasm
  // and marked <html data-app-ready>, and the file input is in the page and enabled.
  const readyNow = () => document.documentElement.dataset.appReady === 'true'
    && document.querySelector('#file-input:not([disabled])');
  const observer = new MutationObserver(() => {
    if (window.__appReadyAt === undefined && readyNow()) {
      window.__appReadyAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  // Each ingest worker reports the size of its WebAssembly memory in its progress messages;
  // the largest sum over the workers is kept, to see whether memory stays flat.
  window.__wasmBytes = 0;
  const peak = new Map();
  const slot = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    configurable: true,
    get() { return slot.get.call(this); },
    set(handler) {
      const worker = this;
      slot.set.call(this, handler && ((event) => {
        // When the last worker has started (compiled its WebAssembly), for the time split.
        if (event.data === 'Ready') window.__workersReady = performance.now();
        const memory = event.data?.Progress?.memory;
        if (memory) {
          peak.set(worker, Math.max(peak.get(worker) ?? 0, memory));
          window.__wasmBytes = [...peak.values()].reduce((a, b) => a + b, 0);
        }
        return handler(event);
      }));
    },
  });
}

/** One contender, one file, one fresh browser. */
async function once(c, file, urls) {
  const profile = mkdtempSync(join(tmpdir(), 'safer-trends-bench-'));
  const r = { id: c.id, ok: false, outside: [] };
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: CHROME_ARGS, viewport: { width: 1280, height: 900 },
  });
  try {
    context.on('request', (req) => {
      if (!/^(https?:\/\/127\.0\.0\.1(:\d+)?\/|blob:|data:|about:)/.test(req.url())) r.outside.push(req.url());
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pid = browserPid(profile);
    if (c.app) {
      await page.addInitScript(appProbes);
      await page.goto(`${urls.app}/`);
      await page.waitForFunction(() => window.__appReadyAt !== undefined, null, { timeout: 120_000 });
      r.startupMs = await page.evaluate(() => window.__appReadyAt);
    } else {
      await page.goto(`${urls.peers}${c.page}`);
      await page.waitForFunction(() => window.__benchReady === true || window.__benchResult, null, { timeout: 120_000, polling: 20 });
      r.startupMs = await page.evaluate(() => window.__benchInitMs ?? null);
    }
    await settle(pid);
    const before = new Map(renderers(pid).map((p) => [p.pid, p]));
    r.load = loadavg()[0];
    // The renderers' resident memory every 100 ms while the file is read.
    const samples = [];
    const sampler = setInterval(() => samples.push(Math.max(...renderers(pid).map((p) => p.now), 0)), 100);
    try {
      if (c.app) {
        await page.evaluate(() => {
          document.querySelector('#file-input').addEventListener('change', () => { window.__benchStart = performance.now(); }, { capture: true, once: true });
        });
        await page.locator('#file-input').setInputFiles(file);
        await page.waitForFunction(() => {
          const done = document.querySelector('#status')?.textContent.startsWith('Loaded') && document.querySelector('#count-table tbody tr');
          if (done && window.__benchEnd === undefined) window.__benchEnd = performance.now();
          return done;
        }, null, { timeout: 1_800_000, polling: 'raf' });
        const t = await page.evaluate(() => ({ start: window.__benchStart, end: window.__benchEnd, workers: window.__workersReady, wasm: window.__wasmBytes }));
        r.totalMs = t.end - t.start;
        r.workersMs = (t.workers ?? t.start) - t.start;
        r.wasmMb = t.wasm / 2 ** 20;
        const status = await page.locator('#status').textContent();
        r.rows = Number(status.match(/with ([\d,]+) rows?/)?.[1].replaceAll(',', ''));
        r.table = await appTable(page);
      } else {
        await page.setInputFiles('input[type=file]', file);
        await page.waitForFunction(() => !!window.__benchResult, null, { timeout: 1_800_000, polling: 20 });
        const res = await page.evaluate(() => window.__benchResult);
        if (!res.ok) throw new Error(`${res.stage ?? 'run'} failed: ${res.error}`);
        r.totalMs = res.timings.total_ms;
        r.rows = Number(res.rows);
        r.table = res.table;
      }
    } finally {
      clearInterval(sampler);
    }
    // The page's renderer is the one that did the work; the others are Chromium's spare one.
    const busy = renderers(pid)
      .map((p) => ({ ...p, spent: p.ticks - (before.get(p.pid)?.ticks ?? 0), atReady: before.get(p.pid)?.now ?? 0 }))
      .sort((a, b) => b.spent - a.spent)[0];
    r.peakMb = busy?.peak ?? null;
    r.addedMb = busy ? busy.peak - busy.atReady : null;
    r.ok = true;
  } catch (e) {
    r.error = String(e?.message ?? e).split('\n')[0];
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
  return r;
}

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const fmt = (x, digits = 0) => (x == null || !Number.isFinite(x) ? '–' : x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

const files = sizes.map((size) => {
  const path = `${dataDir}/crimes-${size}.csv`;
  process.stderr.write(`reference table for ${path} (Python csv module)\n`);
  const ref = JSON.parse(execFileSync('python3', ['bench/peers/reference.py', path], { maxBuffer: 2 ** 26 }));
  return { size, path, bytes: statSync(path).size, ref };
});

const appServer = contenders.includes(APP) ? await startAppServer({ dir: 'dist', port: 0 }) : null;
const peerServer = await startPeerServer({ root: 'bench/peers' });
const urls = { app: `http://127.0.0.1:${appServer?.address().port}`, peers: peerServer.url };
const all = [];
const loads = [];
const sampleLoad = setInterval(() => loads.push(loadavg()[0]), 5000);
try {
  for (const f of files) {
    for (let i = 0; i < runs; i += 1) {
      for (const c of contenders) {
        if (!c.app && APP_ONLY_SIZES.has(f.size)) continue;
        const r = await once(c, f.path, urls);
        r.size = f.size;
        r.run = i + 1;
        r.errors = r.ok ? check(f.ref, r.rows, r.table) : [r.error];
        delete r.table;
        process.stderr.write(`${f.size} run ${i + 1} ${c.id}: ${r.ok
          ? `${fmt(r.totalMs)} ms, ${r.rows} rows, ${r.errors.length ? `WRONG (${r.errors.slice(0, 3).join('; ')})` : 'table right'}, peak ${fmt(r.peakMb)} MB (+${fmt(r.addedMb)}), start-up ${fmt(r.startupMs)} ms${c.app ? `, workers ready after ${fmt(r.workersMs)} ms, wasm ${fmt(r.wasmMb)} MB` : ''}`
          : `FAILED: ${r.error}`}, load ${r.load?.toFixed(1) ?? '?'}${r.outside.length ? `, REQUESTS OUTSIDE THE PAGE: ${r.outside.join(' ')}` : ''}\n`);
        all.push(r);
      }
    }
  }
} finally {
  clearInterval(sampleLoad);
  appServer?.closeAllConnections();
  appServer?.close();
  await peerServer.close();
}

const outside = all.flatMap((r) => r.outside.map((u) => `${r.id} (${r.size}): ${u}`));
if (outside.length) {
  // A contender that reaches beyond the page's origin is not measuring what a user would get,
  // and for the app it breaks the privacy promise: no figures are published from such a run.
  process.stderr.write(`\nRequests left 127.0.0.1 — the run fails and docs/BENCHMARKS.md is not written:\n${outside.join('\n')}\n`);
  process.exit(1);
}

const results = [];
for (const f of files) {
  for (const c of contenders) {
    const rs = all.filter((r) => r.size === f.size && r.id === c.id);
    if (!rs.length) continue;
    const good = rs.filter((r) => r.ok);
    const totals = good.map((r) => r.totalMs);
    const totalMs = median(totals);
    results.push({
      id: c.id, app: !!c.app, size: f.size, bytes: f.bytes, rows: f.ref.rows, runs: rs.length, ok: good.length,
      right: good.length === rs.length && rs.every((r) => r.errors.length === 0),
      errors: [...new Set(rs.flatMap((r) => r.errors))].slice(0, 3),
      totalMs, minMs: totals.length ? Math.min(...totals) : null, maxMs: totals.length ? Math.max(...totals) : null,
      mbPerS: totalMs ? f.bytes / 1e6 / (totalMs / 1000) : null,
      peakMb: median(good.map((r) => r.peakMb)), addedMb: median(good.map((r) => r.addedMb)),
      startupMs: median(good.map((r) => r.startupMs)),
      workersMs: median(good.map((r) => r.workersMs)), wasmMb: median(good.map((r) => r.wasmMb)),
      load: median(good.map((r) => r.load)),
    });
  }
}

const native = args.native ? JSON.parse(readFileSync(args.native, 'utf8')) : [];
const chromiumVersion = execFileSync(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
const cores = cpus().length;
const loadRange = loads.length ? [Math.min(...loads), median(loads), Math.max(...loads)] : [loadavg()[0], loadavg()[0], loadavg()[0]];
const loaded = loadRange[1] > cores;

function targets() {
  const app = results.find((r) => r.app && r.size === '1m');
  const peers = results.filter((r) => !r.app && r.size === '1m' && r.right && r.mbPerS);
  if (!app || !peers.length) return ['Not checked: the targets are on the 1M-row file; run with `1m` (and `10m` for flat memory), with the peers.'];
  const fastest = peers.reduce((a, b) => (b.mbPerS > a.mbPerS ? b : a));
  const appStart = median(all.filter((r) => r.id === APP.id && r.ok).map((r) => r.startupMs));
  const huge = results.find((r) => r.app && r.size === '10m');
  const verdict = (met) => (met ? 'met' : '**not met**');
  const lines = [
    `Fastest correct peer on the 1M-row file in this run: **${fastest.id}**, median ${fmt(fastest.totalMs)} ms (${fmt(fastest.mbPerS, 1)} MB/s), peak renderer memory ${fmt(fastest.peakMb)} MB, start-up ${fmt(fastest.startupMs)} ms.`,
    '',
    `- **Throughput at least 4× the fastest peer's on 1M rows** (≥ ${fmt(4 * fastest.mbPerS, 1)} MB/s): the app read it at ${fmt(app.mbPerS, 1)} MB/s, ${fmt(app.mbPerS / fastest.mbPerS, 2)} × the peer — ${verdict(app.right && app.mbPerS >= 4 * fastest.mbPerS)}.`,
    `- **Start-up under 500 ms** (page opened → ready for a file, median of all the app's runs): ${fmt(appStart)} ms — ${verdict(appStart < 500)}.`,
    `- **Peak renderer memory at most a third of the fastest peer's** (≤ ${fmt(fastest.peakMb / 3)} MB): ${fmt(app.peakMb)} MB, ${fmt(app.peakMb / fastest.peakMb, 2)} of the peer's — ${verdict(app.peakMb <= fastest.peakMb / 3)}.`,
    huge
      ? `- **Memory flat up to a 2 GB file** (peak on the 10M-row file, ${fmt(huge.bytes / 1e9, 1)} GB, within 10% of the 1M-row file's): ${fmt(app.peakMb)} MB → ${fmt(huge.peakMb)} MB — ${verdict(huge.right && huge.peakMb <= app.peakMb * 1.1)}.`
      : '- **Memory flat up to a 2 GB file**: not checked in this run (it needs the `10m` size).',
    '',
    'And the targets of issue #3, for the app alone on the 1M-row file:',
    '',
    `- **At least 300 MB/s in the browser**: ${fmt(app.mbPerS, 1)} MB/s — ${verdict(app.right && app.mbPerS >= 300)}.`,
    `- **Peak renderer memory under 200 MB**: ${fmt(app.peakMb)} MB — ${verdict(app.peakMb < 200)}.`,
  ];
  if (!app.right) lines.push('', '**The app\'s table was wrong in this run**: no target counts as met.');
  return lines;
}

const contenderRows = results.map((r) => `| ${r.app ? `**${r.id}**` : r.id} | crimes-${r.size}.csv | ${r.right ? 'yes' : `**WRONG** ${r.ok}/${r.runs} ran; ${r.errors.join('; ')}`} | ${r.runs} | ${fmt(r.totalMs)} | ${fmt(r.minMs)}–${fmt(r.maxMs)} | ${fmt(r.mbPerS, 1)} | ${fmt(r.peakMb)} | ${fmt(r.addedMb)} | ${fmt(r.startupMs)} | ${fmt(r.load, 1)} |`);
const lines = [
  '# Benchmarks',
  '',
  ...(loaded ? [
    `> **Measured on a loaded machine** (1-minute load average ${fmt(loadRange[0], 1)}–${fmt(loadRange[2], 1)} on ${cores} cores during the run): other work was competing for the CPU,`,
    '> so every time below is longer, and every ratio less certain, than on a quiet machine. These figures are not comparable',
    '> with figures from a quiet machine, nor with each other across runs; re-run `bash scripts/bench.sh` on a quiet machine to publish.',
    '',
  ] : []),
  `Written ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`bash scripts/bench.sh ${sizes.join(',')} ${runs}\`.`,
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, ${fmt(totalmem() / 2 ** 30)} GiB, ${type()} ${release()}; ${chromiumVersion}; Node ${process.version}.`,
  `Load average (1 minute) during the run: ${fmt(loadRange[0], 1)} to ${fmt(loadRange[2], 1)}, median ${fmt(loadRange[1], 1)}. On ${cores} cores, anything above ${cores} means other work was competing for the CPU and the times are longer than on a quiet machine; figures from a loaded machine are not comparable.`,
  'Files from `bench/gen_data.py --seed 42`.',
  '',
  '## In the browser, side by side: file picked → table drawn',
  '',
  `Each contender gets a fresh headless Chromium (fresh profile, the same flags) for every run; the runs go round robin (size → run → contender). ${runs} run${runs === 1 ? '' : 's'} each; times are medians.`,
  '',
  '- **total ms**: from the file input\'s `change` event to the month × crime-type table in the page. The app is driven as a user drives it (the file goes in through its file input; the clock stops when its count table is drawn and the status says Loaded). The peers (`bench/peers/`) time themselves the same way.',
  '- **MB/s**: file size (10⁶ bytes) / median total.',
  '- **peak RSS MB**: VmHWM of the renderer process that did the work (its workers and WebAssembly memory are in it, and ~130 MB of shared baseline every renderer has); median over the runs. **over ready MB**: that peak minus the renderer\'s resident memory when the page was ready for a file.',
  '- **start-up ms**: from navigation start (`performance.timeOrigin`) to ready for a file. For the app: the first moment `<html data-app-ready="true">` is set (web/boot.js, after the page\'s WebAssembly is instantiated and the app mounted) and `#file-input` is in the page and enabled; the ingest workers compile their WebAssembly after the file is picked, inside total ms. For the peers: `window.__benchReady` (for DuckDB-WASM, after its wasm is instantiated and connected). Not inside total ms.',
  '- **right**: the table and row count agree exactly with `bench/peers/reference.py` (Python\'s csv module) on every run.',
  '',
  '| contender | file | right | runs | total ms | min–max | MB/s | peak RSS MB | over ready MB | start-up ms | load average |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...contenderRows,
  '',
  ...(results.some((r) => r.app) ? ['The app alone: both ingest workers started (compiled their WebAssembly) '
    + results.filter((r) => r.app).map((r) => `${fmt(r.workersMs)} ms after the pick on crimes-${r.size}.csv (workers\' wasm memory ${fmt(r.wasmMb)} MB)`).join(', ')
    + '.', ''] : []),
  '## Against the targets (issue #8)',
  '',
  ...targets(),
  '',
  '## Native ceiling: the same engine, one thread, no browser',
  '',
  '`cargo bench --bench ingest` (best of 3, the whole file in memory, so not for the 2 GB file): what the engine does with no browser around it.',
  '',
  '| file | rows | best seconds | MB/s |',
  '|---|---:|---:|---:|',
  ...native.map((n) => `| ${n.file.split('/').at(-1)} | ${n.rows.toLocaleString('en-GB')} | ${n.best_seconds} | ${n.mb_per_s} |`),
  ...(native.length ? [] : ['| (not run: `bench/run.mjs` was not given `--native`) | | | |']),
  '',
];
// The interaction timings (bench/interactions.mjs writes them) and the hand-written analysis
// at the end of the file are kept as they are.
const KEPT = '## Where the time and memory go';
const INTERACTION = ['<!-- interaction -->', '<!-- /interaction -->'];
let kept = '';
let interaction = '';
try {
  const old = readFileSync('docs/BENCHMARKS.md', 'utf8');
  if (old.includes(KEPT)) kept = old.slice(old.indexOf(KEPT));
  if (old.includes(INTERACTION[0]) && old.includes(INTERACTION[1])) {
    interaction = old.slice(old.indexOf(INTERACTION[0]), old.indexOf(INTERACTION[1]) + INTERACTION[1].length);
  }
} catch {
  // No earlier file.
}
if (interaction) lines.push(interaction, '');
if (kept) lines.push(kept.trimEnd(), '');
mkdirSync('docs', { recursive: true });
writeFileSync('docs/BENCHMARKS.md', `${lines.join('\n')}\n`);
process.stdout.write(`${lines.join('\n')}\n`);
if (results.some((r) => !r.right)) {
  process.stderr.write('\nA contender\'s table was wrong or a run failed: marked in docs/BENCHMARKS.md.\n');
  process.exitCode = 1;
}
