/// <reference lib="webworker" />
/**
 * Service worker (Workbox, built by vite-plugin-pwa's injectManifest):
 *  - precaches the app shell (HTML, JS incl. the inference worker, CSS, icons, manifest);
 *  - serves the ONNX Runtime files (/ort/<tag>/, ~27 MB, too big for the precache) and the model files
 *    (/models/) from the model store's caches, which only the store writes after verifying them
 *    (src/model-store/runtime.ts, store.ts); the service worker never stores them itself, so what it
 *    serves is what was verified, whichever context downloaded it;
 *  - deletes the runtime caches of other builds when it activates (a new runtime has a new tag);
 *  - answers navigations with the cached index.html, but never a model or runtime URL.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { RUNTIME_CACHE_PREFIX, runtimeCacheName } from './model-store/runtime';

declare const self: ServiceWorkerGlobalScope;

const MODEL_CACHE = 'model-files-v1';
const RUNTIME_CACHE = runtimeCacheName();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const scope = new URL(self.registration.scope);
const under = (prefix: string) => (url: URL) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname + prefix);

/** A stored copy when the store has one (`Vary: Origin` ignored: module imports carry Origin), else the network. */
const fromCache = (cacheName: string) => async ({ request }: { request: Request }) => {
  const cached = await (await caches.open(cacheName)).match(request.url, { ignoreVary: true, ignoreSearch: true });
  return cached ?? fetch(request);
};

registerRoute(({ url }) => under('ort/')(url), fromCache(RUNTIME_CACHE));
registerRoute(({ url }) => under('models/')(url), fromCache(MODEL_CACHE));

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/\/models\//, /\/ort\//, /\.(onnx|wasm|mjs|json|bin|txt)$/],
  }),
);

// Runtime files of other builds (and the old unversioned cache) can never be used again.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith(RUNTIME_CACHE_PREFIX) && k !== RUNTIME_CACHE).map((k) => caches.delete(k)))),
  );
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();
