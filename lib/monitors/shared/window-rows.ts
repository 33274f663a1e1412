import type { SqlConnection } from "@/lib/db/open-database";

export type WindowRow = {
  createdAt: Date;
  output: { label?: string; probabilities?: Record<string, number>; value?: number };
  entityId: string | null;
  latencyMs: number;
  outcome: { label: string | null; value: number | null; observedAt: Date } | null;
};

/** A version's predictions in one window with their linked outcome, if any (one partition range scan). */
export async function loadWindowRows(
  sql: SqlConnection,
  options: { modelId: string; versionId: string; start: Date; end: Date },
): Promise<WindowRow[]> {
  const rows = await sql.query<{
    created_at: Date | string;
    output: WindowRow["output"];
    entity_id: string | null;
    latency_ms: number;
    label: string | null;
    value: number | null;
    observed_at: Date | string | null;
  }>(
    `SELECT p.created_at, p.output, p.entity_id, p.latency_ms, o.label, o.value, o.observed_at
       FROM predictions p
       LEFT JOIN outcomes o ON o.model_id = $1::uuid AND o.linked_prediction_id = p.id AND o.prediction_created_at = p.created_at
      WHERE p.model_version_id = $2::uuid AND p.created_at >= $3 AND p.created_at < $4`,
    [options.modelId, options.versionId, options.start.toISOString(), options.end.toISOString()],
  );
  return rows.map((r) => ({
    createdAt: new Date(r.created_at),
    output: r.output,
    entityId: r.entity_id,
    latencyMs: r.latency_ms,
    outcome: r.observed_at === null ? null : { label: r.label, value: r.value, observedAt: new Date(r.observed_at) },
  }));
}

/**
 * Links outcomes sent by entity id to that entity's latest prediction of the model within the
 * attribution window before the outcome. Late data is linked whenever it arrives; the windows it
 * lands in are recomputed because their labelled count changes.
 */
// A shadow row shares its entity id and time with the champion's: the label belongs to the answer
// the caller acted on, so shadow rows are never linked.
export async function linkEntityOutcomes(
  sql: SqlConnection,
  options: { modelId: string; attributionMs: number },
): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `WITH matched AS (
       SELECT o.id AS outcome_id, p.id, p.created_at, p.model_version_id
         FROM outcomes o
         CROSS JOIN LATERAL (
           SELECT p.id, p.created_at, p.model_version_id
             FROM predictions p JOIN model_versions v ON v.id = p.model_version_id
            WHERE v.model_id = o.model_id AND p.entity_id = o.entity_id AND p.source IS DISTINCT FROM 'shadow'
              AND p.created_at <= o.observed_at AND p.created_at >= o.observed_at - ($2::float8 * interval '1 millisecond')
            ORDER BY p.created_at DESC LIMIT 1) p
        WHERE o.model_id = $1::uuid AND o.source = 'entity' AND o.linked_prediction_id IS NULL)
     , linked AS (
       UPDATE outcomes o SET linked_prediction_id = m.id, prediction_created_at = m.created_at, model_version_id = m.model_version_id, updated_at = now()
         FROM matched m WHERE o.id = m.outcome_id RETURNING 1)
     SELECT count(*)::int AS n FROM linked`,
    [options.modelId, options.attributionMs],
  );
  return rows[0].n;
}

/** Predictions and labelled predictions per hour of a version, to find the windows to (re)compute. */
export async function hourlyLabelCounts(
  sql: SqlConnection,
  options: { modelId: string; versionId: string; from: Date; to: Date },
) {
  const rows = await sql.query<{
    hour: Date | string;
    predictions: number;
    labeled: number;
    labels_updated: Date | string | null;
  }>(
    `SELECT date_trunc('hour', p.created_at) AS hour, count(*)::int AS predictions, count(o.id)::int AS labeled,
            max(o.updated_at) AS labels_updated
       FROM predictions p
       LEFT JOIN outcomes o ON o.model_id = $1::uuid AND o.linked_prediction_id = p.id AND o.prediction_created_at = p.created_at
      WHERE p.model_version_id = $2::uuid AND p.created_at >= $3 AND p.created_at < $4
      GROUP BY 1 ORDER BY 1`,
    [options.modelId, options.versionId, options.from.toISOString(), options.to.toISOString()],
  );
  return rows.map((r) => ({
    hour: new Date(r.hour),
    predictions: r.predictions,
    labeled: r.labeled,
    labelsUpdatedAt: r.labels_updated === null ? null : new Date(r.labels_updated),
  }));
}
