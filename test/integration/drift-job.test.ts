import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, HOUR, monitoredFraudManifest, seededRandom, settleLog, streamHour } from "../helpers/monitoring-fixtures";

// Predictions go through the real predict route, hour by hour; from DRIFT_FROM on, `amount` shifts
// by two thirds of a standard deviation and the country mix turns towards FR. The drift job must
// flag exactly those two features from that hour on, and nothing before it.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const START = Date.UTC(2026, 10, 2, 0);
const HOURS = 9;
const DRIFT_FROM = 6;
const ROWS_PER_HOUR = 400;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  const rng = seededRandom(11);
  const manifest = monitoredFraudManifest(fraudRecords(rng, 5000));
  const reg = await callRoute(versionsRoute.POST, { params: { name: "fraud" }, key: keys.admin, body: registrationForm(binaryModelBytes(), manifest) });
  expect(reg.status).toBe(201);
  await callRoute(aliasRoute.PUT, { method: "PUT", params: { name: "fraud", alias: "production" }, key: keys.admin, json: { version: 1 } });
  for (let h = 0; h < HOURS; h++) {
    const drifted = h >= DRIFT_FROM;
    const records = fraudRecords(rng, ROWS_PER_HOUR, drifted ? { amountMean: 60, countries: { US: 0.2, DE: 0.3, FR: 0.5 } } : {});
    await streamHour({ model: "fraud", key: keys.predict, hourStart: new Date(START + h * HOUR), records });
  }
  await settleLog();
});
afterAll(async () => db.close());

type ResultRow = { window_start: Date; column: string; column_kind: string; decision: string; segment: string };

describe("drift job", () => {
  it("profiles the log once, then flags exactly the drifted features from the drift onwards", async () => {
    const now = new Date(START + (HOURS + 1) * HOUR);
    const outcomes = await runDriftJob(db, { model: "fraud", now });
    const profileRuns = outcomes.filter((o) => o.job === "profile");
    const driftRuns = outcomes.filter((o) => o.job === "drift");
    expect(profileRuns.map((o) => [o.status, o.rowsRead])).toEqual([["succeeded", HOURS * ROWS_PER_HOUR]]);
    expect(driftRuns).toHaveLength(HOURS);
    expect(driftRuns.every((o) => o.status === "succeeded")).toBe(true);

    const rows = await db.sql.query<ResultRow>(
      `SELECT window_start, "column", column_kind, decision, segment FROM drift_results WHERE segment = '' AND column_kind = 'feature' ORDER BY window_start, "column"`,
    );
    for (let h = 0; h < HOURS; h++) {
      const hour = rows.filter((r) => r.window_start.getTime() === START + h * HOUR);
      const flagged = hour.filter((r) => r.decision === "drift").map((r) => r.column);
      expect({ hour: h, flagged }).toEqual({ hour: h, flagged: h >= DRIFT_FROM ? ["amount", "country"] : [] });
      expect(hour.map((r) => r.decision).every((d) => d !== "insufficient_data")).toBe(true);
    }
    const verdicts = await db.sql.query<{ window_start: Date; verdict: string; features_drifted: number }>(
      `SELECT window_start, verdict, features_drifted FROM drift_windows WHERE segment = '' ORDER BY window_start`,
    );
    expect(verdicts.map((v) => v.verdict)).toEqual(Array.from({ length: HOURS }, (_, h) => (h >= DRIFT_FROM ? "drift" : "no_drift")));
  });

  it("has nothing left to do on the next tick, and no half-written window anywhere", async () => {
    const outcomes = await runDriftJob(db, { model: "fraud", now: new Date(START + (HOURS + 1) * HOUR) });
    expect(outcomes).toEqual([]);
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(DISTINCT window_start)::int AS n FROM drift_results`);
    expect(n).toBe(HOURS);
  });
});
