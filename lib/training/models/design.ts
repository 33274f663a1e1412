// A dense float32 design matrix with its labels: what every model in the pipeline trains on.

export interface Design {
  /** rows × width, row-major. */
  x: Float32Array;
  rows: number;
  width: number;
  /** Class index or (regression) target value per row. */
  y: Float64Array;
}

export type ModelTask = "binary" | "multiclass" | "regression";

/** Output units: one logit for binary, one per class for multiclass, one value for regression. */
export function outputUnits(task: ModelTask, numClasses: number): number {
  return task === "multiclass" ? numClasses : 1;
}
