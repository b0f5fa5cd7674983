/** Export of benchmark records: JSON (everything, samples included) and CSV (one row per setting, formulas defused). Pure. */
import { toCsv } from '../../features/common/text/csv';
import type { BenchRecord } from './history';

export const CSV_HEADER = [
  'date',
  'task',
  'model',
  'backend',
  'threads',
  'dtype',
  'software adapter',
  'load ms',
  'first run ms',
  'warm runs',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'mean ms',
  'runs per s',
  'output',
  'error',
  'device',
];

export function recordsToCsv(records: BenchRecord[]): string {
  const rows = records.flatMap((rec) =>
    rec.results.map((r) => [
      rec.date,
      r.task,
      r.modelId,
      r.setting.backend,
      r.setting.threads,
      r.setting.dtype,
      r.setting.software ? 'yes' : 'no',
      r.loadMs ?? '',
      r.firstMs ?? '',
      r.stats?.n ?? 0,
      r.stats?.p50 ?? '',
      r.stats?.p95 ?? '',
      r.stats?.p99 ?? '',
      r.stats?.mean ?? '',
      r.stats?.runsPerSec ?? '',
      r.signature ?? '',
      r.error ?? '',
      rec.deviceKey,
    ]),
  );
  return toCsv(CSV_HEADER, rows);
}

export function recordsToJson(records: BenchRecord[], now = new Date()) {
  return {
    kind: 'benchmark',
    exportedAt: now.toISOString(),
    timing:
      'ms measured in the worker around each model call (pre- and post-processing included, input decoding excluded); pageMs: time between results as the page saw them',
    records,
  };
}

export const benchFileName = (ext: 'json' | 'csv', now = new Date()) => `benchmark-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${ext}`;
