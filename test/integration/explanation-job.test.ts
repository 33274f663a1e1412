import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { PredictionBatchWriter } from "@/lib/prediction-log/batch-writer";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { sampleLoggedRecords } from "@/lib/prediction-log/sample-logged-records";
import { readImportance, readImportanceShares } from "@/lib/monitors/explanations/importance-store";
import { putMonitoringSettings } from "@/lib/monitors/shared/monitoring-settings-store";
import { runExplanationJob } from "@/jobs/monitoring/explanation-job";
import { openTestDatabase } from "../helpers/test-database";
import { createKeys } from "../helpers/fixtures";
import { registerFraudModel, versionId } from "../helpers/alert-fixtures";
import { fraudRecords, fraudScore, monitoredFraudManifest, seededRandom, type FraudRecord } from "../helpers/monitoring-fixtures";

// The explanations job (issue 17): a deterministic sample of each closed hour's predictions is
// explained and its mean |attribution| per feature stored, so pages and alerts can say which
// features drive the model now.

const HOUR = 3_600_000;
const H0 = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
let db: Database;
let v1: string;

async function logHour(hour: number, records: FraudRecord[], offset = 0) {
  const rows = records.map((r, i) => {
    const at = H0 + hour * HOUR + Math.floor(((i + offset) * HOUR) / 1000) + 1;
    const p = fraudScore(r);
    return {
      id: uuidv7(at),
      createdAt: new Date(at),
      modelVersionId: v1,
      entityId: null,
      features: r,
      output: { label: p >= 0.5 ? "fraud" : "legit", probabilities: { legit: 1 - p, fraud: p } },
      latencyMs: 1,
      apiKeyId: null,
    };
  });
  await new PredictionBatchWriter({ sql: db.sql }).write(rows, "durable");
}

const window = (hour: number) => ({ start: new Date(H0 + hour * HOUR), end: new Date(H0 + (hour + 1) * HOUR) });

beforeAll(async () => {
  db = await openTestDatabase();
  const keys = await createKeys(db);
  const rng = seededRandom(11);
  await registerFraudModel(keys.admin, "fraud", monitoredFraudManifest(fraudRecords(rng, 2000)));
  v1 = await versionId(db, "fraud");
  await putMonitoringSettings(
    db.prisma,
    "fraud",
    { explanations: { sampleRate: 0.2, maxPerWindow: 60, minRecords: 30 } },
    "test",
  );
  // Hour 0: amounts barely vary; hour 2: they spread eight times wider, so amount must matter more there.
  await logHour(0, fraudRecords(rng, 400, { amountSd: 2 }));
  await logHour(1, fraudRecords(rng, 400));
  await logHour(2, fraudRecords(rng, 400, { amountSd: 16 }));
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe("sampling the log", () => {
  it("takes the same predictions every time, about the share asked, at most the limit", async () => {
    const options = { versionId: v1, ...window(1), rate: 0.2, limit: 1000 };
    const first = await sampleLoggedRecords(db.sql, options);
    const again = await sampleLoggedRecords(db.sql, options);
    expect(first.predictions).toBe(400);
    expect(again.records.map((r) => r.id)).toEqual(first.records.map((r) => r.id));
    // Binomial(400, 0.2): mean 80, sd 8; ±4 sd.
    expect(first.records.length).toBeGreaterThan(48);
    expect(first.records.length).toBeLessThan(112);
    expect(first.records[0].features).toHaveProperty("amount");
    const capped = await sampleLoggedRecords(db.sql, { ...options, limit: 10 });
    expect(capped.records.map((r) => r.id)).toEqual(first.records.slice(0, 10).map((r) => r.id));
    expect((await sampleLoggedRecords(db.sql, { ...options, rate: 0 })).records).toEqual([]);
  });
});

describe("the explanations job", () => {
  it("stores each closed hour's production importance, and recomputes only what late rows changed", async () => {
    const outcomes = await runExplanationJob(db, { model: "fraud", trigger: "schedule" });
    expect(outcomes.map((o) => [o.windowStart, o.status])).toEqual(
      [0, 1, 2].map((h) => [window(h).start.toISOString(), "succeeded"]),
    );
    const rows = await readImportance(db.sql, {
      versionIds: [v1],
      from: window(0).start,
      to: window(3).start,
      minimum: 30,
      now: new Date(),
    });
    expect(new Set(rows.map((r) => r.feature))).toEqual(new Set(["amount", "country", "is_new"]));
    for (const r of rows) {
      expect(r.records).toBe(60);
      expect(r.predictions).toBe(400);
      expect(r.provisional).toBe(false);
      expect(r.space).toBe("probability");
      expect(r.mean_abs).toBeGreaterThanOrEqual(Math.abs(r.mean));
    }
    const share = async (hour: number) =>
      (await readImportanceShares(db.sql, {
        versionId: v1,
        ...{ from: window(hour).start, to: window(hour).end },
        minimum: 30,
        now: new Date(),
      }))!.get("amount")!;
    expect(await share(2)).toBeGreaterThan((await share(0)) + 0.2);

    expect(await runExplanationJob(db, { model: "fraud", trigger: "schedule" })).toEqual([]);
    await logHour(1, fraudRecords(seededRandom(3), 20), 500);
    const again = await runExplanationJob(db, { model: "fraud", trigger: "schedule" });
    expect(again.map((o) => [o.windowStart, o.status])).toEqual([[window(1).start.toISOString(), "succeeded"]]);
  });
});
