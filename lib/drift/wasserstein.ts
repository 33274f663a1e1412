import { CompensatedSum } from "@/lib/numeric/compensated-sum";
import { sorted, type NumericSample } from "./sorted-sample";

/**
 * Below this reference spread the normed distance would divide by (almost) zero. Same floor as
 * Evidently's `wasserstein_distance_norm`; a constant reference column then reports its raw shift
 * scaled by 1000, which is still "drifted" for any meaningful move, instead of Infinity or NaN
 * (neither survives JSON persistence).
 */
export const WASSERSTEIN_MIN_REFERENCE_STD = 1e-3;

export interface WassersteinNormedOptions {
  /** Floor for the reference standard deviation; default `WASSERSTEIN_MIN_REFERENCE_STD`. */
  readonly minReferenceStd?: number;
}

/** W1 = ∫|F_a - F_b| from two ascending arrays, in one merge pass over the pooled order. */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  const total = n1 + n2;
  const acc = new CompensatedSum();
  let i = 0;
  let j = 0;
  let previous = 0;
  for (let k = 0; k < total; k++) {
    const takeA = j >= n2 || (i < n1 && a[i] <= b[j]);
    const value = takeA ? a[i] : b[j];
    // The ECDF gap is constant between consecutive pooled values; ties contribute zero width, so the
    // half-updated counts inside a run of equal values never matter.
    if (k > 0) acc.add(Math.abs(i / n1 - j / n2) * (value - previous));
    if (takeA) i++;
    else j++;
    previous = value;
  }
  return acc.value;
}

/** Wasserstein-1 (earth mover's) distance between two samples (scipy `wasserstein_distance`). */
export function wassersteinDistance(reference: NumericSample, current: NumericSample): number {
  return wassersteinSorted(sorted(reference, "reference"), sorted(current, "current"));
}

/** Population standard deviation (numpy.std, ddof=0), two-pass for accuracy. */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new RangeError("values must not be empty");
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) sum.add(values[i]);
  const mean = sum.value / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    squares.add(d * d);
  }
  return Math.sqrt(squares.value / n);
}

/**
 * Wasserstein distance divided by the reference population std: a unit-free shift size ("the current
 * distribution moved by 0.3 reference standard deviations"), which is what makes one threshold usable
 * across features of different scales.
 */
export function wassersteinNormed(
  reference: NumericSample,
  current: NumericSample,
  options: WassersteinNormedOptions = {},
): number {
  const a = sorted(reference, "reference");
  const b = sorted(current, "current");
  const floor = options.minReferenceStd ?? WASSERSTEIN_MIN_REFERENCE_STD;
  if (!(floor > 0)) throw new RangeError(`minReferenceStd must be positive, got ${floor}`);
  return wassersteinSorted(a, b) / Math.max(populationStd(a), floor);
}
