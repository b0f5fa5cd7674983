/** Zero-shot settings: candidate labels and the hypothesis template, validated with clear messages. Pure. */

export const DEFAULT_TEMPLATE = 'This example is {}.';

/** Splits typed labels on commas or new lines; trims; drops empties. */
export function parseLabels(input: string): string[] {
  return input
    .split(/[,\n]/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A sentence a person can act on, or null when the settings are usable. */
export function zeroShotProblem(labels: string[], template: string): string | null {
  if (labels.length === 0) return 'Add at least one label for zero-shot classification (type a label and press Enter).';
  const seen = new Map<string, string>();
  for (const l of labels) {
    const key = l.trim().toLocaleLowerCase();
    if (!key) return 'Labels cannot be empty.';
    if (seen.has(key)) return `The label “${l}” is listed twice${seen.get(key) !== l ? ` (as “${seen.get(key)}” too)` : ''}: each label must be different.`;
    seen.set(key, l);
  }
  if (labels.length > 50) return `${labels.length} labels: at most 50 are allowed (each one costs a model run per text).`;
  if (!template.includes('{}')) return 'The hypothesis template must contain {} where the label goes, e.g. “This example is {}.”';
  return null;
}
