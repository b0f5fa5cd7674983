/**
 * Browser side: headless Chromium on the built app (`vite preview`). Each configuration gets a fresh
 * browser context (fresh storage, fresh workers) with the app's settings written to localStorage
 * before the page loads, and runs the REAL app path through `window.__app.run` (src/app/diagnostics.ts).
 *
 * A second, diagnostic measurement runs the same onnxruntime-web build the app bundles
 * (transformers.js's pinned `ort.webgpu.min.mjs`, asyncify WASM from the app's own /ort/) directly in a
 * module worker on the tensor the native pre-processor produced: model-only time, to separate
 * runtime speed from pre/post-processing. That script is injected with page.route, not part of the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ortDistDir, ortRuntimeManifest } from '../../tooling/ort-runtime.mjs';
import { onCleanup } from './lifecycle.mjs';
import { tsModule } from './ts-module.mjs';
import { summarize, timeSessionRuns, withTimeout } from './stats.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--enable-unsafe-webgpu',
];

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Console lines that are known noise (see shared/RECIPES.md). */
const NOISE = [/VerifyEachNodeIsAssignedToAnEp/, /Rerunning with verbose output/, /dbus/i];

/** The onnxruntime-web package transformers.js imports in the browser (its own pinned copy). */
export const ortWebDir = (root) => path.dirname(ortDistDir(root));

/** Headless Chromium with CHROMIUM_ARGS (+ `args`), closed by cleanup() unless closed before. */
export async function launchChromium({ args = [], executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium', timeout = 30_000 } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...args], timeout });
  browser.on(
    'disconnected',
    onCleanup(() => browser.close()),
  );
  return browser;
}

/** Writes `settings` to localStorage, under the app's own key, before any page of `context` loads. */
export async function presetSettings(context, settings) {
  const { SETTINGS_KEY } = await tsModule('src/runtime/settings-key.ts');
  await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [SETTINGS_KEY, JSON.stringify(settings)]);
}

/**
 * A fresh context (fresh storage and workers) and page with the app settings written to localStorage
 * before load. Collects page errors, and console errors/warnings other than known noise unless `console` is false.
 */
export async function freshPage(browser, settings, { log, console: withConsole = true } = {}) {
  const context = await browser.newContext();
  await presetSettings(context, settings);
  const page = await context.newPage();
  const messages = [];
  if (withConsole) {
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      const text = m.text();
      if (NOISE.some((re) => re.test(text))) return;
      messages.push(`${m.type()}: ${text.slice(0, 300)}`);
    });
  }
  page.on('pageerror', (e) => messages.push(`pageerror: ${String(e.message).slice(0, 300)}`));
  if (log) page.on('crash', () => log('  page crashed'));
  return { context, page, messages };
}

/** Loads the app and waits for its diagnostics hook (`window.__app`); `left()` gives the ms left for each step. */
export async function openApp(page, baseUrl, left) {
  await withTimeout(page.goto(baseUrl, { waitUntil: 'load' }), left(), 'page load');
  await withTimeout(
    page.waitForFunction(() => 'run' in (window.__app ?? {})),
    left(),
    'window.__app',
  );
}

/**
 * Puts an image (base64) into the page once and returns `call(n)`: `window.__app.run(task, modelId, …)`
 * on n copies of it (named `<name>-<i>.<ext>`), with the wall time of the call added as `wallMs`.
 */
export async function imageCaller(page, { task, modelId, imageB64, name, ext, type, dtype }) {
  await page.evaluate((b64) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    window.__benchImage = bytes.buffer;
  }, imageB64);
  return (n) =>
    page.evaluate(
      async ({ task, modelId, n, name, ext, type, dtype }) => {
        const inputs = Array.from({ length: n }, (_, i) => ({ name: `${name}-${i}.${ext}`, bytes: window.__benchImage.slice(0), type }));
        const t0 = performance.now();
        const out = await window.__app.run(task, modelId, inputs, undefined, dtype);
        return { ...out, wallMs: performance.now() - t0 };
      },
      { task, modelId, n, name, ext, type, dtype },
    );
}

/**
 * One app configuration: first call with 1 image (model load + first run), then one call with `runs`
 * copies (warm, per-item inference time measured in the worker).
 */
export async function appConfig({ browser, baseUrl, cfg, modelId, imageB64, runs, warmup = 0, timeoutMs, log }) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const left = () => Math.max(1000, deadline - Date.now());
  const settings = { backend: cfg.backend, threads: cfg.threads, ...(cfg.extraSettings ?? {}) };
  const { context, page, messages } = await freshPage(browser, settings, { log });
  const result = { label: cfg.label, requested: settings };
  try {
    await openApp(page, baseUrl, left);
    result.capabilities = await page.evaluate(() => window.__app.capabilities());
    const call = await imageCaller(page, { task: 'image-classification', modelId, imageB64, name: 'finch', ext: 'jpeg', type: 'image/jpeg', dtype: cfg.dtype });

    const first = await withTimeout(call(1), left(), 'first call (load + first run)');
    const item0 = first.items[0];
    if (!item0 || item0.error || item0.ms == null) throw new Error(`first run failed: ${JSON.stringify(item0?.error ?? item0)}`);
    result.info = first.info;
    result.loadMs = first.info.loadMs;
    result.firstMs = item0.ms;
    result.firstCallWallMs = first.wallMs;
    result.top5 = item0.output;

    // Software WebGPU can take seconds per run: fit the warm runs into the time left (at least 5).
    let n = runs;
    const budget = left() - 5000;
    if (item0.ms * runs * 1.5 > budget) n = Math.max(5, Math.floor(budget / (item0.ms * 1.5)));
    const w = n >= runs ? warmup : 0; // the first items of the warm call are discarded as warm-up
    const warm = await withTimeout(call(n + w), left(), `warm call (${n + w} images)`);
    const errors = warm.items.filter((i) => i.error);
    if (errors.length) throw new Error(`${errors.length} warm runs failed: ${JSON.stringify(errors[0].error)}`);
    result.warmInfo = warm.info;
    result.warmupSamples = warm.items.slice(0, w).map((i) => i.ms);
    result.warmSamples = warm.items.slice(w).map((i) => i.ms);
    result.warm = summarize(result.warmSamples);
    result.warmCallWallMs = warm.wallMs;
    if (warm.info.backend !== first.info.backend) result.note = `backend changed between calls: ${first.info.backend} -> ${warm.info.backend}`;
  } catch (err) {
    result.error = String(err?.message ?? err).split('\n')[0];
  } finally {
    if (messages.length) result.console = messages.slice(0, 10);
    result.elapsedMs = Date.now() - started;
    await context.close().catch(() => {});
  }
  return result;
}

/** Worker source for the model-only measurement (served at /__bench/model-only.worker.mjs). */
const MODEL_ONLY_WORKER = `
import * as ort from '/__bench/ort.webgpu.min.mjs';
${timeSessionRuns}
self.onmessage = async ({ data }) => {
  try {
    const { modelUrl, threads, dims, pixels, runs, warmup } = data;
    ort.env.wasm.wasmPaths = self.location.origin + '/${ortRuntimeManifest(process.cwd()).path}';
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    const bytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
    const t0 = performance.now();
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const loadMs = performance.now() - t0;
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', pixels, dims) };
    const { firstMs, warm, argmax } = await timeSessionRuns(session, feeds, runs, warmup);
    await session.release();
    self.postMessage({ loadMs, firstMs, warm, argmax, crossOriginIsolated: self.crossOriginIsolated, ortVersion: ort.env.versions?.web });
  } catch (e) {
    self.postMessage({ error: String(e && e.message || e) });
  }
};`;

/** onnxruntime-web (the app's build) directly in a module worker, WASM EP: model-only time. */
export async function browserModelOnly({ browser, baseUrl, root, modelUrlPath, pixelValues, threads, runs, warmup = 0, timeoutMs, log }) {
  const started = Date.now();
  // Service workers would hide these requests from page.route; the app's own SW is not under test here.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const result = { label: `browser ORT-web model-only, WASM ${threads}t`, threads };
  try {
    const ortFile = path.join(ortWebDir(root), 'dist', 'ort.webgpu.min.mjs');
    await context.route('**/__bench/*', (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      const headers = { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store', ...ISOLATION_HEADERS };
      if (name === 'model-only.worker.mjs') return route.fulfill({ status: 200, headers, body: MODEL_ONLY_WORKER });
      if (name === 'ort.webgpu.min.mjs') return route.fulfill({ status: 200, headers, body: fs.readFileSync(ortFile) });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`  pageerror: ${e.message}`));
    await withTimeout(page.goto(baseUrl, { waitUntil: 'load' }), timeoutMs, 'page load');
    const out = await withTimeout(
      page.evaluate(
        ({ modelUrl, threads, dims, pixels, runs, warmup }) =>
          new Promise((resolve) => {
            const w = new Worker('/__bench/model-only.worker.mjs', { type: 'module' });
            w.onmessage = (e) => {
              resolve(e.data);
              w.terminate();
            };
            w.onerror = (e) => resolve({ error: `worker error: ${e.message ?? 'unknown'}` });
            w.postMessage({ modelUrl, threads, dims, pixels: new Float32Array(pixels), runs, warmup });
          }),
        { modelUrl: modelUrlPath, threads, dims: pixelValues.dims, pixels: Array.from(pixelValues.data), runs, warmup },
      ),
      Math.max(1000, timeoutMs - (Date.now() - started)),
      'model-only run',
    );
    if (out.error) throw new Error(out.error);
    Object.assign(result, {
      loadMs: out.loadMs,
      firstMs: out.firstMs,
      warm: summarize(out.warm),
      warmSamples: out.warm,
      argmax: out.argmax,
      crossOriginIsolated: out.crossOriginIsolated,
      ortVersion: out.ortVersion,
    });
  } catch (err) {
    result.error = String(err?.message ?? err).split('\n')[0];
  } finally {
    result.elapsedMs = Date.now() - started;
    await context.close().catch(() => {});
  }
  return result;
}
