import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { getTrafficByModel } from "@/lib/dashboard/loaders/get-traffic";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { openTestDatabase } from "../helpers/test-database";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

// The traffic series comes from the predict route's per-minute request counts: records answered
// with 2xx, summed over versions, bucketed by the range, zero-filled; never the prediction log.
const NOW = Date.UTC(2026, 10, 20, 12, 0);
const MINUTE = 60_000;

let db: Database;

async function count(model: string, version: number, minutesAgo: number, statusClass: string, records: number) {
  await db.sql.query(
    `INSERT INTO request_stats (model_name, version, minute, status_class, requests, records) VALUES ($1, $2, $3, $4, 1, $5)`,
    [model, version, new Date(NOW - minutesAgo * MINUTE).toISOString(), statusClass, records],
  );
}

beforeAll(async () => {
  db = await openTestDatabase();
  for (const name of ["fraud", "churn"])
    await registerModelVersion(db, {
      modelName: name,
      onnx: binaryModelBytes(),
      manifest: binaryManifest(),
      actor: "cli:test",
      maxBytes: 1e8,
    });
  await count("fraud", 1, 10, "2xx", 40);
  await count("fraud", 2, 10, "2xx", 2);
  await count("fraud", 1, 10, "5xx", 1000); // failed requests produced no prediction
  await count("fraud", 0, 11, "4xx", 1000);
  await count("fraud", 1, 59, "2xx", 5);
  await count("fraud", 1, 61, "2xx", 7000); // before the range
  await count("churn", 1, 30, "2xx", 3);
  await count("deleted-or-unknown", 1, 30, "2xx", 9); // not a registered model
}, 60_000);

afterAll(async () => {
  await db?.close();
});

describe("dashboard traffic", () => {
  it("sums 2xx records per bucket and model over the range, with empty buckets as zero", async () => {
    const range = parseTimeRange({ range: "1h" }, NOW);
    const traffic = await getTrafficByModel(db.sql, range);
    expect([...traffic.keys()].sort()).toEqual(["churn", "fraud"]);
    const fraud = traffic.get("fraud")!;
    expect(fraud).toHaveLength(60);
    const nonZero = fraud.filter((p) => p.predictions > 0);
    expect(nonZero).toEqual([
      { time: new Date(NOW - 59 * MINUTE).toISOString(), predictions: 5 },
      { time: new Date(NOW - 10 * MINUTE).toISOString(), predictions: 42 },
    ]);
    expect(traffic.get("churn")!.reduce((s, p) => s + p.predictions, 0)).toBe(3);
    const one = await getTrafficByModel(db.sql, range, "churn");
    expect([...one.keys()]).toEqual(["churn"]);
  });
});
