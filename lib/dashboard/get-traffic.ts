import "server-only";
import type { SqlRunner } from "@/lib/db/open-database";
import type { TimeRange } from "./time-range";

export type TrafficPoint = { time: string; predictions: number };

/**
 * Predictions per time bucket per model, aggregated in Postgres so the page receives at most
 * ~500 points per series, never rows. Uses the (model_version_id, created_at) index per partition.
 */
export async function getTrafficByModel(sql: SqlRunner, range: TimeRange, modelName?: string): Promise<Map<string, TrafficPoint[]>> {
  const rows = await sql.query<{ model: string; bucket: string; n: number }>(
    `SELECT m.name AS model,
            to_timestamp(floor(extract(epoch FROM p.created_at) * 1000 / $3) * $3 / 1000) AS bucket,
            count(*)::int AS n
       FROM predictions p
       JOIN model_versions v ON v.id = p.model_version_id
       JOIN models m ON m.id = v.model_id
      WHERE p.created_at >= $1 AND p.created_at < $2 AND ($4::text IS NULL OR m.name = $4)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [range.from.toISOString(), range.to.toISOString(), range.bucketMs, modelName ?? null],
  );
  const byModel = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const series = byModel.get(r.model) ?? new Map<number, number>();
    series.set(new Date(r.bucket).getTime(), r.n);
    byModel.set(r.model, series);
  }
  // Fill empty buckets with zero so a quiet hour shows as a dip, not a gap the chart bridges.
  const start = Math.floor(range.from.getTime() / range.bucketMs) * range.bucketMs;
  const result = new Map<string, TrafficPoint[]>();
  for (const [model, series] of byModel) {
    const points: TrafficPoint[] = [];
    for (let t = start; t < range.to.getTime(); t += range.bucketMs) points.push({ time: new Date(t).toISOString(), predictions: series.get(t) ?? 0 });
    result.set(model, points);
  }
  return result;
}
