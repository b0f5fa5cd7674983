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
import { MODEL_CACHE, RUNTIME_CACHE_PREFIX } from './model-store/cache-names';
import { runtimeCacheName } from './model-store/runtime';
import { SHARE_ACTION, SHARE_CACHE, SHARE_PATH } from './app/share/constants';
import { createStore, get, set } from 'idb-keyval';
import { recordEgress, STRICT_MESSAGE } from './app/privacy/egress';

declare const self: ServiceWorkerGlobalScope;

const RUNTIME_CACHE = runtimeCacheName();

// The egress log (src/app/privacy): every request the page or a worker makes to another origin passes here
// first and is recorded (time, host, path, status, size), before Workbox's same-origin routes.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin || !/^https?:$/.test(url.protocol)) return;
  const entry = { t: Date.now(), host: url.host, path: url.pathname, method: event.request.method };
  const from = event.clientId ? self.clients.get(event.clientId).then((c) => (c?.type === 'worker' ? 'worker' : 'page')) : Promise.resolve('page');
  const log = (status: number, bytes: number | null) => from.then((f) => recordEgress({ ...entry, status, bytes, from: f })).catch(() => undefined);
  event.respondWith(
    strictLocal().then((strict) => {
      if (strict) {
        event.waitUntil(from.then((f) => recordEgress({ ...entry, status: 0, bytes: null, from: f, refused: true })).catch(() => undefined));
        return Response.error();
      }
      return fetch(event.request).then(
        (res) => {
          const len = res.headers.get('content-length');
          event.waitUntil(log(res.status, len === null ? null : Number(len)));
          return res;
        },
        (err: unknown) => {
          event.waitUntil(log(0, null));
          throw err;
        },
      );
    }),
  );
});

// Strict local mode (src/app/privacy/strict.ts): the page tells the service worker; kept in IndexedDB so that a
// restarted service worker still refuses.
let strict: boolean | undefined;
const strictLocal = async () => (strict ??= (await get<boolean>('strict-local', strictStore())) ?? false);
const strictStore = () => createStore('strict-local-v1', 'flags');

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const scope = new URL(self.registration.scope);
const under = (prefix: string) => (url: URL) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname + prefix);

/** A stored copy when the store has one (`Vary: Origin` ignored: module imports carry Origin), else the network. */
const fromCache =
  (cacheName: string) =>
  async ({ request }: { request: Request }) => {
    const cached = await (await caches.open(cacheName)).match(request.url, { ignoreVary: true, ignoreSearch: true });
    return cached ?? fetch(request);
  };

registerRoute(({ url }) => under('ort/')(url), fromCache(RUNTIME_CACHE));
registerRoute(({ url }) => under('models/')(url), fromCache(MODEL_CACHE));

// Web Share Target: another app shares images or text (a multipart POST navigation, offline too). The files
// wait in a cache until the page takes them (src/app/share/inbox.ts); the page opens on the chooser.
registerRoute(
  ({ url, request }) => request.method === 'POST' && url.origin === scope.origin && url.pathname === scope.pathname + SHARE_ACTION,
  async ({ request }) => {
    const form = await request.formData();
    const files = form.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
    const text = ['title', 'text', 'url']
      .map((k) => form.get(k))
      .filter((v): v is string => typeof v === 'string' && !!v.trim())
      .join('\n');
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const at = (k: string) => new URL(`${SHARE_PATH}${id}/${k}`, scope).href;
    const cache = await caches.open(SHARE_CACHE);
    await Promise.all(
      files.map((f, i) =>
        cache.put(at(String(i)), new Response(f, { headers: { 'content-type': f.type || 'application/octet-stream', 'x-name': encodeURIComponent(f.name) } })),
      ),
    );
    await cache.put(at('meta'), Response.json({ count: files.length, text }));
    return Response.redirect(new URL(`./#/share?id=${id}`, scope).href, 303);
  },
  'POST',
);

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
  const data = event.data as { type?: unknown; on?: unknown } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (data?.type === STRICT_MESSAGE) {
    strict = !!data.on;
    event.waitUntil(set('strict-local', strict, strictStore()));
  }
});
clientsClaim();
