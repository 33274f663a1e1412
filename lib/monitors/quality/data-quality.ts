import type { Comparable } from "@/lib/monitors/profiles/comparable-column";
import type { PlanColumn } from "@/lib/monitors/shared/monitoring-plan";
import type { MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";
import type { ColumnState } from "@/lib/monitors/profiles/production-profile";

/**
 * Data-quality checks of one window, all computed from merged profiles: missing rate against the
 * reference's, share of values outside the manifest's declared range, categories never seen in
 * training, and prediction volume against the same window in previous weeks.
 */

export type QualityCheckName = "missing_rate" | "out_of_range" | "unseen_categories" | "volume";

export type QualityCheck = {
  segment: string;
  /** The feature or output ("output:score"), or "" for the volume check. */
  column: string;
  check: QualityCheckName;
  value: number | null;
  expected: number | null;
  threshold: number | null;
  flagged: boolean;
  details: Record<string, unknown>;
};

export function qualityColumnName(column: PlanColumn): string {
  return column.kind === "output" ? `output:${column.name}` : column.name;
}

type ColumnQualityOptions = {
  segment: string;
  column: PlanColumn;
  current: ColumnState;
  reference: Comparable | null;
  settings: MonitoringSettings;
};

export function columnQuality({ segment, column, current, reference, settings }: ColumnQualityOptions): QualityCheck[] {
  const name = qualityColumnName(column);
  const checks: QualityCheck[] = [];
  const total = current.count + current.missing;
  const referenceTotal = reference ? reference.total + reference.missing : 0;
  const expected = referenceTotal > 0 ? reference!.missing / referenceTotal : 0;
  const missingRate = total > 0 ? current.missing / total : null;
  // A rate from a handful of rows says little; report it, but flag only from the minimum sample size on.
  const enough = total >= settings.minSampleSize;
  checks.push({
    segment,
    column: name,
    check: "missing_rate",
    value: missingRate,
    expected,
    threshold: expected + settings.quality.missingRateIncrease,
    flagged: enough && missingRate !== null && missingRate - expected > settings.quality.missingRateIncrease,
    details: {
      missing: current.missing,
      rows: total,
      referenceRows: referenceTotal,
      ...(enough ? {} : { note: "below the minimum sample size" }),
    },
  });

  if (current.kind === "numeric" && column.type === "numeric") {
    let outsideTraining = 0;
    for (const [key, n] of Object.entries(current.buckets)) if (column.grid.isTail(Number(key))) outsideTraining += n;
    const declared = column.range && (column.range.min !== undefined || column.range.max !== undefined);
    const share = current.count > 0 ? current.outOfRange / current.count : null;
    checks.push({
      segment,
      column: name,
      check: "out_of_range",
      value: declared ? share : null,
      expected: declared ? 0 : null,
      threshold: declared ? settings.quality.outOfRangeShare : null,
      flagged: Boolean(declared) && share !== null && share > settings.quality.outOfRangeShare,
      details: {
        outOfRange: current.outOfRange,
        declaredRange: column.range ?? null,
        // Outside the training data's range (min..max of the reference profile), declared range or not.
        outsideTrainingRangeShare:
          current.count > 0 && column.grid.spec.kind === "edges" && column.reference ? outsideTraining / current.count : null,
        min: current.min,
        max: current.max,
      },
    });
  }

  if (current.kind === "categorical" && column.type === "categorical" && column.kind === "feature" && !column.boolean) {
    const share = current.count > 0 ? current.unseen / current.count : null;
    checks.push({
      segment,
      column: name,
      check: "unseen_categories",
      value: share,
      expected: 0,
      threshold: settings.quality.unseenCategoryShare,
      flagged: share !== null && share > settings.quality.unseenCategoryShare,
      details: { unseen: current.unseen, examples: current.unseenExamples },
    });
  }
  return checks;
}

/**
 * Volume against the same window in each of the previous weeks that have history (null = the
 * version was not yet logging then). Flagged when the count is `volumeFactor` times above or below
 * their mean and the gap is beyond Poisson noise (3 √expected), so a quiet hour of 3 rows against 1
 * is not an anomaly.
 */
export function volumeCheck(
  current: number,
  previousWeeks: readonly (number | null)[],
  settings: MonitoringSettings,
): QualityCheck {
  const history = previousWeeks.filter((n): n is number => n !== null);
  const base = { segment: "", column: "", check: "volume" as const, value: current, threshold: settings.quality.volumeFactor };
  if (history.length === 0)
    return { ...base, expected: null, flagged: false, details: { previousWeeks, note: "no history for this window yet" } };
  const expected = history.reduce((s, n) => s + n, 0) / history.length;
  const factor = settings.quality.volumeFactor;
  const outside = current > expected * factor || current < expected / factor;
  const beyondNoise = Math.abs(current - expected) > 3 * Math.sqrt(Math.max(expected, 1));
  return {
    ...base,
    expected,
    flagged: outside && beyondNoise,
    details: { previousWeeks, direction: current >= expected ? "above" : "below" },
  };
}
