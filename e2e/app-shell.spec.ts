import { ortRuntimeManifest } from '../tooling/ort-runtime.mjs';
import { test, expect } from './fixtures';

test('every task has a route with its panel and an Export JSON button', async ({ page }) => {
  const routes: [string, string][] = [
    ['#/classify-image', 'Classify images'],
    ['#/detect', 'Detect objects'],
    ['#/ocr', 'Read text (OCR)'],
    ['#/summarize', 'Summarize'],
    ['#/classify-text', 'Classify text'],
  ];
  for (const [hash, title] of routes) {
    await page.goto(`/${hash}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Export JSON', exact: true }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: title })).toHaveAttribute('aria-current', 'page');
  }
  await page.goto('/#/nowhere');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/#\/classify-image$/);
});

test('installable: manifest, icons, cross-origin isolation headers', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(`/${href!.replace(/^\//, '')}`)).json();
  expect(manifest).toMatchObject({ name: expect.any(String), short_name: 'On-device ML', start_url: './', display: 'standalone', theme_color: '#0f766e' });
  const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}:${i.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
  for (const icon of manifest.icons) {
    const res = await request.get(`/${icon.src}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/png');
  }
  const res = await request.get('/');
  expect(res.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(res.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('missing model and runtime files get a real 404, never the app page', async ({ request }) => {
  const runtime = ortRuntimeManifest(process.cwd());
  // Runtime files live only under the build's versioned folder (ort/<tag>/), never under a fixed name.
  for (const url of ['/models/org/missing/config.json', '/models/onnx-model-zoo/mobilenetv2-12-int8/tokenizer.json', `/${runtime.path}nothing.wasm`, '/ort/ort-wasm-simd-threaded.asyncify.wasm']) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(404);
    expect(await res.text()).not.toContain('<html');
  }
  const ort = await request.get(`/${runtime.path}ort-wasm-simd-threaded.asyncify.wasm`);
  expect(ort.status()).toBe(200);
  expect(ort.headers()['content-type']).toBe('application/wasm');
});

test('settings show the device and let the user force a backend', async ({ page }) => {
  await page.goto('/#/settings');
  await expect(page.getByTestId('capabilities')).toContainText('Cross-origin isolated');
  await page.getByLabel('WASM (CPU)').check();
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('settings-v1')!).backend)).toBe('wasm');
});
