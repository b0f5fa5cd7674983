import { describe, expect, it } from 'vitest';
import { CancelledError, mapReduceSummarize, type StepInfo } from './map-reduce';

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const doc = (sentences: number) => Array.from({ length: sentences }, (_, i) => `Sentence ${i + 1} says something about topic ${i % 7}.`).join(' ');

/** A fake model: "summarises" by keeping the first `keep` words and tagging the call. */
function fakeModel(keep: number) {
  const calls: { text: string; step: StepInfo & { final: boolean } }[] = [];
  return {
    calls,
    summarize: async (text: string, step: StepInfo & { final: boolean }) => {
      calls.push({ text, step });
      return `[${step.phase}${step.index}] ${text.split(/\s+/).slice(0, keep).join(' ')}`;
    },
  };
}

describe('mapReduceSummarize', () => {
  it('summarises short text in one call', async () => {
    const m = fakeModel(5);
    const steps: StepInfo[] = [];
    const r = await mapReduceSummarize({
      text: '  A short text that fits.  ',
      countTokens: words,
      budget: 50,
      summarize: m.summarize,
      onStep: (s) => steps.push(s),
    });
    expect(r).toEqual({ summary: '[single0] A short text that fits.', chunks: 1, rounds: 1, calls: 1 });
    expect(steps).toEqual([{ phase: 'single', index: 0, count: 1, round: 1 }]);
    expect(m.calls[0].step.final).toBe(true);
  });

  it('maps every chunk in order, then reduces the joined partial summaries once', async () => {
    const m = fakeModel(2);
    const steps: StepInfo[] = [];
    const r = await mapReduceSummarize({ text: doc(60), countTokens: words, budget: 40, summarize: m.summarize, onStep: (s) => steps.push(s) });
    const maps = m.calls.filter((c) => c.step.phase === 'map');
    expect(maps.length).toBe(r.chunks);
    expect(r.chunks).toBeGreaterThan(5);
    maps.forEach((c, i) => {
      expect(c.step).toMatchObject({ index: i, count: r.chunks, round: 1, final: false });
      expect(words(c.text)).toBeLessThanOrEqual(40);
    });
    // Chunks cover the document in order.
    expect(maps.map((c) => c.text).join(' ')).toBe(doc(60));
    const reduce = m.calls.at(-1)!;
    expect(reduce.step).toMatchObject({ phase: 'reduce', final: true });
    expect(reduce.text).toBe(maps.map((_, i) => `[map${i}] ${maps[i].text.split(/\s+/).slice(0, 2).join(' ')}`).join('\n\n'));
    expect(r.summary.startsWith('[reduce0]')).toBe(true);
    expect(steps.map((s) => s.phase)).toEqual([...maps.map(() => 'map'), 'reduce']);
    expect(r.calls).toBe(r.chunks + 1);
  });

  it('reduces in several rounds when the partial summaries are still too long', async () => {
    const m = fakeModel(12);
    const r = await mapReduceSummarize({ text: doc(400), countTokens: words, budget: 60, summarize: m.summarize });
    expect(r.rounds).toBeGreaterThan(1);
    for (const c of m.calls) expect(words(c.text)).toBeLessThanOrEqual(60);
    expect(m.calls.filter((c) => c.step.final)).toHaveLength(1);
  });

  it('stops when summaries do not shrink, never looping forever', async () => {
    const echo = async (t: string) => t; // a model that repeats its input
    const r = await mapReduceSummarize({ text: doc(50), countTokens: words, budget: 30, summarize: echo, maxRounds: 10 });
    expect(r.rounds).toBe(1);
    expect(words(r.summary)).toBeLessThanOrEqual(30);
  });

  it('can be cancelled between chunks', async () => {
    const ctrl = new AbortController();
    const m = fakeModel(3);
    const p = mapReduceSummarize({
      text: doc(100),
      countTokens: words,
      budget: 30,
      signal: ctrl.signal,
      summarize: async (t, s) => {
        if (s.index === 2) ctrl.abort();
        return m.summarize(t, s);
      },
    });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(m.calls.length).toBe(3);
  });

  it('refuses empty text', async () => {
    await expect(mapReduceSummarize({ text: ' \n ', countTokens: words, budget: 10, summarize: async (t) => t })).rejects.toThrow(/empty/);
  });
});
