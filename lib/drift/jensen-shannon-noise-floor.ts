import { chiSquareSurvival } from "./special-functions";
import { assertCounts } from "./validation";

/**
 * What sampling noise alone gives the Jensen–Shannon distance, so an effect floor never sits below
 * it. A fixed floor (0.1) means a large shift on thousands of rows but mere noise on a few hundred
 * rows of a seven-category column: there, two samples of one population reach 0.1 about once in
 * a thousand windows, and a real but negligible shift (a calendar month with one more Friday) adds
 * to that noise often enough to flag a window in four.
 *
 * The approximation: with reference and current samples of sizes N and n drawn from the same k
 * frequencies p, the JS divergence in nats is, to second order, Σ(q−r)²/(8p), and
 * Σ(q−r)²/p · nN/(n+N) tends to χ²(k−1) (Pearson's statistic of homogeneity). So the squared JS
 * distance in bits is about χ²(k−1)·(1/n + 1/N) / (8 ln 2), and its quantile follows from the
 * chi-square quantile. Checked against a 200,000-draw multinomial simulation with scipy
 * (test/fixtures/drift-noise): within 2 % where every category expects ten or more rows of the
 * window, and about 5 % low where some expect fewer than one (there the quadratic term understates
 * the divergence of a rare category's noisy share). An analytic limit rather than a simulation
 * keeps the floor deterministic and free to compute for every column of every window.
 */

/** Quantile of the chi-square distribution (scipy.stats.chi2.ppf), by bisection on the survival function. */
export function chiSquareQuantile(probability: number, degreesOfFreedom: number): number {
  if (!(probability > 0 && probability < 1)) throw new RangeError(`probability must lie in (0, 1), got ${probability}`);
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degreesOfFreedom must be positive, got ${degreesOfFreedom}`);
  const tail = 1 - probability;
  let low = 0;
  let high = Math.max(1, degreesOfFreedom);
  while (chiSquareSurvival(high, degreesOfFreedom) > tail) high *= 2;
  // 200 halvings pin the root to the last bit of a double; the loop stops earlier when they meet.
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const middle = (low + high) / 2;
    if (chiSquareSurvival(middle, degreesOfFreedom) > tail) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export type JensenShannonNoiseFloorOptions = {
  /** Reference counts per category (the training profile); categories absent from it do not count. */
  referenceCounts: ArrayLike<number>;
  /** Rows in the current window. */
  currentSize: number;
  /** The quantile of the null distribution, e.g. 0.99. */
  quantile: number;
};

/** The `quantile` of the JS distance (bits) between two same-population samples of these sizes. */
export function jensenShannonNoiseFloor(options: JensenShannonNoiseFloorOptions): number {
  const { referenceCounts, currentSize, quantile } = options;
  const referenceSize = assertCounts(referenceCounts, "referenceCounts");
  if (!(currentSize > 0)) throw new RangeError(`currentSize must be positive, got ${currentSize}`);
  let categories = 0;
  for (let i = 0; i < referenceCounts.length; i++) if (referenceCounts[i] > 0) categories++;
  if (categories < 2) return 0;
  const chiSquare = chiSquareQuantile(quantile, categories - 1);
  const squared = (chiSquare * (1 / currentSize + 1 / referenceSize)) / (8 * Math.LN2);
  // A distance never exceeds 1, however few the rows.
  return Math.min(1, Math.sqrt(squared));
}
