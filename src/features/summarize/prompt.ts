/**
 * What is asked of the model: output length per setting, the instruction for chat models by style,
 * and how many input tokens fit in one call. Pure; shared by the worker and by the Node reference
 * runs in the tests and the benchmark (so both sides ask exactly the same thing).
 */
export type SummaryLength = 'short' | 'medium' | 'long';
export type SummaryStyle = 'summary' | 'tldr' | 'key-points' | 'headline';

export const LENGTHS: SummaryLength[] = ['short', 'medium', 'long'];
export const STYLES: { id: SummaryStyle; label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'tldr', label: 'TL;DR' },
  { id: 'key-points', label: 'Key points' },
  { id: 'headline', label: 'Headline' },
];

const MAX_NEW: Record<SummaryLength, number> = { short: 60, medium: 130, long: 250 };
const WORDS: Record<SummaryLength, string> = { short: 'about 40 words', medium: 'about 100 words', long: 'about 200 words' };
/** Tokens reserved for the chat template and the instruction around the text. */
export const CHAT_PROMPT_TOKENS = 80;

export interface SummarizeSettings {
  length: SummaryLength;
  style: SummaryStyle;
}

/** New tokens per call: the length setting, at most a quarter of the context (tiny test models have 512). */
export function maxNewTokens(length: SummaryLength, contextTokens: number, style: SummaryStyle = 'summary'): number {
  const base = style === 'headline' ? 32 : MAX_NEW[length];
  return Math.max(8, Math.min(base, Math.floor(contextTokens / 4)));
}

/** Input tokens one call may take: the context minus the output and (for chat models) the prompt. */
export function inputBudget(kind: 'seq2seq' | 'chat', contextTokens: number, length: SummaryLength): number {
  const reserve = kind === 'chat' ? CHAT_PROMPT_TOKENS + maxNewTokens(length, contextTokens) : 2; // <s> </s>
  return Math.max(16, contextTokens - reserve);
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The chat for one call. Partial (map) steps always ask for a plain summary of that part; the style applies to the final answer. */
export function chatMessages(text: string, s: SummarizeSettings, final: boolean): ChatMessage[] {
  let instruction: string;
  if (!final) instruction = `Summarise this part of a longer document in ${WORDS[s.length]}. Keep names, numbers and facts.`;
  else if (s.style === 'tldr')
    instruction = `Write a TL;DR of the following text: ${s.length === 'short' ? 'one sentence' : s.length === 'medium' ? 'two or three sentences' : 'one short paragraph'}.`;
  else if (s.style === 'key-points')
    instruction = `List the key points of the following text as ${s.length === 'short' ? '3' : s.length === 'medium' ? '5' : '8'} short bullet points ("- ").`;
  else if (s.style === 'headline') instruction = 'Write one headline (at most 12 words) for the following text. Answer with the headline only.';
  else instruction = `Summarise the following text in ${WORDS[s.length]}.`;
  return [
    { role: 'system', content: 'You are a careful assistant that summarises documents faithfully, without adding facts.' },
    { role: 'user', content: `${instruction}\n\n${text}` },
  ];
}

/** Generation options shared by browser and Node: greedy decoding, so both give identical token ids. */
export function generationOptions(kind: 'seq2seq' | 'chat', contextTokens: number, s: SummarizeSettings, final: boolean): Record<string, unknown> {
  const max_new_tokens = maxNewTokens(s.length, contextTokens, final ? s.style : 'summary');
  return kind === 'chat' ? { max_new_tokens, do_sample: false } : { max_new_tokens, do_sample: false, num_beams: 1 };
}

const isLength = (v: unknown): v is SummaryLength => LENGTHS.some((l) => l === v);
const isStyle = (v: unknown): v is SummaryStyle => STYLES.some((s) => s.id === v);

/** The run's settings, each checked (a run's options come from another thread): unknown values get the default. */
export function parseSettings(options: { length?: unknown; style?: unknown }): SummarizeSettings {
  return { length: isLength(options.length) ? options.length : 'medium', style: isStyle(options.style) ? options.style : 'summary' };
}
