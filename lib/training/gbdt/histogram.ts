// Gradient histograms: the only O(rows × features) work in split finding and the hot loop of the
// whole trainer. Dense slots are read once per row, contiguously; the loops are written once per
// slot array type so that each stays monomorphic (V8 deoptimises a loop that sees both). Sparse
// features add only their non-default slots; their default slot is filled from the node totals.

import type { BinnedData } from "./binned-data";

/** The part of the data a tree's column sample needs histograms for. */
export interface HistogramColumns {
  /** Dense columns (indices into a row of denseSlots) to accumulate. */
  denseColumns: Int32Array;
  allDense: boolean;
  /** Sampled sparse features, whose default slot must be filled in. */
  sparseFeatures: Int32Array;
}

export function selectHistogramColumns(data: BinnedData, features: Int32Array): HistogramColumns {
  const dense: number[] = [];
  const sparse: number[] = [];
  for (const f of features) {
    if (data.denseColumn[f] >= 0) dense.push(data.denseColumn[f]);
    else sparse.push(f);
  }
  return {
    denseColumns: Int32Array.from(dense),
    allDense: dense.length === data.denseFeatures.length,
    sparseFeatures: Int32Array.from(sparse),
  };
}

const totals = new Float64Array(2);

export function buildHistogram(
  hist: Float64Array,
  data: BinnedData,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  columns: HistogramColumns,
): void {
  hist.fill(0);
  const dd = data.denseFeatures.length;
  if (columns.denseColumns.length > 0) {
    const slots = data.denseSlots;
    if (slots instanceof Uint16Array) {
      if (columns.allDense) allColumns16(hist, slots, dd, gh, rows, start, end);
      else someColumns16(hist, slots, dd, gh, rows, start, end, columns.denseColumns);
    } else if (columns.allDense) allColumns32(hist, slots, dd, gh, rows, start, end);
    else someColumns32(hist, slots, dd, gh, rows, start, end, columns.denseColumns);
  }
  if (columns.sparseFeatures.length === 0) return;
  addSparse(hist, data.rowStart, data.sparseSlots, gh, rows, start, end, totals);
  for (const f of columns.sparseFeatures) {
    const first = 2 * data.slotBase[f];
    const last = first + 2 * data.missingBin[f];
    let g = 0;
    let h = 0;
    for (let k = first; k <= last; k += 2) {
      g += hist[k];
      h += hist[k + 1];
    }
    const k = 2 * data.defaultSlot[f];
    hist[k] = totals[0] - g;
    hist[k + 1] = totals[1] - h;
  }
}

function allColumns16(
  hist: Float64Array,
  slots: Uint16Array,
  dd: number,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    for (let p = r * dd, e = p + dd; p < e; p++) {
      const k = slots[p] << 1;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

function someColumns16(
  hist: Float64Array,
  slots: Uint16Array,
  dd: number,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  columns: Int32Array,
): void {
  const m = columns.length;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const base = r * dd;
    for (let j = 0; j < m; j++) {
      const k = slots[base + columns[j]] << 1;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

function allColumns32(
  hist: Float64Array,
  slots: Uint32Array,
  dd: number,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    for (let p = r * dd, e = p + dd; p < e; p++) {
      const k = slots[p] * 2;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

function someColumns32(
  hist: Float64Array,
  slots: Uint32Array,
  dd: number,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  columns: Int32Array,
): void {
  const m = columns.length;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const base = r * dd;
    for (let j = 0; j < m; j++) {
      const k = slots[base + columns[j]] * 2;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

/** Adds every stored sparse slot (sampled or not: skipping would cost more than it saves) and the node totals. */
function addSparse(
  hist: Float64Array,
  rowStart: Int32Array,
  slots: Uint32Array,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  out: Float64Array,
): void {
  let G = 0;
  let H = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    G += g;
    H += h;
    for (let q = rowStart[r], e = rowStart[r + 1]; q < e; q++) {
      const k = slots[q] * 2;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
  out[0] = G;
  out[1] = H;
}

/** parent −= child, turning the parent's histogram into the sibling's without touching a row. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i];
}

/** Reuses histogram buffers: a tree allocates at most one per open leaf instead of one per node. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly length: number) {}

  acquire(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.length);
  }

  release(hist: Float64Array): void {
    this.free.push(hist);
  }
}
