import { CompensatedSum } from "@/lib/numeric/compensated-sum";
import { ksAsymptoticPValue } from "./ks";
import { assertCounts, assertEdges, assertSameLength } from "./validation";

/**
 * KS and Wasserstein from two histograms over the same bin edges, for production monitoring, which
 * stores hourly pre-binned histograms and merges them instead of keeping raw rows.
 *
 * Both are approximations of the raw-sample statistics, and they come with an a-priori error bound:
 *  - KS: the histogram sees the two ECDFs only at bin edges, where they are exact. Inside a bin each
 *    ECDF can rise by at most that bin's share of its sample, so
 *      D_hist <= D_exact <= D_hist + max_i max(r_i, c_i)      (r, c = bin proportions).
 *    A bin's mass is about density × width, so the bound shrinks linearly with the bin width; with
 *    2000 bins over the range of two normal samples it is ~0.003 (actual error ~2e-4).
 *  - Wasserstein: replacing the observations of a bin by uniform mass over that bin costs at most half
 *    the bin width per unit of mass (W1 to the uniform is largest when all mass sits on one edge), in
 *    each sample, so by the triangle inequality
 *      |W_hist - W_exact| <= Σ_i (r_i + c_i)·width_i / 2 <= max_i width_i.
 *    Finite edges are required because an infinite bin has no width to spread over.
 * The p-value reported with the KS approximation is the asymptotic one evaluated at D_hist <= D_exact,
 * so it can only overstate the exact-sample p-value (err towards "no drift"); evaluating
 * `ksAsymptoticPValue` at statistic + errorBound gives the other side of the bracket.
 */

export interface HistogramPair {
  /** Bin edges shared by both histograms (k + 1 strictly increasing values). */
  readonly edges: ArrayLike<number>;
  /** Per-bin counts of the reference sample (k values). */
  readonly reference: ArrayLike<number>;
  /** Per-bin counts of the current sample (k values). */
  readonly current: ArrayLike<number>;
}

export interface HistogramKsResult {
  /** max over bin edges of |F_reference - F_current|, a lower bound on the raw-sample statistic. */
  readonly statistic: number;
  /** Asymptotic p-value at `statistic` with the histogram totals as sample sizes. */
  readonly pValue: number;
  /** The raw-sample statistic lies in [statistic, statistic + errorBound]. */
  readonly errorBound: number;
}

export interface HistogramWassersteinResult {
  readonly distance: number;
  /** |distance - raw-sample distance| <= errorBound = Σ (r_i + c_i)·width_i / 2, never above the widest bin. */
  readonly errorBound: number;
}

function validatePair(h: HistogramPair): { referenceTotal: number; currentTotal: number } {
  assertEdges(h.edges, "edges");
  const referenceTotal = assertCounts(h.reference, "reference");
  const currentTotal = assertCounts(h.current, "current");
  assertSameLength({ reference: h.reference, current: h.current });
  if (h.edges.length !== h.reference.length + 1) {
    throw new RangeError(
      `edges must have one more entry than the count vectors, got ${h.edges.length} edges ` + `for ${h.reference.length} bins`,
    );
  }
  return { referenceTotal, currentTotal };
}

/** Approximate two-sample KS statistic and p-value from two histograms over the same bins. */
export function ksFromHistograms(histograms: HistogramPair): HistogramKsResult {
  const { referenceTotal, currentTotal } = validatePair(histograms);
  const { reference, current } = histograms;
  let cumulativeReference = 0;
  let cumulativeCurrent = 0;
  let statistic = 0;
  let errorBound = 0;
  for (let i = 0; i < reference.length; i++) {
    cumulativeReference += reference[i];
    cumulativeCurrent += current[i];
    const gap = Math.abs(cumulativeReference / referenceTotal - cumulativeCurrent / currentTotal);
    if (gap > statistic) statistic = gap;
    errorBound = Math.max(errorBound, reference[i] / referenceTotal, current[i] / currentTotal);
  }
  statistic = Math.min(1, statistic);
  // Sample sizes must be integers for the KS distribution; weighted counts are rounded (at least 1).
  const sizes = {
    referenceSize: Math.max(1, Math.round(referenceTotal)),
    currentSize: Math.max(1, Math.round(currentTotal)),
  };
  return { statistic, pValue: ksAsymptoticPValue(statistic, sizes), errorBound };
}

/**
 * Approximate Wasserstein-1 distance from two histograms over the same finite bins, treating each bin's
 * mass as uniformly spread. Both CDFs are then linear inside a bin, so ∫|F_r - F_c| over a bin is
 * exact for that model: the trapezoid when the gap keeps its sign, two triangles when it crosses zero.
 */
export function wassersteinFromHistograms(histograms: HistogramPair): HistogramWassersteinResult {
  const { referenceTotal, currentTotal } = validatePair(histograms);
  const { edges, reference, current } = histograms;
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i])) {
      throw new RangeError(`edges[${i}] must be finite for a Wasserstein approximation, got ${edges[i]}`);
    }
  }
  const acc = new CompensatedSum();
  let gapBefore = 0;
  let cumulativeReference = 0;
  let cumulativeCurrent = 0;
  const bound = new CompensatedSum();
  for (let i = 0; i < reference.length; i++) {
    cumulativeReference += reference[i];
    cumulativeCurrent += current[i];
    const gapAfter = cumulativeReference / referenceTotal - cumulativeCurrent / currentTotal;
    const width = edges[i + 1] - edges[i];
    bound.add(((reference[i] / referenceTotal + current[i] / currentTotal) * width) / 2);
    const a = Math.abs(gapBefore);
    const b = Math.abs(gapAfter);
    if (gapBefore * gapAfter >= 0) acc.add((width * (a + b)) / 2);
    else acc.add((width * (a * a + b * b)) / (2 * (a + b)));
    gapBefore = gapAfter;
  }
  return { distance: acc.value, errorBound: bound.value };
}

/**
 * Population standard deviation of a histogram under the same uniform-within-bin model (between-bin
 * variance of the midpoints plus width²/12 per bin), for norming a histogram Wasserstein distance the
 * way `wassersteinNormed` norms the raw one.
 */
export function histogramStd(edges: ArrayLike<number>, counts: ArrayLike<number>): number {
  assertEdges(edges, "edges");
  const total = assertCounts(counts, "counts");
  if (edges.length !== counts.length + 1) {
    throw new RangeError(`edges must have one more entry than counts, got ${edges.length} edges for ${counts.length} bins`);
  }
  const mean = new CompensatedSum();
  for (let i = 0; i < counts.length; i++) {
    if (!Number.isFinite(edges[i]) || !Number.isFinite(edges[i + 1])) {
      if (counts[i] > 0) throw new RangeError(`bin ${i} is unbounded but holds ${counts[i]} observations`);
      continue;
    }
    mean.add(((edges[i] + edges[i + 1]) / 2) * (counts[i] / total));
  }
  const mu = mean.value;
  const variance = new CompensatedSum();
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    const mid = (edges[i] + edges[i + 1]) / 2;
    const width = edges[i + 1] - edges[i];
    variance.add((counts[i] / total) * ((mid - mu) ** 2 + (width * width) / 12));
  }
  return Math.sqrt(variance.value);
}
