/**
 * Soak: 300 detections in one worker, through the same code path as the panel (window.__app.run →
 * runTask → the detection worker). The memory of the worker after the last run stays within 10% of what
 * it was after the 20th: nothing accumulates per run (tensors, sessions, bitmaps, listeners).
 * Memory from performance.measureUserAgentSpecificMemory() (this page is cross-origin isolated), which
 * attributes bytes to the page and to each worker; Chromium measures at once with ForceEagerMeasureMemory.
 */
import fs from 'node:fs';
import { CHROMIUM_ARGS } from '../playwright.config';
import { test, expect, image } from './helpers';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc'],
  },
});

const RUNS = Number(process.env.SOAK_RUNS ?? 300);
const BATCH = 20;

test(`${RUNS} detections in one worker: its memory after the last is within 10% of after the 20th`, async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/#/detect');
  const dog = fs.readFileSync(image('yolox_dog.jpg')).toString('base64');
  const measure = () =>
    page.evaluate(async () => {
      type M = { bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] };
      const m = await (performance as unknown as { measureUserAgentSpecificMemory(): Promise<M> }).measureUserAgentSpecificMemory();
      const worker = m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((a, b) => a + b.bytes, 0);
      return { total: m.bytes, worker };
    });
  const samples: { runs: number; total: number; worker: number }[] = [];
  for (let done = 0; done < RUNS; done += BATCH) {
    const out = await page.evaluate(
      async ([b64, n]) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
        const app = (
          window as unknown as {
            __app: { run(t: string, m: string, i: unknown[], o?: object): Promise<{ items: { output?: { detections: unknown[] }; error?: unknown }[] }> };
          }
        ).__app;
        let boxes = 0;
        for (let i = 0; i < n; i++) {
          const r = await app.run('object-detection', 'megvii/yolox-nano-coco', [{ name: 'dog.jpg', bytes, type: 'image/jpeg' }], { minScore: 0.25 });
          if (r.items[0].error) throw new Error(JSON.stringify(r.items[0].error));
          boxes += r.items[0].output!.detections.length;
        }
        return boxes;
      },
      [dog, BATCH] as const,
    );
    expect(out).toBeGreaterThanOrEqual(3 * BATCH); // dog, bicycle, truck (or car) every time
    if (done + BATCH === 20 || done + BATCH >= RUNS) samples.push({ runs: done + BATCH, ...(await measure()) });
  }
  const [first, last] = [samples[0], samples[samples.length - 1]];
  const mb = (b: number) => (b / 1048576).toFixed(1);
  console.log(
    `soak: after ${first.runs} runs worker ${mb(first.worker)} MB (all ${mb(first.total)} MB); after ${last.runs} runs worker ` +
      `${mb(last.worker)} MB (all ${mb(last.total)} MB)`,
  );
  expect(first.worker).toBeGreaterThan(0);
  expect(last.worker).toBeLessThanOrEqual(first.worker * 1.1);
});
