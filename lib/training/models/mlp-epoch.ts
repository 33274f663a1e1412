import "server-only";
// One epoch of the MLP's training: a seeded shuffle, then Adam on mini-batches gathered in JS and
// copied in one at a time, rather than holding a copy of the whole training matrix inside the
// backend (at a million rows that copy alone is ~100 MB).

import { createRandom, deriveSeed, shuffleInPlace } from "../random";
import type { Design, ModelTask } from "./design";
import { rowWeights, trainingTargets, weightedLoss } from "./mlp-objective";
import { forward, updateMovingStatistics, type MlpNetwork } from "./mlp-network";
import { tf } from "./tf-backend";

export interface EpochRunnerOptions {
  task: ModelTask;
  classWeights?: readonly number[];
  seed: number;
  learningRateAt?: (step: number) => number;
  onStep?: (step: number, loss: number) => boolean | undefined;
}

export interface EpochPass {
  lossSum: number;
  normSum: number;
  steps: number;
  /** onStep asked to stop mid-epoch. */
  halted: boolean;
}

export interface EpochRunner {
  run(): EpochPass;
  dispose(): void;
}

export function createEpochRunner(
  net: MlpNetwork,
  train: Design,
  options: EpochRunnerOptions,
  target: { mean: number; scale: number },
): EpochRunner {
  const { hp } = net;
  const yTrain = trainingTargets(train, options.task, target);
  const wTrain = rowWeights(train, options.task, options.classWeights);
  const xBatch = new Float32Array(hp.batchSize * train.width);
  const yBatch = new Float32Array(hp.batchSize);
  const wBatch = new Float32Array(hp.batchSize);
  const optimizer = tf.train.adam(hp.learningRate);
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  const shuffle = createRandom(deriveSeed(options.seed, "mlp-shuffle"));
  const dropoutSeeds = createRandom(deriveSeed(options.seed, "mlp-dropout"));
  // Adam reads its rate on every step; tfjs keeps it in a protected field with no setter.
  const adamRate = optimizer as unknown as { learningRate: number };
  let step = 0;

  const trainStep = (batch: Int32Array): number[] => {
    const dropoutSeed = Math.floor(dropoutSeeds() * 2 ** 31);
    if (options.learningRateAt) adamRate.learningRate = options.learningRateAt(step);
    const batchStats: tf.Tensor[] = [];
    const size = batch.length;
    for (let k = 0; k < size; k++) {
      const row = batch[k];
      xBatch.set(train.x.subarray(row * train.width, (row + 1) * train.width), k * train.width);
      yBatch[k] = yTrain[row];
      wBatch[k] = wTrain[row];
    }
    const result = tf.tidy(() => {
      const xb = tf.tensor2d(xBatch.subarray(0, size * train.width), [size, train.width]);
      const yb = tf.tensor1d(yBatch.subarray(0, size));
      const wb = tf.tensor1d(wBatch.subarray(0, size));
      const { value, grads } = tf.variableGrads(
        () => weightedLoss(options.task, net.outputs, forward(net, xb, true, dropoutSeed, batchStats), yb, wb),
        net.trainable,
      );
      const globalNorm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
      optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
      return [value.dataSync()[0], globalNorm.dataSync()[0]];
    });
    if (hp.batchNorm) updateMovingStatistics(net, batchStats);
    return result;
  };

  return {
    run() {
      shuffleInPlace(order, shuffle);
      const pass: EpochPass = { lossSum: 0, normSum: 0, steps: 0, halted: false };
      for (let start = 0; start < train.rows; start += hp.batchSize) {
        const batch = order.subarray(start, Math.min(train.rows, start + hp.batchSize));
        // A batch of one has no batch variance; batch normalisation cannot train on it.
        if (hp.batchNorm && batch.length < 2) continue;
        const [loss, norm] = trainStep(batch);
        pass.lossSum += loss * batch.length;
        pass.normSum += norm;
        pass.steps++;
        if (options.onStep?.(step++, loss) === false) {
          pass.halted = true;
          break;
        }
      }
      return pass;
    },
    dispose: () => optimizer.dispose(),
  };
}
