// A single feature that predicts the target almost perfectly on its own is usually the target in
// disguise (recorded after the outcome, or derived from it). Measured on the training split only.
// A categorical feature is scored by its categories' target shares, which a near-unique column (car
// names, 304 in 406 rows) makes perfect on the rows that made them: that is memorisation, not a
// leak. So categories are also scored leave-one-out (each row by the other rows of its category);
// a leak stays near-perfect there, a memorised identifier does not.

import { rocAuc } from "@/lib/metrics";
import type { Column } from "../table";
import type { TrainTask } from "../train-spec";
import type { Finding } from "./finding";
import { pearsonCorrelation } from "@/lib/metrics/pearson-correlation";

export const LEAKAGE_THRESHOLD = 0.98;
/** Quantile bins for a numeric feature against a multiclass target. */
const MULTICLASS_BINS = 20;

export interface FeatureSignal {
  column: string;
  /** Single-feature ROC AUC, orientation-free (max(auc, 1 − auc)); macro one-vs-rest for multiclass. */
  auc?: number;
  /** |Pearson correlation| for numeric features; the correlation ratio for categorical ones. */
  correlation?: number;
  /** Categorical: the same score with each row encoded by the other rows of its category only. */
  unseenScore?: number;
  /** Categorical: categories among the rows, and how many occur once. */
  categories?: { distinct: number; singletons: number; rows: number };
  leaking: boolean;
  /** Near-perfect only on the rows that made the encoding: an identifier a model would memorise. */
  memorised: boolean;
}

export function singleFeatureSignal(
  column: Column,
  y: ArrayLike<number>,
  rows: ArrayLike<number>,
  task: TrainTask,
  numClasses: number,
): FeatureSignal {
  const xs: number[] = [];
  const ys: number[] = [];
  const categorical = column.type === "categorical";
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const x = categorical ? column.codes[r] : column.values[r];
    if (categorical ? x < 0 : Number.isNaN(x)) continue;
    xs.push(x);
    ys.push(y[i]);
  }
  const result: FeatureSignal = { column: column.name, leaking: false, memorised: false };
  if (xs.length < 10) return result;
  if (task === "regression") {
    result.correlation = categorical ? correlationRatio(xs, ys) : Math.abs(pearsonCorrelation(xs, ys) ?? 0);
  } else if (task === "binary") {
    const yk = ys;
    if (yk.includes(0) && yk.includes(1)) {
      // A category's score is its positive rate among train rows (target encoding, in-sample).
      const auc = rocAuc(yk, categorical ? targetEncode(xs, yk) : xs);
      result.auc = Math.max(auc, 1 - auc);
      if (!categorical) result.correlation = Math.abs(pearsonCorrelation(xs, yk) ?? 0);
    }
  } else {
    // Multiclass: the macro one-vs-rest AUC of the class shares per category (numbers binned into
    // quantile bins first). A feature that merely isolates one class (flipper length and one penguin
    // species) scores well below one that separates them all; a per-class maximum would flag both.
    const codes = categorical ? xs : quantileBins(xs, MULTICLASS_BINS);
    let sum = 0;
    let counted = 0;
    for (let k = 0; k < numClasses; k++) {
      const yk = ys.map((v) => (v === k ? 1 : 0));
      if (!yk.includes(0) || !yk.includes(1)) continue;
      sum += rocAuc(yk, targetEncode(codes, yk));
      counted++;
    }
    if (counted > 0) result.auc = sum / counted;
  }
  const perfect = (result.auc ?? 0) >= LEAKAGE_THRESHOLD || (result.correlation ?? 0) >= LEAKAGE_THRESHOLD;
  if (perfect && categorical) {
    result.categories = categoryCounts(xs);
    result.unseenScore = unseenScore(xs, ys, task, numClasses);
    result.memorised = result.unseenScore < LEAKAGE_THRESHOLD;
  }
  result.leaking = perfect && !result.memorised;
  return result;
}

export function leakageFindings(signals: readonly FeatureSignal[]): Finding[] {
  return [...signals.filter((s) => s.memorised).map(memorisationFinding), ...signals.filter((s) => s.leaking).map(leakFinding)];
}

function memorisationFinding(s: FeatureSignal): Finding {
  const c = s.categories!;
  return {
    check: "memorisation_risk",
    severity: "warning",
    message:
      `"${s.column}" is a high-cardinality, identifier-like column (${c.distinct} categories in ${c.rows} training rows, ${c.singletons} seen once): ` +
      `it predicts the target only on the rows it was learned from (${s.auc !== undefined ? "AUC" : "correlation ratio"} ${(s.auc ?? s.correlation!).toFixed(4)}, ` +
      `${s.unseenScore!.toFixed(4)} leave-one-out), so a model would likely memorise it; consider dropping it (--exclude ${s.column})`,
    columns: [s.column],
  };
}

function leakFinding(s: FeatureSignal): Finding {
  const scores = [
    s.auc !== undefined ? `AUC ${s.auc.toFixed(4)}` : "",
    s.correlation !== undefined ? `|corr| ${s.correlation.toFixed(4)}` : "",
    s.unseenScore !== undefined ? `${s.unseenScore.toFixed(4)} leave-one-out` : "",
  ].filter(Boolean);
  return {
    check: "leakage_single_feature",
    severity: "error",
    message: `"${s.column}" alone predicts the target almost perfectly on train (${scores.join(", ")}); check it is known before the outcome`,
    columns: [s.column],
  };
}

function categoryCounts(codes: number[]): { distinct: number; singletons: number; rows: number } {
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  let singletons = 0;
  for (const n of counts.values()) if (n === 1) singletons++;
  return { distinct: counts.size, singletons, rows: codes.length };
}

/**
 * The signal score with leave-one-out target encoding: a row is scored by the mean target of the
 * other rows of its category, or by the overall mean when it is alone in it (a tie, no signal).
 * Not orientation-free: in-sample encoding is oriented by construction, and flipping a
 * leave-one-out score would turn its known downward bias into a spurious signal.
 */
function unseenScore(codes: number[], y: number[], task: TrainTask, numClasses: number): number {
  if (task === "regression") return Math.abs(pearsonCorrelation(leaveOneOutEncode(codes, y), y) ?? 0);
  const classes = task === "binary" ? [1] : Array.from({ length: numClasses }, (_, k) => k);
  let sum = 0;
  let counted = 0;
  for (const k of classes) {
    const yk = y.map((v) => (v === k ? 1 : 0));
    if (!yk.includes(0) || !yk.includes(1)) continue;
    sum += rocAuc(yk, leaveOneOutEncode(codes, yk));
    counted++;
  }
  return counted === 0 ? 0 : sum / counted;
}

function leaveOneOutEncode(codes: number[], y: number[]): number[] {
  const groups = groupMeans(codes, y);
  const overall = y.reduce((a, b) => a + b, 0) / Math.max(y.length, 1);
  return codes.map((c, i) => {
    const g = groups.get(c)!;
    return g.n === 1 ? overall : (g.sum - y[i]) / (g.n - 1);
  });
}

function groupMeans(codes: number[], y: number[]): Map<number, { sum: number; n: number }> {
  const groups = new Map<number, { sum: number; n: number }>();
  for (let i = 0; i < codes.length; i++) {
    const g = groups.get(codes[i]) ?? { sum: 0, n: 0 };
    g.sum += y[i];
    g.n++;
    groups.set(codes[i], g);
  }
  return groups;
}

function targetEncode(codes: number[], y: number[]): number[] {
  const groups = groupMeans(codes, y);
  return codes.map((c) => groups.get(c)!.sum / groups.get(c)!.n);
}

/** η: the share of the target's variance explained by the category means, square-rooted. */
function correlationRatio(codes: number[], y: number[]): number {
  const groups = groupMeans(codes, y);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let between = 0;
  for (const g of groups.values()) between += g.n * (g.sum / g.n - mean) ** 2;
  let total = 0;
  for (const v of y) total += (v - mean) ** 2;
  return total === 0 ? 0 : Math.sqrt(between / total);
}

function quantileBins(values: number[], bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) edges.push(sorted[Math.floor((b * sorted.length) / bins)]);
  return values.map((v) => {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}
