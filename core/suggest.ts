/** "Did you mean …?" for a mistyped command, flag or config key. */

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The known name closest to `input`, when it is close enough to be a plausible typo. */
export function closest(input: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const name of known) {
    const score = distance(input, name);
    if (score < bestScore) [best, bestScore] = [name, score];
  }
  return bestScore <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}
