// Gradient histograms: the only O(rows × features) work in split finding and the hot loop of the
// whole trainer. Each row's slots are read once, contiguously; the loops are written once per
// slot array type so that each stays monomorphic (V8 deoptimises a loop that sees both).

import type { BinnedData } from "./binned-data";

export function buildHistogram(
  hist: Float64Array,
  data: BinnedData,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  features: Int32Array,
): void {
  hist.fill(0);
  const d = data.numFeatures;
  const all = features.length === d;
  if (data.slots instanceof Uint16Array) {
    if (all) allFeatures16(hist, data.slots, d, gh, rows, start, end);
    else someFeatures16(hist, data.slots, d, gh, rows, start, end, features);
  } else if (all) allFeatures32(hist, data.slots, d, gh, rows, start, end);
  else someFeatures32(hist, data.slots, d, gh, rows, start, end, features);
}

function allFeatures16(hist: Float64Array, slots: Uint16Array, d: number, gh: Float64Array, rows: Int32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    for (let p = r * d, e = p + d; p < e; p++) {
      const k = slots[p] << 1;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

function someFeatures16(hist: Float64Array, slots: Uint16Array, d: number, gh: Float64Array, rows: Int32Array, start: number, end: number, features: Int32Array): void {
  const m = features.length;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const base = r * d;
    for (let j = 0; j < m; j++) {
      const k = slots[base + features[j]] << 1;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

function allFeatures32(hist: Float64Array, slots: Uint32Array, d: number, gh: Float64Array, rows: Int32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    for (let p = r * d, e = p + d; p < e; p++) {
      const k = slots[p] * 2;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

function someFeatures32(hist: Float64Array, slots: Uint32Array, d: number, gh: Float64Array, rows: Int32Array, start: number, end: number, features: Int32Array): void {
  const m = features.length;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const base = r * d;
    for (let j = 0; j < m; j++) {
      const k = slots[base + features[j]] * 2;
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
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
