// The training matrix after binning, stored as histogram slot indices. Feature f owns the slots
// slotBase[f] … slotBase[f] + missingBin[f]: value bins first, the missing slot last. Storing the
// global slot (not the per-feature bin) lets the histogram loop index the histogram directly,
// which measured about 3× faster than adding a per-feature offset in the inner loop.

import { binOf, type FeatureBinning } from "./quantile-binning";

export interface BinnedData {
  /**
   * Row-major n × d slot indices: a row's slots are contiguous, which is what histogram building
   * reads. Uint16 while all slots fit (up to ~255 features at 255 bins), Uint32 beyond.
   */
  slots: Uint16Array | Uint32Array;
  numRows: number;
  numFeatures: number;
  thresholds: Float32Array[];
  /** Bin index of the missing slot of each feature (= its number of thresholds + 1). */
  missingBin: Int32Array;
  /** First slot of each feature. */
  slotBase: Int32Array;
  /** Length of a whole histogram in float64 values (a slot is a gradient and a hessian). */
  histLength: number;
}

export function createBinnedData(X: Float32Array, numRows: number, numFeatures: number, binning: FeatureBinning): BinnedData {
  const missingBin = new Int32Array(numFeatures);
  const slotBase = new Int32Array(numFeatures);
  let totalSlots = 0;
  for (let f = 0; f < numFeatures; f++) {
    missingBin[f] = binning.thresholds[f].length + 1;
    slotBase[f] = totalSlots;
    totalSlots += missingBin[f] + 1;
  }
  const slots = totalSlots <= 0xffff ? new Uint16Array(numRows * numFeatures) : new Uint32Array(numRows * numFeatures);
  for (let f = 0; f < numFeatures; f++) {
    const t = binning.thresholds[f];
    for (let r = 0; r < numRows; r++) {
      const i = r * numFeatures + f;
      slots[i] = slotBase[f] + binOf(X[i], t, missingBin[f]);
    }
  }
  return { slots, numRows, numFeatures, thresholds: binning.thresholds, missingBin, slotBase, histLength: 2 * totalSlots };
}
