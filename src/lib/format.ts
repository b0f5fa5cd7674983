/** Small formatting helpers shared by the page, the workers and the model store (pure, no app imports). */

/** A byte count for people: `512 B`, `1.5 KB`, `240 MB`, `1.2 GB`. */
export const formatBytes = (n: number): string => {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
};
