/** A column's statistical type decides which drift statistics apply to it. */
export type ColumnType = "numeric" | "categorical";

/** A category label. `null`/`undefined` are rejected: missingness is a data-quality signal, not a category. */
export type CategoryValue = string | number | boolean;

/**
 * Which side of the threshold means drift. Distances grow with drift; p-values shrink as the evidence
 * against "same distribution" grows.
 */
export type DriftDirection = "statistic-above-threshold" | "p-value-below-threshold";

/** Sizes of the two samples a statistic was computed from (p-values depend on both). */
export interface SampleSizes {
  readonly referenceSize: number;
  readonly currentSize: number;
}

/** The typed outcome every registered statistic returns. */
export interface DriftResult {
  /** Registry name of the statistic that produced this result. */
  readonly test: string;
  readonly statistic: number;
  /** Present for hypothesis tests; the drift decision is made on it when the test is p-value based. */
  readonly pValue?: number;
  readonly drifted: boolean;
  readonly threshold: number;
}
