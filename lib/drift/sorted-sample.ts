import { sortFloat64 } from "./radix-sort";
import { assertFiniteSample } from "./validation";

/**
 * A validated, ascending copy of a numeric sample.
 *
 * Sorting dominates the cost of every rank- or ECDF-based statistic (KS, Wasserstein, Cramér–von Mises,
 * Anderson–Darling). Callers that compute several statistics on the same column (the data audit computes
 * all of them) wrap each sample once and pass the `SortedSample` around, so 1e6 rows are sorted once.
 * The copy is a `Float64Array` (compact, radix-sortable) and the caller's array is never mutated.
 */
export class SortedSample {
  private constructor(readonly values: Float64Array) {}

  get length(): number {
    return this.values.length;
  }

  /** Validates (non-empty, all finite) and sorts a copy. `name` is used in error messages. */
  static from(values: ArrayLike<number> | SortedSample, name = "sample"): SortedSample {
    if (values instanceof SortedSample) return values;
    assertFiniteSample(values, name);
    return new SortedSample(sortFloat64(Float64Array.from(values)));
  }
}

/** Anything a numeric statistic accepts: raw values, or a sample already sorted by `SortedSample.from`. */
export type NumericSample = ArrayLike<number> | SortedSample;

export function sorted(values: NumericSample, name: string): Float64Array {
  return SortedSample.from(values, name).values;
}
