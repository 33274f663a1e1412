// The one interface every learner of `tidemark train` implements, in the manner of scikit-learn's
// BaseEstimator (fit/predict) and LightGBM's LGBMModel over engine.train: the estimators wrap the
// training code in models/ and gbdt/, and the pipeline loops over them without knowing their kind.

import type { MlpProgress } from "../models/mlp";
import type { Design } from "../models/design";
import type { Predictions } from "../models/predictions";
import type { Preprocessor } from "../data/preprocessor";
import type { ModelImportance, TrainingReport } from "../report/report-types";
import type { Table } from "../table";
import type { ModelKind, TrainSpec, TrainTask } from "../train-spec";

/** A split's design matrix and the table rows it came from (the trees read raw values by row). */
export interface SplitData extends Design {
  sourceRows: Int32Array;
}

export interface FitData {
  spec: TrainSpec;
  numClasses: number;
  classWeights?: readonly number[];
  /** The training table, its fitted preprocessing and the target per table row. */
  table: Table;
  preprocessor: Preprocessor;
  y: Float64Array;
  train: SplitData;
  /** For early stopping and search; the test set never reaches an estimator's fit. */
  validation: SplitData;
  stage: (message: string) => void;
  onEpoch: (progress: MlpProgress) => void;
}

export interface ExportContext {
  task: TrainTask;
  preprocessor: Preprocessor;
  classes?: readonly string[];
}

export interface ImportanceContext {
  /** Permutation importance of this estimator on validation, for models with no importance of their own. */
  permutation: () => ModelImportance | undefined;
}

/** The sections of report.json an estimator fills in (its own hyperparameters and curves). */
export type EstimatorReport = Partial<Pick<TrainingReport, "backend" | "mlp" | "gbdt" | "lrFind" | "linear">> & {
  /** This estimator's random search, under its kind. */
  search?: Partial<Pick<NonNullable<TrainingReport["search"]>, "mlp" | "gbdt">>;
};

export interface EstimatorDescription {
  kind: ModelKind;
  /** One line: the candidate table, the selection message and the manifest's description. */
  summary: string;
  /** Hyperparameters of the fitted model, as the manifest's lineage records them when it is exported. */
  hyperparameters: Record<string, unknown>;
  report: EstimatorReport;
}

export interface Estimator {
  readonly kind: ModelKind;
  /** A baseline is the floor the other candidates must beat, and is listed as such in the manifest. */
  readonly baseline: boolean;
  /** Largest output difference allowed between the in-process model and its ONNX export. */
  readonly parityTolerance: number;
  /** Trains on data.train, early-stopping (and searching) on data.validation. */
  fit(data: FitData): Promise<void>;
  /** Probabilities (binary, multiclass) or values (regression) for a split's rows. */
  predict(split: SplitData): Predictions;
  exportOnnx(context: ExportContext): Uint8Array;
  /** Importance of the exported model's inputs; none when the model ignores every input. */
  importance(context: ImportanceContext): ModelImportance | undefined;
  describe(): EstimatorDescription;
  /** Frees what fit holds outside the JS heap; predict is unusable afterwards. */
  dispose(): void;
}

export class NotFittedError extends Error {
  constructor(kind: ModelKind) {
    super(`the ${kind} estimator is used before fit`);
  }
}
