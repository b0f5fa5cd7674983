/**
 * Vite plugins that serve the two kinds of large binary assets the app needs from its OWN origin:
 *  - the ONNX Runtime Web runtime files (`/ort/<tag>/*`, tooling/ort-runtime.mjs), copied from the
 *    onnxruntime-web build that @huggingface/transformers pins, so the app never depends on a CDN;
 *  - a self-hosted model folder (`/models/<org>/<name>/...`), configured by `MODELS_DIR`.
 * Both answer a missing file with a real 404: a single-page-app fallback answering a model URL with
 * index.html is the classic poisoned-cache bug (see README, "Self-hosting models").
 */
import type { Plugin, Connect } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { modelsDirs } from './models-dirs.mjs';
import { preparePaddleModels } from './ocr-models/prepare.mjs';
import { CLASSIFIER_ID, FP32_FILE, prepareClassifierFp32 } from './classifier-fp32/prepare.mjs';
import { ortRuntime } from './ort-runtime.mjs';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * The origins the app may download models from besides its own: the Hub given at build time (HF_HOST) and,
 * for the Hugging Face Hub itself, the hosts it redirects large files to. Empty when HF_HOST is "" (no Hub).
 */
export function hubOrigins(hubHost: string): string[] {
  if (!hubHost) return [];
  const u = new URL(hubHost);
  if (u.protocol !== 'https:') throw new Error(`HF_HOST must be an https: URL (got ${hubHost}).`);
  return /(^|\.)huggingface\.co$/.test(u.hostname) ? [u.origin, 'https://*.huggingface.co', 'https://*.hf.co'] : [u.origin];
}

/**
 * The Content-Security-Policy of every response (pages, scripts, workers, WASM, models): scripts only from
 * this origin (plus compiling WebAssembly), no inline script, connections only to this origin and the Hub,
 * no plugins, no <base>, no framing. A worker takes its policy from its own script's response, so the
 * header goes on every file, not only on index.html. Enforced by the browser: the privacy promise does
 * not rest on the app's code alone.
 */
export function contentSecurityPolicy(origins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    // blob: the object URLs of the user's own files (local to this page, nothing leaves it): Chromium reported a
    // connect-src violation for the object URL of every file the user picked that is not a decodable image.
    `connect-src 'self'${origins.map((o) => ` ${o}`).join('')} blob:`,
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Every header the app's own responses carry: cross-origin isolation and the CSP. */
export function securityHeaders(hubHost: string): Record<string, string> {
  return { ...ISOLATION_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(hubOrigins(hubHost)) };
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.onnx_data': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.model': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
};

/**
 * Fault injection for the end-to-end tests, only when the preview server runs with E2E_FAULTS=1 (set by
 * playwright.config.ts; never part of the built app): a request carrying the cookie
 * `e2e-break=<path>~<bytes>[~all]` for that path gets its full headers, the first <bytes> bytes of its
 * body, then a dropped connection, as a network that fails mid-download. Ranged requests (a resumed
 * download) are left alone unless `~all` is given.
 */
function breakAfter(req: Connect.IncomingMessage, pathname: string): number | null {
  if (process.env.E2E_FAULTS !== '1') return null;
  const m = /(?:^|;\s*)e2e-break=([^;~]+)~(\d+)(~all)?/.exec(req.headers.cookie ?? '');
  if (!m || decodeURIComponent(m[1]) !== pathname) return null;
  return req.headers.range && !m[3] ? null : Number(m[2]);
}

/** A single `bytes=a-b` / `bytes=a-` range within `size`, or null (no header, or one this server does not serve). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d+)-(\d*)$/.exec(header ?? '');
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  return start <= end ? { start, end } : null;
}

/** Serve files under `prefix` from the first of `dirs` that has them; anything missing gets a real 404. */
function serveFolder(prefix: string, getDirs: () => string[], headers: Record<string, string>, allow?: (rel: string) => boolean): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) return next();
    const rel = decodeURIComponent(url.pathname.slice(prefix.length));
    const dirs = getDirs();
    const notFound = () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.end(`Not found: ${url.pathname}\n`);
    };
    if (rel.includes('..') || (allow && !allow(rel))) return notFound();
    let file = '';
    let stat: fs.Stats | undefined;
    for (const dir of dirs) {
      try {
        const candidate = path.join(dir, rel);
        const st = fs.statSync(candidate);
        if (st.isFile()) {
          file = candidate;
          stat = st;
          break;
        }
      } catch {
        // not in this folder
      }
    }
    if (!stat) return notFound();
    // Byte ranges, as static hosts serve them: an interrupted download resumes where it stopped.
    const range = byteRange(req.headers.range, stat.size);
    const start = range?.start ?? 0;
    const end = range?.end ?? stat.size - 1;
    res.statusCode = range ? 206 : 200;
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(end - start + 1));
    res.setHeader('Accept-Ranges', 'bytes');
    if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${stat.size}`);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Access-Control-Allow-Origin', '*');
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (req.method === 'HEAD') return res.end();
    const cut = breakAfter(req, url.pathname);
    if (cut !== null && start + cut <= end) {
      const part = fs.createReadStream(file, { start, end: start + cut - 1 });
      part.on('end', () => setTimeout(() => res.socket?.destroy(), 100));
      part.pipe(res, { end: false });
      return;
    }
    fs.createReadStream(file, { start, end }).pipe(res);
  };
}

/**
 * Models that ship in npm packages, served at `/models/<id>/` like any self-hosted model (so the
 * model store downloads, verifies and caches them the same way) and copied into `dist/models/<id>/`.
 * They work offline out of the box, with no MODELS_DIR.
 */
export function packageModels(root: string): { id: string; dir: string }[] {
  // PaddleOCR v4 (text detection, angle classifier, recognisers, dictionary) for the OCR task: the
  // package's files plus recognisers derived from it (tooling/ocr-models/prepare.mjs). Without the
  // package, the OCR model is only found in a MODELS_DIR folder.
  const dir = preparePaddleModels(root);
  return dir ? [{ id: 'paddlepaddle/ppocr-v4-gutenye', dir }] : [];
}

function copyDir(src: string, dest: string) {
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const s = path.join(src, entry.name);
    const d = path.join(dest, entry.name);
    if (entry.isDirectory()) copyDir(s, d);
    else if (entry.isFile()) fs.copyFileSync(s, d);
  }
}

export interface SelfHostOptions {
  /**
   * Folders in the `<org>/<name>/...` layout, separated by the platform's path delimiter (`:` on
   * Linux and macOS), e.g. `MODELS_DIR=../shared/models:e2e/.generated/models`; the first folder that
   * has a file wins. Undefined = no self-hosted models.
   */
  modelsDir?: string;
  root: string;
  /** The Hub's base URL ('' for none): allowed in the CSP's connect-src. */
  hubHost: string;
}

export function selfHostedAssets(opts: SelfHostOptions): Plugin {
  const dirs = modelsDirs(opts.modelsDir ?? '', opts.root);
  for (const d of dirs) {
    if (!fs.existsSync(d)) throw new Error(`MODELS_DIR: the folder ${d} does not exist (MODELS_DIR=${opts.modelsDir}).`);
  }
  const ort = ortRuntime(opts.root);
  const ortPrefix = `/${ort.path}`;
  const isOrt = (rel: string) => ort.files.some((f: { name: string }) => f.name === rel);
  const pkgModels = packageModels(opts.root);
  // The fp32 MobileNetV2 derived from the served int8 one (tooling/classifier-fp32): served inside that model's folder.
  const fp32 = prepareClassifierFp32(opts.root, dirs);
  // The dev server keeps Vite's inline scripts (no CSP); the preview server and production send it.
  const devHeaders = { ...ISOLATION_HEADERS };
  const prodHeaders = securityHeaders(opts.hubHost);
  let outDir = 'dist';
  return {
    name: 'self-hosted-assets',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serveFolder(ortPrefix, () => [ort.dir], devHeaders, isOrt));
      server.middlewares.use(serveFolder('/ort/', () => [], devHeaders)); // any other runtime path: a real 404
      for (const m of pkgModels) server.middlewares.use(serveFolder(`/models/${m.id}/`, () => [m.dir], devHeaders));
      if (fp32) server.middlewares.use(serveFolder(`/models/${CLASSIFIER_ID}/`, () => [...dirs.map((d) => path.join(d, CLASSIFIER_ID)), fp32.dir], devHeaders));
      server.middlewares.use(serveFolder('/models/', () => dirs, devHeaders));
    },
    configurePreviewServer(server) {
      // The service worker script is read fresh on every request and never cached by HTTP, as in
      // production: browsers compare its bytes to detect a new version.
      server.middlewares.use((req, res, next) => {
        if (!/^\/sw\.js(\?|$)/.test(req.url ?? '')) return next();
        const file = path.join(outDir, 'sw.js');
        if (!fs.existsSync(file)) return next();
        const body = fs.readFileSync(file);
        res.statusCode = 200;
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-cache');
        for (const [k, v] of Object.entries(prodHeaders)) res.setHeader(k, v);
        res.end(body);
      });
      // The build copied both folders into dist; MODELS_DIR given to preview takes precedence
      // so a folder can be swapped without rebuilding.
      // Whatever runtime the build being previewed has (its own tag folder under ort/, which another build's
      // runtime files give another name), only the runtime's file names.
      server.middlewares.use(
        serveFolder(
          '/ort/',
          () => [path.join(outDir, 'ort')],
          prodHeaders,
          (rel) => /^[0-9a-f]{12}\/[^/]+$/.test(rel) && isOrt(rel.split('/')[1]),
        ),
      );
      server.middlewares.use(serveFolder('/ort/', () => [], prodHeaders));
      server.middlewares.use(serveFolder('/models/', () => [...dirs, path.join(outDir, 'models')], prodHeaders));
    },
    writeBundle() {
      const ortOut = path.join(outDir, ort.path);
      fs.rmSync(path.join(outDir, 'ort'), { recursive: true, force: true });
      fs.mkdirSync(ortOut, { recursive: true });
      for (const f of ort.files) fs.copyFileSync(path.join(ort.dir, f.name), path.join(ortOut, f.name));
      // Later folders first, so that the first folder wins where two have the same file.
      for (const d of [...dirs].reverse()) copyDir(d, path.join(outDir, 'models'));
      for (const m of pkgModels) copyDir(m.dir, path.join(outDir, 'models', m.id));
      if (fp32) {
        const dest = path.join(outDir, 'models', CLASSIFIER_ID, FP32_FILE);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.copyFileSync(fp32.file, dest);
      }
    },
    closeBundle() {
      // Static hosts (Netlify, Cloudflare Pages) read dist/_headers: the CSP of this build's Hub goes there.
      const file = path.join(outDir, '_headers');
      if (!fs.existsSync(file)) return;
      const text = fs.readFileSync(file, 'utf8').replace(/^ {2}Content-Security-Policy:.*\n/m, '');
      fs.writeFileSync(file, text.replace(/^\/\*\n/m, `/*\n  Content-Security-Policy: ${prodHeaders['Content-Security-Policy']}\n`));
    },
  };
}
