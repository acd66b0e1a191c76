/** Edit distance (insertions, deletions, substitutions), for suggesting a near key. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `word` (case aside), when it is near enough to be a typo: at
 * most a third of the word's letters off, or one is a prefix of the other.
 *
 * @example
 * didYouMean('cont', ['count', 'namePrefix']); // 'count'
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const other = name.toLowerCase();
    const score = other.startsWith(lower) || lower.startsWith(other) ? 0.5 : distance(lower, other);
    if (best === undefined || score < best.score) best = { name, score };
  }
  if (!best) return undefined;
  return best.score <= Math.max(1, Math.floor(word.length / 3)) ? best.name : undefined;
}
