import type { SqlConnection } from "@/lib/db/open-database";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { pearsonCorrelation } from "@/lib/metrics/pearson-correlation";
import { businessByDecile, type DecileRow } from "@/lib/monitors/business/business-by-decile";

export type BusinessWindowResult = {
  name: string;
  predictions: number;
  events: number;
  sum: number;
  rate: number;
  deciles: DecileRow[];
  correlation: number | null;
};

/** The score whose deciles are reported: the positive class's probability, the top class's, or the value. */
export function scoreOf(
  manifest: Manifest,
  output: { label?: string; probabilities?: Record<string, number>; value?: number },
): number {
  if (manifest.task === "regression") return output.value ?? NaN;
  if (manifest.task === "binary") return output.probabilities?.[manifest.outputs.classes![1]] ?? NaN;
  return Math.max(...Object.values(output.probabilities ?? { none: NaN }));
}

/**
 * Each business metric over the predictions (with an entity id) of one window: an event counts for
 * a prediction when it concerns the same entity and happens within the attribution window after it.
 * Predictions without events count as 0, so rates are per prediction.
 */
export async function computeBusinessWindow(
  sql: SqlConnection,
  options: { manifest: Manifest; versionId: string; start: Date; end: Date; attributionMs: number },
): Promise<{ rowsRead: number; results: BusinessWindowResult[] }> {
  const predictions = await sql.query<{ id: string; output: Parameters<typeof scoreOf>[1] }>(
    `SELECT id::text AS id, output FROM predictions
      WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3 AND entity_id IS NOT NULL`,
    [options.versionId, options.start.toISOString(), options.end.toISOString()],
  );
  const attributed = await sql.query<{ id: string; name: string; events: number; total: number }>(
    `SELECT p.id::text AS id, e.name, count(*)::int AS events, sum(e.value)::float8 AS total
       FROM predictions p
       JOIN business_events e ON e.entity_id = p.entity_id AND e.occurred_at >= p.created_at
                             AND e.occurred_at < p.created_at + ($4::float8 * interval '1 millisecond')
      WHERE p.model_version_id = $1::uuid AND p.created_at >= $2 AND p.created_at < $3
      GROUP BY 1, 2`,
    [options.versionId, options.start.toISOString(), options.end.toISOString(), options.attributionMs],
  );
  const index = new Map(predictions.map((p, i) => [p.id, i]));
  const scores = predictions.map((p) => scoreOf(options.manifest, p.output));
  const byName = new Map<string, { values: Float64Array; events: number }>();
  for (const a of attributed) {
    const entry = byName.get(a.name) ?? { values: new Float64Array(predictions.length), events: 0 };
    const i = index.get(a.id);
    if (i === undefined) continue;
    entry.values[i] = a.total;
    entry.events += a.events;
    byName.set(a.name, entry);
  }
  const results = [...byName].map(([name, { values, events }]) => {
    const sum = values.reduce((s, v) => s + v, 0);
    return {
      name,
      predictions: predictions.length,
      events,
      sum,
      rate: predictions.length ? sum / predictions.length : 0,
      deciles: businessByDecile(scores, values),
      correlation: pearsonCorrelation(scores, values),
    };
  });
  return { rowsRead: predictions.length + attributed.length, results };
}
