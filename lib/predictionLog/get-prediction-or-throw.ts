import type { SqlRunner } from "@/lib/db/open-database";
import { ApiError } from "@/lib/api/errors";
import { uuidv7Time } from "@/lib/ids/uuidv7";

type Row = {
  id: string;
  created_at: Date | string;
  entity_id: string | null;
  features: unknown;
  output: unknown;
  latency_ms: number;
  model: string;
  version: number;
};

/** The id carries its creation time (UUIDv7), so the lookup goes straight to one partition's key. */
export async function getPredictionOrThrow(sql: SqlRunner, id: string) {
  const createdAt = uuidv7Time(id);
  if (!createdAt) throw new ApiError("not_found", `"${id}" is not a prediction id`);
  const rows = await sql.query<Row>(
    `SELECT p.id, p.created_at, p.entity_id, p.features, p.output, p.latency_ms, m.name AS model, v.version
       FROM predictions p JOIN model_versions v ON v.id = p.model_version_id JOIN models m ON m.id = v.model_id
      WHERE p.created_at = $1 AND p.id = $2`,
    [createdAt.toISOString(), id],
  );
  if (!rows.length) throw new ApiError("not_found", `No prediction with id ${id}`);
  const row = rows[0];
  return {
    predictionId: row.id,
    model: row.model,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    entityId: row.entity_id,
    features: row.features,
    output: row.output,
    latencyMs: row.latency_ms,
  };
}
