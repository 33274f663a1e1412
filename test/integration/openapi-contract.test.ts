import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as openapiRoute from "@/app/api/openapi.json/route";
import * as metricsRoute from "@/app/api/metrics/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as versionRoute from "@/app/api/v1/models/[name]/versions/[version]/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as predictionRoute from "@/app/api/v1/predictions/[id]/route";
import * as outcomesRoute from "@/app/api/v1/outcomes/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as monitoringRoute from "@/app/api/v1/models/[name]/monitoring/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import * as histogramRoute from "@/app/api/v1/models/[name]/drift/histogram/route";
import * as performanceRoute from "@/app/api/v1/models/[name]/performance/route";
import * as businessRoute from "@/app/api/v1/models/[name]/business/route";
import * as serviceRoute from "@/app/api/v1/models/[name]/service/route";
import * as jobRunsRoute from "@/app/api/v1/jobs/runs/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as alertRoute from "@/app/api/v1/alerts/[id]/route";
import * as ackRoute from "@/app/api/v1/alerts/[id]/ack/route";
import * as resolveRoute from "@/app/api/v1/alerts/[id]/resolve/route";
import * as snoozeRoute from "@/app/api/v1/alerts/[id]/snooze/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/alert-rules/[id]/route";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as destinationRoute from "@/app/api/v1/destinations/[name]/route";
import * as destinationTestRoute from "@/app/api/v1/destinations/[name]/test/route";
import * as notificationsRoute from "@/app/api/v1/alert-notifications/route";
import * as retryRoute from "@/app/api/v1/alert-notifications/[id]/retry/route";
import * as keysRoute from "@/app/api/v1/keys/route";
import * as keyRoute from "@/app/api/v1/keys/[name]/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import { evaluateModelAlerts } from "@/lib/alerts/evaluate-model-alerts";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute, type CallOptions } from "../helpers/call-route";
import {
  binaryManifest,
  binaryModelBytes,
  createKeys,
  registrationForm,
  regressionManifest,
  regressionModelBytes,
} from "../helpers/fixtures";
import { versionId, writeDriftHour } from "../helpers/alert-fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { contractChecker } from "../helpers/openapi-contract";

// Every operation of the OpenAPI document called through its real handler, and every answer —
// successes and failures — checked against the document's schema for that status. A field the
// code answers but the document does not declare (or the reverse) fails here.
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

type Params = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: each route types its own params; call() passes them through
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

const contract = contractChecker();
const called = new Set<string>();
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 2, 0);
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let receiver: WebhookReceiver;

/** Calls the handler of METHOD TEMPLATE, checks the answer against the document, and returns it. */
async function call(method: string, template: string, handler: Handler, options: CallOptions<Params> & { status: number }) {
  const path = template.replace(/\{(\w+)\}/g, (_, p) => encodeURIComponent(options.params?.[p] ?? p));
  const res = await callRoute(handler, { method, ...options, path: `${path}${options.path ?? ""}` });
  expect(res.status, `${method} ${template}: ${JSON.stringify(res.json)}`).toBe(options.status);
  expect(contract.response(method, template, res.status, res.json), `${method} ${template} → ${res.status}`).toEqual([]);
  called.add(`${method} ${template}`);
  return res;
}

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await db.close();
});

describe("every answer matches the OpenAPI document", () => {
  it("serves the document without a key", async () => {
    const res = await callRoute(openapiRoute.GET, { method: "GET", path: "/api/openapi.json" });
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    expect(Object.keys(res.json.paths)).toEqual(Object.keys(contract.doc.paths));
    called.add("GET /api/openapi.json");
  });

  it("registry: register, read, update, alias", async () => {
    const admin = keys.admin;
    await call("POST", "/api/v1/models/{name}/versions", versionsRoute.POST, {
      params: { name: "fraud" },
      key: admin,
      body: registrationForm(binaryModelBytes(), binaryManifest()),
      status: 201,
    });
    await call("POST", "/api/v1/models/{name}/versions", versionsRoute.POST, {
      params: { name: "price" },
      key: admin,
      body: registrationForm(regressionModelBytes(), regressionManifest()),
      status: 201,
    });
    await call("POST", "/api/v1/models/{name}/versions", versionsRoute.POST, {
      params: { name: "fraud" },
      key: admin,
      body: registrationForm(binaryModelBytes(), { ...binaryManifest(), task: "nope" }),
      status: 422,
    });
    await call("GET", "/api/v1/models", modelsRoute.GET, { key: keys.read, status: 200 });
    await call("GET", "/api/v1/models", modelsRoute.GET, { status: 401 });
    await call("GET", "/api/v1/models/{name}", modelRoute.GET, { params: { name: "fraud" }, key: keys.read, status: 200 });
    await call("GET", "/api/v1/models/{name}", modelRoute.GET, { params: { name: "nobody" }, key: keys.read, status: 404 });
    await call("PATCH", "/api/v1/models/{name}", modelRoute.PATCH, {
      params: { name: "fraud" },
      key: admin,
      json: { description: "fraud screen", logMode: null },
      status: 200,
    });
    await call("PATCH", "/api/v1/models/{name}", modelRoute.PATCH, {
      params: { name: "fraud" },
      key: keys.read,
      json: {},
      status: 403,
    });
    await call("GET", "/api/v1/models/{name}/versions/{version}", versionRoute.GET, {
      params: { name: "fraud", version: "1" },
      key: keys.read,
      status: 200,
    });
    for (const name of ["fraud", "price"])
      await call("PUT", "/api/v1/models/{name}/aliases/{alias}", aliasRoute.PUT, {
        params: { name, alias: "production" },
        key: admin,
        json: { version: 1 },
        status: 200,
      });
    await call("PUT", "/api/v1/models/{name}/aliases/{alias}", aliasRoute.PUT, {
      params: { name: "fraud", alias: "staging" },
      key: admin,
      json: { version: 1, reason: "try" },
      status: 200,
    });
  });

  let predictionId: string;
  let predictedAt: number;

  it("serving and ingestion: predict, a prediction, outcomes, events", async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      amount: 10 + i * 7,
      country: ["US", "DE", "FR"][i % 3],
      is_new: i % 4 === 0 ? null : i % 2 === 0,
    }));
    predictedAt = Date.now();
    const fraud = await call("POST", "/api/v1/models/{name}/predict", predictRoute.POST, {
      params: { name: "fraud" },
      key: keys.predict,
      json: { inputs, entityIds: inputs.map((_, i) => `c${i}`) },
      headers: { "Idempotency-Key": "contract-1" },
      status: 200,
    });
    predictionId = fraud.json.predictions[0].predictionId;
    await call("POST", "/api/v1/models/{name}/predict", predictRoute.POST, {
      params: { name: "price" },
      key: keys.predict,
      path: "?version=1",
      json: { inputs: [{ x: 1 }, { x: 2 }] },
      status: 200,
    });
    await call("POST", "/api/v1/models/{name}/predict", predictRoute.POST, {
      params: { name: "fraud" },
      key: keys.predict,
      json: { inputs: [{ amount: "lots", country: "US", is_new: true }] },
      status: 422,
    });
    await call("GET", "/api/v1/predictions/{id}", predictionRoute.GET, {
      params: { id: predictionId },
      key: keys.read,
      status: 200,
    });

    const ingest = await ingestKey();
    const outcomes = await call("POST", "/api/v1/outcomes", outcomesRoute.POST, {
      key: ingest,
      json: {
        model: "fraud",
        outcomes: [
          ...fraud.json.predictions.slice(0, 30).map((p: { predictionId: string }, i: number) => ({
            predictionId: p.predictionId,
            label: i % 3 === 0 ? "fraud" : "legit",
          })),
          { entityId: "c31", time: new Date().toISOString(), label: "legit" },
          { predictionId: "not-an-id", label: "fraud" },
          { predictionId: fraud.json.predictions[1].predictionId, label: "maybe" },
        ],
      },
      status: 200,
    });
    expect(outcomes.json).toMatchObject({ stored: 31, rejected: 2 });
    await call("GET", "/api/v1/predictions/{id}", predictionRoute.GET, {
      params: { id: predictionId },
      key: keys.read,
      status: 200,
    });
    await call("POST", "/api/v1/outcomes", outcomesRoute.POST, {
      key: ingest,
      json: { model: "fraud", outcomes: [] },
      status: 422,
    });
    const events = await call("POST", "/api/v1/events", eventsRoute.POST, {
      key: ingest,
      json: {
        events: [
          ...Array.from({ length: 10 }, (_, i) => ({
            name: "conversion",
            entityId: `c${i}`,
            value: 1,
            time: new Date().toISOString(),
          })),
          { name: "Bad Name", entityId: "c1", value: 1, time: new Date().toISOString() },
        ],
      },
      status: 200,
    });
    expect(events.json).toMatchObject({ stored: 10, rejected: 1 });
  });

  it("monitoring: settings, jobs, drift, histograms and series", async () => {
    const name = { name: "fraud" };
    await call("GET", "/api/v1/models/{name}/monitoring", monitoringRoute.GET, { params: name, key: keys.read, status: 200 });
    await call("PUT", "/api/v1/models/{name}/monitoring", monitoringRoute.PUT, {
      params: name,
      key: keys.admin,
      json: { fdr: 0.1, reference: { kind: "seasonal", weeks: 2 } },
      status: 200,
    });
    await call("PUT", "/api/v1/models/{name}/monitoring", monitoringRoute.PUT, {
      params: name,
      key: keys.admin,
      json: { fdr: 2 },
      status: 422,
    });
    await call("PUT", "/api/v1/models/{name}/monitoring", monitoringRoute.PUT, {
      params: name,
      key: keys.admin,
      json: {},
      status: 200,
    });
    // The hour the predictions were logged in: the performance, business and service jobs summarise it.
    const hour = new Date(Math.floor(predictedAt / HOUR) * HOUR).toISOString();
    for (const job of ["profile", "drift", "performance", "business", "service", "alerts"]) {
      await call("POST", "/api/v1/jobs/runs", jobRunsRoute.POST, {
        key: keys.admin,
        json: { job, model: "fraud", ...(["profile", "alerts"].includes(job) ? {} : { window: `${hour}/PT1H` }) },
        status: 200,
      });
    }
    await call("POST", "/api/v1/jobs/runs", jobRunsRoute.POST, {
      key: keys.admin,
      json: { job: "nope", model: "fraud" },
      status: 422,
    });
    const runs = await call("GET", "/api/v1/jobs/runs", jobRunsRoute.GET, {
      key: keys.read,
      path: "?model=fraud&limit=10",
      status: 200,
    });
    expect(runs.json.runs.map((r: { status: string }) => r.status)).toEqual(Array(6).fill("succeeded"));

    const v1 = await versionId(db, "fraud");
    for (let h = 0; h < 3; h++)
      await writeDriftHour(db, { versionId: v1, hourStart: START + h * HOUR, drifted: h ? ["amount"] : [] });
    const range = `from=${new Date(START).toISOString()}&to=${new Date(START + 3 * HOUR).toISOString()}`;
    const drift = await call("GET", "/api/v1/models/{name}/drift", driftRoute.GET, {
      params: name,
      key: keys.read,
      path: `?${range}`,
      status: 200,
    });
    expect(drift.json.series.length).toBeGreaterThan(0);
    await call("GET", "/api/v1/models/{name}/drift", driftRoute.GET, {
      params: name,
      key: keys.read,
      path: "?from=later",
      status: 422,
    });
    for (const feature of ["amount", "country", "output:score"])
      await call("GET", "/api/v1/models/{name}/drift/histogram", histogramRoute.GET, {
        params: name,
        key: keys.read,
        path: `?feature=${encodeURIComponent(feature)}&bins=5`,
        status: 200,
      });
    for (const [template, route] of [
      ["/api/v1/models/{name}/performance", performanceRoute],
      ["/api/v1/models/{name}/business", businessRoute],
      ["/api/v1/models/{name}/service", serviceRoute],
    ] as const) {
      const series = await call("GET", template, route.GET, { params: name, key: keys.read, status: 200 });
      expect(series.json.points.length, template).toBeGreaterThan(0);
      await call("GET", template, route.GET, { params: { name: "nobody" }, key: keys.read, status: 404 });
    }
  });

  it("alerts: rules, destinations, alerts and notifications", async () => {
    const admin = keys.admin;
    const created = await call("POST", "/api/v1/destinations", destinationsRoute.POST, {
      key: admin,
      json: { name: "hook", kind: "webhook", url: receiver.url("/hook"), secret: "0123456789abcdef" },
      status: 201,
    });
    expect(created.json.config).toEqual({ url: receiver.url("/hook") });
    await call("POST", "/api/v1/destinations", destinationsRoute.POST, {
      key: admin,
      json: { name: "mail", kind: "email", host: "127.0.0.1", from: "tm@example.com", to: ["ops@example.com"], password: "pw" },
      status: 201,
    });
    await call("POST", "/api/v1/destinations", destinationsRoute.POST, {
      key: admin,
      json: { name: "hook", kind: "pager" },
      status: 422,
    });
    await call("GET", "/api/v1/destinations", destinationsRoute.GET, { key: admin, status: 200 });
    await call("GET", "/api/v1/destinations/{name}", destinationRoute.GET, { params: { name: "hook" }, key: admin, status: 200 });
    await call("PATCH", "/api/v1/destinations/{name}", destinationRoute.PATCH, {
      params: { name: "mail" },
      key: admin,
      json: { enabled: false, port: 2525 },
      status: 200,
    });
    await call("POST", "/api/v1/destinations/{name}/test", destinationTestRoute.POST, {
      params: { name: "hook" },
      key: admin,
      status: 200,
    });

    const rule = await call("POST", "/api/v1/alert-rules", rulesRoute.POST, {
      key: admin,
      json: { model: "fraud", name: "Feature drift", kind: "feature_drift", channels: ["hook"] },
      status: 201,
    });
    await call("POST", "/api/v1/alert-rules", rulesRoute.POST, {
      key: admin,
      json: { name: "Quiet", kind: "no_traffic", condition: { periodMinutes: 1 } },
      status: 422,
    });
    await call("GET", "/api/v1/alert-rules", rulesRoute.GET, { key: admin, path: "?model=fraud", status: 200 });
    await call("GET", "/api/v1/alert-rules", rulesRoute.GET, { key: admin, path: "?model=defaults", status: 200 });
    await call("GET", "/api/v1/alert-rules/{id}", ruleRoute.GET, { params: { id: rule.json.id }, key: admin, status: 200 });
    await call("PATCH", "/api/v1/alert-rules/{id}", ruleRoute.PATCH, {
      params: { id: rule.json.id },
      key: admin,
      json: { severity: "critical", condition: { features: ["amount"] } },
      status: 200,
    });

    // Drift hours in a row open alerts (the drift job stores them this way; see alert-fixtures).
    const v1 = await versionId(db, "fraud");
    await db.sql.query("UPDATE alert_rules SET enabled = false WHERE id <> $1::uuid", [rule.json.id]);
    await writeDriftHour(db, { versionId: v1, hourStart: START + 10 * HOUR, drifted: ["amount"] });
    await writeDriftHour(db, { versionId: v1, hourStart: START + 11 * HOUR, drifted: ["amount"] });
    await evaluateModelAlerts(db, { model: "fraud", now: new Date(), publicUrl: "http://tidemark.test" });
    const list = await call("GET", "/api/v1/alerts", alertsRoute.GET, {
      key: keys.read,
      path: "?status=active&limit=10",
      status: 200,
    });
    expect(list.json.alerts.length).toBeGreaterThan(0);
    const id = list.json.alerts[0].id;
    await call("GET", "/api/v1/alerts", alertsRoute.GET, { key: keys.read, path: "?status=sleeping", status: 422 });
    await call("POST", "/api/v1/alerts/{id}/ack", ackRoute.POST, { params: { id }, key: admin, status: 200 });
    await call("POST", "/api/v1/alerts/{id}/snooze", snoozeRoute.POST, {
      params: { id },
      key: admin,
      json: { minutes: 30 },
      status: 200,
    });
    await call("POST", "/api/v1/alerts/{id}/snooze", snoozeRoute.POST, { params: { id }, key: admin, json: {}, status: 422 });
    await call("GET", "/api/v1/alerts/{id}", alertRoute.GET, { params: { id }, key: keys.read, status: 200 });

    const notifications = await call("GET", "/api/v1/alert-notifications", notificationsRoute.GET, {
      key: keys.read,
      status: 200,
    });
    expect(notifications.json.notifications.length).toBeGreaterThan(0);
    const dead = notifications.json.notifications[0].id;
    await db.sql.query("UPDATE alert_notifications SET status = 'dead' WHERE id = $1", [dead]);
    await call("POST", "/api/v1/alert-notifications/{id}/retry", retryRoute.POST, {
      params: { id: dead },
      key: admin,
      status: 200,
    });
    await call("POST", "/api/v1/alert-notifications/{id}/retry", retryRoute.POST, {
      params: { id: dead },
      key: admin,
      status: 409,
    });

    await call("POST", "/api/v1/alerts/{id}/resolve", resolveRoute.POST, {
      params: { id },
      key: admin,
      json: { note: "fixed upstream" },
      status: 200,
    });
    await call("POST", "/api/v1/alerts/{id}/resolve", resolveRoute.POST, { params: { id }, key: admin, status: 409 });
    await call("GET", "/api/v1/alerts/{id}", alertRoute.GET, { params: { id }, key: keys.read, status: 200 });

    await call("DELETE", "/api/v1/destinations/{name}", destinationRoute.DELETE, {
      params: { name: "hook" },
      key: admin,
      status: 409,
    });
    await call("DELETE", "/api/v1/alert-rules/{id}", ruleRoute.DELETE, { params: { id: rule.json.id }, key: admin, status: 200 });
    await db.sql.query("UPDATE alert_rules SET channels = '{}'");
    await call("DELETE", "/api/v1/destinations/{name}", destinationRoute.DELETE, {
      params: { name: "hook" },
      key: admin,
      status: 200,
    });
    await call("GET", "/api/v1/destinations/{name}", destinationRoute.GET, { params: { name: "hook" }, key: admin, status: 404 });
  });

  it("keys, audit and metrics", async () => {
    await call("GET", "/api/v1/keys", keysRoute.GET, { key: keys.admin, status: 200 });
    await call("POST", "/api/v1/keys", keysRoute.POST, {
      key: keys.admin,
      json: { name: "temp", scopes: ["read"] },
      status: 201,
    });
    await call("POST", "/api/v1/keys", keysRoute.POST, {
      key: keys.admin,
      json: { name: "temp", scopes: ["read"] },
      status: 409,
    });
    await call("DELETE", "/api/v1/keys/{name}", keyRoute.DELETE, { params: { name: "temp" }, key: keys.admin, status: 200 });
    await call("GET", "/api/v1/audit", auditRoute.GET, { key: keys.read, path: "?limit=50", status: 200 });
    await call("GET", "/api/v1/audit", auditRoute.GET, { key: keys.read, path: "?limit=0", status: 422 });
    const metrics = await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.read });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    called.add("GET /api/metrics");
  });

  it("called every documented operation", () => {
    const documented = Object.entries(contract.doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.filter((d) => !called.has(d))).toEqual([]);
  });
});

async function ingestKey(): Promise<string> {
  const res = await callRoute(keysRoute.POST, { key: keys.admin, json: { name: "ingestor", scopes: ["ingest"] } });
  return res.json.token;
}
