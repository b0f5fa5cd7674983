/**
 * Map-reduce summarisation of text longer than the model's context: split into chunks that fit
 * (see common/text/chunking.ts), summarise each chunk (map), join the partial summaries and, if
 * they still do not fit, repeat; then summarise the joined partials once more (reduce). Pure
 * orchestration: the model call is injected, so it is unit-tested with a fake and runs the same in
 * the worker and in Node.
 */
import { chunkText, type CountTokens } from '../common/text/chunking';

export interface StepInfo {
  phase: 'single' | 'map' | 'reduce';
  /** 0-based step within the phase, and the number of steps in it. */
  index: number;
  count: number;
  /** 1 for the first pass over the original text, 2+ when partial summaries had to be reduced again. */
  round: number;
}

export interface MapReduceOptions {
  text: string;
  countTokens: CountTokens;
  /** Input tokens one model call may take (context minus prompt and output). */
  budget: number;
  /** Summarise one piece of text; `final` is true for the call whose output is the answer. */
  summarize: (text: string, step: StepInfo & { final: boolean }) => Promise<string>;
  onStep?: (step: StepInfo) => void;
  signal?: AbortSignal;
  /** Safety net against summaries that do not shrink (e.g. a model that echoes its input). */
  maxRounds?: number;
  locale?: string;
}

export interface MapReduceResult {
  summary: string;
  /** Chunks of the original text (1 when it fitted). */
  chunks: number;
  rounds: number;
  /** Model calls made in total. */
  calls: number;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'AbortError';
  }
}

export async function mapReduceSummarize(opts: MapReduceOptions): Promise<MapReduceResult> {
  const { countTokens, budget, summarize, onStep, signal, maxRounds = 4, locale } = opts;
  const check = () => {
    if (signal?.aborted) throw new CancelledError();
  };
  const text = opts.text.trim();
  if (!text) throw new Error('Nothing to summarise: the text is empty.');
  check();
  let calls = 0;
  const call = async (t: string, step: StepInfo, final: boolean) => {
    check();
    onStep?.(step);
    calls++;
    const out = await summarize(t, { ...step, final });
    check();
    return out.trim();
  };

  if (countTokens(text) <= budget) {
    const summary = await call(text, { phase: 'single', index: 0, count: 1, round: 1 }, true);
    return { summary, chunks: 1, rounds: 1, calls };
  }

  let current = text;
  let firstChunks = 0;
  for (let round = 1; ; round++) {
    const chunks = chunkText(current, { budget, countTokens, locale });
    if (round === 1) firstChunks = chunks.length;
    const partials: string[] = [];
    for (let i = 0; i < chunks.length; i++) {
      partials.push(await call(chunks[i], { phase: 'map', index: i, count: chunks.length, round }, false));
    }
    const joined = partials.filter(Boolean).join('\n\n');
    const shrank = countTokens(joined) < countTokens(current);
    if (countTokens(joined) <= budget || round >= maxRounds || !shrank) {
      // Fits (or cannot shrink further): the reduce step sees at most the budget.
      const input = countTokens(joined) <= budget ? joined : chunkText(joined, { budget, countTokens, locale })[0];
      const summary = await call(input, { phase: 'reduce', index: 0, count: 1, round }, true);
      return { summary, chunks: firstChunks, rounds: round, calls };
    }
    current = joined;
  }
}
