import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as openapiRoute from "@/app/api/openapi.json/route";
import * as metricsRoute from "@/app/api/metrics/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as versionRoute from "@/app/api/v1/models/[name]/versions/[version]/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as trafficRoute from "@/app/api/v1/models/[name]/aliases/[alias]/traffic/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as predictionRoute from "@/app/api/v1/predictions/[id]/route";
import * as outcomesRoute from "@/app/api/v1/outcomes/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as ingestRoute from "@/app/api/v1/models/[name]/predictions/route";
import * as kserveRoute from "@/app/api/v1/models/[name]/kserve-events/route";
import * as monitoringRoute from "@/app/api/v1/models/[name]/monitoring/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import * as histogramRoute from "@/app/api/v1/models/[name]/drift/histogram/route";
import * as performanceRoute from "@/app/api/v1/models/[name]/performance/route";
import * as businessRoute from "@/app/api/v1/models/[name]/business/route";
import * as serviceRoute from "@/app/api/v1/models/[name]/service/route";
import * as jobRunsRoute from "@/app/api/v1/jobs/runs/route";
import * as keysRoute from "@/app/api/v1/keys/route";
import * as keyRoute from "@/app/api/v1/keys/[name]/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import {
  binaryManifest,
  binaryModelBytes,
  createKeys,
  registrationForm,
  regressionManifest,
  regressionModelBytes,
} from "../helpers/fixtures";
import { versionId, writeDriftHour } from "../helpers/alert-fixtures";
import { ALERT_TAGS, contractCalls, contractChecker } from "../helpers/openapi-contract";
import { INFERENCE_PROTOCOL_TAG } from "@/lib/openapi/operations/inference-protocol";

// Every operation of the OpenAPI document called through its real handler, and every answer —
// successes and failures — checked against the document's schema for that status. A field the

// Every operation of the OpenAPI document (but the alert ones, in openapi-contract-alerts.test.ts)
// called through its real handler, and every answer — successes and failures — checked against
// the document's schema for that status. A field the code answers but the document does not
// declare (or the reverse) fails here.

const contract = contractChecker();
const { call, called, uncalled } = contractCalls(contract);
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 2, 0);
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

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

  it("rollouts: set, read and end an alias's traffic policy", async () => {
    const path = "/api/v1/models/{name}/aliases/{alias}/traffic";
    const params = { name: "price", alias: "production" };
    await call("POST", "/api/v1/models/{name}/versions", versionsRoute.POST, {
      params: { name: "price" },
      key: keys.admin,
      body: registrationForm(regressionModelBytes(), regressionManifest()),
      status: 201,
    });
    await call("GET", path, trafficRoute.GET, { params, key: keys.read, status: 200 });
    await call("PUT", path, trafficRoute.PUT, {
      params,
      key: keys.admin,
      json: { mode: "canary", version: 2, percent: 10 },
      status: 200,
    });
    await call("GET", path, trafficRoute.GET, { params, key: keys.read, status: 200 });
    await call("PUT", path, trafficRoute.PUT, { params, key: keys.admin, json: { mode: "canary", version: 2 }, status: 422 });
    await call("PUT", path, trafficRoute.PUT, { params, key: keys.admin, json: { mode: "shadow", version: 9 }, status: 404 });
    await call("PUT", path, trafficRoute.PUT, {
      params: { name: "price", alias: "staging" },
      key: keys.admin,
      json: { mode: "shadow", version: 2 },
      status: 409,
    });
    await call("PUT", path, trafficRoute.PUT, { params, key: keys.read, json: { mode: "shadow", version: 2 }, status: 403 });
    await call("DELETE", path, trafficRoute.DELETE, { params, key: keys.admin, status: 200 });
    await call("DELETE", path, trafficRoute.DELETE, { params, key: keys.admin, status: 404 });
    await call("GET", path, trafficRoute.GET, { params: { name: "nobody", alias: "production" }, key: keys.read, status: 404 });
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

    const ingested = await call("POST", "/api/v1/models/{name}/predictions", ingestRoute.POST, {
      params: { name: "fraud" },
      key: ingest,
      json: {
        records: [
          { features: inputs[0], output: { probabilities: { legit: 0.7, fraud: 0.3 } }, entityId: "c0" },
          { features: inputs[1], output: { label: "maybe" } },
        ],
      },
      status: 200,
    });
    expect(ingested.json).toMatchObject({ stored: 1, rejected: 1 });
    await call("GET", "/api/v1/predictions/{id}", predictionRoute.GET, {
      params: { id: ingested.json.items[0].predictionId },
      key: keys.read,
      status: 200,
    });
    await call("POST", "/api/v1/models/{name}/predictions", ingestRoute.POST, {
      params: { name: "fraud" },
      key: ingest,
      json: { records: [] },
      status: 422,
    });
    const kserve = (type: string, json: unknown, status: number) =>
      call("POST", "/api/v1/models/{name}/kserve-events", kserveRoute.POST, {
        params: { name: "fraud" },
        key: ingest,
        headers: { "ce-type": `org.kubeflow.serving.inference.${type}`, "ce-id": "contract-event" },
        json,
        status,
      });
    await kserve("request", { instances: [[12, "US", true]] }, 202);
    await kserve("response", { predictions: [[0.9, 0.1]] }, 200);
    await kserve("reply", { predictions: [] }, 422);
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
    // The profile job reads only rows logged more than a second before the database's clock (its
    // guard against commits still in flight): without this wait, on a fast machine it finds nothing
    // to read and records no run.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
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
    // The Open Inference Protocol's operations: openapi-contract-v2.test.ts.
    expect(uncalled((tag) => !ALERT_TAGS.includes(tag) && tag !== INFERENCE_PROTOCOL_TAG)).toEqual([]);
  });
});

async function ingestKey(): Promise<string> {
  const res = await callRoute(keysRoute.POST, { key: keys.admin, json: { name: "ingestor", scopes: ["ingest"] } });
  return res.json.token;
}
