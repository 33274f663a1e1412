import "server-only";
import type { SqlRunner } from "@/lib/db/open-database";

export type OperatingThreshold = { threshold: number; positiveClass: string };

/**
 * The operating threshold and positive class of binary versions, keyed `model@version`, for lists
 * that show a decision beside its score. Reads two fields of each manifest, not the whole document
 * (reference profiles make manifests large).
 */
export async function getOperatingThresholds(
  sql: SqlRunner,
  versions: readonly { model: string; version: number }[],
): Promise<Map<string, OperatingThreshold>> {
  if (versions.length === 0) return new Map();
  const rows = await sql.query<{ model: string; version: number; threshold: number | null; positive: string | null }>(
    `SELECT m.name AS model, v.version, (v.manifest->'outputs'->>'threshold')::float8 AS threshold,
            v.manifest->'outputs'->'classes'->>1 AS positive
       FROM model_versions v JOIN models m ON m.id = v.model_id
       JOIN unnest($1::text[], $2::int[]) AS wanted(model, version) ON wanted.model = m.name AND wanted.version = v.version
      WHERE v.manifest->>'task' = 'binary'`,
    [versions.map((v) => v.model), versions.map((v) => v.version)],
  );
  return new Map(
    rows.flatMap((r) =>
      r.threshold === null || r.positive === null
        ? []
        : [[`${r.model}@${r.version}`, { threshold: Number(r.threshold), positiveClass: r.positive }] as const],
    ),
  );
}
