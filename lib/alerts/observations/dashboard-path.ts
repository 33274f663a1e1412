import { HOUR_MS } from "@/lib/core/time/durations";
import type { AlertKind } from "@/lib/alerts/rules/rule-schema";

/**
 * The dashboard page that shows an alert's evidence: the model's drift page for drift and data
 * quality (on the feature and segment), its performance page for performance and business
 * metrics, its service page for the SLA, and the model page (traffic) otherwise. The range ends with
 * the window and opens at least a day before its end and half a day before its start: given the
 * whole breach (first window's start to newest window's end), the page shows the healthy hours
 * before it began next to the breach.
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
    query.set("from", new Date(Math.min(options.window.start.getTime() - 12 * HOUR_MS, end - 24 * HOUR_MS)).toISOString());
    query.set("to", new Date(end).toISOString());
  }
  const q = query.toString();
  return `/models/${encodeURIComponent(options.model)}${page}${q ? `?${q}` : ""}`;
}
