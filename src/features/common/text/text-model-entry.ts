/** Catalog entries for text models: the extra facts the text tasks need on top of ModelEntry. */
import type { ModelEntry } from '../../../model-store/catalog-types';

export interface TextModelEntry extends ModelEntry {
  /**
   * How the task drives the model: `seq2seq` (encoder-decoder summariser), `chat` (instruction-tuned
   * decoder-only LLM with a chat template), `sentiment` (sequence classifier), `nli` (zero-shot).
   */
  kind: 'seq2seq' | 'chat' | 'sentiment' | 'nli';
  /** Tokens the model can take in one call (input + output for generation). */
  contextTokens: number;
}

export const isTextModel = (m: ModelEntry): m is TextModelEntry => 'kind' in m && 'contextTokens' in m;
