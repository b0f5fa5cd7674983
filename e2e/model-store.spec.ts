/**
 * The model store over a model's life, in the built app: a download that breaks off mid-stream, a model
 * stored in part, a stored file that no longer matches its checksum, a file that a new release changed
 * under the same path, and two tabs downloading the same model at once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { modelPath } from '../tooling/models-dirs.mjs';
import { test, expect, image, runFiles, firstLabels, setSettings, storedModelUrls, MODEL_CACHE, MODEL_FILE } from './helpers';

// Model downloads go straight to the network here (no service worker), so every request is counted.
test.use({ serviceWorkers: 'block' });

const MODEL = 'onnx-model-zoo/mobilenetv2-12-int8';
const row = (page: Page) => page.locator(`tr[data-model="${MODEL}"]`);
const modelRequests = (requests: string[]) => requests.filter((u) => u.includes(`/models/${MODEL}/`));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test.beforeEach(async ({ page }) => {
  // Hub downloads off: the self-hosted folder is the only source, as in an air-gapped deployment.
  await setSettings(page, { allowHub: false });
  await page.goto('/#/classify-image');
});

test('a download that breaks off mid-stream resumes where it stopped (HTTP Range), and the stored file is verified whole', async ({ page, context }) => {
  // The server sends the headers and the first 1,000,000 of the file's 3.5 MB, then drops the connection.
  await context.addCookies([{ name: 'e2e-break', value: `${encodeURIComponent(MODEL_FILE)}~1000000`, url: page.url() }]);
  const asked: (string | null)[] = [];
  context.on('request', (r) => void (r.url().endsWith(MODEL_FILE) && asked.push(r.headers()['range'] ?? null)));
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect(asked[0]).toBeNull();
  expect(asked[1]).toMatch(/^bytes=\d{6,}-$/);
  expect(asked).toHaveLength(2);
  await page.getByRole('link', { name: 'Storage' }).click();
  await expect(row(page)).toContainText('✓ checksum verified');
  expect((await storedModelUrls(page)).filter((u) => u.includes('staging'))).toEqual([]);
});

test('a download whose resumed request breaks too stores nothing, not even in part, and the next try works', async ({ page, context }) => {
  // Every request for the file, ranged or not, stops after 100,000 bytes: the download resumes three times, then gives up.
  await context.addCookies([{ name: 'e2e-break', value: `${encodeURIComponent(MODEL_FILE)}~100000~all`, url: page.url() }]);
  let asked = 0;
  context.on('request', (r) => void (r.url().endsWith(MODEL_FILE) && asked++));
  await runFiles(page, image('imagenet_finch.jpeg'));
  await expect(page.getByTestId('run-error')).toContainText(
    /The download of onnx-model-zoo\/mobilenetv2-12-int8\/onnx\/model_quantized\.onnx broke off after [\d.]+ (KB|MB) of 3\.5 MB\. Nothing was saved/,
  );
  expect(asked).toBe(4);
  // Nothing under the file's name, and no staged part either.
  expect((await storedModelUrls(page)).filter((u) => u.includes('model_quantized'))).toEqual([]);
  await context.clearCookies();
  await page.getByTestId('run-error').getByRole('button', { name: 'Retry' }).click();
  await expect(page.locator('section[data-run]')).toHaveAttribute('data-running', 'false', { timeout: 60_000 });
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect((await storedModelUrls(page)).filter((u) => u.includes('staging'))).toEqual([]);
});

test('a model with a file missing shows as partly stored, and "Download missing files" fetches only that file', async ({ page, net }) => {
  await runFiles(page, image('imagenet_finch.jpeg'));
  // A download that broke off in an older version, or a file the browser evicted: the weights are gone.
  await page.evaluate(([cache, u]) => caches.open(cache).then((c) => c.delete(new URL(u, location.href).href)), [MODEL_CACHE, MODEL_FILE]);
  await page.getByRole('link', { name: 'Storage' }).click();
  await expect(row(page).getByTestId('model-partial')).toContainText('Partly stored: 2 of 3 files');
  await expect(row(page).getByTestId('model-partial')).toContainText('3.5 MB missing (onnx/model_quantized.onnx)');
  await expect(row(page)).not.toContainText('checksum verified');
  // Not offline ready for this task while a file is missing.
  await expect(page.getByTestId('storage-offline')).not.toContainText(/Classify images/);
  const before = net.requests.length;
  await row(page).getByRole('button', { name: 'Download missing files' }).click();
  await expect(row(page)).toContainText('✓ checksum verified');
  expect(modelRequests(net.requests.slice(before))).toEqual([expect.stringContaining(MODEL_FILE)]);
});

test('Re-verify finds a stored file whose bytes changed on the device, deletes it, and the next run downloads it again', async ({ page, net }) => {
  await runFiles(page, image('imagenet_finch.jpeg'));
  await page.getByRole('link', { name: 'Storage' }).click();
  await row(page).getByRole('button', { name: 'Re-verify' }).click();
  await expect(row(page).getByTestId('reverify-result')).toContainText('✓ all 3 files match their checksums');
  // One byte flipped in the stored weights (same size, same headers), as disk corruption would do.
  await page.evaluate(
    async ([cache, u]) => {
      const c = await caches.open(cache);
      const key = new URL(u, location.href).href;
      const hit = (await c.match(key))!;
      const bytes = new Uint8Array(await hit.arrayBuffer());
      bytes[bytes.length >> 1] ^= 0xff;
      await c.put(key, new Response(bytes, { headers: hit.headers }));
    },
    [MODEL_CACHE, MODEL_FILE],
  );
  await row(page).getByRole('button', { name: 'Re-verify' }).click();
  await expect(row(page).getByTestId('reverify-result')).toContainText('onnx/model_quantized.onnx did not match its checksum and was deleted');
  await expect(row(page).getByTestId('model-partial')).toContainText('Partly stored: 2 of 3 files');
  const before = net.requests.length;
  await page.getByRole('link', { name: 'Classify images' }).click();
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect(modelRequests(net.requests.slice(before))).toEqual([expect.stringContaining(MODEL_FILE)]);
});

test('a stored file that a new release changed under the same path is downloaded again, and the run uses the new bytes', async ({ page, net }) => {
  await runFiles(page, image('imagenet_finch.jpeg'));
  // What an older release left in the cache: other bytes under the same name, with that release's checksum.
  const old = new Uint8Array(fs.readFileSync(modelPath(MODEL_FILE.replace('/models/', ''))));
  old[100] ^= 0xff;
  await page.evaluate(
    async ([cache, u, b64, sha]) => {
      const body = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const c = await caches.open(cache);
      await c.put(new URL(u, location.href).href, new Response(body, { headers: { 'content-length': String(body.length), 'x-sha256': sha } }));
    },
    [MODEL_CACHE, MODEL_FILE, Buffer.from(old).toString('base64'), sha256(old)] as const,
  );
  const before = net.requests.length;
  await runFiles(page, image('imagenet_finch.jpeg'));
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect(modelRequests(net.requests.slice(before))).toEqual([expect.stringContaining(MODEL_FILE)]);
  const stored = await page.evaluate(
    async ([cache, u]) => {
      const hit = (await (await caches.open(cache)).match(new URL(u, location.href).href))!;
      return {
        sha: hit.headers.get('x-sha256'),
        bytes: [...new Uint8Array(await crypto.subtle.digest('SHA-256', await hit.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join(''),
      };
    },
    [MODEL_CACHE, MODEL_FILE],
  );
  const current = sha256(new Uint8Array(fs.readFileSync(modelPath(MODEL_FILE.replace('/models/', '')))));
  expect(stored).toEqual({ sha: current, bytes: current });
});

test('two tabs starting the same model at once download each file once, and both runs succeed', async ({ page, context, net }) => {
  const second = await context.newPage();
  await second.goto('/#/classify-image');
  const before = net.requests.length;
  await Promise.all([runFiles(page, image('imagenet_finch.jpeg')), runFiles(second, image('imagenet_finch.jpeg'))]);
  expect((await firstLabels(page))[0]).toMatch(/^house finch/);
  expect((await firstLabels(second))[0]).toMatch(/^house finch/);
  const asked = modelRequests(net.requests.slice(before)).map((u) => new URL(u).pathname);
  expect(asked.sort()).toEqual(['config.json', 'onnx/model_quantized.onnx', 'preprocessor_config.json'].map((p) => `/models/${MODEL}/${p}`).sort());
});
