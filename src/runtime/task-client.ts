/**
 * The UI side of the worker protocol: one module Web Worker per task, spawned lazily, kept warm while
 * used and terminated when idle. Requests have ids; progress and partial results stream back; a
 * request can be cancelled; a crashed worker is detected, reported and replaced on the next request.
 */
import { AppError, type AppErrorPayload } from '../protocol/errors';
import type { FromWorker, ItemResult, Progress, RunInfo, RunRequest, TaskId, ToWorker, WorkerConfig } from '../protocol/messages';

export interface RunHandlers {
  onProgress?: (p: Progress) => void;
  onPartial?: (index: number, item: ItemResult) => void;
}

export interface RunOutcome {
  info: RunInfo;
  items: ItemResult[];
}

interface Pending extends RunHandlers {
  resolve: (o: RunOutcome) => void;
  reject: (e: AppError) => void;
}

export const fromPayload = (p: AppErrorPayload) => new AppError(p.code, p.message, p.detail);

export class TaskWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly task: TaskId,
    private readonly spawn: () => Worker,
    private readonly config: () => Promise<WorkerConfig>,
    private readonly idleMs = 5 * 60_000,
  ) {}

  get alive() {
    return this.worker !== null;
  }

  private async ensure(): Promise<Worker> {
    if (this.worker) return this.worker;
    const w = this.spawn();
    this.worker = w;
    w.onmessage = (e: MessageEvent<FromWorker>) => this.onMessage(e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crashed(w, e.message || 'the worker stopped unexpectedly');
    };
    w.onmessageerror = () => this.crashed(w, 'a message could not be read');
    this.post({ type: 'init', config: await this.config() });
    return w;
  }

  private post(msg: ToWorker, transfer?: Transferable[]) {
    if (transfer?.length) this.worker?.postMessage(msg, transfer);
    else this.worker?.postMessage(msg);
  }

  private onMessage(msg: FromWorker) {
    if (msg.type === 'ready') return;
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled or from a previous worker
    switch (msg.type) {
      case 'progress':
        p.onProgress?.(msg.progress);
        break;
      case 'partial':
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
    const err = new AppError('crash', `The ${this.task} worker crashed (${reason}). It has been restarted; run the task again.`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private armIdle() {
    clearTimeout(this.idleTimer);
    if (this.pending.size === 0 && this.worker) this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }

  /** Stop the worker and free its memory (sessions, tensors). In-flight requests are cancelled. */
  terminate() {
    clearTimeout(this.idleTimer);
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new AppError('cancelled', 'Cancelled.'));
    this.pending.clear();
  }

  /** `transfer`: objects moved to the worker with the request (e.g. camera frames as ImageBitmaps). */
  run(req: Omit<RunRequest, 'type' | 'id' | 'task'>, handlers: RunHandlers = {}, transfer?: Transferable[]): { id: number; promise: Promise<RunOutcome>; cancel: () => void } {
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    const promise = new Promise<RunOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...handlers });
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

  /** Diagnostics: make the worker crash as a real fault would. */
  async crashForTest() {
    await this.ensure();
    this.post({ type: 'crash' });
  }
}
