/**
 * The model store: the one module that downloads, verifies and caches model files.
 *
 * - Sources, in order: the app's own self-hosted folder (`/models/<org>/<name>/...`), then the Hub.
 * - Downloads stream with per-file and per-model progress; sizes and SHA-256 from the catalog are
 *   checked before anything is stored, so a broken, truncated or HTML-fallback response never lands
 *   in the cache under a model's name.
 * - Files are stored in the Cache API under their self-hosted URL; metadata lives in IndexedDB.
 * - The ONNX Runtime files (runtime.ts) are stored and verified the same way, in their own cache.
 * - `fetch` is installed as transformers.js's `env.fetch`, so every file the library asks for goes
 *   through the store: cached files are served without touching the network (offline works).
 */
import { createSHA256 } from 'hash-wasm';
import { AppError, formatBytes, isQuotaError } from '../protocol/errors';
import type { Dtype } from '../protocol/messages';
import { filesFor, type FileSpec, type ModelEntry } from './catalog-types';
import { idbMetaStore, type MetaStore, type StoredModelMeta } from './metadata';
import { ORT_RUNTIME, RUNTIME_LABEL, runtimeBytes, runtimeCacheName, runtimeContentType, type OrtRuntime, type RuntimeFile } from './runtime';
import { cacheKey, parseModelUrl, sourcesFor, type SourceConfig, type SourceKind } from './sources';

export const MODEL_CACHE = 'model-files-v1';

/** The subset of the Cache API the store uses (a real Cache in browsers, a fake in unit tests). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, res: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
}

export interface FileProgress {
  file: string;
  loaded: number;
  total: number | null;
  fromCache: boolean;
}

export interface EnsureOptions {
  signal?: AbortSignal;
  onProgress?: (p: FileProgress & { totalLoaded: number; totalBytes: number | null }) => void;
  onVerify?: (file: string) => void;
}

export interface StoreDeps {
  config: SourceConfig;
  cache: () => Promise<CacheLike>;
  /** The cache of the ONNX Runtime files (see runtime.ts). */
  runtimeCache?: () => Promise<CacheLike>;
  /** The runtime this build serves (default: the build's own). */
  runtime?: OrtRuntime;
  meta?: MetaStore;
  fetch?: typeof fetch;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  now?: () => number;
}

const isHtml = (res: Response, path: string) =>
  /text\/html/i.test(res.headers.get('content-type') ?? '') && !/\.html?$/i.test(path);

export class ModelStore {
  readonly config: SourceConfig;
  private readonly getCache: () => Promise<CacheLike>;
  private readonly getRuntimeCache: () => Promise<CacheLike>;
  private readonly runtime: OrtRuntime;
  private readonly meta: MetaStore;
  private readonly net: typeof fetch;
  private readonly estimate?: StoreDeps['estimate'];
  private readonly now: () => number;
  /** Catalog file specs by model id, so files fetched by transformers.js are verified too. */
  private readonly known = new Map<string, ModelEntry>();
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(deps: StoreDeps) {
    this.config = deps.config;
    this.getCache = deps.cache;
    this.getRuntimeCache = deps.runtimeCache ?? deps.cache;
    this.runtime = deps.runtime ?? ORT_RUNTIME;
    this.meta = deps.meta ?? idbMetaStore();
    this.net = deps.fetch ?? ((input, init) => fetch(input, init));
    this.estimate = deps.estimate;
    this.now = deps.now ?? Date.now;
  }

  register(entries: ModelEntry[]) {
    for (const e of entries) this.known.set(e.id, e);
  }

  private spec(modelId: string, path: string): FileSpec | undefined {
    return this.known.get(modelId)?.files.find((f) => f.path === path);
  }

  /** Make sure every file the model needs for `dtype` is stored and verified; report progress. */
  async ensure(entry: ModelEntry, dtype: Dtype, opts: EnsureOptions = {}): Promise<void> {
    this.register([entry]);
    const files = filesFor(entry, dtype);
    const cache = await this.getCache();
    const cached = await Promise.all(files.map((f) => cache.match(cacheKey(this.config, entry.id, f.path))));
    const missing = files.filter((_, i) => !cached[i]);
    const sizeOf = (f: FileSpec) => f.size ?? f.approxSize;
    const totalBytes = files.every((f) => sizeOf(f) !== undefined) ? files.reduce((a, f) => a + (sizeOf(f) ?? 0), 0) : null;
    let doneBytes = 0;
    for (let i = 0; i < files.length; i++) {
      if (cached[i]) {
        const size = Number(cached[i]!.headers.get('content-length')) || sizeOf(files[i]) || 0;
        doneBytes += size;
        opts.onProgress?.({ file: files[i].path, loaded: size, total: size, fromCache: true, totalLoaded: doneBytes, totalBytes });
      }
    }
    if (missing.length) await this.checkRoom(entry, missing);
    for (const f of missing) {
      let last = 0;
      await this.download(entry.id, f.path, entry.revision, {
        signal: opts.signal,
        onVerify: opts.onVerify,
        onProgress: (p) => {
          doneBytes += p.loaded - last;
          last = p.loaded;
          opts.onProgress?.({ ...p, totalLoaded: doneBytes, totalBytes });
        },
      });
    }
    await this.touch(entry.id);
    await this.prune(entry);
  }

  /** The files the model needs for `dtype` that are not in the cache. */
  async missingFiles(entry: ModelEntry, dtype: Dtype): Promise<FileSpec[]> {
    const files = filesFor(entry, dtype);
    const cache = await this.getCache();
    const hits = await Promise.all(files.map((f) => cache.match(cacheKey(this.config, entry.id, f.path))));
    return files.filter((_, i) => !hits[i]);
  }

  /**
   * Delete stored files that the catalog no longer lists for this model (a newer app version may
   * replace a file, as when the OCR recogniser became an 8-bit one); files of the model's other
   * dtypes stay.
   */
  private async prune(entry: ModelEntry) {
    const meta = await this.meta.get(entry.id);
    if (!meta) return;
    const listed = new Set(entry.files.map((f) => f.path));
    const stale = Object.keys(meta.files).filter((p) => !listed.has(p));
    if (!stale.length) return;
    const cache = await this.getCache();
    await Promise.all(stale.map((p) => cache.delete(cacheKey(this.config, entry.id, p))));
    for (const p of stale) delete meta.files[p];
    await this.meta.set(meta);
  }

  /** Refuse before downloading when the browser says the files will not fit. */
  private async checkRoom(entry: ModelEntry, files: FileSpec[]) {
    await this.checkRoomFor(entry.title, files.reduce((a, f) => a + (f.size ?? f.approxSize ?? 0), 0));
  }

  private async checkRoomFor(title: string, need: number) {
    if (!this.estimate) return;
    let est: { usage?: number; quota?: number };
    try {
      est = await this.estimate();
    } catch {
      return;
    }
    if (est.quota === undefined) return;
    const free = est.quota - (est.usage ?? 0);
    if (need > free) {
      throw new AppError(
        'quota',
        `Not enough storage space for ${title}: it needs ${formatBytes(need)} but only ${formatBytes(Math.max(0, free))} is available to this app. Delete other models in the Storage panel or free space on the device.`,
      );
    }
  }

  /** Download one file (deduplicated while in flight), verify it, then commit it to the cache. */
  download(modelId: string, path: string, revision = 'main', opts: { signal?: AbortSignal; onProgress?: (p: FileProgress) => void; onVerify?: (file: string) => void } = {}): Promise<void> {
    const key = cacheKey(this.config, modelId, path);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.downloadNow(modelId, path, revision, opts).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async downloadNow(
    modelId: string,
    path: string,
    revision: string,
    opts: { signal?: AbortSignal; onProgress?: (p: FileProgress) => void; onVerify?: (file: string) => void },
  ): Promise<void> {
    const spec = this.spec(modelId, path);
    const label = `${modelId}/${path}`;
    // Models published only in a self-hosted folder are never asked of the Hub: it does not have
    // them, and asking would tell a third party which model this user runs.
    const config = this.known.get(modelId)?.source === 'self-hosted' ? { ...this.config, hubHost: null } : this.config;
    let res: Response | undefined;
    let source: SourceKind | undefined;
    let netError: { err: unknown; kind: SourceKind } | undefined;
    for (const src of sourcesFor(config, modelId, path, revision)) {
      try {
        res = await this.net(src.url, { signal: opts.signal, cache: 'no-store' });
      } catch (err) {
        if (opts.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
        netError ??= { err, kind: src.kind };
        continue; // the next source may still answer
      }
      if (res.status === 404 || (res.ok && isHtml(res, path))) {
        res = undefined; // missing here (an HTML page is an app fallback, never a model file)
        continue;
      }
      if (!res.ok) {
        throw new AppError('download', `Could not download ${label}: the server answered ${res.status} ${res.statusText}.`);
      }
      source = src.kind;
      break;
    }
    if (!res || !source) {
      if (netError) {
        const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
        throw new AppError(
          offline ? 'offline' : 'download',
          offline
            ? `${label} is not downloaded yet and this device is offline. Connect once to download it; it then works offline.`
            : `Could not download ${label} from ${netError.kind === 'hub' ? 'the model hub' : 'this site'}: the network request failed. Nothing was saved; try again.`,
          String(netError.err),
        );
      }
      throw new AppError(
        'not-found',
        `${label} was not found in this site's model folder${config.hubHost ? ' or on the model hub' : this.config.hubHost ? '' : ' (downloads from the model hub are turned off in Settings)'}.`,
      );
    }

    const { body, loaded, digest } = await this.receive(res, { label, path, spec, signal: opts.signal, onProgress: opts.onProgress, onVerify: opts.onVerify });
    const headers = new Headers({
      'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
      'content-length': String(loaded),
      'x-model-source': source,
    });
    await this.put(await this.getCache(), cacheKey(this.config, modelId, path), new Response(body, { status: 200, headers }), label, loaded);
    const now = this.now();
    const meta: StoredModelMeta = (await this.meta.get(modelId)) ?? { id: modelId, files: {}, firstStoredAt: now, lastUsedAt: now };
    meta.files[path] = { path, size: loaded, source, verified: !!digest, ...(digest ? { sha256: digest } : {}), storedAt: now };
    await this.meta.set(meta);
  }

  /**
   * Read a response's body while hashing it, then check it against what is expected: the declared length,
   * the catalog's size and SHA-256. Throws a specific AppError; nothing is stored here.
   */
  private async receive(
    res: Response,
    opts: { label: string; path: string; spec?: { size?: number; sha256?: string }; signal?: AbortSignal; onProgress?: (p: FileProgress) => void; onVerify?: (file: string) => void },
  ): Promise<{ body: Blob; loaded: number; digest?: string }> {
    const { label, path, spec } = opts;
    // Content-Length counts the bytes on the wire: with Content-Encoding (gzip, br, as static hosts and CDNs
    // send for .json and sometimes .onnx) fetch() hands over the decoded, longer body. The header can be hidden
    // from a cross-origin response, so a body longer than its Content-Length is taken as decoded too; only a
    // shorter one is a download that stopped early. The catalog's size and SHA-256 check the decoded bytes.
    const encoded = !/^(identity)?$/i.test(res.headers.get('content-encoding') ?? '');
    const declared = encoded ? null : Number(res.headers.get('content-length')) || null;
    const total = spec?.size ?? declared;
    const hasher = spec?.sha256 ? await createSHA256() : null;
    hasher?.init();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    opts.onProgress?.({ file: path, loaded: 0, total, fromCache: false });
    try {
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        hasher?.update(value);
        loaded += value.byteLength;
        opts.onProgress?.({ file: path, loaded, total, fromCache: false });
      }
    } catch (err) {
      if (opts.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
      throw new AppError(
        'download',
        `The download of ${label} broke off after ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}. Nothing was saved; try again when the connection is back.`,
        String(err),
      );
    }
    if (declared !== null && loaded < declared) {
      throw new AppError('download', `The download of ${label} was incomplete (${formatBytes(loaded)} of ${formatBytes(declared)}). Nothing was saved; try again.`);
    }
    opts.onVerify?.(path);
    if (spec?.size !== undefined && loaded !== spec.size) {
      throw new AppError(
        'checksum',
        `${label} failed verification: expected ${spec.size} bytes, got ${loaded}. The file on the server is not the one this app expects; it was not saved.`,
      );
    }
    const digest = hasher?.digest('hex');
    if (spec?.sha256 && digest !== spec.sha256.toLowerCase()) {
      throw new AppError(
        'checksum',
        `${label} failed its checksum (SHA-256 ${digest?.slice(0, 12)}… instead of ${spec.sha256.slice(0, 12)}…). The file is corrupt or not the expected version; it was not saved.`,
      );
    }
    return { body: new Blob(chunks as BlobPart[]), loaded, digest };
  }

  /** Commit a verified file to a cache; a full disk gets the quota message. */
  private async put(cache: CacheLike, key: string, res: Response, label: string, bytes: number) {
    try {
      await cache.put(key, res);
    } catch (err) {
      if (isQuotaError(err)) {
        throw new AppError('quota', `Storage is full: ${label} (${formatBytes(bytes)}) could not be saved. Delete other models in the Storage panel or free space on the device.`);
      }
      throw err;
    }
  }

  // ------------------------------------------------------------------ the ONNX Runtime files

  private runtimeUrl(baseUrl: string, name: string) {
    return `${baseUrl.replace(/\/?$/, '/')}${name}`;
  }

  /** Which of the runtime's files are stored (and verified: only the store writes that cache). */
  async runtimeStatus(baseUrl: string): Promise<{ stored: boolean; bytes: number; storedAt?: number; files: { name: string; size: number; stored: boolean }[] }> {
    const cache = await this.getRuntimeCache();
    const files = await Promise.all(
      this.runtime.files.map(async (f) => {
        const hit = await cache.match(this.runtimeUrl(baseUrl, f.name));
        return { name: f.name, size: f.size, stored: !!hit && Number(hit.headers.get('content-length')) === f.size, storedAt: Number(hit?.headers.get('x-stored-at')) || undefined };
      }),
    );
    const stored = files.every((f) => f.stored);
    return {
      stored,
      bytes: files.reduce((a, f) => a + f.size, 0),
      storedAt: stored ? Math.max(...files.map((f) => f.storedAt ?? 0)) || undefined : undefined,
      files: files.map(({ name, size, stored: s }) => ({ name, size, stored: s })),
    };
  }

  /**
   * Store and verify the runtime files (size and SHA-256 from the build) unless they are stored already,
   * whatever context asks: a worker started before the service worker controlled the page fetches them
   * past it, so the service worker's cache alone cannot be trusted to have them.
   */
  async ensureRuntime(baseUrl: string, opts: EnsureOptions = {}): Promise<void> {
    const cache = await this.getRuntimeCache();
    const totalBytes = this.runtime.files.reduce((a, f) => a + f.size, 0);
    const hits = await Promise.all(this.runtime.files.map((f) => cache.match(this.runtimeUrl(baseUrl, f.name))));
    const stored = this.runtime.files.map((f, i) => Number(hits[i]?.headers.get('content-length')) === f.size);
    const missing = this.runtime.files.filter((_, i) => !stored[i]);
    if (missing.length) await this.checkRoomFor(`the ${RUNTIME_LABEL} every task needs`, missing.reduce((a, f) => a + f.size, 0));
    let doneBytes = 0;
    for (const [i, f] of this.runtime.files.entries()) {
      const url = this.runtimeUrl(baseUrl, f.name);
      if (stored[i]) {
        doneBytes += f.size;
        opts.onProgress?.({ file: f.name, loaded: f.size, total: f.size, fromCache: true, totalLoaded: doneBytes, totalBytes });
        continue;
      }
      const before = doneBytes;
      const onProgress = opts.onProgress && ((q: FileProgress) => opts.onProgress!({ ...q, totalLoaded: before + q.loaded, totalBytes }));
      let p = this.inflight.get(url);
      if (!p) {
        p = this.downloadRuntimeFile(cache, url, f, { signal: opts.signal, onVerify: opts.onVerify, onProgress }).finally(() => this.inflight.delete(url));
        this.inflight.set(url, p);
      }
      await p;
      doneBytes += f.size;
    }
  }

  private async downloadRuntimeFile(
    cache: CacheLike,
    url: string,
    f: RuntimeFile,
    opts: { signal?: AbortSignal; onProgress?: (p: FileProgress) => void; onVerify?: (file: string) => void },
  ): Promise<void> {
    const label = `${RUNTIME_LABEL} (${f.name})`;
    let res: Response;
    try {
      res = await this.net(url, { signal: opts.signal, cache: 'no-store' });
    } catch (err) {
      if (opts.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      throw new AppError(
        offline ? 'offline' : 'download',
        offline
          ? `The runtime for this task was not stored yet (${RUNTIME_LABEL}, ${formatBytes(runtimeBytes(this.runtime))}) and this device is offline: connect once and run the task; it then works offline.`
          : `Could not download ${label} from this site: the network request failed. Nothing was saved; try again.`,
        String(err),
      );
    }
    if (!res.ok || isHtml(res, f.name)) {
      throw new AppError('not-found', `${label} is missing from this site (${res.ok ? 'an HTML page was served instead' : `the server answered ${res.status}`}). The app cannot run models without it.`);
    }
    const { body, loaded } = await this.receive(res, { label, path: f.name, spec: f, signal: opts.signal, onProgress: opts.onProgress, onVerify: opts.onVerify });
    const headers = new Headers({
      'content-type': runtimeContentType(f.name),
      'content-length': String(loaded),
      'x-stored-at': String(this.now()),
      'x-sha256': f.sha256,
      // The .mjs is also the script of ONNX Runtime's thread workers: a worker takes its isolation (and its
      // CSP) from its script's response, and a cross-origin-isolated page refuses a worker script without
      // COEP, so the stored copy keeps the server's security headers (defaults: what the app is served with).
      'cross-origin-embedder-policy': res.headers.get('cross-origin-embedder-policy') ?? 'require-corp',
      'cross-origin-resource-policy': res.headers.get('cross-origin-resource-policy') ?? 'same-origin',
    });
    for (const h of ['cross-origin-opener-policy', 'content-security-policy']) {
      const v = res.headers.get(h);
      if (v) headers.set(h, v);
    }
    await this.put(cache, url, new Response(body, { status: 200, headers }), label, loaded);
  }

  /** Delete the stored runtime (it is downloaded again on the next run). */
  async removeRuntime(baseUrl: string): Promise<void> {
    const cache = await this.getRuntimeCache();
    await Promise.all(this.runtime.files.map((f) => cache.delete(this.runtimeUrl(baseUrl, f.name))));
  }

  private async touch(modelId: string) {
    const meta = await this.meta.get(modelId);
    if (meta) {
      meta.lastUsedAt = this.now();
      await this.meta.set(meta);
    }
  }

  /**
   * A `fetch` for transformers.js. Model-file URLs (self-hosted or Hub) are answered from the store,
   * downloading through it when needed; a file no source has gets a real 404 (optional files).
   */
  fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const parsed = parseModelUrl(this.config, url);
    if (!parsed) return this.net(input, init);
    const key = cacheKey(this.config, parsed.modelId, parsed.path);
    const cache = await this.getCache();
    const hit = await cache.match(key);
    if (hit) return hit;
    // The catalog lists every file a known model needs: anything else is an optional probe
    // (e.g. tokenizer_config.json for an image model) and is absent without asking any server.
    if (this.known.has(parsed.modelId) && !this.spec(parsed.modelId, parsed.path)) {
      return new Response(null, { status: 404, statusText: 'Not in the catalog' });
    }
    try {
      await this.download(parsed.modelId, parsed.path, parsed.revision, { signal: init?.signal ?? undefined });
    } catch (err) {
      // Files outside the catalog are optional probes (e.g. tokenizer_config.json): absent is fine.
      if (err instanceof AppError && !this.spec(parsed.modelId, parsed.path) && ['not-found', 'offline'].includes(err.code)) {
        return new Response(null, { status: 404, statusText: 'Not Found' });
      }
      throw err;
    }
    return (await cache.match(key)) ?? new Response(null, { status: 404 });
  };

  async list(): Promise<StoredModelMeta[]> {
    return (await this.meta.all()).sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  async remove(modelId: string): Promise<void> {
    const meta = await this.meta.get(modelId);
    const cache = await this.getCache();
    const paths = new Set([...Object.keys(meta?.files ?? {}), ...(this.known.get(modelId)?.files.map((f) => f.path) ?? [])]);
    await Promise.all([...paths].map((p) => cache.delete(cacheKey(this.config, modelId, p))));
    await this.meta.delete(modelId);
  }
}

/** A store on the browser's Cache API and IndexedDB (page or worker). */
export function browserModelStore(config: SourceConfig): ModelStore {
  return new ModelStore({
    config,
    cache: () => caches.open(MODEL_CACHE),
    runtimeCache: () => caches.open(runtimeCacheName()),
    estimate: navigator.storage?.estimate ? () => navigator.storage.estimate() : undefined,
  });
}
