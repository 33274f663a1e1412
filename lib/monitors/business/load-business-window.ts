import type { SqlConnection } from "@/lib/db/open-database";
import type { BusinessWindowInputs } from "./business-window";

/**
 * What the business monitor needs of one window: the predictions that carry an entity id, and per
 * prediction and metric the events attributed to it — an event counts for a prediction when it
 * concerns the same entity and happens within the attribution period after it. Shadow rows are left
 * out: what the entity did followed the champion's answer, not the challenger's.
 */
export async function loadBusinessWindow(
  sql: SqlConnection,
  options: { versionId: string; start: Date; end: Date; attributionMs: number },
): Promise<BusinessWindowInputs> {
  const predictions = await sql.query<BusinessWindowInputs["predictions"][number]>(
    `SELECT id::text AS id, output FROM predictions
      WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3 AND entity_id IS NOT NULL
        AND source IS DISTINCT FROM 'shadow'`,
    [options.versionId, options.start.toISOString(), options.end.toISOString()],
  );
  const attributed = await sql.query<{ id: string; name: string; events: number; total: number }>(
    `SELECT p.id::text AS id, e.name, count(*)::int AS events, sum(e.value)::float8 AS total
       FROM predictions p
       JOIN business_events e ON e.entity_id = p.entity_id AND e.occurred_at >= p.created_at
                             AND e.occurred_at < p.created_at + ($4::float8 * interval '1 millisecond')
      WHERE p.model_version_id = $1::uuid AND p.created_at >= $2 AND p.created_at < $3
        AND p.source IS DISTINCT FROM 'shadow'
      GROUP BY 1, 2`,
    [options.versionId, options.start.toISOString(), options.end.toISOString(), options.attributionMs],
  );
  return { predictions, attributed };
}
