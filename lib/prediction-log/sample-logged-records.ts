import type { SqlConnection } from "@/lib/db/open-database";

export type LoggedRecordSample = {
  /** Every prediction of the version in the window. */
  predictions: number;
  /** The sampled predictions' inputs, keyed by the features' internal names as logged. */
  records: { id: string; features: Record<string, unknown> }[];
};

/**
 * A deterministic sample of one version's logged predictions in a window: a prediction is in it
 * when the hash of its id falls below `rate`, so a recomputed window explains the same records
 * (late rows only add to it), and the sample is spread over the window rather than its first
 * minutes. At most `limit`, the lowest hashes first.
 */
export async function sampleLoggedRecords(
  sql: SqlConnection,
  options: { versionId: string; start: Date; end: Date; rate: number; limit: number },
): Promise<LoggedRecordSample> {
  const window = [options.versionId, options.start.toISOString(), options.end.toISOString()];
  const [count] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM predictions WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3`,
    window,
  );
  if (count.n === 0 || options.rate <= 0) return { predictions: count.n, records: [] };
  // hashtext is int4: shifted into [0, 1) so `rate` is the expected share.
  const rows = await sql.query<{ id: string; features: Record<string, unknown> }>(
    `SELECT id::text AS id, features FROM (
       SELECT id, features, (hashtext(id::text)::float8 + 2147483648) / 4294967296 AS u
         FROM predictions WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3) s
      WHERE u < $4 ORDER BY u, id LIMIT $5`,
    [...window, options.rate, options.limit],
  );
  return { predictions: count.n, records: rows };
}
