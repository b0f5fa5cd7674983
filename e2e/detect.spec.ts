import { chromium, type Page } from '@playwright/test';
import fs from 'node:fs';
import {
  test,
  expect,
  image,
  downloadFrom,
  exportJson,
  panel,
  runFiles,
  setSettings,
  startRun,
  truncatedJpeg,
  logWorkerMessages,
  cancelAndCheckWorkerStopped,
} from './helpers';
import { CHROMIUM_ARGS } from '../playwright.config';
import { awkwardImages, CATS, expectMatches, fakeCameraClip, nativeYolox, scaleBox, YOLOX_ID, type DetectExport } from './detect-helpers';

const COCO = 'coco_000000039769.png';
const card = (page: Page, name: string) => page.locator(`[data-testid="result"][data-file="${name}"]`);
const labelsIn = (page: Page, name: string) => card(page, name).getByTestId('label').allInnerTexts();

test.beforeEach(async ({ page }) => {
  await page.goto('/#/detect');
  await expect(page.getByRole('heading', { name: 'Detect objects' })).toBeVisible();
});

test('YOLOX-Nano finds both cats, exports them in original pixels, and matches onnxruntime-node box for box', async ({ page }) => {
  await runFiles(page, image(COCO));
  await expect(page.getByTestId('run-info')).toContainText('WASM');
  const labels = await labelsIn(page, COCO);
  expect(labels.filter((l) => l === 'cat')).toHaveLength(2);
  await expect(card(page, COCO).getByTestId('item-time')).toContainText('640×480 px');

  const doc = await exportJson<DetectExport>(page);
  expect(doc).toMatchObject({ task: 'object-detection', model: YOLOX_ID, backend: 'wasm', dtype: 'fp32', threshold: 0.25 });
  expect(doc.items).toHaveLength(1);
  const { input, ms, output } = doc.items[0];
  expect(input).toBe(COCO);
  expect(ms).toBeGreaterThan(0);
  for (const d of output) {
    expect(Object.keys(d).sort()).toEqual(['box', 'label', 'score']);
    expect(Object.keys(d.box)).toEqual(['xmin', 'ymin', 'xmax', 'ymax']);
    expect(d.score).toBeGreaterThanOrEqual(0.25);
  }
  expect(output.map((d) => d.score)).toEqual(output.map((d) => d.score).sort((a, b) => b - a));
  expectMatches(output, 'cat', CATS);
  expect(
    output.filter((d) => !['cat', 'couch', 'bed'].includes(d.label)),
    'only cats, couch or bed ≥ 0.25',
  ).toEqual([]);

  // The same model and the same pre/post-processing code on onnxruntime-node, on the same (lossless) pixels.
  const native = (await nativeYolox(image(COCO))).filter((d) => d.score >= 0.25);
  expect(output.map((d) => d.label)).toEqual(native.map((d) => d.label));
  native.forEach((n, i) => {
    const b = output[i];
    for (const k of ['xmin', 'ymin', 'xmax', 'ymax'] as const) expect(Math.abs(b.box[k] - n.box[k]), `${n.label} #${i} ${k}`).toBeLessThanOrEqual(1);
    expect(Math.abs(b.score - n.score)).toBeLessThan(0.01);
  });
});

test('a batch: dog, bicycle and car on one photo, several people on another; threshold and class filter re-filter without re-running', async ({ page }) => {
  await runFiles(page, [image('yolox_dog.jpg'), image('street.jpg')]);
  const dog = await labelsIn(page, 'yolox_dog.jpg');
  expect(dog).toContain('dog');
  expect(dog).toContain('bicycle');
  expect(dog.some((l) => l === 'car' || l === 'truck')).toBe(true);
  const street = await labelsIn(page, 'street.jpg');
  expect(street.filter((l) => l === 'person').length).toBeGreaterThanOrEqual(4);

  const run = await panel(page).getAttribute('data-run');
  const count = async () => Number(await card(page, 'street.jpg').getAttribute('data-count'));
  const at25 = await count();
  await page.getByTestId('threshold').fill('0.7');
  await expect(page.getByTestId('threshold-value')).toHaveText('0.70');
  await expect.poll(count).toBeLessThan(at25);
  await page.getByTestId('threshold').fill('0.1');
  await expect.poll(count).toBeGreaterThan(at25);
  await page.getByTestId('threshold').fill('0.25');
  await expect.poll(count).toBe(at25);

  // Hide people: the street photo keeps only its other objects, the export follows the view.
  await page
    .getByTestId('class-filter')
    .getByRole('checkbox', { name: /^person/ })
    .uncheck();
  await expect.poll(async () => (await labelsIn(page, 'street.jpg')).includes('person')).toBe(false);
  expect(await count()).toBeLessThan(at25);
  const doc = await exportJson<DetectExport>(page);
  expect(doc.items.flatMap((i) => i.output.map((d) => d.label))).not.toContain('person');
  expect(doc.items.find((i) => i.input === 'yolox_dog.jpg')!.output.map((d) => d.label)).toContain('dog');
  await expect(panel(page)).toHaveAttribute('data-run', run!); // nothing re-ran
});

test('bad and awkward inputs: clear messages, and boxes on the image as displayed', async ({ page }) => {
  test.setTimeout(180_000);
  const fx = await awkwardImages();
  await runFiles(page, [
    { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('these are my notes, not a photo') },
    { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: truncatedJpeg() },
    fx.tiny,
    fx.grey,
    fx.cmyk,
    fx.alpha,
    fx.rotated,
    fx.huge,
  ]);
  await expect(card(page, 'notes.jpg').getByTestId('item-error')).toHaveText(/“notes.jpg” is not an image this app can read/);
  await expect(card(page, 'broken.jpg').getByTestId('item-error')).toHaveText(/“broken.jpg” could not be decoded: the file is corrupt or truncated/);
  await expect(card(page, 'tiny.png').getByTestId('item-time')).toContainText('1×1 px');
  await expect(card(page, 'tiny.png').getByTestId('no-detections')).toBeVisible();
  for (const name of ['grey.jpg', 'cmyk.jpg']) {
    const labels = await labelsIn(page, name);
    expect(labels, name).toContain('dog');
    expect(labels, name).toContain('bicycle');
  }
  const doc = await exportJson<DetectExport>(page);
  const out = (name: string) => doc.items.find((i) => i.input === name)!.output;
  expect(doc.errors?.map((e) => e.input).sort()).toEqual(['broken.jpg', 'notes.jpg']);
  expectMatches(
    out('alpha.png'),
    'cat',
    CATS.map((b) => scaleBox(b, 1, 100, 100)),
  );
  expectMatches(out('rotated.jpg'), 'cat', CATS);
  expectMatches(
    out('huge.jpg'),
    'cat',
    CATS.map((b) => scaleBox(b, 16)),
  );
  await expect(card(page, 'rotated.jpg').getByTestId('item-time')).toContainText('640×480 px');
  await expect(card(page, 'huge.jpg').getByTestId('item-time')).toContainText('10240×7680 px');
  // The model is still healthy afterwards.
  await runFiles(page, image(COCO));
  expect((await labelsIn(page, COCO)).filter((l) => l === 'cat')).toHaveLength(2);
});

test('downloads the annotated image as a PNG at the original size', async ({ page }) => {
  await runFiles(page, image(COCO));
  const d = await downloadFrom(page, card(page, COCO).getByRole('button', { name: 'Download PNG' }));
  expect(d.name).toBe('coco_000000039769-detections.png');
  const png = d.bytes;
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 480]);
  // Boxes were drawn: the PNG differs from the source image.
  expect(png.equals(fs.readFileSync(image(COCO)))).toBe(false);
});

test('a run can be cancelled: the worker itself stops (its own messages), and the page stays usable', async ({ page }) => {
  const workerLog = await logWorkerMessages(page);
  await page.reload();
  const buf = fs.readFileSync(image('yolox_dog.jpg'));
  await startRun(
    page,
    Array.from({ length: 30 }, (_, i) => ({ name: `dog-${i}.jpg`, mimeType: 'image/jpeg', buffer: buf })),
  );
  await expect(page.getByTestId('progress-text')).toContainText(/image ([2-9]|\d{2,}) of 30/);
  expect(await cancelAndCheckWorkerStopped(page, workerLog)).toBeLessThan(30);
  await runFiles(page, image(COCO));
  expect((await labelsIn(page, COCO)).filter((l) => l === 'cat')).toHaveLength(2);
});

/** Tests that need other browser flags (fake camera, WebGPU) get their own Chromium; the same no-leaving-localhost rule applies. */
async function ownBrowser(baseURL: string, extraArgs: string[]) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const context = await browser.newContext({ baseURL });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  // Keep every stream the page opens, to check that Stop really releases the camera.
  // Count the run requests in flight to the workers (the camera must never queue frames).
  await context.addInitScript(() => {
    const w = window as unknown as { __maxInFlight: number };
    w.__maxInFlight = 0;
    let inFlight = 0;
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e: MessageEvent) => {
          if (e.data?.type === 'result' || e.data?.type === 'error') inFlight--;
        });
      }
      postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions) {
        if ((message as { type?: string })?.type === 'run') w.__maxInFlight = Math.max(w.__maxInFlight, ++inFlight);
        if ((message as { type?: string })?.type === 'cancel') inFlight--;
        super.postMessage(message, transfer as Transferable[]);
      }
    };
  });
  await context.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { __streams: MediaStream[] }).__streams = streams;
    const md = navigator.mediaDevices;
    if (!md) return;
    const orig = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => {
      const s = await orig(c);
      streams.push(s);
      return s;
    };
  });
  const page = await context.newPage();
  const close = async () => {
    await browser.close();
    expect(
      requests.filter((u) => !/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|blob:|data:)/.test(u)),
      'requests that left localhost',
    ).toEqual([]);
  };
  return { page, close };
}

test('live camera (Chromium fake camera playing the dog photo): detections appear, FPS shows, Stop releases the camera', async ({ baseURL }) => {
  const clip = await fakeCameraClip(image('yolox_dog.jpg'));
  const { page, close } = await ownBrowser(baseURL!, [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`,
  ]);
  try {
    await page.goto('/#/detect');
    await page.getByRole('button', { name: 'Live camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).click();
    const cam = page.getByTestId('camera');
    await expect(cam).toHaveAttribute('data-camera', 'running');
    await expect.poll(async () => Number(await cam.getAttribute('data-frames')), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('camera-labels')).toContainText('dog');
    await expect(page.getByTestId('camera-labels')).toContainText('bicycle');
    expect(await page.evaluate(() => (window as unknown as { __maxInFlight: number }).__maxInFlight), 'frames in flight at once').toBe(1);
    await expect(page.getByTestId('camera-readout')).toContainText(/\d+\.\d FPS · latency \d+ ms/);
    expect(Number(await page.getByTestId('camera-readout').getAttribute('data-fps'))).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await expect(cam).toHaveAttribute('data-camera', 'stopped');
    const tracks = await page.evaluate(() =>
      (window as unknown as { __streams: MediaStream[] }).__streams.flatMap((s) => s.getTracks().map((t) => t.readyState)),
    );
    expect(tracks.length).toBeGreaterThan(0);
    expect(tracks.every((s) => s === 'ended')).toBe(true);
    expect(await page.evaluate(() => document.querySelector('video')?.srcObject ?? null)).toBeNull();
  } finally {
    await close();
    fs.rmSync(clip, { force: true });
  }
});

test('live camera: permission denied gets a clear message', async ({ baseURL }) => {
  // A fake device but no auto-accept: headless Chromium denies the permission prompt.
  const { page, close } = await ownBrowser(baseURL!, ['--use-fake-device-for-media-stream']);
  try {
    await page.goto('/#/detect');
    await page.getByRole('button', { name: 'Live camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByTestId('camera-error')).toHaveText(/Camera permission was denied/);
    await expect(page.getByTestId('camera')).toHaveAttribute('data-camera', 'stopped');
  } finally {
    await close();
  }
});

test('forced WebGPU (software adapter) finds the same boxes as onnxruntime-node', async ({ baseURL }) => {
  const { page, close } = await ownBrowser(baseURL!, ['--enable-unsafe-webgpu']);
  try {
    await setSettings(page, { backend: 'webgpu' });
    await page.goto('/#/detect');
    await runFiles(page, image(COCO));
    await expect(page.getByTestId('run-info')).toHaveAttribute('data-backend', 'webgpu');
    await expect(page.getByTestId('fallback-notice')).toHaveCount(0);
    const { output } = (await exportJson<DetectExport>(page)).items[0];
    const native = (await nativeYolox(image(COCO))).filter((d) => d.score >= 0.25);
    expect(output.map((d) => d.label)).toEqual(native.map((d) => d.label));
    native.forEach((n, i) => {
      for (const k of ['xmin', 'ymin', 'xmax', 'ymax'] as const) expect(Math.abs(output[i].box[k] - n.box[k]), `${n.label} #${i} ${k}`).toBeLessThanOrEqual(1);
    });
  } finally {
    await close();
  }
});
