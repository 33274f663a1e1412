import { CompensatedSum } from "@/lib/numeric/compensated-sum";
import { sortFloat64 } from "./radix-sort";
import { SortedSample, sorted, type NumericSample } from "./sorted-sample";

/** Significance levels of scipy's (Scholz & Stephens 1987, Table 2) critical values. */
export const ANDERSON_DARLING_SIGNIFICANCE_LEVELS = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001] as const;

const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

export interface AndersonDarlingResult {
  /**
   * The standardised statistic (A²kN - (k-1)) / σ, as scipy's `anderson_ksamp(midrank=True)`. It is
   * centred on 0 under H0, so small negative values are normal for undrifted data.
   */
  readonly statistic: number;
  /** Critical values at `ANDERSON_DARLING_SIGNIFICANCE_LEVELS`, interpolated for k samples. */
  readonly criticalValues: readonly number[];
}

/** Number of elements of the ascending array `a` that are < v (lower bound) or <= v (upper bound). */
function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Critical values of the standardised statistic for k samples at the tabulated significance levels. */
export function andersonDarlingCriticalValues(k: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer >= 2, got ${k}`);
  const m = k - 1;
  return B0.map((b0, i) => b0 + B1[i] / Math.sqrt(m) + B2[i] / m);
}

/**
 * k-sample Anderson–Darling test with mid-ranks for ties (Scholz & Stephens 1987, eq. 7), standardised
 * as scipy does. Weights the ECDF gaps by 1/(H(1-H)), so unlike KS and Cramér–von Mises it is most
 * sensitive in the tails, which is where many production shifts (new extreme values) first appear.
 */
export function andersonDarlingKSample(samples: readonly NumericSample[]): AndersonDarlingResult {
  const k = samples.length;
  if (k < 2) throw new RangeError(`samples must contain at least 2 samples, got ${k}`);
  const sortedSamples = samples.map((s, i) => sorted(s, `samples[${i}]`));
  const n = sortedSamples.map((s) => s.length);
  const N = n.reduce((acc, v) => acc + v, 0);
  const pooled = new Float64Array(N);
  let offset = 0;
  for (const s of sortedSamples) {
    pooled.set(s, offset);
    offset += s.length;
  }
  sortFloat64(pooled);
  const distinct: number[] = [];
  for (let i = 0; i < N; i++) if (i === 0 || pooled[i] !== pooled[i - 1]) distinct.push(pooled[i]);
  if (distinct.length < 2) throw new RangeError("samples must contain at least 2 distinct values in total");
  // The null variance below divides by (N-1)(N-2)(N-3).
  if (N < 4) throw new RangeError(`samples must contain at least 4 observations in total, got ${N}`);

  // Per distinct value z_j: l_j tied copies in the pool, B_j = (#pool < z_j) + l_j/2 its mid-rank count.
  const L = distinct.length;
  const l = new Float64Array(L);
  const B = new Float64Array(L);
  {
    let idx = 0;
    for (let j = 0; j < L; j++) {
      const start = idx;
      while (idx < N && pooled[idx] === distinct[j]) idx++;
      l[j] = idx - start;
      B[j] = start + l[j] / 2;
    }
  }

  let a2kn = 0;
  for (let i = 0; i < k; i++) {
    const s = sortedSamples[i];
    const acc = new CompensatedSum();
    for (let j = 0; j < L; j++) {
      const right = upperBound(s, distinct[j]);
      const tied = right - lowerBound(s, distinct[j]);
      const M = right - tied / 2;
      const inner = ((l[j] / N) * (N * M - B[j] * n[i]) ** 2) / (B[j] * (N - B[j]) - (N * l[j]) / 4);
      acc.add(inner);
    }
    a2kn += acc.value / n[i];
  }
  a2kn *= (N - 1) / N;

  // Exact null variance of A²kN (Scholz & Stephens eq. 4), from harmonic-type sums over the pool size.
  const H = n.reduce((acc, v) => acc + 1 / v, 0);
  let cumulative = 0;
  let g = 0;
  for (let idx = 0; idx < N - 2; idx++) {
    cumulative += 1 / (N - 1 - idx);
    g += cumulative / (idx + 2);
  }
  const h = cumulative + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmaSquared = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const statistic = (a2kn - (k - 1)) / Math.sqrt(sigmaSquared);
  return { statistic, criticalValues: andersonDarlingCriticalValues(k) };
}

/** Two-sample convenience wrapper around `andersonDarlingKSample`. */
export function andersonDarling(reference: NumericSample, current: NumericSample): AndersonDarlingResult {
  return andersonDarlingKSample([SortedSample.from(reference, "reference"), SortedSample.from(current, "current")]);
}
