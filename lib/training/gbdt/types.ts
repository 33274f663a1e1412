// Shapes shared by the trainer, the in-process model and the ONNX exporter. Trees are flat typed
// arrays (one slot per node) so that prediction is a tight loop and export is a straight copy.

export type GbdtTask = "binary" | "multiclass" | "regression";

/** Loss minimised for regression; classification always uses log loss (softmax for multiclass). */
export type RegressionLoss = "squared_error" | "absolute_error";

/** depthwise: level by level like XGBoost's default; lossguide: best leaf first like LightGBM. */
export type GrowPolicy = "depthwise" | "lossguide";

export interface GbdtParams {
  /** Boosting rounds; multiclass grows one tree per class per round. */
  numRounds: number;
  learningRate: number;
  /** 0 = unlimited (then maxLeaves must bound the tree). */
  maxDepth: number;
  /** 0 = unlimited (then maxDepth must bound the tree). */
  maxLeaves: number;
  growPolicy: GrowPolicy;
  /** Numeric bins per feature fitted on the training data, at most 255 (one more slot holds missing values). */
  maxBins: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  lambda: number;
  /** Smallest hessian sum a child may have (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** Smallest loss reduction a split must bring, in loss units (½·(G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ))). */
  minSplitGain: number;
  /** Fraction of rows drawn (without replacement, Bernoulli per row) for each round. */
  subsample: number;
  /** Fraction of features drawn for each tree. */
  colsampleByTree: number;
  /** Stop when the validation loss has not improved for this many rounds; 0 disables. Needs a validation set. */
  earlyStoppingRounds: number;
  regressionLoss: RegressionLoss;
}

/** One regression tree. Node 0 is the root; leaves have feature = -1. */
export interface Tree {
  /** Output (class) this tree adds to: 0 for binary/regression, the class index for multiclass. */
  target: number;
  feature: Int32Array;
  /** float32 value; a row goes left when x <= threshold (ONNX BRANCH_LEQ). */
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  /** 1 when a missing (NaN) value goes left (ONNX nodes_missing_value_tracks_true). */
  missingLeft: Uint8Array;
  /** Leaf output (learning rate already applied), float32 as ONNX stores it; 0 for internal nodes. */
  value: Float32Array;
  /** Loss reduction of the split; 0 for leaves. */
  gain: Float64Array;
  /** Hessian sum of the training rows that reached the node. */
  cover: Float64Array;
}

export interface TreeJSON {
  target: number;
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  missingLeft: number[];
  value: number[];
  gain: number[];
  cover: number[];
}

export interface RoundLog {
  round: number;
  trainLoss: number;
  validationLoss?: number;
}

export interface GbdtModelJSON {
  format: "tidemark-gbdt";
  version: 1;
  task: GbdtTask;
  /** Outputs per row of the raw score: K for multiclass, 1 otherwise. */
  numOutputs: number;
  featureNames: string[];
  /** Initial raw score per output (float32), added after the trees as ONNX's base_values. */
  baseScores: number[];
  trees: TreeJSON[];
  params: GbdtParams;
  /**
   * 0-based round with the lowest validation loss (training loss without a validation set). With
   * early stopping the model keeps rounds 0..bestRound; otherwise every round trained.
   */
  bestRound: number;
  history: RoundLog[];
}

export interface GbdtDataset {
  /** Row-major n × d, NaN = missing. ±Infinity is refused (the serving contract refuses it too). */
  X: Float32Array;
  /** Class index 0..K−1 (binary: 0/1) or the regression target. */
  y: ArrayLike<number>;
  /** Non-negative row weights; all 1 when absent. */
  weights?: ArrayLike<number>;
}

export interface TrainGbdtOptions extends GbdtDataset {
  task: GbdtTask;
  /** Required for multiclass (≥ 3; binary tasks use "binary"); ignored otherwise. */
  numClasses?: number;
  featureNames: readonly string[];
  /** Enables early stopping (params.earlyStoppingRounds) and the validation loss in the history. */
  validation?: GbdtDataset;
  params?: Partial<GbdtParams>;
  seed: number;
  /** Called after every round; returning false stops training (e.g. a time budget). */
  onRound?: (log: RoundLog) => boolean | undefined;
}
