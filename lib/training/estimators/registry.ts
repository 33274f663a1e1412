// Every estimator `tidemark train` can fit, keyed by the kind --models names. The pipeline fits them
// in MODEL_KINDS order (baselines first), whatever order --models lists them in.

import { MODEL_KINDS, type ModelKind } from "../train-spec";
import type { Estimator } from "./estimator";
import { createGbdtEstimator } from "./gbdt";
import { createLinearEstimator } from "./linear";
import { createMajorityEstimator } from "./majority";
import { createMlpEstimator } from "./mlp";

export const ESTIMATORS: Record<ModelKind, () => Estimator> = {
  majority: createMajorityEstimator,
  linear: createLinearEstimator,
  gbdt: createGbdtEstimator,
  mlp: createMlpEstimator,
};

export function createEstimators(kinds: readonly ModelKind[]): Estimator[] {
  const wanted = new Set(kinds);
  return MODEL_KINDS.filter((kind) => wanted.has(kind)).map((kind) => ESTIMATORS[kind]());
}
