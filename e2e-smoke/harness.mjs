/**
 * Shared harness of the browser smoke tests (e2e-webkit/run.mjs, e2e-firefox/run.mjs): logging with a
 * clock, checks and the `N passed, N failed` summary with its exit code, child processes in their own
 * process groups, temporary folders, cleanup (also on signals, uncaught errors and the overall time
 * limit), port checks, polling, and the steps both tests share (preconditions, `vite preview`, the
 * environment facts, the classification checks, OCR through the OCR panel's file input).
 *
 * Browser-specific code (WebDriver sessions, puppeteer) stays in each runner.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MODEL = 'onnx-model-zoo/mobilenetv2-12-int8';
export const IMAGE = 'imagenet_finch.jpeg';
export const IMAGES_DIR = path.resolve(ROOT, process.env.TEST_IMAGES_DIR || '../shared/test-images');
export const MODELS_DIR = process.env.MODELS_DIR || '../shared/models';
/** The build the smoke tests serve (DIST_DIR, default dist/): several builds can live side by side. */
export const DIST_DIR = process.env.DIST_DIR || 'dist';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Environment facts read in the page (logged, not asserted); an expression, for any driver. */
export const ENV_PROBE = `({
    ua: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    sab: typeof SharedArrayBuffer,
    sw: 'serviceWorker' in navigator,
    offscreenCanvas: typeof OffscreenCanvas,
    createImageBitmap: typeof createImageBitmap,
    storageEstimate: typeof navigator.storage?.estimate,
    gpu: typeof navigator.gpu,
    cores: navigator.hardwareConcurrency,
  })`;

export const OCR_MODEL = 'paddlepaddle/ppocr-v4-gutenye';
/** The OCR panel's route (same file input as the classification panel: `[data-testid="file-input"]`). */
export const OCR_ROUTE = '#/ocr';
export const OCR_HEADING = 'Read text (OCR)';

/**
 * Writes the OCR test image, a sign (short, clear text in Liberation Sans, dark on white, with a margin),
 * as a PNG file in `dir` (rendered from SVG by sharp in Node); returns its path. It is then chosen through
 * the OCR panel's real file input, like a user's file.
 */
export async function makeOcrImage(dir) {
  const { default: sharp } = await import('sharp');
  const font = `font-family="Liberation Sans, Arial, Helvetica, sans-serif" fill="#111"`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="200">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="40" y="90" ${font} font-weight="bold" font-size="56">NO PARKING</text>
  <text x="40" y="160" ${font} font-size="36">Tow-away zone</text>
</svg>`;
  const file = path.join(dir, 'sign.png');
  await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toFile(file);
  return file;
}

/**
 * The task panel's state as the page shows it; an expression, for any driver. The panel is
 * `section[data-run]` (`data-run`: the run counter, `data-running`: "true"/"false").
 */
export const PANEL_STATE = `(() => {
  const panel = document.querySelector('section[data-run]');
  const heading = [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()).join(' | ');
  if (!panel) return { panel: false, heading };
  const texts = (sel) => [...panel.querySelectorAll(sel)].map((e) => e.textContent.trim());
  return {
    panel: true,
    heading,
    run: Number(panel.getAttribute('data-run')),
    running: panel.getAttribute('data-running') === 'true',
    model: panel.querySelector('[data-testid="model-select"]')?.value ?? '',
    input: !!panel.querySelector('[data-testid="file-input"]'),
    lines: texts('[data-testid="ocr-line"] .ocr-line-text'),
    noText: texts('[data-testid="no-text"]').length > 0,
    errors: [...texts('[data-testid="run-error"]'), ...texts('[data-testid="item-error"]')],
    cancelled: texts('[data-testid="run-cancelled"]').length > 0,
    runInfo: (texts('[data-testid="run-info"]')[0] ?? '').replace(/\\s+/g, ' '),
    progress: texts('[data-testid="progress-text"]')[0] ?? '',
  };
})()`;

export function onPath(bin) {
  return (process.env.PATH || '').split(':').some((d) => d && fs.existsSync(path.join(d, bin)));
}
/** True when nothing listens on `port` at 127.0.0.1 nor ::1 (another server there would answer the browser). */
export async function portFree(port) {
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
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
/** Rejects after `ms` with a clear message (drivers' own timeouts do not cover everything). */
export function within(what, ms, promise) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000}s`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

/**
 * Sets up one smoke test run: installs the exit, signal and error handlers and the overall time limit.
 *   tag              log prefix (`[tag 1.2s]`)
 *   title            summary heading (`=== title smoke test summary ===`)
 *   overallS         overall time limit in seconds
 *   verbose          echo the output of child processes
 *   stopWaitOnFatal  waitFor() gives up at once on an error marked `fatal` (else it keeps polling)
 *   dumpExtra()      logs more on the overall time limit and on a harness error
 */
export function createHarness({ tag, title, overallS, verbose = false, stopWaitOnFatal = true, dumpExtra = () => {} }) {
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const log = (...a) => console.log(`[${tag} ${elapsed()}]`, ...a);

  // -------------------------------------------------------------- checks and summary
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
    console.log(`\n=== ${title} smoke test summary ===`);
    for (const [k, v] of Object.entries(facts)) console.log(`  ${k}: ${v}`);
    for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
    for (const s of skipped) console.log(`  SKIP  ${s.name} — ${s.reason}`);
    console.log(`  took ${elapsed()}`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed > 0 || results.length === 0 ? 1 : 0);
  }

  // -------------------------------------------------------------- child processes, temp folders, cleanup
  const children = []; // { name, pid, exited, out }
  function adopt(name, pid) {
    const entry = { name, pid, out: '', exited: false };
    children.push(entry);
    return entry;
  }
  function start(name, cmd, args, env = {}) {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      detached: true, // own process group: we kill the whole tree (npx -> node vite, xvfb-run -> Xvfb/driver -> browser)
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = adopt(name, child.pid);
    const keep = (d) => {
      entry.out = (entry.out + d.toString()).slice(-8000);
      if (verbose) process.stderr.write(`[${name}] ${d}`);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code, sig) => {
      entry.exited = true;
      if (!finished) log(`${name} exited (code ${code}, signal ${sig})`);
    });
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
  const tempDirs = []; // { dir, label }
  /** A fresh temporary folder, removed at cleanup; processes naming it on their command line are killed first. */
  function makeTempDir(prefix, label) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.push({ dir, label });
    return dir;
  }
  /**
   * Processes whose command line names one of our temporary folders (e.g. a browser profile): covers a
   * browser whose launch was still in progress when we had to stop, before its driver handed us its
   * process. Linux only (/proc); elsewhere the process-group kill has to do.
   */
  function killTempDirUsers(sig) {
    if (!tempDirs.length || !fs.existsSync('/proc')) return;
    let pids;
    try {
      pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (tempDirs.some((t) => argv.includes(t.dir))) process.kill(Number(pid), sig);
      } catch {
        /* gone, or not ours to read */
      }
    }
  }
  let cleanedUp = false;
  function cleanup() {
    if (cleanedUp) return;
    cleanedUp = true;
    // Synchronous on purpose (also runs from the 'exit' handler).
    for (const e of children) killGroup(e, 'SIGTERM');
    killTempDirUsers('SIGTERM');
    spawnSync('sleep', ['0.5']);
    for (const e of children) killGroup(e, 'SIGKILL');
    killTempDirUsers('SIGKILL');
    for (const { dir, label } of tempDirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch (e) {
        console.log(`could not remove the ${label} ${dir}: ${e.message}`);
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
    log(`overall time limit of ${overallS}s reached; giving up`);
    for (const e of children) if (e.out.trim()) log(`--- last output of ${e.name} ---\n${e.out.slice(-2000)}`);
    dumpExtra();
    summaryAndExit(`finished within ${overallS}s`);
  }, overallS * 1000);
  overall.unref?.();

  async function waitFor(what, fn, timeoutMs, intervalMs = 250) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        if (stopWaitOnFatal && e?.fatal) throw e;
        last = e;
      }
      await sleep(intervalMs);
    }
    throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
  }

  // -------------------------------------------------------------- steps both tests share
  /** The built app and the test image; returns the image's path (or ends the run with a failure). */
  function requireAppAndImage() {
    if (!fs.existsSync(path.join(ROOT, DIST_DIR, 'index.html'))) {
      console.log(`No ${DIST_DIR}/index.html: build the app first, e.g. MODELS_DIR=../shared/models npx vite build`);
      return summaryAndExit(`app built in ${DIST_DIR}/`);
    }
    const imagePath = path.join(IMAGES_DIR, IMAGE);
    if (!fs.existsSync(imagePath)) {
      console.log(`Test image not found: ${imagePath} (set TEST_IMAGES_DIR)`);
      return summaryAndExit('test image present');
    }
    return imagePath;
  }

  /**
   * Starts `vite preview` on a free port behind a small proxy on `port` (which must be free), the app's
   * origin, and waits until it answers. The proxy holds the service worker script back until
   * `releaseServiceWorker()`, so a test can run a task on a first visit that no service worker controls
   * (its inference worker then fetches the runtime past the service worker), and `goOffline()` closes it.
   */
  async function startPreview(port, waitMs) {
    const app = `http://localhost:${port}`;
    if (!(await portFree(port))) {
      console.log(`Port ${port} is already in use (another vite preview?). Stop it and run again.`);
      return summaryAndExit(`port ${port} free for vite preview`);
    }
    const inner = await freePort();
    log(`starting vite preview on :${inner} behind :${port} (MODELS_DIR=${MODELS_DIR})`);
    const preview = start('vite preview', 'npx', ['vite', 'preview', '--port', String(inner), '--strictPort', '--outDir', DIST_DIR], { MODELS_DIR });
    proxy = await startProxy(port, inner);
    await waitFor(
      'vite preview to answer',
      async () => {
        if (preview.exited) throw Object.assign(new Error(`vite preview exited:\n${preview.out}`), { fatal: true });
        const r = await fetch(`${app}/`, { signal: AbortSignal.timeout(2000) });
        return r.ok;
      },
      waitMs,
    ).catch((e) => {
      if (preview.out.trim()) log(`vite preview output:\n${preview.out}`);
      throw e;
    });
    const modelProbe = await fetch(`${app}/models/${MODEL}/config.json`, { method: 'HEAD' }).catch(() => undefined);
    if (!modelProbe?.ok) log(`warning: ${app}/models/${MODEL}/config.json answered ${modelProbe?.status}; is MODELS_DIR right?`);
    previewEntry = { entry: preview, port };
  }
  let previewEntry;
  let proxy;

  /** An HTTP proxy on `port` to `inner`, holding `/sw.js` until released; `close()` refuses everything after. */
  function startProxy(port, inner) {
    let held = true;
    const waiting = [];
    const server = http.createServer((req, res) => {
      const forward = () => {
        const up = http.request({ host: 'localhost', port: inner, path: req.url, method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.statusMessage, r.headers);
          r.pipe(res);
        });
        up.on('error', () => res.destroy());
        req.pipe(up);
      };
      if (held && /^\/sw\.js(\?|$)/.test(req.url ?? '')) waiting.push(forward);
      else forward();
    });
    return new Promise((resolve, reject) => {
      server.on('error', reject);
      server.listen(port, 'localhost', () =>
        resolve({
          release() {
            held = false;
            for (const f of waiting.splice(0)) f();
          },
          held: () => held,
          close: () =>
            new Promise((r) => {
              server.close(() => r());
              server.closeAllConnections();
            }),
        }),
      );
    });
  }

  /** Lets the service worker script through (see startPreview). */
  function releaseServiceWorker() {
    proxy?.release();
    log('service worker script released');
  }

  /**
   * Takes the network away for real: closes the app's origin (the proxy) and stops `vite preview`, then
   * makes sure nothing answers on the port (a refused connection, for the page, its workers and its
   * service worker alike). Throws if it is still reachable, so an offline check cannot pass online.
   */
  async function goOffline() {
    if (!previewEntry) throw new Error('vite preview was not started');
    const { entry, port } = previewEntry;
    await proxy?.close();
    killGroup(entry, 'SIGTERM');
    await waitFor(
      `:${port} to stop answering`,
      async () => {
        try {
          await fetch(`http://localhost:${port}/`, { signal: AbortSignal.timeout(1000), cache: 'no-store' });
          return false;
        } catch {
          return true;
        }
      },
      10_000,
    );
    log(`offline: nothing answers on :${port} any more (server stopped)`);
  }

  /**
   * The offline check both runners share, after a first visit whose run happened before the service
   * worker controlled the page: the server goes away, `reload()` reloads the page and `classify()` runs
   * the classification again through the file input. Any failure, including one to get offline, fails.
   */
  async function checkOffline({ reload, classify }) {
    const NAME = 'offline after the first visit: with the server stopped, the page reloads and classifies again';
    let ok = false;
    let detail;
    try {
      await goOffline();
      await reload();
      const run = await classify();
      const first = (run.labels[0] ?? '').trim();
      ok = !run.error && first.toLowerCase().startsWith('house finch');
      detail = run.error ? `error: ${run.error}` : `first label "${first}" via ${run.method}`;
    } catch (e) {
      detail = e.message;
    }
    check(NAME, ok, detail);
  }

  /** Records the result of ENV_PROBE as facts and logs it. */
  function recordEnvironment(env, more = {}) {
    facts.userAgent = env.ua;
    facts.crossOriginIsolated = env.crossOriginIsolated;
    facts['typeof SharedArrayBuffer'] = env.sab;
    facts['typeof OffscreenCanvas / createImageBitmap'] = `${env.offscreenCanvas} / ${env.createImageBitmap}`;
    facts['typeof navigator.storage.estimate'] = env.storageEstimate;
    facts['typeof navigator.gpu'] = env.gpu;
    Object.assign(facts, more);
    log('environment:', JSON.stringify(env));
  }

  /**
   * The service worker check: `ready()` resolves to navigator.serviceWorker.ready's { scope, active } (or
   * { error }), `reload()` reloads the page, `controller()` waits for the controller's { url, state }.
   */
  async function checkServiceWorker({ ready, reload, controller }) {
    let swDetail;
    let swOk = false;
    try {
      const r = await ready();
      if (r.error) throw new Error(r.error);
      log(`service worker ready: scope ${r.scope}, state ${r.active}`);
      await reload();
      const ctl = await controller();
      swOk = true;
      swDetail = `controller ${ctl.url} (${ctl.state})`;
    } catch (e) {
      swDetail = e.message;
    }
    check('service worker registers and controls the page after a reload', swOk, swDetail);
  }

  /** The classification checks: the finch first, then WASM (one thread when SharedArrayBuffer is missing). */
  function checkClassification({ method, labels, runInfo, error }, { sab, threads }) {
    facts['classification input'] = method;
    facts.labels = labels.join(' | ') || '(none)';
    facts['run-info'] = runInfo || '(none)';
    if (error) log(`run error: ${error}`);
    const first = (labels[0] ?? '').trim();
    check(
      `${IMAGE} classified as "house finch" (first label)`,
      first.toLowerCase().startsWith('house finch'),
      error ? `error: ${error}` : `first label "${first}" via ${method}`,
    );
    const wasm = /WASM/i.test(runInfo);
    const threadsOk = sab === 'undefined' ? threads === 1 : threads >= 1;
    check(
      `ran on WASM${sab === 'undefined' ? ' with 1 thread (no SharedArrayBuffer)' : ''}`,
      wasm && threadsOk,
      runInfo ? `run-info: "${runInfo.replace(/\s+/g, ' ')}"` : 'no run-info shown',
    );
  }

  /**
   * OCR through the OCR panel's real file input, read back from the page's DOM. The page must already
   * show the OCR panel (route OCR_ROUTE). `state()` evaluates PANEL_STATE in the page; `upload(file)`
   * chooses the file through `[data-testid="file-input"]` (the driver's own file upload). Waits for the
   * panel's run counter to move past the one before the upload (the run started), then for
   * `data-running="false"` (it finished). Resolves to the panel's state, with `error` set when the run
   * showed one; throws when the panel, the upload or the run does not get there in time.
   */
  async function ocrThroughInput({ state, upload, imagePath, startMs = 30_000, finishMs = 60_000 }) {
    let last;
    const poll = async () => (last = await state());
    const before = await waitFor(
      `the OCR panel ("${OCR_HEADING}") with its [data-testid="file-input"]`,
      async () => {
        const st = await poll();
        return st?.panel && st.input && !st.running && st.heading.includes(OCR_HEADING) ? st : null;
      },
      30_000,
    ).catch((e) => {
      throw new Error(`${e.message}; the page showed: ${JSON.stringify(last ?? null)}`);
    });
    try {
      await upload(imagePath);
    } catch (e) {
      throw new Error(`the OCR panel's file input failed: ${e.message}`, { cause: e });
    }
    const started = async () => (await poll())?.run > before.run;
    await waitFor('an OCR run to start after choosing the file (section[data-run] to count up)', started, startMs, 500).catch((e) => {
      throw new Error(`${e.message}: the file chosen through the file input did not start a run (data-run stayed ${last?.run ?? '?'})`);
    });
    const finished = async () => {
      const x = await poll();
      return x?.run > before.run && !x.running ? x : null;
    };
    const st = await waitFor('the OCR run to finish (data-running="false")', finished, finishMs, 500).catch((e) => {
      throw new Error(`${e.message}; last progress: ${JSON.stringify(last?.progress ?? '')}`);
    });
    let error = st.errors.join(' | ');
    if (!error && st.cancelled) error = 'the run was cancelled';
    if (!error && !st.lines.length && !st.noText) error = 'the run finished but shows neither OCR lines nor the "no text" notice';
    return { ...st, error };
  }

  /**
   * The OCR check on what `ocrThroughInput` read from the page (or { error } when it threw): the
   * default model, the 8-bit recogniser (dtype q8 in the run-info line), both lines of the sign.
   */
  function checkOcr(r) {
    const text = (r.lines ?? []).join('\n');
    const dtype = ((r.runInfo ?? '').match(/·\s*([\w-]+)/) ?? [])[1];
    facts['ocr input'] = r.method ?? '(none)';
    facts['ocr text'] = r.noText ? '(the page says: no text found)' : JSON.stringify(text);
    facts['ocr run-info'] = r.runInfo || '(none)';
    let detail;
    if (r.error) detail = r.error;
    else if (r.model !== OCR_MODEL) detail = `the OCR panel ran model "${r.model}", not ${OCR_MODEL}`;
    else detail = `${JSON.stringify(text)}${r.noText ? ' (no text found)' : ''} (run-info "${r.runInfo}")`;
    check(
      "OCR reads a sign chosen through the OCR panel's file input (8-bit recogniser on WASM)",
      !r.error && r.model === OCR_MODEL && dtype === 'q8' && /NO PARKING/.test(text) && /Tow-away zone/i.test(text),
      detail,
    );
  }

  /** Screenshot for humans: `take(file)` writes it; a failure is logged, not a check. */
  async function screenshot(file, take) {
    try {
      await take(file);
      facts.screenshot = path.relative(ROOT, file);
    } catch (e) {
      log(`screenshot failed: ${e.message}`);
    }
  }

  /** Runs the test, then the summary; a thrown error counts as a failure of the harness. */
  function run(main) {
    main()
      .then(() => summaryAndExit())
      .catch((e) => {
        log('error:', e?.stack || e);
        dumpExtra();
        summaryAndExit(`test harness: ${e?.message || e}`);
      });
  }

  return {
    log,
    elapsed,
    results,
    facts,
    check,
    skip,
    isFinished: () => finished,
    summaryAndExit,
    start,
    adopt,
    makeTempDir,
    waitFor,
    requireAppAndImage,
    startPreview,
    releaseServiceWorker,
    goOffline,
    checkOffline,
    recordEnvironment,
    checkServiceWorker,
    checkClassification,
    ocrThroughInput,
    checkOcr,
    screenshot,
    run,
  };
}
