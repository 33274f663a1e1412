import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as predictionRoute from "@/app/api/v1/predictions/[id]/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import {
  binaryManifest,
  binaryModelBytes,
  createKeys,
  oddBatchFailingModelBytes,
  regressionManifest,
  regressionModelBytes,
  registrationForm,
} from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

// The fixture model in plain arithmetic: standardise amount, one-hot country, then a sigmoid.
function expectedFraudProbability(amount: number | null, country: string, isNew: boolean | null): number {
  const a = ((amount ?? 50) - 50) / 25;
  const onehot = ["US", "DE", "FR"].map((c) => (c === country ? 1 : 0));
  const z = 1.5 * a + 0.2 * onehot[0] - 0.4 * onehot[1] + 0.9 * onehot[2] + 1.1 * (isNew ? 1 : 0) - 0.5;
  return 1 / (1 + Math.exp(-z));
}

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), binaryManifest()),
  });
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
  await callRoute(versionsRoute.POST, {
    params: { name: "price" },
    key: keys.admin,
    body: registrationForm(regressionModelBytes(), regressionManifest()),
  });
});
afterAll(async () => db.close());

const predict = (json: unknown, options: { name?: string; query?: string; key?: string | null } = {}) =>
  callRoute(predictRoute.POST, {
    path: `/api/v1/models/${options.name ?? "fraud"}/predict${options.query ?? ""}`,
    params: { name: options.name ?? "fraud" },
    key: options.key === null ? undefined : (options.key ?? keys.predict),
    json,
  });

describe("predict", () => {
  it("serves the production version, decides at the operating threshold, and logs every prediction", async () => {
    const inputs = [
      { amount: 120, country: "FR", is_new: true },
      { amount: 10, country: "DE", is_new: false },
      { amount: 55.5, country: "US", is_new: null },
    ];
    const res = await predict({ inputs, entityIds: ["c-1", "c-2", "c-3"] });
    expect(res.status).toBe(200);
    expect(res.json.model).toBe("fraud");
    expect(res.json.version).toBe(1);
    expect(res.json.latencyMs).toBeGreaterThan(0);
    expect(res.json.predictions).toHaveLength(3);
    res.json.predictions.forEach(
      (p: { predictionId: string; entityId: string; label: string; probabilities: Record<string, number> }, i: number) => {
        const expected = expectedFraudProbability(inputs[i].amount, inputs[i].country, inputs[i].is_new);
        expect(p.probabilities.fraud).toBeCloseTo(expected, 5);
        expect(p.probabilities.legit).toBeCloseTo(1 - expected, 5);
        expect(p.label).toBe(expected >= 0.5 ? "fraud" : "legit");
        expect(p.entityId).toBe(`c-${i + 1}`);
      },
    );
    expect(new Set(res.json.predictions.map((p: { label: string }) => p.label))).toEqual(new Set(["fraud", "legit"]));

    const logged = await db.sql.query<{
      id: string;
      entity_id: string;
      features: unknown;
      output: { label: string };
      api_key_id: string;
    }>("SELECT id, entity_id, features, output, api_key_id FROM predictions ORDER BY entity_id");
    expect(logged.map((r) => r.id)).toEqual(res.json.predictions.map((p: { predictionId: string }) => p.predictionId));
    expect(logged[0].features).toEqual(inputs[0]);
    expect(logged[2].features).toEqual({ amount: 55.5, country: "US", is_new: null });
    expect(logged[1].output.label).toBe(res.json.predictions[1].label);
    const key = await db.prisma.apiKey.findUniqueOrThrow({ where: { name: "predictor" } });
    expect(new Set(logged.map((r) => r.api_key_id))).toEqual(new Set([key.id]));

    const one = await callRoute(predictionRoute.GET, {
      method: "GET",
      params: { id: res.json.predictions[0].predictionId },
      key: keys.read,
    });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ model: "fraud", version: 1, entityId: "c-1", features: inputs[0] });
  });

  it("stores each day's predictions in that day's partition", async () => {
    const rows = await db.sql.query<{ partition: string }>(
      "SELECT DISTINCT tableoid::regclass::text AS partition FROM predictions",
    );
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, "");
    expect(rows.map((r) => r.partition)).toEqual([`predictions_${today}`]);
  });

  it("serves a chosen version, and regression values", async () => {
    const res = await predict({ inputs: [{ x: 3 }, { x: -1.5 }] }, { name: "price", query: "?version=1" });
    expect(res.status).toBe(200);
    expect(res.json.predictions.map((p: { value: number }) => p.value)).toEqual([7, -2]);
  });

  it("maps an unseen category to unknown when the manifest allows it", async () => {
    const manifest = binaryManifest();
    manifest.features = manifest.features.map((f) =>
      f.type === "categorical" ? { ...f, unseenCategory: "map_to_unknown" as const } : f,
    );
    await callRoute(versionsRoute.POST, {
      params: { name: "lenient" },
      key: keys.admin,
      body: registrationForm(binaryModelBytes(), manifest),
    });
    const res = await predict(
      { inputs: [{ amount: 50, country: "JP", is_new: false }] },
      { name: "lenient", query: "?version=1" },
    );
    expect(res.status).toBe(200);
    expect(res.json.predictions[0].probabilities.fraud).toBeCloseTo(expectedFraudProbability(50, "JP", false), 5);
  });
});

describe("bad predict requests", () => {
  const cases: {
    name: string;
    body?: unknown;
    raw?: string;
    query?: string;
    model?: string;
    key?: string | null;
    status: number;
    error: unknown;
  }[] = [
    {
      name: "unknown feature, missing required feature, wrong types, unseen category",
      body: {
        inputs: [
          { amount: "12", country: "JP", colour: "red" },
          { amount: 5, country: "US", is_new: "yes" },
        ],
      },
      status: 422,
      error: {
        code: "validation_failed",
        // record 0 leaves is_new out, which is allowed: the feature is nullable
        message: "4 problems in the inputs",
        details: [
          { path: "inputs.0.colour", index: 0, field: "colour", message: "unknown feature" },
          { path: "inputs.0.amount", index: 0, field: "amount", message: "must be a number, got string" },
          { path: "inputs.0.country", index: 0, field: "country", message: 'unseen category "JP"; allowed: US, DE, FR' },
          { path: "inputs.1.is_new", index: 1, field: "is_new", message: "must be true or false, got string" },
        ],
      },
    },
    {
      name: "null for a non-nullable feature and a missing one",
      body: { inputs: [{ amount: null, is_new: true }] },
      status: 422,
      error: {
        code: "validation_failed",
        message: "2 problems in the inputs",
        details: [
          { path: "inputs.0.amount", index: 0, field: "amount", message: "must not be null" },
          { path: "inputs.0.country", index: 0, field: "country", message: "is required" },
        ],
      },
    },
    {
      name: "non-finite number (1e400 parses as Infinity)",
      raw: '{"inputs":[{"amount":1e400,"country":"US"}]}',
      status: 422,
      error: {
        code: "validation_failed",
        message: "1 problem in the inputs",
        details: [{ path: "inputs.0.amount", index: 0, field: "amount", message: "must be a finite number" }],
      },
    },
    {
      name: "entityIds length mismatch",
      body: { inputs: [{ amount: 1, country: "US" }], entityIds: ["a", "b"] },
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid predict request",
        details: [{ path: "entityIds", message: "has 2 entries for 1 inputs; give one per input" }],
      },
    },
    {
      name: "empty inputs",
      body: { inputs: [] },
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid predict request",
        details: [{ path: "inputs", message: "must contain at least 1 record" }],
      },
    },
    {
      name: "too many records",
      body: { inputs: Array.from({ length: 1001 }, () => ({ amount: 1, country: "US" })) },
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid predict request",
        details: [{ path: "inputs", message: "must contain at most 1000 records" }],
      },
    },
    {
      name: "a record that is not an object",
      body: { inputs: [42] },
      status: 422,
      error: {
        code: "validation_failed",
        message: "1 problem in the inputs",
        details: [
          { path: "inputs.0.(record)", index: 0, field: "(record)", message: "must be an object of feature values, got number" },
        ],
      },
    },
    {
      name: "unexpected top-level field",
      body: { inputs: [{ amount: 1, country: "US" }], extra: true },
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid predict request",
        details: [{ path: "(root)", message: 'Unrecognized key: "extra"' }],
      },
    },
    {
      name: "body that is not JSON",
      raw: "{inputs: nope",
      status: 400,
      error: { code: "invalid_json", message: expect.stringMatching(/^Request body is not valid JSON: /) },
    },
    {
      name: "unknown model",
      body: { inputs: [{}] },
      model: "nope",
      status: 404,
      error: { code: "not_found", message: 'No model named "nope"' },
    },
    {
      name: "unknown version",
      body: { inputs: [{}] },
      query: "?version=9",
      status: 404,
      error: { code: "not_found", message: 'Model "fraud" has no version 9' },
    },
    {
      name: "unknown alias",
      body: { inputs: [{}] },
      query: "?alias=staging",
      status: 404,
      error: { code: "not_found", message: 'Model "fraud" has no "staging" alias; promote a version or call with ?version=N' },
    },
    {
      name: "bad version parameter",
      body: { inputs: [{}] },
      query: "?version=abc",
      status: 422,
      error: {
        code: "validation_failed",
        message: "Invalid query",
        details: [{ path: "version", message: "must be a version number" }],
      },
    },
    {
      name: "no API key",
      body: { inputs: [{}] },
      key: null,
      status: 401,
      error: { code: "unauthorized", message: "Missing API key: send Authorization: Bearer <key>" },
    },
    {
      name: "unknown API key",
      body: { inputs: [{}] },
      key: "tm_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      status: 401,
      error: { code: "unauthorized", message: "Unknown or revoked API key" },
    },
  ];

  it.each(cases)("$name → $status", async (c) => {
    const model = c.model ?? "fraud";
    const res = await callRoute(predictRoute.POST, {
      path: `/api/v1/models/${model}/predict${c.query ?? ""}`,
      params: { name: model },
      key: c.key === null ? undefined : (c.key ?? keys.predict),
      ...(c.raw !== undefined ? { body: c.raw, headers: { "content-type": "application/json" } } : { json: c.body }),
    });
    expect(res.status).toBe(c.status);
    expect(res.json).toEqual({ error: c.error });
  });

  it("refuses a key without the predict scope (403) and logs nothing for refused requests", async () => {
    const before = await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM predictions");
    const res = await predict({ inputs: [{ amount: 1, country: "US" }] }, { key: keys.read });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { code: "forbidden", message: 'This API key lacks the "predict" scope' } });
    const after = await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM predictions");
    expect(after[0].n).toBe(before[0].n);
  });

  it("refuses an oversized body with 413", async () => {
    const res = await callRoute(predictRoute.POST, {
      path: "/api/v1/models/fraud/predict",
      params: { name: "fraud" },
      key: keys.predict,
      body: `{"inputs":[${"1,".repeat(6 * 1024 * 1024)}1]}`,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      error: { code: "payload_too_large", message: "Request body exceeds the limit of 10485760 bytes" },
    });
  });
});

describe("a model that fails at run time", () => {
  it("answers 500 with no internal text, logs nothing, and keeps serving good batches", async () => {
    const reg = await callRoute(versionsRoute.POST, {
      params: { name: "fragile" },
      key: keys.admin,
      body: registrationForm(oddBatchFailingModelBytes(), regressionManifest()),
    });
    expect(reg.status).toBe(201);
    const before = await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM predictions");
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const bad = await predict({ inputs: [{ x: 1 }] }, { name: "fragile", query: "?version=1" });
      expect(bad.status).toBe(500);
      expect(bad.json).toEqual({ error: { code: "internal_error", message: "Internal server error" } });
    } finally {
      console.error = original;
    }
    // The cause went to the server log instead.
    expect(JSON.stringify(errors.map((e) => String((e as unknown[])[1]?.constructor?.name)))).toContain("ModelRuntimeError");
    const after = await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM predictions");
    expect(after[0].n).toBe(before[0].n);
    const good = await predict({ inputs: [{ x: 1 }, { x: 2 }] }, { name: "fragile", query: "?version=1" });
    expect(good.status).toBe(200);
    expect(good.json.predictions.map((p: { value: number }) => p.value)).toEqual([1, 2]);
  });
});
