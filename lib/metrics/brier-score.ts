// Brier score: the mean squared difference between the predicted positive-class probability and
// the 0/1 outcome. Unlike log loss it is bounded, so one confident mistake cannot dominate a window.

import { CompensatedSum } from "@/lib/numeric/compensated-sum";
import { assertBinaryLabels, assertProbabilities, assertSameLength } from "./validation";

export function brierScore(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  assertBinaryLabels(yTrue);
  assertProbabilities(probabilities, "probabilities");
  assertSameLength(yTrue, "yTrue", probabilities, "probabilities");
  const total = new CompensatedSum();
  for (let i = 0; i < yTrue.length; i++) {
    const d = yTrue[i] - probabilities[i];
    total.add(d * d);
  }
  return total.value / yTrue.length;
}
