import { assertEdges, assertFiniteSample } from "./validation";
import { sorted, type NumericSample } from "./sorted-sample";

/**
 * Linear-interpolation quantile of an ascending array, reproducing numpy.quantile(method="linear")
 * bit for bit, including its two-sided lerp (interpolating back from the upper neighbour when the
 * fraction is >= 0.5). Bit-exact edges matter: a sample value sitting exactly on an edge changes bin.
 */
export function linearQuantileSorted(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) throw new RangeError("values must not be empty");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must lie in [0, 1], got ${q}`);
  const virtualIndex = (n - 1) * q;
  if (virtualIndex >= n - 1) return values[n - 1];
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const a = values[previous];
  const b = values[previous + 1];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * Bin edges for PSI / Jensen–Shannon on a numeric column: the reference deciles (numpy.quantile,
 * linear, at numpy.linspace(0, 1, 11)), with the outer edges opened to -inf/+inf so current values
 * outside the reference range still land in the first/last bin instead of being dropped, and
 * duplicate edges removed (heavily tied reference data yields fewer than 10 bins).
 */
export function referenceDecileEdges(reference: NumericSample): number[] {
  const values = sorted(reference, "reference");
  const edges: number[] = [];
  for (let i = 0; i <= 10; i++) edges.push(linearQuantileSorted(values, i * 0.1));
  edges[0] = -Infinity;
  edges[10] = Infinity;
  const unique: number[] = [];
  for (const e of edges) if (unique.length === 0 || e !== unique[unique.length - 1]) unique.push(e);
  return unique;
}

/**
 * Counts per bin with numpy.histogram semantics: bins are [e_i, e_{i+1}) except the last, which is
 * closed [e_{k-1}, e_k]; values outside [e_0, e_k] are not counted (with the infinite outer edges of
 * `referenceDecileEdges` nothing is outside).
 */
export function binCounts(sample: ArrayLike<number>, edges: ArrayLike<number>): number[] {
  assertFiniteSample(sample, "sample");
  assertEdges(edges, "edges");
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const first = edges[0];
  const last = edges[bins];
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i];
    if (v < first || v > last) continue;
    if (v === last) {
      counts[bins - 1]++;
      continue;
    }
    // Largest i with edges[i] <= v.
    let lo = 0;
    let hi = bins;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}
