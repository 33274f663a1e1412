import type { SqlConnection } from "@/lib/db/open-database";
import { requestCounts } from "@/lib/monitors/service/request-stats-store";
import type { ServiceWindowInputs } from "./service-window";

/**
 * What the service monitor needs of one version and window: server-side latency percentiles from
 * the prediction log (rows Tidemark served: ingested ones carry no latency of ours), and request and
 * error counts from the per-minute request counts.
 */
export async function loadServiceWindow(
  sql: SqlConnection,
  options: { modelName: string; version: number; versionId: string; start: Date; end: Date },
): Promise<ServiceWindowInputs> {
  const [latency] = await sql.query<ServiceWindowInputs["latency"]>(
    `SELECT count(*)::int AS rows,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
       FROM predictions WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3
        AND source IS NULL`,
    [options.versionId, options.start.toISOString(), options.end.toISOString()],
  );
  const counts = await requestCounts(sql, options);
  return { latency, counts, start: options.start, end: options.end };
}
