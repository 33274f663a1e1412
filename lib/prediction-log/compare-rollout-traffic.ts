import type { SqlConnection } from "@/lib/db/open-database";

export type RolloutTrafficSide = {
  /** Rows this version answered to callers (source null). */
  served: number;
  /** Rows it logged as a shadow, never returned (the challenger only). */
  shadow: number;
  /** Share of each label among its rows (classification); its own rows: served, else shadow. */
  labelShares: Record<string, number>;
  /** Mean predicted value over the same rows (regression). */
  meanValue: number | null;
  /** Its own compute time per request in milliseconds over those rows (shadow rows time the challenger alone). */
  latency: { meanMs: number; p99Ms: number } | null;
};

export type RolloutTraffic = {
  champion: RolloutTrafficSide;
  challenger: RolloutTrafficSide;
  /** Shadow rows joined to the champion's row for the same record, over the window. */
  pairs: { count: number; agreement: number | null; meanAbsDifference: number | null };
};

/**
 * Champion and challenger on the same traffic window, from the prediction log: what each answered
 * (counts, label shares or mean value, compute time) and, for a shadow, the pairwise agreement
 * (same label) and mean |difference| (regression) between each shadow row and its champion row.
 */
export async function compareRolloutTraffic(
  sql: SqlConnection,
  options: { championVersionId: string; challengerVersionId: string; start: Date; end: Date },
): Promise<RolloutTraffic> {
  const window = [options.start.toISOString(), options.end.toISOString()];
  const side = async (versionId: string): Promise<RolloutTrafficSide> => {
    const [counts] = await sql.query<{ served: number; shadow: number }>(
      `SELECT count(*) FILTER (WHERE source IS NULL)::int AS served, count(*) FILTER (WHERE source = 'shadow')::int AS shadow
         FROM predictions WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3`,
      [versionId, ...window],
    );
    // The version's own answers: what it served, or for a pure shadow what it would have served.
    const source = counts.served > 0 ? "source IS NULL" : "source = 'shadow'";
    const rows = `FROM predictions WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3 AND ${source}`;
    const [labels, summary] = await Promise.all([
      sql.query<{ label: string; n: number }>(
        `SELECT output->>'label' AS label, count(*)::int AS n ${rows} AND output->>'label' IS NOT NULL GROUP BY 1`,
        [versionId, ...window],
      ),
      sql.query<{ mean_value: number | null; mean_ms: number | null; p99_ms: number | null }>(
        `SELECT avg((output->>'value')::float8) FILTER (WHERE jsonb_typeof(output->'value') = 'number') AS mean_value,
                avg(latency_ms)::float8 AS mean_ms,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms)::float8 AS p99_ms ${rows}`,
        [versionId, ...window],
      ),
    ]);
    const labelled = labels.reduce((s, l) => s + l.n, 0);
    const { mean_value, mean_ms, p99_ms } = summary[0];
    return {
      served: counts.served,
      shadow: counts.shadow,
      labelShares: Object.fromEntries(labels.map((l) => [l.label, l.n / labelled])),
      meanValue: mean_value,
      latency: mean_ms === null || p99_ms === null ? null : { meanMs: mean_ms, p99Ms: p99_ms },
    };
  };
  // The pair shares created_at (the partition key), so each join probe reads one partition's index.
  const pairs = sql.query<{ count: number; agreement: number | null; mean_abs: number | null }>(
    `SELECT count(*)::int AS count,
            avg(CASE WHEN s.output->>'label' = c.output->>'label' THEN 1 ELSE 0 END)
              FILTER (WHERE s.output->>'label' IS NOT NULL AND c.output->>'label' IS NOT NULL)::float8 AS agreement,
            avg(abs((s.output->>'value')::float8 - (c.output->>'value')::float8))
              FILTER (WHERE jsonb_typeof(s.output->'value') = 'number' AND jsonb_typeof(c.output->'value') = 'number') AS mean_abs
       FROM predictions s
       JOIN predictions c ON c.id = s.paired_prediction_id AND c.created_at = s.created_at
      WHERE s.model_version_id = $1::uuid AND s.source = 'shadow' AND s.created_at >= $3 AND s.created_at < $4
        AND c.model_version_id = $2::uuid`,
    [options.challengerVersionId, options.championVersionId, ...window],
  );
  const [champion, challenger, [paired]] = await Promise.all([
    side(options.championVersionId),
    side(options.challengerVersionId),
    pairs,
  ]);
  return {
    champion,
    challenger,
    pairs: { count: paired.count, agreement: paired.agreement, meanAbsDifference: paired.mean_abs },
  };
}
