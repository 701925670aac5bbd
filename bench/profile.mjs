// Where the time and memory of one load go: the real app in headless Chromium, a file put in
// through its file input as a user does, with the page's messages from its workers timed and
// weighed, the page's main thread profiled (CDP Profiler: self time by function) and the
// renderer's memory sampled. A diagnostic for docs/BENCHMARKS.md ("Where the time and memory
// go"), not a benchmark: it prints, it writes nothing.
//
//   node bench/profile.mjs --file /tmp/bench-data/crimes-1m.csv [--cpu 1]

import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startServer } from '../scripts/serve.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const file = args.file ?? '/tmp/bench-data/crimes-1m.csv';
const cpu = args.cpu === '1';

const proc = (pid, f) => { try { return readFileSync(`/proc/${pid}/${f}`, 'utf8'); } catch { return null; } };
const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d));
const mb = (status, key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
/** The page renderers of this run's browser (by its profile directory): pid, RSS and VmHWM. */
function renderers(profile) {
  const out = [];
  for (const pid of pids()) {
    const cmd = proc(pid, 'cmdline') ?? '';
    if (!cmd.includes('--type=renderer') || cmd.includes('--top-chrome-webui')) continue;
    // Renderers do not carry --user-data-dir; their parent chain does, so match on the browser.
    const status = proc(pid, 'status') ?? '';
    out.push({ pid, rss: mb(status, 'VmRSS'), hwm: mb(status, 'VmHWM') });
  }
  return out.filter((r) => browserTree.has(r.pid));
}
let browserTree = new Set();
function refreshTree(profile) {
  const kids = new Map();
  let root = null;
  for (const pid of pids()) {
    const cmd = proc(pid, 'cmdline')?.split('\0') ?? [];
    if (cmd.includes(`--user-data-dir=${profile}`) && !cmd.some((a) => a.startsWith('--type='))) root = pid;
    const st = proc(pid, 'stat');
    const ppid = st?.slice(st.lastIndexOf(')') + 2).split(' ')[1];
    if (ppid) kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
  }
  const out = new Set();
  const stack = root ? [root] : [];
  while (stack.length) for (const c of kids.get(stack.pop()) ?? []) out.add(c), stack.push(c);
  browserTree = out;
}

/** Installed before the app's scripts: watches, changes nothing. */
function probes() {
  window.__log = [];
  const t = () => performance.now();
  // The page's own WebAssembly memory (the app's instance), to read its size at the end.
  window.__memories = [];
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...a) => {
      const result = await original.apply(WebAssembly, a);
      const memory = (result.instance ?? result).exports?.memory;
      if (memory) window.__memories.push(memory);
      return result;
    };
  }
  // Bytes and JS objects a structured-cloned message holds (typed arrays by byte length).
  const weigh = (value, seen = { bytes: 0, objects: 0, arrays: 0 }) => {
    if (ArrayBuffer.isView(value)) { seen.bytes += value.byteLength; seen.arrays += 1; return seen; }
    if (typeof value === 'string') { seen.bytes += value.length; return seen; }
    if (value && typeof value === 'object') {
      seen.objects += 1;
      for (const v of value instanceof Map ? value.values() : Object.values(value)) weigh(v, seen);
    } else seen.bytes += 8;
    return seen;
  };
  const kind = (data) => (typeof data === 'string' ? data : Object.keys(data ?? {})[0]);
  const slot = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  let workers = 0;
  Object.defineProperty(Worker.prototype, 'onmessage', {
    configurable: true,
    get() { return slot.get.call(this); },
    set(handler) {
      const worker = (this.__n ??= workers++);
      slot.set.call(this, handler && ((event) => {
        const k = kind(event.data);
        const at = t();
        const entry = { at, worker, k };
        if (k !== 'Progress') Object.assign(entry, weigh(event.data));
        else {
          entry.bytes = event.data.Progress.bytes;
          entry.memory = event.data.Progress.memory;
        }
        const out = handler(event);
        entry.handlerMs = t() - at;
        window.__log.push(entry);
        return out;
      }));
    },
  });
  const send = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...a) {
    window.__log.push({ at: t(), worker: this.__n ?? workers, k: `→ ${a[0]?.kind ?? typeof a[0]}` });
    return send.apply(this, a);
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__log.push({ at: e.startTime, k: 'longtask', ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const server = await startServer({ dir: 'dist', port: 0 });
const profile = mkdtempSync(join(tmpdir(), 'safer-trends-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  viewport: { width: 1280, height: 900 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(probes);
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.documentElement.dataset.appReady === 'true');
  await page.waitForTimeout(1500);
  refreshTree(profile);
  const ready = renderers(profile);
  const session = await context.newCDPSession(page);
  if (cpu) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
  }
  const samples = [];
  const sampler = setInterval(() => { refreshTree(profile); samples.push(renderers(profile)); }, 50);
  const load = loadavg()[0];
  await page.evaluate(() => {
    document.querySelector('#file-input').addEventListener('change', () => { window.__start = performance.now(); }, { capture: true, once: true });
  });
  await page.locator('#file-input').setInputFiles(file);
  await page.waitForFunction(() => {
    const done = document.querySelector('#status')?.textContent.startsWith('Loaded') && document.querySelector('#count-table tbody tr');
    if (done && window.__end === undefined) window.__end = performance.now();
    return done;
  }, null, { timeout: 1_800_000, polling: 'raf' });
  clearInterval(sampler);
  refreshTree(profile);
  const after = renderers(profile);
  const res = await page.evaluate(() => ({
    start: window.__start, end: window.__end, log: window.__log,
    pageWasm: window.__memories.map((m) => m.buffer.byteLength),
    heap: performance.memory.usedJSHeapSize,
  }));
  const rel = (x) => (x - res.start).toFixed(0).padStart(6);
  console.log(`${file}: picked → table drawn ${(res.end - res.start).toFixed(0)} ms, load ${load.toFixed(1)}`);
  let lastProgress = new Map();
  for (const e of res.log.filter((e) => e.at >= res.start - 1).sort((a, b) => a.at - b.at)) {
    if (e.k === 'Progress') {
      lastProgress.set(e.worker, e);
      continue;
    }
    for (const [w, p] of lastProgress) console.log(`${rel(p.at)} ms  worker ${w}: last progress ${(p.bytes / 1e6).toFixed(0)} MB read, wasm ${(p.memory / 2 ** 20).toFixed(1)} MB`);
    lastProgress = new Map();
    const weight = e.objects !== undefined ? ` — ${(e.bytes / 1e6).toFixed(2)} MB in ${e.arrays} typed arrays + ${e.objects} objects` : '';
    const handled = e.handlerMs !== undefined ? `, page handler ${e.handlerMs.toFixed(1)} ms` : '';
    console.log(`${rel(e.at)} ms  ${e.k === 'longtask' ? `long task ${e.ms.toFixed(0)} ms` : `worker ${e.worker}: ${e.k}`}${weight}${handled}`);
  }
  console.log(`${rel(res.end)} ms  table drawn`);
  const busiest = (list) => list.sort((a, b) => b.hwm - a.hwm)[0];
  const r0 = busiest(ready);
  const r1 = after.find((r) => r.pid === r0?.pid) ?? busiest(after);
  const peakSample = Math.max(...samples.map((s) => Math.max(0, ...s.filter((r) => r.pid === r1.pid).map((r) => r.rss))));
  console.log(`renderer: RSS at ready ${r0?.rss.toFixed(0)} MB, VmHWM after ${r1?.hwm.toFixed(0)} MB (+${(r1.hwm - r0.rss).toFixed(0)}), highest RSS sampled ${peakSample.toFixed(0)} MB, RSS after ${r1?.rss.toFixed(0)} MB`);
  console.log(`page wasm memory ${res.pageWasm.map((b) => (b / 2 ** 20).toFixed(1)).join(', ')} MB; page JS heap used ${(res.heap / 2 ** 20).toFixed(1)} MB`);
  if (cpu) {
    const { profile: p } = await session.send('Profiler.stop');
    const self = new Map();
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const dt = p.timeDeltas;
    p.samples.forEach((id, i) => {
      const n = byId.get(id);
      const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
      self.set(name, (self.get(name) ?? 0) + (dt[i + 1] ?? 0) / 1000);
    });
    console.log('page main thread, self ms:');
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${name}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  server.closeAllConnections();
  server.close();
}
