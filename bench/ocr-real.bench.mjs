#!/usr/bin/env node
/**
 * OCR on real scans (a comparison, not a test): the development set ../shared/ocr-dev (e2e/ocr-dev.ts:
 * 50 lines cut tight from scanned papers, 20 whole scanned receipts), in one run,
 *  - the built app in headless Chromium, driven through its UI (times from Export JSON: measured in the
 *    worker per image, decode excluded), with the app's automatic thread count and with 1 WASM thread;
 *  - the same pipeline in Node on onnxruntime-node (native reference, 1 thread), images decoded as the worker does;
 *  - tesseract.js (LSTM, `@tesseract.js-data/eng` 4.0.0_best_int from node_modules) on the same files.
 * Per set: CER (receipts in upper case: their ground truth is in capitals; their reference is the segments
 * in the app's reading order), mean bag-of-words F1, median ms per image, and where the app's time goes
 * (detection, angle classifier, recognition, the rest). Then the bad-input images of e2e/ocr-strips.ts (strips,
 * degenerate images): time per image and whether each read right. The issue's bars are printed as met or missed.
 *
 *   node bench/ocr-real.bench.mjs        (after a build; OCR_DEV_DIR, DIST_DIR, BENCH_PORT, CHROMIUM_PATH)
 *
 * Writes bench/out/ocr-real.json and bench/out/ocr-real.md. Takes about 4 minutes on 2 cores.
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
const PORT = Number(env.BENCH_PORT || 4193);
const DIST = env.DIST_DIR || 'dist';
const t0 = Date.now();
const log = (...a) => console.log(`[ocr-real ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const require = createRequire(import.meta.url);
const pct = (x) => `${(100 * x).toFixed(2)}%`;
const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : '—');

if (!fs.existsSync(path.join(ROOT, DIST, 'index.html'))) {
  console.error(`No build in ${DIST}/: run \`DIST_DIR=${DIST} npx vite build\` first.`);
  process.exit(2);
}
const watchdog = guard({ limitMs: 900_000, onLimit: () => log('time limit reached: cleaning up'), limitCode: 3 });

try {
  const D = await tsModule('e2e/ocr-dev.ts');
  const N = await tsModule('e2e/ocr-node.ts');
  const sets = { lines: D.ocrDevSet('lines'), receipts: D.ocrDevSet('receipts') };
  log(`${sets.lines.length} lines, ${sets.receipts.length} receipts from ${D.OCR_DEV_DIR}`);

  const { baseUrl } = await startPreview({ port: PORT, distDir: DIST, log });
  const browser = await launchChromium();

  const runApp = (settings, files) => runOcrApp(browser, baseUrl, settings, files);

  const nodeOcr = await N.createNodeOcr({ threads: 1 });
  onCleanup(() => nodeOcr.release());
  const Tesseract = require('tesseract.js');
  const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/eng')), '4.0.0_best_int');
  const tess = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
  onCleanup(() => tess.terminate());

  const results = {};
  for (const [name, set] of Object.entries(sets)) {
    const files = set.map((i) => i.path);
    const auto = await runApp(null, files);
    log(`${name}: app (${auto.info}) done`);
    const one = await runApp({ threads: 1 }, files);
    log(`${name}: app (${one.info}) done`);
    const node = [];
    await nodeOcr.run(await D.readImage(files[0]));
    for (const img of set) {
      const pixels = await D.readImage(img.path);
      const s = performance.now();
      const out = await nodeOcr.run(pixels);
      node.push({ ms: performance.now() - s, text: out.text, timing: out.timing });
    }
    log(`${name}: node done`);
    const tessRes = [];
    await tess.recognize(files[0]);
    for (const f of files) {
      const s = performance.now();
      const { data } = await tess.recognize(f);
      tessRes.push({ ms: performance.now() - s, text: data.text });
    }
    log(`${name}: tesseract.js done`);
    const byFile = (doc) => set.map((img) => doc.items.find((i) => i.input === img.file));
    const appItems = byFile(auto.doc);
    const oneItems = byFile(one.doc);
    const score = (texts) => D.aggregate(set.map((img, i) => D.scoreDev(img, texts[i])));
    const stages = (timings) => Object.fromEntries(['det', 'cls', 'rec', 'other'].map((k) => [k, median(timings.map((t) => t[k]))]));
    results[name] = {
      images: set.length,
      app: {
        info: auto.info,
        ...score(appItems.map((i) => i.output.text)),
        ms: median(appItems.map((i) => i.ms)),
        stages: stages(appItems.map((i) => i.output.timing)),
      },
      app1: { info: one.info, ms: median(oneItems.map((i) => i.ms)), stages: stages(oneItems.map((i) => i.output.timing)) },
      node: { ...score(node.map((r) => r.text)), ms: median(node.map((r) => r.ms)), stages: stages(node.map((r) => r.timing)) },
      tesseract: { ...score(tessRes.map((r) => r.text)), ms: median(tessRes.map((r) => r.ms)) },
      perImage: set.map((img, i) => ({
        file: img.file,
        app: { ms: appItems[i].ms, ...D.scoreDev(img, appItems[i].output.text) },
        tesseract: { ms: tessRes[i].ms, ...D.scoreDev(img, tessRes[i].text) },
      })),
    };
  }

  // ---------------------------------------------------------------- bad input: strips and degenerate images
  const S = await tsModule('e2e/ocr-strips.ts');
  const stripDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-strips-'));
  onCleanup(() => fs.rmSync(stripDir, { recursive: true, force: true }));
  const strips = await S.writeStripImages(stripDir);
  const stripRun = await runApp(
    null,
    strips.map((i) => i.path),
  );
  results.strips = strips.map((img) => {
    const item = stripRun.doc.items.find((i) => i.input === img.name);
    return { file: img.name, ms: item.ms, text: item.output.text, right: img.text === undefined ? null : item.output.text === img.text };
  });
  log('strips: app done');

  // ---------------------------------------------------------------- table and bars
  const L = results.lines,
    R = results.receipts,
    B = results.strips;
  const bars = {
    'lines: CER below tesseract.js': L.app.cer < L.tesseract.cer,
    'lines: word F1 at least tesseract.js': L.app.f1 >= L.tesseract.f1,
    'lines: median time at most 2× tesseract.js': L.app.ms <= 2 * L.tesseract.ms,
    'receipts: word F1 ≥ 0.90': R.app.f1 >= 0.9,
    'receipts: CER below tesseract.js': R.app.cer < R.tesseract.cer,
    'receipts: median time at most 2× tesseract.js': R.app.ms <= 2 * R.tesseract.ms,
    'end goal: no slower than tesseract.js on any kind': L.app.ms <= L.tesseract.ms && R.app.ms <= R.tesseract.ms,
    'bad input: every strip or degenerate image read right and in under a second': B.every((b) => b.right !== false && b.ms < 1000),
  };
  const st = (s) => `det ${ms(s.det)}, cls ${ms(s.cls)}, rec ${ms(s.rec)}, other ${ms(s.other)}`;
  const row = (name, r) =>
    `| ${name} | ${r.images} | **${pct(r.app.cer)}** | ${pct(r.tesseract.cer)} | ${pct(r.node.cer)} | **${r.app.f1.toFixed(3)}** | ` +
    `${r.tesseract.f1.toFixed(3)} | ${r.node.f1.toFixed(3)} | **${ms(r.app.ms)}** | ${ms(r.app1.ms)} | ${ms(r.tesseract.ms)} | ${ms(r.node.ms)} |`;
  const md = [
    `OCR on real scans (../shared/ocr-dev) — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'CPU'} (${os.cpus().length} cores), ` +
      `Node ${process.version}, Chromium (${DIST}/). App: ${L.app.info}; 1-thread column: ${L.app1.info}.`,
    '',
    "CER = character edit distance / reference characters (whitespace runs collapsed; receipts in upper case, reference segments in the app's reading " +
      'order). F1 = mean bag-of-words F1 (punctuation stripped from word ends). ms = median per image (app: measured in the worker, decode excluded; ' +
      'tesseract.js: `recognize()` on the file; Node: the same pipeline on onnxruntime-node, 1 thread).',
    '',
    '| set | images | CER app | CER tesseract.js | CER Node | F1 app | F1 tesseract.js | F1 Node | ms app | ms app, 1 thread | ms tesseract.js | ms Node |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('lines', L),
    row('receipts', R),
    '',
    `Where the time goes (median ms per image): lines — app ${st(L.app.stages)}; app 1 thread ${st(L.app1.stages)}; Node ${st(L.node.stages)}. ` +
      `Receipts — app ${st(R.app.stages)}; app 1 thread ${st(R.app1.stages)}; Node ${st(R.node.stages)}.`,
    '',
    `Bad input (strips and degenerate images, e2e/ocr-strips.ts; app, ms in the worker): ${B.map((b) => `${b.file} ${ms(b.ms)} ms${b.right === false ? ' (WRONG)' : ''}`).join(', ')}.`,
    '',
    `Bars: ${Object.entries(bars)
      .map(([k, v]) => `${k} — **${v ? 'met' : 'missed'}**`)
      .join('; ')}.`,
  ].join('\n');
  console.log(`\n${md}\n`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'ocr-real.md'), `${md}\n`);
  fs.writeFileSync(path.join(OUT_DIR, 'ocr-real.json'), JSON.stringify({ date: new Date().toISOString(), bars, ...results }, null, 2));
  log('wrote bench/out/ocr-real.{md,json}');
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
