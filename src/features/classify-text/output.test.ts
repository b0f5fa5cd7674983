import { describe, expect, it } from 'vitest';
import { sentimentLabels, zeroShotLabels } from './output';

describe('text classification output', () => {
  it('keeps label and score only, highest score first', () => {
    expect(sentimentLabels([{ label: 'NEGATIVE', score: 0.2, extra: 1 } as never, { label: 'POSITIVE', score: 0.8 }])).toEqual([
      { label: 'POSITIVE', score: 0.8 },
      { label: 'NEGATIVE', score: 0.2 },
    ]);
  });
  it('pairs zero-shot labels with their scores, highest first', () => {
    expect(zeroShotLabels({ labels: ['food', 'sports', 'politics'], scores: [0.1, 0.7, 0.2] })).toEqual([
      { label: 'sports', score: 0.7 },
      { label: 'politics', score: 0.2 },
      { label: 'food', score: 0.1 },
    ]);
  });
});
