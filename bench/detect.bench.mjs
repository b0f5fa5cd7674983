#!/usr/bin/env node
/**
 * Object-detection benchmark: YOLOX-Nano (fp32) on the cats photo (640×480 PNG).
 *  - native: onnxruntime-node InferenceSession.run (1 and 2 threads), and the app's own letterbox / decode /
 *    NMS code (src/features/detect/*.ts, loaded by bench/lib/ts-module.mjs) timed in Node;
 *  - browser, the real app path (window.__app.run → worker → model store → transformers.js on
 *    onnxruntime-web): WASM 1 and 2 threads, WebGPU; per image the worker reports decode, pre-processing,
 *    model and post-processing times, so the overhead of our code is visible next to the bare model run;
 *  - browser model-only: the app's onnxruntime-web build on the same tensor (bench/lib/browser.mjs);
 *  - live camera: sustained FPS with Chromium's fake camera playing the dog photo.
 * Goals: browser/native ≤ 1.5× (warm p50, same threads); our pre/post-processing ≤ 15% of the total.
 *
 * Standalone: `node bench/detect.bench.mjs` after `DIST_DIR=... MODELS_DIR=../shared/models npx vite build`.
 * Environment: DIST_DIR (dist), MODELS_DIR (../shared/models), TEST_IMAGES_DIR (../shared/test-images),
 * DETECT_BENCH_PORT (4191), BENCH_RUNS (30, min 20), BENCH_TIME_LIMIT_S (170), CHROMIUM_PATH.
 * Writes bench/out/detect.json and bench/out/detect.md.
 */
import { modelPath, modelsDirs } from '../tooling/models-dirs.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { browserModelOnly, freshPage, imageCaller, launchChromium, openApp } from './lib/browser.mjs';
import { cleanup, guard, runMain, tempDir } from './lib/lifecycle.mjs';
import { tsModule } from './lib/ts-module.mjs';
import { startPreview } from './lib/server.mjs';
import { fmt, round, summarize, withTimeout } from './lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench', 'out');
const MODEL_ID = 'megvii/yolox-nano-coco';
const MODEL_FILE = 'onnx/model.onnx';
const IMAGE_NAME = 'coco_000000039769.png';
const CAMERA_IMAGE = 'yolox_dog.jpg';
const GOAL_RATIO = 1.5;
const GOAL_OVERHEAD = 0.15;
const WARMUP = 3;

const env = process.env;
// The MODELS_DIR folder (of possibly several) that holds YOLOX; preview gets the whole list.
const MODELS_DIRS_VALUE = env.MODELS_DIR || '../shared/models';
const MODELS_DIR = path.dirname(path.dirname(path.dirname(modelPath('megvii/yolox-nano-coco/config.json', modelsDirs(MODELS_DIRS_VALUE, ROOT)))));
const IMAGES_DIR = path.resolve(ROOT, env.TEST_IMAGES_DIR || '../shared/test-images');
const DIST = env.DIST_DIR || 'dist';
const PORT = Number(env.DETECT_BENCH_PORT || 4191);
const RUNS = Math.max(20, Number(env.BENCH_RUNS || 30));
const TIME_LIMIT_MS = Number(env.BENCH_TIME_LIMIT_S || 170) * 1000;

const t0 = Date.now();
const LOAD_AT_START = os.loadavg()[0];
const log = (...a) => console.log(`[detect-bench ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const timeLeft = () => TIME_LIMIT_MS - (Date.now() - t0);
let baseUrl; // of the preview server, once started

const tmpDir = tempDir('detect-bench-');
guard({ log, tag: 'detect-bench', limitMs: TIME_LIMIT_MS + 20_000 });

/** The app's own pure detection modules (letterbox, decode, NMS, thresholds), so that Node runs exactly the worker's code. */
async function loadAppModules() {
  return {
    yolox: await tsModule('src/features/detect/yolox.ts'),
    params: await tsModule('src/features/detect/params.ts'),
  };
}

// ---------------------------------------------------------------- native
async function native({ yolox, params }, imagePath, modelPath) {
  const sharp = (await import('sharp')).default;
  const labels = yolox.labelsFromConfig(JSON.parse(fs.readFileSync(path.join(MODELS_DIR, MODEL_ID, 'config.json'), 'utf8')));
  const { data, info } = await sharp(imagePath).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const opts = { ...yolox.YOLOX_NANO, padValue: params.PAD_VALUE };
  const pre = [];
  let lb;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    lb = yolox.letterbox(data, info.width, info.height, opts);
    pre.push(performance.now() - s);
  }
  const results = [];
  let raw;
  const { nativeModelOnly } = await import('./lib/native.mjs');
  for (const threads of [1, 2]) {
    const pixelValues = { dims: [1, 3, 416, 416], data: lb.data };
    const { loadMs, firstMs, warm, warmSamples, output } = await nativeModelOnly({
      modelPath,
      pixelValues,
      threads,
      runs: RUNS,
      warmup: WARMUP,
      keepOutput: true,
    });
    raw = output;
    results.push({ threads, loadMs, firstMs, warm, warmSamples });
  }
  const post = [];
  let dets;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    dets = yolox.postprocessYolox(raw, {
      labels,
      geometry: lb.geometry,
      decodeScale: 1,
      origWidth: info.width,
      origHeight: info.height,
      minScore: params.MIN_SCORE,
      iouThreshold: params.IOU_THRESHOLD,
      strides: yolox.YOLOX_NANO.strides,
    });
    post.push(performance.now() - s);
  }
  return {
    models: results,
    preprocess: summarize(pre),
    postprocess: summarize(post),
    detections: dets.filter((d) => d.score >= params.DEFAULT_THRESHOLD),
    pixelValues: { dims: [1, 3, 416, 416], data: lb.data },
  };
}

// ---------------------------------------------------------------- browser app path
async function appConfig(browser, cfg, imageB64, budgetMs) {
  const deadline = Date.now() + budgetMs;
  const left = () => Math.max(1000, deadline - Date.now());
  const settings = { backend: cfg.backend, threads: cfg.threads };
  const { context, page, messages } = await freshPage(browser, settings, { console: false });
  const r = { label: cfg.label, requested: settings };
  try {
    await openApp(page, baseUrl, left);
    const call = await imageCaller(page, { task: 'object-detection', modelId: MODEL_ID, imageB64, name: 'cats', ext: 'png', type: 'image/png' });
    const first = await withTimeout(call(1), left(), 'first call');
    const item0 = first.items[0];
    if (!item0 || item0.error) throw new Error(`first run failed: ${JSON.stringify(item0?.error ?? item0)}`);
    r.info = first.info;
    r.loadMs = first.info.loadMs;
    r.firstMs = item0.ms;
    r.detections = item0.output.detections.filter((d) => d.score >= 0.25);
    let n = RUNS;
    const budget = left() - 5000;
    // Software WebGPU takes seconds per run: fit what the budget allows (at least 2 warm runs).
    if (item0.ms * RUNS * 1.5 > budget) n = Math.max(2, Math.floor(budget / (item0.ms * 1.2)));
    const w = n >= RUNS ? WARMUP : 0;
    const warm = await withTimeout(call(n + w), left(), `warm call (${n + w} images)`);
    const errs = warm.items.filter((i) => i.error);
    if (errs.length) throw new Error(`${errs.length} warm runs failed: ${JSON.stringify(errs[0].error)}`);
    const items = warm.items.slice(w);
    const pick = (f) => summarize(items.map(f));
    r.warm = pick((i) => i.ms); // worker: pre-processing + model + post-processing
    r.decode = pick((i) => i.output.timing.decode);
    r.preprocess = pick((i) => i.output.timing.preprocess);
    r.model = pick((i) => i.output.timing.model);
    r.postprocess = pick((i) => i.output.timing.postprocess);
    r.endToEnd = pick((i) => i.output.timing.decode + i.ms);
    r.overheadShare = pick(({ output: { timing: t }, ms }) => (t.decode + t.preprocess + t.postprocess) / (t.decode + ms)).p50;
    r.wallPerImageMs = warm.wallMs / (n + w);
    if (warm.info.backend !== first.info.backend) r.note = `backend changed: ${first.info.backend} -> ${warm.info.backend}`;
  } catch (err) {
    r.error = String(err?.message ?? err).split('\n')[0];
  } finally {
    if (messages.length) r.console = messages.slice(0, 5);
    await context.close().catch(() => {});
  }
  return r;
}

// ---------------------------------------------------------------- live camera
async function cameraClip(sharp, src) {
  const W = 640;
  const H = 480;
  const { data } = await sharp(src).resize(W, H, { fit: 'contain', background: '#000' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(W * H);
  const u = Buffer.alloc((W * H) / 4);
  const v = Buffer.alloc((W * H) / 4);
  const c = (x) => Math.max(0, Math.min(255, Math.round(x)));
  for (let i = 0; i < W * H; i++) y[i] = c(0.299 * data[i * 3] + 0.587 * data[i * 3 + 1] + 0.114 * data[i * 3 + 2]);
  for (let j = 0; j < H / 2; j++)
    for (let i = 0; i < W / 2; i++) {
      const k = (2 * j * W + 2 * i) * 3;
      const [r, g, b] = [data[k], data[k + 1], data[k + 2]];
      u[j * (W / 2) + i] = c(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      v[j * (W / 2) + i] = c(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F30:1 Ip A1:1 C420jpeg\n`)];
  for (let f = 0; f < 3; f++) parts.push(Buffer.from('FRAME\n'), y, u, v);
  const file = path.join(tmpDir, 'camera.y4m');
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

async function camera(clip, seconds) {
  const r = { label: `live camera, WASM, fake camera 640×480 @30 fps (${CAMERA_IMAGE})`, seconds };
  const browser = await launchChromium({
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
  });
  try {
    const { context, page } = await freshPage(browser, { backend: 'wasm' }, { console: false });
    await page.goto(`${baseUrl}#/detect`);
    await page.getByRole('button', { name: 'Live camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).click();
    const cam = page.getByTestId('camera');
    const frames = async () => Number(await cam.getAttribute('data-frames'));
    const deadline = Date.now() + 40_000;
    while ((await frames()) < 5 && Date.now() < deadline) await page.waitForTimeout(200);
    const f0 = await frames();
    const s = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const f1 = await frames();
    r.fps = (f1 - f0) / ((Date.now() - s) / 1000);
    r.frames = f1 - f0;
    r.readout = await page.getByTestId('camera-readout').innerText();
    r.labels = await page.getByTestId('camera-labels').innerText();
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await context.close();
  } catch (err) {
    r.error = String(err?.message ?? err).split('\n')[0];
  } finally {
    await browser.close().catch(() => {});
  }
  return r;
}

// ---------------------------------------------------------------- main
async function main() {
  if (!fs.existsSync(path.join(ROOT, DIST, 'index.html')))
    throw new Error(`${DIST}/ is missing: build first (DIST_DIR=${DIST} MODELS_DIR=../shared/models npx vite build)`);
  const imagePath = path.join(IMAGES_DIR, IMAGE_NAME);
  const modelPath = path.join(MODELS_DIR, MODEL_ID, MODEL_FILE);
  for (const f of [imagePath, modelPath]) if (!fs.existsSync(f)) throw new Error(`missing ${f}`);
  log(`YOLOX-Nano fp32, ${IMAGE_NAME}, ${RUNS} warm runs; build ${DIST}/, port ${PORT}`);
  if (LOAD_AT_START > os.cpus().length * 0.5) log(`warning: load average ${LOAD_AT_START.toFixed(2)}: other work will skew timings`);

  const mods = await loadAppModules();
  const nat = await native(mods, imagePath, modelPath);
  for (const m of nat.models) log(`native model-only ${m.threads}t: warm p50 ${fmt(m.warm.p50)} / p95 ${fmt(m.warm.p95)} ms`);
  log(`native (same TS code) letterbox p50 ${fmt(nat.preprocess.p50, 2)} ms, decode+NMS p50 ${fmt(nat.postprocess.p50, 2)} ms`);

  ({ baseUrl } = await startPreview({
    port: PORT,
    distDir: DIST,
    modelsDir: MODELS_DIRS_VALUE,
    probePath: `models/${MODEL_ID}/config.json`,
    portEnv: 'DETECT_BENCH_PORT',
    log,
  }));
  const browser = await launchChromium();
  const chromiumVersion = browser.version();
  const imageB64 = fs.readFileSync(imagePath).toString('base64');
  const app = [];
  for (const cfg of [
    { label: 'app WASM 1 thread', backend: 'wasm', threads: 1, budgetMs: 30_000 },
    { label: 'app WASM 2 threads', backend: 'wasm', threads: 2, budgetMs: 30_000 },
    { label: 'app WebGPU (SOFTWARE SwiftShader adapter here, not a GPU timing)', backend: 'webgpu', threads: 1, budgetMs: 55_000 },
  ]) {
    const budget = Math.min(cfg.budgetMs, timeLeft() - 60_000);
    if (budget < 10_000) {
      app.push({ label: cfg.label, requested: cfg, error: 'skipped: time limit' });
      continue;
    }
    log(`${cfg.label}…`);
    const r = await appConfig(browser, cfg, imageB64, budget);
    app.push(r);
    log(
      r.error
        ? `${cfg.label}: ERROR ${r.error}`
        : `${cfg.label}: ${r.info.backend} ${r.info.threads}t, worker p50 ${fmt(r.warm.p50)} (model ` +
            `${fmt(r.model.p50)}) ms, end-to-end p50 ${fmt(r.endToEnd.p50)} ms, n=${r.warm.n}`,
    );
  }
  const modelOnly = [];
  for (const threads of [1, 2]) {
    const budget = Math.min(20_000, timeLeft() - 35_000);
    if (budget < 5_000) {
      modelOnly.push({ label: `browser ORT-web model-only, WASM ${threads}t`, threads, error: 'skipped: time limit' });
      continue;
    }
    const r = await browserModelOnly({
      browser,
      baseUrl,
      root: ROOT,
      modelUrlPath: `/models/${MODEL_ID}/${MODEL_FILE}`,
      pixelValues: nat.pixelValues,
      threads,
      runs: RUNS,
      warmup: WARMUP,
      timeoutMs: budget,
      log,
    });
    delete r.argmax;
    modelOnly.push(r);
    log(r.error ? `${r.label}: ERROR ${r.error}` : `${r.label}: warm p50 ${fmt(r.warm.p50)} / p95 ${fmt(r.warm.p95)} ms`);
  }
  await browser.close();

  let cam;
  const camSeconds = 10;
  if (timeLeft() > 30_000 + camSeconds * 1000) {
    const sharp = (await import('sharp')).default;
    cam = await camera(await cameraClip(sharp, path.join(IMAGES_DIR, CAMERA_IMAGE)), camSeconds);
    log(cam.error ? `camera: ERROR ${cam.error}` : `camera: ${fmt(cam.fps)} FPS sustained over ${camSeconds} s (${cam.readout})`);
  } else cam = { label: 'live camera', error: 'skipped: time limit' };
  await cleanup();

  // ---------------------------------------------------------------- report
  const natFor = (t) => nat.models.find((m) => m.threads === t);
  const header = [
    'config',
    'backend',
    'load ms',
    'first ms',
    'model p50',
    'model p95',
    'worker p50 (pre+model+post)',
    'end-to-end p50 (+decode)',
    'end-to-end p95',
    'our code share',
    'native model p50',
    'browser/native (model)',
    'runs',
  ];
  const rows = [];
  for (const a of app) {
    if (a.error) {
      rows.push([a.label, 'error', ...Array(header.length - 2).fill('—')]);
      continue;
    }
    const n = natFor(a.info.backend === 'wasm' ? a.info.threads : 1);
    a.ratio = a.model.p50 / n.warm.p50;
    rows.push([
      a.label,
      `${a.info.backend}${a.info.fallback ? ' (fell back)' : ''}, ${a.info.dtype}, ${a.info.threads}t`,
      fmt(a.loadMs),
      fmt(a.firstMs),
      fmt(a.model.p50),
      fmt(a.model.p95),
      fmt(a.warm.p50),
      fmt(a.endToEnd.p50),
      fmt(a.endToEnd.p95),
      `${(100 * a.overheadShare).toFixed(1)}%`,
      fmt(n.warm.p50),
      `${a.ratio.toFixed(2)}×`,
      String(a.warm.n),
    ]);
  }
  for (const m of modelOnly) {
    if (m.error) {
      rows.push([m.label, 'error', ...Array(header.length - 2).fill('—')]);
      continue;
    }
    const n = natFor(m.threads);
    m.ratio = m.warm.p50 / n.warm.p50;
    rows.push([
      m.label,
      `onnxruntime-web ${m.ortVersion ?? ''} wasm`,
      fmt(m.loadMs),
      fmt(m.firstMs),
      fmt(m.warm.p50),
      fmt(m.warm.p95),
      '—',
      '—',
      '—',
      '—',
      fmt(n.warm.p50),
      `${m.ratio.toFixed(2)}×`,
      String(m.warm.n),
    ]);
  }
  for (const m of nat.models) {
    rows.push([
      `native onnxruntime-node model-only, ${m.threads}t`,
      'cpu, fp32',
      fmt(m.loadMs),
      fmt(m.firstMs),
      fmt(m.warm.p50),
      fmt(m.warm.p95),
      fmt(nat.preprocess.p50 + m.warm.p50 + nat.postprocess.p50),
      '—',
      '—',
      `${((100 * (nat.preprocess.p50 + nat.postprocess.p50)) / (nat.preprocess.p50 + m.warm.p50 + nat.postprocess.p50)).toFixed(1)}%`,
      '(ref)',
      '1.00×',
      String(m.warm.n),
    ]);
  }
  const md = (h, rs) =>
    [`| ${h.join(' | ')} |`, `|${h.map((_, i) => (i >= 2 ? '---:' : '---')).join('|')}|`, ...rs.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const table = md(header, rows);

  const notes = [];
  const nat25 = nat.detections;
  for (const a of app.filter((x) => !x.error)) {
    const same =
      a.detections.length === nat25.length &&
      a.detections.every((d, i) => d.label === nat25[i].label && ['xmin', 'ymin', 'xmax', 'ymax'].every((k) => Math.abs(d.box[k] - nat25[i].box[k]) <= 1));
    notes.push(
      `${a.label}: ${a.detections.map((d) => `${d.label} ${d.score.toFixed(2)}`).join(', ')} — ` +
        `${same ? 'SAME boxes as native (±1 px)' : 'DIFFERENT from native'}`,
    );
    notes.push(
      `  worker breakdown p50: decode ${fmt(a.decode.p50)} ms, letterbox ${fmt(a.preprocess.p50)} ms, model ${fmt(a.model.p50)} ms, ` +
        `decode+NMS ${fmt(a.postprocess.p50)} ms`,
    );
    if (a.info.fallback) notes.push(`  fell back from ${a.info.fallback.from}: ${a.info.fallback.reason}`);
    if (a.note) notes.push(`  ${a.note}`);
    if (a.requested.backend === 'wasm') {
      notes.push(`GOAL browser/native ≤ ${GOAL_RATIO}× (${a.label}, model run): ${a.ratio.toFixed(2)}× — ${a.ratio <= GOAL_RATIO ? 'MET' : 'NOT MET'}`);
      notes.push(
        `GOAL our code ≤ ${GOAL_OVERHEAD * 100}% of end-to-end (${a.label}): ${(100 * a.overheadShare).toFixed(1)}% — ` +
          `${a.overheadShare <= GOAL_OVERHEAD ? 'MET' : 'NOT MET'}`,
      );
    }
  }
  notes.push(`native reference (onnxruntime-node + the same TS code): ${nat25.map((d) => `${d.label} ${d.score.toFixed(2)}`).join(', ')}`);
  notes.push(
    cam.error
      ? `live camera: ERROR ${cam.error}`
      : `live camera: ${fmt(cam.fps)} FPS sustained over ${cam.seconds} s (${cam.frames} frames); ` + `readout "${cam.readout}"; ${cam.labels}`,
  );

  const machine = {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    loadAvgAtStart: round(LOAD_AT_START, 2),
    chromium: chromiumVersion,
    node: process.version,
  };
  const results = {
    date: new Date().toISOString(),
    machine,
    model: MODEL_ID,
    image: IMAGE_NAME,
    runs: RUNS,
    warmup: WARMUP,
    app,
    modelOnly,
    native: { ...nat, pixelValues: undefined },
    camera: cam,
    notes,
    durationS: round((Date.now() - t0) / 1000, 1),
  };
  console.log('\n' + table + '\n');
  for (const n of notes) console.log(n);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'detect.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(
    path.join(OUT_DIR, 'detect.md'),
    [
      `# Detection benchmark: ${MODEL_ID} (fp32), ${IMAGE_NAME}`,
      '',
      `- Date ${results.date}; ${machine.cpu}, ${machine.cores} cores; load average at start ${machine.loadAvgAtStart}; Chromium ${machine.chromium}; ` +
        `Node ${machine.node}`,
      `- ${RUNS} warm runs after ${WARMUP} discarded; nearest-rank percentiles. Total ${results.durationS} s.`,
      '- "model": the ONNX run alone (worker-side timing around the transformers.js model call; bare `session.run` for model-only rows). "worker": ' +
        'letterbox + model + decode/NMS, the item `ms` in Export JSON. "end-to-end": + image decode (createImageBitmap + getImageData). "our code ' +
        'share": (decode + letterbox + decode/NMS) / end-to-end.',
      '',
      table,
      '',
      ...notes.map((n) => `- ${n}`),
      '',
    ].join('\n'),
  );
  log('wrote bench/out/detect.json and bench/out/detect.md');
  return app.find((a) => a.requested.backend === 'wasm' && a.requested.threads === 1 && !a.error) ? 0 : 1;
}

runMain(main, 'detect-bench');
