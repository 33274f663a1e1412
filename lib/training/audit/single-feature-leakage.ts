// A single feature that predicts the target almost perfectly on its own is usually the target in
// disguise (recorded after the outcome, or derived from it). Measured on the training split only.

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
  leaking: boolean;
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
  const result: FeatureSignal = { column: column.name, leaking: false };
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
  result.leaking = (result.auc ?? 0) >= LEAKAGE_THRESHOLD || (result.correlation ?? 0) >= LEAKAGE_THRESHOLD;
  return result;
}

export function leakageFindings(signals: readonly FeatureSignal[]): Finding[] {
  return signals
    .filter((s) => s.leaking)
    .map((s) => ({
      check: "leakage_single_feature",
      severity: "error" as const,
      message: `"${s.column}" alone predicts the target almost perfectly on train (${s.auc !== undefined ? `AUC ${s.auc.toFixed(4)}` : ""}${s.auc !== undefined && s.correlation !== undefined ? ", " : ""}${s.correlation !== undefined ? `|corr| ${s.correlation.toFixed(4)}` : ""}); check it is known before the outcome`,
      columns: [s.column],
    }));
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
