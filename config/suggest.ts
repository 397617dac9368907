/** "Did you mean": the allowed key or value a misspelt one was probably meant as. */

/** Levenshtein distance, for "did you mean". */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The allowed key `key` was probably meant as (a typo or a case slip), or undefined. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  if (key.length > 100) return undefined;
  const lower = key.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const a of allowed) {
    const d = a.toLowerCase() === lower ? 0 : distance(lower, a.toLowerCase());
    if (d <= Math.max(1, Math.min(2, Math.floor(a.length / 4))) && (best === undefined || d < best.d)) best = { key: a, d };
  }
  return best?.key;
}
