/** A `vite preview` of a given build on a given port, for tests that build and serve releases of their own. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = process.cwd();

/**
 * Build the app into `outDir` with `env` added to (or, for undefined values, removed from) the environment. A test
 * build (TEST_HOOKS=1: window.__app, the worker's crash and stall hooks) unless `env` says `TEST_HOOKS: undefined`.
 */
export function buildInto(outDir: string, env: Record<string, string | undefined>) {
  const e: Record<string, string | undefined> = { ...process.env, TEST_HOOKS: '1', ...env, DIST_DIR: outDir };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit', env: e });
}

/** `vite preview` of `outDir` on `port` (its own process group); resolves once it answers. */
export async function serve(outDir: string, port: number, env: Record<string, string | undefined> = {}): Promise<ChildProcess> {
  const log = fs.openSync(path.join(os.tmpdir(), `preview-${port}.log`), 'a');
  const e: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  const p = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', outDir], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    detached: true,
    env: e,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return p;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.kill(-p.pid!, 'SIGTERM');
  throw new Error(`vite preview of ${outDir} did not start on port ${port}`);
}

export async function stop(p: ChildProcess) {
  try {
    process.kill(-p.pid!, 'SIGTERM');
  } catch {
    // gone already
  }
  await new Promise((r) => setTimeout(r, 500));
}
