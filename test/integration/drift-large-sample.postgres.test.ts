import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { openTestDatabase } from "../helpers/test-database";
import { insertSyntheticPredictions } from "../helpers/bulk-log";
import { MEAN, SD, sumManifest, sumModelBytes } from "../helpers/large-sample-model";

// A million predictions in the log (written with SQL: HTTP would add nothing but hours), then the
// real profile and drift jobs. `x` moved by 0.1 % of its mean (0.05 standard deviations): no alarm.
// `z` moved by 0.25 standard deviations: an alarm. The same case at the profile level, on both
// backends, is test/unit/drift-large-sample-decision.test.ts.

let db: Database;
const START = new Date(Date.UTC(2026, 10, 20, 0));
const ROWS = 1_000_000;

beforeAll(async () => {
  db = await openTestDatabase();
  const { version } = await registerModelVersion(db, {
    modelName: "sum",
    onnx: sumModelBytes(["x", "z"]),
    manifest: sumManifest(["x", "z"], 200_000),
    actor: "test",
    maxBytes: 1e8,
  });
  const [row] = await db.sql.query<{ id: string }>(`SELECT id::text AS id FROM model_versions WHERE version = $1`, [version]);
  await insertSyntheticPredictions(db, {
    versionId: row.id,
    start: START,
    spanMs: 4 * 3_600_000,
    rows: ROWS,
    seed: 17,
    features: [
      { name: "x", mean: MEAN * 1.001, sd: SD },
      { name: "z", mean: MEAN + 0.25 * SD, sd: SD },
    ],
  });
  await new Promise((r) => setTimeout(r, 1_100));
}, 900_000);
afterAll(async () => db.close());

describe("a million logged predictions", () => {
  it("a 0.1 % mean shift is not an alarm; a quarter of a standard deviation is", async () => {
    const window = { start: START, end: new Date(START.getTime() + 4 * 3_600_000) };
    const outcomes = await runDriftJob(db, { model: "sum", window });
    expect(outcomes.map((o) => [o.job, o.status, o.rowsRead])).toEqual([
      ["profile", "succeeded", ROWS],
      ["drift", "succeeded", ROWS],
    ]);
    const rows = await db.sql.query<{
      column: string;
      decision: string;
      p_value: number;
      p_adjusted: number;
      effect_size: number;
      current_size: number;
    }>(
      `SELECT "column", decision, p_value, p_adjusted, effect_size, current_size FROM drift_results WHERE column_kind = 'feature' ORDER BY "column"`,
    );
    const [x, z] = rows;
    expect(x).toMatchObject({ column: "x", current_size: ROWS, decision: "no_drift" });
    expect(x.p_value).toBeLessThan(1e-10);
    expect(x.p_adjusted).toBeLessThan(0.05);
    expect(x.effect_size).toBeGreaterThan(0.03);
    expect(x.effect_size).toBeLessThan(0.07);
    expect(z).toMatchObject({ column: "z", decision: "drift" });
    expect(z.effect_size).toBeGreaterThan(0.2);
  }, 900_000);
});
