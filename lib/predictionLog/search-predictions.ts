import { z } from "zod";
import type { SqlRunner } from "@/lib/db/open-database";

export const predictionSearchSchema = z.object({
  model: z.string().min(1).optional(),
  version: z.coerce.number().int().positive().optional(),
  entityId: z.string().min(1).optional(),
  from: z.coerce.date({ error: "must be a date" }),
  to: z.coerce.date({ error: "must be a date" }),
  // Keyset cursor: the (created_at, id) of the last row of the previous page.
  beforeTime: z.coerce.date().optional(),
  beforeId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
});
export type PredictionSearch = z.infer<typeof predictionSearchSchema>;

export type PredictionListRow = {
  id: string;
  created_at: Date | string;
  model: string;
  version: number;
  entity_id: string | null;
  features: unknown;
  output: unknown;
  latency_ms: number;
};

/**
 * One page of the log, newest first, bounded by a time window so partitions outside it are never
 * touched; keyset pagination keeps deep pages as cheap as the first.
 */
export async function searchPredictions(sql: SqlRunner, search: PredictionSearch): Promise<PredictionListRow[]> {
  return sql.query<PredictionListRow>(
    `SELECT p.id::text AS id, p.created_at, m.name AS model, v.version, p.entity_id, p.features, p.output, p.latency_ms
       FROM predictions p
       JOIN model_versions v ON v.id = p.model_version_id
       JOIN models m ON m.id = v.model_id
      WHERE p.created_at >= $1 AND p.created_at < $2
        AND ($3::text IS NULL OR m.name = $3)
        AND ($4::int IS NULL OR v.version = $4)
        AND ($5::text IS NULL OR p.entity_id = $5)
        AND ($6::timestamptz IS NULL OR (p.created_at, p.id) < ($6, $7::uuid))
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT $8`,
    [
      search.from.toISOString(),
      search.to.toISOString(),
      search.model ?? null,
      search.version ?? null,
      search.entityId ?? null,
      search.beforeTime?.toISOString() ?? null,
      search.beforeId ?? null,
      search.limit,
    ],
  );
}
