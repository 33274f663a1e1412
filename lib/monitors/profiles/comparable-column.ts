import type { ColumnProfile } from "@/lib/profiles/column-profile";
import type { PlanColumn } from "@/lib/monitors/shared/monitoring-plan";
import { normalizeEdges, type NumericGrid } from "@/lib/monitors/shared/numeric-grid";
import type { ColumnState } from "@/lib/monitors/profiles/production-profile";

/**
 * One column of one side of a comparison (reference or current), in a single form whatever it came
 * from: the training profile in the manifest or merged production profiles.
 */

export type ComparableNumeric = {
  kind: "numeric";
  grid: NumericGrid;
  /** Counts per grid key. */
  counts: Map<number, number>;
  total: number;
  missing: number;
  /** Population standard deviation of the present values. */
  std: number;
  mean: number;
  min: number | null;
  max: number | null;
};

export type ComparableCategorical = {
  kind: "categorical";
  frequencies: Record<string, number>;
  total: number;
  missing: number;
};

export type Comparable = ComparableNumeric | ComparableCategorical;

/** The comparable form of a merged production column. */
export function fromProductionState(column: PlanColumn, state: ColumnState): Comparable {
  if (column.type === "numeric") {
    if (state.kind !== "numeric") throw new Error(`column ${column.name}: expected a numeric profile`);
    const counts = new Map<number, number>();
    for (const [k, n] of Object.entries(state.buckets)) counts.set(Number(k), n);
    return {
      kind: "numeric",
      grid: column.grid,
      counts,
      total: state.count,
      missing: state.missing,
      std: state.count > 0 ? Math.sqrt(Math.max(0, state.m2) / state.count) : 0,
      mean: state.mean,
      min: state.min,
      max: state.max,
    };
  }
  if (state.kind !== "categorical") throw new Error(`column ${column.name}: expected a categorical profile`);
  return { kind: "categorical", frequencies: state.frequencies, total: state.count, missing: state.missing };
}

/**
 * The comparable form of a training profile, or null when it cannot be compared on this column's
 * grid (a numeric reference whose bins are not the grid's). Booleans profiled as 0/1 numbers are
 * turned into the categories "false"/"true" through their mean.
 */
export function fromReferenceProfile(column: PlanColumn, profile: ColumnProfile): Comparable | null {
  if (column.type === "categorical") {
    if (profile.kind === "categorical")
      return { kind: "categorical", frequencies: profile.frequencies, total: profile.count, missing: profile.missing };
    if (!column.boolean) return null;
    const trues = Math.round(profile.mean * profile.count);
    return {
      kind: "categorical",
      frequencies: { false: profile.count - trues, true: trues },
      total: profile.count,
      missing: profile.missing,
    };
  }
  if (profile.kind !== "numeric") return null;
  const grid = column.grid;
  if (grid.spec.kind !== "edges") return null;
  const edges = normalizeEdges(profile.binEdges);
  const gridEdges = grid.spec.edges;
  if (
    edges.length !== gridEdges.length ||
    edges.some((e, i) => e !== gridEdges[i]) ||
    profile.binCounts.length !== grid.innerBins
  )
    return null;
  const counts = new Map<number, number>();
  profile.binCounts.forEach((n, i) => {
    if (n > 0) counts.set(i, n);
  });
  return {
    kind: "numeric",
    grid,
    counts,
    total: profile.count,
    missing: profile.missing,
    std: profile.std,
    mean: profile.mean,
    min: profile.count > 0 ? profile.min : null,
    max: profile.count > 0 ? profile.max : null,
  };
}
