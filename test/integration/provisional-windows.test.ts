import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as performanceRoute from "@/app/api/v1/models/[name]/performance/route";
import * as serviceRoute from "@/app/api/v1/models/[name]/service/route";
import * as businessRoute from "@/app/api/v1/models/[name]/business/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { loadModelHealth } from "@/lib/dashboard/loaders/load-model-health";
import { getRequestStats } from "@/lib/serving/request-stats";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";
import { fraudRecords, seededRandom, settleLog } from "../helpers/monitoring-fixtures";
import { disableRules, registerFraudModel, versionId } from "../helpers/alert-fixtures";

// Issue 15: a window still open, or holding fewer values than its minimum (outcomes.minLabels = 30
// labels, service.minRequests = 100 requests, business.minPredictionsPerDecile = 30), is
// provisional in the store rows and the API, and never breaches an SLA or performance verdict nor
// raises an alert; a closed window with enough values does (so these tests can fail).
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 3, 0);
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let v1: string;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  await registerFraudModel(keys.admin, "fraud");
  await disableRules(db, "fraud");
  v1 = await versionId(db, "fraud");
});
afterAll(async () => db.close());

const at = (h: number) => new Date(START + h * HOUR);
const window = (h: number) => [at(h).toISOString(), at(h + 1).toISOString()];

function service(h: number, options: { requests: number; p99: number; start?: Date }) {
  const start = options.start ?? at(h);
  return db.sql.query(
    `INSERT INTO service_results (run_id, model_version_id, window_start, window_end, requests, errors, rows, p50_ms, p95_ms, p99_ms, requests_per_s, rows_per_s, error_rate, sla_p99_ms, sla_min_rps, breaches)
     VALUES (0, $1::uuid, $2::timestamptz, $3::timestamptz, $4::int, 0, $4::int, 5, 20, $5, 0.28, 0.28, 0, 50, NULL, '[]')`,
    [v1, start.toISOString(), new Date(start.getTime() + HOUR).toISOString(), options.requests, options.p99],
  );
}

function performance(h: number, options: { labeled: number; value: number; meets: boolean | null; start?: Date }) {
  const start = options.start ?? at(h);
  return db.sql.query(
    `INSERT INTO performance_results (run_id, model_version_id, window_start, window_end, kind, predictions, labeled, label_coverage, metrics, primary_metric, primary_value, meets_threshold)
     VALUES (0, $1::uuid, $2::timestamptz, $3::timestamptz, 'realized', 1000, $4::int, $4::int / 1000.0, '{}', 'auc', $5, $6)`,
    [v1, start.toISOString(), new Date(start.getTime() + HOUR).toISOString(), options.labeled, options.value, options.meets],
  );
}

function business(h: number, options: { predictions: number; rate: number; start?: Date }) {
  const start = options.start ?? at(h);
  return db.sql.query(
    `INSERT INTO business_results (run_id, model_version_id, window_start, window_end, name, predictions, events, sum, rate, deciles)
     VALUES (0, $1::uuid, $2::timestamptz, $3::timestamptz, 'conversion', $4::int, $5::int, $5::int, $6, '[]')`,
    [
      v1,
      start.toISOString(),
      new Date(start.getTime() + HOUR).toISOString(),
      options.predictions,
      Math.round(options.predictions * options.rate),
      options.rate,
    ],
  );
}

async function rule(body: Record<string, unknown>) {
  const res = await callRoute(rulesRoute.POST, {
    key: keys.admin,
    json: { model: "fraud", fireAfter: 1, resolveAfter: 1, ...body },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.id as string;
}
const openAlerts = async (ruleId: string) =>
  (
    (await callRoute(alertsRoute.GET, { method: "GET", path: "/api/v1/alerts?status=active&model=fraud", key: keys.read })).json
      .alerts as { rule: { id: string }; evidence: { window: { start: string } } }[]
  ).filter((a) => a.rule.id === ruleId);
const evaluate = (now: Date) => evaluateModelAlerts(db, { model: "fraud", now, publicUrl: "http://tidemark.test" });
const series = async (route: typeof serviceRoute, kind: string, from: string, to: string) => {
  const res = await callRoute(route.GET, {
    method: "GET",
    path: `/api/v1/models/fraud/${kind}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    params: { name: "fraud" },
    key: keys.read,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.points as Record<string, unknown>[];
};
const completeness = (p: Record<string, unknown>) => ({
  windowStart: p.windowStart,
  provisional: p.provisional,
  open: p.open,
  count: p.count,
  minimum: p.minimum,
});

describe("provisional windows", () => {
  it("store rows and the API mark thin windows provisional, with their count and minimum", async () => {
    await service(0, { requests: 3, p99: 154 });
    await service(1, { requests: 1000, p99: 30 });
    await performance(0, { labeled: 3, value: 0, meets: null });
    await performance(1, { labeled: 600, value: 0.9, meets: true });
    await business(0, { predictions: 120, rate: 0.5 });
    await business(1, { predictions: 1000, rate: 0.1 });
    const [from, to] = [window(0)[0], window(1)[1]];
    expect((await series(serviceRoute, "service", from, to)).map(completeness)).toEqual([
      { windowStart: window(0)[0], provisional: true, open: false, count: 3, minimum: 100 },
      { windowStart: window(1)[0], provisional: false, open: false, count: 1000, minimum: 100 },
    ]);
    expect((await series(performanceRoute, "performance", from, to)).map(completeness)).toEqual([
      { windowStart: window(0)[0], provisional: true, open: false, count: 3, minimum: 30 },
      { windowStart: window(1)[0], provisional: false, open: false, count: 600, minimum: 30 },
    ]);
    // 120 predictions: the smallest decile holds 12.
    expect((await series(businessRoute, "business", from, to)).map(completeness)).toEqual([
      { windowStart: window(0)[0], provisional: true, open: false, count: 12, minimum: 30 },
      { windowStart: window(1)[0], provisional: false, open: false, count: 100, minimum: 30 },
    ]);
  });

  it("the open hour is computed on read from the log, so far, and provisional", async () => {
    const promoted = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "fraud", alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
    expect(promoted.status).toBe(200);
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    // Four requests of ten rows each, now (the real clock): the hour so far.
    const records = fraudRecords(seededRandom(8), 40);
    for (let b = 0; b < 4; b++) {
      const res = await callRoute(predictRoute.POST, {
        path: "/api/v1/models/fraud/predict",
        params: { name: "fraud" },
        key: keys.predict,
        json: { inputs: records.slice(b * 10, (b + 1) * 10) },
      });
      expect(res.status).toBe(200);
    }
    await settleLog();
    await getRequestStats(db).flush();
    const from = new Date(hour - HOUR).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const points = await series(serviceRoute, "service", from, to);
    expect(points.map(completeness)).toEqual([
      { windowStart: new Date(hour).toISOString(), provisional: true, open: true, count: 4, minimum: 100 },
    ]);
    expect(points[0].rows).toBe(40);
    const performancePoints = await series(performanceRoute, "performance", from, to);
    // No labels yet: only the estimate, from 40 predictions, in an hour that has not ended.
    expect(performancePoints.map((p) => ({ kind: p.kind, ...completeness(p) }))).toEqual([
      { kind: "estimated", windowStart: new Date(hour).toISOString(), provisional: true, open: true, count: 40, minimum: 30 },
    ]);
  });

  it("a provisional window never breaches nor raises an alert; a closed window with enough values does", async () => {
    const sla = await rule({ name: "sla", kind: "sla", condition: { maxErrorRate: 0.02 } });
    const realized = await rule({
      name: "realized",
      kind: "performance",
      condition: { source: "realized", minLabelCoverage: 0 },
    });
    const conversion = await rule({
      name: "conversion",
      kind: "business",
      condition: { names: ["conversion"], maxDrop: 0.25, baselineWindows: 2 },
    });
    // Hour 10: 3 cold-start requests at 154 ms (SLA 50 ms). Hour 11, still open at 11:30: 1000
    // requests at 400 ms, 600 labels below the threshold, conversion collapsing.
    await service(10, { requests: 3, p99: 154 });
    await service(11, { requests: 1000, p99: 400 });
    await performance(10, { labeled: 600, value: 0.9, meets: true });
    await performance(11, { labeled: 600, value: 0.5, meets: false });
    await business(8, { predictions: 1000, rate: 0.1 });
    await business(9, { predictions: 1000, rate: 0.1 });
    await business(10, { predictions: 100, rate: 0 });
    await business(11, { predictions: 1000, rate: 0 });
    await evaluate(new Date(at(11).getTime() + 30 * 60_000));
    expect(await openAlerts(sla)).toHaveLength(0);
    expect(await openAlerts(realized)).toHaveLength(0);
    expect(await openAlerts(conversion)).toHaveLength(0);
    const during = (await loadModelHealth(db.sql, new Date(at(11).getTime() + 30 * 60_000))).get("fraud")!;
    // The newest service window that decides is hour 1's (1000 requests within the SLA), not hour 10's 3 cold starts.
    expect(during.sla).toMatchObject({ status: "ok", asOf: window(1)[1] });
    expect(during.performance).toMatchObject({ status: "ok", asOf: window(10)[1] });

    // Once hour 11 has closed, the same figures are facts: each rule fires on it.
    await evaluate(at(12));
    expect((await openAlerts(sla)).map((a) => a.evidence.window.start)).toEqual([window(11)[0]]);
    expect((await openAlerts(realized)).map((a) => a.evidence.window.start)).toEqual([window(11)[0]]);
    expect((await openAlerts(conversion)).map((a) => a.evidence.window.start)).toEqual([window(11)[0]]);
    const after = (await loadModelHealth(db.sql, at(12))).get("fraud")!;
    expect(after.sla).toMatchObject({ status: "breach", label: "breached: latency", asOf: window(11)[1] });
    expect(after.performance).toMatchObject({ status: "breach", asOf: window(11)[1] });
  });
});
