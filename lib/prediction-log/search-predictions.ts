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
 * touched. Keyset pagination keeps deep pages as cheap as the first, provided each condition is an
 * index range: absent filters are left out of the SQL rather than written `$n IS NULL OR …` (which
 * a generic plan cannot use as an index bound), and a model filter reads each of its versions
 * through predictions_version_keyset_idx, at most `limit` rows apiece, instead of filtering the
 * whole time range and sorting it.
 */
export async function searchPredictions(sql: SqlRunner, search: PredictionSearch): Promise<PredictionListRow[]> {
  const params: unknown[] = [search.from.toISOString(), search.to.toISOString(), search.limit];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ["p.created_at >= $1", "p.created_at < $2"];
  if (search.entityId !== undefined) where.push(`p.entity_id = ${add(search.entityId)}`);
  if (search.beforeTime !== undefined) {
    // Without an id the cursor is a time: everything strictly older.
    where.push(
      search.beforeId !== undefined
        ? `(p.created_at, p.id) < (${add(search.beforeTime.toISOString())}::timestamptz, ${add(search.beforeId)}::uuid)`
        : `p.created_at < ${add(search.beforeTime.toISOString())}`,
    );
  }
  const columns = "p.id::text AS id, p.created_at, s.model, s.version, p.entity_id, p.features, p.output, p.latency_ms";
  if (search.model === undefined && search.version === undefined) {
    return sql.query<PredictionListRow>(
      `SELECT ${columns}
         FROM predictions p
         JOIN LATERAL (SELECT m.name AS model, v.version FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.id = p.model_version_id) s ON true
        WHERE ${where.join(" AND ")}
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT $3`,
      params,
    );
  }
  const versionWhere = [
    ...(search.model !== undefined ? [`m.name = ${add(search.model)}`] : []),
    ...(search.version !== undefined ? [`v.version = ${add(search.version)}`] : []),
  ];
  return sql.query<PredictionListRow>(
    `SELECT ${columns}
       FROM (SELECT v.id, v.version, m.name AS model FROM model_versions v JOIN models m ON m.id = v.model_id WHERE ${versionWhere.join(" AND ")}) s
       CROSS JOIN LATERAL (
         SELECT * FROM predictions p
          WHERE p.model_version_id = s.id AND ${where.join(" AND ")}
          ORDER BY p.created_at DESC, p.id DESC
          LIMIT $3) p
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT $3`,
    params,
  );
}
