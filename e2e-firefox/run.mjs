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
 *   FIREFOX_TIMEOUT_S    overall time limit in seconds (default 240)
 *   FIREFOX_VERBOSE=1    echo the output of vite preview and Firefox, and the page's console
 *
 * Checks: the page renders; the finch is classified as "house finch" through the real file input on a
 * first visit that no service worker controls yet; the service worker registers and controls the page
 * after a reload; it ran on WASM; OCR reads a sign (a PNG made here with sharp) chosen through the OCR
 * panel's file input; and with the server stopped (really offline: nothing answers on the port), the app
 * reloads and classifies again through the file input. Every task runs through the page's real file
 * input: when that fails, the check fails (there is no fallback to the diagnostics hook window.__app).
 *
 * Everything runs under time limits; vite preview and Firefox run in their own process groups and are
 * killed at the end, also on failure, on signals and when the overall time limit is reached; the
 * temporary Firefox profile is removed. Last line of output: `N passed, N failed`. Exit code 0 only if
 * every check passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHarness, ENV_PROBE, makeOcrImage, OCR_ROUTE, PANEL_STATE, ROOT, within } from '../e2e-smoke/harness.mjs';

const PORT = 4176;
const APP = `http://localhost:${PORT}`;
const CLASSIFY_ROUTE = '#/classify-image';
const PAGE = `${APP}/${CLASSIFY_ROUTE}`;
const OVERALL_S = Number(process.env.FIREFOX_TIMEOUT_S || 240);
const SCREENSHOT = path.join(ROOT, 'test-results', 'firefox-classify.png');
const VERBOSE = !!process.env.FIREFOX_VERBOSE;

const pageLog = [];
const h = createHarness({
  tag: 'firefox',
  title: 'Firefox',
  overallS: OVERALL_S,
  verbose: VERBOSE,
  dumpExtra: () => {
    if (pageLog.length) h.log(`--- last page console/errors ---\n${pageLog.slice(-30).join('\n')}`);
  },
});
const { log, check, facts, summaryAndExit, waitFor } = h;

function findFirefox() {
  const candidates = process.env.FIREFOX_BIN ? [process.env.FIREFOX_BIN] : ['/usr/bin/firefox-esr'];
  if (!process.env.FIREFOX_BIN)
    for (const bin of ['firefox-esr', 'firefox']) for (const d of (process.env.PATH || '').split(':')) if (d) candidates.push(path.join(d, bin));
  return candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

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

/** Chooses `filePath` through the page's `[data-testid="file-input"]` (puppeteer uploadFile: BiDi input.setFiles). */
async function upload(page, filePath) {
  const input = await within('finding the file input', 15_000, page.waitForSelector('[data-testid="file-input"]', { timeout: 15_000 })).catch((e) => {
    throw new Error(`no [data-testid="file-input"] element (${e.message})`);
  });
  if (!input) throw new Error('no [data-testid="file-input"] element');
  await within('ElementHandle.uploadFile', 30_000, input.uploadFile(filePath));
  await input.dispose().catch(() => {});
}

/** Clears earlier results (a reload does), chooses the finch through the file input, waits for labels. */
async function classifyThroughInput(page, imagePath) {
  await upload(page, imagePath);
  const outcome = await pollPage(page, 'labels or an error after choosing the file', LABELS_OR_ERROR, 100_000);
  const runInfo = await pollPage(
    page,
    '[data-testid="run-info"]',
    `document.querySelector('[data-testid="run-info"]')?.textContent.trim() || ''`,
    10_000,
  ).catch(() => '');
  return { labels: outcome.labels ?? [], error: outcome.error ?? '', runInfo };
}

const INPUT_METHOD = 'file input (ElementHandle.uploadFile, BiDi input.setFiles)';

/** Through the real file input only: when that path fails, the result carries the error and the check fails. */
async function classify(page, imagePath) {
  try {
    return { method: INPUT_METHOD, ...(await classifyThroughInput(page, imagePath)) };
  } catch (e) {
    log(`classification through the file input failed: ${e.message}`);
    return { method: INPUT_METHOD, labels: [], runInfo: '', error: `classification through the file input failed: ${e.message}` };
  }
}

/** Opens the OCR panel and reads the sign through its file input (see the harness's ocrThroughInput). */
async function readSign(page, signPath) {
  try {
    await within(
      'opening the OCR panel',
      15_000,
      page.evaluate((hash) => void (location.hash = hash), OCR_ROUTE),
    );
    return await h.ocrThroughInput({
      state: () => within('reading the OCR panel', 15_000, page.evaluate(PANEL_STATE)),
      upload: (file) => upload(page, file),
      imagePath: signPath,
    });
  } catch (e) {
    return { error: e.message };
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
  const imagePath = h.requireAppAndImage();

  // 1. vite preview
  await h.startPreview(PORT, 45_000);

  // 2. Firefox, headless, fresh temporary profile, over WebDriver BiDi
  const profileDir = h.makeTempDir('e2e-firefox-profile-', 'temporary profile');
  log(`launching ${firefox} headless (profile ${profileDir})`);
  const browser = await within(
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
    // Firefox was started by puppeteer in its own process group (detached): the harness kills that group at
    // cleanup (a graceful browser.close() happens earlier on the normal path), and anything still using the
    // temporary profile.
    const entry = h.adopt('firefox', proc.pid);
    proc.on('exit', (code, sig) => {
      entry.exited = true;
      if (!h.isFinished() && !closing) log(`firefox exited (code ${code}, signal ${sig})`);
    });
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
  const env = await within('reading the environment', 15_000, page.evaluate(ENV_PROBE));
  h.recordEnvironment(env, { hardwareConcurrency: env.cores });

  // 4. Classify the finch on this first visit, before any service worker controls the page (the proxy
  //    holds its script back): the inference worker fetches the runtime and the model past it.
  facts['controlled during the first run'] = await within(
    'reading the controller',
    15_000,
    page.evaluate(() => !!navigator.serviceWorker?.controller),
  );
  const run = await classify(page, imagePath);

  // 5. Service worker registers, then controls the page after a reload
  h.releaseServiceWorker();
  await h.checkServiceWorker({
    ready: () =>
      within(
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
      ),
    reload: () => within('reloading the page', 70_000, page.reload({ waitUntil: 'load' })),
    controller: () =>
      pollPage(
        page,
        'navigator.serviceWorker.controller after reload',
        `(() => { const c = navigator.serviceWorker.controller; return c ? { url: c.scriptURL, state: c.state } : null; })()`,
        15_000,
      ),
  });
  const afterReload = await within(
    'reading crossOriginIsolated',
    15_000,
    page.evaluate(() => [self.crossOriginIsolated, typeof SharedArrayBuffer]),
  ).catch(() => undefined);
  if (afterReload) {
    facts['crossOriginIsolated (controlled page)'] = afterReload[0];
    facts['typeof SharedArrayBuffer (controlled page)'] = afterReload[1];
    log(`controlled page: crossOriginIsolated ${afterReload[0]}, typeof SharedArrayBuffer ${afterReload[1]}`);
  }
  await headingShown(page);

  // 6. Backend: WASM (Firefox has no WebGPU here); one thread when SharedArrayBuffer is missing.
  const threads = Number((run.runInfo.match(/(\d+) thread/) ?? [])[1]);
  h.checkClassification(run, { sab: afterReload?.[1] ?? env.sab, threads });

  // 7. OCR: the 8-bit recogniser on Firefox's WASM (2 threads), on a sign (a PNG made here) chosen
  //    through the OCR panel's file input and read back from the page. One CI run out of about twenty
  //    saw the run stall (no result, no error); a stall is logged with the run's last progress, and the
  //    page (with its workers) is reloaded for one more try. Then back to the classification page.
  const signPath = await makeOcrImage(h.makeTempDir('e2e-firefox-ocr-', 'OCR image folder'));
  let ocr = await readSign(page, signPath);
  if (ocr.error && /waiting for the OCR run to finish/.test(ocr.error)) {
    log(`OCR stalled: ${ocr.error}; reloading the page and trying once more`);
    facts['OCR first try'] = `stalled: ${ocr.error}`;
    await within('reload', 60_000, page.reload());
    ocr = await readSign(page, signPath);
  }
  ocr.method = INPUT_METHOD;
  h.checkOcr(ocr);
  await within(
    'back to the classification page',
    15_000,
    page.evaluate((hash) => void (location.hash = hash), CLASSIFY_ROUTE),
  );
  await headingShown(page);

  // 8. Screenshot for humans
  await h.screenshot(SCREENSHOT, async (file) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await within('screenshot', 30_000, page.screenshot({ path: file, fullPage: false }));
  });

  // 9. Offline: the server goes away; the page reloads from the service worker and classifies again
  //    through the file input, with the runtime and model stored on the first, uncontrolled visit.
  await h.checkOffline({
    reload: async () => {
      await within('reloading offline', 70_000, page.reload({ waitUntil: 'load' }));
      const heading = await headingShown(page);
      if (heading !== 'Classify images') throw new Error(`after the offline reload: ${heading}`);
    },
    classify: () => classify(page, imagePath),
  });

  closing = true;
  await within('browser.close()', 20_000, browser.close()).catch((e) => log(`browser.close: ${e.message} (killing it)`));
}
let closing = false;

h.run(main);
