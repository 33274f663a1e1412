import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import { getRequestStats } from "@/lib/serving/request-stats";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { createKeys } from "../../helpers/fixtures";
import { fraudRecords, seededRandom, streamHour } from "../../helpers/monitoring-fixtures";
import { disableRules, registerFraudModel, versionId, writeDriftHour } from "../../helpers/alert-fixtures";

// Each kind of rule reads the results its job stores (quality, performance, business, service
// results, the prediction log) and opens an alert only for a breach of its condition.
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
      .alerts as any[]
  ).filter((a) => a.rule.id === ruleId);
const evaluate = (now = new Date()) => evaluateModelAlerts(db, { model: "fraud", now, publicUrl: "http://tidemark.test" });
const window = (h: number) => [new Date(START + h * HOUR).toISOString(), new Date(START + (h + 1) * HOUR).toISOString()];

describe("alert conditions", () => {
  it("data quality: one alert per flagged column and check", async () => {
    const id = await rule({ name: "quality", kind: "data_quality", condition: { checks: ["missing_rate", "out_of_range"] } });
    await writeDriftHour(db, { versionId: v1, hourStart: START, drifted: [] });
    const insert = (column: string, check: string, value: number, flagged: boolean) =>
      db.sql.query(
        `INSERT INTO quality_results (run_id, model_version_id, segment, "column", "check", window_start, window_end, reference, value, expected, threshold, flagged, details)
         VALUES (0, $1::uuid, '', $2, $3, $4::timestamptz, $5::timestamptz, 'training', $6, 0.01, 0.06, $7, '{"rows": 400}')`,
        [v1, column, check, ...window(0), value, flagged],
      );
    await insert("amount", "missing_rate", 0.2, true);
    await insert("country", "missing_rate", 0.01, false);
    await insert("amount", "out_of_range", 0.5, true);
    await insert("", "volume", 10, true);
    await evaluate();
    const alerts = await openAlerts(id);
    expect(alerts.map((a) => a.subject).sort()).toEqual(["v1/quality:amount:missing_rate", "v1/quality:amount:out_of_range"]);
    expect(alerts.find((a) => a.subject.endsWith("missing_rate")).evidence).toMatchObject({
      value: 0.2,
      threshold: 0.06,
      sampleSizes: { current: 400 },
    });
    // Evidence links to the page that shows it: here the drift page, on the feature.
    expect(alerts[0].link.startsWith("/models/fraud/drift?version=1&feature=amount&from=")).toBe(true);
  });

  it("dataset and output drift", async () => {
    const dataset = await rule({ name: "dataset", kind: "dataset_drift", severity: "critical" });
    const output = await rule({ name: "outputs", kind: "output_drift", condition: { outputs: ["score"] } });
    await writeDriftHour(db, { versionId: v1, hourStart: START + HOUR, drifted: ["amount", "country"] });
    await db.sql.query(
      `INSERT INTO drift_results (run_id, model_version_id, segment, column_kind, "column", window_start, window_end, reference, method, statistic, p_value, p_adjusted,
         effect_method, effect_size, threshold, decision, reference_size, current_size)
       VALUES (0, $1::uuid, '', 'output', 'score', $2::timestamptz, $3::timestamptz, 'training', 'ks', 0.2, 1e-6, 1e-6, 'wasserstein_normed', 0.2, 0.1, 'drift', 5000, 400),
              (0, $1::uuid, '', 'output', 'class', $2::timestamptz, $3::timestamptz, 'training', 'chi2', 30, 1e-6, 1e-6, 'jensen_shannon', 0.2, 0.1, 'drift', 5000, 400)`,
      [v1, ...window(1)],
    );
    await evaluate();
    const [d] = await openAlerts(dataset);
    expect(d).toMatchObject({ severity: "critical", subject: "v1/dataset", title: "fraud v1: dataset drift" });
    expect(d.evidence.topFeatures.map((f: { feature: string }) => f.feature)).toEqual(["amount", "country"]);
    expect(d.evidence.sampleSizes).toEqual({ current: 400, featuresTested: 3, featuresDrifted: 2 });
    expect((await openAlerts(output)).map((a) => a.subject)).toEqual(["v1/output:score"]);
  });

  it("realized and estimated performance below the deploy threshold, or an explicit one", async () => {
    const realized = await rule({
      name: "realized",
      kind: "performance",
      condition: { source: "realized", minLabelCoverage: 0.2 },
    });
    const estimated = await rule({ name: "estimated", kind: "performance", condition: { source: "estimated", threshold: 0.9 } });
    const insert = (h: number, kind: string, value: number, meets: boolean, labeled: number) =>
      db.sql.query(
        `INSERT INTO performance_results (run_id, model_version_id, window_start, window_end, kind, predictions, labeled, label_coverage, metrics, primary_metric, primary_value, meets_threshold)
         VALUES (0, $1::uuid, $2::timestamptz, $3::timestamptz, $4, 400, $5::int, $5::int / 400.0, '{}', 'auc', $6, $7)`,
        [v1, ...window(h), kind, labeled, value, meets],
      );
    // Too few labels to judge the newest realized window: the alert rests on the previous one.
    await insert(2, "realized", 0.71, false, 200);
    await insert(3, "realized", 0.5, false, 10);
    await insert(2, "estimated", 0.85, true, 0);
    await evaluate();
    const [r] = await openAlerts(realized);
    expect(r).toMatchObject({
      title: "fraud v1: realized auc below threshold",
      evidence: { value: 0.71, threshold: 0.8, sampleSizes: { predictions: 400, labeled: 200 }, window: { start: window(2)[0] } },
    });
    // 0.85 meets the deploy threshold (0.8) but not the rule's own 0.9.
    expect((await openAlerts(estimated)).map((a) => a.evidence.value)).toEqual([0.85]);
    expect(r.link).toBe(
      `/models/fraud/performance?version=1&from=${encodeURIComponent(new Date(START + 3 * HOUR - 24 * HOUR).toISOString())}&to=${encodeURIComponent(window(2)[1])}`,
    );
  });

  it("a business metric dropping against its previous windows", async () => {
    const id = await rule({
      name: "conversion",
      kind: "business",
      condition: { names: ["conversion"], maxDrop: 0.25, baselineWindows: 3 },
    });
    const rates = [0.1, 0.11, 0.09, 0.1, 0.06];
    for (const [i, rate] of rates.entries()) {
      await db.sql.query(
        `INSERT INTO business_results (run_id, model_version_id, window_start, window_end, name, predictions, events, sum, rate, deciles)
         VALUES (0, $1::uuid, $2::timestamptz, $3::timestamptz, 'conversion', 1000, $4::int, $4::int, $5, '[]')`,
        [v1, ...window(10 + i), Math.round(rate * 1000), rate],
      );
    }
    await evaluate();
    const alerts = await openAlerts(id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      subject: "v1/business:conversion",
      evidence: { value: 0.06, details: { baseline: 0.1 }, window: { start: window(14)[0] } },
    });
    expect(alerts[0].evidence.statistic.value).toBeCloseTo(-0.4, 6);
  });

  it("SLA: p99 latency above the manifest's, or errors above the ceiling", async () => {
    const id = await rule({ name: "sla", kind: "sla", fireAfter: 2, condition: { maxErrorRate: 0.02 } });
    const insert = (h: number, p99: number, errorRate: number) =>
      db.sql.query(
        `INSERT INTO service_results (run_id, model_version_id, window_start, window_end, requests, errors, rows, p50_ms, p95_ms, p99_ms, requests_per_s, rows_per_s, error_rate, sla_p99_ms, sla_min_rps, breaches)
         VALUES (0, $1::uuid, $2::timestamptz, $3::timestamptz, 1000, round($5::float8 * 1000)::int, 1000, 5, 20, $4, 0.28, 0.28, $5::float8, 50, 100, '[]')`,
        [v1, ...window(h), p99, errorRate],
      );
    await insert(20, 80, 0);
    await evaluate();
    expect(await openAlerts(id)).toHaveLength(0);
    await insert(21, 30, 0.05);
    await evaluate();
    const [a] = await openAlerts(id);
    expect(a.evidence.summary).toBe("error rate 5 % above 2 %");
    expect(a.link.startsWith("/models/fraud/service?version=1&from=")).toBe(true);
    expect(a.occurrences).toBe(2);
    await insert(22, 30, 0);
    await evaluate();
    expect(await openAlerts(id)).toHaveLength(0);
  });

  it("no traffic: fires for empty periods after the model had traffic, not before its first prediction", async () => {
    const id = await rule({ name: "quiet", kind: "no_traffic", fireAfter: 2, condition: { periodMinutes: 60 } });
    const promoted = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "fraud", alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
    expect(promoted.status).toBe(200);
    const first = Date.UTC(2026, 10, 4, 5);
    // Before any prediction: nothing to judge.
    await evaluate(new Date(first));
    expect(await openAlerts(id)).toHaveLength(0);
    await streamHour({
      model: "fraud",
      key: keys.predict,
      hourStart: new Date(first),
      records: fraudRecords(seededRandom(3), 20),
    });
    await evaluate(new Date(first + 2 * HOUR + 60_000));
    expect(await openAlerts(id)).toHaveLength(0);
    await evaluate(new Date(first + 3 * HOUR + 60_000));
    const [a] = await openAlerts(id);
    expect(a).toMatchObject({ subject: "traffic", version: null, title: "fraud: no traffic for 60 minutes", occurrences: 2 });
    expect(a.link.startsWith("/models/fraud?from=")).toBe(true);
    expect(a.evidence.window).toEqual({
      start: new Date(first + 2 * HOUR).toISOString(),
      end: new Date(first + 3 * HOUR).toISOString(),
    });
    // Traffic again: the next complete period has predictions, and one healthy period resolves it.
    await streamHour({
      model: "fraud",
      key: keys.predict,
      hourStart: new Date(first + 3 * HOUR),
      records: fraudRecords(seededRandom(4), 20),
    });
    await evaluate(new Date(first + 4 * HOUR + 60_000));
    expect(await openAlerts(id)).toHaveLength(0);
  });

  it("no traffic: a model that serves without logging (log mode off) is not quiet", async () => {
    await registerFraudModel(keys.admin, "unlogged");
    await disableRules(db, "unlogged");
    const created = await callRoute(rulesRoute.POST, {
      key: keys.admin,
      json: {
        model: "unlogged",
        name: "quiet",
        kind: "no_traffic",
        fireAfter: 2,
        resolveAfter: 1,
        condition: { periodMinutes: 60 },
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const promoted = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "unlogged", alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
    expect(promoted.status).toBe(200);
    const first = Date.UTC(2026, 10, 6, 5);
    const stream = (h: number) =>
      streamHour({
        model: "unlogged",
        key: keys.predict,
        hourStart: new Date(first + h * HOUR),
        records: fraudRecords(seededRandom(10 + h), 20),
      });
    const active = async () =>
      (
        (await callRoute(alertsRoute.GET, { method: "GET", path: "/api/v1/alerts?status=active&model=unlogged", key: keys.read }))
          .json.alerts as any[]
      ).filter((a) => a.rule.id === created.json.id);
    const evaluateAt = (t: number) =>
      evaluateModelAlerts(db, { model: "unlogged", now: new Date(t), publicUrl: "http://tidemark.test" });
    // Hour 0 logged; hours 1 and 2 served with the log off: only the request counters see them.
    await stream(0);
    const off = await callRoute(modelRoute.PATCH, {
      method: "PATCH",
      params: { name: "unlogged" },
      key: keys.admin,
      json: { logMode: "off" },
    });
    expect(off.status, JSON.stringify(off.json)).toBe(200);
    await stream(1);
    await stream(2);
    await getRequestStats(db).flush();
    const [{ logged }] = await db.sql.query<{ logged: number }>(
      `SELECT count(*)::int AS logged FROM predictions p JOIN model_versions v ON v.id = p.model_version_id JOIN models m ON m.id = v.model_id WHERE m.name = 'unlogged'`,
    );
    expect(logged).toBe(20);
    await evaluateAt(first + 3 * HOUR + 60_000);
    expect(await active()).toHaveLength(0);
    // Then truly silent for two hours: the alert opens.
    await evaluateAt(first + 5 * HOUR + 60_000);
    const [a] = await active();
    expect(a).toMatchObject({ subject: "traffic", title: "unlogged: no traffic for 60 minutes", occurrences: 2 });
    expect(a.evidence.summary).toBe(
      `no prediction was served between ${new Date(first + 4 * HOUR).toISOString()} and ${new Date(first + 5 * HOUR).toISOString()}`,
    );
  });
});
