import { benjaminiHochberg } from "@/lib/monitors/drift/benjamini-hochberg";
import type { ColumnDrift } from "@/lib/monitors/drift/compute-column-drift";

/**
 * The drift decision rule. A column has drifted only when both hold:
 *  - its test is significant after Benjamini–Hochberg correction across every column tested in the
 *    run (adjusted p ≤ fdr), so testing twenty features and three segments does not multiply false
 *    alarms by sixty;
 *  - its effect size reaches the floor, so a shift too small to matter is not an alarm however many
 *    rows make it significant (on a million rows a 0.1 % mean shift has p ≈ 0 but a normed
 *    Wasserstein far below 0.1).
 * Columns below the minimum sample size are "insufficient_data", never "no_drift", and take no part
 * in the correction.
 */

export type Decision = "drift" | "no_drift" | "insufficient_data";

export type DecidedColumn = ColumnDrift & { pAdjusted: number | null; decision: Decision };

export function decideDrift(columns: readonly ColumnDrift[], rule: { fdr: number }): DecidedColumn[] {
  const tested = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.insufficient === null && c.pValue !== null);
  const adjusted = benjaminiHochberg(tested.map(({ c }) => c.pValue!));
  const byIndex = new Map(tested.map(({ i }, k) => [i, adjusted[k]]));
  return columns.map((c, i) => {
    const pAdjusted = byIndex.get(i);
    if (pAdjusted === undefined) return { ...c, pAdjusted: null, decision: "insufficient_data" as const };
    const drifted = pAdjusted <= rule.fdr && c.effectSize !== null && c.effectSize >= c.threshold;
    return { ...c, pAdjusted, decision: drifted ? ("drift" as const) : ("no_drift" as const) };
  });
}

export type DatasetVerdict = {
  segment: string;
  featuresTested: number;
  featuresDrifted: number;
  /** Drifted features / tested features; null when none could be tested. */
  driftedShare: number | null;
  /** The same share weighted by feature importance (equal weights without importances). */
  weightedScore: number | null;
  verdict: Decision;
};

/** Dataset-level verdict of one segment's features (outputs are reported, not counted). */
export function datasetVerdict(
  segment: string,
  decided: readonly DecidedColumn[],
  rule: { datasetDriftShare: number },
): DatasetVerdict {
  const features = decided.filter(
    (c) => c.segment === segment && c.columnKind === "feature" && c.decision !== "insufficient_data",
  );
  const drifted = features.filter((c) => c.decision === "drift");
  if (features.length === 0) {
    return {
      segment,
      featuresTested: 0,
      featuresDrifted: 0,
      driftedShare: null,
      weightedScore: null,
      verdict: "insufficient_data",
    };
  }
  const weight = features.reduce((s, c) => s + c.importance, 0);
  // All-zero importances carry no ranking; fall back to equal weights rather than dividing by zero.
  const weightedScore = weight > 0 ? drifted.reduce((s, c) => s + c.importance, 0) / weight : drifted.length / features.length;
  return {
    segment,
    featuresTested: features.length,
    featuresDrifted: drifted.length,
    driftedShare: drifted.length / features.length,
    weightedScore,
    verdict: weightedScore >= rule.datasetDriftShare ? "drift" : "no_drift",
  };
}
