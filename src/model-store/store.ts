/**
 * The model store: the one module that downloads, verifies and caches model files.
 *
 * - Sources, in order: the app's own self-hosted folder (`/models/<org>/<name>/...`), then the Hub.
 * - Downloads stream with per-file and per-model progress, straight into the cache under a staging key
 *   while they are hashed (a file is never held whole in memory); sizes and SHA-256 from the catalog are
 *   checked before the file is promoted to its real key, so a broken, truncated or HTML-fallback
 *   response never lands in the cache under a model's name.
 * - A stored file counts only while it matches the current catalog (size, SHA-256): a release that
 *   changes a file's bytes under the same path gets it downloaded again. Files with no checksum in the
 *   catalog (Hub files) keep the SHA-256 of their first download (trust on first use) for Re-verify.
 * - Each file's download holds a Web Lock, so two tabs (or the Storage panel and a task) asking for
 *   the same file download it once; metadata is updated in one IndexedDB transaction.
 * - Files are stored in the Cache API under their self-hosted URL; metadata lives in IndexedDB.
 * - The ONNX Runtime files (runtime.ts) are stored and verified the same way, in their own cache.
 * - `fetch` is installed as transformers.js's `env.fetch`, so every file the library asks for goes
 *   through the store: cached files are served without touching the network (offline works).
 */
import { createSHA256 } from 'hash-wasm';
import { AppError, isQuotaError } from '../protocol/errors';
import { formatBytes } from '../lib/format';
import type { Dtype } from '../protocol/messages';
import { filesFor, type FileSpec, type ModelEntry } from './catalog-types';
import { idbMetaStore, type MetaStore, type StoredModelMeta } from './metadata';
import { ORT_RUNTIME, RUNTIME_LABEL, runtimeBytes, runtimeCacheName, runtimeContentType, type OrtRuntime, type RuntimeFile } from './runtime';
import { MODEL_CACHE } from './cache-names';
import { cacheKey, parseModelUrl, sourcesFor, type SourceConfig, type SourceKind } from './sources';

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

/**
 * A cached file, if it is the version the catalog lists now (size, and SHA-256 as recorded when it was
 * stored); undefined when it is absent or another version (a release changed the file under the same path).
 */
function current(spec: { size?: number; sha256?: string } | undefined, hit: Response | undefined): Response | undefined {
  if (!hit) return undefined;
  if (spec?.size !== undefined && Number(hit.headers.get('content-length')) !== spec.size) return undefined;
  const recorded = hit.headers.get('x-sha256');
  // Files stored before checksums were recorded in their headers are judged by their size alone.
  if (spec?.sha256 && recorded && recorded.toLowerCase() !== spec.sha256.toLowerCase()) return undefined;
  return hit;
}

/** Run `fn` holding the Web Lock named after `key` (tabs and workers of this origin share it), where the browser has Web Locks. */
function withLock<T>(key: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (!locks) return fn();
  return locks.request(`model-file ${key}`, signal ? { signal } : {}, fn) as Promise<T>;
}

/** How many times one download resumes after its connection dropped (each from where it stopped). */
const MAX_RESUMES = 3;

const isHtml = (res: Response, path: string) => /text\/html/i.test(res.headers.get('content-type') ?? '') && !/\.html?$/i.test(path);

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

  register(entries: readonly ModelEntry[]) {
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
    const cached = await Promise.all(files.map(async (f) => current(f, await cache.match(cacheKey(this.config, entry.id, f.path)))));
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

  /** The files the model needs for `dtype` that are not stored, or stored in a version the catalog no longer lists. */
  async missingFiles(entry: ModelEntry, dtype: Dtype): Promise<FileSpec[]> {
    const files = filesFor(entry, dtype);
    const cache = await this.getCache();
    const hits = await Promise.all(files.map(async (f) => current(f, await cache.match(cacheKey(this.config, entry.id, f.path)))));
    return files.filter((_, i) => !hits[i]);
  }

  /**
   * Check every stored file of a model against its checksum (the catalog's, or the one recorded at its first
   * download); a file that no longer matches is deleted (the next run downloads it again). Returns the files
   * checked and the ones that failed.
   */
  async reverify(modelId: string): Promise<{ checked: string[]; failed: string[] }> {
    const meta = await this.meta.get(modelId);
    const cache = await this.getCache();
    const checked: string[] = [];
    const failed: string[] = [];
    for (const f of Object.values(meta?.files ?? {})) {
      const expected = (this.spec(modelId, f.path)?.sha256 ?? f.sha256)?.toLowerCase();
      const key = cacheKey(this.config, modelId, f.path);
      const hit = await cache.match(key);
      checked.push(f.path);
      if (!hit?.body) {
        failed.push(f.path);
        continue;
      }
      const hasher = await createSHA256();
      hasher.init();
      const reader = hit.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        hasher.update(value);
      }
      if (expected && hasher.digest('hex') !== expected) failed.push(f.path);
    }
    if (failed.length) {
      await Promise.all(failed.map((p) => cache.delete(cacheKey(this.config, modelId, p))));
      await this.meta.update(modelId, (m) => {
        const next = m ?? { id: modelId, files: {}, firstStoredAt: this.now(), lastUsedAt: this.now() };
        for (const p of failed) delete next.files[p];
        return next;
      });
    }
    return { checked, failed };
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
    await this.meta.update(entry.id, (m) => {
      const next = m ?? meta;
      for (const p of stale) delete next.files[p];
      return next;
    });
  }

  /** Refuse before downloading when the browser says the files will not fit. */
  private async checkRoom(entry: ModelEntry, files: FileSpec[]) {
    await this.checkRoomFor(
      entry.title,
      files.reduce((a, f) => a + (f.size ?? f.approxSize ?? 0), 0),
    );
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

  /**
   * Download one file, verify it, then commit it to the cache. Deduplicated while in flight in this context,
   * and across tabs and workers by a Web Lock per file: whoever gets the lock second finds the file stored.
   */
  download(
    modelId: string,
    path: string,
    revision = 'main',
    opts: { signal?: AbortSignal; onProgress?: (p: FileProgress) => void; onVerify?: (file: string) => void } = {},
  ): Promise<void> {
    const key = cacheKey(this.config, modelId, path);
    let p = this.inflight.get(key);
    if (!p) {
      p = withLock(key, opts.signal, async () => {
        const spec = this.spec(modelId, path);
        const hit = current(spec, await (await this.getCache()).match(key));
        if (hit) {
          const size = Number(hit.headers.get('content-length')) || 0;
          opts.onProgress?.({ file: path, loaded: size, total: size, fromCache: true });
          return;
        }
        await this.downloadNow(modelId, path, revision, opts);
      }).finally(() => this.inflight.delete(key));
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
    let url = '';
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
      url = src.url;
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

    const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
    const { loaded, digest } = await this.receive(await this.getCache(), cacheKey(this.config, modelId, path), res, {
      label,
      path,
      spec,
      signal: opts.signal,
      onProgress: opts.onProgress,
      onVerify: opts.onVerify,
      headers: (n, sha) => new Headers({ 'content-type': contentType, 'content-length': String(n), 'x-model-source': source, 'x-sha256': sha }),
      resume: (from) => this.net(url, { signal: opts.signal, cache: 'no-store', headers: { Range: `bytes=${from}-` } }),
    });
    const now = this.now();
    const file: StoredModelMeta['files'][string] = { path, size: loaded, source, verified: !!spec?.sha256, sha256: digest, storedAt: now };
    await this.meta.update(modelId, (m) => {
      const next = m ?? { id: modelId, files: {}, firstStoredAt: now, lastUsedAt: now };
      next.files[path] = file;
      return next;
    });
  }

  /**
   * Stream a response's body into `cache` under a staging key while hashing and counting it, check it
   * against what is expected (the declared length, the catalog's size and SHA-256), then promote it to
   * `key` with the headers `headers(length, sha256)` gives. The file is never held whole in memory; on any
   * failure the staging entry is deleted and nothing is stored under `key`. Throws a specific AppError.
   */
  private async receive(
    cache: CacheLike,
    key: string,
    res: Response,
    opts: {
      label: string;
      path: string;
      spec?: { size?: number; sha256?: string };
      signal?: AbortSignal;
      onProgress?: (p: FileProgress) => void;
      onVerify?: (file: string) => void;
      headers: (length: number, sha256: string) => Headers;
      /** Ask the server for the rest of the file from byte `from` (an HTTP Range request). */
      resume?: (from: number) => Promise<Response>;
    },
  ): Promise<{ loaded: number; digest: string }> {
    const { label, path, spec } = opts;
    // Content-Length counts the bytes on the wire: with Content-Encoding (gzip, br, as static hosts and CDNs
    // send for .json and sometimes .onnx) fetch() hands over the decoded, longer body. The header can be hidden
    // from a cross-origin response, so a body longer than its Content-Length is taken as decoded too; only a
    // shorter one is a download that stopped early. The catalog's size and SHA-256 check the decoded bytes.
    const encoded = !/^(identity)?$/i.test(res.headers.get('content-encoding') ?? '');
    const declared = encoded ? null : Number(res.headers.get('content-length')) || null;
    const total = spec?.size ?? declared;
    // Every file is hashed: the catalog's checksum is checked, or (none given) the first download's is recorded.
    const hasher = await createSHA256();
    hasher.init();
    let loaded = 0;
    let readError: unknown;
    opts.onProgress?.({ file: path, loaded: 0, total, fromCache: false });
    let reader = res.body!.getReader();
    // A connection that drops mid-file is resumed where it stopped (HTTP Range), where the server serves ranges
    // (206 from the right byte; not for compressed responses, whose byte positions are the encoded ones).
    let resumes = 0;
    const resume = !encoded && opts.resume;
    const signal = opts.signal;
    const counted = new ReadableStream<Uint8Array>({
      async pull(c) {
        for (;;) {
          let r: ReadableStreamReadResult<Uint8Array>;
          try {
            r = await reader.read();
          } catch (err) {
            if (resume && resumes < MAX_RESUMES && loaded > 0 && !signal?.aborted) {
              resumes++;
              try {
                const next = await resume(loaded);
                const from = /^bytes (\d+)-/.exec(next.headers.get('content-range') ?? '');
                if (next.status === 206 && from && Number(from[1]) === loaded && next.body) {
                  reader = next.body.getReader();
                  continue;
                }
                await next.body?.cancel().catch(() => {});
              } catch {
                // the network is still down: the download fails below
              }
            }
            readError = err;
            c.error(err);
            return;
          }
          if (r.done) return c.close();
          hasher.update(r.value);
          loaded += r.value.byteLength;
          opts.onProgress?.({ file: path, loaded, total, fromCache: false });
          c.enqueue(r.value);
          return;
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    // Another path (not a query: the service worker matches stored files ignoring the query string).
    const staging = `${key.replace(/[?#].*$/, '')}.staging-${Math.random().toString(36).slice(2)}`;
    let promoted = false;
    try {
      try {
        await this.put(cache, staging, new Response(counted, { status: 200 }), label, total ?? 0);
      } catch (err) {
        if (opts.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
        if (readError === undefined) throw err;
        throw new AppError(
          'download',
          `The download of ${label} broke off after ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}. Nothing was saved; try again when the connection is back.`,
          readError instanceof Error ? readError.toString() : typeof readError === 'string' ? readError : JSON.stringify(readError),
        );
      }
      if (declared !== null && loaded < declared) {
        throw new AppError(
          'download',
          `The download of ${label} was incomplete (${formatBytes(loaded)} of ${formatBytes(declared)}). Nothing was saved; try again.`,
        );
      }
      opts.onVerify?.(path);
      if (spec?.size !== undefined && loaded !== spec.size) {
        throw new AppError(
          'checksum',
          `${label} failed verification: expected ${spec.size} bytes, got ${loaded}. The file on the server is not the one this app expects; it was not saved.`,
        );
      }
      const digest = hasher.digest('hex');
      if (spec?.sha256 && digest !== spec.sha256.toLowerCase()) {
        throw new AppError(
          'checksum',
          `${label} failed its checksum (SHA-256 ${digest.slice(0, 12)}… instead of ${spec.sha256.slice(0, 12)}…). The file is corrupt or not the expected version; it was not saved.`,
        );
      }
      // Promote: the staged bytes are streamed from the cache to the real key (again never whole in memory).
      const staged = await cache.match(staging);
      if (!staged) throw new AppError('download', `${label} could not be read back from storage after downloading. Nothing was saved; try again.`);
      await this.put(cache, key, new Response(staged.body, { status: 200, headers: opts.headers(loaded, digest) }), label, loaded);
      promoted = true;
      return { loaded, digest };
    } finally {
      await cache.delete(staging).catch(() => false);
      if (!promoted) reader.cancel().catch(() => {});
    }
  }

  /** Commit a verified file to a cache; a full disk gets the quota message. */
  private async put(cache: CacheLike, key: string, res: Response, label: string, bytes: number) {
    try {
      await cache.put(key, res);
    } catch (err) {
      if (isQuotaError(err)) {
        throw new AppError(
          'quota',
          `Storage is full: ${label} (${formatBytes(bytes)}) could not be saved. Delete other models in the Storage panel or free space on the device.`,
        );
      }
      // A read error of the body is the caller's to report; anything else is the browser refusing the write
      // (Chromium refused single entries of 300 MB and more on a test machine with 10 GB of quota).
      if (err instanceof DOMException && err.name !== 'AbortError') {
        throw new AppError(
          'quota',
          `The browser refused to store ${label}${bytes ? ` (${formatBytes(bytes)})` : ''}: ${err.message} Nothing was saved. Free some space (Storage panel) and try again; if it keeps failing, this browser may not keep files this large.`,
          String(err),
        );
      }
      throw err;
    }
  }

  // ------------------------------------------------------------------ the ONNX Runtime files

  private runtimeUrl(baseUrl: string, name: string) {
    return `${baseUrl.replace(/\/?$/, '/')}${name}`;
  }

  /** Which of the runtime's files are stored (and verified: only the store writes that cache). */
  async runtimeStatus(
    baseUrl: string,
  ): Promise<{ stored: boolean; bytes: number; storedAt?: number; files: { name: string; size: number; stored: boolean }[] }> {
    const cache = await this.getRuntimeCache();
    const files = await Promise.all(
      this.runtime.files.map(async (f) => {
        const hit = await cache.match(this.runtimeUrl(baseUrl, f.name));
        return {
          name: f.name,
          size: f.size,
          stored: !!hit && Number(hit.headers.get('content-length')) === f.size,
          storedAt: Number(hit?.headers.get('x-stored-at')) || undefined,
        };
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
    if (missing.length)
      await this.checkRoomFor(
        `the ${RUNTIME_LABEL} every task needs`,
        missing.reduce((a, f) => a + f.size, 0),
      );
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
        p = withLock(url, opts.signal, async () => {
          // Another tab may have stored it while this one waited for the lock.
          if (Number((await cache.match(url))?.headers.get('content-length')) === f.size) return;
          await this.downloadRuntimeFile(cache, url, f, { signal: opts.signal, onVerify: opts.onVerify, onProgress });
        }).finally(() => this.inflight.delete(url));
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
      throw new AppError(
        'not-found',
        `${label} is missing from this site (${res.ok ? 'an HTML page was served instead' : `the server answered ${res.status}`}). The app cannot run models without it.`,
      );
    }
    const stamp = String(this.now());
    await this.receive(cache, url, res, {
      label,
      path: f.name,
      spec: f,
      signal: opts.signal,
      onProgress: opts.onProgress,
      onVerify: opts.onVerify,
      resume: (from) => this.net(url, { signal: opts.signal, cache: 'no-store', headers: { Range: `bytes=${from}-` } }),
      headers: (loaded) => {
        const headers = new Headers({
          'content-type': runtimeContentType(f.name),
          'content-length': String(loaded),
          'x-stored-at': stamp,
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
        return headers;
      },
    });
  }

  /** Delete the stored runtime (it is downloaded again on the next run). */
  async removeRuntime(baseUrl: string): Promise<void> {
    const cache = await this.getRuntimeCache();
    await Promise.all(this.runtime.files.map((f) => cache.delete(this.runtimeUrl(baseUrl, f.name))));
  }

  private async touch(modelId: string) {
    const meta = await this.meta.get(modelId);
    if (meta) await this.meta.update(modelId, (m) => ({ ...(m ?? meta), lastUsedAt: this.now() }));
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
    const hit = current(this.spec(parsed.modelId, parsed.path), await cache.match(key));
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
