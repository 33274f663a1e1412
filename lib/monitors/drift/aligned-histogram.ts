import { OTHER_CATEGORY } from "@/lib/profiles/column-profile";
import type { ComparableCategorical, ComparableNumeric } from "@/lib/monitors/profiles/comparable-column";

/**
 * Reference and current counts over the same bins, ready for the histogram statistics of lib/drift
 * and for charts.
 */

export type NumericHistogram = {
  /** k + 1 finite, strictly increasing edges. */
  edges: number[];
  reference: number[];
  current: number[];
  /** Bin index ranges that lie outside the reference grid's range (tails), for display. */
  tail: boolean[];
};

/**
 * The occupied grid buckets of either side, in value order, with empty bins filling any gap so the
 * bins tile one interval. The outermost edges are pulled in to the observed extremes: a far tail
 * bucket can be much wider than the data in it, and its width would otherwise inflate Wasserstein.
 */
export function alignNumeric(reference: ComparableNumeric, current: ComparableNumeric): NumericHistogram {
  const grid = reference.grid;
  const keys = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort((a, b) => a - b);
  const edges: number[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  const tail: boolean[] = [];
  let previous: number | null = null;
  for (const key of keys) {
    const [lo, hi] = grid.bounds(key);
    if (edges.length === 0) edges.push(lo);
    else if (lo > edges[edges.length - 1]) {
      edges.push(lo);
      ref.push(0);
      cur.push(0);
      // A gap next to a tail bucket lies outside the reference range too.
      tail.push(grid.isTail(key) || (previous !== null && grid.isTail(previous)));
    }
    previous = key;
    if (!(hi > edges[edges.length - 1])) continue;
    edges.push(hi);
    ref.push(reference.counts.get(key) ?? 0);
    cur.push(current.counts.get(key) ?? 0);
    tail.push(grid.isTail(key));
  }
  const lows = [reference.min, current.min].filter((v): v is number => v !== null);
  const highs = [reference.max, current.max].filter((v): v is number => v !== null);
  if (lows.length && edges.length > 2) {
    const low = Math.min(...lows);
    if (low > edges[0] && low < edges[1]) edges[0] = low;
  }
  if (highs.length && edges.length > 2) {
    const high = Math.max(...highs);
    const last = edges.length - 1;
    if (high < edges[last] && high > edges[last - 1]) edges[last] = high;
  }
  return { edges, reference: ref, current: cur, tail };
}

/**
 * Reference-decile bins over an aligned histogram, open at both ends (PSI and Jensen–Shannon on
 * numeric columns use reference deciles, as lib/drift does on raw samples). On fine percentile bins
 * PSI and JS would be dominated by sampling noise at monitoring window sizes: with 100 bins and a
 * few hundred rows, identical distributions score PSI ≈ 0.3.
 */
export function decileCounts(histogram: NumericHistogram): { reference: number[]; current: number[] } {
  const total = histogram.reference.reduce((s, n) => s + n, 0);
  const reference = new Array<number>(10).fill(0);
  const current = new Array<number>(10).fill(0);
  let before = 0;
  for (let i = 0; i < histogram.reference.length; i++) {
    const decile = total > 0 ? Math.min(9, Math.floor((before / total) * 10 + 1e-9)) : 0;
    reference[decile] += histogram.reference[i];
    current[decile] += histogram.current[i];
    before += histogram.reference[i];
  }
  const keep = reference.map((r, i) => r > 0 || current[i] > 0);
  return { reference: reference.filter((_, i) => keep[i]), current: current.filter((_, i) => keep[i]) };
}

export type CategoricalHistogram = { categories: string[]; reference: number[]; current: number[] };

/**
 * The union of categories. When the reference lumped its rare categories into OTHER_CATEGORY, a
 * current category it does not name may be one of those, so it is compared as OTHER_CATEGORY too.
 */
export function alignCategorical(reference: ComparableCategorical, current: ComparableCategorical): CategoricalHistogram {
  const referenceHasOther = OTHER_CATEGORY in reference.frequencies;
  const currentCounts = new Map<string, number>();
  for (const [category, n] of Object.entries(current.frequencies)) {
    const name = referenceHasOther && !(category in reference.frequencies) ? OTHER_CATEGORY : category;
    currentCounts.set(name, (currentCounts.get(name) ?? 0) + n);
  }
  const categories = [...new Set([...Object.keys(reference.frequencies), ...currentCounts.keys()])].sort();
  return {
    categories,
    reference: categories.map((c) => reference.frequencies[c] ?? 0),
    current: categories.map((c) => currentCounts.get(c) ?? 0),
  };
}
