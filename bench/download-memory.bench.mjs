#!/usr/bin/env node
/**
 * Download memory: the extra JS heap a large model download takes, in the page and in the inference
 * worker. The model store streams a download into the cache under a staging key while hashing it, so the
 * goal is an extra peak under 64 MB whatever the file size (before: the whole file in memory, then a Blob
 * copy: about 2× the file).
 *
 * A 250 MB file (BIG_MB) is served in place of the tiny test model's onnx/model.onnx (a MODELS_DIR folder
 * of its own, first in the list). The catalog lists the tiny file, so every download here ends in a failed
 * size check, after all of it was streamed: that is the point of the measure (the memory while the bytes
 * flow), and nothing is stored.
 *  - page: window.__app.storeDownload (the page's model store, as the Storage panel uses it); the page's
 *    heap sampled every 100 ms over CDP (Runtime.getHeapUsage).
 *  - worker: window.__app.run on that model (the worker downloads it before loading); the worker's share of
 *    performance.measureUserAgentSpecificMemory() sampled every 500 ms (Chromium measures at once with
 *    ForceEagerMeasureMemory).
 *
 * Standalone: `node bench/download-memory.bench.mjs` after a build. Environment: DIST_DIR (dist),
 * MODELS_DIR (for the other models), BIG_MB (250), DOWNLOAD_BENCH_PORT (4197), CHROMIUM_PATH.
 * Writes bench/out/download-memory.{json,md}.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshPage, launchChromium, openApp } from './lib/browser.mjs';
import { cleanup, guard, runMain, tempDir } from './lib/lifecycle.mjs';
import { startPreview } from './lib/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench', 'out');
const env = process.env;
// 250, not the 300 MB the issue names: this machine's Chromium refuses to store any single cache entry of
// 300 MB or more ("Unexpected internal error" from Cache.put, for a stream and a Blob alike; measured
// 2026-12-01, 250 MB stored), whatever the app does.
const BIG_MB = Number(env.BIG_MB || 250);
const PORT = Number(env.DOWNLOAD_BENCH_PORT || 4197);
const MODEL = 'test-tiny/bert-sst2';
const FILE = 'onnx/model.onnx';
const GOAL_MB = 64;
const GENERATED = path.join(ROOT, 'e2e', '.generated', 'models');

const t0 = Date.now();
const log = (...a) => console.log(`[download-memory ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
guard({ log, tag: 'download-memory', limitMs: 600_000 });
const MB = (b) => b / 1048576;

async function main() {
  if (!fs.existsSync(path.join(GENERATED, MODEL))) throw new Error(`${MODEL} is missing: run npm run gen:text-models first`);
  // The big folder: the test model's small files, and a BIG_MB file of random bytes as its weights.
  const dir = tempDir('download-memory-');
  const modelDir = path.join(dir, MODEL);
  fs.cpSync(path.join(GENERATED, MODEL), modelDir, { recursive: true });
  const fd = fs.openSync(path.join(modelDir, FILE), 'w');
  const block = crypto.randomBytes(1 << 20);
  for (let i = 0; i < BIG_MB; i++) fs.writeSync(fd, block);
  fs.closeSync(fd);
  log(`${BIG_MB} MB file written`);

  const modelsDir = [dir, env.MODELS_DIR || '../shared/models', GENERATED].join(':');
  const { baseUrl } = await startPreview({
    port: PORT,
    distDir: env.DIST_DIR || 'dist',
    modelsDir,
    probePath: `models/${MODEL}/${FILE}`,
    portEnv: 'DOWNLOAD_BENCH_PORT',
    log,
  });
  const browser = await launchChromium({ args: ['--enable-blink-features=ForceEagerMeasureMemory'] });
  const result = { date: new Date().toISOString(), machine: `${os.cpus()[0]?.model} (${os.cpus().length} cores)`, fileMB: BIG_MB, goalMB: GOAL_MB };

  // Page: the page's model store.
  {
    const { page } = await freshPage(browser, { allowHub: false }, { log, console: false });
    await openApp(page, baseUrl, () => 60_000);
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    const base = await heap();
    let peak = base;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const t = Date.now();
    const message = await page.evaluate(([m, f]) => window.__app.storeDownload(m, f), [MODEL, FILE]);
    const ms = Date.now() - t;
    sampling = false;
    await sampler;
    result.page = { baseMB: MB(base), peakMB: MB(peak), extraMB: MB(peak - base), seconds: ms / 1000, outcome: message };
    log(
      `page: heap ${MB(base).toFixed(1)} → peak ${MB(peak).toFixed(1)} MB (extra ${MB(peak - base).toFixed(1)} MB) over ${(ms / 1000).toFixed(1)} s; ` +
        `${message}`,
    );
    await page.context().close();
  }

  // Worker: a run of the model downloads it in the worker first.
  {
    const { page } = await freshPage(browser, { allowHub: false }, { log, console: false });
    await openApp(page, baseUrl, () => 60_000);
    const workerBytes = () =>
      page.evaluate(async () => {
        const m = await performance.measureUserAgentSpecificMemory();
        return m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((a, b) => a + b.bytes, 0);
      });
    // The baseline is the worker's first sample (started, code imported, downloading the small files first).
    const run = page.evaluate(
      (m) =>
        window.__app.run('text-classification', m, [{ text: 'A fine film.' }]).then(
          () => null,
          (e) => String(e?.message ?? e),
        ),
      MODEL,
    );
    let base = 0;
    let peak = 0;
    let samples = 0;
    let done = false;
    run.finally(() => (done = true));
    const t = Date.now();
    while (!done) {
      const b = await workerBytes().catch(() => 0);
      if (b > 0) {
        if (!base) base = b;
        peak = Math.max(peak, b);
        samples++;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const outcome = await run;
    result.worker = { baseMB: MB(base), peakMB: MB(peak), extraMB: MB(peak - base), samples, seconds: (Date.now() - t) / 1000, outcome };
    log(`worker: ${MB(base).toFixed(1)} → peak ${MB(peak).toFixed(1)} MB (extra ${MB(peak - base).toFixed(1)} MB), ${samples} samples; ${outcome}`);
    await page.context().close();
  }
  await browser.close();

  const met = (x) => (x.extraMB < GOAL_MB ? 'met' : 'MISSED');
  const md = [
    `Download memory (${BIG_MB} MB file, ${result.date.slice(0, 10)}, ${result.machine}, Chromium): extra JS heap while it streams into the cache.`,
    '',
    '| where | heap before (MB) | peak (MB) | extra (MB) | goal < 64 MB | time (s) |',
    '|---|---:|---:|---:|---|---:|',
    `| page (model store) | ${result.page.baseMB.toFixed(1)} | ${result.page.peakMB.toFixed(1)} | ${result.page.extraMB.toFixed(1)} | ` +
      `${met(result.page)} | ${result.page.seconds.toFixed(1)} |`,
    `| worker (a run's download) | ${result.worker.baseMB.toFixed(1)} | ${result.worker.peakMB.toFixed(1)} | ${result.worker.extraMB.toFixed(1)} | ` +
      `${met(result.worker)} | ${result.worker.seconds.toFixed(1)} |`,
    '',
    `Each download ends as designed in a failed size check (the catalog lists the tiny file): page "${result.page.outcome}"; worker ` +
      `"${result.worker.outcome}".`,
  ].join('\n');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'download-memory.json'), JSON.stringify(result, null, 2));
  fs.writeFileSync(path.join(OUT_DIR, 'download-memory.md'), `${md}\n`);
  console.log(`\n${md}\n`);
  cleanup();
}

runMain(main, 'download-memory');
