import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as outcomesRoute from "@/app/api/v1/outcomes/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as performanceRoute from "@/app/api/v1/models/[name]/performance/route";
import * as businessRoute from "@/app/api/v1/models/[name]/business/route";
import * as serviceRoute from "@/app/api/v1/models/[name]/service/route";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { getSession } from "@/lib/inference/session-cache";
import { runModel } from "@/lib/inference/run-model";
import { validateRecords } from "@/lib/inference/validate-records";
import { PredictionBatchWriter } from "@/lib/prediction-log/batch-writer";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { evaluate } from "@/lib/metrics";
import { computePerformanceWindows, planPerformanceWindows, runPerformanceJob } from "@/jobs/monitoring/performance-job";
import { runBusinessJob } from "@/jobs/monitoring/business-job";
import { computeServiceWindows, planServiceWindows, runServiceJob } from "@/jobs/monitoring/service-job";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { mulberry32 } from "../helpers/seeded-random";

// A synthetic stream through the real model: three hourly windows of 1,500 predictions.
//   hour 0 — reference inputs, labels drawn from the model's own probability (calibrated concept);
//   hour 1 — covariate drift (larger amounts), same concept;
//   hour 2 — concept drift: same inputs as hour 0, labels drawn from 1 - p.
// Each label arrives a known delay after its prediction: 10 min, 20 min, 30 min in turn.
const H0 = Date.UTC(2026, 10, 20, 8);
const HOUR = 3_600_000;
const N = 1500;
const DELAYS_S = [600, 1200, 1800];

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let ingestKey: string;
const truth: { hour: number; y: number[]; p: number[] }[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  ingestKey = (await createApiKey(db.prisma, { name: "labels", scopes: ["ingest"] }, "test")).token;
  await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), binaryManifest()),
  });
  const version = await db.prisma.modelVersion.findFirstOrThrow({ include: { model: true } });
  const manifest = version.manifest as Manifest;
  const session = await getSession(db, version.id, version.artifactSha!);
  const writer = new PredictionBatchWriter({ sql: db.sql });
  const rand = mulberry32(3);
  const countries = ["US", "DE", "FR"];
  const outcomes: { predictionId: string; label: string; time: string }[] = [];
  for (let hour = 0; hour < 3; hour++) {
    const inputs = Array.from({ length: N }, () => ({
      amount: (hour === 1 ? 60 : 0) + rand() * 100,
      country: countries[Math.floor(rand() * 3)],
      is_new: rand() < 0.3,
    }));
    const { columns } = validateRecords(manifest.features, inputs);
    const outputs = await runModel(session, manifest, columns, N);
    const rows = outputs.map((output, i) => {
      const at = H0 + hour * HOUR + Math.floor((i / N) * (HOUR - 1000));
      return {
        id: uuidv7(at),
        createdAt: new Date(at),
        modelVersionId: version.id,
        entityId: `e${hour}-${i}`,
        features: inputs[i],
        output,
        latencyMs: 1 + (i % 10),
        apiKeyId: null,
      };
    });
    await writer.write(rows, "durable");
    const p = outputs.map((o) => ("probabilities" in o ? o.probabilities.fraud : NaN));
    const y = p.map((pi) => (rand() < (hour === 2 ? 1 - pi : pi) ? 1 : 0));
    truth.push({ hour, y, p });
    rows.forEach((r, i) =>
      outcomes.push({
        predictionId: r.id,
        label: y[i] ? "fraud" : "legit",
        time: new Date(r.createdAt.getTime() + DELAYS_S[i % 3] * 1000).toISOString(),
      }),
    );
  }
  // Labels arrive out of order, and the first 500 of them twice.
  for (let i = outcomes.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [outcomes[i], outcomes[j]] = [outcomes[j], outcomes[i]];
  }
  const post = async (batch: unknown[]) =>
    (await callRoute(outcomesRoute.POST, { key: ingestKey, json: { model: "fraud", outcomes: batch } })).json;
  const first = await post(outcomes.slice(0, 2500));
  const second = await post([...outcomes.slice(2500), ...outcomes.slice(0, 500)]);
  expect(first.stored + second.stored).toBe(3 * N);
  expect(second.unchanged).toBe(500);
}, 180_000);
afterAll(async () => db.close());

describe("realized and estimated performance", () => {
  it("agrees under covariate drift, and separates under concept drift", async () => {
    // Before labels are linked the job still estimates; here labels are in, so both kinds appear.
    const runs = await runPerformanceJob(db, { model: "fraud", now: new Date(H0 + 4 * HOUR) });
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const res = await callRoute(performanceRoute.GET, {
      method: "GET",
      path: `/api/v1/models/fraud/performance?from=${new Date(H0).toISOString()}&to=${new Date(H0 + 3 * HOUR).toISOString()}`,
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(res.status).toBe(200);
    const at = (hour: number, kind: string) =>
      res.json.points.find(
        (p: { windowStart: string; kind: string }) =>
          p.windowStart === new Date(H0 + hour * HOUR).toISOString() && p.kind === kind,
      );

    for (const hour of [0, 1, 2]) {
      const realized = at(hour, "realized");
      // Coverage and delay are exact: every prediction got one label, after 10, 20 or 30 minutes.
      expect(realized).toMatchObject({ predictions: N, labeled: N, labelCoverage: 1, primaryMetric: "auc" });
      expect(realized.labelDelay).toEqual({ p50Seconds: 1200, p90Seconds: 1800, maxSeconds: 1800 });
      // The same lib/metrics as training, on the same pairs.
      const expected = evaluate({ task: "binary", yTrue: truth[hour].y, scores: truth[hour].p, threshold: 0.5 });
      expect(realized.primaryValue).toBeCloseTo(expected.auc, 5);
      expect(realized.metrics.f1).toBeCloseTo(expected.atThreshold.f1, 5);
    }
    // (a) Covariate drift, same concept: the estimate tracks the realized value (sampling tolerance 0.05).
    expect(Math.abs(at(1, "estimated").primaryValue - at(1, "realized").primaryValue)).toBeLessThan(0.05);
    expect(Math.abs(at(0, "estimated").primaryValue - at(0, "realized").primaryValue)).toBeLessThan(0.05);
    // (b) Concept drift: realized AUC falls below chance and the deploy threshold; the estimate cannot see it.
    expect(at(2, "realized").primaryValue).toBeLessThan(0.5);
    expect(at(2, "realized").meetsThreshold).toBe(false);
    expect(at(0, "realized").primaryValue).toBeGreaterThan(0.6);
    expect(Math.abs(at(2, "estimated").estimateError.auc)).toBeGreaterThan(5 * Math.abs(at(0, "estimated").estimateError.auc));
    expect(at(2, "realized").expectedCost).toBeGreaterThan(at(0, "realized").expectedCost);
  });

  it("does not recompute unchanged windows, and recomputes a window when a label changes", async () => {
    const again = await runPerformanceJob(db, { model: "fraud", now: new Date(H0 + 4 * HOUR) });
    expect(again).toEqual([]);
    const row = await db.prisma.outcome.findFirstOrThrow({ where: { predictionCreatedAt: { gte: new Date(H0 + 2 * HOUR) } } });
    const flipped = row.label === "fraud" ? "legit" : "fraud";
    const res = await callRoute(outcomesRoute.POST, {
      key: ingestKey,
      json: { model: "fraud", outcomes: [{ predictionId: row.predictionId, label: flipped }] },
    });
    expect(res.json.replaced).toBe(1);
    // Only the window holding that prediction is recomputed.
    const rerun = await runPerformanceJob(db, { model: "fraud", now: new Date(H0 + 4 * HOUR) });
    expect(rerun.map((r) => r.windowStart)).toEqual([new Date(H0 + 2 * HOUR).toISOString()]);
  });
});

describe("business metrics and service health", () => {
  it("rate and sum by score decile, and correlation with the score", async () => {
    // Conversions for the 100 highest-scoring entities of hour 0, within a day of the prediction.
    const hour0 = truth[0].p
      .map((p, i) => ({ p, i }))
      .sort((a, b) => b.p - a.p)
      .slice(0, 100);
    const events = hour0.map(({ i }) => ({
      name: "conversion",
      entityId: `e0-${i}`,
      value: 1,
      time: new Date(H0 + 2 * HOUR).toISOString(),
    }));
    events.push({ name: "conversion", entityId: "e0-0", value: 1, time: new Date(H0 + 30 * 24 * HOUR).toISOString() });
    const posted = await callRoute(eventsRoute.POST, { key: ingestKey, json: { events } });
    expect(posted.json.stored).toBe(101);
    await runBusinessJob(db, {
      model: "fraud",
      now: new Date(H0 + 4 * HOUR),
      window: { start: new Date(H0), end: new Date(H0 + HOUR) },
    });
    const res = await callRoute(businessRoute.GET, {
      method: "GET",
      path: `/api/v1/models/fraud/business?from=${new Date(H0).toISOString()}&to=${new Date(H0 + HOUR).toISOString()}&name=conversion`,
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(res.json.points).toHaveLength(1);
    const point = res.json.points[0];
    // The event a month later is outside the 7-day attribution window.
    expect(point).toMatchObject({ name: "conversion", predictions: N, events: 100, sum: 100 });
    expect(point.rate).toBeCloseTo(100 / N, 12);
    expect(point.deciles[9].sum).toBe(100);
    expect(point.deciles.slice(0, 9).every((d: { sum: number }) => d.sum === 0)).toBe(true);
    expect(point.correlation).toBeGreaterThan(0.3);
  });

  it("latency percentiles, throughput and error rate per window against the SLA", async () => {
    await db.sql.query(
      `INSERT INTO request_stats (model_name, version, minute, status_class, requests, records) VALUES
         ('fraud', 1, $1, '2xx', 1480, 1500), ('fraud', 1, $1, '5xx', 20, 0)`,
      [new Date(H0 + 5 * 60_000).toISOString()],
    );
    await runServiceJob(db, { model: "fraud", window: { start: new Date(H0), end: new Date(H0 + HOUR) } });
    const res = await callRoute(serviceRoute.GET, {
      method: "GET",
      path: `/api/v1/models/fraud/service?from=${new Date(H0).toISOString()}&to=${new Date(H0 + HOUR).toISOString()}`,
      params: { name: "fraud" },
      key: keys.read,
    });
    const point = res.json.points[0];
    // Latencies cycle 1..10 ms: percentile_cont's interpolated values.
    expect(point).toMatchObject({ rows: N, requests: 1500, errors: 20, p50Ms: 5.5, slaP99Ms: 50, breaches: [] });
    expect(point.errorRate).toBeCloseTo(20 / 1500, 12);
    expect(point.rowsPerS).toBeCloseTo(N / 3600, 12);
    expect(point.p99Ms).toBe(10);
  });
});

describe("two schedulers", () => {
  const now = new Date(H0 + 4 * HOUR);
  const succeeded = (runs: { status: string }[]) => runs.filter((r) => r.status === "succeeded").length;
  const forget = () => db.sql.exec("DELETE FROM performance_results; DELETE FROM service_results;");

  it("a scheduler that found windows due skips those another one computed meanwhile", async () => {
    await forget();
    // B looks first and is slow to start; A looks and computes every window; then B gets to them.
    const performancePlan = await planPerformanceWindows(db, { model: "fraud", now });
    const servicePlan = await planServiceWindows(db, { model: "fraud", now });
    expect([performancePlan.windows.length, servicePlan.windows.length]).toEqual([3, 3]);
    expect(succeeded(await runPerformanceJob(db, { model: "fraud", now }))).toBe(3);
    expect(succeeded(await runServiceJob(db, { model: "fraud", now }))).toBe(3);
    expect(await computePerformanceWindows(db, performancePlan, "schedule")).toEqual([]);
    expect(await computeServiceWindows(db, servicePlan, "schedule")).toEqual([]);
  });

  it("two concurrent runs compute each window once between them", async () => {
    await forget();
    const before = await db.sql.query<{ job: string; n: number }>(
      `SELECT job, count(*)::int AS n FROM job_runs WHERE status = 'succeeded' GROUP BY job`,
    );
    const performance = await Promise.all([
      runPerformanceJob(db, { model: "fraud", now }),
      runPerformanceJob(db, { model: "fraud", now }),
    ]);
    const service = await Promise.all([runServiceJob(db, { model: "fraud", now }), runServiceJob(db, { model: "fraud", now })]);
    expect([succeeded(performance.flat()), succeeded(service.flat())]).toEqual([3, 3]);
    const after = await db.sql.query<{ job: string; n: number }>(
      `SELECT job, count(*)::int AS n FROM job_runs WHERE status = 'succeeded' GROUP BY job`,
    );
    const runs = (rows: { job: string; n: number }[], job: string) => rows.find((r) => r.job === job)?.n ?? 0;
    expect([runs(after, "performance") - runs(before, "performance"), runs(after, "service") - runs(before, "service")]).toEqual([
      3, 3,
    ]);
  });
});
