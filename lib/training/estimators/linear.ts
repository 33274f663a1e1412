// The linear baseline as an estimator: logistic, multinomial logistic or ridge regression by
// L-BFGS (models/linear-model.ts), run and exported as one dense layer.

import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import { exportOnnx } from "./export-onnx";
import { denseForward } from "../models/dense-network";
import { fitLinearModel } from "../models/linear-model";
import { PARITY_TOLERANCE } from "../evaluation/parity-check";
import type { TrainingReport } from "../report/report-types";
import type { TrainTask } from "../train-spec";
import { NotFittedError, type Estimator } from "./estimator";

const SUMMARY: Record<TrainTask, string> = {
  regression: "ridge regression",
  binary: "logistic regression (L2)",
  multiclass: "multinomial logistic regression (L2)",
};

export function createLinearEstimator(): Estimator {
  let fitted: { layer: DenseLayer; task: TrainTask; info: NonNullable<TrainingReport["linear"]> } | undefined;
  const model = () => fitted ?? throwNotFitted();
  return {
    kind: "linear",
    baseline: true,
    parityTolerance: PARITY_TOLERANCE,
    async fit({ spec, train, numClasses, classWeights }) {
      const l2 = 1 / train.rows;
      const linear = fitLinearModel(train, { task: spec.task, numClasses, classWeights, l2 });
      const layer = {
        inDim: linear.inDim,
        outDim: linear.outDim,
        weights: Array.from(linear.weights),
        bias: Array.from(linear.bias),
      };
      fitted = { layer, task: spec.task, info: { l2, iterations: linear.iterations, converged: linear.converged } };
    },
    predict: (split) => denseForward([model().layer], model().task, split.x, split.rows),
    exportOnnx: (context) => exportOnnx({ ...context, layers: [model().layer] }),
    importance: (context) => context.permutation(),
    describe: () => ({
      kind: "linear",
      summary: SUMMARY[model().task],
      hyperparameters: { linear: { l2: model().info.l2 } },
      report: { linear: model().info },
    }),
    dispose: () => {},
  };
}

function throwNotFitted(): never {
  throw new NotFittedError("linear");
}
