import type { SqlRunner } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { uuidv7Time } from "@/lib/core/ids/uuidv7";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = {
  id: string;
  created_at: Date | string;
  entity_id: string | null;
  features: unknown;
  output: unknown;
  latency_ms: number;
  source: string | null;
  model: string;
  model_id: string;
  version: number;
};

type OutcomeRow = {
  label: string | null;
  value: number | null;
  observed_at: Date | string;
  received_at: Date | string;
  updated_at: Date | string;
  source: string;
};

/**
 * One logged prediction with its outcome, once one is linked to it (sent by prediction id, or by
 * entity id and linked by the performance job). The id carries its creation time (UUIDv7), so the
 * lookup goes straight to one partition's key.
 */
export async function getPredictionOrThrow(sql: SqlRunner, id: string) {
  if (!UUID.test(id)) throw new ApiError("not_found", `"${id}" is not a prediction id`);
  const createdAt = uuidv7Time(id);
  const select = `SELECT p.id, p.created_at, p.entity_id, p.features, p.output, p.latency_ms, p.source, m.name AS model, m.id::text AS model_id, v.version
       FROM predictions p JOIN model_versions v ON v.id = p.model_version_id JOIN models m ON m.id = v.model_id`;
  let rows = createdAt
    ? await sql.query<Row>(`${select} WHERE p.created_at = $1 AND p.id = $2`, [createdAt.toISOString(), id])
    : [];
  // An ingested prediction keeps its sender's id, which need not carry its time: look it up by id alone.
  if (!rows.length) rows = await sql.query<Row>(`${select} WHERE p.id = $1`, [id]);
  if (!rows.length) throw new ApiError("not_found", `No prediction with id ${id}`);
  const row = rows[0];
  const [outcome] = await sql.query<OutcomeRow>(
    `SELECT label, value, observed_at, received_at, updated_at, source FROM outcomes
      WHERE model_id = $1::uuid AND linked_prediction_id = $2::uuid ORDER BY observed_at DESC LIMIT 1`,
    [row.model_id, id],
  );
  return {
    predictionId: row.id,
    model: row.model,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    entityId: row.entity_id,
    features: row.features,
    output: row.output,
    latencyMs: row.latency_ms,
    // Where the prediction came from: "served" by Tidemark, or sent to the ingestion API.
    source: row.source ?? "served",
    outcome: outcome
      ? {
          label: outcome.label,
          value: outcome.value,
          observedAt: new Date(outcome.observed_at).toISOString(),
          receivedAt: new Date(outcome.received_at).toISOString(),
          updatedAt: new Date(outcome.updated_at).toISOString(),
          sentBy: outcome.source === "entity" ? ("entity" as const) : ("prediction" as const),
        }
      : null,
  };
}
