// Gradient histograms: the only O(rows) work in split finding. Building is the hot loop of the
// whole trainer, so it touches each row's bins once, contiguously, and nothing else.

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
  const { bins, numFeatures: d, histOffset } = data;
  const m = features.length;
  if (m === d) {
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      const base = r * d;
      for (let f = 0; f < d; f++) {
        const k = histOffset[f] + 2 * bins[base + f];
        hist[k] += g;
        hist[k + 1] += h;
      }
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const base = r * d;
    for (let j = 0; j < m; j++) {
      const f = features[j];
      const k = histOffset[f] + 2 * bins[base + f];
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
