/**
 * The repository's TypeScript modules (the app's code and constants, the e2e helpers), loaded into this Node
 * process by Vite's SSR module loader (the transform the dev server uses), so that a benchmark runs and compares
 * against the product's own code instead of a copy of it. One Vite server per process, made on first use,
 * closed by cleanup() (lifecycle.mjs). Only modules that run outside a browser and need no build-time defines
 * (`__ORT_RUNTIME__`, `__HUB_HOST__`, …) can be loaded this way.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { onCleanup } from './lifecycle.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let server;

/** `file` relative to the repository root, e.g. `src/features/detect/yolox.ts`. */
export async function tsModule(file) {
  server ??= createServer({
    root: ROOT,
    configFile: false,
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: 'custom',
    logLevel: 'error',
    optimizeDeps: { noDiscovery: true },
  }).then((s) => {
    onCleanup(() => s.close());
    return s;
  });
  return (await server).ssrLoadModule(`/${file.replace(/^\//, '')}`);
}
