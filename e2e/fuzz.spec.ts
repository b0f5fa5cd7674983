/**
 * Fuzz of the image decode paths: 1,000 mutated image files (truncated, bytes flipped, headers lying about
 * their size, wrong signatures, noise, empty, blocks cut out; e2e/fuzz-images.ts) through the image
 * classifier's real file input in one batch, and a share of them through detection and OCR, whose workers
 * decode on their own paths. Each file gets a result or its own clear message; nothing hangs, crashes
 * the page or the worker, and the panel works normally afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, image, firstLabels, runFiles, runAndExport } from './helpers';
import { writeFuzzSet } from './fuzz-images';

const COUNT = Number(process.env.FUZZ_COUNT ?? 1000);
const SOURCES = ['imagenet_finch.jpeg', 'coco_000000039769.png', 'street.jpg', 'yolox_dog.jpg'].map(image);

/** Run a batch through the file input and return the Export JSON (the run itself never fails as a whole). */
async function runBatch(page: Page, files: string[], timeout: number) {
  const doc = await runAndExport(page, files, timeout);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  return doc;
}

/** Every file accounted for, every failure explained in words that name the file and what is wrong. */
function checkAll(set: { file: string; kind: string }[], doc: Awaited<ReturnType<typeof runBatch>>) {
  const names = set.map((s) => path.basename(s.file)).sort();
  const seen = [...doc.items.map((i) => i.input), ...(doc.errors ?? []).map((e) => e.input)].sort();
  expect(seen).toEqual(names);
  for (const e of doc.errors ?? []) {
    expect(e.error, e.input).toMatch(
      /could not be decoded|corrupt|truncated|not an image|not a supported|empty|too large|pixels|dimensions|unsupported|is not a/i,
    );
    expect(e.error, e.input).not.toMatch(/undefined|\[object |internal error/i);
  }
  const byKind = new Map<string, { ok: number; err: number }>();
  const failed = new Set((doc.errors ?? []).map((e) => e.input));
  for (const s of set) {
    const k = byKind.get(s.kind) ?? { ok: 0, err: 0 };
    if (failed.has(path.basename(s.file))) k.err++;
    else k.ok++;
    byKind.set(s.kind, k);
  }
  console.log([...byKind].map(([k, v]) => `${k}: ${v.ok} results, ${v.err} messages`).join('; '));
  return byKind;
}

test('1,000 mutated image files through the classifier: each gets a result or a clear message, nothing hangs or crashes', async ({ page }) => {
  test.setTimeout(600_000);
  let crashed = false;
  page.on('crash', () => (crashed = true));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
  const set = writeFuzzSet(SOURCES, dir, COUNT, 1);
  await page.goto('/#/classify-image');
  const violations: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && /Content Security Policy/.test(m.text()) && violations.push(m.text())));
  const doc = await runBatch(
    page,
    set.map((s) => s.file),
    480_000,
  );
  const byKind = checkAll(set, doc);
  // Lying headers and empty files are refused by their header, before any decoding.
  for (const k of ['huge-png-header', 'huge-jpeg-header', 'empty']) expect(byKind.get(k)?.ok, k).toBe(0);
  expect(crashed).toBe(false);
  expect(violations).toEqual([]);
  // The panel and its worker still work.
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('mutated image files through detection and OCR (their own decode paths): a result or a clear message each', async ({ page }) => {
  test.setTimeout(600_000);
  let crashed = false;
  page.on('crash', () => (crashed = true));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
  const set = writeFuzzSet(SOURCES, dir, Math.min(COUNT, 60), 2);
  for (const [route, title] of [
    ['#/detect', 'Detect objects'],
    ['#/ocr', 'Read text (OCR)'],
  ]) {
    await page.goto(`/${route}`);
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    const doc = await runBatch(
      page,
      set.map((s) => s.file),
      400_000,
    );
    checkAll(set, doc);
  }
  expect(crashed).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
});
