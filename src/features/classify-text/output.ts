/** The text pipelines' raw outputs as the app reports them: [{ label, score }], highest score first. Pure. */
import type { Label } from './batch';

/** A `text-classification` pipeline's labels (`top_k: null`), only `label` and `score` kept. */
export const sentimentLabels = (out: Label[]): Label[] => out.map(({ label, score }) => ({ label, score })).sort((a, b) => b.score - a.score);

/** A `zero-shot-classification` pipeline's parallel `labels` and `scores`. */
export const zeroShotLabels = (out: { labels: string[]; scores: number[] }): Label[] =>
  out.labels.map((label, i) => ({ label, score: out.scores[i] })).sort((a, b) => b.score - a.score);
