import "server-only";
// The MLP: 2–3 dense ReLU layers (optional batch normalisation, dropout), trained with Adam on
// mini-batches, early-stopped on validation loss with the best weights restored. Written against
// raw tf variables rather than tf.layers so every source of randomness is seeded by us: initial
// weights from our PRNG, batch order from a seeded shuffle, and a fresh seeded dropout mask per step
// (tf.layers' Dropout reuses one seed for every call, which would drop the same units every batch).

import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import type { MlpOptions } from "../train-spec";
import { createRandom, deriveSeed } from "../random";
import { outputUnits, type Design, type ModelTask } from "./design";
import { createEpochRunner } from "./mlp-epoch";
import { createMlpNetwork, exportDenseLayers, logitsOf, type MlpNetwork } from "./mlp-network";
import { logitsToPredictions, rowWeights, trainingTargets, weightedLoss } from "./mlp-objective";
import type { Predictions } from "./predictions";
import { tf } from "./tf-backend";

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  /** The primary metric on validation (binary F1/accuracy at 0.5). */
  validationMetric: number;
  /** Mean over the epoch's steps of the global L2 norm of all gradients. */
  gradientNorm: number;
  seconds: number;
}

export interface MlpProgress extends EpochRecord {
  maxEpochs: number;
  bestEpoch: number;
  bestValidationLoss: number;
}

export interface TrainMlpOptions {
  task: ModelTask;
  numClasses: number;
  classWeights?: readonly number[];
  seed: number;
  hyperparameters: MlpOptions;
  /** Scores validation predictions for the per-epoch curve. */
  validationMetric: (predictions: Predictions) => number;
  onEpoch?: (progress: MlpProgress) => void;
  /** Learning rate per optimizer step (0-based), overriding hyperparameters.learningRate: the range test's sweep. */
  learningRateAt?: (step: number) => number;
  /** Called after every optimizer step with its mini-batch loss; returning false ends training there. */
  onStep?: (step: number, loss: number) => boolean | undefined;
}

export interface TrainedMlp {
  history: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Runs the restored best network in TensorFlow.js (the in-process model the ONNX export is checked against). */
  predict(x: Float32Array, rows: number): Predictions;
  /** Dense layers with batch normalisation folded in and the target scale undone: the ONNX head. */
  exportLayers(): DenseLayer[];
  dispose(): void;
}

export function trainMlp(train: Design, validation: Design, options: TrainMlpOptions): TrainedMlp {
  const { task, hyperparameters: hp } = options;
  const K = outputUnits(task, options.numClasses);
  // Regression trains on a standardised target so Adam's step size means the same for any unit.
  const yMean = task === "regression" ? mean(train.y) : 0;
  const target = { mean: yMean, scale: task === "regression" ? std(train.y, yMean) || 1 : 1 };
  const net = createMlpNetwork(train.width, K, hp, createRandom(deriveSeed(options.seed, "mlp-init")));
  const epochs = createEpochRunner(net, train, options, target);
  const toPredictions = (logits: Float32Array, rows: number) => logitsToPredictions(task, K, logits, rows, target);
  const validationLoss = validationLossOf(net, validation, options, target);

  const history: EpochRecord[] = [];
  let best = { epoch: 0, loss: Infinity, weights: [] as Float32Array[] };
  let stoppedEarly = false;
  for (let epoch = 1; epoch <= hp.maxEpochs; epoch++) {
    const started = performance.now();
    const pass = epochs.run();
    // A halted sweep has done its job; its partial epoch is not worth a validation pass.
    if (pass.halted) break;
    const validationLogits = logitsOf(net, validation.x, validation.rows);
    const record: EpochRecord = {
      epoch,
      trainLoss: pass.lossSum / train.rows,
      validationLoss: validationLoss(validationLogits),
      validationMetric: options.validationMetric(toPredictions(validationLogits, validation.rows)),
      gradientNorm: pass.normSum / Math.max(pass.steps, 1),
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    if (!Number.isFinite(record.trainLoss) || !Number.isFinite(record.validationLoss)) {
      throw new Error(
        `MLP training diverged at epoch ${epoch} (train loss ${record.trainLoss}, validation loss ${record.validationLoss})`,
      );
    }
    if (record.validationLoss < best.loss)
      best = { epoch, loss: record.validationLoss, weights: net.stateful.map((v) => v.dataSync().slice() as Float32Array) };
    options.onEpoch?.({ ...record, maxEpochs: hp.maxEpochs, bestEpoch: best.epoch, bestValidationLoss: best.loss });
    if (epoch - best.epoch >= hp.patience) {
      stoppedEarly = true;
      break;
    }
  }
  if (best.weights.length > 0)
    net.stateful.forEach((v, i) => {
      v.assign(tf.tensor(best.weights[i], v.shape));
    });
  epochs.dispose();

  return {
    history,
    bestEpoch: best.epoch,
    stoppedEarly,
    predict: (x, rows) => toPredictions(logitsOf(net, x, rows), rows),
    exportLayers: () => exportDenseLayers(net, target),
    dispose: () => tf.dispose(net.stateful),
  };
}

/** The weighted loss of validation logits, on the same (standardised) scale as the training loss. */
function validationLossOf(
  net: MlpNetwork,
  validation: Design,
  options: TrainMlpOptions,
  target: { mean: number; scale: number },
): (logits: Float32Array) => number {
  const y = trainingTargets(validation, options.task, target);
  const w = rowWeights(validation, options.task, options.classWeights);
  return (logits) =>
    tf.tidy(
      () =>
        weightedLoss(
          options.task,
          net.outputs,
          tf.tensor2d(logits, [validation.rows, net.outputs]),
          tf.tensor1d(y),
          tf.tensor1d(w),
        ).dataSync()[0],
    );
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function std(values: ArrayLike<number>, m: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / values.length);
}
