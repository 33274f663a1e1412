import { HOUR_MS } from "@/lib/core/time/durations";
import type { AlertKind } from "@/lib/alerts/rules/rule-schema";

/**
 * The dashboard page that shows an alert's evidence: the model's drift page for drift and data
 * quality (on the feature and segment), its performance page for performance and business
 * metrics, its service page for the SLA, and the model page (traffic) otherwise. The time range is
 * the day leading up to the end of the alert's window, so the page opens on what was judged.
 */
export function dashboardPath(options: {
  kind: AlertKind;
  model: string;
  version: number | null;
  feature?: string | null;
  segment?: string;
  window?: { start: Date; end: Date };
}): string {
  const page =
    options.kind === "feature_drift" ||
    options.kind === "output_drift" ||
    options.kind === "dataset_drift" ||
    options.kind === "data_quality"
      ? "/drift"
      : options.kind === "performance" || options.kind === "business"
        ? "/performance"
        : options.kind === "sla"
          ? "/service"
          : "";
  const query = new URLSearchParams();
  if (options.version) query.set("version", String(options.version));
  if (page === "/drift" && options.feature) query.set("feature", options.feature);
  if (page === "/drift" && options.segment) query.set("segment", options.segment);
  if (options.window) {
    const end = options.window.end.getTime();
    query.set("from", new Date(Math.min(options.window.start.getTime(), end - 24 * HOUR_MS)).toISOString());
    query.set("to", new Date(end).toISOString());
  }
  const q = query.toString();
  return `/models/${encodeURIComponent(options.model)}${page}${q ? `?${q}` : ""}`;
}
