// Grows one tree on gradient histograms. The rows of every open leaf are kept as one contiguous
// range of `rows`, so splitting a leaf is a stable in-place partition; only the smaller child's
// histogram is built from rows, the larger one is its parent's minus the smaller (the histogram
// subtraction trick), which halves the work per level.

import { sparseSlotOf, type BinnedData } from "./binned-data";
import { findBestSplit, type Split } from "./find-best-split";
import { buildHistogram, selectHistogramColumns, subtractHistogram, type HistogramPool } from "./histogram";
import { TreeBuilder } from "./tree-builder";
import type { GbdtParams, Tree } from "./types";

/** Largest finite float32: the threshold of a "every value left, missing right" split. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export interface GrowTreeOptions {
  data: BinnedData;
  /** Interleaved gradient/hessian of every training row for this tree's output. */
  gh: Float64Array;
  /** Rows this tree learns from; reordered in place so each leaf's rows end up contiguous. */
  rows: Int32Array;
  features: Int32Array;
  params: GbdtParams;
  pool: HistogramPool;
  /** Scratch space at least as long as `rows`. */
  scratch: Int32Array;
  target: number;
}

export interface LeafRange {
  node: number;
  start: number;
  end: number;
}

export interface GrownTree {
  tree: Tree;
  leaves: LeafRange[];
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  G: number;
  H: number;
  depth: number;
  hist: Float64Array | null;
  split: Split | null;
}

export function growTree(o: GrowTreeOptions): GrownTree {
  const { data, gh, rows, params, pool } = o;
  const builder = new TreeBuilder();
  const leaves: LeafRange[] = [];
  let G = 0;
  let H = 0;
  for (let i = 0; i < rows.length; i++) {
    G += gh[2 * rows[i]];
    H += gh[2 * rows[i] + 1];
  }
  const finish = (leaf: OpenLeaf) => {
    builder.setLeafValue(leaf.node, (-leaf.G / (leaf.H + params.lambda)) * params.learningRate);
    leaves.push({ node: leaf.node, start: leaf.start, end: leaf.end });
    if (leaf.hist) pool.release(leaf.hist);
  };
  const columns = selectHistogramColumns(data, o.features);
  const canSplit = (depth: number, count: number) => (params.maxDepth === 0 || depth < params.maxDepth) && count >= 2;
  const evaluate = (leaf: OpenLeaf) => {
    leaf.split = findBestSplit(leaf.hist!, data, o.features, leaf.G, leaf.H, params);
  };

  const root: OpenLeaf = { node: builder.addLeaf(H), start: 0, end: rows.length, G, H, depth: 0, hist: null, split: null };
  const open: OpenLeaf[] = [];
  if (canSplit(0, rows.length)) {
    root.hist = pool.acquire();
    buildHistogram(root.hist, data, gh, rows, 0, rows.length, columns);
    evaluate(root);
    open.push(root);
  } else finish(root);

  let numLeaves = 1;
  const maxLeaves = params.maxLeaves === 0 ? Infinity : params.maxLeaves;
  while (open.length > 0) {
    const leaf = open.splice(pickNext(open, params.growPolicy), 1)[0];
    const split = leaf.split;
    if (split === null || numLeaves >= maxLeaves) {
      finish(leaf);
      continue;
    }
    const mid = partition(o, leaf.start, leaf.end, split);
    const threshold = split.bin < data.thresholds[split.feature].length ? data.thresholds[split.feature][split.bin] : FLOAT32_MAX;
    const [l, r] = builder.split(leaf.node, {
      feature: split.feature,
      threshold,
      missingLeft: split.missingLeft,
      gain: split.gain,
      leftCover: split.leftHessian,
      rightCover: leaf.H - split.leftHessian,
    });
    numLeaves++;
    const depth = leaf.depth + 1;
    const left: OpenLeaf = {
      node: l,
      start: leaf.start,
      end: mid,
      G: split.leftGradient,
      H: split.leftHessian,
      depth,
      hist: null,
      split: null,
    };
    const right: OpenLeaf = {
      node: r,
      start: mid,
      end: leaf.end,
      G: leaf.G - split.leftGradient,
      H: leaf.H - split.leftHessian,
      depth,
      hist: null,
      split: null,
    };
    const splittable = [left, right].filter((c) => canSplit(depth, c.end - c.start));
    if (splittable.length === 2) {
      const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
      small.hist = pool.acquire();
      buildHistogram(small.hist, data, gh, rows, small.start, small.end, columns);
      subtractHistogram(leaf.hist!, small.hist);
      large.hist = leaf.hist;
    } else if (splittable.length === 1) {
      // The sibling is a single row (depth is shared, so only its size can stop it): it needs no
      // histogram, and the parent's buffer is reused for the child that does.
      const only = splittable[0];
      only.hist = leaf.hist;
      buildHistogram(only.hist!, data, gh, rows, only.start, only.end, columns);
    } else pool.release(leaf.hist!);
    leaf.hist = null;
    for (const child of [left, right]) {
      if (child.hist) {
        evaluate(child);
        open.push(child);
      } else finish(child);
    }
  }
  return { tree: builder.build(o.target), leaves };
}

/** depthwise: oldest open leaf first (breadth-first); lossguide: the leaf whose split gains most. */
function pickNext(open: OpenLeaf[], policy: GbdtParams["growPolicy"]): number {
  if (policy === "depthwise") return 0;
  let best = 0;
  for (let i = 1; i < open.length; i++) if ((open[i].split?.gain ?? -1) > (open[best].split?.gain ?? -1)) best = i;
  return best;
}

/** Stable partition of rows[start, end) by the split; returns where the right child starts. */
function partition(o: GrowTreeOptions, start: number, end: number, split: Split): number {
  const { rows, scratch, data } = o;
  const f = split.feature;
  // Compare global slot indices directly: slotBase + bin.
  const missing = data.slotBase[f] + data.missingBin[f];
  const last = data.slotBase[f] + split.bin;
  const missingLeft = split.missingLeft;
  const column = data.denseColumn[f];
  const dd = data.denseFeatures.length;
  const dense = data.denseSlots;
  let l = start;
  let s = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const slot = column >= 0 ? dense[r * dd + column] : sparseSlotOf(data, r, f);
    if (slot === missing ? missingLeft : slot <= last) rows[l++] = r;
    else scratch[s++] = r;
  }
  rows.set(scratch.subarray(0, s), l);
  return l;
}
