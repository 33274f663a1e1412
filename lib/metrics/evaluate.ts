// Single entry point used by the training pipeline and by monitoring: one call per evaluation,
// returning a plain JSON-serialisable object tagged with its task so it can be stored per run
// and charted over time.

import { evaluateBinary, type BinaryMetrics } from "./binary-metrics";
import { evaluateMulticlass, type MulticlassMetrics } from "./multiclass-metrics";
import type { ProbabilityMatrix } from "./probability-matrix";
import { evaluateRegression, type RegressionMetrics } from "./regression-metrics";
import { assertProbabilities } from "./validation";

export type Task = "binary" | "multiclass" | "regression";

export type MetricsResult = BinaryMetrics | MulticlassMetrics | RegressionMetrics;

export interface BinaryEvaluationInput {
  readonly task: "binary";
  /** 0/1 labels. */
  readonly yTrue: ArrayLike<number>;
  /** Positive-class probabilities in [0, 1]. */
  readonly scores: ArrayLike<number>;
  /** Positive when score >= threshold. Default 0.5. */
  readonly threshold?: number;
}

export interface MulticlassEvaluationInput {
  readonly task: "multiclass";
  /** Class indices 0..K-1. */
  readonly yTrue: ArrayLike<number>;
  readonly probabilities: ProbabilityMatrix;
  /** Hard predictions; default argmax of each probability row. */
  readonly predictions?: ArrayLike<number>;
  /** See EvaluateMulticlassOptions: "null" keeps the other metrics when a class is absent. */
  readonly aucWhenClassMissing?: "throw" | "null";
}

export interface RegressionEvaluationInput {
  readonly task: "regression";
  readonly yTrue: ArrayLike<number>;
  readonly predictions: ArrayLike<number>;
}

export type EvaluationInput = BinaryEvaluationInput | MulticlassEvaluationInput | RegressionEvaluationInput;

export function evaluate(input: BinaryEvaluationInput): BinaryMetrics;
export function evaluate(input: MulticlassEvaluationInput): MulticlassMetrics;
export function evaluate(input: RegressionEvaluationInput): RegressionMetrics;
export function evaluate(input: EvaluationInput): MetricsResult;
export function evaluate(input: EvaluationInput): MetricsResult {
  if (input === null || typeof input !== "object") throw new TypeError("evaluate expects an input object");
  switch (input.task) {
    case "binary":
      // Checked here too so an error names `scores`, the field the caller actually filled in.
      assertProbabilities(input.scores, "scores");
      return evaluateBinary(input.yTrue, input.scores, { threshold: input.threshold });
    case "multiclass":
      return evaluateMulticlass(input.yTrue, input.probabilities, {
        predictions: input.predictions,
        aucWhenClassMissing: input.aucWhenClassMissing,
      });
    case "regression":
      return evaluateRegression(input.yTrue, input.predictions);
    default: {
      const task: unknown = (input as { task?: unknown }).task;
      throw new RangeError(`task must be "binary", "multiclass" or "regression", got ${JSON.stringify(task)}`);
    }
  }
}
