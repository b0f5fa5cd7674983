/** Benchmark results kept on this device (IndexedDB, idb-keyval), newest first, with their date and device. */
import { createStore, del, get, set } from 'idb-keyval';
import type { DeviceDescription } from '../../runtime/device';
import type { BenchResult } from './runner';

export interface BenchRecord {
  id: string;
  /** ISO date and time. */
  date: string;
  device: DeviceDescription;
  deviceKey: string;
  warmRuns: number;
  /** What was measured on (the built-in inputs), per task. */
  inputs: Record<string, string>;
  results: BenchResult[];
  /** Stopped by Cancel before every setting ran. */
  cancelled?: boolean;
}

const store = () => createStore('benchmark', 'records');
const KEY = 'history';
/** The most records kept (older ones are dropped). */
export const HISTORY_MAX = 50;

export async function loadHistory(): Promise<BenchRecord[]> {
  try {
    return ((await get<BenchRecord[]>(KEY, store())) ?? []).filter((r) => r && Array.isArray(r.results));
  } catch {
    return [];
  }
}

export async function addRecord(r: BenchRecord): Promise<BenchRecord[]> {
  const all = [r, ...(await loadHistory())].slice(0, HISTORY_MAX);
  await set(KEY, all, store());
  return all;
}

export async function clearHistory() {
  await del(KEY, store());
}
