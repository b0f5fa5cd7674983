#!/usr/bin/env node
/**
 * Firefox smoke test: Firefox ESR driven headless by puppeteer-core over WebDriver BiDi (no geckodriver).
 *
 * Prerequisites (Debian): apt-get install -y firefox-esr      (and `npm ci` for puppeteer-core)
 * The app must already be built:  MODELS_DIR=../shared/models npx vite build
 * Run:                            npm run test:firefox   (or: node e2e-firefox/run.mjs)
 *
 * Env:
 *   TEST_IMAGES_DIR      folder with imagenet_finch.jpeg (default ../shared/test-images, relative to repo root)
 *   MODELS_DIR           self-hosted models folder for `vite preview` (default ../shared/models)
 *   FIREFOX_BIN          Firefox binary (default /usr/bin/firefox-esr, else firefox-esr/firefox on PATH)
 *   FIREFOX_TIMEOUT_S    overall time limit in seconds (default 180)
 *   FIREFOX_FORCE_APP_RUN=1  skip the file-input upload and classify through window.__app.run
 *   FIREFOX_VERBOSE=1    echo the output of vite preview and Firefox, and the page's console
 *
 * Checks: the page renders; the service worker registers and controls the page after a reload; the
 * finch is classified as "house finch" through the real file input; it ran on WASM; and, where
 * puppeteer's BiDi offline emulation works, the app reloads and classifies again with the network off
 * (skipped with a logged reason where it does not: a skip is neither a pass nor a failure).
 *
 * Everything runs under time limits; vite preview and Firefox run in their own process groups and are
 * killed at the end, also on failure, on signals and when the overall time limit is reached; the
 * temporary Firefox profile is removed. Last line of output: `N passed, N failed`. Exit code 0 only if
 * every check passed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 4176;
const APP = `http://localhost:${PORT}`;
const PAGE = `${APP}/#/classify-image`;
const MODEL = 'onnx-model-zoo/mobilenetv2-12-int8';
const IMAGE = 'imagenet_finch.jpeg';
const IMAGES_DIR = path.resolve(ROOT, process.env.TEST_IMAGES_DIR || '../shared/test-images');
const MODELS_DIR = process.env.MODELS_DIR || '../shared/models';
const OVERALL_S = Number(process.env.FIREFOX_TIMEOUT_S || 180);
const SCREENSHOT = path.join(ROOT, 'test-results', 'firefox-classify.png');
const VERBOSE = !!process.env.FIREFOX_VERBOSE;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[firefox ${elapsed()}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- checks and summary
const results = [];
const skipped = [];
const facts = {};
function check(name, ok, detail = '') {
  results.push({ name, ok: !!ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
}
function skip(name, reason) {
  skipped.push({ name, reason });
  log(`SKIP  ${name} — ${reason}`);
}
let finished = false;
function summaryAndExit(extraFailure) {
  if (finished) return;
  finished = true;
  if (extraFailure) results.push({ name: extraFailure, ok: false, detail: '' });
  cleanup();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log('\n=== Firefox smoke test summary ===');
  for (const [k, v] of Object.entries(facts)) console.log(`  ${k}: ${v}`);
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
  for (const s of skipped) console.log(`  SKIP  ${s.name} — ${s.reason}`);
  console.log(`  took ${elapsed()}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || results.length === 0 ? 1 : 0);
}

// ---------------------------------------------------------------- child processes, profile, cleanup
const children = []; // { name, pid, exited, out }
function start(name, cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true, // own process group: we kill the whole tree (npx -> node vite)
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { name, pid: child.pid, out: '', exited: false };
  const keep = (d) => {
    entry.out = (entry.out + d.toString()).slice(-8000);
    if (VERBOSE) process.stderr.write(`[${name}] ${d}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, sig) => {
    entry.exited = true;
    if (!finished) log(`${name} exited (code ${code}, signal ${sig})`);
  });
  children.push(entry);
  return entry;
}
function killGroup(entry, sig) {
  if (entry.exited || !entry.pid) return;
  try {
    process.kill(-entry.pid, sig);
  } catch {
    /* already gone */
  }
}
let profileDir = '';
/**
 * Firefox processes started with our temporary profile (found by their command line, which names that
 * unique folder): covers a Firefox whose launch was still in progress when we had to stop, before
 * puppeteer handed us its process. Linux only (/proc); elsewhere the process-group kill has to do.
 */
function killProfileProcesses(sig) {
  if (!profileDir || !fs.existsSync('/proc')) return;
  let pids = [];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.split('\0').includes(profileDir)) process.kill(Number(pid), sig);
    } catch {
      /* gone, or not ours to read */
    }
  }
}
let browser;
let cleanedUp = false;
function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  // Synchronous on purpose (also runs from the 'exit' handler). Firefox was started by puppeteer in its
  // own process group (detached), registered in `children`; a graceful browser.close() happened earlier
  // on the normal path.
  for (const e of children) killGroup(e, 'SIGTERM');
  killProfileProcesses('SIGTERM');
  spawnSync('sleep', ['0.5']);
  for (const e of children) killGroup(e, 'SIGKILL');
  killProfileProcesses('SIGKILL');
  if (profileDir) {
    try {
      fs.rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      console.log(`could not remove the temporary profile ${profileDir}: ${e.message}`);
    }
  }
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => summaryAndExit(`interrupted by ${sig}`));
process.on('uncaughtException', (e) => {
  log('uncaught exception:', e?.stack || e);
  summaryAndExit(`uncaught exception: ${e?.message || e}`);
});
process.on('unhandledRejection', (e) => {
  log('unhandled rejection:', e?.stack || e);
  summaryAndExit(`unhandled rejection: ${e?.message || e}`);
});
const overall = setTimeout(() => {
  log(`overall time limit of ${OVERALL_S}s reached; giving up`);
  for (const e of children) if (e.out.trim()) log(`--- last output of ${e.name} ---\n${e.out.slice(-2000)}`);
  if (pageLog.length) log(`--- last page console/errors ---\n${pageLog.slice(-30).join('\n')}`);
  summaryAndExit(`finished within ${OVERALL_S}s`);
}, OVERALL_S * 1000);
overall.unref?.();

function findFirefox() {
  const candidates = process.env.FIREFOX_BIN ? [process.env.FIREFOX_BIN] : ['/usr/bin/firefox-esr'];
  if (!process.env.FIREFOX_BIN)
    for (const bin of ['firefox-esr', 'firefox'])
      for (const d of (process.env.PATH || '').split(':')) if (d) candidates.push(path.join(d, bin));
  return candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}
/** True when nothing listens on `port` at 127.0.0.1 nor ::1 (another server there would answer the browser). */
async function portFree(port) {
  for (const host of ['127.0.0.1', '::1']) {
    const ok = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', (e) => resolve(e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT'));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (!ok) return false;
  }
  return true;
}
async function waitFor(what, fn, timeoutMs, intervalMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (e?.fatal) throw e;
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}
/** Rejects after `ms` with a clear message (puppeteer's own timeouts do not cover everything). */
function within(what, ms, promise) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000}s`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}
const pageLog = [];

// ---------------------------------------------------------------- page helpers
const LABELS_OR_ERROR = `(() => {
  const labels = [...document.querySelectorAll('[data-testid="label"]')].map((e) => e.textContent.trim());
  if (labels.length) return { labels };
  for (const sel of ['[data-testid="run-error"]', '[data-testid="item-error"]']) {
    const el = document.querySelector(sel);
    if (el) return { error: el.textContent.trim() };
  }
  return null;
})()`;

async function pollPage(page, what, expr, timeoutMs, intervalMs = 500) {
  return waitFor(what, () => within(`evaluating (${what})`, 15_000, page.evaluate(expr)), timeoutMs, intervalMs);
}

async function headingShown(page, timeoutMs = 30_000) {
  try {
    return await pollPage(
      page,
      'the "Classify images" heading',
      `[...document.querySelectorAll('h1')].map((h) => h.textContent.trim()).find((t) => t === 'Classify images') || ''`,
      timeoutMs,
    );
  } catch (e) {
    return e.message;
  }
}

/** Clears earlier results (a reload does), chooses the finch through the file input, waits for labels. */
async function classifyThroughInput(page, imagePath) {
  const input = await within('finding the file input', 15_000, page.waitForSelector('[data-testid="file-input"]', { timeout: 15_000 }));
  if (!input) throw new Error('no [data-testid="file-input"] element');
  await within('ElementHandle.uploadFile', 30_000, input.uploadFile(imagePath));
  await input.dispose().catch(() => {});
  const outcome = await pollPage(page, 'labels or an error after choosing the file', LABELS_OR_ERROR, 100_000);
  const runInfo = await pollPage(
    page,
    '[data-testid="run-info"]',
    `document.querySelector('[data-testid="run-info"]')?.textContent.trim() || ''`,
    10_000,
  ).catch(() => '');
  return { labels: outcome.labels ?? [], error: outcome.error ?? '', runInfo };
}

async function classifyThroughAppRun(page, imagePath) {
  const r = await within(
    'window.__app.run',
    110_000,
    page.evaluate(
      async (task, model, name, b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
        try {
          const res = await window.__app.run(task, model, [{ name, bytes, type: 'image/jpeg' }]);
          return { res: JSON.parse(JSON.stringify(res)) };
        } catch (err) {
          return { error: String((err && (err.stack || err.message)) || err) };
        }
      },
      'image-classification',
      MODEL,
      IMAGE,
      fs.readFileSync(imagePath).toString('base64'),
    ),
  );
  if (r.error) return { labels: [], error: r.error, runInfo: '' };
  const item = r.res?.items?.[0];
  log('__app.run result:', JSON.stringify(r.res).slice(0, 600));
  const info = r.res?.info;
  return {
    labels: (item?.output ?? []).map((l) => l.label),
    error: item?.error ? JSON.stringify(item.error) : '',
    runInfo: info ? `Ran on ${info.backend === 'webgpu' ? 'WebGPU' : `WASM (${info.threads} thread${info.threads > 1 ? 's' : ''})`} · ${info.dtype}` : '',
  };
}

/** File input first (unless forced off), window.__app.run as the fallback. */
async function classify(page, imagePath) {
  if (!process.env.FIREFOX_FORCE_APP_RUN) {
    try {
      return { method: 'file input (ElementHandle.uploadFile, BiDi input.setFiles)', ...(await classifyThroughInput(page, imagePath)) };
    } catch (e) {
      log(`file upload path failed (${e.message}); falling back to window.__app.run`);
    }
  } else log('FIREFOX_FORCE_APP_RUN is set: classifying through window.__app.run');
  try {
    return { method: 'window.__app.run (fallback)', ...(await classifyThroughAppRun(page, imagePath)) };
  } catch (e) {
    return { method: 'window.__app.run (fallback)', labels: [], error: e.message, runInfo: '' };
  }
}

// ---------------------------------------------------------------- the test
async function main() {
  // Preconditions. A missing browser is a setup error, not a skip: CI installs it.
  const firefox = findFirefox();
  if (!firefox) {
    console.log(
      `Firefox smoke test cannot run: no Firefox binary (looked for ${process.env.FIREFOX_BIN || '/usr/bin/firefox-esr, firefox-esr or firefox on PATH'}).`,
    );
    console.log('Install with: apt-get install -y firefox-esr   (or set FIREFOX_BIN)');
    return summaryAndExit('Firefox installed');
  }
  let puppeteer;
  try {
    puppeteer = (await import('puppeteer-core')).default;
  } catch (e) {
    console.log(`Firefox smoke test cannot run: puppeteer-core is not installed (${e.message}). Run npm ci.`);
    return summaryAndExit('puppeteer-core installed');
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.html'))) {
    console.log('No dist/index.html: build the app first, e.g. MODELS_DIR=../shared/models npx vite build');
    return summaryAndExit('app built in dist/');
  }
  const imagePath = path.join(IMAGES_DIR, IMAGE);
  if (!fs.existsSync(imagePath)) {
    console.log(`Test image not found: ${imagePath} (set TEST_IMAGES_DIR)`);
    return summaryAndExit('test image present');
  }

  // 1. vite preview
  if (!(await portFree(PORT))) {
    console.log(`Port ${PORT} is already in use (another vite preview?). Stop it and run again.`);
    return summaryAndExit(`port ${PORT} free for vite preview`);
  }
  log(`starting vite preview on :${PORT} (MODELS_DIR=${MODELS_DIR})`);
  const preview = start('vite preview', 'npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { MODELS_DIR });
  await waitFor(
    'vite preview to answer',
    async () => {
      if (preview.exited) throw Object.assign(new Error(`vite preview exited:\n${preview.out}`), { fatal: true });
      const r = await fetch(`${APP}/`, { signal: AbortSignal.timeout(2000) });
      return r.ok;
    },
    45_000,
  ).catch((e) => {
    if (preview.out.trim()) log(`vite preview output:\n${preview.out}`);
    throw e;
  });
  const modelProbe = await fetch(`${APP}/models/${MODEL}/config.json`, { method: 'HEAD' }).catch(() => undefined);
  if (!modelProbe?.ok) log(`warning: ${APP}/models/${MODEL}/config.json answered ${modelProbe?.status}; is MODELS_DIR right?`);

  // 2. Firefox, headless, fresh temporary profile, over WebDriver BiDi
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-firefox-profile-'));
  log(`launching ${firefox} headless (profile ${profileDir})`);
  browser = await within(
    'launching Firefox',
    90_000,
    puppeteer.launch({
      browser: 'firefox',
      executablePath: firefox,
      headless: true,
      userDataDir: profileDir,
      // We handle signals ourselves (puppeteer's handlers would exit before the summary).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 80_000,
      protocolTimeout: 120_000,
      dumpio: VERBOSE,
    }),
  );
  const proc = browser.process();
  if (proc?.pid) {
    const entry = { name: 'firefox', pid: proc.pid, out: '', exited: false };
    proc.on('exit', (code, sig) => {
      entry.exited = true;
      if (!finished && !closing) log(`firefox exited (code ${code}, signal ${sig})`);
    });
    children.push(entry);
  }
  facts.browser = await within('browser.version()', 15_000, browser.version()).catch(() => 'firefox (version unknown)');
  log(`browser: ${facts.browser}`);
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  page.setDefaultTimeout(60_000);
  await within('page.setViewport', 15_000, page.setViewport({ width: 1280, height: 900 })).catch((e) => log(`setViewport: ${e.message}`));
  page.setDefaultNavigationTimeout(60_000);
  page.on('console', (m) => {
    const line = `console.${m.type()}: ${m.text()}`;
    pageLog.push(line);
    if (VERBOSE || m.type() === 'error') log(`page ${line}`.slice(0, 800));
  });
  page.on('pageerror', (e) => {
    const line = `pageerror: ${e?.message || e}`;
    pageLog.push(line);
    log(`page ${line}`.slice(0, 800));
  });
  page.on('dialog', (d) => {
    log(`dialog (${d.type()}): ${d.message()} — accepting`);
    d.accept().catch(() => {});
  });

  // 3. Page renders
  await within('loading the page', 70_000, page.goto(PAGE, { waitUntil: 'load' }));
  const heading = await headingShown(page);
  check('page renders (h1 "Classify images")', heading === 'Classify images', heading === 'Classify images' ? '' : heading);

  // Environment facts (logged, not asserted).
  const env = await within(
    'reading the environment',
    15_000,
    page.evaluate(() => ({
      ua: navigator.userAgent,
      crossOriginIsolated: self.crossOriginIsolated,
      sab: typeof SharedArrayBuffer,
      sw: 'serviceWorker' in navigator,
      offscreenCanvas: typeof OffscreenCanvas,
      createImageBitmap: typeof createImageBitmap,
      storageEstimate: typeof navigator.storage?.estimate,
      gpu: typeof navigator.gpu,
      cores: navigator.hardwareConcurrency,
    })),
  );
  facts.userAgent = env.ua;
  facts.crossOriginIsolated = env.crossOriginIsolated;
  facts['typeof SharedArrayBuffer'] = env.sab;
  facts['typeof OffscreenCanvas / createImageBitmap'] = `${env.offscreenCanvas} / ${env.createImageBitmap}`;
  facts['typeof navigator.storage.estimate'] = env.storageEstimate;
  facts['typeof navigator.gpu'] = env.gpu;
  facts.hardwareConcurrency = env.cores;
  log('environment:', JSON.stringify(env));

  // 4. Service worker registers, then controls the page after a reload
  let swDetail = '';
  let swOk = false;
  try {
    const ready = await within(
      'navigator.serviceWorker.ready',
      40_000,
      page.evaluate(() => {
        if (!('serviceWorker' in navigator)) return { error: 'no navigator.serviceWorker' };
        return new Promise((resolve) => {
          const t = setTimeout(() => resolve({ error: 'navigator.serviceWorker.ready did not resolve within 30 s' }), 30000);
          navigator.serviceWorker.ready.then(
            (r) => {
              clearTimeout(t);
              resolve({ scope: r.scope, active: r.active && r.active.state });
            },
            (e) => {
              clearTimeout(t);
              resolve({ error: String(e) });
            },
          );
        });
      }),
    );
    if (ready.error) throw new Error(ready.error);
    log(`service worker ready: scope ${ready.scope}, state ${ready.active}`);
    await within('reloading the page', 70_000, page.reload({ waitUntil: 'load' }));
    const ctl = await pollPage(
      page,
      'navigator.serviceWorker.controller after reload',
      `(() => { const c = navigator.serviceWorker.controller; return c ? { url: c.scriptURL, state: c.state } : null; })()`,
      15_000,
    );
    swOk = true;
    swDetail = `controller ${ctl.url} (${ctl.state})`;
  } catch (e) {
    swDetail = e.message;
  }
  check('service worker registers and controls the page after a reload', swOk, swDetail);
  const afterReload = await within('reading crossOriginIsolated', 15_000, page.evaluate(() => [self.crossOriginIsolated, typeof SharedArrayBuffer])).catch(
    () => undefined,
  );
  if (afterReload) {
    facts['crossOriginIsolated (controlled page)'] = afterReload[0];
    facts['typeof SharedArrayBuffer (controlled page)'] = afterReload[1];
    log(`controlled page: crossOriginIsolated ${afterReload[0]}, typeof SharedArrayBuffer ${afterReload[1]}`);
  }
  await headingShown(page);

  // 5. Classify the finch: the real file input, else window.__app.run
  const run = await classify(page, imagePath);
  facts['classification input'] = run.method;
  facts.labels = run.labels.join(' | ') || '(none)';
  facts['run-info'] = run.runInfo || '(none)';
  if (run.error) log(`run error: ${run.error}`);
  const first = (run.labels[0] ?? '').trim();
  check(
    `${IMAGE} classified as "house finch" (first label)`,
    first.toLowerCase().startsWith('house finch'),
    run.error ? `error: ${run.error}` : `first label "${first}" via ${run.method}`,
  );

  // 6. Backend: WASM (Firefox has no WebGPU here); one thread when SharedArrayBuffer is missing.
  const sab = afterReload?.[1] ?? env.sab;
  const wasm = /WASM/i.test(run.runInfo);
  const threads = Number((run.runInfo.match(/(\d+) thread/) ?? [])[1]);
  const threadsOk = sab === 'undefined' ? threads === 1 : threads >= 1;
  check(
    `ran on WASM${sab === 'undefined' ? ' with 1 thread (no SharedArrayBuffer)' : ''}`,
    wasm && threadsOk,
    run.runInfo ? `run-info: "${run.runInfo.replace(/\s+/g, ' ')}"` : 'no run-info shown',
  );

  // 7. Screenshot for humans
  try {
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await within('screenshot', 30_000, page.screenshot({ path: SCREENSHOT, fullPage: false }));
    facts.screenshot = path.relative(ROOT, SCREENSHOT);
  } catch (e) {
    log(`screenshot failed: ${e.message}`);
  }

  // 8. Offline: reload and classify again with the network off (BiDi emulation.setNetworkConditions).
  await offlineCheck(page, imagePath);

  closing = true;
  await within('browser.close()', 20_000, browser.close()).catch((e) => log(`browser.close: ${e.message} (killing it)`));
}
let closing = false;

async function offlineCheck(page, imagePath) {
  const NAME = 'offline: reloads from the service worker and classifies again with the network off';
  if (!results.every((r) => r.ok)) return skip(NAME, 'an earlier check failed (needs a controlled page and a stored model)');
  try {
    await within('page.setOfflineMode(true)', 20_000, page.setOfflineMode(true));
  } catch (e) {
    return skip(NAME, `puppeteer/WebDriver BiDi cannot set this browser offline: ${e?.name || 'Error'}: ${e?.message || e}`);
  }
  // Make sure the emulation really cuts the network, for the page and for workers (the model runs in
  // one), else the check would prove nothing.
  const probe = await within(
    'offline probe',
    20_000,
    page.evaluate(async (url) => {
      const fromPage = await fetch(`${url}&from=page`, { cache: 'no-store' }).then(
        (r) => `reachable (HTTP ${r.status})`,
        (e) => `blocked (${e.name})`,
      );
      const src = `fetch(${JSON.stringify(`${url}&from=worker`)}, { cache: 'no-store' }).then(
        (r) => postMessage('reachable (HTTP ' + r.status + ')'), (e) => postMessage('blocked (' + e.name + ')'));`;
      const fromWorker = await new Promise((resolve) => {
        const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
        const t = setTimeout(() => resolve('no answer from the worker'), 10000);
        w.onmessage = (e) => (clearTimeout(t), w.terminate(), resolve(e.data));
        w.onerror = (e) => (clearTimeout(t), w.terminate(), resolve(`worker error: ${e.message}`));
      });
      return { fromPage, fromWorker };
    }, `${APP}/manifest.webmanifest?offline-probe=${Date.now()}`),
  ).catch((e) => ({ fromPage: `probe failed: ${e.message}`, fromWorker: '' }));
  log(`offline probe (uncached URL): page ${probe.fromPage}, worker ${probe.fromWorker}`);
  if (!probe.fromPage.startsWith('blocked') || !probe.fromWorker.startsWith('blocked')) {
    await within('page.setOfflineMode(false)', 20_000, page.setOfflineMode(false)).catch(() => {});
    return skip(NAME, `offline emulation did not cut the network (uncached fetch from the page: ${probe.fromPage}; from a worker: ${probe.fromWorker})`);
  }
  let ok = false;
  let detail = '';
  try {
    await within('reloading offline', 70_000, page.reload({ waitUntil: 'load' }));
    const heading = await headingShown(page);
    if (heading !== 'Classify images') throw new Error(`after the offline reload: ${heading}`);
    const onLine = await within('navigator.onLine', 10_000, page.evaluate(() => navigator.onLine)).catch(() => '?');
    log(`offline reload rendered the page (navigator.onLine ${onLine})`);
    const run = await classify(page, imagePath);
    const first = (run.labels[0] ?? '').trim();
    ok = first.toLowerCase().startsWith('house finch');
    detail = run.error ? `error: ${run.error}` : `first label "${first}" via ${run.method}; navigator.onLine ${onLine}`;
  } catch (e) {
    detail = e.message;
  }
  check(NAME, ok, detail);
  await within('page.setOfflineMode(false)', 20_000, page.setOfflineMode(false)).catch(() => {});
}

main()
  .then(() => summaryAndExit())
  .catch((e) => {
    log('error:', e?.stack || e);
    if (pageLog.length) log(`--- last page console/errors ---\n${pageLog.slice(-30).join('\n')}`);
    summaryAndExit(`test harness: ${e?.message || e}`);
  });
