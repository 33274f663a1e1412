import { binCounts, linearQuantileSorted } from "@/lib/drift/binning";

// The profile format shared by training (the manifest's reference profile) and monitoring (the
// hourly production profiles): monitoring counts production values in the reference's own fine
// bins, so reference and current histograms can be compared, and hourly profiles merged, without
// ever returning to raw rows.

/** Fine bins: edges at the reference's percentiles, so every bin holds about 1% of training data. */
export const REFERENCE_BINS = 100;
/** Categories kept by name; the rest are counted together under OTHER_CATEGORY. */
export const CATEGORY_CAP = 50;
export const OTHER_CATEGORY = "__other__";

export type NumericProfile = {
  kind: "numeric";
  count: number;
  missing: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Ascending, distinct, finite; the first is the minimum and the last the maximum of the data. */
  binEdges: number[];
  /** binEdges.length - 1 counts; bins are [a, b) except the last, which is [a, b]. */
  binCounts: number[];
  quantiles?: Record<string, number>;
};

export type CategoricalProfile = {
  kind: "categorical";
  count: number;
  missing: number;
  frequencies: Record<string, number>;
};

export type ColumnProfile = NumericProfile | CategoricalProfile;

/** Profiles a numeric column; NaN counts as missing. */
export function profileNumeric(values: ArrayLike<number>, bins = REFERENCE_BINS): NumericProfile {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present.push(values[i]);
  const missing = values.length - present.length;
  if (present.length === 0) {
    return { kind: "numeric", count: 0, missing, min: 0, max: 0, mean: 0, std: 0, binEdges: [0, 0], binCounts: [0] };
  }
  const sorted = Float64Array.from(present).sort();
  let mean = 0;
  let m2 = 0;
  // Welford: stable for large counts and large offsets.
  for (let i = 0; i < sorted.length; i++) {
    const delta = sorted[i] - mean;
    mean += delta / (i + 1);
    m2 += delta * (sorted[i] - mean);
  }
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    const e = linearQuantileSorted(sorted, i / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  // A constant column still needs one bin of positive width.
  if (edges.length === 1) edges.push(edges[0]);
  const quantiles: Record<string, number> = {};
  for (const q of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) quantiles[String(q)] = linearQuantileSorted(sorted, q);
  return {
    kind: "numeric",
    count: sorted.length,
    missing,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean,
    std: Math.sqrt(m2 / sorted.length),
    binEdges: edges,
    binCounts: edges[0] === edges[1] && edges.length === 2 ? [sorted.length] : binCounts(sorted, edges),
    quantiles,
  };
}

/** Profiles a categorical column; null, undefined and "" count as missing. */
export function profileCategorical(values: ArrayLike<string | null | undefined>, cap = CATEGORY_CAP): CategoricalProfile {
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === "") {
      missing++;
      continue;
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const frequencies: Record<string, number> = {};
  let other = 0;
  ranked.forEach(([category, n], i) => {
    if (i < cap) frequencies[category] = n;
    else other += n;
  });
  if (other > 0) frequencies[OTHER_CATEGORY] = other;
  return { kind: "categorical", count: values.length - missing, missing, frequencies };
}

/**
 * Profiles a numeric column on given bin edges instead of its own percentiles: a part of the data
 * (one segment) on the whole data's edges, so the two are counted in the same bins and compare bin
 * for bin. Every present value must lie within the edges.
 */
export function profileNumericOnEdges(values: ArrayLike<number>, edges: number[]): NumericProfile {
  const own = profileNumeric(values);
  if (own.count > 0 && (own.min < edges[0] || own.max > edges[edges.length - 1])) {
    throw new RangeError(`values span [${own.min}, ${own.max}], outside the edges [${edges[0]}, ${edges[edges.length - 1]}]`);
  }
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present.push(values[i]);
  const counts =
    edges.length === 2 && edges[0] === edges[1]
      ? [present.length]
      : present.length
        ? binCounts(present, edges)
        : new Array<number>(edges.length - 1).fill(0);
  return { ...own, binEdges: [...edges], binCounts: counts };
}
