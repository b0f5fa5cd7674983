/**
 * The UI side of the worker protocol: one module Web Worker per task, spawned lazily, kept warm while
 * used and terminated when idle. Requests have ids; progress and partial results stream back; a
 * request can be cancelled; a crashed worker is detected, reported and replaced on the next request.
 * `init` is always posted before any run. A watchdog ends a run whose worker stopped making progress
 * (no message for a stage's limit: longer for downloads and model loads than for inference), so that
 * a run never waits forever: the worker is restarted and the run fails with a 'stalled' error.
 */
import { AppError, type AppErrorPayload } from '../protocol/errors';
import type { FromWorker, ItemResult, Progress, RunInfo, RunRequest, TaskId, TaskOutput, ToWorker, WorkerConfig } from '../protocol/messages';

export interface RunHandlers<T extends TaskId = TaskId> {
  onProgress?: (p: Progress) => void;
  onPartial?: (index: number, item: ItemResult<TaskOutput<T>>) => void;
}

export interface RunOutcome<T extends TaskId = TaskId> {
  info: RunInfo;
  items: ItemResult<TaskOutput<T>>[];
}

interface Pending<T extends TaskId> extends RunHandlers<T> {
  resolve: (o: RunOutcome<T>) => void;
  reject: (e: AppError) => void;
  /** What the worker is doing for this run (from its last message), and when it last said anything. */
  stage: WatchStage;
  last: number;
}

export type WatchStage = 'start' | 'download' | 'verify' | 'load' | 'run';

/** The longest silence (ms) allowed per stage before the run is declared stalled. */
export type WatchdogLimits = Record<WatchStage, number>;

export const DEFAULT_WATCHDOG: WatchdogLimits = {
  // Spawning the worker, importing its code, queued behind another run of the same worker.
  start: 60_000,
  // No byte for a minute: a dead connection (a slow one still sends bytes).
  download: 60_000,
  verify: 120_000,
  // Creating a large model's session on a phone can take minutes.
  load: 180_000,
  // Every task reports each item (and OCR each batch of lines, summaries each token or chunk).
  run: 90_000,
};

let watchdog: WatchdogLimits = DEFAULT_WATCHDOG;
/** Diagnostics and tests: shorter limits (and back to the defaults with undefined). */
export const setWatchdogLimits = (l?: Partial<WatchdogLimits>) => void (watchdog = { ...DEFAULT_WATCHDOG, ...l });

const STAGE_WORDS: Record<WatchStage, string> = {
  start: 'starting',
  download: 'downloading the model',
  verify: 'verifying the model',
  load: 'loading the model',
  run: 'running the model',
};

/** The watchdog stage a progress message puts a run in. */
export const watchStage = (p: Progress): WatchStage =>
  p.stage === 'download' || p.stage === 'verify' || p.stage === 'load' ? p.stage : p.stage === 'retry' ? 'start' : 'run';

export type WorkerStatus = { loaded: string[]; live: number; queued: number };

/** Test builds only (`TEST_HOOKS=1`, vite.config.ts): the crash and stall hooks work; users' builds leave them out. */
declare const __TEST_HOOKS__: boolean;

export const fromPayload = (p: AppErrorPayload) => new AppError(p.code, p.message, p.detail);

/** The worker of task T: its messages carry T's outputs (typed where they arrive, in `ensure`). */
export class TaskWorker<T extends TaskId> {
  private worker: Worker | null = null;
  /** The worker being started: resolves once its `init` is posted (runs are posted after it). */
  private starting: Promise<Worker> | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending<T>>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private watchTimer: ReturnType<typeof setInterval> | undefined;
  /**
   * The worker's own latest sign of life, whichever run it was for (a run the page cancelled goes on until its
   * next checkpoint; a model load cannot be interrupted): a run waiting behind it is not stalled meanwhile.
   */
  private workerLast = 0;
  private workerStage: WatchStage = 'start';
  /** Test hook: how many of the next started workers are told to stall on their first run. */
  stallNextWorkers = 0;

  constructor(
    readonly task: T,
    private readonly spawn: () => Worker,
    private readonly config: () => Promise<WorkerConfig>,
    private readonly idleMs = 5 * 60_000,
  ) {}

  get alive() {
    return this.worker !== null;
  }

  /** The running worker, started (and sent its `init`) if needed. Concurrent callers share one start. */
  private ensure(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= (async () => {
      try {
        const config = await this.config();
        const w = this.spawn();
        w.onmessage = (e: MessageEvent<FromWorker<T>>) => this.onMessage(e.data);
        w.onerror = (e: ErrorEvent) => {
          e.preventDefault();
          this.crashed(w, e.message || 'the worker stopped unexpectedly');
        };
        w.onmessageerror = () => this.crashed(w, 'a message could not be read');
        w.postMessage({ type: 'init', config } satisfies ToWorker<T>);
        if (__TEST_HOOKS__ && this.stallNextWorkers > 0) {
          this.stallNextWorkers--;
          w.postMessage({ type: 'stall' } satisfies ToWorker<T>);
        }
        this.worker = w;
        return w;
      } finally {
        this.starting = null;
      }
    })();
    return this.starting;
  }

  private post(msg: ToWorker<T>, transfer?: Transferable[]) {
    if (transfer?.length) this.worker?.postMessage(msg, transfer);
    else this.worker?.postMessage(msg);
  }

  private statusWaiters: ((s: WorkerStatus) => void)[] = [];

  /** Diagnostics: what the worker has loaded and how many runs it holds (none running: nothing loaded). */
  async status(): Promise<WorkerStatus> {
    if (!this.worker) return { loaded: [], live: 0, queued: 0 };
    const answer = new Promise<WorkerStatus>((r) => this.statusWaiters.push(r));
    this.post({ type: 'status' });
    return answer;
  }

  private onMessage(msg: FromWorker<T>) {
    if (msg.type === 'ready') return;
    if ('id' in msg) {
      this.workerLast = performance.now();
      this.workerStage = msg.type === 'progress' ? watchStage(msg.progress) : msg.type === 'partial' ? 'run' : 'start';
    }
    if (msg.type === 'status') {
      for (const w of this.statusWaiters.splice(0)) w({ loaded: msg.loaded, live: msg.live, queued: msg.queued });
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled or from a previous worker
    p.last = performance.now();
    switch (msg.type) {
      case 'progress':
        p.stage = watchStage(msg.progress);
        p.onProgress?.(msg.progress);
        break;
      case 'partial':
        p.stage = 'run';
        p.onPartial?.(msg.index, msg.item);
        break;
      case 'result':
        this.pending.delete(msg.id);
        p.resolve({ info: msg.info, items: msg.items });
        break;
      case 'error':
        this.pending.delete(msg.id);
        p.reject(fromPayload(msg.error));
        break;
    }
    this.armIdle();
  }

  private crashed(w: Worker, reason: string) {
    if (this.worker !== w) return;
    w.terminate();
    this.worker = null;
    this.workerLast = 0;
    const err = new AppError('crash', `The ${this.task} worker crashed (${reason}). It has been restarted; run the task again.`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.armWatch();
  }

  private armIdle() {
    clearTimeout(this.idleTimer);
    if (this.pending.size === 0 && this.worker) this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
    this.armWatch();
  }

  /** The watchdog ticks while runs are pending. */
  private armWatch() {
    if (this.pending.size === 0) {
      clearInterval(this.watchTimer);
      this.watchTimer = undefined;
    } else {
      this.watchTimer ??= setInterval(() => this.checkStalls(), Math.max(250, Math.min(5_000, Math.min(...Object.values(watchdog)) / 4)));
    }
  }

  /**
   * A run silent for longer than its stage allows: the worker is stuck (a hung runtime, a lost message). It is
   * terminated (which also stops any computation it was stuck in) and every run it had fails as stalled; the
   * next request starts a fresh worker.
   */
  private checkStalls() {
    const now = performance.now();
    for (const p of this.pending.values()) {
      let limit = watchdog[p.stage];
      let since = now - p.last;
      // Waiting in the queue while the worker works on something else (a run cancelled here but still loading its
      // model, say): as patient as that work's stage allows, counted from the worker's latest message.
      if (p.stage === 'start' && this.workerLast > 0) {
        if (this.workerStage !== 'start') {
          // The worker is downloading, loading or running for another run: that stage's limit, from its last word.
          limit = Math.max(limit, watchdog[this.workerStage]);
          since = now - this.workerLast;
        } else if (this.workerLast > p.last) {
          since = now - this.workerLast; // it finished another run since: this one's turn began then
        }
      }
      if (since <= limit) continue;
      const reason = `no progress for ${Math.round(limit / 1000)} s while ${STAGE_WORDS[p.stage]}`;
      this.worker?.terminate();
      this.worker = null;
      this.workerLast = 0;
      const err = new AppError('stalled', `The ${this.task} worker stopped responding (${reason}). It was restarted.`, reason);
      for (const q of this.pending.values()) q.reject(err);
      this.pending.clear();
      this.armWatch();
      return;
    }
  }

  /** Stop the worker and free its memory (sessions, tensors). In-flight requests are cancelled. */
  terminate() {
    clearTimeout(this.idleTimer);
    this.worker?.terminate();
    this.worker = null;
    this.workerLast = 0;
    for (const p of this.pending.values()) p.reject(new AppError('cancelled', 'Cancelled.'));
    this.pending.clear();
    this.armWatch();
  }

  /** `transfer`: objects moved to the worker with the request (e.g. camera frames as ImageBitmaps). */
  run(
    req: Omit<RunRequest<T>, 'type' | 'id' | 'task'>,
    handlers: RunHandlers<T> = {},
    transfer?: Transferable[],
  ): { id: number; promise: Promise<RunOutcome<T>>; cancel: () => void } {
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    const promise = new Promise<RunOutcome<T>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...handlers, stage: 'start', last: performance.now() });
      this.armWatch();
      this.ensure()
        .then(() => this.post({ type: 'run', id, task: this.task, ...req }, transfer))
        .catch((err) => {
          this.pending.delete(id);
          reject(new AppError('internal', `Could not start the ${this.task} worker: ${String(err)}`));
        });
    });
    const cancel = () => {
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      this.post({ type: 'cancel', id });
      p.reject(new AppError('cancelled', 'Cancelled.'));
      this.armIdle();
    };
    return { id, promise, cancel };
  }

  /** Diagnostics: the next `times` workers started stall on their first run (see the watchdog). */
  stallForTest(times: number) {
    if (!__TEST_HOOKS__) return;
    this.stallNextWorkers = times;
    this.terminate();
  }

  /** Diagnostics: make the worker crash as a real fault would. */
  async crashForTest() {
    if (!__TEST_HOOKS__) return;
    await this.ensure();
    this.post({ type: 'crash' });
  }
}
