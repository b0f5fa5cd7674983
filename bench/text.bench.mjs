#!/usr/bin/env node
/**
 * Text-task benchmark on the GENERATED tiny random-weight models (tooling/gen-text-models; no real
 * text model can be downloaded here), WASM, 1 thread, browser next to onnxruntime-node in the same run:
 *  - generation (summarisation with test-tiny/qwen2-instruct and test-tiny/bart-cnn, greedy): prefill ms (from
 *    the call to the first generated token) and decode ms per token, measured with TextStreamer token
 *    callbacks, in the browser worker (real app path: window.__app.run → worker → transformers.js on
 *    onnxruntime-web) and in Node (the same src/features/summarize/engine.ts, loaded by bench/lib/ts-module.mjs, on the same
 *    transformers.js pipeline with onnxruntime-node); the generated token ids are compared too;
 *  - classification: ms per text for sentiment (test-tiny/bert-sst2) and zero-shot with 3 labels
 *    (test-tiny/bert-nli), measured per item in the worker vs. around the same pipeline call in Node.
 * Goal: browser/native ≤ 1.5×. The models are tiny (a few hundred KB), so these numbers show the
 * runtime + app overhead per call, not what a real 0.5B model costs.
 *
 * Standalone: `node bench/text.bench.mjs` after `node tooling/gen-text-models/generate.mjs` and
 * `DIST_DIR=... MODELS_DIR=../shared/models:e2e/.generated/models npx vite build`.
 * Environment: DIST_DIR (dist-text if present, else dist), TEXT_BENCH_PORT (4193), BENCH_RUNS (20),
 * BENCH_TIME_LIMIT_S (170), CHROMIUM_PATH. Writes bench/out/text.json and bench/out/text.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium, presetSettings } from './lib/browser.mjs';
import { guard, runMain } from './lib/lifecycle.mjs';
import { tsModule } from './lib/ts-module.mjs';
import { startPreview } from './lib/server.mjs';
import { fmt as fmt1, summarize, withTimeout } from './lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench', 'out');
const GEN_DIR = path.join(ROOT, 'e2e', '.generated', 'models');
const env = process.env;
const DIST = env.DIST_DIR || (fs.existsSync(path.join(ROOT, 'dist-text', 'index.html')) ? 'dist-text' : 'dist');
const PORT = Number(env.TEXT_BENCH_PORT || 4193);
const RUNS = Math.max(5, Number(env.BENCH_RUNS || 20));
const TIME_LIMIT_MS = Number(env.BENCH_TIME_LIMIT_S || 170) * 1000;
const GOAL = 1.5;
const GEN_MODEL = 'test-tiny/qwen2-instruct';
const BART_MODEL = 'test-tiny/bart-cnn';
const BIG_MODEL = 'test-tiny/qwen2-bench';
const RUNS_BIG = Math.max(5, Math.round(RUNS / 2));
const SENT_MODEL = 'test-tiny/bert-sst2';
const NLI_MODEL = 'test-tiny/bert-nli';
const LABELS = ['sports', 'politics', 'food'];

const t0 = Date.now();
const log = (...a) => console.log(`[text-bench ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const fmt = (x, d = 2) => fmt1(x, d);

guard({ log, tag: 'text-bench', limitMs: TIME_LIMIT_MS + 20_000 });

/**
 * The app's own code the Node side runs: the summarisation engine and prompt, the zero-shot default template,
 * the classifiers' output mapping, and the test models' context size from the catalog (bench/lib/ts-module.mjs).
 */
async function loadProduct() {
  const [engine, prompt, labels, output, models] = await Promise.all(
    [
      'src/features/summarize/engine.ts',
      'src/features/summarize/prompt.ts',
      'src/features/classify-text/labels.ts',
      'src/features/classify-text/output.ts',
      'src/features/summarize/models.ts',
    ].map((f) => tsModule(f)),
  );
  const context = models.SUMMARIZATION_MODELS.find((m) => m.id === GEN_MODEL).contextTokens;
  return { ...engine, ...output, chatMessages: prompt.chatMessages, template: labels.DEFAULT_TEMPLATE, context };
}

const TEXT =
  `The city council voted on Tuesday to build a new public library near the central park. The project will cost about 12 million euros and ` +
  `should open in 2028. Supporters said the old library is too small and not accessible.`;
const SENTENCES = Array.from(
  { length: 40 },
  (_, i) =>
    [
      `This movie was wonderful and I loved it (${i}).`,
      `The service was terrible, slow and rude (${i}).`,
      `Prices rose again this month, people are worried (${i}).`,
      `The team won the match after a late goal (${i}).`,
    ][i % 4],
);
const SETTINGS = { length: 'short', style: 'summary' };

function genStats(timings) {
  const prefill = timings.map((t) => t.prefillMs);
  const decode = timings.map((t) => t.decodeMsPerToken).filter((x) => x != null);
  return { prefill: summarize(prefill), decode: summarize(decode), tokens: timings[0]?.tokens ?? 0 };
}

async function nativeRuns(engine) {
  const t = await import('@huggingface/transformers');
  t.env.allowLocalModels = true;
  t.env.allowRemoteModels = false;
  t.env.localModelPath = GEN_DIR + path.sep;
  const opts = { device: 'cpu', dtype: 'fp32', session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 } };
  const gen = await t.pipeline('text-generation', GEN_MODEL, opts);
  const sent = await t.pipeline('text-classification', SENT_MODEL, opts);
  const nli = await t.pipeline('zero-shot-classification', NLI_MODEL, opts);
  const bart = await t.pipeline('summarization', BART_MODEL, opts);
  const big = await t.pipeline('text-generation', BIG_MODEL, opts);
  const genTimings = async (pipe, kind, runs = RUNS) => {
    const runGen = () => engine.summarizeText({ transformers: t, pipe, kind, contextTokens: engine.context, text: TEXT, settings: SETTINGS });
    await runGen();
    const timings = [];
    let last;
    for (let i = 0; i < runs; i++) {
      last = await runGen();
      timings.push(last.timings[0]);
    }
    return { stats: genStats(timings), last };
  };
  const chat = await genTimings(gen, 'chat');
  const seq = await genTimings(bart, 'seq2seq');
  const bigRuns = await genTimings(big, 'chat', RUNS_BIG);
  // Stop latency in Node: abort once text streams (the engine's stopping criterion); time until the call returns.
  const stopMs = [];
  for (let i = 0; i < 5; i++) {
    const ctrl = new AbortController();
    let stopAt = 0;
    await engine
      .summarizeText({
        transformers: t,
        pipe: big,
        kind: 'chat',
        contextTokens: engine.context,
        text: TEXT,
        settings: { length: 'long', style: 'summary' },
        signal: ctrl.signal,
        onText: () => {
          if (!stopAt) {
            stopAt = performance.now();
            ctrl.abort();
          }
        },
      })
      .catch(() => {});
    stopMs.push(performance.now() - stopAt);
  }
  const last = chat.last;
  const time = async (fn) => {
    await fn(SENTENCES[0]);
    const ms = [];
    for (const s of SENTENCES) {
      const a = performance.now();
      await fn(s);
      ms.push(performance.now() - a);
    }
    return summarize(ms);
  };
  // Each call as the worker makes it, with the app's own output mapping (output.ts), so both sides time the same work.
  const sentiment = await time(async (s) => engine.sentimentLabels(await sent(s, { top_k: null })));
  const zeroShot = await time(async (s) => engine.zeroShotLabels(await nli(s, LABELS, { hypothesis_template: engine.template, multi_label: false })));
  const rendered = gen.tokenizer.apply_chat_template(engine.chatMessages(TEXT, SETTINGS, true), { tokenize: false, add_generation_prompt: true });
  const promptTokens = gen.tokenizer.encode(String(rendered), { add_special_tokens: false }).length;
  await Promise.all([gen.dispose(), bart.dispose(), big.dispose(), sent.dispose(), nli.dispose()]);
  return {
    stop: summarize(stopMs),
    gen: chat.stats,
    bart: seq.stats,
    big: bigRuns.stats,
    bigTokenIds: bigRuns.last.tokenIds,
    tokenIds: last.tokenIds,
    bartTokenIds: seq.last.tokenIds,
    inputTokens: last.inputTokens,
    bartInputTokens: seq.last.inputTokens,
    promptTokens,
    sentiment,
    zeroShot,
  };
}

async function browserRuns(baseUrl, template) {
  const browser = await launchChromium();
  const context = await browser.newContext();
  await presetSettings(context, { backend: 'wasm', threads: 1 });
  const page = await context.newPage();
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => 'run' in (window.__app ?? {}));
  const run = (task, model, inputs, options) =>
    withTimeout(
      page.evaluate(([a, b, c, d]) => window.__app.run(a, b, c, d), [task, model, inputs, options]),
      120_000,
      `${task} run`,
    );
  const genRuns = async (model, runs = RUNS) => {
    const genOnce = async () => {
      const out = await run('summarization', model, [{ text: TEXT }], { ...SETTINGS, diagnostics: true });
      if (out.items[0].error) throw new Error(out.items[0].error.message);
      return out;
    };
    const first = await genOnce();
    const timings = [];
    let last;
    for (let i = 0; i < runs; i++) {
      last = await genOnce();
      timings.push(last.items[0].output.timings[0]);
    }
    return { first, last, stats: genStats(timings) };
  };
  const chat = await genRuns(GEN_MODEL);
  const seq = await genRuns(BART_MODEL);
  const bigRuns = await genRuns(BIG_MODEL, RUNS_BIG);
  const { first, last } = chat;
  const perText = async (model, options) => {
    await run('text-classification', model, [{ text: SENTENCES[0] }], options);
    const out = await run(
      'text-classification',
      model,
      SENTENCES.map((text) => ({ text })),
      options,
    );
    const err = out.items.find((i) => i.error);
    if (err) throw new Error(err.error.message);
    return { stats: summarize(out.items.map((i) => i.ms)), threads: out.info.threads, outputs: out.items.map((i) => i.output) };
  };
  const sentiment = await perText(SENT_MODEL, {});
  const zeroShot = await perText(NLI_MODEL, { labels: LABELS, template, multiLabel: false });
  return {
    gen: chat.stats,
    bart: seq.stats,
    big: bigRuns.stats,
    bigTokenIds: bigRuns.last.items[0].output.token_ids,
    loadMs: first.info.loadMs,
    threads: first.info.threads,
    tokenIds: last.items[0].output.token_ids,
    bartTokenIds: seq.last.items[0].output.token_ids,
    sentiment,
    zeroShot,
  };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, DIST, 'index.html'))) throw new Error(`no build in ${DIST}/: run vite build first`);
  const { generate } = await import(pathToFileURL(path.join(ROOT, 'tooling/gen-text-models/generate.mjs')).href);
  generate(GEN_DIR);
  const engine = await loadProduct();
  log(`runs: ${RUNS}; build: ${DIST}/; load average ${os.loadavg()[0].toFixed(2)}`);
  log('native (onnxruntime-node, 1 thread)…');
  const native = await nativeRuns(engine);
  const { baseUrl } = await startPreview({
    port: PORT,
    distDir: DIST,
    modelsDir: GEN_DIR,
    probePath: `models/${GEN_MODEL}/config.json`,
    portEnv: 'TEXT_BENCH_PORT',
    log,
  });
  log('browser (app, WASM 1 thread)…');
  const web = await browserRuns(baseUrl, engine.template);
  const sameIds = ['tokenIds', 'bartTokenIds', 'bigTokenIds'].every((k) => JSON.stringify(native[k]) === JSON.stringify(web[k]));
  const ratio = (b, n) => (b != null && n ? b / n : null);
  const rows = [
    [`decoder-only (Qwen2 layout): prefill ms (${native.promptTokens}-token prompt)`, web.gen.prefill.p50, native.gen.prefill.p50],
    [`decoder-only (Qwen2 layout): decode ms per token (${web.gen.tokens} tokens)`, web.gen.decode.p50, native.gen.decode.p50],
    [`encoder-decoder (BART layout): encode + first token ms (${native.bartInputTokens + 2}-token input)`, web.bart.prefill.p50, native.bart.prefill.p50],
    [`encoder-decoder (BART layout): decode ms per token (${web.bart.tokens} tokens)`, web.bart.decode.p50, native.bart.decode.p50],
    [`larger decoder-only (hidden 512, 4 layers, 25 MB): prefill ms (${native.promptTokens}-token prompt)`, web.big.prefill.p50, native.big.prefill.p50],
    [`larger decoder-only (hidden 512, 4 layers, 25 MB): decode ms per token (${web.big.tokens} tokens)`, web.big.decode.p50, native.big.decode.p50],
    ['sentiment: ms per text', web.sentiment.stats.p50, native.sentiment.p50],
    [`zero-shot (${LABELS.length} labels): ms per text`, web.zeroShot.stats.p50, native.zeroShot.p50],
  ];
  const md = [
    `Text tasks on generated tiny random-weight models, WASM 1 thread vs onnxruntime-node 1 thread, p50 of ${RUNS} generations / ${SENTENCES.length} ` +
      `texts (${new Date().toISOString().slice(0, 10)}, load average ${os.loadavg()[0].toFixed(2)}).`,
    '',
    '| measure | browser (app, WASM 1 thread) | native (onnxruntime-node) | browser/native |',
    '|---|---:|---:|---:|',
    ...rows.map(([m, b, n]) => {
      const r = ratio(b, n);
      return `| ${m} | ${fmt(b)} | ${fmt(n)} | ${r == null ? '—' : `${r.toFixed(1)}×${r <= GOAL ? '' : ' (goal ≤ 1.5× not met)'}`} |`;
    }),
    '',
    `Stop: after the abort signal, generation ends within ${fmt(native.stop.p50)} ms (p50 of 5, larger model, Node; the engine's ` +
      `InterruptableStoppingCriteria, checked before each next token; in the browser the worker also checks for a cancel before each model step, ` +
      `workers/step-checkpoint.ts).`,
    '',
    `Generated token ids identical in browser and Node (all three models): **${sameIds ? 'yes' : 'NO'}**. Browser model load (chat model): ` +
      `${fmt(web.loadMs, 0)} ms.`,
  ].join('\n');
  console.log('\n' + md + '\n');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(OUT_DIR, 'text.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        runs: RUNS,
        loadavg: os.loadavg(),
        native,
        browser: { ...web, sentiment: { ...web.sentiment, outputs: undefined }, zeroShot: { ...web.zeroShot, outputs: undefined } },
        sameIds,
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(OUT_DIR, 'text.md'), md + '\n');
  log('wrote bench/out/text.json and bench/out/text.md');
}

runMain(main, 'text-bench');
