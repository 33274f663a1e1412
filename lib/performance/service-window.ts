import type { SqlConnection } from "@/lib/db/open-database";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";

export type ServiceWindowResult = {
  requests: number;
  errors: number;
  rows: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  requestsPerS: number;
  rowsPerS: number;
  errorRate: number;
  slaP99Ms: number | null;
  slaMinRps: number | null;
  breaches: { rule: string; value: number; limit: number }[];
};

/**
 * Latency percentiles (server side, from the prediction log; ingested rows have no latency of ours), throughput and error rate (from the
 * request counts) of one version over one window, and the SLA rules from its manifest it broke.
 */
export async function computeServiceWindow(
  sql: SqlConnection,
  options: { manifest: Manifest; modelName: string; version: number; versionId: string; start: Date; end: Date },
): Promise<ServiceWindowResult> {
  const [latency] = await sql.query<{ rows: number; p50: number | null; p95: number | null; p99: number | null }>(
    `SELECT count(*)::int AS rows,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
       FROM predictions WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3
        AND source IS NULL`,
    [options.versionId, options.start.toISOString(), options.end.toISOString()],
  );
  const [counts] = await sql.query<{ requests: number; errors: number }>(
    `SELECT coalesce(sum(requests), 0)::int AS requests, coalesce(sum(requests) FILTER (WHERE status_class = '5xx'), 0)::int AS errors
       FROM request_stats WHERE model_name = $1 AND version = $2 AND minute >= $3 AND minute < $4`,
    [options.modelName, options.version, options.start.toISOString(), options.end.toISOString()],
  );
  const seconds = (options.end.getTime() - options.start.getTime()) / 1000;
  const sla = options.manifest.sla;
  const result: ServiceWindowResult = {
    requests: counts.requests,
    errors: counts.errors,
    rows: latency.rows,
    p50Ms: latency.p50,
    p95Ms: latency.p95,
    p99Ms: latency.p99,
    requestsPerS: counts.requests / seconds,
    rowsPerS: latency.rows / seconds,
    errorRate: counts.requests ? counts.errors / counts.requests : 0,
    slaP99Ms: sla?.p99LatencyMs ?? null,
    slaMinRps: sla?.minThroughputRps ?? null,
    breaches: [],
  };
  if (sla && result.p99Ms !== null && result.p99Ms > sla.p99LatencyMs)
    result.breaches.push({ rule: "p99_latency_ms", value: result.p99Ms, limit: sla.p99LatencyMs });
  return result;
}
