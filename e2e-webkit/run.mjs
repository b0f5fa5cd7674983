#!/usr/bin/env node
/**
 * WebKit (Safari's engine family) smoke test, driven over plain W3C WebDriver (fetch) against
 * WebKitGTK's WebKitWebDriver + MiniBrowser under Xvfb.
 *
 * Prerequisites (Debian): apt-get install -y webkit2gtk-driver xvfb xauth
 * The app must already be built:  MODELS_DIR=../shared/models npx vite build
 * Run:                            npm run test:webkit   (or: node e2e-webkit/run.mjs)
 *
 * Env:
 *   TEST_IMAGES_DIR     folder with imagenet_finch.jpeg (default ../shared/test-images, relative to repo root)
 *   MODELS_DIR          self-hosted models folder for `vite preview` (default ../shared/models)
 *   WEBKIT_MINIBROWSER  MiniBrowser binary (default: Debian's path)
 *   WEBKIT_TIMEOUT_S    overall time limit in seconds (default 240)
 *   WEBKIT_FORCE_APP_RUN=1  skip the file-input upload and classify through window.__app.run
 *   WEBKIT_VERBOSE=1    echo the output of vite preview and WebKitWebDriver
 *
 * Everything runs under time limits; child processes (vite preview, xvfb-run/Xvfb, WebKitWebDriver,
 * MiniBrowser) are started in their own process groups and killed at the end, also on failure.
 * Last line of output: `N passed, N failed`. Exit code 0 only if every check passed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 4174;
const APP = `http://localhost:${PORT}`;
const PAGE = `${APP}/#/classify-image`;
const MODEL = 'onnx-model-zoo/mobilenetv2-12-int8';
const IMAGE = 'imagenet_finch.jpeg';
const IMAGES_DIR = path.resolve(ROOT, process.env.TEST_IMAGES_DIR || '../shared/test-images');
const MODELS_DIR = process.env.MODELS_DIR || '../shared/models';
const MINIBROWSER = process.env.WEBKIT_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const OVERALL_S = Number(process.env.WEBKIT_TIMEOUT_S || 240);
const SCREENSHOT = path.join(ROOT, 'test-results', 'webkit-classify.png');

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[webkit ${elapsed()}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- checks and summary
const results = [];
const facts = {};
function check(name, ok, detail = '') {
  results.push({ name, ok: !!ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
}
let finished = false;
function summaryAndExit(extraFailure) {
  if (finished) return;
  finished = true;
  if (extraFailure) results.push({ name: extraFailure, ok: false, detail: '' });
  cleanup();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log('\n=== WebKit smoke test summary ===');
  for (const [k, v] of Object.entries(facts)) console.log(`  ${k}: ${v}`);
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
  console.log(`  took ${elapsed()}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || results.length === 0 ? 1 : 0);
}

// ---------------------------------------------------------------- child processes
const children = [];
function start(name, cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true, // own process group: we kill the whole tree (npx -> node, xvfb-run -> Xvfb/driver -> MiniBrowser)
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { name, child, out: '' };
  const keep = (d) => {
    entry.out = (entry.out + d.toString()).slice(-8000);
    if (process.env.WEBKIT_VERBOSE) process.stderr.write(`[${name}] ${d}`);
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
  if (entry.exited) return;
  try {
    process.kill(-entry.child.pid, sig);
  } catch {
    /* already gone */
  }
}
let cleanedUp = false;
function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const e of children) killGroup(e, 'SIGTERM');
  // Give them a moment, then make sure (synchronously, so this also works from an 'exit' handler).
  spawnSync('sleep', ['0.5']);
  for (const e of children) killGroup(e, 'SIGKILL');
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
  summaryAndExit(`finished within ${OVERALL_S}s`);
}, OVERALL_S * 1000);
overall.unref?.();

function onPath(bin) {
  return (process.env.PATH || '').split(':').some((d) => d && fs.existsSync(path.join(d, bin)));
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
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
async function waitFor(what, fn, timeoutMs, intervalMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

// ---------------------------------------------------------------- minimal W3C WebDriver client
let DRIVER = '';
let SID = '';
async function wd(method, p, body, timeoutMs = 60_000) {
  const url = p.startsWith('/session') || p === '/status' ? `${DRIVER}${p}` : `${DRIVER}/session/${SID}${p}`;
  const res = await fetch(url, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json?.value?.error) {
    const v = json?.value ?? {};
    const err = new Error(`WebDriver ${method} ${p}: ${v.error ?? res.status} ${v.message ?? ''}`.trim());
    err.wdError = v.error;
    throw err;
  }
  return json.value;
}
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const exec = (script, args = [], timeoutMs = 60_000) => wd('POST', '/execute/sync', { script, args }, timeoutMs);
const execAsync = (script, args = [], timeoutMs = 150_000) => wd('POST', '/execute/async', { script, args }, timeoutMs);
async function find(css) {
  const els = await wd('POST', '/elements', { using: 'css selector', value: css });
  return els.map((e) => e[ELEMENT_KEY]);
}
const text = (id) => wd('GET', `/element/${id}/text`);

// ---------------------------------------------------------------- the test
async function main() {
  // Preconditions. A missing driver is a setup error, not a skip: CI installs it.
  const missing = [];
  if (!onPath('WebKitWebDriver')) missing.push('WebKitWebDriver (package webkit2gtk-driver)');
  if (!onPath('xvfb-run')) missing.push('xvfb-run (packages xvfb xauth)');
  if (!fs.existsSync(MINIBROWSER)) missing.push(`MiniBrowser at ${MINIBROWSER} (package webkit2gtk-driver pulls it in; or set WEBKIT_MINIBROWSER)`);
  if (missing.length) {
    console.log(`WebKit smoke test cannot run: missing ${missing.join('; ')}.`);
    console.log('Install with: apt-get install -y webkit2gtk-driver xvfb xauth');
    return summaryAndExit('WebKit driver installed');
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
    30_000,
  ).catch((e) => {
    if (preview.out.trim()) log(`vite preview output:\n${preview.out}`);
    throw e;
  });
  const modelProbe = await fetch(`${APP}/models/${MODEL}/config.json`, { method: 'HEAD' }).catch(() => undefined);
  if (!modelProbe?.ok) log(`warning: ${APP}/models/${MODEL}/config.json answered ${modelProbe?.status}; is MODELS_DIR right?`);

  // 2. WebKitWebDriver under a virtual X display
  const wdPort = await freePort();
  DRIVER = `http://127.0.0.1:${wdPort}`;
  log(`starting WebKitWebDriver on :${wdPort} under xvfb-run`);
  const driver = start('WebKitWebDriver', 'xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', 'WebKitWebDriver', `--port=${wdPort}`]);
  await waitFor(
    'WebKitWebDriver /status',
    async () => {
      if (driver.exited) throw new Error(`WebKitWebDriver exited:\n${driver.out}`);
      const s = await wd('GET', '/status', undefined, 2000);
      return s?.ready !== false;
    },
    30_000,
  );
  const session = await wd(
    'POST',
    '/session',
    {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    },
    60_000,
  );
  SID = session.sessionId;
  facts.browser = `${session.capabilities?.browserName} ${session.capabilities?.browserVersion ?? ''}`.trim();
  log(`session ${SID}: ${facts.browser}`);
  await wd('POST', '/timeouts', { script: 140_000, pageLoad: 60_000, implicit: 0 });

  // 3. Page renders
  await wd('POST', '/url', { url: PAGE }, 70_000);
  let heading = '';
  try {
    heading = await waitFor(
      'the "Classify images" heading',
      async () => {
        for (const id of await find('h1')) {
          const t = (await text(id)).trim();
          if (t === 'Classify images') return t;
        }
        return '';
      },
      30_000,
    );
  } catch (e) {
    heading = e.message;
  }
  check('page renders (h1 "Classify images")', heading === 'Classify images', heading === 'Classify images' ? '' : heading);

  // Environment facts (logged, not asserted: WebKitGTK lacks SharedArrayBuffer by default).
  const env = await exec(`return {
    ua: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    sab: typeof SharedArrayBuffer,
    sw: 'serviceWorker' in navigator,
    offscreenCanvas: typeof OffscreenCanvas,
    createImageBitmap: typeof createImageBitmap,
    storageEstimate: typeof navigator.storage?.estimate,
    gpu: typeof navigator.gpu,
    cores: navigator.hardwareConcurrency,
  }`);
  facts.userAgent = env.ua;
  facts.crossOriginIsolated = env.crossOriginIsolated;
  facts['typeof SharedArrayBuffer'] = env.sab;
  facts['typeof OffscreenCanvas / createImageBitmap'] = `${env.offscreenCanvas} / ${env.createImageBitmap}`;
  facts['typeof navigator.storage.estimate'] = env.storageEstimate;
  facts['typeof navigator.gpu'] = env.gpu;
  log('environment:', JSON.stringify(env));

  // 4. Service worker registers, then controls the page after a reload
  let swDetail = '';
  let swOk = false;
  try {
    const ready = await execAsync(
      `const done = arguments[arguments.length - 1];
       if (!('serviceWorker' in navigator)) return done({ error: 'no navigator.serviceWorker' });
       const t = setTimeout(() => done({ error: 'navigator.serviceWorker.ready did not resolve within 30 s' }), 30000);
       navigator.serviceWorker.ready.then(
         (r) => { clearTimeout(t); done({ scope: r.scope, active: r.active && r.active.state }); },
         (e) => { clearTimeout(t); done({ error: String(e) }); });`,
      [],
      40_000,
    );
    if (ready.error) throw new Error(ready.error);
    log(`service worker ready: scope ${ready.scope}, state ${ready.active}`);
    await wd('POST', '/refresh', {}, 70_000);
    const ctl = await waitFor(
      'navigator.serviceWorker.controller after reload',
      async () => {
        const c = await exec(`const c = navigator.serviceWorker.controller; return c ? { url: c.scriptURL, state: c.state } : null;`);
        return c;
      },
      15_000,
    );
    swOk = true;
    swDetail = `controller ${ctl.url} (${ctl.state})`;
  } catch (e) {
    swDetail = e.message;
  }
  check('service worker registers and controls the page after a reload', swOk, swDetail);
  // After the reload, wait for the page again.
  await waitFor('the page after reload', async () => (await find('[data-testid="file-input"]')).length > 0, 30_000).catch(() => {});

  // 5. Classify the finch: file upload through the driver, else window.__app.run
  let method = 'file input (WebDriver element send keys)';
  let labels = [];
  let runInfo = '';
  let runError = '';
  try {
    if (process.env.WEBKIT_FORCE_APP_RUN) throw new Error('WEBKIT_FORCE_APP_RUN is set');
    const [input] = await find('[data-testid="file-input"]');
    if (!input) throw new Error('no [data-testid="file-input"] element');
    await wd('POST', `/element/${input}/value`, { text: imagePath }, 30_000);
    const outcome = await waitFor(
      'labels or an error after choosing the file',
      async () => {
        // textContent via script: WebKitWebDriver's Get Element Text returned '' for these spans (ellipsized).
        const ls = await exec(`return [...document.querySelectorAll('[data-testid="label"]')].map((e) => e.textContent.trim());`);
        if (ls.length) return { labels: ls };
        for (const sel of ['[data-testid="run-error"]', '[data-testid="item-error"]']) {
          const [err] = await find(sel);
          if (err) return { error: await text(err) };
        }
        return null;
      },
      120_000,
      500,
    );
    if (outcome.error) runError = outcome.error;
    labels = outcome.labels ?? [];
    runInfo = await waitFor(
      '[data-testid="run-info"]',
      async () => {
        const [info] = await find('[data-testid="run-info"]');
        return info ? (await text(info)).trim() : '';
      },
      10_000,
    ).catch(() => '');
  } catch (e) {
    log(`file upload path failed (${e.message}); falling back to window.__app.run`);
    method = 'window.__app.run (fallback)';
    runError = '';
    try {
      const r = await execAsync(
        `const [task, model, name, b64, done] = arguments;
         const t = setTimeout(() => done({ error: 'window.__app.run did not settle within 120 s' }), 120000);
         const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
         Promise.resolve()
           .then(() => window.__app.run(task, model, [{ name, bytes, type: 'image/jpeg' }]))
           .then((res) => { clearTimeout(t); done({ res: JSON.parse(JSON.stringify(res)) }); },
                 (err) => { clearTimeout(t); done({ error: String(err && (err.stack || err.message) || err) }); });`,
        ['image-classification', MODEL, IMAGE, fs.readFileSync(imagePath).toString('base64')],
        140_000,
      ).catch((err) => ({ error: err.message }));
      if (r.error) runError = r.error;
      else {
        const item = r.res?.items?.[0];
        if (item?.error) runError = JSON.stringify(item.error);
        labels = (item?.output ?? []).map((l) => l.label);
        if (r.res?.info) runInfo = `backend ${r.res.info.backend}, threads ${r.res.info.threads}, dtype ${r.res.info.dtype}`;
        log('__app.run result:', JSON.stringify(r.res).slice(0, 600));
      }
    } catch (err) {
      runError = err.message;
    }
  }
  facts['classification input'] = method;
  facts.labels = labels.join(' | ') || '(none)';
  facts['run-info'] = runInfo || '(none)';
  if (runError) log(`run error: ${runError}`);
  const first = (labels[0] ?? '').trim();
  check(
    `${IMAGE} classified as "house finch" (first label)`,
    first.toLowerCase().startsWith('house finch'),
    runError ? `error: ${runError}` : `first label "${first}" via ${method}`,
  );

  // 6. Backend: WASM, and single-threaded when SharedArrayBuffer is missing.
  const wasm = /WASM/i.test(runInfo);
  const threads = Number((runInfo.match(/(\d+) thread/) ?? [])[1] ?? (runInfo.match(/threads (\d+)/) ?? [])[1]);
  const threadsOk = env.sab === 'undefined' ? threads === 1 : threads >= 1;
  check(
    `ran on WASM${env.sab === 'undefined' ? ' with 1 thread (no SharedArrayBuffer)' : ''}`,
    wasm && threadsOk,
    runInfo ? `run-info: "${runInfo.replace(/\s+/g, ' ')}"` : 'no run-info shown',
  );

  // 7. Screenshot for humans
  try {
    const png = await wd('GET', '/screenshot', undefined, 30_000);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    fs.writeFileSync(SCREENSHOT, Buffer.from(png, 'base64'));
    facts.screenshot = path.relative(ROOT, SCREENSHOT);
  } catch (e) {
    log(`screenshot failed: ${e.message}`);
  }

  await wd('DELETE', `/session/${SID}`, undefined, 15_000).catch(() => {});
  SID = '';
}

main()
  .then(() => summaryAndExit())
  .catch((e) => {
    log('error:', e?.stack || e);
    summaryAndExit(`test harness: ${e?.message || e}`);
  });
