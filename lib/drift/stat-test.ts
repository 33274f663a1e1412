import type { SortedSample } from "./sorted-sample";
import type { CategoryValue, ColumnType, DriftDirection, DriftResult } from "./types";

/** Raw samples of one column. Numeric samples may be pre-sorted once with `SortedSample.from`. */
export type DriftInput =
  | {
      readonly columnType: "numeric";
      readonly reference: ArrayLike<number> | SortedSample;
      readonly current: ArrayLike<number> | SortedSample;
    }
  | {
      readonly columnType: "categorical";
      readonly reference: ArrayLike<CategoryValue>;
      readonly current: ArrayLike<CategoryValue>;
    };

/**
 * Pre-binned counts of one column (monitoring merges hourly histograms and has no raw rows).
 * `edges` (k + 1 values) are needed by the statistics that depend on where bins lie (KS, Wasserstein);
 * count-only statistics (PSI, Jensen–Shannon, chi-square) ignore them, so categorical columns omit them.
 */
export interface BinnedInput {
  readonly reference: ArrayLike<number>;
  readonly current: ArrayLike<number>;
  readonly edges?: ArrayLike<number>;
}

export interface StatTestOptions {
  /** Overrides the test's `defaultThreshold`. */
  readonly threshold?: number;
}

/** One registered drift statistic (Evidently's `StatTest`): metadata plus pure compute functions. */
export interface StatTest {
  readonly name: StatTestName;
  readonly displayName: string;
  readonly columnTypes: readonly ColumnType[];
  readonly defaultThreshold: number;
  /** Whether drift is a large statistic (distances) or a small p-value (hypothesis tests). */
  readonly driftWhen: DriftDirection;
  compute(input: DriftInput, options?: StatTestOptions): DriftResult;
  /** Present when the statistic can be computed, exactly or approximately, from two histograms. */
  readonly computeFromBins?: (input: BinnedInput, options?: StatTestOptions) => DriftResult;
}

export type StatTestName =
  | "ks"
  | "wasserstein_normed"
  | "psi"
  | "jensen_shannon"
  | "chi2"
  | "cramer_von_mises"
  | "anderson_darling";

export interface Outcome {
  readonly statistic: number;
  readonly pValue?: number;
  /** Caller override; `test.defaultThreshold` when absent. */
  readonly threshold?: number;
}

/** Applies the threshold rule of `test` to a computed statistic / p-value. */
export function decide(test: Pick<StatTest, "name" | "defaultThreshold" | "driftWhen">, outcome: Outcome): DriftResult {
  const { statistic, pValue } = outcome;
  const threshold = outcome.threshold ?? test.defaultThreshold;
  if (!Number.isFinite(threshold)) throw new RangeError(`threshold must be a finite number, got ${threshold}`);
  if (test.driftWhen === "p-value-below-threshold") {
    if (!(threshold > 0 && threshold < 1)) {
      throw new RangeError(`threshold must lie in (0, 1) for the p-value test ${test.name}, got ${threshold}`);
    }
    if (pValue === undefined) throw new Error(`${test.name} produced no p-value`);
    // Reject H0 at level α when p <= α, the usual convention (and Evidently's).
    return { test: test.name, statistic, pValue, drifted: pValue <= threshold, threshold };
  }
  const drifted = statistic >= threshold;
  return pValue === undefined
    ? { test: test.name, statistic, drifted, threshold }
    : { test: test.name, statistic, pValue, drifted, threshold };
}
