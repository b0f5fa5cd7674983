import { ortRuntimeManifest } from '../tooling/ort-runtime.mjs';
import { test, expect, storedSettings, SETTINGS_KEY } from './helpers';

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
  for (const url of [
    '/models/org/missing/config.json',
    '/models/onnx-model-zoo/mobilenetv2-12-int8/tokenizer.json',
    `/${runtime.path}nothing.wasm`,
    '/ort/ort-wasm-simd-threaded.asyncify.wasm',
  ]) {
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
  expect((await storedSettings(page)).backend).toBe('wasm');
});

test('the hub address takes https addresses only, and says why it refuses another', async ({ page }) => {
  await page.goto('/#/settings');
  const hub = page.getByLabel('Hub address');
  const saved = async () => (await storedSettings(page)).hubHost;
  await hub.fill('http://mirror.example.org/');
  await expect(page.getByTestId('hub-error')).toContainText('must start with https://');
  expect(await saved()).not.toBe('http://mirror.example.org/');
  await hub.fill('https://mirror.example.org/hf');
  await expect(page.getByTestId('hub-error')).toHaveCount(0);
  expect(await saved()).toBe('https://mirror.example.org/hf/');
  // Saved, but this build's Content-Security-Policy does not allow that host: the page says so.
  await expect(page.getByTestId('hub-blocked')).toContainText('downloads from mirror.example.org will be refused');
  // An http address saved by an older version is not used.
  await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ hubHost: 'http://old.example.org/' })), SETTINGS_KEY);
  await page.reload();
  await expect(page.getByLabel('Hub address')).toHaveValue('https://huggingface.co/');
});

test('a Content-Security-Policy on every response: connections to other origins are refused, from the page and from a worker', async ({ browser, baseURL }) => {
  const runtime = ortRuntimeManifest(process.cwd());
  // Its own context: the refused requests must not count as requests that left localhost, they never leave.
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(`${baseURL}/#/classify-image`);
  const csp = res!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("connect-src 'self' https://huggingface.co");
  for (const part of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"]) expect(csp).toContain(part);
  // A worker takes its policy from its own script's response: every file carries the header.
  for (const url of [
    '/sw.js',
    `/${runtime.path}ort-wasm-simd-threaded.asyncify.mjs`,
    '/models/onnx-model-zoo/mobilenetv2-12-int8/config.json',
    '/manifest.webmanifest',
  ]) {
    const r = await context.request.get(`${baseURL}${url}`);
    expect(r.headers()['content-security-policy'], url).toBe(csp);
  }
  const out = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const fromPage = await fetch('https://example.org/leak').then(
      () => 'sent',
      () => 'refused',
    );
    const src = `const v = []; self.addEventListener('securitypolicyviolation', (e) => v.push(e.violatedDirective + ' ' + e.blockedURI));
      fetch('https://example.org/leak-from-worker').then(() => 'sent', () => 'refused').then((r) => setTimeout(() => postMessage({ r, v }), 50));`;
    const fromWorker = await new Promise<{ r: string; v: string[] }>((resolve) => {
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      w.onmessage = (e) => resolve(e.data);
    });
    await new Promise((r) => setTimeout(r, 100));
    return { fromPage, violations, fromWorker };
  });
  expect(out.fromPage).toBe('refused');
  expect(out.violations).toContain('connect-src https://example.org/leak');
  expect(out.fromWorker.r).toBe('refused');
  expect(out.fromWorker.v).toContain('connect-src https://example.org/leak-from-worker');
  await context.close();
});
