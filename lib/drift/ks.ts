import { roundHalfEven } from "./float-arithmetic";
import { kolmogorovSurvival } from "./kolmogorov-distribution";
import { ksExactPValue } from "./ks-exact";
import { sorted, type NumericSample } from "./sorted-sample";
import type { SampleSizes } from "./types";
import { assertSampleSizes } from "./validation";

export type KsMethod = "auto" | "exact" | "asymptotic";

export interface KsOptions {
  /**
   * "auto" (default) uses the exact distribution while both samples have at most
   * `KS_EXACT_MAX_SAMPLE_SIZE` rows (it costs O(m·band) and is what small samples need), and the
   * asymptotic one beyond that, where the two agree to well within any drift threshold.
   */
  readonly method?: KsMethod;
}

export interface KsResult {
  /** sup |F_reference - F_current| of the two empirical CDFs. */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: "exact" | "asymptotic";
}

export const KS_EXACT_MAX_SAMPLE_SIZE = 1000;

/** The KS statistic from two ascending arrays in one merge pass (ties handled as ECDF jumps). */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    // Step past every copy of the next smallest value in both samples before comparing ECDFs.
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

/**
 * Two-sided asymptotic p-value as scipy's `ks_2samp(method="asymp")`: the finite-n one-sample KS
 * distribution at the effective size round(m·n/(m+n)), which is closer to the truth for moderate
 * samples than Kolmogorov's limiting distribution. The effective size is floored at 1 so the result is
 * never NaN (scipy returns NaN for 1 vs 1 observation); for such tiny samples only the exact p-value
 * means anything, which is what the "auto" method of `ksTwoSample` uses.
 */
export function ksAsymptoticPValue(statistic: number, sizes: SampleSizes): number {
  assertSampleSizes(sizes);
  if (!(statistic >= 0 && statistic <= 1)) throw new RangeError(`statistic must lie in [0, 1], got ${statistic}`);
  const m = Math.max(sizes.referenceSize, sizes.currentSize);
  const n = Math.min(sizes.referenceSize, sizes.currentSize);
  const effective = Math.max(1, roundHalfEven((m * n) / (m + n)));
  return kolmogorovSurvival(effective, statistic);
}

/** Two-sample Kolmogorov–Smirnov test, two-sided (scipy `ks_2samp`). */
export function ksTwoSample(reference: NumericSample, current: NumericSample, options: KsOptions = {}): KsResult {
  const a = sorted(reference, "reference");
  const b = sorted(current, "current");
  const statistic = ksStatisticSorted(a, b);
  const method = options.method ?? "auto";
  const useExact = method === "exact" || (method === "auto" && Math.max(a.length, b.length) <= KS_EXACT_MAX_SAMPLE_SIZE);
  const sizes = { referenceSize: a.length, currentSize: b.length };
  if (useExact) return { statistic, pValue: ksExactPValue(statistic, sizes), method: "exact" };
  return { statistic, pValue: ksAsymptoticPValue(statistic, sizes), method: "asymptotic" };
}
