import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { modelPath } from '../tooling/models-dirs.mjs';
import { RUNTIME_CACHE_PREFIX } from '../src/model-store/cache-names';
import { test, expect, image, exportJson, runFiles, storedModelUrls, MODEL_CACHE, startRun, firstLabels, setSettings, MODEL_FILE } from './helpers';

const realModel = () => fs.readFileSync(modelPath(MODEL_FILE.replace('/models/', '')));

// Model downloads go straight to the network here (no service worker), so the routes below see them.
test.use({ serviceWorkers: 'block' });

test.beforeEach(async ({ page }) => {
  // Hub downloads off: the self-hosted folder is the only source, as in an air-gapped deployment.
  await setSettings(page, { allowHub: false });
  await page.goto('/#/classify-image');
});

test('a model file that fails its checksum is refused, not cached, and the next try works', async ({ page, context }) => {
  await context.route(`**${MODEL_FILE}`, async (route) => {
    const body = realModel();
    body[body.length >> 1] ^= 0xff; // one flipped byte, same size
    await route.fulfill({ status: 200, body, contentType: 'application/octet-stream' });
  });
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toContainText('onnx-model-zoo/mobilenetv2-12-int8/onnx/model_quantized.onnx failed its checksum');
  expect(await storedModelUrls(page)).not.toContainEqual(expect.stringContaining('model_quantized.onnx'));
  await context.unroute(`**${MODEL_FILE}`);
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
});

test('compressed responses (Content-Encoding: gzip, as CDNs send) are stored and verified by their decoded bytes', async ({ page, context }) => {
  const config = '/models/onnx-model-zoo/mobilenetv2-12-int8/config.json';
  const served: string[] = [];
  for (const url of [MODEL_FILE, config]) {
    await context.route(`**${url}`, async (route) => {
      const bytes = fs.readFileSync(modelPath(url.replace('/models/', '')));
      served.push(url);
      // What fetch() shows for a compressed response: the body decoded, Content-Encoding and the Content-Length
      // of the compressed bytes on the wire (Chromium does not decode a body fulfilled here, so it is given decoded).
      await route.fulfill({
        status: 200,
        body: bytes,
        headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip', 'content-length': String(gzipSync(bytes).length) },
      });
    });
  }
  // The page sees what a compressing server produces: a body longer than its Content-Length.
  const seen = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { encoding: r.headers.get('content-encoding'), length: Number(r.headers.get('content-length')), body: (await r.arrayBuffer()).byteLength };
  }, config);
  expect(seen.encoding).toBe('gzip');
  expect(seen.body).toBeGreaterThan(seen.length);
  served.length = 0;
  await runFiles(page, image('imagenet_finch.jpeg'));
  const err = page.getByTestId('run-error');
  if (await err.count()) throw new Error(`the run failed: ${await err.innerText()}`);
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect(served.sort()).toEqual([config, MODEL_FILE].sort());
  await page.goto('/#/storage');
  await expect(page.locator('tr[data-model="onnx-model-zoo/mobilenetv2-12-int8"]')).toContainText('✓ checksum verified');
});

test('an HTML page served under a model name (SPA fallback) is never stored', async ({ page, context }) => {
  await context.route(`**${MODEL_FILE}`, (route) => route.fulfill({ status: 200, body: '<!doctype html><title>app</title>', contentType: 'text/html' }));
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toContainText(/model_quantized.onnx was not found in this site's model folder/);
  await context.unroute(`**${MODEL_FILE}`);
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
});

test('a download that breaks off leaves no partial file, and the next try works', async ({ page, context }) => {
  await context.route(`**${MODEL_FILE}`, (route) => route.abort('connectionreset'));
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toContainText(
    /Could not download onnx-model-zoo\/mobilenetv2-12-int8\/onnx\/model_quantized.onnx from this site: the network request failed\. Nothing was saved/,
  );
  await context.unroute(`**${MODEL_FILE}`);
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
});

test('storage quota too small: a clear message and nothing half-stored', async ({ page, context }) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 1024 * 1024 });
  await runFiles(page, image('imagenet_finch.jpeg'));
  // The runtime (25.7 MB) comes first: either the estimate refuses up front, or the write itself hits the
  // quota; both say so plainly.
  await expect(page.getByTestId('run-error')).toContainText(
    new RegExp(
      [
        'Not enough storage space for the ONNX Runtime every task needs: it needs 25\\.7 MB',
        'Storage is full: ONNX Runtime \\(ort-wasm-simd-threaded\\.asyncify\\.wasm\\) \\(25\\.6 MB\\) could not be saved',
      ].join('|'),
    ),
  );
  const stored = await page.evaluate(
    async (names) => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        if (names.some((n) => name.startsWith(n))) urls.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
      }
      return urls;
    },
    [MODEL_CACHE, RUNTIME_CACHE_PREFIX],
  );
  expect(stored.filter((u) => /model_quantized\.onnx|asyncify\.wasm/.test(u))).toEqual([]);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
});

test('a crashed worker is reported and replaced for the next request', async ({ page }) => {
  const finch = fs.readFileSync(image('imagenet_finch.jpeg'));
  await runFiles(page, image('imagenet_finch.jpeg'));
  await startRun(
    page,
    Array.from({ length: 40 }, (_, i) => ({ name: `f${i}.jpg`, mimeType: 'image/jpeg', buffer: finch })),
  );
  await expect(page.getByTestId('progress-text')).toContainText(/image \d+ of 40/);
  await page.evaluate(() => (window as unknown as { __app: { crashWorker(t: string): Promise<void> } }).__app.crashWorker('image-classification'));
  await expect(page.getByTestId('run-error')).toContainText(/image-classification worker crashed .*restarted/);
  type Win = { __app: { workerAlive(t: string): boolean } };
  expect(await page.evaluate(() => (window as unknown as Win).__app.workerAlive('image-classification'))).toBe(false);
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
});

test.describe('WebGPU forced where it cannot work', () => {
  test.beforeEach(async ({ page }) => {
    await setSettings(page, { backend: 'webgpu' });
    await page.reload(); // settings are read at start-up
  });
  test('falls back to WASM transparently and says so', async ({ page }) => {
    // This Chromium runs without --enable-unsafe-webgpu: no adapter, so creating the WebGPU session fails for real.
    type Nav = { gpu?: { requestAdapter(): Promise<unknown> } };
    expect(await page.evaluate(async () => !!(await (navigator as unknown as Nav).gpu?.requestAdapter()))).toBe(false);
    await runFiles(page, image('imagenet_finch.jpeg'));
    expect((await firstLabels(page))[0]).toMatch(/^house finch/);
    await expect(page.getByTestId('run-info')).toHaveAttribute('data-backend', 'wasm');
    await expect(page.getByTestId('fallback-notice')).toContainText('WebGPU failed, so this ran on WASM instead');
    const doc = await exportJson(page);
    expect(doc.backend).toBe('wasm');
    expect(doc.fallback?.from).toBe('webgpu');
  });
});
