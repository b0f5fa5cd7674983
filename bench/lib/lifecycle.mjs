/**
 * Process lifecycle for the benchmark scripts: never leave a server, browser, worker or temp file behind,
 * also on Ctrl-C, on errors and at a hard time limit. Each script is its own process, so the registry is
 * per module instance.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const steps = [];
let running;

/** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
export function settle(promise, ms = 5000) {
  let timer;
  const limit = new Promise((r) => {
    timer = setTimeout(r, ms);
  });
  return Promise.race([Promise.resolve(promise).catch(() => {}), limit]).finally(() => clearTimeout(timer));
}

/**
 * Registers a step for cleanup(). Steps run last-registered first (a browser launched after the server
 * closes before it), each given at most 5 s. With `atExit`, `fn` must be synchronous: it also runs when
 * the process exits. Returns a function that unregisters the step.
 */
export function onCleanup(fn, { atExit = false } = {}) {
  const step = { fn };
  steps.push(step);
  if (atExit) {
    step.exit = () => {
      try {
        fn();
      } catch {}
    };
    process.on('exit', step.exit);
  }
  return () => {
    const i = steps.indexOf(step);
    if (i >= 0) steps.splice(i, 1);
    if (step.exit) process.off('exit', step.exit);
  };
}

/** Runs every registered step once (later calls return the same promise). */
export function cleanup() {
  running ??= (async () => {
    for (const { fn } of [...steps].reverse()) await settle(Promise.resolve().then(fn));
  })();
  return running;
}

/** A fresh temp folder, removed by cleanup() and at exit. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }), { atExit: true });
  return dir;
}

/**
 * SIGINT/SIGTERM: log (when `log` is given), clean up, exit 130. After `limitMs`: `onLimit()` (default: a
 * `[tag] hard time limit` line on stderr), clean up, exit `limitCode`. Returns the (unref'd) time-limit timer.
 */
export function guard({ log, tag, limitMs, onLimit, limitCode = 2 }) {
  onLimit ??= () => console.error(`[${tag}] hard time limit (${limitMs / 1000} s) reached: aborting`);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      log?.(`${sig}: cleaning up`);
      await cleanup();
      process.exit(130);
    });
  }
  const timer = setTimeout(async () => {
    onLimit();
    await cleanup();
    process.exit(limitCode);
  }, limitMs);
  timer.unref();
  return timer;
}

/** Runs `main` (resolving to an exit code, or nothing for 0), cleans up and exits; on error prints `[tag] failed:` and exits 1. */
export function runMain(main, tag) {
  main()
    .then(async (code) => {
      await cleanup();
      process.exit(code ?? 0);
    })
    .catch(async (err) => {
      console.error(`[${tag}] failed:`, err?.stack ?? err);
      await cleanup();
      process.exit(1);
    });
}
