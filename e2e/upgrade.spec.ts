/**
 * Upgrade: a user of release A (runtime and model stored, service worker in control) gets release B, whose
 * ONNX Runtime files have other bytes under the same names. Reload shows the update prompt; after Reload
 * the page runs on B's runtime (served under B's versioned folder, stored in B's cache and verified against
 * B's checksums) and A's runtime cache is gone. Release B is built here from the same sources with a
 * runtime folder whose .mjs differs by a comment (ORT_DIST_DIR, tooling/ort-runtime.mjs), and both releases
 * are served in turn on one origin (the same port), as a deployment replaces the files.
 * (A model file whose bytes a release changed under the same path: e2e/model-store.spec.ts.)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RUNTIME_CACHE_PREFIX } from '../src/model-store/cache-names';
import { ortDistDir, ORT_RUNTIME_FILES } from '../tooling/ort-runtime.mjs';
import { test, expect, image, runFiles, firstLabels, serviceWorkerActive } from './helpers';
import { buildInto, serve, stop } from './preview';

const PORT = 4196; // not 4190: a port browsers and fetch() refuse (sieve)
const ROOT = process.cwd();
const DIST_A = path.resolve(process.env.DIST_DIR || 'dist');
const DIST_B = path.join(os.tmpdir(), 'ondevice-upgrade-dist-b');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const serveRelease = (outDir: string) => serve(outDir, PORT);
const runtimeTag = (dist: string) => fs.readdirSync(path.join(dist, 'ort'))[0];

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // Release B's runtime: the same files, the .mjs with one more comment line (other bytes, same behaviour).
  const ortB = path.join(os.tmpdir(), 'ondevice-upgrade-ort', 'dist');
  fs.rmSync(path.dirname(ortB), { recursive: true, force: true });
  fs.mkdirSync(ortB, { recursive: true });
  const ortA = ortDistDir(ROOT);
  fs.copyFileSync(path.join(ortA, '..', 'package.json'), path.join(ortB, '..', 'package.json'));
  for (const f of ORT_RUNTIME_FILES) fs.copyFileSync(path.join(ortA, f), path.join(ortB, f));
  fs.appendFileSync(path.join(ortB, ORT_RUNTIME_FILES[0]), '\n// release B\n');
  buildInto(DIST_B, { ORT_DIST_DIR: ortB });
});

test('after an upgrade whose runtime files changed bytes, Reload runs on the new runtime and the old runtime cache is gone', async ({ page }) => {
  test.setTimeout(300_000);
  const [tagA, tagB] = [runtimeTag(DIST_A), runtimeTag(DIST_B)];
  expect(tagB).not.toBe(tagA);
  const mjsB = fs.readFileSync(path.join(DIST_B, 'ort', tagB, ORT_RUNTIME_FILES[0]));
  let server = await serveRelease(DIST_A);
  try {
    await page.goto(`http://localhost:${PORT}/#/classify-image`);
    await runFiles(page, image('imagenet_finch.jpeg'));
    expect((await firstLabels(page))[0]).toMatch(/^house finch/);
    await serviceWorkerActive(page);
    const cachesA = await page.evaluate(() => caches.keys());
    expect(cachesA).toContain(`${RUNTIME_CACHE_PREFIX}${tagA}`);

    // Deploy B: the same origin now serves release B.
    await stop(server);
    server = await serveRelease(DIST_B);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const prompt = page.getByRole('alert').filter({ hasText: 'Update available' });
    await expect(prompt).toBeVisible({ timeout: 60_000 });
    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await expect(page.getByRole('heading', { name: 'Classify images' })).toBeVisible();

    const asked: string[] = [];
    page.on('request', (r) => void (r.url().includes('/ort/') && asked.push(new URL(r.url()).pathname)));
    await runFiles(page, image('imagenet_finch.jpeg'));
    expect((await firstLabels(page))[0]).toMatch(/^house finch/);
    // B's runtime, from B's folder, stored under B's cache with B's bytes; A's runtime cache deleted.
    expect(
      asked.every((u) => u.startsWith(`/ort/${tagB}/`)),
      asked.join(', '),
    ).toBe(true);
    const after = await page.evaluate(
      async ([prefix, tag, name]) => {
        const hit = await (await caches.open(`${prefix}${tag}`)).match(new URL(`/ort/${tag}/${name}`, location.href).href);
        const bytes = hit ? new Uint8Array(await hit.arrayBuffer()) : new Uint8Array();
        const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
        return { keys: await caches.keys(), digest };
      },
      [RUNTIME_CACHE_PREFIX, tagB, ORT_RUNTIME_FILES[0]] as const,
    );
    expect(after.keys).toContain(`${RUNTIME_CACHE_PREFIX}${tagB}`);
    expect(after.keys).not.toContain(`${RUNTIME_CACHE_PREFIX}${tagA}`);
    expect(after.digest).toBe(sha256(mjsB));
    await page.getByRole('link', { name: 'Storage' }).click();
    await expect(page.getByTestId('runtime-row')).toContainText('✓ checksum verified');
  } finally {
    await stop(server);
  }
});
