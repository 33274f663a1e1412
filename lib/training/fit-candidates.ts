import "server-only";
// The two tunable candidates: the MLP (learning rate from --learning-rate, else the range test's
// suggestion, else the default; or the best of --search N random trials) and the gradient-boosted
// trees (the --gbdt-* settings, or the best of N random trials). Every trial early-stops on
// validation and is scored on the validation primary metric, never on test.

import { chooseThreshold, type ThresholdChoice } from "./choose-threshold";
import { evaluatePredictions, metricsRecord, primaryValue } from "./evaluate-predictions";
import { metricDirection } from "@/lib/metrics";
import type { Design } from "./models/design";
import { LR_RANGE, LR_RANGE_STEPS, lrRangeTest, type LrRangeResult } from "./models/lr-range-test";
import { trainMlp, type MlpProgress, type TrainedMlp } from "./models/mlp";
import type { Predictions } from "./models/predictions";
import { fitTrees, type TrainedTrees, type TreeData } from "./models/tree-candidate";
import { sampleMlpConfigs, sampleTreeConfigs } from "./random-search";
import { DEFAULT_MLP_LEARNING_RATE, type MlpOptions, type TrainSpec } from "./train-spec";

export interface ValidationScore {
  threshold?: ThresholdChoice;
  metrics: Record<string, number>;
  primary: number;
}

/** A candidate's validation score: binary models at the operating threshold chosen on validation. */
export function scoreOnValidation(predictions: Predictions, y: Float64Array, spec: Pick<TrainSpec, "metric" | "costFp" | "costFn">): ValidationScore {
  const costs = spec.costFp !== undefined ? { costFp: spec.costFp, costFn: spec.costFn! } : undefined;
  const threshold = predictions.task === "binary" ? chooseThreshold(y, predictions.scores, costs) : undefined;
  const metrics = evaluatePredictions(predictions, y, threshold?.threshold);
  return { threshold, metrics: metricsRecord(metrics), primary: primaryValue(metrics, spec.metric) };
}

export interface SearchTrial {
  trial: number;
  params: Record<string, number | string>;
  validationPrimary: number;
  /** Best epoch (MLP) or number of rounds kept (trees) under early stopping. */
  bestIteration: number;
  seconds: number;
}

export interface SearchResult {
  trials: SearchTrial[];
  /** 1-based trial number of the winner. */
  best: number;
}

interface Common {
  spec: TrainSpec;
  task: TrainSpec["task"];
  numClasses: number;
  classWeights?: readonly number[];
  stage: (message: string) => void;
}

export interface MlpCandidate {
  network: TrainedMlp;
  hyperparameters: MlpOptions;
  learningRateSource: "--learning-rate" | "lr-find" | "default" | "search";
  seconds: number;
  lrFind?: LrRangeResult;
  search?: SearchResult;
}

export function fitMlpCandidate(o: Common & { train: Design; validation: Design; onEpoch: (progress: MlpProgress) => void }): MlpCandidate {
  const { spec } = o;
  const epochMetric = (p: Predictions) => primaryValue(evaluatePredictions(p, o.validation.y), spec.metric);
  const base = { task: o.task, numClasses: o.numClasses, classWeights: o.classWeights, seed: spec.seed, validationMetric: epochMetric };
  const { learningRate: givenRate, ...shape } = spec.mlp;
  let lrFind: LrRangeResult | undefined;
  if (spec.lrFind) {
    o.stage(`learning-rate range test: ${LR_RANGE.from} → ${LR_RANGE.to} over ${LR_RANGE_STEPS} steps`);
    lrFind = lrRangeTest(o.train, o.validation, { ...base, hyperparameters: shape });
    o.stage(`learning-rate range test suggests ${lrFind.suggested.toPrecision(3)} (steepest descent of the smoothed loss)${givenRate !== undefined ? `; --learning-rate ${givenRate} is used` : ""}`);
  }
  const started = performance.now();
  if (spec.search > 0) {
    const configs = sampleMlpConfigs(spec.search, spec.seed, shape);
    const trials: SearchTrial[] = [];
    let best: { index: number; network: TrainedMlp; primary: number } | undefined;
    configs.forEach((hp, i) => {
      const trialStarted = performance.now();
      const network = trainMlp(o.train, o.validation, { ...base, hyperparameters: hp });
      const primary = scoreOnValidation(network.predict(o.validation.x, o.validation.rows), o.validation.y, spec).primary;
      trials.push({
        trial: i + 1,
        params: { learningRate: hp.learningRate, hiddenLayers: hp.hiddenLayers.join("-"), dropout: hp.dropout, batchSize: hp.batchSize },
        validationPrimary: primary,
        bestIteration: network.bestEpoch,
        seconds: (performance.now() - trialStarted) / 1000,
      });
      o.stage(`search MLP trial ${i + 1}/${configs.length}: lr ${hp.learningRate}, ${hp.hiddenLayers.join("-")}, dropout ${hp.dropout}, batch ${hp.batchSize} → validation ${spec.metric} ${primary.toFixed(4)}`);
      if (!best || isBetter(primary, best.primary, spec.metric)) {
        best?.network.dispose();
        best = { index: i, network, primary };
      } else network.dispose();
    });
    return {
      network: best!.network,
      hyperparameters: configs[best!.index],
      learningRateSource: "search",
      seconds: (performance.now() - started) / 1000,
      lrFind,
      search: { trials, best: best!.index + 1 },
    };
  }
  const learningRate = givenRate ?? lrFind?.suggested ?? DEFAULT_MLP_LEARNING_RATE;
  const hyperparameters: MlpOptions = { ...shape, learningRate };
  const network = trainMlp(o.train, o.validation, { ...base, hyperparameters, onEpoch: o.onEpoch });
  return {
    network,
    hyperparameters,
    learningRateSource: givenRate !== undefined ? "--learning-rate" : lrFind ? "lr-find" : "default",
    seconds: (performance.now() - started) / 1000,
    lrFind,
  };
}

export interface TreeCandidate {
  trees: TrainedTrees;
  options: TrainSpec["gbdt"];
  search?: SearchResult;
}

export function fitTreeCandidate(o: Common & { data: TreeData; encode: (rows: Int32Array) => Float32Array; trainRows: Int32Array; validationRows: Int32Array; validationY: Float64Array }): TreeCandidate {
  const { spec } = o;
  const fit = (options: TrainSpec["gbdt"]) =>
    fitTrees(o.data, o.encode, { task: o.task, numClasses: o.numClasses, classWeights: o.classWeights, seed: spec.seed, options, trainRows: o.trainRows, validationRows: o.validationRows });
  if (spec.search === 0) return { trees: fit(spec.gbdt), options: spec.gbdt };
  const configs = sampleTreeConfigs(spec.search, spec.seed, spec.gbdt);
  const trials: SearchTrial[] = [];
  let best: { index: number; trees: TrainedTrees; primary: number } | undefined;
  configs.forEach((options, i) => {
    const trees = fit(options);
    const primary = scoreOnValidation(trees.predict(o.validationRows), o.validationY, spec).primary;
    trials.push({
      trial: i + 1,
      params: { learningRate: options.learningRate, maxDepth: options.maxDepth, l2: options.l2, minChildWeight: options.minChildWeight },
      validationPrimary: primary,
      bestIteration: trees.model.numRounds,
      seconds: trees.seconds,
    });
    o.stage(`search trees trial ${i + 1}/${configs.length}: lr ${options.learningRate}, depth ${options.maxDepth}, L2 ${options.l2}, min child weight ${options.minChildWeight} → ${trees.model.numRounds} rounds, validation ${spec.metric} ${primary.toFixed(4)}`);
    if (!best || isBetter(primary, best.primary, spec.metric)) best = { index: i, trees, primary };
  });
  return { trees: best!.trees, options: configs[best!.index], search: { trials, best: best!.index + 1 } };
}

/** Strictly better, so ties keep the earlier trial (a stable, seed-determined choice). */
export function isBetter(a: number, b: number, metric: TrainSpec["metric"]): boolean {
  return metricDirection(metric) === "higher_is_better" ? a > b : a < b;
}
