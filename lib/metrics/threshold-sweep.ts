// The cumulative true/false-positive counts at every distinct score, walked from the highest
// score down (scikit-learn's `_binary_clf_curve`). ROC, PR, AUC, average precision and threshold
// selection are all read off this one table, so the O(n log n) sort happens once per call.

export interface ThresholdSweep {
  /** Distinct scores, strictly decreasing. */
  readonly thresholds: Float64Array;
  /** truePositives[i]: positives whose score is >= thresholds[i]. */
  readonly truePositives: Float64Array;
  /** falsePositives[i]: negatives whose score is >= thresholds[i]. */
  readonly falsePositives: Float64Array;
  readonly positives: number;
  readonly negatives: number;
}

/**
 * Row indices ordered by decreasing score. A Uint32Array sorted with a comparator is several
 * times cheaper than sorting an array of objects or boxed numbers at a million rows.
 */
export function indicesByDescendingScore(scores: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  if (n > 0xffffffff) throw new RangeError(`scores has ${n} elements; at most 2^32 - 1 are supported`);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Copying into a Float64Array keeps the comparator monomorphic whatever array type came in.
  const keys = Float64Array.from(scores);
  order.sort((a, b) => keys[b] - keys[a]);
  return order;
}

/** Inputs must already be validated: 0/1 labels, finite scores, equal lengths. */
export function thresholdSweep(yTrue: ArrayLike<number>, scores: ArrayLike<number>): ThresholdSweep {
  const n = scores.length;
  const order = indicesByDescendingScore(scores);
  const thresholds = new Float64Array(n);
  const truePositives = new Float64Array(n);
  const falsePositives = new Float64Array(n);
  let distinct = 0;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const row = order[k];
    if (yTrue[row] === 1) tp++;
    else fp++;
    const score = scores[row];
    // A threshold closes only after the last row sharing its score, so tied rows move together.
    if (k === n - 1 || scores[order[k + 1]] !== score) {
      thresholds[distinct] = score;
      truePositives[distinct] = tp;
      falsePositives[distinct] = fp;
      distinct++;
    }
  }
  return {
    thresholds: thresholds.slice(0, distinct),
    truePositives: truePositives.slice(0, distinct),
    falsePositives: falsePositives.slice(0, distinct),
    positives: tp,
    negatives: fp,
  };
}
