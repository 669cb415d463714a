/** String similarity for fuzzy street and city lookup. */

/** Three rows of the distance table, reused by every call (matching compares hundreds of names). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions),
 * giving up early once the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (rows[0].length <= n) rows = [new Int32Array(2 * n + 2), new Int32Array(2 * n + 2), new Int32Array(2 * n + 2)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** 1 for equal strings, falling towards 0 with the edit distance relative to the length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  const d = editDistance(a, b, len);
  return Math.max(0, 1 - d / len);
}

/** similarity(a, b) when it is at least `min`, else 0 — cheaper, as hopeless pairs stop early. */
export function similarityAtLeast(a: string, b: string, min: number): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  const maxDistance = Math.floor((1 - min) * len + 1e-9);
  if (Math.abs(a.length - b.length) > maxDistance) return 0;
  const d = editDistance(a, b, maxDistance);
  return d > maxDistance ? 0 : 1 - d / len;
}

/** Trigrams of ` name ` (padded, so short names still have a few). */
export function trigrams(s: string): string[] {
  const padded = `  ${s} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return [...out];
}
