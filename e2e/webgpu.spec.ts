import { test, expect, image, runFiles, firstLabels, setSettings } from './helpers';
import { CHROMIUM_ARGS } from '../playwright.config';

// A software WebGPU adapter (SwiftShader): slow but real, enough to exercise the WebGPU path.
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

test('runs image classification on WebGPU when forced', async ({ page }) => {
  await setSettings(page, { backend: 'webgpu' });
  await page.goto('/#/classify-image');
  type Win = { __app: { capabilities(): Promise<{ webgpu: { available: boolean } }> } };
  const caps = await page.evaluate(() => (window as unknown as Win).__app.capabilities());
  expect(caps.webgpu.available).toBe(true);
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-info')).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByTestId('fallback-notice')).toHaveCount(0);
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
});

test('auto keeps the int8 model on WASM even with an adapter (no WebGPU kernels for int8)', async ({ page }) => {
  await page.goto('/#/classify-image');
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-info')).toHaveAttribute('data-backend', 'wasm');
});
