// Confidence-based performance estimation (the CBPE approach): before labels arrive, a calibrated
// probability p says the prediction is right with probability p, so summing probabilities gives the
// expected confusion matrix, and from it expected precision, recall, F1, accuracy and cost. ROC AUC
// is estimated by sweeping the threshold over the sorted scores with expected positives (p) and
// negatives (1 - p) in place of counts.

export type ExpectedConfusion = { tp: number; fp: number; tn: number; fn: number };

export type EstimatedBinaryPerformance = {
  kind: "binary";
  n: number;
  threshold: number;
  confusion: ExpectedConfusion;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  auc: number | null;
  expectedCost: number | null;
};

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

export function estimateBinaryPerformance(options: {
  probabilities: ArrayLike<number>;
  threshold: number;
  costFalsePositive?: number;
  costFalseNegative?: number;
}): EstimatedBinaryPerformance {
  const p = options.probabilities;
  const n = p.length;
  if (n === 0) throw new RangeError("probabilities must not be empty");
  const c: ExpectedConfusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    if (!(pi >= 0 && pi <= 1)) throw new RangeError(`probabilities[${i}] must lie in [0, 1], got ${pi}`);
    if (pi >= options.threshold) {
      c.tp += pi;
      c.fp += 1 - pi;
    } else {
      c.fn += pi;
      c.tn += 1 - pi;
    }
  }
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const costs = options.costFalsePositive !== undefined && options.costFalseNegative !== undefined;
  return {
    kind: "binary",
    n,
    threshold: options.threshold,
    confusion: c,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    accuracy: (c.tp + c.tn) / n,
    auc: estimateAuc(p),
    expectedCost: costs ? (options.costFalsePositive! * c.fp + options.costFalseNegative! * c.fn) / n : null,
  };
}

/** Expected ROC AUC: trapezoids over thresholds at distinct scores, as the realized AUC is computed. */
function estimateAuc(p: ArrayLike<number>): number | null {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < p.length; i++) {
    positives += p[i];
    negatives += 1 - p[i];
  }
  if (positives <= 0 || negatives <= 0) return null;
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let k = 0; k < order.length; ) {
    const score = p[order[k]];
    const prevTpr = tp / positives;
    const prevFpr = fp / negatives;
    // Tied scores move together: one threshold, one step of the curve.
    while (k < order.length && p[order[k]] === score) {
      tp += p[order[k]];
      fp += 1 - p[order[k]];
      k++;
    }
    area += ((fp / negatives - prevFpr) * (tp / positives + prevTpr)) / 2;
  }
  return area;
}

export type EstimatedMulticlassPerformance = {
  kind: "multiclass";
  n: number;
  /** Expected confusion: rows true class, columns predicted class. */
  confusion: number[][];
  accuracy: number;
  macroF1: number;
  perClassRecall: number[];
};

/** Rows of class probabilities; the prediction is the argmax, its row spreads over the true classes. */
export function estimateMulticlassPerformance(probabilities: readonly (readonly number[])[]): EstimatedMulticlassPerformance {
  const n = probabilities.length;
  if (n === 0) throw new RangeError("probabilities must not be empty");
  const k = probabilities[0].length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const row of probabilities) {
    let predicted = 0;
    for (let j = 1; j < k; j++) if (row[j] > row[predicted]) predicted = j;
    for (let j = 0; j < k; j++) confusion[j][predicted] += row[j];
  }
  const perClassRecall: number[] = [];
  const f1s: number[] = [];
  let correct = 0;
  for (let j = 0; j < k; j++) {
    const tp = confusion[j][j];
    correct += tp;
    const actual = confusion[j].reduce((a, b) => a + b, 0);
    const predictedTotal = confusion.reduce((s, r) => s + r[j], 0);
    const recall = ratio(tp, actual);
    const precision = ratio(tp, predictedTotal);
    perClassRecall.push(recall);
    f1s.push(ratio(2 * precision * recall, precision + recall));
  }
  return { kind: "multiclass", n, confusion, accuracy: correct / n, macroF1: f1s.reduce((a, b) => a + b, 0) / k, perClassRecall };
}
