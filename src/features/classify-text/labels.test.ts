import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, parseLabels, zeroShotProblem } from './labels';

describe('zero-shot labels', () => {
  it('parses labels typed with commas or new lines', () => {
    expect(parseLabels(' sports, politics ,\nfood,, ')).toEqual(['sports', 'politics', 'food']);
  });
  it('explains what is wrong', () => {
    expect(zeroShotProblem([], DEFAULT_TEMPLATE)).toMatch(/at least one label/);
    expect(zeroShotProblem(['Sports', 'food', 'sports'], DEFAULT_TEMPLATE)).toBe(
      'The label “sports” is listed twice (as “Sports” too): each label must be different.',
    );
    expect(zeroShotProblem(['a', 'a'], DEFAULT_TEMPLATE)).toBe('The label “a” is listed twice: each label must be different.');
    expect(zeroShotProblem(['a', 'b'], 'This is about')).toMatch(/must contain \{\}/);
    expect(zeroShotProblem(['a', 'b'], 'Topic: {}.')).toBeNull();
  });
});
