/**
 * Offline after the FIRST visit, without a race: a fresh profile runs a task before the service worker
 * controls the page (its registration is held back by the test until the run has finished, so the
 * inference worker fetches the ONNX Runtime files with no service worker in between), then reloads, goes
 * offline and runs the task again. The model store must have stored the runtime itself.
 *
 * Every try is a new browser context (a fresh profile: empty caches, IndexedDB and registrations).
 * OFFLINE_TRIES tries per task (default 12: CI has to stay under 30 minutes with the newer suites).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import path from 'node:path';
import { test, expect, image, leavesLocalhost, OCR_DEV, runFiles, runWith } from './helpers';
import { ensureGeneratedModels } from './text-models';

const TRIES = Number(process.env.OFFLINE_TRIES ?? 12);

/** Holds `navigator.serviceWorker.register` back until `window.__releaseSw()` on a page no worker controls yet. */
function holdServiceWorker() {
  const w = window as unknown as { __releaseSw?: () => void; __swHeld?: boolean };
  if (!('serviceWorker' in navigator) || navigator.serviceWorker.controller) return;
  const proto = ServiceWorkerContainer.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with its receiver
  const register = proto.register;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  w.__releaseSw = release;
  w.__swHeld = true;
  proto.register = function (this: ServiceWorkerContainer, ...args: Parameters<ServiceWorkerContainer['register']>) {
    return released.then(() => register.apply(this, args));
  };
}

interface TaskCase {
  name: string;
  route: string;
  heading: string;
  /** Starts one run in the page and resolves once its result is shown; returns a short description of it. */
  run(page: Page): Promise<string>;
}

async function runFileOk(page: Page, file: string) {
  await runFiles(page, file);
  await noRunError(page);
}
async function noRunError(page: Page) {
  const err = page.getByTestId('run-error');
  if (await err.count()) throw new Error(`the run failed: ${await err.innerText()}`);
}

const CASES: TaskCase[] = [
  {
    name: 'image classification',
    route: '/#/classify-image',
    heading: 'Classify images',
    run: async (page) => {
      await runFileOk(page, image('imagenet_finch.jpeg'));
      const first = (await page.getByTestId('result').first().getByTestId('label').first().innerText()).trim();
      expect(first).toMatch(/^house finch/);
      return first;
    },
  },
  {
    name: 'object detection',
    route: '/#/detect',
    heading: 'Detect objects',
    run: async (page) => {
      await runFileOk(page, image('coco_000000039769.png'));
      const list = page.getByTestId('detection');
      await expect(list.filter({ hasText: 'cat' }).first()).toBeVisible();
      return `${await list.count()} detections`;
    },
  },
  {
    name: 'OCR',
    route: '/#/ocr',
    heading: 'Read text (OCR)',
    run: async (page) => {
      await runFileOk(page, path.join(OCR_DEV, 'lines', 'uw3train_010001.png'));
      const lines = await page.getByTestId('ocr-line').allInnerTexts();
      expect(lines.length).toBeGreaterThan(0);
      return JSON.stringify(lines);
    },
  },
  {
    name: 'text classification (generated test model)',
    route: '/#/classify-text',
    heading: 'Classify text',
    run: async (page) => {
      await page.getByTestId('model-select').selectOption('test-tiny/bert-sst2');
      await page.getByLabel('Text to classify').fill('I loved this movie, it was wonderful!');
      await runWith(page, () => page.getByRole('button', { name: 'Classify', exact: true }).click());
      await noRunError(page);
      await expect(page.getByTestId('label')).toHaveCount(2);
      return (await page.getByTestId('label').allInnerTexts()).join(', ');
    },
  },
];

async function freshContext(browser: Browser): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await browser.newContext();
  const outside: string[] = [];
  context.on('request', (r) => {
    if (leavesLocalhost(r.url())) outside.push(r.url());
  });
  await context.addInitScript(holdServiceWorker);
  return { context, outside };
}

test.beforeAll(() => ensureGeneratedModels());

for (const c of CASES) {
  test(`first visit, run before the service worker controls the page, then offline: ${c.name} (${TRIES} fresh profiles)`, async ({ browser, baseURL }) => {
    test.setTimeout(60_000 + TRIES * 45_000);
    for (let i = 0; i < TRIES; i++) {
      const { context, outside } = await freshContext(browser);
      const page = await context.newPage();
      try {
        await page.goto(`${baseURL}${c.route}`);
        await expect(page.getByRole('heading', { name: c.heading })).toBeVisible();
        // The run happens on a page no service worker controls: its worker fetches everything itself.
        expect(await page.evaluate(() => [!!navigator.serviceWorker.controller, (window as { __swHeld?: boolean }).__swHeld])).toEqual([false, true]);
        const online = await c.run(page);
        await expect(page.getByTestId('offline-ready')).toHaveCount(0); // no service worker yet: not offline-ready
        await page.evaluate(() => (window as unknown as { __releaseSw: () => void }).__releaseSw());
        await expect(page.getByTestId('offline-ready')).toBeVisible();

        await page.reload();
        await expect(page.getByRole('heading', { name: c.heading })).toBeVisible();
        await context.setOffline(true);
        await page.reload();
        await expect(page.getByRole('heading', { name: c.heading })).toBeVisible();
        expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
        const offline = await c.run(page).catch((e: Error) => {
          throw new Error(`offline, after the reload: ${e.message}`);
        });
        expect(offline, `try ${i + 1}: the offline run gives what the online one gave`).toBe(online);
        expect(outside, 'requests that left localhost').toEqual([]);
      } catch (err) {
        throw new Error(`${c.name}, try ${i + 1} of ${TRIES}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      } finally {
        await context.close();
      }
    }
  });
}
