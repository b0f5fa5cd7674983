import { describe, expect, it } from 'vitest';
import { chatMessages, generationOptions, inputBudget, maxNewTokens, parseSettings } from './prompt';

describe('summarisation prompts', () => {
  it('caps output at a quarter of the context and keeps room for prompt and output', () => {
    expect(maxNewTokens('long', 4096)).toBe(250);
    expect(maxNewTokens('long', 512)).toBe(128);
    expect(maxNewTokens('short', 4096, 'headline')).toBe(32);
    expect(inputBudget('chat', 512, 'short')).toBe(512 - 80 - 60);
    expect(inputBudget('seq2seq', 1024, 'long')).toBe(1022);
  });
  it('applies the style to the final call only', () => {
    const s = { length: 'short' as const, style: 'key-points' as const };
    expect(chatMessages('TEXT', s, true)[1].content).toMatch(/^List the key points .* 3 short bullet points/);
    expect(chatMessages('TEXT', s, false)[1].content).toMatch(/^Summarise this part/);
    expect(chatMessages('TEXT', { length: 'medium', style: 'headline' }, true)[1].content).toMatch(/headline/);
    expect(chatMessages('TEXT', s, true)[1].content.endsWith('\n\nTEXT')).toBe(true);
  });
  it('decodes greedily (deterministic) and validates settings', () => {
    expect(generationOptions('seq2seq', 1024, { length: 'medium', style: 'summary' }, true)).toEqual({ max_new_tokens: 130, do_sample: false, num_beams: 1 });
    expect(parseSettings({ length: 'huge', style: 'poem' })).toEqual({ length: 'medium', style: 'summary' });
    expect(parseSettings({ length: 'long', style: 'tldr' })).toEqual({ length: 'long', style: 'tldr' });
  });
});
