import type { Database } from "@/lib/db/open-database";
import { DAY_MS } from "@/lib/core/time/durations";
import { dayStart, ensureDayPartition } from "@/lib/prediction-log/partitions";

export type SyntheticFeature = { name: string; mean: number; sd: number };

/**
 * Writes predictions straight into the log with SQL, for large-sample tests and benchmarks where a
 * million requests through HTTP would only measure HTTP: each feature normal (Box–Muller on
 * Postgres's random(), seeded, so the data is the same every time), rounded to 4 decimals like
 * real JSON input, the output value their sum, created_at evenly spread over [start, start + span).
 * The rows go in through plain INSERTs, so logged_at is stamped as for the log writer's.
 */
export async function insertSyntheticPredictions(
  db: Database,
  options: {
    versionId: string;
    start: Date;
    spanMs: number;
    rows: number;
    features: SyntheticFeature[];
    seed: number;
    chunkRows?: number;
  },
): Promise<void> {
  const { rows, features } = options;
  for (let day = dayStart(options.start); day < options.start.getTime() + options.spanMs; day += DAY_MS)
    await ensureDayPartition(db.sql, day);
  const values = features
    .map((f, i) => `${f.mean} + ${f.sd} * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS v${i}`)
    .join(", ");
  const json = features.map((f, i) => `'${f.name}', round(v${i}::numeric, 4)`).join(", ");
  const total = features.map((_, i) => `round(v${i}::numeric, 4)`).join(" + ");
  const chunk = options.chunkRows ?? 100_000;
  for (let from = 0; from < rows; from += chunk) {
    const to = Math.min(rows, from + chunk);
    await db.sql.transaction(async (tx) => {
      // One seed per chunk, on the connection that draws the numbers.
      await tx.query("SELECT setseed($1)", [((options.seed * 7919 + from / chunk) % 1000) / 1000]);
      await tx.query(
        `INSERT INTO predictions (id, created_at, model_version_id, features, output, latency_ms)
         SELECT gen_random_uuid(), $1::timestamptz + (g * $2::double precision) * interval '1 millisecond', $3::uuid,
           jsonb_build_object(${json}), jsonb_build_object('value', ${total}), 0.5
         FROM (SELECT g, ${values} FROM generate_series($4::int, $5::int - 1) AS g) AS drawn`,
        [options.start.toISOString(), options.spanMs / rows, options.versionId, from, to],
      );
    });
  }
}
