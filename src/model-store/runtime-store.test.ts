/** The model store keeps the ONNX Runtime files like model files: verified, in their own cache, offline-safe. */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { AppError } from '../protocol/errors';
import { memoryMetaStore } from './metadata';
import type { OrtRuntime } from './runtime';
import { ORT_RUNTIME, runtimeCacheName } from './runtime';
import { FakeCache, fakeNet, type Route } from './fake-cache';
import { ModelStore } from './store';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MJS = new TextEncoder().encode('export default function factory() {}');
const WASM = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7) & 0xff);
const RUNTIME: OrtRuntime = {
  version: '1.0.0-test',
  tag: 'abc123',
  path: 'ort/abc123/',
  files: [
    { name: 'x.mjs', size: MJS.length, sha256: sha(MJS) },
    { name: 'x.wasm', size: WASM.length, sha256: sha(WASM) },
  ],
};
const BASE = 'http://app.test/ort/abc123/';

function setup(files: Record<string, Uint8Array | Route>) {
  const { net, calls } = fakeNet(files, { 'cross-origin-embedder-policy': 'require-corp' });
  const models = new FakeCache();
  const runtime = new FakeCache();
  const store = new ModelStore({
    config: { localModelUrl: 'http://app.test/models/', hubHost: null },
    cache: async () => models,
    runtimeCache: async () => runtime,
    runtime: RUNTIME,
    meta: memoryMetaStore(),
    fetch: net,
    now: () => 1234,
  });
  return { store, calls, runtime, models };
}

const good = { [`${BASE}x.mjs`]: MJS, [`${BASE}x.wasm`]: WASM };

describe('ensureRuntime', () => {
  it('stores every runtime file once, verified, with the headers a worker script needs; the next call reads the cache', async () => {
    const { store, calls, runtime, models } = setup(good);
    expect((await store.runtimeStatus(BASE)).stored).toBe(false);
    const progress: number[] = [];
    await store.ensureRuntime(BASE, { onProgress: (p) => progress.push(p.totalLoaded) });
    expect(calls).toEqual([`${BASE}x.mjs`, `${BASE}x.wasm`]);
    expect(models.map.size).toBe(0); // its own cache, not the models'
    const mjs = await runtime.match(`${BASE}x.mjs`);
    expect(new Uint8Array(await mjs!.arrayBuffer())).toEqual(MJS);
    expect(mjs!.headers.get('content-type')).toBe('text/javascript');
    expect(mjs!.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect((await runtime.match(`${BASE}x.wasm`))!.headers.get('content-type')).toBe('application/wasm');
    expect(progress.at(-1)).toBe(MJS.length + WASM.length);
    expect(await store.runtimeStatus(BASE)).toMatchObject({ stored: true, bytes: MJS.length + WASM.length, storedAt: 1234 });

    await store.ensureRuntime(BASE);
    expect(calls).toHaveLength(2);
  });

  it('refuses a runtime file whose bytes differ from the build (nothing stored)', async () => {
    const bad = WASM.slice();
    bad[10] ^= 1;
    const { store, runtime } = setup({ ...good, [`${BASE}x.wasm`]: bad });
    const err = await store.ensureRuntime(BASE).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('checksum');
    expect(await runtime.match(`${BASE}x.wasm`)).toBeUndefined();
    expect((await store.runtimeStatus(BASE)).stored).toBe(false);
  });

  it('an HTML page under a runtime name is a missing file, never stored', async () => {
    const html = () => new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } });
    const { store, runtime } = setup({ ...good, [`${BASE}x.mjs`]: html });
    const err = await store.ensureRuntime(BASE).catch((e) => e);
    expect(err.code).toBe('not-found');
    expect(runtime.map.size).toBe(0);
  });

  it('offline with nothing stored: says the runtime was not stored yet and to connect once', async () => {
    const { store } = setup({});
    const failing = new ModelStore({
      config: store.config,
      cache: async () => new FakeCache(),
      runtimeCache: async () => new FakeCache(),
      runtime: RUNTIME,
      meta: memoryMetaStore(),
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const online = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true });
    try {
      const err = await failing.ensureRuntime(BASE).catch((e) => e);
      expect(err.code).toBe('offline');
      expect(err.message).toMatch(/runtime for this task was not stored yet .* connect once/);
    } finally {
      if (online) Object.defineProperty(globalThis, 'navigator', online);
    }
  });

  it('two callers at once share one download per file', async () => {
    const { store, calls } = setup(good);
    await Promise.all([store.ensureRuntime(BASE), store.ensureRuntime(BASE)]);
    expect(calls.sort()).toEqual([`${BASE}x.mjs`, `${BASE}x.wasm`]);
  });

  it('removeRuntime deletes the files, so the status is not stored', async () => {
    const { store } = setup(good);
    await store.ensureRuntime(BASE);
    await store.removeRuntime(BASE);
    expect((await store.runtimeStatus(BASE)).stored).toBe(false);
  });
});

describe('the build runtime manifest', () => {
  it('names the asyncify build under a folder and cache tagged by its bytes', () => {
    expect(ORT_RUNTIME.files.map((f) => f.name)).toEqual(['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']);
    expect(ORT_RUNTIME.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.size > 0)).toBe(true);
    expect(ORT_RUNTIME.path).toBe(`ort/${ORT_RUNTIME.tag}/`);
    expect(runtimeCacheName()).toBe(`ort-runtime-${ORT_RUNTIME.tag}`);
  });
});
