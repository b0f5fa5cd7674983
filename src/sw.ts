/// <reference lib="webworker" />
/**
 * Service worker (Workbox, built by vite-plugin-pwa's injectManifest):
 *  - precaches the app shell (HTML, JS incl. the inference worker, CSS, icons, manifest);
 *  - runtime-caches the ONNX Runtime files (/ort/, ~27 MB, too big for the precache) on first use;
 *  - serves model files (/models/) from the model store's cache, which only the store writes after
 *    verifying them; the service worker never stores model files itself;
 *  - answers navigations with the cached index.html, but never a model or runtime URL.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';

declare const self: ServiceWorkerGlobalScope;

const MODEL_CACHE = 'model-files-v1';
export const RUNTIME_CACHE = 'ort-runtime-v1';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const scope = new URL(self.registration.scope);
const under = (prefix: string) => (url: URL) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname + prefix);

registerRoute(
  ({ url }) => under('ort/')(url),
  new CacheFirst({
    cacheName: RUNTIME_CACHE,
    // `vite preview` and some hosts send Vary: Origin; module imports carry Origin, fetch() does not.
    matchOptions: { ignoreVary: true },
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      {
        // Never keep an HTML page under a runtime file's name.
        cacheWillUpdate: async ({ response }) => (/text\/html/.test(response.headers.get('content-type') ?? '') ? null : response),
      },
    ],
  }),
);

registerRoute(
  ({ url }) => under('models/')(url),
  async ({ request }) => {
    const cached = await (await caches.open(MODEL_CACHE)).match(request.url, { ignoreVary: true, ignoreSearch: true });
    return cached ?? fetch(request);
  },
);

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/\/models\//, /\/ort\//, /\.(onnx|wasm|mjs|json|bin|txt)$/],
  }),
);

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();
