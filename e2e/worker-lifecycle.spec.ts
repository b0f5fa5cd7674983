/**
 * The inference worker over time: a worker that stops answering (the watchdog), and runs that overlap in
 * one worker (a queue, one model loaded at a time). Real worker, real models, the built app.
 */
import type { Page } from '@playwright/test';
import { test, expect, image, exportJson, firstLabels, panel, startRun } from './helpers';

interface App {
  setWatchdog(l?: Record<string, number>): void;
  stallWorker(task: string, times: number): void;
  workerStatus(task: string): Promise<{ loaded: string[]; live: number; queued: number }>;
  start(task: string, model: string, inputs: ({ text: string } | { name: string; bytes: string; type?: string })[], options?: object): Promise<number>;
  started(i: number): { progress: { stage: string }[]; outcome?: { items: { output: unknown }[] }; error?: { code: string } };
  cancel(i: number): void;
}
type Win = Window & typeof globalThis & { __app: App };

/** Every text the progress line shows during the test (it changes faster than polling could see). */
async function recordProgressTexts(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __seen: string[] }).__seen = []);
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="progress-text"]')?.textContent;
      if (t && seen[seen.length - 1] !== t) seen.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/#/classify-image');
  await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();
  // A stall is declared after 5 s of silence before the first progress message (the default is a minute).
  await page.evaluate(() => (window as unknown as Win).__app.setWatchdog({ start: 5000 }));
});

test('a worker that stops answering is detected, the user is told, and the automatic retry succeeds (recorded in Export JSON)', async ({ page }) => {
  await page.evaluate(() => (window as unknown as Win).__app.stallWorker('image-classification', 1));
  const seen = await recordProgressTexts(page);
  await startRun(page, image('imagenet_finch.jpeg'));
  await expect(panel(page)).toHaveAttribute('data-running', 'false', { timeout: 90_000 });
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect(await seen()).toContainEqual('The worker stopped responding (no progress for 5 s while starting). It was restarted; trying again…');
  await expect(page.getByTestId('retried-notice')).toContainText(
    'The worker stopped responding (no progress for 5 s while starting), so it was ' + 'restarted and the run tried again.',
  );
  const doc = await exportJson(page);
  expect(JSON.stringify(doc)).toContain('"retried":{"reason":"no progress for 5 s while starting"}');
});

test('a worker that stops answering twice: the run ends with a clear message and a Retry button, and Retry works', async ({ page }) => {
  await page.evaluate(() => (window as unknown as Win).__app.stallWorker('image-classification', 2));
  await startRun(page, image('imagenet_finch.jpeg'));
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('The image-classification worker stopped responding (no progress for 5 s while starting). It was restarted.', {
    timeout: 60_000,
  });
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(panel(page)).toHaveAttribute('data-running', 'false', { timeout: 90_000 });
  await expect(error).toHaveCount(0);
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
});

test('overlap: a run cancelled while its model loads, then another model: the second result is right and only its model stays loaded', async ({ page }) => {
  // OCR: PaddleOCR takes a second or two to load (three sessions); the tiny TrOCR-layout test model is the second.
  const task = 'ocr';
  const input = [{ name: 'icon.png', bytes: '/icons/icon-192.png', type: 'image/png' }];
  const start = (model: string) => page.evaluate(([t, m, i]) => (window as unknown as Win).__app.start(t, m, i), [task, model, input] as const);
  const state = (i: number) => page.evaluate((k) => (window as unknown as Win).__app.started(k), i);
  // The second model's files stored first, so that its run reaches its model load at once (while the first one's goes on).
  const warm = await start('test-tiny/trocr');
  await expect.poll(async () => !!(await state(warm)).outcome, { timeout: 60_000 }).toBe(true);
  const a = await start('paddlepaddle/ppocr-v4-gutenye');
  // Cancel the first run as soon as its model starts loading.
  await expect.poll(async () => (await state(a)).progress.map((p) => p.stage), { timeout: 60_000, intervals: [20] }).toContain('load');
  await page.evaluate((k) => (window as unknown as Win).__app.cancel(k), a);
  const b = await start('test-tiny/trocr');
  await expect
    .poll(
      async () => {
        const s = await state(b);
        return !!(s.outcome || s.error);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const second = await state(b);
  expect(second.error).toBeUndefined();
  expect((await state(a)).error?.code).toBe('cancelled');
  // The same request alone, in the same worker, gives the same answer (the model is deterministic).
  const c = await start('test-tiny/trocr');
  await expect.poll(async () => !!(await state(c)).outcome, { timeout: 60_000 }).toBe(true);
  const read = (o: unknown) => ({ text: (o as { text: string }).text, lines: (o as { lines: unknown[] }).lines });
  expect(read(second.outcome!.items[0].output)).toEqual(read((await state(c)).outcome!.items[0].output));
  const status = await page.evaluate((t) => (window as unknown as Win).__app.workerStatus(t), task);
  expect(status.loaded).toHaveLength(1);
  expect(status.loaded[0]).toMatch(/^test-tiny\/trocr\|/);
  // No session left behind by the cancelled run (loaded, never disposed).
  expect(status.live).toBe(1);
  expect(status.queued).toBe(0);
});
