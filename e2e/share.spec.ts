/**
 * The installed app takes images and text from the rest of the system (issue #15): the manifest's
 * share_target and file_handlers, a share as the browser sends it (a multipart POST navigation to the share
 * action, received by the service worker with the network off), and a file opened with the app (File
 * Handling's launchQueue, simulated: headless Chromium has no installed app to launch).
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, image, runFiles, serviceWorkerActive } from './helpers';
import { SHARE_CACHE } from '../src/app/share/constants';

const panel = (page: Page) => page.locator('section[data-run]');

interface FileSpec {
  name: string;
  type: string;
  b64: string;
}
const fileSpec = (path: string, name: string, type: string): FileSpec => ({ name, type, b64: fs.readFileSync(path).toString('base64') });
const textSpec = (name: string, type: string, text: string): FileSpec => ({ name, type, b64: Buffer.from(text).toString('base64') });

/** What another app's share does: a multipart/form-data POST navigation to the manifest's share action. */
async function shareFromAnotherApp(page: Page, files: FileSpec[], fields: Record<string, string> = {}) {
  await page.evaluate(
    ({ files, fields }) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.enctype = 'multipart/form-data';
      form.action = 'share-target';
      for (const [k, v] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = k;
        input.value = v;
        form.append(input);
      }
      const input = document.createElement('input');
      input.type = 'file';
      input.name = 'files';
      input.multiple = true;
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      input.files = dt.files;
      form.append(input);
      document.body.append(form);
      form.submit();
    },
    { files, fields },
  );
}

test('the manifest declares a share target (images and text, multipart POST) and file handlers for images and text files', async ({ request }) => {
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as {
    share_target: { action: string; method: string; enctype: string; params: { text: string; files: { name: string; accept: string[] }[] } };
    file_handlers: { action: string; accept: Record<string, string[]> }[];
  };
  expect(manifest.share_target).toMatchObject({ action: 'share-target', method: 'POST', enctype: 'multipart/form-data' });
  expect(manifest.share_target.params.text).toBe('text');
  expect(manifest.share_target.params.files[0].accept).toEqual(expect.arrayContaining(['image/*', 'text/plain']));
  const accepts = manifest.file_handlers.map((h) => Object.keys(h.accept)).flat();
  expect(accepts).toEqual(expect.arrayContaining(['image/*', 'text/plain', 'text/markdown']));
});

test('images shared from another app open in the chosen task with the network off, and the choice is remembered', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto('/#/classify-image');
  await serviceWorkerActive(page);
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  // One online run stores the classifier; from then on everything below happens offline.
  await runFiles(page, image('yolox_dog.jpg'));
  await context.setOffline(true);

  await shareFromAnotherApp(page, [fileSpec(image('imagenet_finch.jpeg'), 'finch.jpeg', 'image/jpeg'), textSpec('notes.pdf', 'application/pdf', '%PDF-1.4')]);
  await expect(page).toHaveURL(/#\/share/);
  await expect(page.getByRole('heading', { name: 'Open 1 image with…' })).toBeVisible();
  await expect(page.getByTestId('share-refused')).toContainText('notes.pdf');
  await expect(page.getByTestId('share-remember')).toBeChecked();
  await page.getByRole('button', { name: 'Classify images' }).click();
  await expect(page).toHaveURL(/#\/classify-image$/);
  // The run starts by itself, as if the images had been picked.
  const finch = page.locator('[data-testid="result"][data-file="finch.jpeg"]');
  await expect(finch.getByTestId('label').first()).toHaveText(/^house finch/, { timeout: 60_000 });
  await expect(panel(page)).toHaveAttribute('data-running', 'false', { timeout: 60_000 });

  // Remembered: the next share goes straight to the task, without the chooser.
  await page.goto('/#/summarize');
  await shareFromAnotherApp(page, [fileSpec(image('yolox_dog.jpg'), 'dog.jpg', 'image/jpeg')]);
  await expect(page).toHaveURL(/#\/classify-image$/);
  await expect(page.locator('[data-testid="result"][data-file="dog.jpg"]')).toBeVisible({ timeout: 60_000 });
  // The shared files do not stay behind in the service worker's inbox.
  expect(await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, SHARE_CACHE)).toBe(0);

  // Settings shows the choice and can go back to asking.
  await page.goto('/#/settings');
  const images = page.getByTestId('share-choices').getByLabel('Shared or opened images open in');
  await expect(images).toHaveValue('image-classification');
  await images.selectOption('');
  await page.goto('/#/summarize');
  await shareFromAnotherApp(page, [fileSpec(image('yolox_dog.jpg'), 'dog.jpg', 'image/jpeg')]);
  await expect(page.getByRole('heading', { name: 'Open 1 image with…' })).toBeVisible();
});

test('text shared from another app fills the chosen text task; a share with nothing the app can open says so', async ({ page, context }) => {
  await page.goto('/#/summarize');
  await serviceWorkerActive(page);
  await page.reload();
  await context.setOffline(true);
  const text = 'The museum opens a new wing next month. It will show maps and instruments from three centuries of navigation.';
  await shareFromAnotherApp(page, [], { title: '', text });
  await expect(page.getByRole('heading', { name: /^Open text \(\d+ characters\) with…$/ })).toBeVisible();
  await page.getByTestId('share-remember').uncheck();
  await page.getByRole('button', { name: 'Classify text' }).click();
  await expect(page).toHaveURL(/#\/classify-text$/);
  await expect(page.getByLabel('Text to classify')).toHaveValue(text);

  // Not remembered: the chooser comes again, and this time Summarize takes it.
  await shareFromAnotherApp(page, [textSpec('notes.md', 'text/markdown', '# Notes\n\nBring the maps.')]);
  await page.getByRole('button', { name: 'Summarize' }).click();
  await expect(page.getByLabel('Text to summarise')).toHaveValue('# Notes\n\nBring the maps.');

  await shareFromAnotherApp(page, [textSpec('scan.pdf', 'application/pdf', '%PDF-1.4')]);
  await expect(page.getByTestId('share-error')).toHaveText('This app opens images and text (.txt, .md files, or shared text); scan.pdf is neither.');
});

test('a file opened with the installed app (launchQueue) reaches the chosen task', async ({ page }) => {
  // File Handling delivers launches through window.launchQueue, which only an installed app receives: the test
  // stands in for the browser and hands the app's consumer a file handle, as Chromium does.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'launchQueue', {
      configurable: true,
      value: { setConsumer: (c: unknown) => ((window as unknown as { __launch: unknown }).__launch = c) },
    });
  });
  await page.goto('/#/summarize');
  const launch = (f: FileSpec) =>
    page.evaluate((f) => {
      const file = new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type });
      (window as unknown as { __launch: (p: { files: { getFile(): Promise<File> }[] }) => void }).__launch({ files: [{ getFile: async () => file }] });
    }, f);
  await launch(fileSpec(image('coco_000000039769.png'), 'cats.png', 'image/png'));
  await expect(page.getByRole('heading', { name: 'Open 1 image with…' })).toBeVisible();
  await page.getByRole('button', { name: 'Detect objects' }).click();
  await expect(page).toHaveURL(/#\/detect$/);
  await expect(page.locator('[data-testid="result"][data-file="cats.png"]').getByTestId('label').first()).toContainText('cat', { timeout: 90_000 });

  await launch(textSpec('review.txt', 'text/plain', 'A wonderful little film.'));
  await page.getByRole('button', { name: 'Classify text' }).click();
  await expect(page.getByLabel('Text to classify')).toHaveValue('A wonderful little film.');
});
