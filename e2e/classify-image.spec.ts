import fs from 'node:fs';
import {
  test,
  expect,
  image,
  exportJson,
  runFiles,
  startRun,
  firstLabels,
  pngClaiming,
  truncatedJpeg,
  logWorkerMessages,
  cancelAndCheckWorkerStopped,
  type ExportDoc,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/#/classify-image');
  await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();
});

test('classifies the finch photo as "house finch" and exports the batch as JSON', async ({ page }) => {
  await runFiles(page, image('imagenet_finch.jpeg'));
  const labels = await firstLabels(page);
  expect(labels).toHaveLength(5);
  expect(labels[0]).toMatch(/^house finch/);
  await expect(page.getByTestId('run-info')).toContainText('WASM');

  const doc = await exportJson<ExportDoc<{ label: string; score: number }[]>>(page);
  expect(doc).toMatchObject({ task: 'image-classification', model: 'onnx-model-zoo/mobilenetv2-12-int8', backend: 'wasm', dtype: 'q8' });
  expect(doc.items).toHaveLength(1);
  const [item] = doc.items;
  expect(item.input).toBe('imagenet_finch.jpeg');
  expect(item.ms).toBeGreaterThan(0);
  expect(item.output).toHaveLength(5);
  expect(item.output[0].label).toMatch(/^house finch/);
  expect(item.output[0].score).toBeGreaterThan(0.5);
  const scores = item.output.map((o: { score: number }) => o.score);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
});

test('classifies a batch, and bad files get their own clear message without stopping the rest', async ({ page }) => {
  const file = (name: string, mimeType = 'image/jpeg') => ({ name, mimeType, buffer: fs.readFileSync(image(name)) });
  await runFiles(page, [
    file('imagenet_finch.jpeg'),
    { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('these are my notes, not a photo') },
    { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
    { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: truncatedJpeg() },
    { name: 'giant.png', mimeType: 'image/png', buffer: pngClaiming(60_000, 60_000) },
    file('yolox_dog.jpg'),
  ]);
  const card = (name: string) => page.locator(`[data-testid="result"][data-file="${name}"]`);
  await expect(card('imagenet_finch.jpeg').getByTestId('label').first()).toHaveText(/^house finch/);
  await expect(card('notes.jpg').getByTestId('item-error')).toHaveText(/“notes.jpg” is not an image this app can read/);
  await expect(card('empty.png').getByTestId('item-error')).toHaveText('“empty.png” is empty (0 bytes).');
  await expect(card('broken.jpg').getByTestId('item-error')).toHaveText(/“broken.jpg” could not be decoded: the file is corrupt or truncated/);
  await expect(card('giant.png').getByTestId('item-error')).toHaveText(/“giant.png” is 60,000×60,000 pixels, too large/);
  await expect(card('yolox_dog.jpg').getByTestId('label')).toHaveCount(5);
  // The model is still healthy afterwards.
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
});

test('a batch can be cancelled: the worker itself stops (its own messages), the page shows what was done', async ({ page }) => {
  const workerLog = await logWorkerMessages(page);
  await page.reload();
  const finch = fs.readFileSync(image('imagenet_finch.jpeg'));
  await runFiles(page, image('imagenet_finch.jpeg')); // warm the model
  await startRun(
    page,
    Array.from({ length: 40 }, (_, i) => ({ name: `finch-${i}.jpg`, mimeType: 'image/jpeg', buffer: finch })),
  );
  await expect(page.getByTestId('progress-text')).toContainText(/image ([2-9]|\d{2,}) of 40/);
  const finished = await cancelAndCheckWorkerStopped(page, workerLog);
  expect(finished).toBeLessThan(40);
  expect((await page.getByTestId('label').count()) / 5).toBeLessThanOrEqual(finished);
});

test('the model shows up in Storage with its size, source and verified checksum', async ({ page }) => {
  await runFiles(page, image('imagenet_finch.jpeg'));
  await page.getByRole('link', { name: 'Storage' }).click();
  const row = page.locator('tr[data-model="onnx-model-zoo/mobilenetv2-12-int8"]');
  await expect(row).toContainText('3.5 MB');
  await expect(row).toContainText('✓ checksum verified');
  await expect(row).toContainText('self-hosted');
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toContainText('Not downloaded');
});
