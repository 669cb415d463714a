/** Latency summaries: nearest-rank percentiles over milliseconds. */

/** The p-th percentile (0 < p ≤ 100) by nearest rank; NaN for no samples. Sorts a copy. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  return percentilesOf(samples, [p])[0] ?? Number.NaN;
}

/** Several percentiles from one sort. */
export function percentilesOf(samples: ArrayLike<number>, ps: number[]): number[] {
  if (samples.length === 0) return ps.map(() => Number.NaN);
  const sorted = Float64Array.from(samples).sort();
  return ps.map((p) => {
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
  });
}

/** Rounds for the report: 3 decimals below 10, 1 below 1000, whole numbers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) < 10 ? 3 : Math.abs(value) < 1000 ? 1 : 0;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
