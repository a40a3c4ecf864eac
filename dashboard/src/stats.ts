// 95% intervals shown beside every share and mean (the footnote under each chart says how).
const Z = 1.959964;

/**
 * The variance the service's perturbation adds to each published count: that of the rows of
 * counts 2 and more in `reference/ptable-v1.json` (changes −2…2, equally likely). The intervals
 * add it to the sampling variance, so they are wider than for exact counts.
 */
export const PERTURBATION_VARIANCE = 2;

/** A half-width widened by the extra variance of the estimate that the perturbation brings. */
const widened = (half: number, extraVariance: number) =>
  Math.sqrt(half * half + Z * Z * extraVariance);

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for a share `count / n`. */
export function wilson(count: number, n: number): Interval | undefined {
  if (n <= 0) return undefined;
  const p = count / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const sampling = (Z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // count and n are each perturbed: var(p) grows by about V (1 + p²) / n² (delta method).
  const half = widened(sampling, (PERTURBATION_VARIANCE * (1 + p * p)) / (n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Normal-approximation interval of a mean from its distribution (value → count); undefined when
 * a count is hidden (the spread cannot be known) or fewer than two answers.
 */
export function meanInterval(
  bars: { value: number; count: number | null }[],
): Interval | undefined {
  if (bars.some((bar) => bar.count === null)) return undefined;
  const n = bars.reduce((sum, bar) => sum + bar.count!, 0);
  if (n < 2) return undefined;
  const mean = bars.reduce((sum, bar) => sum + bar.value * bar.count!, 0) / n;
  const variance =
    bars.reduce((sum, bar) => sum + bar.count! * (bar.value - mean) ** 2, 0) / (n - 1);
  // Each bar is perturbed: var(mean) grows by about V Σ (value − mean)² / n² (delta method).
  const spread = bars.reduce((sum, bar) => sum + (bar.value - mean) ** 2, 0);
  const half = widened(
    (Z * Math.sqrt(variance)) / Math.sqrt(n),
    (PERTURBATION_VARIANCE * spread) / (n * n),
  );
  return { low: mean - half, high: mean + half };
}
