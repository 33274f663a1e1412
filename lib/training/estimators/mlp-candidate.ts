import "server-only";
// The MLP candidate: learning rate from --learning-rate, else the range test's suggestion, else the
// default; or the best of --search N random trials. Every trial early-stops on validation and is
// scored on the validation primary metric, never on test.

import { evaluatePredictions, primaryValue } from "../evaluation/evaluate-predictions";
import type { Design } from "../models/design";
import { LR_RANGE, LR_RANGE_STEPS, lrRangeTest, type LrRangeResult } from "../models/lr-range-test";
import { trainMlp, type MlpProgress, type TrainedMlp } from "../models/mlp";
import type { Predictions } from "../models/predictions";
import { sampleMlpConfigs } from "../random-search";
import type { LearningRateSource } from "../report/report-types";
import { DEFAULT_MLP_LEARNING_RATE, type MlpOptions } from "../train-spec";
import { isBetter, scoreOnValidation, type CandidateContext, type SearchResult, type SearchTrial } from "./validation-score";

export interface MlpCandidate {
  network: TrainedMlp;
  hyperparameters: MlpOptions;
  learningRateSource: LearningRateSource;
  seconds: number;
  lrFind?: LrRangeResult;
  search?: SearchResult;
}

export function fitMlpCandidate(
  o: CandidateContext & { train: Design; validation: Design; onEpoch: (progress: MlpProgress) => void },
): MlpCandidate {
  const { spec } = o;
  const epochMetric = (p: Predictions) => primaryValue(evaluatePredictions(p, o.validation.y), spec.metric);
  const base = {
    task: o.task,
    numClasses: o.numClasses,
    classWeights: o.classWeights,
    seed: spec.seed,
    validationMetric: epochMetric,
  };
  const { learningRate: givenRate, ...shape } = spec.mlp;
  let lrFind: LrRangeResult | undefined;
  if (spec.lrFind) {
    o.stage(`learning-rate range test: ${LR_RANGE.from} → ${LR_RANGE.to} over ${LR_RANGE_STEPS} steps`);
    lrFind = lrRangeTest(o.train, o.validation, { ...base, hyperparameters: shape });
    o.stage(
      `learning-rate range test suggests ${lrFind.suggested.toPrecision(3)} (steepest descent of the smoothed loss)${givenRate !== undefined ? `; --learning-rate ${givenRate} is used` : ""}`,
    );
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
        params: {
          learningRate: hp.learningRate,
          hiddenLayers: hp.hiddenLayers.join("-"),
          dropout: hp.dropout,
          batchSize: hp.batchSize,
        },
        validationPrimary: primary,
        bestIteration: network.bestEpoch,
        seconds: (performance.now() - trialStarted) / 1000,
      });
      o.stage(
        `search MLP trial ${i + 1}/${configs.length}: lr ${hp.learningRate}, ${hp.hiddenLayers.join("-")}, dropout ${hp.dropout}, batch ${hp.batchSize} → validation ${spec.metric} ${primary.toFixed(4)}`,
      );
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
