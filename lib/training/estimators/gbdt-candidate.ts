import "server-only";
// The gradient-boosted trees candidate: the --gbdt-* settings, or the best of --search N random
// trials, each early-stopped on validation and scored on the validation primary metric.

import { fitTrees, type TrainedTrees, type TreeData } from "../models/tree-candidate";
import { sampleTreeConfigs } from "../random-search";
import type { TrainSpec } from "../train-spec";
import { isBetter, scoreOnValidation, type CandidateContext, type SearchResult, type SearchTrial } from "./validation-score";

export interface TreeCandidate {
  trees: TrainedTrees;
  options: TrainSpec["gbdt"];
  search?: SearchResult;
}

export function fitTreeCandidate(
  o: CandidateContext & {
    data: TreeData;
    encode: (rows: Int32Array) => Float32Array;
    trainRows: Int32Array;
    validationRows: Int32Array;
    validationY: Float64Array;
  },
): TreeCandidate {
  const { spec } = o;
  const fit = (options: TrainSpec["gbdt"]) =>
    fitTrees(o.data, o.encode, {
      task: o.task,
      numClasses: o.numClasses,
      classWeights: o.classWeights,
      seed: spec.seed,
      options,
      trainRows: o.trainRows,
      validationRows: o.validationRows,
    });
  if (spec.search === 0) return { trees: fit(spec.gbdt), options: spec.gbdt };
  const configs = sampleTreeConfigs(spec.search, spec.seed, spec.gbdt);
  const trials: SearchTrial[] = [];
  let best: { index: number; trees: TrainedTrees; primary: number } | undefined;
  configs.forEach((options, i) => {
    const trees = fit(options);
    const primary = scoreOnValidation(trees.predict(o.validationRows), o.validationY, spec).primary;
    trials.push({
      trial: i + 1,
      params: {
        learningRate: options.learningRate,
        maxDepth: options.maxDepth,
        l2: options.l2,
        minChildWeight: options.minChildWeight,
      },
      validationPrimary: primary,
      bestIteration: trees.model.numRounds,
      seconds: trees.seconds,
    });
    o.stage(
      `search trees trial ${i + 1}/${configs.length}: lr ${options.learningRate}, depth ${options.maxDepth}, L2 ${options.l2}, min child weight ${options.minChildWeight} → ${trees.model.numRounds} rounds, validation ${spec.metric} ${primary.toFixed(4)}`,
    );
    if (!best || isBetter(primary, best.primary, spec.metric)) best = { index: i, trees, primary };
  });
  return { trees: best!.trees, options: configs[best!.index], search: { trials, best: best!.index + 1 } };
}
