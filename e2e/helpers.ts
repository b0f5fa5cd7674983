/**
 * The one set of helpers for the e2e specs: the `test` fixture that fails any request leaving localhost,
 * test images, and page helpers (runs, Export JSON, downloads, settings, the workers' messages).
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { SETTINGS_KEY } from '../src/runtime/settings-key';
import type { ExportDoc } from '../src/features/common/export';
import { MODEL_CACHE } from '../src/model-store/cache-names';

export const IMAGES = path.resolve(process.env.TEST_IMAGES_DIR ?? '../shared/test-images');
export const image = (name: string) => path.join(IMAGES, name);
/** Real scans with ground truth (lines cut from papers, whole receipts): see ../shared/ocr-dev/README.md. */
export const OCR_DEV = path.resolve(process.env.OCR_DEV_DIR ?? '../shared/ocr-dev');

/** True for a URL that leaves the test server (the app must never phone home). */
export const leavesLocalhost = (url: string) => !/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|blob:|data:)/.test(url);
export const MODEL_FILE = '/models/onnx-model-zoo/mobilenetv2-12-int8/onnx/model_quantized.onnx';

/** A PNG header that claims the given size; the body is not a valid image. */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4);
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), ihdr, deflateSync(Buffer.alloc(64))]);
}

/** The finch JPEG cut short: a valid header, then nothing decodable. */
export const truncatedJpeg = () => fs.readFileSync(image('imagenet_finch.jpeg')).subarray(0, 2500);

export interface NetLog {
  requests: string[];
  failed: { url: string; error: string }[];
}

/**
 * Every test records the requests the page, its workers and its service worker make, and fails if
 * any of them leaves localhost (the app must never phone home).
 */
export const test = base.extend<{ net: NetLog }>({
  net: [
    async ({ context }, use) => {
      const log: NetLog = { requests: [], failed: [] };
      context.on('request', (r) => log.requests.push(r.url()));
      context.on('requestfailed', (r) => log.failed.push({ url: r.url(), error: r.failure()?.errorText ?? '' }));
      await use(log);
      const outside = log.requests.filter(leavesLocalhost);
      expect(outside, 'requests that left localhost').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Wait until the service worker is active (the app shell is precached); says nothing about runtime or models. */
export async function serviceWorkerActive(page: Page) {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.active)), { timeout: 30_000 }).toBe(true);
}

/** The task's panel: `data-run` counts the runs it started, `data-running` says whether one is in progress. */
export const panel = (page: Page) => page.locator('section[data-run]');

type Files = Parameters<Page['setInputFiles']>[1];

/** Does `act` (choose files, click a button, tick a box) and returns the number of the run this starts. */
export async function startRunWith(page: Page, act: () => Promise<unknown>): Promise<number> {
  const before = Number(await panel(page).getAttribute('data-run'));
  await act();
  await expect(panel(page)).toHaveAttribute('data-run', String(before + 1));
  return before + 1;
}

/** Does `act` and waits until the run it starts has finished (results, errors or cancellation). */
export async function runWith(page: Page, act: () => Promise<unknown>, timeout = 90_000): Promise<number> {
  const run = await startRunWith(page, act);
  await expect(panel(page)).toHaveAttribute('data-running', 'false', { timeout });
  return run;
}

/** Choose files in the task's file input and return the number of the run this starts. */
export function startRun(page: Page, files: Files): Promise<number> {
  return startRunWith(page, () => page.getByTestId('file-input').setInputFiles(files));
}

/** Choose files in the task's file input and wait until that run has finished. */
export async function runFiles(page: Page, files: Files, timeout = 90_000) {
  await runWith(page, () => page.getByTestId('file-input').setInputFiles(files), timeout);
}

/** Click the run button (`name`) and wait until that run has finished. */
export async function clickAndWait(page: Page, name: string | RegExp, timeout = 90_000) {
  await runWith(page, () => page.getByRole('button', { name }).click(), timeout);
}

/** Click `button` and return what it downloaded: the suggested file name and the bytes. */
export async function downloadFrom(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await button.click();
  const d = await download;
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

/** The Export JSON document: the product's own type (`O`: one item's output). */
export type { ExportDoc };

/** Click Export JSON and return the parsed document. */
export async function exportJson<T = ExportDoc>(page: Page): Promise<T> {
  const { bytes } = await downloadFrom(page, page.getByRole('button', { name: 'Export JSON', exact: true }));
  return JSON.parse(bytes.toString('utf8')) as T;
}

/** Choose files in the task's file input, wait for that run to end, and return its Export JSON. */
export async function runAndExport<T = ExportDoc>(page: Page, files: Files, timeout: number): Promise<T> {
  await runFiles(page, files, timeout);
  return exportJson<T>(page);
}

/** Records every response under /models/ (a needed file must never 404). */
export function watchModelResponses(page: Page): { url: string; status: number }[] {
  const seen: { url: string; status: number }[] = [];
  page.context().on('response', (r) => {
    if (r.url().includes('/models/')) seen.push({ url: r.url(), status: r.status() });
  });
  return seen;
}

/** Sets a (possibly huge) textarea value the way React sees a user's edit, without typing it key by key. */
export async function setTextarea(page: Page, label: string, value: string) {
  await page.getByLabel(label).evaluate((el, v) => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the element as its receiver
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(el, v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

export async function firstLabels(page: Page): Promise<string[]> {
  return page.getByTestId('result').first().getByTestId('label').allInnerTexts();
}

/** Stores settings under the app's own key before the next page load. */
export async function setSettings(page: Page, s: Record<string, unknown>) {
  await page.addInitScript(([key, v]) => localStorage.setItem(key, JSON.stringify(v)), [SETTINGS_KEY, s] as const);
}

/** The settings the app stored, as it stored them. */
export async function storedSettings(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>, SETTINGS_KEY);
}

/** The URLs of the model files the model store holds. */
export function storedModelUrls(page: Page): Promise<string[]> {
  return page.evaluate(
    (name) =>
      caches
        .open(name)
        .then((c) => c.keys())
        .then((k) => k.map((r) => r.url)),
    MODEL_CACHE,
  );
}

export { MODEL_CACHE, SETTINGS_KEY };

/** A message a worker of the app sent, as the page received it (late ones of a cancelled run included). */
export interface WorkerMessage {
  type: string;
  id: number;
  progress?: { stage: string; step?: string; done?: number; total?: number; index?: number; text?: string };
}

/**
 * Record every message the app's workers send from the next page load on (call before page.reload()
 * or goto); the returned function reads the log.
 */
export async function logWorkerMessages(page: Page): Promise<() => Promise<WorkerMessage[]>> {
  await page.addInitScript(() => {
    const log: unknown[] = [];
    (window as unknown as { __workerLog: unknown[] }).__workerLog = log;
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        this.addEventListener('message', (e: MessageEvent) => log.push(e.data));
      }
    };
  });
  return async () => (await page.evaluate(() => (window as unknown as { __workerLog: unknown[] }).__workerLog)) as WorkerMessage[];
}

/**
 * Click Cancel on a running batch and prove from the worker's own messages that it stopped: counted from the
 * moment the click reached the page, at most two results of that run arrive in `settleMs` (the item being
 * computed and one already posted), and never the run's final result. Returns the number of items the worker
 * finished.
 */
export async function cancelAndCheckWorkerStopped(page: Page, workerLog: () => Promise<WorkerMessage[]>, settleMs = 2000): Promise<number> {
  // The log's length when the click is handled in the page (not when the test asked for it: a fast task posts
  // several results in the time a click takes to arrive).
  await page.evaluate(() => {
    const w = window as unknown as { __workerLog: unknown[]; __logAtCancel?: number };
    document.addEventListener(
      'click',
      (e) => {
        if ((e.target as HTMLElement).closest('button')?.textContent?.trim() === 'Cancel') w.__logAtCancel ??= w.__workerLog.length;
      },
      { capture: true },
    );
  });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled.' })).toBeVisible();
  await page.waitForTimeout(settleMs);
  const after = await workerLog();
  const atClick = after.slice(0, await page.evaluate(() => (window as unknown as { __logAtCancel: number }).__logAtCancel));
  const partials = atClick.filter((m) => m.type === 'partial');
  expect(partials.length, 'the run had produced results before Cancel').toBeGreaterThan(0);
  const runId = partials[partials.length - 1].id;
  const count = (log: WorkerMessage[]) => log.filter((m) => m.type === 'partial' && m.id === runId).length;
  expect(count(after) - count(atClick), 'results the worker sent after Cancel').toBeLessThanOrEqual(2);
  expect(
    after.some((m) => m.id === runId && (m.type === 'result' || m.type === 'error')),
    'the cancelled run never completes',
  ).toBe(false);
  return count(after);
}
