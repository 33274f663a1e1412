import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import * as histogramRoute from "@/app/api/v1/models/[name]/drift/histogram/route";
import * as runsRoute from "@/app/api/v1/jobs/runs/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, monitoredFraudManifest, seededRandom } from "../helpers/monitoring-fixtures";
import { HOUR, settleLog, streamHour } from "../helpers/stream-predictions";

// Predictions go through the real predict route, hour by hour; from DRIFT_FROM on, `amount` shifts
// by two thirds of a standard deviation and the country mix turns towards FR. The drift job must
// flag exactly those two features from that hour on, and nothing before it. A last hour holds only
// TINY_ROWS predictions (drifted too): that is "insufficient data", not a verdict either way.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const START = Date.UTC(2026, 10, 2, 0);
const HOURS = 9;
const DRIFT_FROM = 6;
const ROWS_PER_HOUR = 400;
const TINY_ROWS = 60;
const TINY_HOUR = HOURS;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  const rng = seededRandom(11);
  const manifest = monitoredFraudManifest(fraudRecords(rng, 5000));
  const reg = await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), manifest),
  });
  expect(reg.status).toBe(201);
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
  for (let h = 0; h < HOURS; h++) {
    const drifted = h >= DRIFT_FROM;
    const records = fraudRecords(rng, ROWS_PER_HOUR, drifted ? { amountMean: 60, countries: { US: 0.2, DE: 0.3, FR: 0.5 } } : {});
    await streamHour({ model: "fraud", key: keys.predict, hourStart: new Date(START + h * HOUR), records });
  }
  const tiny = fraudRecords(rng, TINY_ROWS, { amountMean: 60, countries: { US: 0.2, DE: 0.3, FR: 0.5 } });
  await streamHour({
    model: "fraud",
    key: keys.predict,
    hourStart: new Date(START + TINY_HOUR * HOUR),
    records: tiny,
    batch: 20,
  });
  await settleLog();
});
afterAll(async () => db.close());

type ResultRow = { window_start: Date; column: string; column_kind: string; decision: string; segment: string };

describe("drift job", () => {
  it("profiles the log once, then flags exactly the drifted features from the drift onwards", async () => {
    const now = new Date(START + (HOURS + 2) * HOUR);
    const outcomes = await runDriftJob(db, { model: "fraud", now });
    const profileRuns = outcomes.filter((o) => o.job === "profile");
    const driftRuns = outcomes.filter((o) => o.job === "drift");
    expect(profileRuns.map((o) => [o.status, o.rowsRead])).toEqual([["succeeded", HOURS * ROWS_PER_HOUR + TINY_ROWS]]);
    expect(driftRuns).toHaveLength(HOURS + 1);
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
    expect(verdicts.map((v) => v.verdict)).toEqual([
      ...Array.from({ length: HOURS }, (_, h) => (h >= DRIFT_FROM ? "drift" : "no_drift")),
      "insufficient_data",
    ]);
  });

  it("calls a tiny window insufficient data, never no drift", async () => {
    const tiny = await db.sql.query<{ decision: string; current_size: number; note: string }>(
      `SELECT decision, current_size, note FROM drift_results WHERE window_start = $1 AND segment = ''`,
      [new Date(START + TINY_HOUR * HOUR)],
    );
    expect(tiny.length).toBeGreaterThan(0);
    for (const r of tiny) {
      expect(r.decision).toBe("insufficient_data");
      expect(r.current_size).toBeLessThan(200);
      expect(r.note).toMatch(/fewer than 200 values/);
    }
  });

  it("serves the results as chart series, one point per window, through the API", async () => {
    const from = new Date(START).toISOString();
    const to = new Date(START + (HOURS + 1) * HOUR).toISOString();
    const res = await callRoute(driftRoute.GET, {
      method: "GET",
      path: `/api/v1/models/fraud/drift?from=${from}&to=${to}&feature=amount`,
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      model: "fraud",
      version: 1,
      segment: "",
      reference: "training",
      rule: { fdr: 0.05, minSampleSize: 200 },
    });
    expect(res.json.series).toHaveLength(1);
    const series = res.json.series[0];
    expect(series).toMatchObject({ column: "amount", kind: "feature", method: "ks", effectMethod: "wasserstein_normed" });
    expect(series.points.map((p: { decision: string }) => p.decision)).toEqual([
      ...Array.from({ length: HOURS }, (_, h) => (h >= DRIFT_FROM ? "drift" : "no_drift")),
      "insufficient_data",
    ]);
    for (const [h, p] of series.points.slice(0, HOURS).entries()) {
      expect(p.start).toBe(new Date(START + h * HOUR).toISOString());
      expect(p.currentSize).toBe(ROWS_PER_HOUR);
      expect(p.referenceSize).toBe(5000);
      // The shift is two thirds of a standard deviation; noise stays far below the 0.1 floor's reach.
      if (h >= DRIFT_FROM) expect(p.effectSize).toBeGreaterThan(0.4);
      else expect(p.effectSize).toBeLessThan(0.15);
    }
    expect(res.json.windows).toHaveLength(HOURS + 1);
    expect(res.json.quality.map((q: { check: string }) => q.check)).toEqual(
      expect.arrayContaining(["missing_rate", "out_of_range", "volume"]),
    );
    expect(res.json.segments).toEqual(["country=DE", "country=FR", "country=US"]);
  });

  it("draws the reference against the current histogram for any window", async () => {
    const from = new Date(START + DRIFT_FROM * HOUR).toISOString();
    const to = new Date(START + HOURS * HOUR).toISOString();
    const res = await callRoute(histogramRoute.GET, {
      method: "GET",
      path: `/api/v1/models/fraud/drift/histogram?feature=amount&from=${from}&to=${to}&bins=10`,
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ kind: "numeric", referenceRows: 5000, currentRows: (HOURS - DRIFT_FROM) * ROWS_PER_HOUR });
    type Bin = { from: number; to: number; reference: number; current: number; region: string };
    const bins: Bin[] = res.json.bins;
    expect(bins.reduce((s, b) => s + b.reference, 0)).toBe(5000);
    expect(bins.reduce((s, b) => s + b.current, 0)).toBe((HOURS - DRIFT_FROM) * ROWS_PER_HOUR);
    for (let i = 1; i < bins.length; i++) expect(bins[i].from).toBe(bins[i - 1].to);
    const inside = bins.filter((b) => b.region === "inside");
    expect(inside).toHaveLength(10);
    // Display bins hold a tenth of the reference each; the shifted current data piles into the upper ones.
    for (const b of inside) expect(b.reference / 5000).toBeCloseTo(0.1, 1);
    const mean = (side: "reference" | "current") =>
      bins.reduce((s, b) => s + ((b.from + b.to) / 2) * b[side], 0) / bins.reduce((s, b) => s + b[side], 0);
    expect(mean("current") - mean("reference")).toBeGreaterThan(7);

    const categorical = await callRoute(histogramRoute.GET, {
      method: "GET",
      path: `/api/v1/models/fraud/drift/histogram?feature=country&from=${from}&to=${to}`,
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(categorical.status).toBe(200);
    const fr = categorical.json.bins.find((b: { category: string }) => b.category === "FR");
    expect(fr.referenceShare).toBeCloseTo(0.2, 1);
    expect(fr.currentShare).toBeCloseTo(0.5, 1);
  });

  it("lists every run with its window, rows read and outcome", async () => {
    const res = await callRoute(runsRoute.GET, {
      method: "GET",
      path: "/api/v1/jobs/runs?model=fraud&limit=500",
      params: {},
      key: keys.read,
    });
    expect(res.status).toBe(200);
    const runs = res.json.runs as {
      job: string;
      status: string;
      rowsRead: number;
      windowStart: string | null;
      windowEnd: string | null;
      version: number;
    }[];
    const profile = runs.filter((r) => r.job === "profile");
    const drift = runs.filter((r) => r.job === "drift");
    expect(profile).toHaveLength(1);
    expect(profile[0]).toMatchObject({ status: "succeeded", rowsRead: HOURS * ROWS_PER_HOUR + TINY_ROWS, version: 1 });
    expect(drift).toHaveLength(HOURS + 1);
    expect(new Set(drift.map((r) => r.windowStart)).size).toBe(HOURS + 1);
    expect(drift.every((r) => r.status === "succeeded" && Date.parse(r.windowEnd!) - Date.parse(r.windowStart!) === HOUR)).toBe(
      true,
    );
  });

  it("has nothing left to do on the next tick, and no half-written window anywhere", async () => {
    const outcomes = await runDriftJob(db, { model: "fraud", now: new Date(START + (HOURS + 2) * HOUR) });
    expect(outcomes).toEqual([]);
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(DISTINCT window_start)::int AS n FROM drift_results`);
    expect(n).toBe(HOURS + 1);
  });
});
