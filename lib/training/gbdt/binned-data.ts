// The training matrix after binning, plus the layout of a histogram over it: feature f owns
// `slotCount(f)` consecutive (gradient, hessian) slots, value bins first and the missing slot last.

import { binMatrix, type FeatureBinning } from "./quantile-binning";

export interface BinnedData {
  /** Row-major n × d bin indices: a row's bins are contiguous, which is what histogram building reads. */
  bins: Uint8Array;
  numRows: number;
  numFeatures: number;
  thresholds: Float32Array[];
  /** Index of the missing slot of each feature (= its number of thresholds + 1). */
  missingBin: Int32Array;
  /** Offset of each feature's first slot, times two (a slot is a gradient and a hessian). */
  histOffset: Int32Array;
  /** Length of a whole histogram in float64 values. */
  histLength: number;
}

export function createBinnedData(X: Float32Array, numRows: number, numFeatures: number, binning: FeatureBinning): BinnedData {
  const missingBin = new Int32Array(numFeatures);
  const histOffset = new Int32Array(numFeatures);
  let slots = 0;
  for (let f = 0; f < numFeatures; f++) {
    missingBin[f] = binning.thresholds[f].length + 1;
    histOffset[f] = 2 * slots;
    slots += missingBin[f] + 1;
  }
  return {
    bins: binMatrix(X, numRows, numFeatures, binning),
    numRows,
    numFeatures,
    thresholds: binning.thresholds,
    missingBin,
    histOffset,
    histLength: 2 * slots,
  };
}
