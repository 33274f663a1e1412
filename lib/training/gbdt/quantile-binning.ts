// Quantile binning fitted on the training rows. Each feature gets ascending float32 thresholds
// t_0 < t_1 < …; value bin b holds t_{b-1} < x <= t_b, and the slot after the last value bin holds
// missing values. Because a bin is defined by the same `x <= t` test, in float32, that ONNX
// Runtime's BRANCH_LEQ applies at serving time, "bin <= b" during training is exactly
// "x <= t_b" at prediction time: no row can be routed differently by the exported graph.

import type { Random } from "../random";

export interface FeatureBinning {
  /** Ascending float32 thresholds; value bins = thresholds.length + 1. */
  thresholds: Float32Array[];
}

export interface FitBinsOptions {
  maxBins: number;
  /** Rows used to fit the quantiles; larger inputs are sampled (with `random`) to keep fitting cheap. */
  sampleRows?: number;
  random?: Random;
}

const DEFAULT_SAMPLE_ROWS = 200_000;

export function fitQuantileBins(X: Float32Array, numRows: number, numFeatures: number, options: FitBinsOptions): FeatureBinning {
  const rows = sampleRowIndices(numRows, options.sampleRows ?? DEFAULT_SAMPLE_ROWS, options.random);
  const values = new Float32Array(rows.length);
  const thresholds: Float32Array[] = [];
  for (let f = 0; f < numFeatures; f++) {
    let m = 0;
    for (let i = 0; i < rows.length; i++) {
      const x = X[rows[i] * numFeatures + f];
      if (!Number.isNaN(x)) values[m++] = x;
    }
    thresholds.push(thresholdsFromSorted(values.subarray(0, m).sort(), options.maxBins));
  }
  return { thresholds };
}

/**
 * Greedy equal-frequency cuts over the distinct values: a value holding a bin's share of the rows
 * or more gets a bin of its own, and a feature with few distinct values gets one bin per value.
 */
export function thresholdsFromSorted(sorted: Float32Array, maxBins: number): Float32Array {
  const distinct = new Float64Array(sorted.length);
  const counts = new Int32Array(sorted.length);
  let numDistinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (numDistinct > 0 && sorted[i] === distinct[numDistinct - 1]) counts[numDistinct - 1]++;
    else {
      distinct[numDistinct] = sorted[i];
      counts[numDistinct++] = 1;
    }
  }
  const cuts: number[] = [];
  if (numDistinct <= maxBins) {
    for (let i = 0; i + 1 < numDistinct; i++) cuts.push(threshold(distinct[i], distinct[i + 1]));
    return Float32Array.from(cuts);
  }
  const total = sorted.length;
  let cumulative = 0;
  let rowsBinned = 0;
  for (let i = 0; i + 1 < numDistinct && cuts.length < maxBins - 1; i++) {
    cumulative += counts[i];
    // Each bin aims at an equal share of the rows not yet binned, so a heavy value early on does
    // not starve later bins; a heavy value coming next is given a bin of its own.
    const target = (total - rowsBinned) / (maxBins - cuts.length);
    if (cumulative - rowsBinned >= target || counts[i + 1] >= target) {
      cuts.push(threshold(distinct[i], distinct[i + 1]));
      rowsBinned = cumulative;
    }
  }
  return Float32Array.from(cuts);
}

/** A float32 cut c with a <= c < b, so that `x <= c` separates a from b exactly. */
function threshold(a: number, b: number): number {
  const mid = Math.fround((a + b) / 2);
  return mid >= a && mid < b ? mid : a;
}

export function binOf(x: number, t: Float32Array, missingBin: number): number {
  if (Number.isNaN(x)) return missingBin;
  // First threshold with x <= t, i.e. the number of thresholds strictly below x.
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= t[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function sampleRowIndices(numRows: number, limit: number, random: Random | undefined): Int32Array {
  if (numRows <= limit || random === undefined) return Int32Array.from({ length: numRows }, (_, i) => i);
  // Selection sampling (Knuth's algorithm S): exactly `limit` rows, in order, one pass.
  const out = new Int32Array(limit);
  let chosen = 0;
  for (let r = 0; r < numRows && chosen < limit; r++) {
    if (random() * (numRows - r) < limit - chosen) out[chosen++] = r;
  }
  return out;
}
