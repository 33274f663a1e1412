import { CATEGORY_CAP, OTHER_CATEGORY } from "@/lib/profiles/column-profile";

/**
 * The stored form of a production profile (one model version, one hour, one segment). Everything in
 * it is mergeable: counts add, moments combine exactly (Chan et al.), min/max take the extreme, so a
 * window's profile is the merge of its hours and no statistic ever needs the raw rows again.
 */

export type NumericColumnState = {
  kind: "numeric";
  /** Present (non-missing) values. */
  count: number;
  missing: number;
  min: number | null;
  max: number | null;
  mean: number;
  /** Sum of squared deviations from the mean (variance × count), the mergeable form of the variance. */
  m2: number;
  /** Counts per grid key (see numeric-grid.ts): fine reference bins plus logarithmic tails. */
  buckets: Record<string, number>;
  /** Values outside the manifest's declared range for the feature. */
  outOfRange: number;
};

export type CategoricalColumnState = {
  kind: "categorical";
  count: number;
  missing: number;
  /** Counts per category, at most CATEGORY_CAP names plus OTHER_CATEGORY. */
  frequencies: Record<string, number>;
  /** Values not among the manifest's declared categories, and the most frequent of them by name. */
  unseen: number;
  unseenExamples: Record<string, number>;
};

export type ColumnState = NumericColumnState | CategoricalColumnState;

export type ProfileDocument = {
  rows: number;
  features: Record<string, ColumnState>;
  outputs: Record<string, ColumnState>;
};

const UNSEEN_EXAMPLES_CAP = 20;

export function emptyNumeric(): NumericColumnState {
  return { kind: "numeric", count: 0, missing: 0, min: null, max: null, mean: 0, m2: 0, buckets: {}, outOfRange: 0 };
}

export function emptyCategorical(): CategoricalColumnState {
  return { kind: "categorical", count: 0, missing: 0, frequencies: {}, unseen: 0, unseenExamples: {} };
}

export function emptyProfile(): ProfileDocument {
  return { rows: 0, features: {}, outputs: {} };
}

function addCounts(into: Record<string, number>, from: Record<string, number>) {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

/** Keeps the `cap` largest entries by name and folds the rest into `otherKey` (or drops them). */
export function capCounts(counts: Record<string, number>, cap: number, otherKey?: string): Record<string, number> {
  const entries = Object.entries(counts);
  if (entries.length <= cap + (otherKey && otherKey in counts ? 1 : 0)) return counts;
  let other = otherKey ? (counts[otherKey] ?? 0) : 0;
  const named = entries.filter(([k]) => k !== otherKey).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: Record<string, number> = {};
  named.forEach(([k, n], i) => {
    if (i < cap) out[k] = n;
    else other += n;
  });
  if (otherKey && other > 0) out[otherKey] = other;
  return out;
}

export function mergeNumeric(a: NumericColumnState, b: NumericColumnState): NumericColumnState {
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  const mean = count === 0 ? 0 : a.mean + (delta * b.count) / count;
  const m2 = count === 0 ? 0 : a.m2 + b.m2 + (delta * delta * a.count * b.count) / count;
  const buckets = { ...a.buckets };
  addCounts(buckets, b.buckets);
  return {
    kind: "numeric",
    count,
    missing: a.missing + b.missing,
    min: a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min),
    max: a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max),
    mean,
    m2,
    buckets,
    outOfRange: a.outOfRange + b.outOfRange,
  };
}

export function mergeCategorical(a: CategoricalColumnState, b: CategoricalColumnState): CategoricalColumnState {
  const frequencies = { ...a.frequencies };
  addCounts(frequencies, b.frequencies);
  const unseenExamples = { ...a.unseenExamples };
  addCounts(unseenExamples, b.unseenExamples);
  return {
    kind: "categorical",
    count: a.count + b.count,
    missing: a.missing + b.missing,
    frequencies: capCounts(frequencies, CATEGORY_CAP, OTHER_CATEGORY),
    unseen: a.unseen + b.unseen,
    unseenExamples: capCounts(unseenExamples, UNSEEN_EXAMPLES_CAP),
  };
}

export function mergeColumn(a: ColumnState, b: ColumnState): ColumnState {
  if (a.kind === "numeric" && b.kind === "numeric") return mergeNumeric(a, b);
  if (a.kind === "categorical" && b.kind === "categorical") return mergeCategorical(a, b);
  throw new Error(`cannot merge a ${a.kind} column profile with a ${b.kind} one`);
}

function mergeColumns(a: Record<string, ColumnState>, b: Record<string, ColumnState>): Record<string, ColumnState> {
  const out = { ...a };
  for (const [name, column] of Object.entries(b)) out[name] = out[name] ? mergeColumn(out[name], column) : column;
  return out;
}

export function mergeProfiles(a: ProfileDocument, b: ProfileDocument): ProfileDocument {
  return { rows: a.rows + b.rows, features: mergeColumns(a.features, b.features), outputs: mergeColumns(a.outputs, b.outputs) };
}

export function mergeAll(profiles: Iterable<ProfileDocument>): ProfileDocument {
  let merged = emptyProfile();
  for (const p of profiles) merged = mergeProfiles(merged, p);
  return merged;
}

/** Merges stored hourly profiles into one profile per segment key. */
export function mergeBySegment(rows: Iterable<{ segment: string; profile: ProfileDocument }>): Map<string, ProfileDocument> {
  const merged = new Map<string, ProfileDocument>();
  for (const r of rows) merged.set(r.segment, mergeProfiles(merged.get(r.segment) ?? emptyProfile(), r.profile));
  return merged;
}

export { UNSEEN_EXAMPLES_CAP };
