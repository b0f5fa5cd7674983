import fs from 'node:fs';
import path from 'node:path';
import { test, expect, serviceWorkerActive } from './helpers';

const SW = path.resolve(process.env.DIST_DIR || 'dist', 'sw.js');

test('a newly deployed version shows "Update available — Reload", and Reload switches to it', async ({ page }) => {
  await page.goto('/#/classify-image');
  await serviceWorkerActive(page);
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const original = fs.readFileSync(SW);
  try {
    // "Deploy" a new version: the served sw.js now has different bytes.
    fs.writeFileSync(SW, Buffer.concat([original, Buffer.from(`\n// deployed ${Date.now()}\n`)]));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const prompt = page.getByRole('alert').filter({ hasText: 'Update available' });
    await expect(prompt).toBeVisible();
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.waiting))).toBe(true);
    // The old version keeps working until the user chooses to reload.
    await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();

    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();
    await expect
      .poll(() =>
        page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !r?.waiting && !!r?.active && !!navigator.serviceWorker.controller)),
      )
      .toBe(true);
    await expect(page.getByRole('alert').filter({ hasText: 'Update available' })).toHaveCount(0);
  } finally {
    fs.writeFileSync(SW, original);
  }
});
