// Times the real app on generated police.uk files in headless Chromium, the way a user loads
// them: the file goes in through the file input, and the clock runs from the input's `change`
// event to the count table drawn. Peak memory is the renderer process's VmHWM (the ingest
// worker is a thread of it). Writes docs/BENCHMARKS.md.
//
//   node bench/run.mjs --data-dir /tmp/bench-data --sizes 100k,1m --runs 3 [--native native.json]

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromium } from '@playwright/test';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const dataDir = args['data-dir'] ?? '/tmp/bench-data';
const sizes = (args.sizes ?? '100k,1m').split(',');
const runs = Number(args.runs ?? 3);

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = probe.address();
    probe.close(() => resolve(p));
  });
});
const server = spawn('node', ['scripts/serve.mjs', '--dir=dist', `--port=${port}`], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));

/** Peak and current resident memory (MB) of every renderer process under the browser. */
function renderers(browserPid) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      let parent = pid;
      for (let i = 0; i < 5 && parent !== String(browserPid) && parent !== '1'; i += 1) {
        parent = readFileSync(`/proc/${parent}/stat`, 'utf8').split(') ')[1].split(' ')[1];
      }
      if (parent !== String(browserPid)) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
      out.push({ pid, peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 });
    } catch {
      // A process that ended while being read.
    }
  }
  return out;
}

/** The browser process: the Chromium whose command line names this run's own profile. */
function browserPid(profile) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(profile) && !cmd.includes('--type=')) return pid;
    } catch {
      // A process that ended while being read.
    }
  }
  return null;
}

async function once(file) {
  const profile = mkdtempSync(join(tmpdir(), 'safer-trends-bench-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      // For experiments, e.g. BENCH_CHROMIUM_ARGS=--js-flags=--expose-gc.
      ...(process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  // Each ingest worker reports the size of its WebAssembly memory in its progress messages;
  // the largest sum over the workers is kept, to see whether memory stays flat.
  await page.addInitScript(() => {
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
  });
  const opened = Date.now();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('html[data-app-ready="true"]');
  const startupMs = await page.evaluate(() => performance.now());
  await page.waitForTimeout(2000); // let Chromium's own start-up work settle on 2 cores
  const pid = browserPid(profile);
  const before = Math.max(...renderers(pid).map((r) => r.now), 0);
  await page.evaluate(() => {
    document.querySelector('#file-input').addEventListener('change', () => { window.benchStart = performance.now(); }, { capture: true, once: true });
  });
  const load = loadavg()[0];
  // The renderer's resident memory every 100 ms while the file is read.
  const samples = [];
  const sampler = setInterval(() => samples.push(Math.max(...renderers(pid).map((r) => r.now), 0)), 100);
  await page.locator('#file-input').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('Loaded') && document.querySelector('#count-table tbody tr'), null, { timeout: 1_800_000, polling: 'raf' });
  clearInterval(sampler);
  const totalMs = await page.evaluate(() => performance.now() - window.benchStart);
  const wasmMb = (await page.evaluate(() => window.__wasmBytes)) / 2 ** 20;
  const workersMs = await page.evaluate(() => (window.__workersReady ?? window.benchStart) - window.benchStart);
  const status = await page.locator('#status').textContent();
  const rows = Number(status.match(/with ([\d,]+) rows/)?.[1].replaceAll(',', ''));
  const peak = Math.max(...renderers(pid).map((r) => r.peak), 0);
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  const half = samples.slice(Math.floor(samples.length / 2));
  return {
    totalMs, startupMs, rows, peakMb: peak, addedMb: peak - before, wallMs: Date.now() - opened, wasmMb, load, workersMs,
    // Flat memory: the highest RSS in the second half of the read against the first half's.
    secondHalfMb: Math.max(...half, 0) - before,
  };
}

const chromiumVersion = async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
  const v = b.version();
  await b.close();
  return v;
};
// The fastest peer on the 1M-row file, from the shared peer harness (bench/peers, run of
// 2026-11-22, N=3): DuckDB-WASM, one GROUP BY over read_csv_auto.
const PEER = { name: 'DuckDB-WASM (duckdb-direct)', totalMs: 1662, mbPerS: 129.9, rssPeakMb: 597, initMs: 2649 };

function targets(all) {
  const big = all.find((r) => r.size === '1m');
  if (!big) return ['(run with the 1m file to compare with the targets)'];
  const row = (what, target, value, met) => `| ${what} | ${target} | ${value} | ${met ? 'met' : '**not met**'} |`;
  return [
    `Fastest peer on the same file: ${PEER.name}, ${PEER.totalMs} ms (${PEER.mbPerS} MB/s), peak renderer RSS ${PEER.rssPeakMb} MB, start-up ${PEER.initMs} ms.`,
    '',
    '| target | wanted | measured | |',
    '|---|---|---|---|',
    row('browser throughput, 1M rows (ingest issue)', '≥ 300 MB/s', `${big.mbPerS.toFixed(1)} MB/s`, big.mbPerS >= 300),
    row('throughput vs fastest peer (proof issue)', `≥ 4 × ${PEER.mbPerS} = ${(4 * PEER.mbPerS).toFixed(0)} MB/s`, `${(big.mbPerS / PEER.mbPerS).toFixed(2)} ×`, big.mbPerS >= 4 * PEER.mbPerS),
    row('start-up, page opened → ready', '< 500 ms', `${big.startupMs.toFixed(0)} ms`, big.startupMs < 500),
    row('peak renderer memory (ingest issue)', '< 200 MB', `${big.peakMb.toFixed(0)} MB`, big.peakMb < 200),
    row('peak renderer memory vs peer (proof issue)', `≤ ${PEER.rssPeakMb} / 3 = ${(PEER.rssPeakMb / 3).toFixed(0)} MB`, `${big.peakMb.toFixed(0)} MB`, big.peakMb <= PEER.rssPeakMb / 3),
    ...all.filter((r) => r.size === '10m').map((huge) => row(
      `memory flat as the file grows (1M rows → 10M rows, ${(huge.bytes / 1e9).toFixed(1)} GB)`,
      'peak within 10%',
      `${big.peakMb.toFixed(0)} → ${huge.peakMb.toFixed(0)} MB`,
      huge.peakMb <= big.peakMb * 1.1,
    )),
  ];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const size of sizes) {
  const file = `${dataDir}/crimes-${size}.csv`;
  const bytes = statSync(file).size;
  const all = [];
  for (let i = 0; i < runs; i += 1) {
    const r = await once(file);
    process.stderr.write(`${size} run ${i + 1}: ${r.totalMs.toFixed(0)} ms, ${r.rows} rows, peak ${r.peakMb.toFixed(0)} MB (+${r.addedMb.toFixed(0)}), wasm ${r.wasmMb.toFixed(0)} MB, workers ready after ${r.workersMs.toFixed(0)} ms, load ${r.load.toFixed(1)}\n`);
    all.push(r);
  }
  const totalMs = median(all.map((r) => r.totalMs));
  results.push({
    size, bytes, rows: all[0].rows, runs: all.length, totalMs,
    mbPerS: bytes / 1e6 / (totalMs / 1000),
    startupMs: median(all.map((r) => r.startupMs)),
    peakMb: Math.max(...all.map((r) => r.peakMb)),
    addedMb: Math.max(...all.map((r) => r.addedMb)),
    wasmMb: Math.max(...all.map((r) => r.wasmMb)),
    workersMs: median(all.map((r) => r.workersMs)),
    load: median(all.map((r) => r.load)),
  });
}
server.kill();
results.chromium = await chromiumVersion();

const native = args.native ? JSON.parse(readFileSync(args.native, 'utf8')) : [];
const lines = [
  '# Benchmarks',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`bash scripts/bench.sh\` on this machine class (2 vCPU, 24 GB, Debian 12,`,
  `Chromium ${results.chromium}). Files from \`bench/gen_data.py --seed 42\` (the same files the peer tools were timed on).`,
  '',
  '## In the browser: file picked → table drawn',
  '',
  'The real user path: the file goes in through the file input, the Rust worker streams and counts it, the page',
  'draws the headline table, charts and count table. Median of the runs; a fresh browser for each run.',
  '',
  'Load average is the 1-minute figure when the file was picked: on 2 cores, anything above 2 means other',
  'work was competing for the CPU and the times are longer than on a quiet machine.',
  '',
  '| file | rows | MB | runs | median ms | MB/s | start-up ms (page opened → ready) | workers started, ms after the pick | peak renderer RSS MB | RSS added MB | workers\' wasm memory MB | load average |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| crimes-${r.size}.csv | ${r.rows.toLocaleString('en-GB')} | ${(r.bytes / 1e6).toFixed(1)} | ${r.runs} | ${r.totalMs.toFixed(0)} | ${r.mbPerS.toFixed(1)} | ${r.startupMs.toFixed(0)} | ${r.workersMs.toFixed(0)} | ${r.peakMb.toFixed(0)} | ${r.addedMb.toFixed(0)} | ${r.wasmMb.toFixed(0)} | ${r.load.toFixed(1)} |`),
  '',
  '## Against the targets',
  '',
  ...targets(results),
  '',
  '## Native ceiling: the same engine, one thread, no browser',
  '',
  '| file | rows | best seconds | MB/s |',
  '|---|---:|---:|---:|',
  ...native.map((n) => `| ${n.file.split('/').at(-1)} | ${n.rows.toLocaleString('en-GB')} | ${n.best_seconds} | ${n.mb_per_s} |`),
  '',
];
// The hand-written analysis at the end of the file is kept as it is.
const KEPT = '## Where the time and memory go';
let kept = '';
try {
  const old = readFileSync('docs/BENCHMARKS.md', 'utf8');
  if (old.includes(KEPT)) kept = old.slice(old.indexOf(KEPT));
} catch {
  // No earlier file.
}
if (kept) lines.push(kept.trimEnd(), '');
mkdirSync('docs', { recursive: true });
writeFileSync('docs/BENCHMARKS.md', `${lines.join('\n')}\n`);
process.stdout.write(`${lines.join('\n')}\n`);
