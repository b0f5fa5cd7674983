/**
 * The OCR panel of the built app, driven through its UI for the OCR benchmarks: a fresh context (fresh
 * storage and workers) with the given app settings, one image first (downloads, verifies and loads the
 * model), then all `files` in one batch through the file input; resolves to the batch's Export JSON and
 * the run-info line. Times in the JSON are measured in the worker per image (decode excluded).
 */
import fs from 'node:fs';
import { presetSettings } from './browser.mjs';

export async function runOcrApp(browser, baseUrl, settings, files, { timeout = 400_000 } = {}) {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    if (settings) await presetSettings(context, settings);
    const page = await context.newPage();
    await page.goto(`${baseUrl}#/ocr`);
    await page.getByRole('heading', { name: 'Read text (OCR)' }).waitFor();
    const panel = page.locator('section[data-run]');
    const run = async (paths) => {
      const before = Number(await panel.getAttribute('data-run'));
      await page.getByTestId('file-input').setInputFiles(paths);
      await page.waitForFunction(
        (n) => {
          const s = document.querySelector('section[data-run]');
          return s && Number(s.getAttribute('data-run')) === n && s.getAttribute('data-running') === 'false';
        },
        before + 1,
        { timeout },
      );
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
      return JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
    };
    const warm = await run([files[0]]);
    const info = (await page.getByTestId('run-info').innerText()).replace(/\s+/g, ' ').trim();
    const doc = await run(files);
    if (doc.errors?.length) throw new Error(`app errors: ${JSON.stringify(doc.errors)}`);
    return { doc, info, warmMs: warm.items[0]?.ms };
  } finally {
    await context.close();
  }
}
