import "server-only";
import type { SqlRunner } from "@/lib/db/open-database";
import type { TimeRange } from "../time-range";

export type TrafficPoint = { time: string; predictions: number };

/**
 * Predictions served per time bucket per model, from request_stats: the per-minute counts the
 * predict route keeps (lib/serving/request-stats.ts), so a page costs the same with 10k or 100M
 * logged predictions — counting the log itself took 1.8 s for 1M rows in a day on Postgres. Every
 * bucket is at least a minute, so the counts are exact; they lag the requests by the recorder's
 * flush interval (5 s). At most ~500 points per series (time-range.ts picks the bucket).
 */
export async function getTrafficByModel(
  sql: SqlRunner,
  range: TimeRange,
  modelName?: string,
): Promise<Map<string, TrafficPoint[]>> {
  const rows = await sql.query<{ model: string; bucket: string; n: number }>(
    `SELECT s.model_name AS model,
            to_timestamp(floor(extract(epoch FROM s.minute) * 1000 / $3) * $3 / 1000) AS bucket,
            sum(s.records)::int AS n
       FROM models m
       JOIN request_stats s ON s.model_name = m.name
      WHERE s.minute >= date_trunc('minute', $1::timestamptz) AND s.minute < $2 AND s.status_class = '2xx'
        AND ($4::text IS NULL OR m.name = $4)
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
    for (let t = start; t < range.to.getTime(); t += range.bucketMs)
      points.push({ time: new Date(t).toISOString(), predictions: series.get(t) ?? 0 });
    result.set(model, points);
  }
  return result;
}
