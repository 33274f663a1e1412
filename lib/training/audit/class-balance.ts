// Class balance: a minority class under 10 % is flagged, and "balanced" class weights
// (n / (K × count), scikit-learn's rule) are applied so the loss does not ignore it.

import type { Finding } from "./finding";

export const IMBALANCE_FRACTION = 0.1;

export interface ClassBalance {
  counts: Record<string, number>;
  minorityClass: string;
  minorityFraction: number;
  imbalanced: boolean;
  /** One weight per class index; all 1 when balanced enough. */
  classWeights: number[];
}

export function classBalance(y: ArrayLike<number>, classes: readonly string[]): ClassBalance {
  const counts = new Float64Array(classes.length);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  let minority = 0;
  for (let k = 1; k < classes.length; k++) if (counts[k] < counts[minority]) minority = k;
  const minorityFraction = counts[minority] / y.length;
  const imbalanced = minorityFraction < IMBALANCE_FRACTION;
  const classWeights = Array.from(counts, (c) => (imbalanced ? y.length / (classes.length * Math.max(c, 1)) : 1));
  return {
    counts: Object.fromEntries(classes.map((c, k) => [c, counts[k]])),
    minorityClass: classes[minority],
    minorityFraction,
    imbalanced,
    classWeights,
  };
}

export function classBalanceFindings(balance: ClassBalance, classes: readonly string[]): Finding[] {
  const pct = (balance.minorityFraction * 100).toFixed(1);
  if (!balance.imbalanced) {
    return [
      {
        check: "class_balance",
        severity: "info",
        message: `smallest class "${balance.minorityClass}" is ${pct}% of rows; no class weights needed`,
      },
    ];
  }
  const weights = classes.map((c, k) => `${c}=${balance.classWeights[k].toFixed(3)}`).join(", ");
  return [
    {
      check: "class_balance",
      severity: "warning",
      message: `minority class "${balance.minorityClass}" is only ${pct}% of rows (under ${IMBALANCE_FRACTION * 100}%)`,
    },
    {
      check: "class_weights",
      severity: "info",
      message: `class weights applied to the logistic baseline and the MLP: ${weights}`,
    },
  ];
}
