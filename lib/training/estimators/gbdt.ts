// The gradient-boosted trees (gbdt/) as an estimator: trained on the raw feature values by table
// row, early-stopped on validation (or searched), exported as a TreeEnsemble with the same inputs and
// outputs as every other model, and explained by the gain of its splits.

import { treeEncoder } from "../models/tree-candidate";
import { NotFittedError, type Estimator } from "./estimator";
import { fitTreeCandidate, type TreeCandidate } from "./gbdt-candidate";

/** Trees sum float32 leaves in the same order in process and in ONNX Runtime; anything beyond rounding is a bug. */
export const TREE_PARITY_TOLERANCE = 1e-5;

export function createGbdtEstimator(): Estimator {
  let fitted: TreeCandidate | undefined;
  const model = () => fitted ?? throwNotFitted();
  return {
    kind: "gbdt",
    baseline: false,
    parityTolerance: TREE_PARITY_TOLERANCE,
    async fit({ spec, numClasses, classWeights, table, preprocessor, y, train, validation, stage }) {
      stage(spec.search > 0 ? `searching gradient-boosted trees (${spec.search} trials)` : "training gradient-boosted trees");
      const data = { table, preprocessor, y };
      const found = (fitted = fitTreeCandidate({
        spec,
        task: spec.task,
        numClasses,
        classWeights,
        stage,
        data,
        encode: treeEncoder(data),
        trainRows: train.sourceRows,
        validationRows: validation.sourceRows,
        validationY: validation.y,
      }));
      const rounds = found.trees.model.numRounds;
      stage(
        `trees kept ${rounds} of up to ${found.options.rounds} rounds (early stopping on validation loss) in ${found.trees.seconds.toFixed(1)} s`,
      );
    },
    predict: (split) => model().trees.predict(split.sourceRows),
    exportOnnx: ({ classes }) => model().trees.exportOnnx(classes),
    importance: () => ({
      source: "gain of the exported trees",
      features: model()
        .trees.importance()
        .map((f) => ({ feature: f.feature, value: f.gain, share: f.share })),
    }),
    describe: () => {
      const { trees, options: o, search } = model();
      return {
        kind: "gbdt",
        summary: `gradient-boosted trees, ${trees.model.numRounds} rounds, depth ${o.maxDepth}${o.maxLeaves ? ` / ${o.maxLeaves} leaves` : ""}, learning rate ${o.learningRate}, L2 ${o.l2}`,
        hyperparameters: { gbdt: trees.params, rounds: trees.model.numRounds },
        report: {
          gbdt: {
            options: o,
            rounds: trees.model.numRounds,
            bestRound: trees.model.bestRound,
            history: [...trees.model.history],
            seconds: trees.seconds,
            importance: trees.importance(),
          },
          search: search && { gbdt: search },
        },
      };
    },
    dispose: () => {},
  };
}

function throwNotFitted(): never {
  throw new NotFittedError("gbdt");
}
