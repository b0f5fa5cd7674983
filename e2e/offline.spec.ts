import { test, expect, image, runFiles, firstLabels, serviceWorkerActive } from './helpers';

test('after one online visit the app reloads and classifies with the network off', async ({ page, context, net }) => {
  await page.goto('/#/classify-image');
  await serviceWorkerActive(page);
  // The shell alone is not "offline ready": no runtime and no model are stored yet, and the indicator says so.
  await expect(page.getByTestId('offline-not-ready')).toHaveText('Offline: no task ready yet');
  await expect(page.getByTestId('offline-ready')).toHaveCount(0);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // Online: run the task once (downloads and verifies the model, caches the runtime).
  await page.reload(); // now controlled by the service worker
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  await expect(page.getByTestId('offline-ready')).toHaveText('Offline ready: 1 of 5 tasks');
  await page.getByTestId('offline-ready').click();
  await expect(page.getByTestId('offline-details')).toContainText('Works offline: Classify images.');
  await expect(page.getByTestId('offline-details')).toContainText('Needs one online run (or a download in Storage): Detect objects, Read text (OCR)');
  // Storage lists the runtime like a model: stored, verified, its size.
  await page.goto('/#/storage');
  const runtime = page.getByTestId('runtime-row');
  await expect(runtime).toContainText('ONNX Runtime (WebAssembly)');
  await expect(runtime).toContainText('✓ checksum verified');
  await expect(runtime).toContainText('25.7 MB');
  await expect(page.getByTestId('storage-offline')).toContainText('Works offline: Classify images.');
  await page.goto('/#/classify-image');

  await context.setOffline(true);
  const before = net.failed.length;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await runFiles(page, image('yolox_dog.jpg'));
  await expect(page.getByTestId('result').first().getByTestId('label')).toHaveCount(5);
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect(net.failed.slice(before), 'requests that failed while offline').toEqual([]);
});

test('offline before the model was ever downloaded: a clear message, not a hang', async ({ page, context }) => {
  await page.goto('/#/classify-image');
  await serviceWorkerActive(page);
  await page.reload();
  // Warm the runtime files but not this model: load the app shell only, then go offline.
  await context.setOffline(true);
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toContainText(/offline/i);
});

test('Storage downloads the runtime ahead with a model; without the runtime the app is not offline ready and an offline run says why', async ({
  page,
  context,
}) => {
  await page.goto('/#/storage');
  await serviceWorkerActive(page);
  const runtime = page.getByTestId('runtime-row');
  await expect(runtime).toContainText('Not downloaded');
  await page.locator('tr[data-model="onnx-model-zoo/mobilenetv2-12-int8"]').getByRole('button', { name: 'Download' }).click();
  await expect(runtime).toContainText('✓ checksum verified');
  await expect(page.getByTestId('offline-ready')).toHaveText('Offline ready: 1 of 5 tasks');
  await runtime.getByRole('button', { name: 'Delete' }).click();
  await expect(runtime).toContainText('Not downloaded');
  await expect(page.getByTestId('offline-not-ready')).toHaveText('Offline: no task ready yet');
  await expect(page.getByTestId('storage-offline')).toContainText('is not stored yet');
  // The model is stored, the runtime is not: offline, the run says exactly that (not "no available backend").
  await context.setOffline(true);
  await page.goto('/#/classify-image');
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toContainText('The runtime for this task was not stored yet');
  await expect(page.getByTestId('run-error')).toContainText('connect once');
});
