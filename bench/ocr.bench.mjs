#!/usr/bin/env node
/**
 * OCR benchmark (a comparison, not a test): on the rendered OCR test set (e2e/ocr-helpers.ts), in one run,
 *  - the built app in headless Chromium (PaddleOCR v4 pipeline, onnxruntime-web WASM), driven through its
 *    UI, times taken from Export JSON (worker-measured per image): once with 1 WASM thread, once with 2
 *    (the app's default for OCR on 2-core devices);
 *  - the same pure-TS pipeline in Node on onnxruntime-node (native reference, 1 thread);
 *  - tesseract.js (npm `tesseract.js`, LSTM engine, `@tesseract.js-data/eng` 4.0.0_best_int read from
 *    node_modules, no CDN) in Node — tesseract.js runs the same WASM core in Node and in browsers.
 * Prints character error rate and ms per image, overall and per image kind, and the goals:
 * lower CER than tesseract.js overall and on every kind where tesseract.js errs on > 1% of characters,
 * and a median time per image no slower than tesseract.js.
 *
 *   DIST_DIR=dist-ocr node bench/ocr.bench.mjs     (after `DIST_DIR=dist-ocr npx vite build`)
 *
 * Environment: DIST_DIR (dist), BENCH_PORT (4192), CHROMIUM_PATH (/usr/bin/chromium), MODELS_DIR
 * (passed to vite preview, optional), BENCH_SETTINGS (JSON app settings for the main run, e.g.
 * '{"backend":"webgpu"}'). Writes bench/out/ocr.json and bench/out/ocr.md. Takes about 1 minute.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './lib/browser.mjs';
import { runOcrApp } from './lib/ocr-app.mjs';
import { cleanup, guard, onCleanup } from './lib/lifecycle.mjs';
import { startPreview } from './lib/server.mjs';
import { tsModule } from './lib/ts-module.mjs';
import { median } from './lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench', 'out');
const env = process.env;
const PORT = Number(env.BENCH_PORT || 4192);
const DIST = env.DIST_DIR || 'dist';
const MODEL_ID = 'paddlepaddle/ppocr-v4-gutenye';
const TIME_LIMIT_MS = 175_000;
const t0 = Date.now();
const log = (...a) => console.log(`[ocr-bench ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const require = createRequire(import.meta.url);

if (!fs.existsSync(path.join(ROOT, DIST, 'index.html'))) {
  console.error(`No build in ${DIST}/: run \`DIST_DIR=${DIST} npx vite build\` first.`);
  process.exit(2);
}

// ------------------------------------------------------------ cleanup: never leave a server, browser or worker behind
const watchdog = guard({ limitMs: TIME_LIMIT_MS, onLimit: () => log('time limit reached: cleaning up'), limitCode: 3 });

const pct = (x) => `${(100 * x).toFixed(2)}%`;
const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : '—');

try {
  // TypeScript modules (test set, Node pipeline, the app's CER) through Vite's SSR loader.
  const H = await tsModule('e2e/ocr-helpers.ts');
  const N = await tsModule('e2e/ocr-node.ts');
  const C = await tsModule('src/features/ocr/cer.ts');

  const preview = startPreview({ port: PORT, distDir: DIST, log }); // awaited once the test set is ready
  preview.catch(() => {});
  const browser = await launchChromium();
  const set = await H.ensureOcrTestSet(browser);
  const files = set.map((i) => path.join(H.OCR_SET_DIR, i.file));
  log(`${set.length} images, ${new Set(set.map((i) => i.kind)).size} kinds`);
  const { baseUrl } = await preview;

  // ---------------------------------------------------------------- the app, in Chromium
  // Each configuration gets a fresh context (fresh storage and workers). BENCH_SETTINGS (JSON app settings,
  // e.g. '{"backend":"webgpu"}') applies to the main configuration; a second one forces 2 WASM threads.
  const runApp = async (settings) => {
    const { doc, info, warmMs } = await runOcrApp(browser, baseUrl, settings, files, { timeout: 150_000 });
    log(`app (${info}): first image ${ms(warmMs)} ms, ${doc.items.length} images done`);
    return { doc, info };
  };
  const mainSettings = env.BENCH_SETTINGS ? JSON.parse(env.BENCH_SETTINGS) : null;
  // 1 thread in the main column (comparable with the 1-thread Node reference), then 2 threads (the app's
  // default for OCR on 2-core devices).
  const app = await runApp({ threads: 1, ...(mainSettings ?? {}) });
  const appDoc = app.doc;
  const app2 = await runApp({ ...(mainSettings ?? {}), threads: 2 });

  // ---------------------------------------------------------------- the same pipeline in Node (onnxruntime-node)
  const nodeOcr = await N.createNodeOcr({ threads: 1 });
  onCleanup(() => nodeOcr.release());
  await nodeOcr.run(N.readPng(files[0]));
  const nodeRes = [];
  for (const f of files) {
    const img = N.readPng(f);
    const s = performance.now();
    const out = await nodeOcr.run(img);
    nodeRes.push({ ms: performance.now() - s, text: out.text, timing: out.timing });
  }
  log('node: done');

  // ---------------------------------------------------------------- tesseract.js (LSTM, local traineddata)
  const Tesseract = require('tesseract.js');
  const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/eng')), '4.0.0_best_int');
  const tess = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
  onCleanup(() => tess.terminate());
  await tess.recognize(files[0]);
  const tessRes = [];
  for (const f of files) {
    const s = performance.now();
    const { data } = await tess.recognize(f);
    tessRes.push({ ms: performance.now() - s, text: data.text });
  }
  log('tesseract.js: done');

  // ---------------------------------------------------------------- table
  const rows = set.map((im, i) => ({
    file: im.file,
    kind: im.kind,
    chars: C.cer(im.text, '').chars,
    app: { ms: appDoc.items[i].ms, ...C.cer(im.text, appDoc.items[i].output.text) },
    app2: { ms: app2.doc.items[i].ms },
    node: { ms: nodeRes[i].ms, ...C.cer(im.text, nodeRes[i].text) },
    tess: { ms: tessRes[i].ms, ...C.cer(im.text, tessRes[i].text) },
  }));
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const agg = (rs) => {
    const sum = (k) => rs.reduce((a, r) => a + r[k].errors, 0);
    const chars = rs.reduce((a, r) => a + r.chars, 0);
    return {
      images: rs.length,
      chars,
      appCer: sum('app') / chars,
      tessCer: sum('tess') / chars,
      nodeCer: sum('node') / chars,
      appMs: median(rs.map((r) => r.app.ms)),
      app2Ms: median(rs.map((r) => r.app2.ms)),
      nodeMs: median(rs.map((r) => r.node.ms)),
      tessMs: median(rs.map((r) => r.tess.ms)),
    };
  };
  const byKind = Object.fromEntries(kinds.map((k) => [k, agg(rows.filter((r) => r.kind === k))]));
  const overall = agg(rows);
  const goalKinds = kinds.filter((k) => byKind[k].tessCer > 0.01);
  const goals = {
    lowerCerOverall: overall.appCer < overall.tessCer,
    lowerCerWhereTesseractErrs: goalKinds.every((k) => byKind[k].appCer < byKind[k].tessCer),
    medianNoSlower: overall.appMs <= overall.tessMs,
  };
  const stages = (ts) => ['det', 'cls', 'rec', 'other'].map((k) => `${k} ${ms(median(ts.map((t) => t[k])))}`).join(', ');
  const line = (name, a) =>
    `| ${name} | ${a.images} | ${a.chars} | **${pct(a.appCer)}** | ${pct(a.tessCer)} | ${pct(a.nodeCer)} | **${ms(a.appMs)}** | ${ms(a.app2Ms)} | ` +
    `${ms(a.tessMs)} | ${ms(a.nodeMs)} |`;
  const md = [
    `OCR benchmark — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'CPU'} (${os.cpus().length} cores), Node ${process.version}, ` +
      `Chromium (${DIST}/). App: ${app.info}; second app column: ${app2.info}.`,
    '',
    'CER = character edit distance / reference characters, whitespace runs collapsed to one space (a lost space counts). ms = median per image (app: ' +
      'measured in the worker, decode excluded; tesseract.js: `recognize()` on the file).',
    '',
    '| kind | images | chars | CER app (PaddleOCR v4, browser) | CER tesseract.js | CER same pipeline, Node | ms app | ms app, 2 WASM threads | ms ' +
      'tesseract.js | ms Node (onnxruntime-node, 1 thread) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...kinds.map((k) => line(k, byKind[k])),
    line('**overall**', overall),
    '',
    `Where the time goes (median ms per image): app — ${stages(appDoc.items.map((i) => i.output.timing))}; Node — ${stages(nodeRes.map((r) => r.timing))}.`,
    '',
    `Goals: lower CER than tesseract.js overall — **${goals.lowerCerOverall ? 'met' : 'missed'}**; on every kind where tesseract.js errs on > 1% ` +
      `(${goalKinds.join(', ') || 'none'}) — **${goals.lowerCerWhereTesseractErrs ? 'met' : 'missed'}**; median ms per image no slower than ` +
      `tesseract.js — **${goals.medianNoSlower ? 'met' : 'missed'}**.`,
  ].join('\n');
  console.log(`\n${md}\n`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'ocr.md'), `${md}\n`);
  fs.writeFileSync(
    path.join(OUT_DIR, 'ocr.json'),
    JSON.stringify({ date: new Date().toISOString(), model: MODEL_ID, backend: appDoc.backend, overall, byKind, goals, rows }, null, 2),
  );
  log(`wrote bench/out/ocr.{md,json}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
