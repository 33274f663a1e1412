/**
 * A fixed bin grid for one numeric column. Every value maps to an integer bucket key, and the grid
 * never changes for a model version, so hourly profiles built on it merge by adding counts and a
 * drift check over any window never needs raw rows again.
 *
 * - `edges` grid: the reference profile's fine percentile bins (keys 0..n-1), extended outside the
 *   reference range by logarithmic tail buckets (keys < 0 below, >= n above) whose widths grow by
 *   TAIL_GROWTH from one mean reference bin width. A production value far outside the training range
 *   is still located to within 10 % of its distance from the range, not lumped into one overflow
 *   count; together with the fine bins this is the column's mergeable quantile sketch.
 * - `log` grid, for a column without a reference profile: signed logarithmic buckets (2 % relative
 *   width) over the whole line, a DDSketch-style grid that needs no data to fix it in advance.
 *
 * Keys sort in value order and bucket bounds tile the line, so any run of keys is a histogram.
 */

export type GridSpec = { kind: "edges"; edges: number[] } | { kind: "log" };

const TAIL_GROWTH = 1.1;
const LOG_TAIL_GROWTH = Math.log(TAIL_GROWTH);
const LOG_GRID_GROWTH = 1.02;
const LOG_LOG_GRID_GROWTH = Math.log(LOG_GRID_GROWTH);
/** Magnitudes up to this are one bucket around zero on the log grid. */
const LOG_GRID_ZERO = 1e-9;

export interface NumericGrid {
  readonly spec: GridSpec;
  /** Number of inner (reference) bins; 0 for the log grid. */
  readonly innerBins: number;
  keyOf(value: number): number;
  /** [lower, upper] of a bucket; adjacent keys share their boundary. */
  bounds(key: number): [number, number];
  /** Whether the key lies outside the reference range (a tail bucket of an edges grid). */
  isTail(key: number): boolean;
}

/** The next double above x, so a one-point reference (edges [c, c]) still has a bin of positive width. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/** Distinct, finite, ascending edges; a one-point reference becomes [c, nextUp(c)]. */
export function normalizeEdges(edges: readonly number[]): number[] {
  const out: number[] = [];
  for (const e of edges) {
    if (!Number.isFinite(e)) throw new RangeError(`reference bin edges must be finite, got ${e}`);
    if (out.length && e < out[out.length - 1]) throw new RangeError("reference bin edges must be ascending");
    if (!out.length || e > out[out.length - 1]) out.push(e);
  }
  if (out.length === 0) throw new RangeError("reference bin edges must not be empty");
  if (out.length === 1) out.push(nextUp(out[0]));
  return out;
}

function edgesGrid(rawEdges: readonly number[]): NumericGrid {
  const edges = normalizeEdges(rawEdges);
  const n = edges.length - 1;
  const first = edges[0];
  const last = edges[n];
  // Tail buckets start one mean reference bin wide; a degenerate range falls back to its magnitude.
  const scale =
    last - first > 1e-300 && n > 0 && (last - first) / n > 0 ? (last - first) / n : Math.max(Math.abs(first) * 1e-3, 1e-9);
  const tailIndex = (distance: number) => {
    const k = Math.ceil(Math.log(distance / scale) / LOG_TAIL_GROWTH);
    // biome-ignore lint/complexity/useMathMinMax: Math.max would keep a NaN (negative distance); the ternary maps it to bucket 0.
    return k > 0 ? k : 0;
  };
  const tailSpan = (k: number): [number, number] => [k === 0 ? 0 : scale * TAIL_GROWTH ** (k - 1), scale * TAIL_GROWTH ** k];
  return {
    spec: { kind: "edges", edges },
    innerBins: n,
    keyOf(value) {
      if (value < first) return -1 - tailIndex(first - value);
      if (value > last) return n + tailIndex(value - last);
      if (value === last) return n - 1;
      let lo = 0;
      let hi = n;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (edges[mid] <= value) lo = mid;
        else hi = mid;
      }
      return lo;
    },
    bounds(key) {
      if (key >= 0 && key < n) return [edges[key], edges[key + 1]];
      if (key < 0) {
        const [near, far] = tailSpan(-1 - key);
        return [first - far, first - near];
      }
      const [near, far] = tailSpan(key - n);
      return [last + near, last + far];
    },
    isTail: (key) => key < 0 || key >= n,
  };
}

function logGrid(): NumericGrid {
  return {
    spec: { kind: "log" },
    innerBins: 0,
    keyOf(value) {
      const magnitude = Math.abs(value);
      if (magnitude <= LOG_GRID_ZERO) return 0;
      const m = Math.max(1, Math.ceil(Math.log(magnitude / LOG_GRID_ZERO) / LOG_LOG_GRID_GROWTH));
      return value < 0 ? -m : m;
    },
    bounds(key) {
      if (key === 0) return [-LOG_GRID_ZERO, LOG_GRID_ZERO];
      const m = Math.abs(key);
      const lower = LOG_GRID_ZERO * LOG_GRID_GROWTH ** (m - 1);
      const upper = LOG_GRID_ZERO * LOG_GRID_GROWTH ** m;
      return key > 0 ? [lower, upper] : [-upper, -lower];
    },
    isTail: () => false,
  };
}

export function numericGrid(spec: GridSpec): NumericGrid {
  return spec.kind === "edges" ? edgesGrid(spec.edges) : logGrid();
}

/** Evenly spaced edges, for columns with a known range but no reference profile (probability scores). */
export function evenEdges(min: number, max: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + ((max - min) * i) / bins));
}
