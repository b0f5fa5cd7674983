#!/usr/bin/env node
/**
 * `npm run bench`: the built app in headless Chromium vs the same model natively (onnxruntime-node),
 * in one run. Per configuration: model load ms, first-run ms, warm p50/p95 (>= 20 runs), and the
 * ratio browser/native at equal thread counts. Goal: WASM warm p50 within 1.5x of native.
 *
 * Needs a build: `MODELS_DIR=../shared/models npx vite build`. Writes bench/out/results.{json,md}.
 *
 * int8 vs fp32: the app rows run the int8 file (WASM's default) and the fp32 file derived from it at build time
 * (tooling/classifier-fp32, WebGPU's default) on each backend; model-only rows run both files on onnxruntime-web and
 * onnxruntime-node. The browser/native ratio is given for like against like (same dtype, same measure, same threads).
 *
 * Environment: MODELS_DIR (../shared/models), TEST_IMAGES_DIR (../shared/test-images), BENCH_PORT (4175),
 * BENCH_RUNS (30, min 20), BENCH_TIME_LIMIT_S (300), CHROMIUM_PATH (/usr/bin/chromium),
 * BENCH_SETTINGS (JSON merged into the app's stored settings, e.g. '{"allowHub":false}'),
 * BENCH_STRICT=1 (exit 1 when the WASM goal is missed).
 */
import { modelPath, modelsDirs } from '../tooling/models-dirs.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appConfig, browserModelOnly, launchChromium, ortWebDir } from './lib/browser.mjs';
import { cleanup, guard, runMain } from './lib/lifecycle.mjs';
import { startPreview } from './lib/server.mjs';
import { fmt, round } from './lib/stats.mjs';
import { FP32_FILE, prepareClassifierFp32 } from '../tooling/classifier-fp32/prepare.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.env.DIST_DIR || 'dist';
const OUT_DIR = path.join(ROOT, 'bench', 'out');
const MODEL_ID = 'onnx-model-zoo/mobilenetv2-12-int8';
const MODEL_FILE = 'onnx/model_quantized.onnx';
const DTYPE = 'q8';
const IMAGE_NAME = 'imagenet_finch.jpeg';
const GOAL_RATIO = 1.5;
/** Runs after the first run that are not counted (thread pools, allocator, JIT settle). */
const WARMUP = 3;

const env = process.env;
env.MODELS_DIR ||= '../shared/models';
// The MODELS_DIR folder (of possibly several) that holds this model, for the native reference.
const MODELS_DIR = path.dirname(path.dirname(path.dirname(modelPath(`${'onnx-model-zoo/mobilenetv2-12-int8'}/config.json`, modelsDirs(env.MODELS_DIR, ROOT)))));
const IMAGES_DIR = path.resolve(ROOT, env.TEST_IMAGES_DIR || '../shared/test-images');
const PORT = Number(env.BENCH_PORT || 4175);
const RUNS = Math.max(20, Number(env.BENCH_RUNS || 30));
const TIME_LIMIT_MS = Number(env.BENCH_TIME_LIMIT_S || 300) * 1000;
const EXTRA_SETTINGS = env.BENCH_SETTINGS ? JSON.parse(env.BENCH_SETTINGS) : {};

const t0 = Date.now();
const LOAD_AT_START = os.loadavg()[0];
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[bench ${elapsed()}]`, ...a);
const timeLeft = () => TIME_LIMIT_MS - (Date.now() - t0);

guard({ log, tag: 'bench', limitMs: TIME_LIMIT_MS + 20_000 });

// ---------------------------------------------------------------- machine
function machineInfo(chromiumVersion) {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const osRelease = fs.existsSync('/etc/os-release') ? /^PRETTY_NAME="?([^"\n]+)/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  const pkgVersion = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return {
    os: `${osRelease ?? os.type()} (${os.type()} ${os.release()}, ${os.arch()})`,
    cpu: cpuModel,
    cores: os.cpus().length,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    loadAvgAtStart: round(LOAD_AT_START, 2),
    chromium: chromiumVersion,
    node: process.version,
    transformers: pkgVersion(path.join(ROOT, 'node_modules/@huggingface/transformers')),
    onnxruntimeWeb: pkgVersion(ortWebDir(ROOT)),
    onnxruntimeNode: pkgVersion(path.join(ROOT, 'node_modules/onnxruntime-node')),
  };
}

// ---------------------------------------------------------------- report
const ratioStr = (r) => (r == null ? '—' : `${r.toFixed(2)}×`);

function buildTable(results) {
  const { native, app, modelOnly } = results;
  const nativeFor = (t, dtype = DTYPE) => (dtype === DTYPE ? native.pipeline.find((n) => n.threads === t && !n.error) : undefined);
  const nativeBareFor = (t, dtype = DTYPE) => native.modelOnly.find((n) => n.threads === t && (n.dtype ?? DTYPE) === dtype && !n.error);
  const rows = [];
  for (const a of app) {
    const threads = a.info?.threads ?? a.requested.threads;
    const nat = nativeFor(threads, a.info?.dtype ?? a.requested.dtype ?? DTYPE);
    const ratio = a.warm?.p50 != null && nat?.warm.p50 ? a.warm.p50 / nat.warm.p50 : null;
    a.ratio = ratio;
    const backend = a.error ? 'error' : `${a.info.backend}${a.info.fallback ? ' (fell back)' : ''}, ${a.info.dtype}, ${threads}t`;
    rows.push([
      a.label,
      backend,
      fmt(a.loadMs),
      fmt(a.firstMs),
      fmt(a.warm?.p50),
      fmt(a.warm?.p95),
      a.warm ? String(a.warm.n) : '—',
      fmt(nat?.warm.p50),
      ratioStr(ratio),
    ]);
  }
  for (const n of native.pipeline) {
    rows.push([
      `native transformers.js pipeline, ${n.threads}t`,
      n.error ? 'error' : `onnxruntime-node cpu, ${DTYPE}`,
      fmt(n.loadMs),
      fmt(n.firstMs),
      fmt(n.warm?.p50),
      fmt(n.warm?.p95),
      n.warm ? String(n.warm.n) : '—',
      '(ref)',
      '1.00×',
    ]);
  }
  for (const m of modelOnly) {
    const nat = nativeBareFor(m.threads, m.dtype ?? DTYPE);
    const ratio = m.warm?.p50 != null && nat?.warm.p50 ? m.warm.p50 / nat.warm.p50 : null;
    m.ratio = ratio;
    rows.push([
      m.label,
      m.error ? 'error' : `onnxruntime-web ${m.ortVersion ?? ''} wasm, ${m.crossOriginIsolated ? 'isolated' : 'NOT isolated'}`,
      fmt(m.loadMs),
      fmt(m.firstMs),
      fmt(m.warm?.p50),
      fmt(m.warm?.p95),
      m.warm ? String(m.warm.n) : '—',
      fmt(nat?.warm.p50),
      ratioStr(ratio),
    ]);
  }
  for (const n of native.modelOnly) {
    rows.push([
      `native onnxruntime-node model-only, ${n.dtype ?? DTYPE}, ${n.threads}t`,
      n.error ? 'error' : 'InferenceSession.run',
      fmt(n.loadMs),
      fmt(n.firstMs),
      fmt(n.warm?.p50),
      fmt(n.warm?.p95),
      n.warm ? String(n.warm.n) : '—',
      '(ref)',
      '1.00×',
    ]);
  }
  const header = ['config', 'backend', 'load ms', 'first ms', 'warm p50', 'warm p95', 'runs', 'native p50 (same threads, dtype)', 'browser/native'];
  return { header, rows };
}

function textTable({ header, rows }) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function mdTable({ header, rows }) {
  const esc = (c) => c.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i >= 2 ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

function notes(results) {
  const out = [];
  const { native, app, modelOnly } = results;
  const nTop = native.pipeline.find((n) => n.top5)?.top5?.[0];
  for (const a of app) {
    if (a.error) out.push(`${a.label}: ERROR ${a.error}`);
    else {
      const bTop = a.top5?.[0];
      const same = bTop && nTop && bTop.label === nTop.label;
      out.push(
        `${a.label}: top-1 "${bTop?.label}" (${fmt(bTop?.score, 4)}) vs native "${nTop?.label}" (${fmt(nTop?.score, 4)}): ` + `${same ? 'MATCH' : 'MISMATCH'}`,
      );
      if (a.info.fallback) out.push(`  fell back from ${a.info.fallback.from}: ${a.info.fallback.reason}`);
      if (a.note) out.push(`  ${a.note}`);
      if (a.warm?.n < RUNS) out.push(`  only ${a.warm.n} warm runs fitted in the time limit`);
    }
    if (a.console?.length) out.push(`  console: ${a.console.slice(0, 3).join(' / ')}`);
  }
  for (const m of [...modelOnly, ...native.modelOnly, ...native.pipeline]) if (m.error) out.push(`${m.label ?? 'native'}: ERROR ${m.error}`);
  for (const m of [...modelOnly, ...native.modelOnly]) if (m.argmax != null && nTop) out.push(`${m.label}: argmax class index ${m.argmax}`);
  const pre = native.pipeline.find((n) => n.preprocess?.p50 != null);
  if (pre) out.push(`native pre-processing alone (processor(image)) p50 ${fmt(pre.preprocess.p50)} ms`);
  for (const a of app.filter((x) => x.requested.backend === 'wasm' && x.ratio != null)) {
    out.push(`GOAL (WASM warm p50 within ${GOAL_RATIO}× of native) ${a.label}: ${a.ratio.toFixed(2)}× — ${a.ratio <= GOAL_RATIO ? 'MET' : 'NOT MET'}`);
  }
  return out;
}

function gpuLine(app) {
  const g = app.find((a) => a.requested.backend === 'webgpu')?.capabilities?.webgpu ?? app[0]?.capabilities?.webgpu;
  if (!g) return 'WebGPU: unknown';
  if (!g.available) return `WebGPU: unavailable (${g.reason ?? 'no reason given'})`;
  const software = g.fallbackAdapter ? ' — SOFTWARE fallback adapter (SwiftShader): WebGPU timings are NOT real GPU timings' : '';
  return `WebGPU adapter: ${[g.vendor, g.architecture].filter(Boolean).join(' ') || 'unnamed'}${software}`;
}

// ---------------------------------------------------------------- main
async function main() {
  const distIndex = path.join(ROOT, DIST, 'index.html');
  if (!fs.existsSync(distIndex)) throw new Error(`${DIST}/ is missing: build first with \`MODELS_DIR=../shared/models npx vite build\``);
  const imagePath = path.join(IMAGES_DIR, IMAGE_NAME);
  const modelPath = path.join(MODELS_DIR, MODEL_ID, MODEL_FILE);
  for (const f of [imagePath, modelPath]) if (!fs.existsSync(f)) throw new Error(`missing ${f}`);
  log(`model ${MODEL_ID} (${DTYPE}), image ${imagePath}, ${RUNS} warm runs, limit ${TIME_LIMIT_MS / 1000} s`);
  if (LOAD_AT_START > os.cpus().length * 0.5)
    log(`warning: load average ${LOAD_AT_START.toFixed(2)} on ${os.cpus().length} cores: other work will ` + `skew timings`);

  log('starting vite preview on port', PORT);
  const { baseUrl } = await startPreview({ port: PORT, distDir: DIST, modelsDir: env.MODELS_DIR, probePath: `models/${MODEL_ID}/config.json`, log });
  log('server ready');

  // Native first, while the server idles and no browser competes for the 2 cores.
  const { configureTransformers, nativePipeline, nativeModelOnly } = await import('./lib/native.mjs');
  configureTransformers(MODELS_DIR);
  const native = { pipeline: [], modelOnly: [] };
  for (const threads of [1, 2]) {
    try {
      const r = await nativePipeline({ modelId: MODEL_ID, dtype: DTYPE, imagePath, threads, runs: RUNS, warmup: WARMUP });
      native.pipeline.push({ label: `native pipeline ${threads}t`, threads, ...r });
      log(
        `native pipeline ${threads}t: load ${fmt(r.loadMs)} ms, first ${fmt(r.firstMs)} ms, warm p50 ${fmt(r.warm.p50)} / p95 ${fmt(r.warm.p95)} ms; ` +
          `top-1 ${r.top5[0].label}`,
      );
    } catch (err) {
      native.pipeline.push({ label: `native pipeline ${threads}t`, threads, error: String(err?.message ?? err) });
      log(`native pipeline ${threads}t failed: ${err?.message ?? err}`);
    }
  }
  const pixelValues = native.pipeline.find((n) => n.pixelValues)?.pixelValues;
  for (const n of native.pipeline) delete n.pixelValues;
  // The fp32 file the build serves, derived from the same int8 file (same bytes as dist's).
  const fp32Path = prepareClassifierFp32(ROOT, [MODELS_DIR])?.file;
  const files = [
    { dtype: DTYPE, path: modelPath, url: `/models/${MODEL_ID}/${MODEL_FILE}` },
    ...(fp32Path ? [{ dtype: 'fp32', path: fp32Path, url: `/models/${MODEL_ID}/${FP32_FILE}` }] : []),
  ];
  if (pixelValues) {
    for (const f of files) {
      for (const threads of [1, 2]) {
        const label = `native model-only ${f.dtype} ${threads}t`;
        try {
          const r = await nativeModelOnly({ modelPath: f.path, pixelValues, threads, runs: RUNS, warmup: WARMUP });
          native.modelOnly.push({ label, threads, dtype: f.dtype, ...r });
          log(`${label}: warm p50 ${fmt(r.warm.p50)} / p95 ${fmt(r.warm.p95)} ms`);
        } catch (err) {
          native.modelOnly.push({ label, threads, dtype: f.dtype, error: String(err?.message ?? err) });
        }
      }
    }
  }

  log('launching Chromium');
  const browser = await launchChromium();
  const machine = machineInfo(browser.version());

  const imageB64 = fs.readFileSync(imagePath).toString('base64');
  const configs = [
    { label: 'app WASM 1 thread, int8', backend: 'wasm', threads: 1, budgetMs: 35_000 },
    { label: 'app WASM 2 threads, int8', backend: 'wasm', threads: 2, budgetMs: 35_000 },
    { label: 'app WASM 1 thread, fp32', backend: 'wasm', threads: 1, dtype: 'fp32', budgetMs: 35_000 },
    { label: 'app WASM 2 threads, fp32', backend: 'wasm', threads: 2, dtype: 'fp32', budgetMs: 35_000 },
    { label: 'app WebGPU fp32 (SOFTWARE SwiftShader, not a GPU timing)', backend: 'webgpu', threads: 1, budgetMs: 50_000 },
    { label: 'app WebGPU int8 (SOFTWARE SwiftShader; int8 has no WebGPU kernels)', backend: 'webgpu', threads: 1, dtype: DTYPE, budgetMs: 40_000 },
  ]
    .filter((c) => fp32Path || c.dtype !== 'fp32')
    .map((c) => ({ ...c, extraSettings: EXTRA_SETTINGS }));
  const app = [];
  for (const cfg of configs) {
    const budget = Math.min(cfg.budgetMs, timeLeft() - 25_000);
    if (budget < 10_000) {
      app.push({ label: cfg.label, requested: { backend: cfg.backend, threads: cfg.threads }, error: 'skipped: time limit' });
      continue;
    }
    log(`${cfg.label}: running (limit ${Math.round(budget / 1000)} s)`);
    const r = await appConfig({ browser, baseUrl, cfg, modelId: MODEL_ID, imageB64, runs: RUNS, warmup: WARMUP, timeoutMs: budget, log });
    if (cfg.dtype) r.requested.dtype = cfg.dtype;
    app.push(r);
    log(
      r.error
        ? `${cfg.label}: ERROR ${r.error}`
        : `${cfg.label}: ${r.info.backend}/${r.info.dtype}/${r.info.threads}t load ${fmt(r.loadMs)} ms, first ${fmt(r.firstMs)} ms, warm p50 ` +
            `${fmt(r.warm.p50)} / p95 ${fmt(r.warm.p95)} ms (n=${r.warm.n}); top-1 ${r.top5?.[0]?.label}`,
    );
  }

  const modelOnly = [];
  if (pixelValues) {
    for (const f of files) {
      for (const threads of [1, 2]) {
        const budget = Math.min(25_000, timeLeft() - 8_000);
        if (budget < 5_000) {
          modelOnly.push({ label: `browser ORT-web model-only, ${f.dtype}, WASM ${threads}t`, threads, dtype: f.dtype, error: 'skipped: time limit' });
          continue;
        }
        const r = await browserModelOnly({
          browser,
          baseUrl,
          root: ROOT,
          modelUrlPath: f.url,
          pixelValues,
          threads,
          runs: RUNS,
          warmup: WARMUP,
          timeoutMs: budget,
          log,
        });
        r.label = `browser ORT-web model-only, ${f.dtype}, WASM ${threads}t`;
        r.dtype = f.dtype;
        modelOnly.push(r);
        log(
          r.error ? `${r.label}: ERROR ${r.error}` : `${r.label}: warm p50 ${fmt(r.warm.p50)} / p95 ${fmt(r.warm.p95)} ms (isolated: ${r.crossOriginIsolated})`,
        );
      }
    }
  }

  await cleanup();

  const results = {
    date: new Date().toISOString(),
    machine,
    model: { id: MODEL_ID, file: MODEL_FILE, dtype: DTYPE },
    image: IMAGE_NAME,
    warmRuns: RUNS,
    discardedWarmupRuns: WARMUP,
    settings: EXTRA_SETTINGS,
    goal: `WASM warm p50 within ${GOAL_RATIO}x of native at equal threads`,
    app,
    modelOnly,
    native,
    durationS: round((Date.now() - t0) / 1000, 1),
  };
  const table = buildTable(results);
  const noteLines = notes(results);
  const gpu = gpuLine(app);
  results.notes = [...noteLines, gpu];

  console.log('');
  console.log(textTable(table));
  console.log('');
  for (const l of [...noteLines, gpu]) console.log(l);
  console.log(
    '\nbrowser ms: inference time measured in the app worker (transformers.js pipeline: pre-processing + model + post-processing; image decode ' +
      'excluded). native: the same pipeline on onnxruntime-node, same model file, image and top_k.',
  );

  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'classify-image.json'), JSON.stringify(results, null, 2) + '\n');
  const md = [
    `# Benchmark: ${MODEL_ID} (${DTYPE}), image ${IMAGE_NAME}`,
    '',
    `- Date: ${results.date}`,
    `- Machine: ${machine.os}; CPU ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB RAM; 1-min load average at start ${machine.loadAvgAtStart}`,
    `- Chromium ${machine.chromium} (headless); Node ${machine.node}; transformers.js ${machine.transformers}; onnxruntime-web ` +
      `${machine.onnxruntimeWeb} (browser); onnxruntime-node ${machine.onnxruntimeNode} (native)`,
    `- ${gpu}`,
    `- Warm runs: ${RUNS} per configuration after the first run and ${WARMUP} discarded warm-up runs; percentiles are nearest-rank. Total bench time ` +
      `${results.durationS} s.`,
    ...(Object.keys(EXTRA_SETTINGS).length ? [`- Extra app settings: \`${JSON.stringify(EXTRA_SETTINGS)}\``] : []),
    '',
    mdTable(table),
    '',
    'Browser rows "app …" run the real app path (`window.__app.run`: worker, model store, transformers.js pipeline); ms is the',
    'inference time measured in the worker (pre-processing + model + post-processing, image decode excluded). "model-only" rows run',
    "onnxruntime-web (the app's build) / onnxruntime-node directly on the same preprocessed tensor. Ratios compare warm p50 at equal threads.",
    '',
    ...noteLines.map((l) => `- ${l}`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(OUT_DIR, 'classify-image.md'), md);
  log(`wrote ${path.relative(ROOT, path.join(OUT_DIR, 'classify-image.json'))} and classify-image.md in ${elapsed()}`);

  const wasmGoalMissed = app.some((a) => a.requested.backend === 'wasm' && a.ratio != null && a.ratio > GOAL_RATIO);
  const wasm1 = app.find((a) => a.requested.backend === 'wasm' && a.requested.threads === 1);
  if (!wasm1 || wasm1.error || native.pipeline.every((n) => n.error)) return 1;
  if (env.BENCH_STRICT === '1' && wasmGoalMissed) return 1;
  return 0;
}

runMain(main, 'bench');
