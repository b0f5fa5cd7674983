/**
 * A fresh clone built as the README's first command builds it, but without any model folder (MODELS_DIR
 * unset, as a user cloning the project elsewhere has none): each task defaults to a model this build can
 * get (the bundled OCR, Hub models), no picker or Storage row offers a self-hosted model the build does not
 * serve, and OCR works out of the box. (The builds with MODELS_DIR are every other spec: there the
 * self-hosted models are the defaults.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { test, expect } from './helpers';
import { buildInto, serve, stop } from './preview';

const PORT = 4199;
const DIST = path.join(os.tmpdir(), 'ondevice-fresh-clone-dist');
const url = (route: string) => `http://localhost:${PORT}/${route}`;
const options = (page: Page) =>
  page
    .getByTestId('model-select')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // As users build it (npm run build): no TEST_HOOKS. Into an empty folder: a build outside the project does not
  // empty it, and the hooks check below reads every file in it.
  fs.rmSync(DIST, { recursive: true, force: true });
  buildInto(DIST, { MODELS_DIR: undefined, TEST_HOOKS: undefined });
});

test("a user's build leaves the test hooks out: no window.__app, no worker crash or stall hook", () => {
  const js = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  expect(js.length).toBeGreaterThan(0);
  for (const f of js) {
    const code = fs.readFileSync(path.join(DIST, 'assets', f), 'utf8');
    // The strings only the hooks hold (src/app/diagnostics.ts, workers/inference.worker.ts, src/runtime/task-client.ts).
    for (const hook of ['__app', 'crashWorker', 'simulated crash']) expect(code.includes(hook), `${f} holds ${hook}`).toBe(false);
  }
});

test('built without a model folder: Hub and bundled defaults, no unreachable self-hosted model offered, OCR out of the box', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await serve(DIST, PORT, { MODELS_DIR: undefined });
  try {
    await page.goto(url('#/classify-image'));
    await expect(page.getByTestId('model-select')).toHaveValue('Xenova/mobilevit-small');
    expect(await options(page)).not.toContain('onnx-model-zoo/mobilenetv2-12-int8');
    await page.goto(url('#/detect'));
    await expect(page.getByRole('heading', { name: 'Detect objects' })).toBeVisible();
    await expect(page.getByTestId('model-select')).toHaveValue('Xenova/yolos-tiny');
    expect(await options(page)).not.toContain('megvii/yolox-nano-coco');
    await page.goto(url('#/classify-text'));
    await expect(page.getByRole('heading', { name: 'Classify text' })).toBeVisible();
    expect((await options(page)).filter((o) => o.startsWith('test-tiny/'))).toEqual([]);
    await page.goto(url('#/storage'));
    await expect(page.locator('tr[data-model="paddlepaddle/ppocr-v4-gutenye"]')).toBeVisible();
    await expect(page.locator('tr[data-model="onnx-model-zoo/mobilenetv2-12-int8"]')).toHaveCount(0);
    await expect(page.locator('tr[data-model="megvii/yolox-nano-coco"]')).toHaveCount(0);
    // OCR works with nothing but the build: its weights come from an npm dependency.
    await page.goto(url('#/ocr'));
    await expect(page.getByTestId('model-select')).toHaveValue('paddlepaddle/ppocr-v4-gutenye');
    const before = Number(await page.locator('section[data-run]').getAttribute('data-run'));
    const sign = path.join(os.tmpdir(), 'fresh-clone-sign.png');
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="560" height="120"><rect width="100%" height="100%" fill="#fff"/><text x="30" y="75" ' +
      'font-family="Liberation Sans" font-size="48" fill="#111">Works offline</text></svg>';
    await sharp(Buffer.from(svg)).png().toFile(sign);
    await page.getByTestId('file-input').setInputFiles(sign);
    await expect(page.locator('section[data-run]')).toHaveAttribute('data-run', String(before + 1));
    await expect(page.locator('section[data-run]')).toHaveAttribute('data-running', 'false', { timeout: 120_000 });
    await expect(page.getByTestId('run-error')).toHaveCount(0);
    await expect(page.getByTestId('ocr-line').first()).toContainText('Works offline');
  } finally {
    await stop(server);
  }
});
