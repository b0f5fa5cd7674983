/**
 * `vite preview` of a built app for the benchmarks: started in its own process group (npx and the vite
 * child), awaited until it answers, and killed by cleanup() or at process exit (lib/lifecycle.mjs).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './lifecycle.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Starts `npx vite preview --port <port> --strictPort --outDir <distDir>` in the repository root.
 *  - modelsDir: MODELS_DIR for the server (default: the environment as it is);
 *  - probePath: a path (e.g. `models/<id>/config.json`) that must answer HEAD once the server is up;
 *  - portEnv: the variable named in the "port in use" error;
 *  - log: for a warning when the server sends no COEP header (no WASM threads).
 * Resolves to `{ baseUrl, stop }` once the server answers; rejects when the port is taken, the server
 * exits or does not answer within `timeoutMs`.
 */
export async function startPreview({ port, distDir = 'dist', modelsDir, probePath, portEnv = 'BENCH_PORT', log, timeoutMs = 30_000 }) {
  const baseUrl = `http://localhost:${port}/`;
  const busy = await fetch(baseUrl, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${port} is already in use: stop that server or set ${portEnv}`);
  const lines = [];
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', distDir], {
    cwd: ROOT,
    env: modelsDir == null ? process.env : { ...process.env, MODELS_DIR: modelsDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => lines.push(String(d)));
  server.stderr.on('data', (d) => lines.push(String(d)));
  const output = () => lines.join('').slice(-2000);

  const stop = () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    try {
      process.kill(-server.pid, 'SIGTERM'); // its own process group: npx and the vite child
    } catch {}
    const pid = server.pid;
    setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }, 2000).unref();
  };
  onCleanup(stop, { atExit: true });

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode}):\n${output()}`);
    const res = await fetch(baseUrl, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (res?.ok) {
      if (probePath) {
        const probe = await fetch(new URL(probePath, baseUrl), { method: 'HEAD' });
        if (!probe.ok) throw new Error(`the preview server does not serve /${probePath} (${probe.status}); check MODELS_DIR`);
      }
      if (res.headers.get('cross-origin-embedder-policy') !== 'require-corp') log?.('warning: no COEP header: WASM threads will be 1');
      return { baseUrl, stop };
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vite preview did not answer on ${baseUrl} within ${Math.round(timeoutMs / 1000)} s:\n${output()}`);
}
