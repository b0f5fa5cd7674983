import { beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { AppError } from '../protocol/errors';
import type { ModelEntry } from './catalog-types';
import { memoryMetaStore, type MetaStore } from './metadata';
import { FakeCache, fakeNet } from './fake-cache';
import { ModelStore } from './store';

const LOCAL = 'http://app.test/models/';
const HUB = 'https://hub.test/';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

const WEIGHTS = bytes(5000);
const CONFIG = new TextEncoder().encode('{"model_type":"x"}');

const entry = (over: Partial<ModelEntry> = {}): ModelEntry => ({
  id: 'org/m',
  task: 'image-classification',
  title: 'M',
  description: '',
  source: 'hub',
  revision: 'main',
  licence: 'x',
  files: [
    { path: 'config.json', size: CONFIG.length, sha256: sha(CONFIG) },
    { path: 'onnx/model_quantized.onnx', size: WEIGHTS.length, sha256: sha(WEIGHTS), dtype: 'q8' },
    { path: 'onnx/model.onnx', size: 99, dtype: 'fp32' },
  ],
  backends: { wasm: { dtype: 'q8', recommended: true } },
  ...over,
});

/** A body that delivers `sent` bytes, then fails as a dropped connection does. */
function brokenBody(data: Uint8Array, sent: number, declared = data.byteLength): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(data.slice(0, sent));
    },
    pull(c) {
      c.error(new TypeError('network error'));
    },
  });
  return new Response(stream, { status: 200, headers: { 'content-length': String(declared) } });
}

let cache: FakeCache;
let meta: MetaStore;
const make = (net: typeof fetch, extra: Partial<ConstructorParameters<typeof ModelStore>[0]> = {}) =>
  new ModelStore({ config: { localModelUrl: LOCAL, hubHost: HUB }, cache: async () => cache, meta, fetch: net, now: () => 1000, ...extra });

const local = (p: string) => `${LOCAL}org/m/${p}`;
const hub = (p: string) => `${HUB}org/m/resolve/main/${p}`;

beforeEach(() => {
  cache = new FakeCache();
  meta = memoryMetaStore();
});

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return (e as AppError).code;
  }
  return 'ok';
}

describe('ModelStore.ensure', () => {
  it('downloads the files the dtype needs, verifies and stores them with metadata', async () => {
    const { net, calls } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    const progress: number[] = [];
    await make(net).ensure(entry(), 'q8', { onProgress: (p) => progress.push(p.totalLoaded) });
    expect(calls).toEqual([local('config.json'), local('onnx/model_quantized.onnx')]);
    expect(new Uint8Array(await (await cache.match(local('onnx/model_quantized.onnx')))!.arrayBuffer())).toEqual(WEIGHTS);
    expect(cache.map.has(local('onnx/model.onnx'))).toBe(false);
    expect(progress.at(-1)).toBe(CONFIG.length + WEIGHTS.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress); // never goes backwards
    const m = await meta.get('org/m');
    expect(m?.files['onnx/model_quantized.onnx']).toMatchObject({ size: WEIGHTS.length, source: 'self-hosted', verified: true });
  });

  it('uses the cache the second time without touching the network', async () => {
    const { net, calls } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    const store = make(net);
    await store.ensure(entry(), 'q8');
    calls.length = 0;
    const events: boolean[] = [];
    await store.ensure(entry(), 'q8', { onProgress: (p) => events.push(p.fromCache) });
    expect(calls).toEqual([]);
    expect(events).toEqual([true, true]);
  });

  it('falls back to the hub when the own origin lacks the file', async () => {
    const { net, calls } = fakeNet({ [hub('config.json')]: CONFIG, [hub('onnx/model_quantized.onnx')]: WEIGHTS });
    await make(net).ensure(entry(), 'q8');
    expect(calls).toEqual([local('config.json'), hub('config.json'), local('onnx/model_quantized.onnx'), hub('onnx/model_quantized.onnx')]);
    expect((await meta.get('org/m'))?.files['config.json'].source).toBe('hub');
  });

  it('never asks the hub for a model published only in the self-hosted folder', async () => {
    const { net, calls } = fakeNet({});
    const err = await make(net)
      .ensure(entry({ source: 'self-hosted' }), 'q8')
      .catch((e) => e as AppError);
    expect(err).toMatchObject({ code: 'not-found', message: "org/m/config.json was not found in this site's model folder." });
    expect(calls).toEqual([local('config.json')]);
  });

  it('a network error on the own origin still tries the hub, and is reported if nothing answers', async () => {
    let n = 0;
    const flaky = (async (input: RequestInfo | URL) => {
      n++;
      if ((input instanceof Request ? input.url : input.toString()).startsWith(LOCAL)) throw new TypeError('Failed to fetch');
      return new Response('nope', { status: 404 });
    }) as typeof fetch;
    const err = await make(flaky)
      .ensure(entry(), 'q8')
      .catch((e) => e as AppError);
    expect(n).toBe(2);
    expect(err).toMatchObject({ code: 'download', message: expect.stringMatching(/from this site: the network request failed/) });
  });

  it('never asks the hub when it is turned off, and says so', async () => {
    const { net, calls } = fakeNet({});
    const store = new ModelStore({ config: { localModelUrl: LOCAL, hubHost: null }, cache: async () => cache, meta, fetch: net });
    const err = await store.ensure(entry(), 'q8').catch((e) => e as AppError);
    expect(err).toMatchObject({ code: 'not-found', message: expect.stringMatching(/turned off in Settings/) });
    expect(calls.every((c) => c.startsWith(LOCAL))).toBe(true);
  });

  it('refuses a file that fails its checksum and stores nothing', async () => {
    const bad = WEIGHTS.slice();
    bad[100] ^= 0xff;
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: bad });
    const err = await make(net)
      .ensure(entry(), 'q8')
      .catch((e) => e as AppError);
    expect(err).toMatchObject({ code: 'checksum', message: expect.stringMatching(/org\/m\/onnx\/model_quantized.onnx failed its checksum/) });
    expect(cache.map.has(local('onnx/model_quantized.onnx'))).toBe(false);
    expect((await meta.get('org/m'))?.files['onnx/model_quantized.onnx']).toBeUndefined();
  });

  it('refuses a file of the wrong size', async () => {
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS.slice(0, 4000) });
    expect(await codeOf(make(net).ensure(entry(), 'q8'))).toBe('checksum');
    expect(cache.map.has(local('onnx/model_quantized.onnx'))).toBe(false);
  });

  it('never stores an HTML fallback page under a model file name', async () => {
    const html = () => new Response('<!doctype html><html></html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const { net } = fakeNet({ [local('config.json')]: html, [hub('config.json')]: html });
    expect(await codeOf(make(net).ensure(entry(), 'q8'))).toBe('not-found');
    expect(cache.map.size).toBe(0);
  });

  it('a download that breaks halfway leaves nothing behind, and the next try works', async () => {
    let broken = true;
    const { net } = fakeNet({
      [local('config.json')]: CONFIG,
      [local('onnx/model_quantized.onnx')]: () => (broken ? brokenBody(WEIGHTS, 2000) : new Response(WEIGHTS, { status: 200 })),
    });
    const store = make(net);
    const err = await store.ensure(entry(), 'q8').catch((e) => e as AppError);
    expect(err).toMatchObject({ code: 'download', message: expect.stringMatching(/broke off after 2.0 KB of 4.9 KB\. Nothing was saved/) });
    expect(cache.map.has(local('onnx/model_quantized.onnx'))).toBe(false);
    // Nothing staged stays behind either (the body streams into the cache under a staging key).
    expect([...cache.map.keys()].filter((k) => k.includes('model_quantized'))).toEqual([]);
    broken = false;
    await store.ensure(entry(), 'q8');
    expect(cache.map.has(local('onnx/model_quantized.onnx'))).toBe(true);
    expect([...cache.map.keys()].filter((k) => k.includes('staging'))).toEqual([]);
  });

  it('detects a truncated body whose length disagrees with Content-Length', async () => {
    const unknown = entry({ files: [{ path: 'config.json' }] });
    const { net } = fakeNet({
      [local('config.json')]: () => new Response(CONFIG.slice(0, 5), { status: 200, headers: { 'content-length': String(CONFIG.length) } }),
    });
    // Node's fetch Response does not enforce Content-Length, as a proxy that cuts a body may not.
    expect(await codeOf(make(net).ensure(unknown, 'q8'))).toBe('download');
    expect(cache.map.size).toBe(0);
  });

  it('accepts compressed responses: Content-Length counts the encoded bytes, the catalog checks the decoded ones', async () => {
    // As fetch() hands them over: the body decoded, the headers as the server sent them.
    const gz = (body: Uint8Array, headers: Record<string, string>) => () => new Response(body as BodyInit, { status: 200, headers });
    const { net } = fakeNet({
      [local('config.json')]: gz(CONFIG, { 'content-encoding': 'gzip', 'content-length': '12' }),
      // A cross-origin response may hide Content-Encoding: a body longer than its Content-Length is a decoded one.
      [local('onnx/model_quantized.onnx')]: gz(WEIGHTS, { 'content-length': '1200' }),
    });
    await make(net).ensure(entry(), 'q8');
    expect(new Uint8Array(await (await cache.match(local('onnx/model_quantized.onnx')))!.arrayBuffer())).toEqual(WEIGHTS);
    expect(Object.values((await meta.get('org/m'))!.files).every((f) => f.verified)).toBe(true);
    // The decoded bytes are still checked: a compressed response with other content fails its checksum.
    const bad = WEIGHTS.slice();
    bad[0] ^= 1;
    cache.map.clear();
    const { net: net2 } = fakeNet({
      [local('config.json')]: CONFIG,
      [local('onnx/model_quantized.onnx')]: gz(bad, { 'content-encoding': 'br', 'content-length': '99' }),
    });
    expect(await codeOf(make(net2).ensure(entry(), 'q8'))).toBe('checksum');
  });

  it('reports a network failure, and offline when the device is offline', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await codeOf(make(failing).ensure(entry(), 'q8'))).toBe('download');
    const nav = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true });
    try {
      const err = await make(failing)
        .ensure(entry(), 'q8')
        .catch((e) => e as AppError);
      expect(err).toMatchObject({ code: 'offline', message: expect.stringMatching(/device is offline/) });
    } finally {
      if (nav) Object.defineProperty(globalThis, 'navigator', nav);
    }
  });

  it('refuses before downloading when the storage estimate says it will not fit', async () => {
    const { net, calls } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    const store = make(net, { estimate: async () => ({ usage: 9000, quota: 10_000 }) });
    const err = await store.ensure(entry(), 'q8').catch((e) => e as AppError);
    expect(err).toMatchObject({ code: 'quota', message: expect.stringMatching(/needs 4.9 KB but only 1000 B is available/) });
    expect(calls).toEqual([]);
  });

  it('turns a QuotaExceededError while storing into a quota error', async () => {
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    cache.putError = new DOMException('Quota exceeded', 'QuotaExceededError');
    expect(await codeOf(make(net).ensure(entry(), 'q8'))).toBe('quota');
  });

  it('downloads a file once even when asked twice at the same time', async () => {
    const { net, calls } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    const store = make(net);
    await Promise.all([store.ensure(entry(), 'q8'), store.ensure(entry(), 'q8')]);
    expect(calls.filter((c) => c.endsWith('model_quantized.onnx'))).toHaveLength(1);
  });
});

describe('ModelStore.fetch (transformers.js env.fetch)', () => {
  it('serves stored files without the network and downloads missing catalog files through the store', async () => {
    const { net, calls } = fakeNet({ [local('config.json')]: CONFIG });
    const store = make(net);
    store.register([entry()]);
    const first = await store.fetch(local('config.json'));
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(CONFIG);
    calls.length = 0;
    const again = await store.fetch(hub('config.json'));
    expect(again.status).toBe(200);
    expect(calls).toEqual([]);
  });

  it('answers optional probes outside the catalog with 404 and no request', async () => {
    const { net, calls } = fakeNet({});
    const store = make(net);
    store.register([entry()]);
    expect((await store.fetch(local('tokenizer_config.json'))).status).toBe(404);
    expect(calls).toEqual([]);
  });

  it('passes other URLs through untouched', async () => {
    const { net, calls } = fakeNet({ 'http://app.test/ort/x.wasm': new Uint8Array([1]) });
    expect((await make(net).fetch('http://app.test/ort/x.wasm')).status).toBe(200);
    expect(calls).toEqual(['http://app.test/ort/x.wasm']);
  });
});

describe('ModelStore bookkeeping', () => {
  it('lists stored models by last use and removes a model with all its files', async () => {
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    const store = make(net);
    await store.ensure(entry(), 'q8');
    expect((await store.list()).map((m) => m.id)).toEqual(['org/m']);
    await store.remove('org/m');
    expect(await store.list()).toEqual([]);
    expect(cache.map.size).toBe(0);
  });

  it('drops stored files that a newer catalog no longer lists, and keeps the other dtypes', async () => {
    const OLD = bytes(300, 7);
    const older = entry({ files: [...entry().files, { path: 'onnx/old.onnx', size: OLD.length, sha256: sha(OLD), dtype: 'q8' }] });
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS, [local('onnx/old.onnx')]: OLD });
    await make(net).ensure(older, 'q8');
    expect(cache.map.has(local('onnx/old.onnx'))).toBe(true);
    const FP = bytes(99, 3);
    const withFp32 = entry({ files: [...entry().files.slice(0, 2), { path: 'onnx/model.onnx', size: FP.length, sha256: sha(FP), dtype: 'fp32' }] });
    const { net: net2 } = fakeNet({ [local('onnx/model.onnx')]: FP });
    await make(net2).ensure(withFp32, 'fp32');
    await make(net2).ensure(withFp32, 'q8');
    expect(cache.map.has(local('onnx/old.onnx'))).toBe(false);
    expect(Object.keys((await meta.get('org/m'))!.files).sort()).toEqual(['config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']);
    expect(cache.map.has(local('onnx/model.onnx'))).toBe(true);
  });
});

describe('ModelStore: stored files against the current catalog', () => {
  const NEW = bytes(5000, 9);
  const newer = () =>
    entry({ files: [entry().files[0], { path: 'onnx/model_quantized.onnx', size: NEW.length, sha256: sha(NEW), dtype: 'q8' }, entry().files[2]] });

  it('a file whose bytes a release changed under the same path counts as missing and is downloaded again', async () => {
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    await make(net).ensure(entry(), 'q8');
    const { net: net2, calls } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: NEW });
    const store = make(net2);
    expect((await store.missingFiles(newer(), 'q8')).map((f) => f.path)).toEqual(['onnx/model_quantized.onnx']);
    await store.ensure(newer(), 'q8');
    expect(calls).toEqual([local('onnx/model_quantized.onnx')]);
    expect(new Uint8Array(await (await cache.match(local('onnx/model_quantized.onnx')))!.arrayBuffer())).toEqual(NEW);
    expect((await meta.get('org/m'))!.files['onnx/model_quantized.onnx']).toMatchObject({ sha256: sha(NEW), verified: true });
    expect(await store.missingFiles(newer(), 'q8')).toEqual([]);
  });

  it('transformers.js asking for a file of an older release gets the current one, downloaded through the store', async () => {
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    await make(net).ensure(entry(), 'q8');
    const { net: net2, calls } = fakeNet({ [local('onnx/model_quantized.onnx')]: NEW });
    const store = make(net2);
    store.register([newer()]);
    const res = await store.fetch(local('onnx/model_quantized.onnx'));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(NEW);
    expect(calls).toEqual([local('onnx/model_quantized.onnx')]);
  });

  it('a model with files missing is partial: only those files are listed and downloaded', async () => {
    const { net, calls } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    const store = make(net);
    await store.ensure(entry(), 'q8');
    await cache.delete(local('onnx/model_quantized.onnx'));
    expect((await store.missingFiles(entry(), 'q8')).map((f) => f.path)).toEqual(['onnx/model_quantized.onnx']);
    calls.length = 0;
    await store.ensure(entry(), 'q8');
    expect(calls).toEqual([local('onnx/model_quantized.onnx')]);
  });
});

describe('ModelStore: files with no checksum in the catalog (trust on first use)', () => {
  const hubEntry = () => entry({ files: [{ path: 'config.json' }, { path: 'onnx/model_quantized.onnx', dtype: 'q8' }] });

  it('records the SHA-256 of the first download, and Re-verify checks the stored bytes against it', async () => {
    const { net } = fakeNet({ [hub('config.json')]: CONFIG, [hub('onnx/model_quantized.onnx')]: WEIGHTS });
    const store = make(net);
    await store.ensure(hubEntry(), 'q8');
    const m = (await meta.get('org/m'))!;
    expect(m.files['onnx/model_quantized.onnx']).toMatchObject({ sha256: sha(WEIGHTS), verified: false });
    expect(await store.reverify('org/m')).toEqual({ checked: ['config.json', 'onnx/model_quantized.onnx'], failed: [] });
    // The stored bytes change behind the app's back (disk corruption, another program): Re-verify finds it and
    // drops the file, so the next run downloads it again.
    const tampered = WEIGHTS.slice();
    tampered[10] ^= 1;
    cache.map.set(local('onnx/model_quantized.onnx'), new Response(tampered, { headers: { 'content-length': String(tampered.length) } }));
    expect(await store.reverify('org/m')).toEqual({ checked: ['config.json', 'onnx/model_quantized.onnx'], failed: ['onnx/model_quantized.onnx'] });
    expect(cache.map.has(local('onnx/model_quantized.onnx'))).toBe(false);
    expect(Object.keys((await meta.get('org/m'))!.files)).toEqual(['config.json']);
  });
});

describe('ModelStore: two tabs', () => {
  /** A Web Locks stand-in: one holder per name at a time, the others wait in order (as navigator.locks). */
  function fakeLocks() {
    const tails = new Map<string, Promise<unknown>>();
    return {
      request(name: string, _opts: unknown, fn: () => Promise<unknown>) {
        const prev = tails.get(name) ?? Promise.resolve();
        const run = prev.then(fn, fn);
        tails.set(
          name,
          run.catch(() => {}),
        );
        return run;
      },
    };
  }

  it('two stores (tabs) asking for the same model at once download each file once, and both succeed', async () => {
    const g = globalThis as { navigator?: unknown };
    const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), locks: fakeLocks() }, configurable: true });
    try {
      const { net, calls } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
      const [a, b] = [make(net), make(net)];
      await Promise.all([a.ensure(entry(), 'q8'), b.ensure(entry(), 'q8')]);
      expect(calls.sort()).toEqual([local('config.json'), local('onnx/model_quantized.onnx')]);
      expect(Object.keys((await meta.get('org/m'))!.files).sort()).toEqual(['config.json', 'onnx/model_quantized.onnx']);
    } finally {
      if (had) Object.defineProperty(globalThis, 'navigator', had);
      else delete g.navigator;
    }
  });

  it('metadata written by two stores at once keeps both entries (one read-modify-write per update)', async () => {
    const { net } = fakeNet({ [local('config.json')]: CONFIG, [local('onnx/model_quantized.onnx')]: WEIGHTS });
    await Promise.all([make(net).download('org/m', 'config.json'), make(net).download('org/m', 'onnx/model_quantized.onnx')]);
    expect(Object.keys((await meta.get('org/m'))!.files).sort()).toEqual(['config.json', 'onnx/model_quantized.onnx']);
  });
});

describe('ModelStore: resuming a download that broke off', () => {
  /** A server that drops the first connection after `cut` bytes and serves byte ranges (206), as static hosts do. */
  function rangeServer(data: Uint8Array, cut: number, ranges = true) {
    const asked: { url: string; range: string | null }[] = [];
    const net = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : input.toString();
      const range = new Headers(init?.headers).get('range');
      asked.push({ url, range });
      if (url !== local('onnx/model_quantized.onnx')) return url === local('config.json') ? new Response(CONFIG) : new Response('', { status: 404 });
      const m = /^bytes=(\d+)-$/.exec(range ?? '');
      if (m && ranges) {
        const from = Number(m[1]);
        return new Response(data.slice(from) as BodyInit, {
          status: 206,
          headers: { 'content-length': String(data.length - from), 'content-range': `bytes ${from}-${data.length - 1}/${data.length}` },
        });
      }
      return asked.filter((a) => a.url === url).length === 1
        ? brokenBody(data, cut)
        : new Response(data as BodyInit, { headers: { 'content-length': String(data.length) } });
    }) as typeof fetch;
    return { net, asked };
  }

  it('resumes from where the connection dropped (HTTP Range) and stores the verified whole', async () => {
    const { net, asked } = rangeServer(WEIGHTS, 2000);
    await make(net).ensure(entry(), 'q8');
    expect(asked.filter((a) => a.url.endsWith('model_quantized.onnx')).map((a) => a.range)).toEqual([null, 'bytes=2000-']);
    expect(new Uint8Array(await (await cache.match(local('onnx/model_quantized.onnx')))!.arrayBuffer())).toEqual(WEIGHTS);
  });

  it('a server without ranges (200 for a Range request): the download fails cleanly, nothing stored, the next try works', async () => {
    const { net } = rangeServer(WEIGHTS, 2000, false);
    const store = make(net);
    await expect(store.ensure(entry(), 'q8')).rejects.toMatchObject({ code: 'download', message: expect.stringMatching(/broke off after 2.0 KB/) });
    expect([...cache.map.keys()].filter((k) => k.includes('model_quantized'))).toEqual([]);
    await store.ensure(entry(), 'q8');
    expect(cache.map.has(local('onnx/model_quantized.onnx'))).toBe(true);
  });
});
