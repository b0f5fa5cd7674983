import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../protocol/messages';
import { setWatchdogLimits, TaskWorker } from './task-client';

/** Stands in for a Worker: records what the client posts and lets the test answer. */
class FakeWorker {
  posted: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(m: ToWorker) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  send(m: FromWorker) {
    this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

const config = async () => ({ ortBaseUrl: 'http://x/ort/', localModelUrl: 'http://x/models/', hubHost: null, numThreads: 1 });
const tick = () => new Promise((r) => setTimeout(r, 0));
const info = { modelId: 'org/m', backend: 'wasm' as const, dtype: 'q8' as const, loadMs: 1, threads: 1 };

function setup(idleMs = 60_000) {
  const spawned: FakeWorker[] = [];
  const tw = new TaskWorker(
    'image-classification',
    () => {
      const w = new FakeWorker();
      spawned.push(w);
      return w as unknown as Worker;
    },
    config,
    idleMs,
  );
  return { tw, spawned };
}

afterEach(() => {
  vi.useRealTimers();
  setWatchdogLimits();
});
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });

describe('TaskWorker', () => {
  it('spawns lazily, initialises, and routes progress, partials and the result by request id', async () => {
    const { tw, spawned } = setup();
    expect(spawned).toHaveLength(0);
    const progress: unknown[] = [];
    const partials: number[] = [];
    const a = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] }, { onProgress: (p) => progress.push(p), onPartial: (i) => partials.push(i) });
    const b = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    await tick();
    const w = spawned[0];
    expect(spawned).toHaveLength(1);
    expect(w.posted.map((m) => m.type)).toEqual(['init', 'run', 'run']);
    expect(a.id).not.toBe(b.id);
    w.send({ type: 'progress', id: a.id, progress: { stage: 'run', index: 0, count: 1 } });
    w.send({ type: 'partial', id: a.id, index: 0, item: { input: 'x', ms: 1, output: [{ label: 'a', score: 1 }] } });
    w.send({ type: 'result', id: b.id, info, items: [] });
    w.send({ type: 'result', id: a.id, info, items: [{ input: 'x', ms: 1, output: [{ label: 'a', score: 1 }] }] });
    await expect(a.promise).resolves.toMatchObject({ items: [{ input: 'x' }] });
    await expect(b.promise).resolves.toMatchObject({ items: [] });
    expect(progress).toHaveLength(1);
    expect(partials).toEqual([0]);
  });

  it('turns a worker error message into a rejected AppError', async () => {
    const { tw, spawned } = setup();
    const r = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    await tick();
    spawned[0].send({ type: 'error', id: r.id, error: { code: 'checksum', message: 'bad file' } });
    await expect(r.promise).rejects.toMatchObject({ code: 'checksum', message: 'bad file' });
  });

  it('detects a crash, rejects what was pending, and starts a new worker next time', async () => {
    const { tw, spawned } = setup();
    const r = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    await tick();
    spawned[0].crash('out of memory');
    await expect(r.promise).rejects.toMatchObject({ code: 'crash', message: expect.stringMatching(/crashed \(out of memory\)/) });
    expect(spawned[0].terminated).toBe(true);
    const next = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    await tick();
    expect(spawned).toHaveLength(2);
    spawned[1].send({ type: 'result', id: next.id, info, items: [] });
    await expect(next.promise).resolves.toBeDefined();
  });

  it('cancels: tells the worker, rejects at once, ignores late messages', async () => {
    const { tw, spawned } = setup();
    const partials: number[] = [];
    const r = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] }, { onPartial: (i) => partials.push(i) });
    await tick();
    r.cancel();
    await expect(r.promise).rejects.toMatchObject({ code: 'cancelled' });
    expect(spawned[0].posted.at(-1)).toEqual({ type: 'cancel', id: r.id });
    spawned[0].send({ type: 'partial', id: r.id, index: 0, item: { input: 'x' } });
    expect(partials).toEqual([]);
  });

  it('terminates an idle worker and keeps it while requests are pending', async () => {
    vi.useFakeTimers();
    const { tw, spawned } = setup(1000);
    const r = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    await vi.advanceTimersByTimeAsync(5000);
    expect(spawned[0].terminated).toBe(false);
    spawned[0].send({ type: 'result', id: r.id, info, items: [] });
    await r.promise;
    await vi.advanceTimersByTimeAsync(999);
    expect(tw.alive).toBe(true);
    await vi.advanceTimersByTimeAsync(2);
    expect(tw.alive).toBe(false);
    expect(spawned[0].terminated).toBe(true);
  });

  it('posts init before any run, even when runs are asked for while the worker is still starting', async () => {
    let release!: () => void;
    const slow = () =>
      new Promise<Awaited<ReturnType<typeof config>>>((r) => (release = () => r({ ortBaseUrl: 'o', localModelUrl: 'm', hubHost: null, numThreads: 1 })));
    const spawned: FakeWorker[] = [];
    const tw = new TaskWorker(
      'ocr',
      () => {
        const w = new FakeWorker();
        spawned.push(w);
        return w as unknown as Worker;
      },
      slow,
    );
    tw.run({ modelId: 'a', backend: 'wasm', inputs: [] });
    tw.run({ modelId: 'b', backend: 'wasm', inputs: [] });
    await tick();
    release();
    await tick();
    tw.run({ modelId: 'c', backend: 'wasm', inputs: [] });
    await tick();
    expect(spawned).toHaveLength(1);
    expect(spawned[0].posted.map((m) => m.type)).toEqual(['init', 'run', 'run', 'run']);
  });

  it('watchdog: a run whose worker says nothing for longer than its stage allows fails as stalled, and the worker is replaced', async () => {
    fakeClock();
    setWatchdogLimits({ start: 1000, download: 3000, load: 5000, run: 2000 });
    const { tw, spawned } = setup();
    const r = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    const outcome = r.promise.catch((e) => e);
    await vi.advanceTimersByTimeAsync(10);
    const id = r.id;
    // Downloading: a byte every 2.5 s keeps it alive (the limit is 3 s).
    for (let i = 0; i < 3; i++) {
      spawned[0].send({
        type: 'progress',
        id,
        progress: { stage: 'download', modelId: 'm', file: 'f', loaded: i, total: 9, totalLoaded: i, totalBytes: 9, fromCache: false },
      });
      await vi.advanceTimersByTimeAsync(2500);
    }
    // Loading may take 5 s.
    spawned[0].send({ type: 'progress', id, progress: { stage: 'load', modelId: 'm', backend: 'wasm' } });
    await vi.advanceTimersByTimeAsync(4500);
    expect(spawned[0].terminated).toBe(false);
    // Running: silent for more than 2 s is stalled.
    spawned[0].send({ type: 'progress', id, progress: { stage: 'run', index: 0, count: 1 } });
    await vi.advanceTimersByTimeAsync(3000);
    const err = await outcome;
    expect(err).toMatchObject({ code: 'stalled', message: expect.stringMatching(/worker stopped responding \(no progress for 2 s while running the model\)/) });
    expect(spawned[0].terminated).toBe(true);
    expect(tw.alive).toBe(false);
    tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    await vi.advanceTimersByTimeAsync(10);
    expect(spawned).toHaveLength(2);
  });

  it('watchdog: a run waiting behind a cancelled run that is still loading its model is not stalled while the worker works', async () => {
    fakeClock();
    setWatchdogLimits({ start: 1000, load: 5000, run: 2000 });
    const { tw, spawned } = setup();
    const a = tw.run({ modelId: 'big', backend: 'wasm', inputs: [] });
    a.promise.catch(() => {});
    await vi.advanceTimersByTimeAsync(10);
    spawned[0].send({ type: 'progress', id: a.id, progress: { stage: 'load', modelId: 'big', backend: 'wasm' } });
    a.cancel();
    const b = tw.run({ modelId: 'small', backend: 'wasm', inputs: [] });
    const outcome = b.promise.catch((e) => e);
    // The cancelled run's model load goes on in the worker (it cannot be interrupted), silently, for 4 s.
    await vi.advanceTimersByTimeAsync(4000);
    expect(spawned[0].terminated).toBe(false);
    spawned[0].send({ type: 'progress', id: b.id, progress: { stage: 'load', modelId: 'small', backend: 'wasm' } });
    spawned[0].send({ type: 'result', id: b.id, info, items: [] });
    await expect(outcome).resolves.toMatchObject({ items: [] });
    // A worker silent for longer than its current stage allows is still caught.
    const c = tw.run({ modelId: 'small', backend: 'wasm', inputs: [] });
    const late = c.promise.catch((e) => e);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await late).toMatchObject({ code: 'stalled' });
  });

  it('watchdog: quiet while nothing is pending', async () => {
    fakeClock();
    setWatchdogLimits({ start: 1000, run: 1000 });
    const { tw, spawned } = setup();
    const r = tw.run({ modelId: 'org/m', backend: 'wasm', inputs: [] });
    await vi.advanceTimersByTimeAsync(10);
    spawned[0].send({ type: 'result', id: r.id, info, items: [] });
    await r.promise;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(spawned[0].terminated).toBe(false);
  });
});
