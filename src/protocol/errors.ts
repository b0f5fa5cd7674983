/** Errors are data: a code the UI can act on and a sentence a person can act on. */
export type ErrorCode =
  | 'bad-input' // not an image, corrupt, empty, unsupported
  | 'input-too-large' // dimensions or bytes above what the device can safely handle
  | 'checksum' // a model file did not match the catalog's SHA-256
  | 'download' // network failed or a download broke off
  | 'not-found' // no source has the model file
  | 'offline' // the file is not cached and the network is off
  | 'quota' // not enough storage to keep the model
  | 'backend' // the chosen backend (WebGPU) failed to create or run a session
  | 'model' // the model failed to load or run for another reason
  | 'crash' // the worker died
  | 'stalled' // the worker stopped making progress (watchdog) and was restarted
  | 'cancelled'
  | 'internal';

export interface AppErrorPayload {
  code: ErrorCode;
  message: string;
  detail?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }
  toPayload(): AppErrorPayload {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

export function toPayload(err: unknown, fallback: ErrorCode = 'internal'): AppErrorPayload {
  if (err instanceof AppError) return err.toPayload();
  if (err instanceof DOMException && err.name === 'AbortError') return { code: 'cancelled', message: 'Cancelled.' };
  if (isQuotaError(err)) {
    return { code: 'quota', message: 'Not enough storage space on this device to keep the model. Free some space (Storage panel) and try again.' };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { code: fallback, message: fallback === 'internal' ? `Something went wrong: ${detail}` : detail, detail };
}

export function isQuotaError(err: unknown): boolean {
  return (
    (err instanceof DOMException && (err.name === 'QuotaExceededError' || err.code === 22)) || (err instanceof Error && /quota/i.test(err.name + err.message))
  );
}
