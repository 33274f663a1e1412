import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { DEFAULT_MONITORING_SETTINGS } from "@/lib/monitors/shared/monitoring-settings";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, monitoredFraudManifest, seededRandom } from "../helpers/monitoring-fixtures";
import { HOUR, settleLog, streamHour } from "../helpers/stream-predictions";

// Production drawn from the training distribution itself, window after window: every alarm is a
// false one. The share of windows with any alarm (any feature or output, any segment) must stay at
// or below the configured false discovery rate, which under "nothing drifted" bounds exactly that.

let db: Database;
const START = Date.UTC(2026, 10, 16, 0);
const WINDOWS = 48;
const ROWS = 300;

beforeAll(async () => {
  db = await openTestDatabase();
  const keys = await createKeys(db);
  const rng = seededRandom(5);
  const manifest = monitoredFraudManifest(fraudRecords(rng, 5000));
  await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), manifest),
  });
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
  for (let h = 0; h < WINDOWS; h++) {
    await streamHour({
      model: "fraud",
      key: keys.predict,
      hourStart: new Date(START + h * HOUR),
      records: fraudRecords(rng, ROWS),
      batch: ROWS,
    });
  }
  await settleLog();
}, 600_000);
afterAll(async () => db.close());

describe("false alarms on data that has not drifted", () => {
  it("alarm in at most the configured share of windows, though the raw tests alone would alarm far more often", async () => {
    const outcomes = await runDriftJob(db, { model: "fraud", now: new Date(START + (WINDOWS + 1) * HOUR) });
    expect(outcomes.filter((o) => o.job === "drift" && o.status === "succeeded")).toHaveLength(WINDOWS);

    const rows = await db.sql.query<{ window_start: Date; decision: string; p_value: number | null }>(
      `SELECT window_start, decision, p_value FROM drift_results`,
    );
    const windows = new Map<number, { alarm: boolean; rawAlarm: boolean; tested: number }>();
    for (const r of rows) {
      const w = windows.get(r.window_start.getTime()) ?? { alarm: false, rawAlarm: false, tested: 0 };
      if (r.decision === "drift") w.alarm = true;
      if (r.decision !== "insufficient_data") w.tested++;
      // What "p < 0.05 on any column" would have said, without correction or effect floor.
      if (r.p_value !== null && r.p_value < 0.05) w.rawAlarm = true;
      windows.set(r.window_start.getTime(), w);
    }
    expect(windows.size).toBe(WINDOWS);
    // Features and outputs are tested in every window (segments are below the minimum size).
    for (const w of windows.values()) expect(w.tested).toBe(5);
    const rate = [...windows.values()].filter((w) => w.alarm).length / WINDOWS;
    const rawRate = [...windows.values()].filter((w) => w.rawAlarm).length / WINDOWS;
    const tested = rows.filter((r) => r.decision !== "insufficient_data");
    const perTestRate = tested.filter((r) => r.decision === "drift").length / tested.length;
    console.log(
      `false alarms over ${WINDOWS} windows: ${(rate * 100).toFixed(1)} % of windows, ${(perTestRate * 100).toFixed(2)} % of ${tested.length} tests ` +
        `(uncorrected p < 0.05 without the effect floor: ${(rawRate * 100).toFixed(1)} % of windows)`,
    );
    expect(rate).toBeLessThanOrEqual(DEFAULT_MONITORING_SETTINGS.fdr);
    expect(perTestRate).toBeLessThanOrEqual(DEFAULT_MONITORING_SETTINGS.fdr);
    expect(rawRate).toBeGreaterThan(DEFAULT_MONITORING_SETTINGS.fdr);

    const verdicts = await db.sql.query<{ verdict: string }>(`SELECT verdict FROM drift_windows WHERE segment = ''`);
    expect(verdicts.filter((v) => v.verdict === "drift").length / WINDOWS).toBeLessThanOrEqual(DEFAULT_MONITORING_SETTINGS.fdr);
  });
});
