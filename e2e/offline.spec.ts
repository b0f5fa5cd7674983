import { test, expect, image, classifyFiles, firstLabels } from './fixtures';

test('after one online visit the app reloads and classifies with the network off', async ({ page, context, net }) => {
  await page.goto('/#/classify-image');
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active))).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // Online: run the task once (downloads and verifies the model, caches the runtime).
  await page.reload(); // now controlled by the service worker
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await classifyFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);

  await context.setOffline(true);
  const before = net.failed.length;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await classifyFiles(page, image('yolox_dog.jpg'));
  await expect(page.getByTestId('result').first().getByTestId('label')).toHaveCount(5);
  await classifyFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect(net.failed.slice(before), 'requests that failed while offline').toEqual([]);
});

test('offline before the model was ever downloaded: a clear message, not a hang', async ({ page, context }) => {
  await page.goto('/#/classify-image');
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  await page.reload();
  // Warm the runtime files but not this model: load the app shell only, then go offline.
  await context.setOffline(true);
  await classifyFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toContainText(/offline/i);
});
