import { getStatTest } from "./registry";
import type { DriftInput, StatTestName, StatTestOptions } from "./stat-test";
import type { ColumnType, DriftResult, SampleSizes } from "./types";
import { assertSampleSizes } from "./validation";

/**
 * Effective sample size above which the default switches from a hypothesis test to a distance.
 *
 * Why: a two-sample test's power grows with the effective size m·n/(m+n). With a few thousand rows
 * per side, KS or chi-square flag shifts far too small to matter for a model (the oracle's
 * `tiny_shift_large` case — a 1.6 % ECDF gap — gets p = 0.012), so on large samples "p < 0.05" stops
 * meaning "drift worth acting on" and becomes "we have lots of rows". Distances (normed Wasserstein,
 * Jensen–Shannon) measure *how much* the distribution moved, independently of n, and keep a stable
 * meaning for thresholds (the same case has normed Wasserstein 0.03, far below 0.1). On small samples
 * the reverse holds: distances are noisy (the oracle's `same_small`, 50 vs 60 rows from one
 * distribution, has normed Wasserstein 0.27 and JS 0.15) and the test is what separates noise from
 * shift (KS p = 0.32 there). 1000 is Evidently's cut-over, for the same reason.
 *
 * The effective size rather than the reference size is used because it is what the p-value depends
 * on: a 1e6-row reference against a 50-row current window still gives a meaningful test.
 */
export const LARGE_SAMPLE_EFFECTIVE_SIZE = 1000;

export interface DefaultChoiceOptions extends SampleSizes {
  readonly columnType: ColumnType;
}

/**
 * Default statistic per column type and sample size:
 *  - numeric, small: `ks` (exact p-value, no binning, sensitive to any kind of shift);
 *  - numeric, large: `wasserstein_normed` (shift measured in reference standard deviations);
 *  - categorical, small: `chi2` (test of homogeneity, handles unseen categories);
 *  - categorical, large: `jensen_shannon` (bounded in [0, 1] and needs no empty-bin floor; `psi`
 *    is the alternative for teams used to its 0.1 / 0.25 bands).
 */
export function chooseDefaultStatTest(options: DefaultChoiceOptions): StatTestName {
  assertSampleSizes(options);
  const { columnType, referenceSize, currentSize } = options;
  const effective = (referenceSize * currentSize) / (referenceSize + currentSize);
  const large = effective > LARGE_SAMPLE_EFFECTIVE_SIZE;
  if (columnType === "numeric") return large ? "wasserstein_normed" : "ks";
  if (columnType === "categorical") return large ? "jensen_shannon" : "chi2";
  throw new RangeError(`columnType must be "numeric" or "categorical", got ${String(columnType)}`);
}

export interface DetectDriftOptions extends StatTestOptions {
  /** Statistic to run; defaults to `chooseDefaultStatTest` for the column type and sample sizes. */
  readonly test?: StatTestName;
}

/** Runs the requested (or default) drift statistic on one column's raw samples. */
export function detectDrift(input: DriftInput, options: DetectDriftOptions = {}): DriftResult {
  const name =
    options.test ??
    chooseDefaultStatTest({
      columnType: input.columnType,
      referenceSize: input.reference.length,
      currentSize: input.current.length,
    });
  return getStatTest(name).compute(input, options);
}
