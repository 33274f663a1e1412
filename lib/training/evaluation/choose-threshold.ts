// The binary operating threshold, chosen on validation: the one with the lowest expected cost when the
// costs of a false positive and a false negative are declared, else the one with the highest F1.
// Never on test: a threshold tuned there would make the test metrics optimistic.

import { expectedCost, f1OptimalThreshold, rocCurve } from "@/lib/metrics";

/** The manifest needs 0 < threshold < 1. */
const LOWEST = 1e-6;
const HIGHEST = 1 - 1e-6;

export interface ThresholdChoice {
  threshold: number;
  rule: "min_expected_cost" | "max_f1";
  /** The criterion's value on validation at the chosen threshold. */
  value: number;
}

export function chooseThreshold(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  costs?: { costFp: number; costFn: number },
): ThresholdChoice {
  if (!costs) {
    const best = f1OptimalThreshold(y, scores);
    return { threshold: clamp(best.threshold), rule: "max_f1", value: best.f1 };
  }
  const curve = rocCurve(y, scores, { dropIntermediate: false });
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  const negatives = y.length - positives;
  let best = { threshold: 0.5, cost: Infinity };
  curve.thresholds.forEach((t, i) => {
    const fp = curve.fpr[i] * negatives;
    const fn = (1 - curve.tpr[i]) * positives;
    const cost = (costs.costFp * fp + costs.costFn * fn) / y.length;
    // Ties go to the higher threshold, which flags fewer rows for the same cost.
    if (cost < best.cost - 1e-12) best = { threshold: t, cost };
  });
  const threshold = clamp(best.threshold);
  return {
    threshold,
    rule: "min_expected_cost",
    value: expectedCost(y, scores, { threshold, costFalsePositive: costs.costFp, costFalseNegative: costs.costFn }),
  };
}

function clamp(t: number): number {
  return Math.min(HIGHEST, Math.max(LOWEST, t));
}
