import type { AlertKind } from "./rule-schema";

/**
 * The dashboard page that shows an alert's evidence. Every kind points at the model page for now;
 * this is the one place to change when the model's drift and performance pages exist.
 */
export function dashboardPath(options: { kind: AlertKind; model: string; version: number | null; feature?: string | null }): string {
  const base = `/models/${encodeURIComponent(options.model)}`;
  const query = new URLSearchParams();
  if (options.version) query.set("version", String(options.version));
  const q = query.toString();
  return q ? `${base}?${q}` : base;
}
