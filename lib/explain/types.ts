import type { FeatureColumns } from "@/lib/inference/validate-records";

// The shared vocabulary of feature attributions (issue 17). Every explainer — exact TreeSHAP for
// tree ensembles, exact linear SHAP, and the model-agnostic sampling estimator — answers in this
// shape, so the predict API, the explain job and the pages never ask which one ran.

/**
 * The space the attributions add up in. `margin`: log-odds (binary), per-class scores before
 * softmax (multiclass), the value itself (regression). `probability`: the model's probabilities.
 * Regression has only `margin` (its value), reported as `value`.
 */
export type AttributionSpace = "margin" | "probability" | "value";

export type ExplanationMethod = "tree-shap" | "linear-exact" | "kernel-shap" | "permutation";

/** One record's attributions: for each output, base + Σ attributions = the model's output for it. */
export type RecordExplanation = {
  /** Output names: the class labels (multiclass; binary gives the positive class only) or the value name. */
  outputs: string[];
  /** The expected output over the background, per output, in `space`. */
  base: number[];
  /** The model's output for this record, per output, in `space`. */
  output: number[];
  /** Per manifest feature (internal name), one attribution per output. */
  values: Record<string, number[]>;
  /** max over outputs of |base + Σ values − output|: 0 up to rounding for exact methods. */
  additivityError: number;
  /**
   * Sampling methods only: per feature and output, the estimated standard error of its attribution
   * (the spread over bootstrap resamples of the coalitions), and the largest of them. 0 when exact.
   */
  standardErrors?: Record<string, number[]>;
  samplingError?: number;
};

export type ExplanationBatch = {
  method: ExplanationMethod;
  space: AttributionSpace;
  /** Model evaluations (sampling methods) or background rows used; what a reader needs to judge the error. */
  samples?: number;
  backgroundRows?: number;
  /** Sampling methods: coalitions evaluated per record, and whether that was all of them (then exact). */
  coalitions?: number;
  exact?: boolean;
  records: RecordExplanation[];
};

export type ExplainOptions = {
  space: AttributionSpace;
  /** Sampling budget per record for model-agnostic estimators; exact methods ignore it. */
  samples?: number;
  seed?: number;
};

/** Explains validated records of one model version (columns as `validateRecords` lays them out). */
export interface Explainer {
  readonly method: ExplanationMethod;
  explain(columns: FeatureColumns, rows: number, options: ExplainOptions): Promise<ExplanationBatch>;
}
