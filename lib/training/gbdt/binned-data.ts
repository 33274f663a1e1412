// The training matrix after binning, stored as histogram slot indices. Feature f owns the slots
// slotBase[f] … slotBase[f] + missingBin[f]: value bins first, the missing slot last. Storing the
// global slot (not the per-feature bin) lets the histogram loop index the histogram directly,
// which measured about 3× faster than adding a per-feature offset in the inner loop.
//
// Features where one bin holds most rows (one-hot columns, zero-heavy counts) are stored sparsely,
// as LightGBM does: only their non-default slots, row by row. Their default slot's histogram
// entry is the node total minus the other slots, so a one-hot column costs nothing for the rows
// where it is 0 — on one-hot-heavy tables that removes most of the histogram work.

import { binOf, type FeatureBinning } from "./quantile-binning";

/** Share of rows the most frequent bin must hold for a feature to be stored sparsely. */
export const SPARSE_DEFAULT_SHARE = 0.7;

export interface BinnedData {
  numRows: number;
  numFeatures: number;
  thresholds: Float32Array[];
  /** Bin index of the missing slot of each feature (= its number of thresholds + 1). */
  missingBin: Int32Array;
  /** First slot of each feature. */
  slotBase: Int32Array;
  /** Length of a whole histogram in float64 values (a slot is a gradient and a hessian). */
  histLength: number;

  /** Column of each feature in denseSlots, or −1 when the feature is stored sparsely. */
  denseColumn: Int32Array;
  /** Features stored densely, in column order. */
  denseFeatures: Int32Array;
  /**
   * Row-major n × denseFeatures.length slots: a row's slots are contiguous, which is what
   * histogram building reads. Uint16 while all slots fit (~255 features at 255 bins), else Uint32.
   */
  denseSlots: Uint16Array | Uint32Array;

  /** Features stored sparsely. */
  sparseFeatures: Int32Array;
  /** Most frequent slot of each sparse feature (−1 for dense features). */
  defaultSlot: Int32Array;
  /** Row r's non-default sparse slots are sparseSlots[rowStart[r] … rowStart[r + 1]), ascending. */
  rowStart: Int32Array;
  sparseSlots: Uint32Array;
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

  // Pass 1: each feature's most frequent bin. Bins are recomputed in pass 2 rather than kept,
  // which would cost 4 bytes per cell on top of the final layout.
  const defaultSlot = new Int32Array(numFeatures).fill(-1);
  const denseList: number[] = [];
  const sparseList: number[] = [];
  let sparseCount = 0;
  for (let f = 0; f < numFeatures; f++) {
    const t = binning.thresholds[f];
    const counts = new Int32Array(missingBin[f] + 1);
    for (let r = 0; r < numRows; r++) counts[binOf(X[r * numFeatures + f], t, missingBin[f])]++;
    let mode = 0;
    for (let b = 1; b < counts.length; b++) if (counts[b] > counts[mode]) mode = b;
    if (numRows > 0 && counts[mode] >= SPARSE_DEFAULT_SHARE * numRows) {
      defaultSlot[f] = slotBase[f] + mode;
      sparseList.push(f);
      sparseCount += numRows - counts[mode];
    } else denseList.push(f);
  }

  // Pass 2: dense features row-major, sparse ones row-wise compressed.
  const dd = denseList.length;
  const denseColumn = new Int32Array(numFeatures).fill(-1);
  denseList.forEach((f, c) => {
    denseColumn[f] = c;
  });
  const denseSlots = totalSlots <= 0xffff ? new Uint16Array(numRows * dd) : new Uint32Array(numRows * dd);
  denseList.forEach((f, c) => {
    const t = binning.thresholds[f];
    for (let r = 0; r < numRows; r++) denseSlots[r * dd + c] = slotBase[f] + binOf(X[r * numFeatures + f], t, missingBin[f]);
  });
  const rowStart = new Int32Array(numRows + 1);
  const sparseSlots = new Uint32Array(sparseCount);
  let q = 0;
  for (let r = 0; r < numRows; r++) {
    rowStart[r] = q;
    // Features are visited in slot order, so each row's entries come out ascending.
    for (const f of sparseList) {
      const slot = slotBase[f] + binOf(X[r * numFeatures + f], binning.thresholds[f], missingBin[f]);
      if (slot !== defaultSlot[f]) sparseSlots[q++] = slot;
    }
  }
  rowStart[numRows] = q;

  return {
    numRows,
    numFeatures,
    thresholds: binning.thresholds,
    missingBin,
    slotBase,
    histLength: 2 * totalSlots,
    denseColumn,
    denseFeatures: Int32Array.from(denseList),
    denseSlots,
    sparseFeatures: Int32Array.from(sparseList),
    defaultSlot,
    rowStart,
    sparseSlots,
  };
}

/** The slot of row r for feature f, whichever way the feature is stored. */
export function slotOf(data: BinnedData, r: number, f: number): number {
  const c = data.denseColumn[f];
  if (c >= 0) return data.denseSlots[r * data.denseFeatures.length + c];
  return sparseSlotOf(data, r, f);
}

/** Row r's slot for a sparse feature: its stored non-default slot, or the feature's default. */
export function sparseSlotOf(data: BinnedData, r: number, f: number): number {
  const first = data.slotBase[f];
  const last = first + data.missingBin[f];
  const slots = data.sparseSlots;
  for (let q = data.rowStart[r], end = data.rowStart[r + 1]; q < end; q++) {
    const s = slots[q];
    if (s > last) break;
    if (s >= first) return s;
  }
  return data.defaultSlot[f];
}
