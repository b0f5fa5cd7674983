import { describe, expect, it } from 'vitest';
import { progressText } from './RunStatus';

describe('progress line', () => {
  it('names a step within an item, with its count and the overall share', () => {
    expect(progressText({ stage: 'step', index: 0, count: 1, step: 'Reading lines', done: 8, total: 32 })).toEqual({
      text: 'Reading lines 8 of 32',
      value: 25,
    });
    expect(progressText({ stage: 'step', index: 1, count: 4, step: 'Reading lines', done: 16, total: 32 })).toEqual({
      text: 'Image 2 of 4: Reading lines 16 of 32',
      value: 37.5,
    });
  });

  it('shows a step without a count as under way', () => {
    expect(progressText({ stage: 'step', index: 0, count: 2, step: 'Finding lines of text', done: 0, total: 0 }, 'page')).toEqual({
      text: 'Page 1 of 2: Finding lines of text…',
      value: 0,
    });
  });
});
