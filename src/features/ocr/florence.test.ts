import { describe, expect, it } from 'vitest';
import { lineScores, readPage, type Florence, type TokenKind } from './florence';

const T = (n: number): TokenKind[] => Array(n).fill('text');
const L = (n: number): TokenKind[] => Array(n).fill('loc');

describe('lineScores', () => {
  it('scores each line by the mean probability of its text tokens, closing a line at its eighth location', () => {
    const kinds: TokenKind[] = ['special', ...T(2), ...L(8), ...T(3), ...L(8), 'special'];
    const steps = [null, 0.9, 0.7, ...Array(8).fill(0.01), 0.3, 0.6, 0.9, ...Array(8).fill(0.5), 0.99];
    const s = lineScores(kinds, steps);
    expect(s).toHaveLength(2);
    expect(s[0]).toBeCloseTo(0.8);
    expect(s[1]).toBeCloseTo(0.6);
  });

  it('skips forced steps and gives null to a line with no measured text token', () => {
    expect(lineScores([...T(2), ...L(8), ...L(8)], [null, 0.4, ...Array(16).fill(0.2)])).toEqual([0.4, null]);
  });

  it("keeps text across a broken run of locations in one line, as the processor's label does", () => {
    const s = lineScores([...T(1), ...L(3), ...T(1), ...L(8)], [0.1, 0.5, 0.5, 0.5, 0.9, ...Array(8).fill(0.5)]);
    expect(s).toHaveLength(1);
    expect(s[0]).toBeCloseTo(0.5);
  });
});

describe('readPage', () => {
  // A fake model that "generates" fixed ids, calling the logits processors as transformers.js does.
  // Vocabulary: 0 <s>, 2 </s>, 10.. text, 100+N <loc_N>.
  const decode = (id: number) => (id >= 100 ? `<loc_${id - 100}>` : id === 0 ? '<s>' : id === 2 ? '</s>' : `w${id}`);
  const answer = [0, 10, 11, 100, 100, 1099, 100, 1099, 1099, 100, 1099, 2];
  const fake = (logits: number[][]): Florence => ({
    model: {
      async generate(o: Record<string, unknown>) {
        expect(o).toMatchObject({ max_new_tokens: 1024, num_beams: 1, do_sample: false, pixel_values: 'px' });
        const procs = o.logits_processor as ((ids: bigint[][], l: { dims: number[]; data: number[] }) => unknown)[];
        const ids = [2n];
        answer.forEach((id, i) => {
          for (const p of procs) p([ids], { dims: [1, logits[i].length], data: logits[i] });
          ids.push(BigInt(id));
        });
        return { tolist: () => [ids] };
      },
    },
    processor: Object.assign(async (_img: unknown, task: string) => (expect(task).toBe('<OCR_WITH_REGION>'), { pixel_values: 'px' }), {
      batch_decode: (ids: { tolist(): bigint[][] }) => [
        ids
          .tolist()[0]
          .map((i) => decode(Number(i)))
          .join(''),
      ],
      post_process_generation: (text: string, task: string, size: [number, number]) => {
        expect(text).toBe('</s><s>w10w11<loc_0><loc_0><loc_999><loc_0><loc_999><loc_999><loc_0><loc_999></s>');
        expect(size).toEqual([200, 100]);
        return { [task]: { labels: ['w10w11'], quad_boxes: [[0.1, 0.05, 199.9, 0.05, 199.9, 99.95, 0.1, 99.95]] } };
      },
      tokenizer: { decode: (ids: number[]) => ids.map(decode).join(''), all_special_ids: [0, 1, 2] },
    }),
  });

  it('returns each line with its box and the mean top probability of its text tokens', async () => {
    // Step 0 forced (<s>), steps 1–2 text with top probabilities 1/2 and 1/4, then locations and </s>.
    const two = [0, 0];
    const four = [0, 0, 0, 0];
    const logits = [[0, -Infinity], two, four, ...Array(9).fill(two)];
    const seen: number[] = [];
    const lines = await readPage(fake(logits), 'img', 200, 100, { onLines: (n) => seen.push(n) });
    expect(lines).toEqual([
      {
        text: 'w10w11',
        score: 0.375,
        box: [
          [0.1, 0.05],
          [199.9, 0.05],
          [199.9, 99.95],
          [0.1, 99.95],
        ],
      },
    ]);
    expect(seen).toEqual([1]);
  });
});
