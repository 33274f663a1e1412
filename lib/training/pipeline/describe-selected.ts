// What the manifest says about the exported model besides its test metrics: its predictions on the
// training rows (the reference profile), calibration bins on validation, the importance of its
// inputs and its hyperparameters.

import { metricDirection, reliabilityTable } from "@/lib/metrics";
import { expectedCalibrationErrorFromTable } from "@/lib/metrics/calibration";
import type { SplitData } from "../estimators/estimator";
import type { ManifestInputs } from "../report/build-manifest";
import { evaluatePredictions, primaryValue } from "../evaluation/evaluate-predictions";
import type { Predictions } from "../models/predictions";
import { permutationImportance } from "../evaluation/permutation-importance";
import type { ModelImportance } from "../report/report-types";
import type { Table } from "../table";
import type { Candidate } from "./fit-candidates";
import type { Preprocessed } from "./preprocess";
import type { RunContext } from "./run-context";

/** Validation ECE at or below this counts as calibrated: probabilities can be read as probabilities. */
const CALIBRATED_ECE = 0.05;

export interface SelectedModelFacts {
  trainPredictions: Predictions;
  calibration?: ManifestInputs["calibration"];
  importance?: ModelImportance;
  hyperparameters: Record<string, unknown>;
}

export function describeSelected(
  { spec }: RunContext,
  o: {
    selected: Candidate;
    table: Table;
    preprocessed: Preprocessed;
    train: SplitData;
    validation: SplitData;
    classWeights?: readonly number[];
  },
): SelectedModelFacts {
  const { estimator, result, description } = o.selected;
  const { validation } = o;
  const trainPredictions = estimator.predict(o.train);
  // Validation, not test, so the test set stays used once; class weights and ReLU nets often leave
  // scores miscalibrated, which monitoring corrects with these bins before labels arrive.
  const validationScores = estimator.predict(validation);
  const calibration = validationScores.task === "binary" ? calibrationOf(validation.y, validationScores.scores) : undefined;
  // Importance of the exported model's inputs, for the manifest: monitoring weights drift by it.
  const importance = estimator.importance({
    permutation: () => {
      const features = permutationImportance({
        table: o.table,
        preprocessor: o.preprocessed.preprocessor,
        rows: validation.sourceRows,
        y: validation.y,
        predict: (d) => estimator.predict({ ...d, sourceRows: validation.sourceRows }),
        score: (p) => primaryValue(evaluatePredictions(p, validation.y, result.threshold?.threshold), spec.metric),
        higherIsBetter: metricDirection(spec.metric) === "higher_is_better",
        seed: spec.seed,
      });
      if (!features.some((f) => f.drop > 0)) return undefined;
      return {
        source: `permutation importance on validation (${spec.metric} lost when the input is shuffled)`,
        features: features.map((f) => ({ feature: f.feature, value: f.drop, share: f.share })),
      };
    },
  });
  const hyperparameters = {
    model: result.name,
    ...description.hyperparameters,
    classWeights: o.classWeights ?? null,
    ...(spec.search > 0 ? { search: { trials: spec.search, seed: spec.seed } } : {}),
    ...(importance ? { featureImportance: importance.source } : {}),
  };
  return { trainPredictions, calibration, importance, hyperparameters };
}

function calibrationOf(y: Float64Array, scores: Float64Array): SelectedModelFacts["calibration"] {
  const bins = reliabilityTable(y, scores);
  return {
    calibrated: expectedCalibrationErrorFromTable(bins) <= CALIBRATED_ECE,
    bins: bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, fractionPositive: b.fractionPositive })),
  };
}
