import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import * as histogramRoute from "@/app/api/v1/models/[name]/drift/histogram/route";
import * as monitoringRoute from "@/app/api/v1/models/[name]/monitoring/route";
import * as runsRoute from "@/app/api/v1/jobs/runs/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, HOUR, monitoredFraudManifest, seededRandom, settleLog, streamHour } from "../helpers/monitoring-fixtures";

// The monitoring routes as clients see them: settings, running a job on demand, listing runs, and
// every refusal in the one error shape.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const START = Date.UTC(2026, 10, 3, 0);

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  const rng = seededRandom(41);
  await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), monitoredFraudManifest(fraudRecords(rng, 2000))),
  });
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
  for (let h = 0; h < 2; h++)
    await streamHour({
      model: "fraud",
      key: keys.predict,
      hourStart: new Date(START + h * HOUR),
      records: fraudRecords(rng, 250),
    });
  await settleLog();
});
afterAll(async () => db.close());

type GetRoute<P> = { GET: (request: Request, context: { params: Promise<P> }) => Promise<Response> };
const get = <P>(route: GetRoute<P>, path: string, key: string | null = keys.read, params?: P) =>
  callRoute(route.GET, { method: "GET", path, params: params ?? ({ name: "fraud" } as P), key: key ?? undefined });

describe("monitoring settings", () => {
  it("starts from the defaults, stores what is sent, and audits the change", async () => {
    const before = await get(monitoringRoute, "/api/v1/models/fraud/monitoring");
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({
      model: "fraud",
      stored: null,
      settings: {
        schedules: { profile: "5 * * * *", drift: "10 * * * *" },
        fdr: 0.05,
        minSampleSize: 200,
        reference: { kind: "training" },
      },
    });

    const input = { schedules: { drift: "*/30 * * * *" }, minSampleSize: 100, methods: { columns: { amount: "psi" } } };
    const put = await callRoute(monitoringRoute.PUT, { method: "PUT", params: { name: "fraud" }, key: keys.admin, json: input });
    expect(put.status).toBe(200);
    expect(put.json.stored).toEqual(input);
    expect(put.json.settings).toMatchObject({
      schedules: { profile: "5 * * * *", drift: "*/30 * * * *" },
      minSampleSize: 100,
      fdr: 0.05,
    });
    expect(put.json.updatedBy).toBe("key:admin");

    const audit = await get(auditRoute, "/api/v1/audit?kind=model.monitoring_updated", keys.read, {});
    expect(audit.json.events).toHaveLength(1);
    expect(audit.json.events[0]).toMatchObject({ actor: "key:admin", model: "fraud", before: null, after: input });
  });
});

describe("running a job on demand", () => {
  it("runs the drift job for one window and lists its runs, newest first, page by page", async () => {
    const res = await callRoute(runsRoute.POST, {
      key: keys.admin,
      json: { job: "drift", model: "fraud", window: `${new Date(START).toISOString()}/PT1H` },
    });
    expect(res.status).toBe(200);
    expect(res.json.runs.map((r: { job: string; status: string; rowsRead: number }) => [r.job, r.status, r.rowsRead])).toEqual([
      ["profile", "succeeded", 500],
      ["drift", "succeeded", 250],
    ]);
    const first = await get(runsRoute, "/api/v1/jobs/runs?model=fraud&limit=1", keys.read, {});
    expect(first.status).toBe(200);
    expect(first.json.runs).toHaveLength(1);
    expect(first.json.runs[0]).toMatchObject({
      job: "drift",
      model: "fraud",
      version: 1,
      status: "succeeded",
      trigger: "api",
      rowsRead: 250,
      windowStart: new Date(START).toISOString(),
    });
    const second = await get(runsRoute, `/api/v1/jobs/runs?model=fraud&limit=1&before=${first.json.nextBefore}`, keys.read, {});
    expect(second.json.runs[0]).toMatchObject({ job: "profile", rowsRead: 500 });
    expect(second.json.nextBefore).toBeNull();
    const drift = await get(runsRoute, "/api/v1/jobs/runs?job=profile&status=succeeded", keys.read, {});
    expect(drift.json.runs.map((r: { job: string }) => r.job)).toEqual(["profile"]);

    // The stored result follows the settings above: PSI for amount, 100 rows minimum.
    const series = await get(driftRoute, `/api/v1/models/fraud/drift?from=${new Date(START).toISOString()}&feature=amount`);
    expect(series.json.series[0]).toMatchObject({ column: "amount", effectMethod: "psi" });
    expect(series.json.rule.minSampleSize).toBe(100);
  });
});

const iso = new Date(START).toISOString();

describe("refusals", () => {
  it.each([
    { what: "no key", call: () => get(driftRoute, "/api/v1/models/fraud/drift", null), status: 401 },
    { what: "a predict-only key reading runs", call: () => get(runsRoute, "/api/v1/jobs/runs", keys.predict, {}), status: 403 },
    {
      what: "a read key starting a job",
      call: () => callRoute(runsRoute.POST, { key: keys.read, json: { job: "profile", model: "fraud" } }),
      status: 403,
    },
    {
      what: "a read key changing settings",
      call: () => callRoute(monitoringRoute.PUT, { method: "PUT", params: { name: "fraud" }, key: keys.read, json: {} }),
      status: 403,
    },
  ])("$what → $status", async ({ call, status }) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(status === 401 ? "unauthorized" : "forbidden");
  });

  it.each([
    {
      what: "a time that is not ISO 8601, and an unknown parameter",
      call: () => get(driftRoute, "/api/v1/models/fraud/drift?from=yesterday&colour=red"),
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid query",
        details: [
          { path: "from", message: "must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z" },
          { path: "(root)", message: 'Unrecognized key: "colour"' },
        ],
      },
    },
    {
      what: "a range that ends before it starts",
      call: () => get(driftRoute, `/api/v1/models/fraud/drift?from=${iso}&to=2026-01-01T00:00:00Z`),
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid query",
        details: [{ path: "to", message: "from must be before to" }],
      },
    },
    {
      what: "a histogram without a feature and with too many bins",
      call: () => get(histogramRoute, "/api/v1/models/fraud/drift/histogram?bins=500"),
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid query",
        details: [
          { path: "feature", message: "is required" },
          { path: "bins", message: "must be at most 100" },
        ],
      },
    },
    {
      what: "a run listing with an unknown status and a zero limit",
      call: () => get(runsRoute, "/api/v1/jobs/runs?status=nope&limit=0", keys.read, {}),
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid query",
        details: [
          { path: "status", message: "must be running, succeeded, failed or crashed" },
          { path: "limit", message: "must be at least 1" },
        ],
      },
    },
    {
      what: "a job with a window that is not on whole hours",
      call: () =>
        callRoute(runsRoute.POST, { key: keys.admin, json: { job: "drift", model: "fraud", window: "2026-11-03T00:30Z/PT1H" } }),
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid job request",
        details: [{ path: "window", message: "must be START/DURATION or START/END on whole hours, e.g. 2026-11-01T00:00Z/PT1H" }],
      },
    },
    {
      what: "settings with a bad schedule, rate and reference",
      call: () =>
        callRoute(monitoringRoute.PUT, {
          method: "PUT",
          params: { name: "fraud" },
          key: keys.admin,
          json: { schedules: { drift: "hourly" }, fdr: 2, reference: { kind: "last-week" } },
        }),
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid monitoring settings",
        details: [
          { path: "schedules.drift", message: "must be a cron expression (5 fields, or 6 with seconds)" },
          { path: "reference.kind", message: "kind must be one of training, window, seasonal" },
          { path: "fdr", message: "must lie between 0 and 1" },
        ],
      },
    },
    {
      what: "an unknown model",
      call: () => get(driftRoute, "/api/v1/models/nope/drift", keys.read, { name: "nope" }),
      status: 404,
      error: { code: "not_found", message: 'No model named "nope"' },
    },
    {
      what: "an unknown version",
      call: () => get(driftRoute, "/api/v1/models/fraud/drift?version=9"),
      status: 404,
      error: { code: "not_found", message: 'Model "fraud" has no version 9' },
    },
    {
      what: "an unknown feature",
      call: () => get(histogramRoute, `/api/v1/models/fraud/drift/histogram?feature=colour&from=${iso}`),
      status: 404,
      error: {
        code: "not_found",
        message:
          'Model "fraud" version 1 has no feature or output "colour" (known: amount, country, is_new, output:class, output:score)',
      },
    },
    {
      what: "a reference that names none",
      call: () => get(histogramRoute, `/api/v1/models/fraud/drift/histogram?feature=amount&from=${iso}&reference=lastweek`),
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid query",
        details: [{ path: "reference", message: "must be training, seasonal:Nw or window:FROM/TO" }],
      },
    },
  ])("$what → $status", async ({ call, status, error }) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error });
  });
});
