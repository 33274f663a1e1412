import { assertCounts, assertSameLength } from "./validation";

/**
 * Proportion floor used by PSI. An empty bin would make ln(c/r) infinite; flooring both proportions at
 * 1e-4 (a bin holding 0.01 % of the data) keeps PSI finite while a category that appears from nowhere
 * still scores high (ln(0.2/1e-4) ≈ 7.6 per unit of mass).
 */
export const PSI_PROPORTION_FLOOR = 1e-4;

export interface PsiOptions {
  /** Floor applied to every bin proportion of both vectors; default `PSI_PROPORTION_FLOOR`. */
  readonly floor?: number;
}

function proportions(counts: ArrayLike<number>, total: number): Float64Array {
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i] / total;
  return out;
}

/**
 * Population Stability Index from two count vectors over the same bins:
 * Σ (c - r)·ln(c / r) with r, c the bin proportions, each floored at `floor`. Works on merged
 * pre-binned histograms, so monitoring never needs raw rows.
 */
export function psiFromCounts(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
  options: PsiOptions = {},
): number {
  const referenceTotal = assertCounts(referenceCounts, "referenceCounts");
  const currentTotal = assertCounts(currentCounts, "currentCounts");
  assertSameLength({ referenceCounts, currentCounts });
  const floor = options.floor ?? PSI_PROPORTION_FLOOR;
  if (!(floor > 0 && floor < 1)) throw new RangeError(`floor must lie in (0, 1), got ${floor}`);
  const r = proportions(referenceCounts, referenceTotal);
  const c = proportions(currentCounts, currentTotal);
  let psi = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = Math.max(r[i], floor);
    const ci = Math.max(c[i], floor);
    psi += (ci - ri) * Math.log(ci / ri);
  }
  return psi;
}

/** x·ln(x/y) with the 0·ln 0 = 0 convention (scipy.special.rel_entr for x, y >= 0, y > 0 when x > 0). */
function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

/**
 * Jensen–Shannon *distance* in bits (scipy.spatial.distance.jensenshannon(p, q, base=2)): the square
 * root of the JS divergence, a metric bounded by [0, 1]. Unlike PSI it needs no floor: the mixture
 * m = (p+q)/2 is positive wherever p or q is, so new or vanished bins stay finite.
 */
export function jensenShannonFromCounts(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const referenceTotal = assertCounts(referenceCounts, "referenceCounts");
  const currentTotal = assertCounts(currentCounts, "currentCounts");
  assertSameLength({ referenceCounts, currentCounts });
  const p = proportions(referenceCounts, referenceTotal);
  const q = proportions(currentCounts, currentTotal);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    left += relativeEntropyTerm(p[i], m);
    right += relativeEntropyTerm(q[i], m);
  }
  // Rounding can leave the (mathematically non-negative) divergence at -1e-17 for identical inputs.
  const divergence = Math.max(0, (left + right) / Math.LN2);
  return Math.sqrt(divergence / 2);
}
