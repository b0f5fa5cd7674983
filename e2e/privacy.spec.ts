/**
 * The privacy page (issue #15): the egress log lists every request the app made to another origin, as the
 * service worker saw it; a self-hosted run leaves it empty.
 */
import { test } from '@playwright/test';
import { expect, image, runFiles, serviceWorkerActive } from './helpers';
import { STRICT_MESSAGE } from '../src/app/privacy/egress';
import { PADDLE_MODEL_ID } from '../src/features/ocr/files';

// Not the fixtures' `test`: that one fails any test whose requests leave localhost, and this one makes the app ask the
// Hub on purpose. The test's route answers those requests; none reaches a network.

test('the egress log: none after a self-hosted run, and a Hub download attempt is listed with its host, path and why', async ({ page, context }) => {
  test.setTimeout(120_000);
  // These machines have no internet: the Hub answers 404 here (the service worker's own requests are routed by the context).
  const hub: string[] = [];
  await context.route('https://huggingface.co/**', (route) => {
    hub.push(route.request().url());
    return route.fulfill({ status: 404, body: 'Entry not found' });
  });
  const outside: string[] = [];
  context.on('request', (r) => {
    if (!/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|blob:|data:)/.test(r.url())) outside.push(r.url());
  });
  await page.goto('/#/classify-image');
  await serviceWorkerActive(page);
  await page.reload();
  await runFiles(page, image('imagenet_finch.jpeg'));
  await page.goto('/#/privacy');
  await expect(page.getByTestId('egress-none')).toHaveText('None in the last 30 days: nothing left this device.');
  await expect(page.getByTestId('privacy-uncontrolled')).toHaveCount(0);

  // A model the site does not host comes from the Hub: the worker's request goes through the service worker.
  await page.goto('/#/classify-image');
  await page.getByTestId('model-select').selectOption('Xenova/mobilevit-small');
  await page.getByTestId('file-input').setInputFiles(image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toBeVisible({ timeout: 60_000 });
  await page.goto('/#/privacy');
  const row = page.getByTestId('egress-row').first();
  await expect(row).toContainText('huggingface.co');
  await expect(row).toContainText('/Xenova/mobilevit-small/resolve/main/');
  await expect(row).toContainText('model download: Xenova/mobilevit-small');
  // Every request that left was one to the Hub, answered by the route.
  expect(hub.length).toBeGreaterThan(0);
  expect(outside.every((u) => u.startsWith('https://huggingface.co/'))).toBe(true);
  await page.getByRole('button', { name: 'Clear the log' }).click();
  await expect(page.getByTestId('egress-none')).toBeVisible();
});

test("strict local mode: the service worker refuses the workers' requests to other sites, and the page refuses its own", async ({ page, context }) => {
  test.setTimeout(120_000);
  const hub: string[] = [];
  await context.route('https://huggingface.co/**', (route) => {
    hub.push(route.request().url());
    return route.fulfill({ status: 404, body: 'Entry not found' });
  });
  await page.goto('/#/classify-image');
  await serviceWorkerActive(page);
  await page.reload();
  // The service worker's part alone: told to refuse (as Settings does), with the page's own policy not yet
  // tightened, the worker's request for a Hub model is answered with a network error and never leaves.
  await page.evaluate((type) => navigator.serviceWorker.controller!.postMessage({ type, on: true }), STRICT_MESSAGE);
  await page.getByTestId('model-select').selectOption('Xenova/mobilevit-small');
  await page.getByTestId('file-input').setInputFiles(image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toBeVisible({ timeout: 60_000 });
  expect(hub).toEqual([]);
  await page.goto('/#/privacy');
  await expect(page.getByTestId('egress-row').first()).toContainText('refused (strict local mode): nothing sent');

  // Through Settings: the page says so and refuses its own requests to other sites too.
  await page.goto('/#/settings');
  await page.getByTestId('strict-local').check();
  await expect(page.getByTestId('strict-notice')).toBeVisible();
  const fetched = await page.evaluate(() =>
    fetch('https://huggingface.co/Xenova/mobilevit-small/resolve/main/config.json').then(
      () => 'fetched',
      (e: Error) => `refused: ${e.message}`,
    ),
  );
  expect(fetched).toMatch(/^refused/);
  expect(hub).toEqual([]);
  await page.goto('/#/privacy');
  await expect(page.getByTestId('strict-status')).toContainText('Strict local mode is on');
  // A reload keeps it: the service worker remembers, and the page applies it again at start.
  await page.reload();
  expect(await page.evaluate(() => !!document.querySelector('meta[http-equiv="Content-Security-Policy"]'))).toBe(true);
});

test('offline self-test: each stored model runs on a built-in sample while requests to other sites are refused', async ({ page, context }) => {
  test.setTimeout(180_000);
  const outside: string[] = [];
  context.on('request', (r) => {
    if (!/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|blob:|data:)/.test(r.url())) outside.push(r.url());
  });
  await page.goto('/#/privacy');
  await serviceWorkerActive(page);
  await page.reload();
  await page.getByTestId('self-test-run').click();
  await expect(page.getByTestId('self-test-summary')).toContainText('No model is stored whole on this device yet');
  // Store two models by using them: the classifier and the bundled OCR.
  await page.goto('/#/classify-image');
  await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();
  await runFiles(page, image('imagenet_finch.jpeg'));
  await page.goto('/#/ocr');
  await expect(page.getByRole('heading', { name: 'Read text (OCR)' })).toBeVisible();
  await runFiles(page, image('imagenet_finch.jpeg'));
  await page.goto('/#/privacy');
  await page.getByTestId('self-test-run').click();
  await expect(page.getByTestId('self-test-summary')).toHaveText('2 of 2 stored models passed with other sites refused.', { timeout: 120_000 });
  await expect(page.locator('[data-testid="self-test-row"][data-model="onnx-model-zoo/mobilenetv2-12-int8"]')).toContainText('✓ passed');
  // The OCR reads the sample's word: a real run, not a smoke signal.
  await expect(page.locator(`[data-testid="self-test-row"][data-model="${PADDLE_MODEL_ID}"]`)).toContainText('read “OFFLINE');
  expect(outside).toEqual([]);
  // Afterwards the service worker lets requests through again (strict local mode is off in Settings).
  await expect(page.getByTestId('strict-status')).toContainText('Strict local mode is off');
});
