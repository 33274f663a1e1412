import {
  WASSERSTEIN_MIN_REFERENCE_STD,
  chiSquareFromCounts,
  jensenShannonFromCounts,
  jensenShannonNoiseFloor,
  ksFromHistograms,
  psiFromCounts,
  wassersteinFromHistograms,
} from "@/lib/drift";
import { alignCategorical, alignNumeric, decileCounts } from "@/lib/monitors/drift/aligned-histogram";
import type { Comparable } from "@/lib/monitors/profiles/comparable-column";
import type { ColumnKind, PlanColumn } from "@/lib/monitors/shared/monitoring-plan";
import type { EffectMethod, MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";

/**
 * One column's evidence for one window: a significance test (Kolmogorov–Smirnov on the merged
 * histograms for numeric columns, chi-square for categorical ones) and an effect size (normed
 * Wasserstein, PSI or Jensen–Shannon). The decision needs both and is made across all columns of a
 * run at once (decide-drift.ts), because the significance threshold depends on how many were tested.
 */

export type SignificanceMethod = "ks" | "chi2";

export type ColumnDrift = {
  segment: string;
  columnKind: ColumnKind;
  column: string;
  method: SignificanceMethod;
  statistic: number | null;
  pValue: number | null;
  effectMethod: EffectMethod;
  effectSize: number | null;
  /** The effect-size floor applied: the configured one, raised to the sampling-noise floor where calibrated. */
  threshold: number;
  referenceSize: number;
  currentSize: number;
  /** Why there is no verdict, when there is none. */
  insufficient: string | null;
  /** Importance weight for the dataset-level score (features only). */
  importance: number;
};

/**
 * The effect method for a column: its own override ("name", or "output:name" for outputs), else its
 * type's default. Normed Wasserstein means nothing for categories; such an override falls back to
 * the categorical default.
 */
export function effectMethodFor(column: PlanColumn, settings: MonitoringSettings): EffectMethod {
  const override = settings.methods.columns[column.kind === "output" ? `output:${column.name}` : column.name];
  if (override && !(column.type === "categorical" && override === "wasserstein_normed")) return override;
  return column.type === "numeric" ? settings.methods.numeric : settings.methods.categorical;
}

function effectSize(method: EffectMethod, counts: { reference: number[]; current: number[] }): number {
  return method === "psi"
    ? psiFromCounts(counts.reference, counts.current)
    : jensenShannonFromCounts(counts.reference, counts.current);
}

export type ComputeColumnDriftOptions = {
  segment: string;
  column: PlanColumn;
  reference: Comparable | null;
  current: Comparable;
  settings: MonitoringSettings;
  /** Why there is no reference, when `reference` is null. */
  missingReferenceReason?: string;
};

export function computeColumnDrift(options: ComputeColumnDriftOptions): ColumnDrift {
  const { column, reference, current, settings } = options;
  const effectMethod = effectMethodFor(column, settings);
  const method: SignificanceMethod = column.type === "numeric" ? "ks" : "chi2";
  const base: ColumnDrift = {
    segment: options.segment,
    columnKind: column.kind,
    column: column.name,
    method,
    statistic: null,
    pValue: null,
    effectMethod,
    effectSize: null,
    threshold: settings.effectFloors[effectMethod],
    referenceSize: reference?.total ?? 0,
    currentSize: current.total,
    insufficient: null,
    importance: column.importance,
  };
  if (!reference) return { ...base, insufficient: options.missingReferenceReason ?? "no reference profile for this column" };
  const min = settings.minSampleSize;
  if (reference.total < min || current.total < min) {
    return { ...base, insufficient: `fewer than ${min} values (reference ${reference.total}, current ${current.total})` };
  }

  if (reference.kind === "numeric" && current.kind === "numeric") {
    const histogram = alignNumeric(reference, current);
    const ks = ksFromHistograms(histogram);
    let effect: number;
    if (effectMethod === "wasserstein_normed") {
      // Normed by the reference's exact standard deviation (kept in every profile), not the
      // histogram's approximation of it.
      const { distance } = wassersteinFromHistograms(histogram);
      effect = distance / Math.max(reference.std, WASSERSTEIN_MIN_REFERENCE_STD);
    } else {
      effect = effectSize(effectMethod, decileCounts(histogram));
    }
    return { ...base, statistic: ks.statistic, pValue: ks.pValue, effectSize: effect };
  }
  if (reference.kind === "categorical" && current.kind === "categorical") {
    const histogram = alignCategorical(reference, current);
    const chi2 = chiSquareFromCounts(histogram.reference, histogram.current);
    const effect = effectSize(effectMethod, histogram);
    const threshold =
      effectMethod === "jensen_shannon"
        ? Math.max(
            base.threshold,
            jensenShannonNoiseFloor({
              referenceCounts: histogram.reference,
              currentSize: histogram.current.reduce((sum, n) => sum + n, 0),
              quantile: settings.effectNoiseQuantile,
            }),
          )
        : base.threshold;
    return { ...base, statistic: chi2.statistic, pValue: chi2.pValue, effectSize: effect, threshold };
  }
  return { ...base, insufficient: "reference and current profiles have different column types" };
}
