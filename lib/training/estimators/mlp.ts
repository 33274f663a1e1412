import "server-only";
// The MLP (models/mlp.ts, TensorFlow.js) as an estimator: early-stopped on validation, optionally
// after a learning-rate range test or a random search; exported as dense layers with batch
// normalisation folded in.

import { initTensorflow } from "../models/tf-backend";
import { PARITY_TOLERANCE } from "../evaluation/parity-check";
import { exportOnnx } from "./export-onnx";
import { NotFittedError, type Estimator } from "./estimator";
import { fitMlpCandidate, type MlpCandidate } from "./mlp-candidate";

export function createMlpEstimator(): Estimator {
  let fitted: { candidate: MlpCandidate; backend: string } | undefined;
  const model = () => fitted ?? throwNotFitted();
  return {
    kind: "mlp",
    baseline: false,
    parityTolerance: PARITY_TOLERANCE,
    async fit({ spec, numClasses, classWeights, train, validation, stage, onEpoch }) {
      const backend = await initTensorflow();
      stage(
        spec.search > 0
          ? `searching the MLP (${spec.search} trials, ${backend} backend)`
          : `training the MLP (${backend} backend)`,
      );
      const candidate = fitMlpCandidate({ spec, task: spec.task, numClasses, classWeights, stage, train, validation, onEpoch });
      fitted = { candidate, backend };
    },
    predict: (split) => model().candidate.network.predict(split.x, split.rows),
    exportOnnx: (context) => exportOnnx({ ...context, layers: model().candidate.network.exportLayers() }),
    importance: (context) => context.permutation(),
    describe: () => {
      const { candidate, backend } = model();
      const { network, hyperparameters: hp, learningRateSource } = candidate;
      return {
        kind: "mlp",
        summary: `MLP ${hp.hiddenLayers.join("-")}${hp.batchNorm ? " with batch norm" : ""}, dropout ${hp.dropout}, learning rate ${hp.learningRate.toPrecision(3)} (${learningRateSource})`,
        hyperparameters: { mlp: hp, learningRateSource, bestEpoch: network.bestEpoch, backend },
        report: {
          backend,
          mlp: {
            hyperparameters: hp,
            learningRateSource,
            history: network.history,
            bestEpoch: network.bestEpoch,
            stoppedEarly: network.stoppedEarly,
            seconds: candidate.seconds,
          },
          lrFind: candidate.lrFind,
          search: candidate.search && { mlp: candidate.search },
        },
      };
    },
    dispose: () => fitted?.candidate.network.dispose(),
  };
}

function throwNotFitted(): never {
  throw new NotFittedError("mlp");
}
