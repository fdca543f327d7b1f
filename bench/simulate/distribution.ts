/** Nearest-rank percentiles, and the rounding every figure uses. */

export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Nearest-rank percentiles of `values` (any order). */
export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? null };
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
export const seconds = (ms: number): number => round1(ms / 1000);
