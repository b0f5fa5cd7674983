#!/usr/bin/env node
/**
 * WebKit (Safari's engine family) smoke test, driven over plain W3C WebDriver (fetch) against
 * WebKitGTK's WebKitWebDriver + MiniBrowser under Xvfb: page, service worker, image classification
 * through the file input on a first visit that no service worker controls yet, OCR of a sign (a PNG made
 * here with sharp) chosen through the OCR panel's file input, then the same classification offline (the
 * server stopped) after a reload. (The benchmark page's step is out: in WebKitGTK every benchmark worker answers
 * "The worker was not initialised." — reproduced, cause not found yet; issue #14's note.) Every task runs through the page's real file input: when that fails,
 * the check fails (there is no fallback to the diagnostics hook window.__app).
 *
 * Prerequisites (Debian): apt-get install -y webkit2gtk-driver xvfb xauth
 * The app must already be built:  MODELS_DIR=../shared/models npm run build:test
 * Run:                            npm run test:webkit   (or: node e2e-webkit/run.mjs)
 *
 * Env:
 *   TEST_IMAGES_DIR     folder with imagenet_finch.jpeg (default ../shared/test-images, relative to repo root)
 *   MODELS_DIR          self-hosted models folder for `vite preview` (default ../shared/models)
 *   WEBKIT_MINIBROWSER  MiniBrowser binary (default: Debian's path)
 *   WEBKIT_TIMEOUT_S    overall time limit in seconds (default 300)
 *   WEBKIT_PORT         the app's port (default 4174)
 *   DIST_DIR            the build to serve (default dist/)
 *   WEBKIT_VERBOSE=1    echo the output of vite preview and WebKitWebDriver
 *
 * Everything runs under time limits; child processes (vite preview, xvfb-run/Xvfb, WebKitWebDriver,
 * MiniBrowser) are started in their own process groups and killed at the end, also on failure.
 * Last line of output: `N passed, N failed`. Exit code 0 only if every check passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHarness, ENV_PROBE, freePort, makeOcrImage, OCR_ROUTE, onPath, PANEL_STATE, ROOT } from '../e2e-smoke/harness.mjs';

const PORT = Number(process.env.WEBKIT_PORT || 4174);
const APP = `http://localhost:${PORT}`;
const CLASSIFY_ROUTE = '#/classify-image';
const PAGE = `${APP}/${CLASSIFY_ROUTE}`;
const MINIBROWSER = process.env.WEBKIT_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const OVERALL_S = Number(process.env.WEBKIT_TIMEOUT_S || 300);
const SCREENSHOT = path.join(ROOT, 'test-results', 'webkit-classify.png');

const h = createHarness({
  tag: 'webkit',
  title: 'WebKit',
  overallS: OVERALL_S,
  verbose: !!process.env.WEBKIT_VERBOSE,
  // This runner's waitFor has always kept polling after a `fatal` error (vite preview exiting early
  // shows as a timeout with that error as the last one); kept as it was.
  stopWaitOnFatal: false,
});
const { log, check, facts, summaryAndExit, start, waitFor } = h;

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

/** Chooses `filePath` through the page's `[data-testid="file-input"]` (WebDriver Element Send Keys). */
async function upload(filePath) {
  const [input] = await find('[data-testid="file-input"]');
  if (!input) throw new Error('no [data-testid="file-input"] element');
  await wd('POST', `/element/${input}/value`, { text: filePath }, 30_000);
}

/**
 * Classify the finch through the real file input (WebDriver element send keys). There is no other way:
 * when the upload path fails, the result carries the error and the check fails.
 */
async function classify(imagePath) {
  const method = 'file input (WebDriver element send keys)';
  let labels = [];
  let runInfo = '';
  let runError = '';
  try {
    await upload(imagePath);
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
    runError = `classification through the file input failed: ${e.message}`;
    log(runError);
  }

  return { method, labels, runInfo, error: runError };
}

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
  const imagePath = h.requireAppAndImage();

  // 1. vite preview
  await h.startPreview(PORT, 30_000);

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
  let heading;
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
  const env = await exec(`return ${ENV_PROBE}`);
  h.recordEnvironment(env);

  // 4. Classify the finch on this first visit, before any service worker controls the page (the proxy
  //    holds its script back): the inference worker fetches the runtime and the model past it.
  await waitFor('the file input', async () => (await find('[data-testid="file-input"]')).length > 0, 30_000).catch(() => {});
  const controlled = await exec('return !!navigator.serviceWorker?.controller');
  facts['controlled during the first run'] = controlled;
  const run = await classify(imagePath);

  // 5. Service worker registers, then controls the page after a reload
  h.releaseServiceWorker();
  await h.checkServiceWorker({
    ready: () =>
      execAsync(
        `const done = arguments[arguments.length - 1];
       if (!('serviceWorker' in navigator)) return done({ error: 'no navigator.serviceWorker' });
       const t = setTimeout(() => done({ error: 'navigator.serviceWorker.ready did not resolve within 30 s' }), 30000);
       navigator.serviceWorker.ready.then(
         (r) => { clearTimeout(t); done({ scope: r.scope, active: r.active && r.active.state }); },
         (e) => { clearTimeout(t); done({ error: String(e) }); });`,
        [],
        40_000,
      ),
    reload: () => wd('POST', '/refresh', {}, 70_000),
    controller: () =>
      waitFor(
        'navigator.serviceWorker.controller after reload',
        async () => {
          const c = await exec(`const c = navigator.serviceWorker.controller; return c ? { url: c.scriptURL, state: c.state } : null;`);
          return c;
        },
        15_000,
      ),
  });
  // After the reload, wait for the page again.
  await waitFor('the page after reload', async () => (await find('[data-testid="file-input"]')).length > 0, 30_000).catch(() => {});

  // 6. Backend: WASM, and single-threaded when SharedArrayBuffer is missing.
  const threads = Number((run.runInfo.match(/(\d+) thread/) ?? [])[1] ?? (run.runInfo.match(/threads (\d+)/) ?? [])[1]);
  h.checkClassification(run, { sab: env.sab, threads });

  // 7. OCR in the Safari engine: the 8-bit recogniser (ConvInteger) on WebKit's WASM, on a sign (a PNG
  //    made here) chosen through the OCR panel's file input and read back from the page; then back to
  //    the classification page for the offline check.
  let ocr;
  try {
    const signPath = await makeOcrImage(h.makeTempDir('e2e-webkit-ocr-', 'OCR image folder'));
    await exec('location.hash = arguments[0];', [OCR_ROUTE]);
    ocr = await h.ocrThroughInput({ state: () => exec(`return ${PANEL_STATE}`), upload, imagePath: signPath });
  } catch (e) {
    ocr = { error: e.message };
  }
  ocr.method = 'file input (WebDriver element send keys)';
  h.checkOcr(ocr);
  await exec('location.hash = arguments[0];', [CLASSIFY_ROUTE]);
  await waitFor('the classification page after OCR', async () => (await find('[data-testid="file-input"]')).length > 0, 30_000).catch(() => {});

  // 8. Screenshot for humans
  await h.screenshot(SCREENSHOT, async (file) => {
    const png = await wd('GET', '/screenshot', undefined, 30_000);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(png, 'base64'));
  });

  // 9. Offline: the server goes away; the page reloads from the service worker and classifies again
  //    through the file input, with the runtime and model stored on the first, uncontrolled visit.
  await h.checkOffline({
    reload: async () => {
      await wd('POST', '/refresh', {}, 70_000);
      await waitFor('the page after the offline reload', async () => (await find('[data-testid="file-input"]')).length > 0, 30_000);
    },
    classify: () => classify(imagePath),
  });

  await wd('DELETE', `/session/${SID}`, undefined, 15_000).catch(() => {});
  SID = '';
}

h.run(main);
