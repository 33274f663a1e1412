import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import * as monitoringRoute from "@/app/api/v1/models/[name]/monitoring/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, monitoredFraudManifest, seededRandom, type FraudRecord } from "../helpers/monitoring-fixtures";
import { HOUR, settleLog, streamHour } from "../helpers/stream-predictions";

// Four weeks of the same two hours. In the last week's first hour only French transactions shift
// (amount +1 sd); `is_new` goes missing four times as often; an unseen country and negative amounts
// appear; volume triples. Its second hour has a quarter of the usual volume. Segments must say the
// shift lives in FR; quality checks must flag each defect; seasonal and production-window
// references must find the FR shift too.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const WEEK = 7 * 24 * HOUR;
const H = Date.UTC(2026, 10, 2, 10);
const at = (week: number, hour: number) => new Date(H + week * WEEK + hour * HOUR);

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  const rng = seededRandom(31);
  const manifest = monitoredFraudManifest(fraudRecords(rng, 6000));
  const country = manifest.features.find((f) => f.name === "country")!;
  if (country.type === "categorical") country.unseenCategory = "map_to_unknown";
  const reg = await callRoute(versionsRoute.POST, {
    params: { name: "shop" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), manifest),
  });
  expect(reg.status).toBe(201);
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "shop", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
  for (let week = 0; week < 3; week++) {
    for (const hour of [0, 1])
      await streamHour({ model: "shop", key: keys.predict, hourStart: at(week, hour), records: fraudRecords(rng, 400) });
  }
  const frenchShift = fraudRecords(rng, 1200, { nullRate: 0.2 }).map((r): FraudRecord => {
    const u = rng.uniform();
    if (r.country === "FR") return { ...r, amount: Math.round((r.amount + 15) * 100) / 100 };
    if (u < 0.04) return { ...r, country: "IT" };
    if (u < 0.07) return { ...r, amount: -5 };
    return r;
  });
  await streamHour({ model: "shop", key: keys.predict, hourStart: at(3, 0), records: frenchShift });
  await streamHour({ model: "shop", key: keys.predict, hourStart: at(3, 1), records: fraudRecords(rng, 100) });
  await settleLog();
});
afterAll(async () => db.close());

type Result = { segment: string; column: string; decision: string };
const decisions = async (reference: string, window: Date) =>
  db.sql.query<Result>(
    `SELECT segment, "column", decision FROM drift_results WHERE reference = $1 AND window_start = $2 AND column_kind = 'feature'`,
    [reference, window],
  );
const decisionOf = (rows: Result[], segment: string, column: string) =>
  rows.find((r) => r.segment === segment && r.column === column)?.decision;

describe("segments and data quality", () => {
  it("computes the due windows of the last week and locates the shift in the FR segment", async () => {
    const outcomes = await runDriftJob(db, { model: "shop", now: at(3, 3) });
    expect(outcomes.filter((o) => o.job === "drift").map((o) => [o.windowStart, o.status])).toEqual([
      [at(3, 0).toISOString(), "succeeded"],
      [at(3, 1).toISOString(), "succeeded"],
    ]);
    const rows = await decisions("training", at(3, 0));
    expect(decisionOf(rows, "country=FR", "amount")).toBe("drift");
    expect(decisionOf(rows, "country=US", "amount")).toBe("no_drift");
    expect(decisionOf(rows, "country=DE", "amount")).toBe("no_drift");
    // The five largest segments: the unseen IT too, too small for a verdict.
    const segments = [...new Set(rows.map((r) => r.segment))].sort();
    expect(segments).toEqual(["", "country=DE", "country=FR", "country=IT", "country=US"]);
    expect(decisionOf(rows, "country=IT", "amount")).toBe("insufficient_data");

    const res = await callRoute(driftRoute.GET, {
      method: "GET",
      path: `/api/v1/models/shop/drift?from=${at(3, 0).toISOString()}&to=${at(3, 2).toISOString()}&feature=amount&segment=country%3DFR`,
      params: { name: "shop" },
      key: keys.read,
    });
    expect(res.status).toBe(200);
    expect(res.json.segment).toBe("country=FR");
    expect(res.json.series[0].points[0]).toMatchObject({ decision: "drift" });
    expect(res.json.windows[0]).toMatchObject({ verdict: expect.any(String), featuresDrifted: 1 });
  });

  it("flags missing values, unseen categories, out-of-range values and volume against previous weeks", async () => {
    const quality = await db.sql.query<{
      window_start: Date;
      column: string;
      check: string;
      value: number;
      expected: number | null;
      flagged: boolean;
      details: Record<string, unknown>;
    }>(
      `SELECT window_start, "column", "check", value, expected, flagged, details FROM quality_results WHERE segment = '' AND reference = 'training' ORDER BY window_start`,
    );
    const check = (hour: number, column: string, name: string) =>
      quality.find((q) => q.window_start.getTime() === at(3, hour).getTime() && q.column === column && q.check === name)!;
    expect(check(0, "is_new", "missing_rate")).toMatchObject({ flagged: true });
    expect(check(0, "is_new", "missing_rate").value).toBeGreaterThan(0.15);
    expect(check(0, "country", "unseen_categories")).toMatchObject({
      flagged: true,
      details: { examples: { IT: expect.any(Number) } },
    });
    expect(check(0, "amount", "out_of_range")).toMatchObject({ flagged: true });
    expect(check(0, "amount", "out_of_range").value).toBeGreaterThan(0.01);
    expect(check(0, "", "volume")).toMatchObject({ value: 1200, expected: 400, flagged: true, details: { direction: "above" } });
    expect(check(1, "", "volume")).toMatchObject({ value: 100, expected: 400, flagged: true, details: { direction: "below" } });
    // The quieter hour has nothing wrong but its volume.
    expect(check(1, "is_new", "missing_rate").flagged).toBe(false);
    expect(check(1, "country", "unseen_categories").flagged).toBe(false);
  });

  it("compares with the same hours of previous weeks when the reference is seasonal", async () => {
    const put = await callRoute(monitoringRoute.PUT, {
      method: "PUT",
      params: { name: "shop" },
      key: keys.admin,
      json: { reference: { kind: "seasonal", weeks: 3 } },
    });
    expect(put.status).toBe(200);
    expect(put.json.settings.reference).toEqual({ kind: "seasonal", weeks: 3 });
    const outcomes = await runDriftJob(db, { model: "shop", now: at(3, 3) });
    // A new reference means new results for the windows in the lookback.
    expect(outcomes.filter((o) => o.job === "drift" && o.status === "succeeded")).toHaveLength(2);
    const rows = await decisions("seasonal:3w", at(3, 0));
    expect(decisionOf(rows, "country=FR", "amount")).toBe("drift");
    expect(decisionOf(rows, "country=US", "amount")).toBe("no_drift");
    // More missing values leave the distribution of the present ones as it was: a quality issue, not drift.
    expect(decisionOf(rows, "", "is_new")).toBe("no_drift");
    const referenceSizes = await db.sql.query<{ reference_size: number }>(
      `SELECT reference_size FROM drift_results WHERE reference = 'seasonal:3w' AND window_start = $1 AND segment = '' AND "column" = 'amount'`,
      [at(3, 0)],
    );
    expect(referenceSizes[0].reference_size).toBe(1200);
  });

  it("compares with a chosen production window", async () => {
    // Both hours of the first two weeks: enough French rows for a verdict on that segment.
    const from = at(0, 0).toISOString();
    const to = at(1, 2).toISOString();
    await callRoute(monitoringRoute.PUT, {
      method: "PUT",
      params: { name: "shop" },
      key: keys.admin,
      json: { reference: { kind: "window", from, to } },
    });
    const outcomes = await runDriftJob(db, { model: "shop", window: { start: at(3, 0), end: at(3, 1) } });
    expect(outcomes.map((o) => [o.job, o.status, o.windowStart])).toEqual([["drift", "succeeded", at(3, 0).toISOString()]]);
    const rows = await decisions(`window:${from}/${to}`, at(3, 0));
    expect(decisionOf(rows, "country=FR", "amount")).toBe("drift");
    expect(decisionOf(rows, "country=US", "amount")).toBe("no_drift");
  });
});
