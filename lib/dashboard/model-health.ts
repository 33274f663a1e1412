import { dashboardPath } from "@/lib/alerts/observations/dashboard-path";
import type { DriftWindowRow } from "@/lib/monitors/drift/drift-store";

/**
 * Health at a glance for the overview: each aspect of a model (drift, performance, SLA, alerts)
 * judged from the latest stored job result, as a status and the words that say it, so the page
 * never relies on colour alone. Pure: the loader (load-model-health.ts) fetches the rows.
 */

export type HealthStatus = "ok" | "warning" | "breach" | "unknown";

export type HealthCell = {
  status: HealthStatus;
  /** Short badge text. */
  label: string;
  /** One sentence with the figures behind the label, for the tooltip and screen readers. */
  detail: string;
  /** The page with the evidence. */
  href: string;
  /** End of the window the verdict is about; null when nothing was computed yet. */
  asOf: string | null;
};

export type WatchedVersion = { model: string; versionId: string; version: number; production: boolean };

export type { DriftWindowRow };

export type PerformanceRow = {
  kind: string;
  window_start: Date;
  window_end: Date;
  predictions: number;
  labeled: number;
  primary_metric: string;
  primary_value: number | null;
  meets_threshold: boolean | null;
};

export type ServiceRow = {
  window_start: Date;
  window_end: Date;
  requests: number;
  errors: number;
  p95_ms: number | null;
  p99_ms: number | null;
  error_rate: number;
  sla_p99_ms: number | null;
};

export type AlertCounts = { open: number; acknowledged: number; worstSeverity: "info" | "warning" | "critical" | null };

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)} %`;
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
const span = (start: Date, end: Date) => ({ start, end });

export function judgeDrift(v: WatchedVersion, row: DriftWindowRow | undefined, rule: { datasetDriftShare: number }): HealthCell {
  const href = dashboardPath({
    kind: "dataset_drift",
    model: v.model,
    version: v.version,
    window: row ? span(row.window_start, row.window_end) : undefined,
  });
  if (!row)
    return {
      status: "unknown",
      label: "no run yet",
      detail: `The drift job has not judged a window of v${v.version} yet.`,
      href,
      asOf: null,
    };
  const asOf = row.window_end.toISOString();
  const counted = `${row.features_drifted} of ${row.features_tested} features drifted`;
  if (row.verdict === "insufficient_data" || row.features_tested === 0) {
    return {
      status: "unknown",
      label: "insufficient data",
      detail: `Latest window (${row.rows} rows) had too few rows to test any feature.`,
      href,
      asOf,
    };
  }
  const share = row.weighted_score ?? row.drifted_share ?? 0;
  if (row.verdict === "drift") {
    return {
      status: "breach",
      label: `drift: ${row.features_drifted}/${row.features_tested}`,
      detail: `Dataset drift: ${counted} (score ${pct(share)} ≥ ${pct(rule.datasetDriftShare)}).`,
      href,
      asOf,
    };
  }
  return {
    status: row.features_drifted > 0 ? "warning" : "ok",
    label: row.features_drifted > 0 ? `${row.features_drifted}/${row.features_tested} drifted` : "no drift",
    detail: `No dataset drift: ${counted} (score ${pct(share)} < ${pct(rule.datasetDriftShare)}).`,
    href,
    asOf,
  };
}

/**
 * Realized performance when any closed window was judged from enough labels; the label-free
 * estimate otherwise. The loader passes only windows that are not provisional.
 */
export function judgePerformance(
  v: WatchedVersion,
  realized: PerformanceRow | undefined,
  estimated: PerformanceRow | undefined,
  deployThreshold: number | null,
): HealthCell {
  const row = realized ?? estimated;
  const href = dashboardPath({
    kind: "performance",
    model: v.model,
    version: v.version,
    window: row ? span(row.window_start, row.window_end) : undefined,
  });
  if (!row || row.primary_value === null) {
    return {
      status: "unknown",
      label: "not judged yet",
      detail: `No closed window of v${v.version} with enough labels or predictions yet (open and thin windows are provisional).`,
      href,
      asOf: null,
    };
  }
  const asOf = row.window_end.toISOString();
  const source =
    row.kind === "realized"
      ? `realized (${row.labeled} of ${row.predictions} labelled)`
      : "estimated from the scores, no judged labelled window yet";
  const versus = deployThreshold === null ? "" : ` against the deploy threshold ${deployThreshold}`;
  const value = `${row.primary_metric} ${num(row.primary_value)}`;
  const prefix = row.kind === "realized" ? "" : "est. ";
  if (row.meets_threshold === null)
    return { status: "unknown", label: `${prefix}${value}`, detail: `${value}, ${source}; not judged${versus}.`, href, asOf };
  if (row.meets_threshold)
    return { status: "ok", label: `${prefix}${value}`, detail: `${value}, ${source}: meets${versus}.`, href, asOf };
  // A label-free estimate below threshold is a warning; realized labels missing it is a breach.
  return {
    status: row.kind === "realized" ? "breach" : "warning",
    label: `${prefix}${value} below`,
    detail: `${value}, ${source}: misses${versus}.`,
    href,
    asOf,
  };
}

export function judgeSla(v: WatchedVersion, row: ServiceRow | undefined, maxErrorRate: number): HealthCell {
  const href = dashboardPath({
    kind: "sla",
    model: v.model,
    version: v.version,
    window: row ? span(row.window_start, row.window_end) : undefined,
  });
  if (!row)
    return {
      status: "unknown",
      label: "not judged yet",
      detail: `No closed service window of v${v.version} with enough requests yet (open and thin windows are provisional).`,
      href,
      asOf: null,
    };
  const asOf = row.window_end.toISOString();
  const latency =
    row.p95_ms === null ? "no latency logged" : `p95 ${num(row.p95_ms)} ms, p99 ${num(row.p99_ms ?? row.p95_ms)} ms`;
  const slaText = row.sla_p99_ms === null ? "no latency SLA declared" : `SLA p99 ≤ ${row.sla_p99_ms} ms`;
  const errors = `error rate ${pct(row.error_rate)} (max ${pct(maxErrorRate)})`;
  const reasons: string[] = [];
  if (row.sla_p99_ms !== null && row.p99_ms !== null && row.p99_ms > row.sla_p99_ms) reasons.push("latency");
  if (row.error_rate > maxErrorRate) reasons.push("errors");
  const detail = `${latency} (${slaText}); ${errors}.`;
  if (reasons.length) return { status: "breach", label: `breached: ${reasons.join(", ")}`, detail, href, asOf };
  const p95 = row.p95_ms === null ? "" : ` · p95 ${num(row.p95_ms)} ms`;
  return { status: "ok", label: `${row.sla_p99_ms === null ? "no SLA" : "within SLA"}${p95}`, detail, href, asOf };
}

export function judgeAlerts(model: string, counts: AlertCounts | undefined): HealthCell {
  const href = `/alerts?model=${encodeURIComponent(model)}`;
  const open = counts?.open ?? 0;
  const acknowledged = counts?.acknowledged ?? 0;
  if (open + acknowledged === 0)
    return { status: "ok", label: "0 open", detail: "No open or acknowledged alerts.", href, asOf: null };
  const detail = `${open} open, ${acknowledged} acknowledged${counts?.worstSeverity ? `; most severe: ${counts.worstSeverity}` : ""}.`;
  if (open === 0) return { status: "warning", label: `${acknowledged} acknowledged`, detail, href, asOf: null };
  return { status: counts?.worstSeverity === "info" ? "warning" : "breach", label: `${open} open`, detail, href, asOf: null };
}
