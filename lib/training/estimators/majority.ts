// The majority (classification) or mean (regression) baseline as an estimator: the training prior
// as one dense layer with zero weights, so it exports like any network and ignores every input.

import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import { exportOnnx } from "./export-onnx";
import { denseForward } from "../models/dense-network";
import { fitMajorityModel } from "../models/majority-model";
import { PARITY_TOLERANCE } from "../evaluation/parity-check";
import type { TrainTask } from "../train-spec";
import { NotFittedError, type Estimator } from "./estimator";

export function createMajorityEstimator(): Estimator {
  let fitted: { layer: DenseLayer; task: TrainTask } | undefined;
  const model = () => fitted ?? throwNotFitted();
  return {
    kind: "majority",
    baseline: true,
    parityTolerance: PARITY_TOLERANCE,
    async fit(data) {
      fitted = { layer: fitMajorityModel(data.train, data.spec.task, data.numClasses), task: data.spec.task };
    },
    predict: (split) => denseForward([model().layer], model().task, split.x, split.rows),
    exportOnnx: (context) => exportOnnx({ ...context, layers: [model().layer] }),
    // Every input weighs 0: all-zero importances would tell monitoring to ignore drift, so none.
    importance: () => undefined,
    describe: () => ({
      kind: "majority",
      summary: model().task === "regression" ? "training mean" : "training class prior",
      hyperparameters: {},
      report: {},
    }),
    dispose: () => {},
  };
}

function throwNotFitted(): never {
  throw new NotFittedError("majority");
}
