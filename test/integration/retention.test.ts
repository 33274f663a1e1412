import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { PredictionBatchWriter } from "@/lib/prediction-log/batch-writer";
import { applyRetention } from "@/lib/prediction-log/apply-retention";
import { listDayPartitions } from "@/lib/prediction-log/partitions";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { openTestDatabase } from "../helpers/test-database";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db.close());

const DAY = 86_400_000;
const row = (at: number) => ({
  id: uuidv7(at),
  createdAt: new Date(at),
  modelVersionId: "00000000-0000-4000-8000-000000000001",
  entityId: null,
  features: { x: 1 },
  output: { value: 2 },
  latencyMs: 0.5,
  apiKeyId: null,
});

describe("prediction log batching and retention", () => {
  it("writes concurrent requests in shared group commits", async () => {
    const writer = new PredictionBatchWriter({ sql: db.sql });
    const now = Date.UTC(2026, 10, 25, 12);
    await Promise.all(Array.from({ length: 200 }, (_, i) => writer.write([row(now + i)], "durable")));
    expect(writer.stats.rowsWritten).toBe(200);
    // 200 requests arriving together must not cost 200 INSERTs.
    expect(writer.stats.flushes).toBeLessThanOrEqual(3);
  });

  it("drops whole-day partitions older than the cutoff and keeps the rest", async () => {
    const writer = new PredictionBatchWriter({ sql: db.sql });
    const today = Date.UTC(2026, 10, 25);
    for (const daysAgo of [40, 31, 30, 1]) await writer.write([row(today - daysAgo * DAY + 3_600_000)], "durable");
    const result = await applyRetention(db.sql, { days: 30, now: new Date(today + 5 * 3_600_000) });
    expect(result.cutoff).toBe("2026-10-26T00:00:00.000Z");
    // Each write also creates the next day's partition ahead of time; empty old ones go too.
    expect(result.droppedPartitions).toEqual(["predictions_20261016", "predictions_20261017", "predictions_20261025"]);
    const left = await db.sql.query<{ day: string }>(
      "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM predictions ORDER BY 1",
    );
    expect([...new Set(left.map((r) => r.day))]).toEqual(["2026-10-26", "2026-11-24", "2026-11-25"]);
    const partitions = (await listDayPartitions(db.sql)).map((p) => p.name);
    expect(partitions).not.toContain("predictions_20261016");
    expect(partitions).toContain("predictions_20261026");
  });

  it("deletes old rows that landed in the default partition", async () => {
    // A row for a day whose partition was never created goes to the default partition.
    await db.sql.query(
      `INSERT INTO predictions (id, created_at, model_version_id, features, output, latency_ms) VALUES ($1, $2, $3, '{}', '{}', 1)`,
      [uuidv7(Date.UTC(2025, 0, 1)), "2025-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000001"],
    );
    const result = await applyRetention(db.sql, { days: 30, now: new Date(Date.UTC(2026, 10, 25)) });
    expect(result.deletedFromDefault).toBe(1);
  });

  it("deletes the per-minute request counts older than the cutoff with the predictions", async () => {
    const counts = (minutes: string[]) =>
      db.sql.query(
        `INSERT INTO request_stats (model_name, version, minute, status_class, requests, records)
         SELECT 'fraud', 1, m, '2xx', 3, 3 FROM unnest($1::timestamptz[]) AS m`,
        [minutes],
      );
    await counts(["2026-09-01T10:00:00Z", "2026-10-25T23:59:00Z", "2026-10-26T00:00:00Z", "2026-11-24T08:00:00Z"]);
    const result = await applyRetention(db.sql, { days: 30, now: new Date(Date.UTC(2026, 10, 25, 5)) });
    expect(result.deletedRequestStats).toBe(2);
    const left = await db.sql.query<{ minute: Date }>("SELECT minute FROM request_stats ORDER BY minute");
    expect(left.map((r) => new Date(r.minute).toISOString())).toEqual(["2026-10-26T00:00:00.000Z", "2026-11-24T08:00:00.000Z"]);
  });

  it("refuses a retention of less than a day", async () => {
    await expect(applyRetention(db.sql, { days: 0 })).rejects.toThrow("days must be a whole number of at least 1");
  });
});
