// Stage 4, preprocess: fits the preprocessing on the training rows only and turns any split's rows
// into the design matrix every estimator reads.

import type { SplitData } from "../estimators/estimator";
import { featureNamesFor } from "../data/feature-names";
import { fitPreprocessor, transform, type Preprocessor } from "../data/preprocessor";
import type { FeatureSelection } from "../audit/select-features";
import type { SplitIndices } from "../data/split-rows";
import type { TrainingData } from "./load-data";

export interface Preprocessed {
  preprocessor: Preprocessor;
  design: (rows: Int32Array) => SplitData;
}

export function preprocess({ table, target }: TrainingData, selection: FeatureSelection, split: SplitIndices): Preprocessed {
  const names = featureNamesFor(selection.used.map((c) => c.name));
  const preprocessor = fitPreprocessor(table, selection.used, names, split.train);
  const design = (rows: Int32Array): SplitData => ({
    x: transform(table, preprocessor, rows),
    rows: rows.length,
    width: preprocessor.width,
    y: Float64Array.from(rows, (r) => target.y[r]),
    sourceRows: rows,
  });
  return { preprocessor, design };
}
