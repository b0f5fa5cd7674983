/**
 * The benchmark page (#/benchmark) and "Tune for this device", through the UI: a benchmark of the image
 * classifier at each WASM thread count shows P50/P95/P99 per setting, a chart, history kept across reloads,
 * JSON and CSV exports; Cancel terminates the benchmark's worker; tuning stores a choice per task that the
 * next run of each task uses (its Export JSON: backend, dtype, threads). No timing is asserted.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import type { Page, Worker } from '@playwright/test';
import { test, expect, image, runAndExport } from './helpers';

const cell = (row: ReturnType<Page['locator']>, id: string) => row.getByTestId(id);

async function download(page: Page, name: string): Promise<string> {
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name, exact: true }).click();
  return fs.readFileSync(await (await dl).path(), 'utf8');
}

/** Tick only the image classifier (the default plan ticks the first task whose model is on hand: the same). */
async function onlyImageClassification(page: Page) {
  const tasks = page.getByTestId('bench-task');
  await expect(tasks).toHaveCount(5);
  for (const t of await tasks.all()) {
    const box = t.getByRole('checkbox').first();
    const want = (await t.getAttribute('data-task')) === 'image-classification';
    if ((await box.isChecked()) !== want) await box.setChecked(want);
  }
}

test.beforeEach(async ({ page }) => {
  await page.goto('/#/benchmark');
  await expect(page.getByRole('heading', { name: 'Benchmark', level: 1 })).toBeVisible();
});

test('describes the device, benchmarks the classifier per WASM thread count with P50/P95/P99, keeps the result and exports JSON and CSV', async ({ page }) => {
  const dev = page.getByTestId('bench-device');
  await expect(dev).toContainText('CPU cores');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(dev).toContainText(String(cores));
  await expect(dev).toContainText('Cross-origin isolated');
  await expect(dev).toContainText(/Browser\s*(Chromium|Google Chrome|HeadlessChrome) \d+/);

  await onlyImageClassification(page);
  const settings = page.locator('[data-task="image-classification"] .bench-settings label');
  // WASM at 1 … cores threads, then WebGPU (unavailable here: the test browser has no adapter).
  await expect(settings.first()).toHaveText(/WASM 1 thread · q8/);
  await expect(settings.filter({ hasText: /^.*WASM \d+ threads? · q8/ })).toHaveCount(cores);
  await page.getByLabel('Warm runs').fill('6');
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByTestId('bench-progress')).toBeVisible();
  await expect(page.getByTestId('bench-done')).toBeVisible({ timeout: 110_000 });

  const rows = page.locator('[data-testid="bench-row"][data-backend="wasm"]');
  await expect(rows).toHaveCount(cores * (await settings.filter({ hasText: 'WASM 1 thread' }).count()));
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute('data-error', 'false');
    for (const p of ['p50', 'p95', 'p99']) expect(Number(await cell(row, p).innerText())).toBeGreaterThan(0);
    const [p50, p95, p99] = await Promise.all(['p50', 'p95', 'p99'].map(async (p) => Number(await cell(row, p).innerText())));
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(p99);
  }
  await expect(page.getByTestId('chart-row')).toHaveCount(await rows.count());

  const json = JSON.parse(await download(page, 'Export JSON'));
  expect(json.kind).toBe('benchmark');
  const [rec] = json.records;
  expect(rec.device.cores).toBe(cores);
  expect(rec.warmRuns).toBe(6);
  const wasm = rec.results.filter((r: { setting: { backend: string } }) => r.setting.backend === 'wasm');
  expect(wasm.length).toBe(await rows.count());
  for (const r of wasm) {
    expect(r).toMatchObject({ task: 'image-classification', modelId: 'onnx-model-zoo/mobilenetv2-12-int8' });
    expect(r.warm).toHaveLength(6); // each measured in the worker
    expect(r.pageMs).toHaveLength(6); // as the page saw them
    expect(r.loadMs).toBeGreaterThan(0);
    expect(r.firstMs).toBeGreaterThan(0);
    expect(r.stats.p50).toBeLessThanOrEqual(r.stats.p99);
    expect(r.signature).toMatch(/^label:/);
  }
  // Every setting saw the same built-in picture and gave the same top label.
  expect(new Set(wasm.map((r: { signature: string }) => r.signature)).size).toBe(1);

  const csv = Papa.parse<string[]>(await download(page, 'Export CSV'), { skipEmptyLines: true }).data;
  const [header, ...lines] = csv;
  expect(header).toEqual(expect.arrayContaining(['task', 'backend', 'threads', 'dtype', 'p50 ms', 'p95 ms', 'p99 ms', 'runs per s']));
  const wasmLines = lines.filter((l) => l[header.indexOf('backend')] === 'wasm');
  expect(wasmLines).toHaveLength(wasm.length);
  for (const l of wasmLines) expect(Number(l[header.indexOf('p99 ms')])).toBeGreaterThan(0);
  expect(wasmLines.map((l) => Number(l[header.indexOf('threads')]))).toEqual(wasm.map((r: { setting: { threads: number } }) => r.setting.threads));

  // Kept on the device (IndexedDB): still there after a reload, as history.
  await page.reload();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(page.locator('[data-testid="bench-row"][data-backend="wasm"]')).toHaveCount(wasm.length);
});

test('Cancel terminates the benchmark worker; nothing more comes from it', async ({ page }) => {
  await onlyImageClassification(page);
  const started: Worker[] = [];
  const closed = new Set<Worker>();
  page.on('worker', (w) => {
    started.push(w);
    w.on('close', () => closed.add(w));
  });
  await page.getByLabel('Warm runs').fill('1000');
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByTestId('bench-progress')).toContainText(/warm run \d+ of 1000/, { timeout: 60_000 });
  expect(started.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('bench-cancelled')).toBeVisible();
  // Every worker the benchmark started has been terminated (not only told to stop).
  await expect.poll(() => started.filter((w) => !closed.has(w)).length, { timeout: 10_000 }).toBe(0);
  // The partial result is kept, marked as cancelled.
  await expect(page.getByRole('heading', { name: /Results of .*\(cancelled\)/ })).toBeVisible();
});

test('Tune for this device stores a choice per task, and the next run of each task uses it', async ({ page }) => {
  // About 20 s of runs plus loading each model at each setting (seconds each); far longer on a busy 2-core machine.
  test.setTimeout(900_000);
  await expect(page.getByTestId('not-tuned')).toBeVisible();
  await page.getByRole('button', { name: 'Tune for this device' }).click();
  await expect(page.getByTestId('bench-done')).toContainText('Tuned', { timeout: 600_000 });
  const choices = page.getByTestId('tuned-choice');
  // The tasks whose model this build serves: image classification, detection, OCR (the text tasks' models are
  // on the Hub and not on this device: skipped, and said so).
  const tuned = new Map<string, { backend: string; threads: string; dtype: string }>();
  for (const c of await choices.all()) {
    tuned.set((await c.getAttribute('data-task'))!, {
      backend: (await c.getAttribute('data-backend'))!,
      threads: (await c.getAttribute('data-threads'))!,
      dtype: (await c.getAttribute('data-dtype'))!,
    });
    await expect(c).toContainText(/tuned on \d{4}-\d{2}-\d{2}: p50 [\d.]+ ms/);
  }
  expect([...tuned.keys()].sort()).toEqual(['image-classification', 'object-detection', 'ocr']);
  await expect(page.getByText(/Summarize: skipped/)).toBeVisible();

  // Settings say what Automatic uses and why.
  await page.goto('/#/settings');
  await expect(page.getByTestId('settings-tuned')).toContainText(/Classify images: WASM \d threads?.* — tuned on \d{4}-\d{2}-\d{2}: p50/);

  // The next run of each task uses the tuned setting.
  const runs: [string, string, string][] = [
    ['image-classification', '/#/classify-image', 'imagenet_finch.jpeg'],
    ['object-detection', '/#/detect', 'yolox_dog.jpg'],
    ['ocr', '/#/ocr', 'street.jpg'],
  ];
  for (const [task, route, file] of runs) {
    await page.goto(route);
    // The task's own panel, fresh (the previous task's panel, run once, may still be on screen for a moment).
    await expect(page.locator('section[data-run="0"]')).toBeVisible();
    const doc = await runAndExport<{ backend: string; dtype: string; threads: number; items: unknown[] }>(page, image(file), 120_000);
    const want = tuned.get(task)!;
    expect({ task, backend: doc.backend, dtype: doc.dtype, threads: String(doc.threads) }).toEqual({ task, ...want });
    expect(doc.items).toHaveLength(1);
    await expect(page.getByTestId('tuned-why')).toContainText('tuned on');
  }
});
