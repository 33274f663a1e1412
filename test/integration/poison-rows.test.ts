import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as outcomesRoute from "@/app/api/v1/outcomes/route";
import * as metricsRoute from "@/app/api/metrics/route";
import { getLogWriter } from "@/lib/prediction-log/get-log-writer";
import { PredictionBatchWriter } from "@/lib/prediction-log/batch-writer";
import type { PredictionRow } from "@/lib/prediction-log/prediction-row";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";

// Issue 12, C1/C2: one string Postgres cannot store must never fail the requests that share its
// group commit. Edge validation refuses it (422 naming the field); the writer isolates whatever
// still gets through, and a fire-and-forget row that can never be written is dead-lettered.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let versionId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  // map_to_unknown is what `tidemark train` writes: any string is a valid category for the model.
  const manifest = binaryManifest();
  manifest.features = manifest.features.map((f) =>
    f.type === "categorical" ? { ...f, unseenCategory: "map_to_unknown" as const } : f,
  );
  await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), manifest),
  });
  const [version] = await db.sql.query<{ id: string }>("SELECT id::text AS id FROM model_versions");
  versionId = version.id;
});
afterAll(async () => db.close());

const predict = (json: unknown) =>
  callRoute(predictRoute.POST, {
    path: "/api/v1/models/fraud/predict?version=1",
    params: { name: "fraud" },
    key: keys.predict,
    json,
  });
const countRows = async () => (await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM predictions"))[0].n;
const setLogMode = (logMode: "durable" | "async" | null) =>
  callRoute(modelRoute.PATCH, { method: "PATCH", params: { name: "fraud" }, key: keys.admin, json: { logMode } });

const NUL = "contains a NUL character, which cannot be stored";
const SURROGATE = "contains an unpaired UTF-16 surrogate";
const valid = (i: number) => ({ amount: i % 300, country: ["US", "DE", "FR"][i % 3], is_new: i % 2 === 0 });

describe("strings Postgres cannot store are refused at the edge", () => {
  const cases: { name: string; body: unknown; error: unknown }[] = [
    {
      name: "a NUL in a categorical value",
      body: {
        inputs: [
          { amount: 1, country: "US" },
          { amount: 1, country: "x\u0000y" },
        ],
      },
      error: {
        code: "validation_failed",
        message: "1 string in the request cannot be stored",
        details: [{ path: "inputs.1.country", message: NUL }],
      },
    },
    {
      name: "a lone surrogate in a categorical value",
      body: { inputs: [{ amount: 1, country: "\ud800" }] },
      error: {
        code: "validation_failed",
        message: "1 string in the request cannot be stored",
        details: [{ path: "inputs.0.country", message: SURROGATE }],
      },
    },
    {
      name: "a NUL in an entityId and a lone low surrogate in another",
      body: {
        inputs: [
          { amount: 1, country: "US" },
          { amount: 2, country: "US" },
        ],
        entityIds: ["a\u0000", "b\udc00"],
      },
      error: {
        code: "validation_failed",
        message: "2 strings in the request cannot be stored",
        details: [
          { path: "entityIds.0", message: NUL },
          { path: "entityIds.1", message: SURROGATE },
        ],
      },
    },
    {
      name: "a NUL in an unknown feature's name",
      body: { inputs: [{ amount: 1, country: "US", "bad\u0000key": 1 }] },
      error: {
        code: "validation_failed",
        message: "1 string in the request cannot be stored",
        details: [{ path: "inputs.0.bad\\u0000key (key)", message: `the name ${NUL}` }],
      },
    },
  ];
  it.each(cases)("$name → 422 naming the field", async (c) => {
    const before = await countRows();
    const res = await predict(c.body);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: c.error });
    expect(await countRows()).toBe(before);
  });

  it("caps categorical values and keeps numbers within float32's range", async () => {
    const res = await predict({
      inputs: [
        { amount: 1, country: "x".repeat(1025) },
        { amount: 1e39, country: "US" },
        { amount: 1, country: "y".repeat(1024) },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      error: {
        code: "validation_failed",
        message: "2 problems in the inputs",
        details: [
          { path: "inputs.0.country", index: 0, field: "country", message: "must be at most 1024 characters" },
          { path: "inputs.1.amount", index: 1, field: "amount", message: "must be within float32's range (±3.4028235e+38)" },
        ],
      },
    });
    // The largest finite float32 itself is fine: it is not Infinity in the tensor.
    expect((await predict({ inputs: [{ amount: 3.4028234663852886e38, country: "US" }] })).status).toBe(200);
  });

  it("serves every valid request while a client sends poison beside them (durable)", async () => {
    const before = await countRows();
    // Valid in every other way (map_to_unknown takes any category), so only the string is wrong.
    const poison = (i: number) =>
      predict(
        i % 8 === 0
          ? { inputs: [{ amount: 1, country: "\u0000" }] }
          : { inputs: [{ amount: 1, country: "US" }], entityIds: ["\ud800"] },
      );
    const good = (i: number) => predict({ inputs: [valid(i), valid(i + 1)], entityIds: [`g-${i}`, `g-${i}b`] });
    const results = await Promise.all(Array.from({ length: 96 }, (_, i) => (i % 4 === 0 ? poison(i) : good(i))));
    const goodResults = results.filter((_, i) => i % 4 !== 0);
    expect(goodResults.map((r) => r.status)).toEqual(goodResults.map(() => 200));
    expect(results.filter((_, i) => i % 4 === 0).map((r) => r.status)).toEqual(Array(24).fill(422));
    expect(await countRows()).toBe(before + 72 * 2);
  });
});

describe("per-item ingest reports a bad string against its own item", () => {
  it("stores the good events and rejects only the NUL and the lone-surrogate entity ids", async () => {
    const time = "2026-11-25T10:05:00Z";
    const events = [
      { name: "conversion", entityId: "ok-1", value: 1, time },
      { name: "conversion", entityId: "nul\u0000", value: 1, time },
      { name: "conversion", entityId: "half\ud800", value: 1, time },
      { name: "conversion", entityId: "ok-2", value: 1, time },
      { name: "conversion", entityId: "ok-3", value: 1, time, "note\u0000": "x" },
    ];
    const res = await callRoute(eventsRoute.POST, { key: keys.admin, json: { events } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      received: 5,
      stored: 2,
      duplicate: 0,
      rejected: 3,
      items: [
        { index: 0, status: "stored" },
        {
          index: 1,
          status: "rejected",
          error: { code: "invalid", message: "Invalid event", details: [{ path: "entityId", message: NUL }] },
        },
        {
          index: 2,
          status: "rejected",
          error: { code: "invalid", message: "Invalid event", details: [{ path: "entityId", message: SURROGATE }] },
        },
        { index: 3, status: "stored" },
        {
          index: 4,
          status: "rejected",
          error: {
            code: "invalid",
            message: "Invalid event",
            details: [{ path: "note\\u0000 (key)", message: `the name ${NUL}` }],
          },
        },
      ],
    });
    const stored = await db.sql.query<{ entity_id: string }>("SELECT entity_id FROM business_events ORDER BY entity_id");
    expect(stored.map((r) => r.entity_id)).toEqual(["ok-1", "ok-2"]);
  });

  it("stores the good outcomes and rejects only the one with a NUL", async () => {
    const outcomes = [
      { entityId: "e-1", time: "2026-11-25T10:00:00Z", label: "fraud" },
      { entityId: "e-\u0000", time: "2026-11-25T10:00:00Z", label: "fraud" },
      { entityId: "e-2", time: "2026-11-25T10:00:00Z", label: "legit\ud800" },
    ];
    const res = await callRoute(outcomesRoute.POST, { key: keys.admin, json: { model: "fraud", outcomes } });
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([
      { index: 0, status: "stored" },
      {
        index: 1,
        status: "rejected",
        error: { code: "invalid", message: "Invalid outcome", details: [{ path: "entityId", message: NUL }] },
      },
      {
        index: 2,
        status: "rejected",
        error: { code: "invalid", message: "Invalid outcome", details: [{ path: "label", message: SURROGATE }] },
      },
    ]);
    expect(res.json.stored).toBe(1);
    const bad = await callRoute(outcomesRoute.POST, { key: keys.admin, json: { model: "fr\u0000aud", outcomes } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toEqual([{ path: "model", message: NUL }]);
  });
});

// Rows that edge validation cannot catch (written here straight into the writer) stand for any
// future row Postgres refuses for what it holds.
const row = (overrides: Partial<PredictionRow> = {}): PredictionRow => ({
  id: uuidv7(),
  createdAt: new Date(),
  modelVersionId: versionId,
  entityId: null,
  features: { amount: 1, country: "US" },
  output: { label: "legit" },
  latencyMs: 1,
  apiKeyId: null,
  ...overrides,
});

describe("the batch writer isolates a row Postgres refuses", () => {
  it("fails only the offending durable request of a shared batch", async () => {
    const writer = new PredictionBatchWriter({ sql: db.sql });
    const before = await countRows();
    const requests = Array.from({ length: 16 }, (_, i) => {
      if (i === 5) return [row(), row({ features: { country: "\u0000" } })];
      if (i === 11) return [row({ entityId: "nul\u0000" })];
      return [row(), row()];
    });
    const settled = await Promise.allSettled(requests.map((rows) => writer.write(rows, "durable")));
    const failed = settled.flatMap((s, i) => (s.status === "rejected" ? [i] : []));
    expect(failed).toEqual([5, 11]);
    expect(await countRows()).toBe(before + 14 * 2);
    expect(writer.stats.splits).toBeGreaterThan(0);
    expect(writer.stats.deadLettered).toBe(0);
    // The bad request is never written again: a later batch goes through in one statement.
    const flushes = writer.stats.flushes;
    await Promise.all([writer.write([row()], "durable"), writer.write([row()], "durable")]);
    expect(writer.stats.flushes).toBe(flushes + 1);
  });

  it("in async mode stores every valid row, dead-letters the bad one, and durable requests afterwards succeed", async () => {
    await setLogMode("async");
    const writer = getLogWriter(db);
    const before = await countRows();
    const poisoned = [row(), row({ features: { amount: 1, country: "\u0000\ud800" } }), row()];
    writer.write(poisoned, "async");
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => predict({ inputs: [valid(i)] })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    await writer.drain();
    // 50 requests + the two good rows of the poisoned request.
    expect(await countRows()).toBe(before + 52);
    expect(writer.stats.deadLettered).toBe(1);
    const letters = await db.sql.query<{ prediction_id: string; sql_state: string; error: string; row: string }>(
      "SELECT prediction_id, sql_state, error, row FROM prediction_dead_letters",
    );
    expect(letters).toHaveLength(1);
    expect(letters[0].prediction_id).toBe(poisoned[1].id);
    expect(letters[0].sql_state).toMatch(/^22/);
    expect(letters[0].error).not.toBe("");
    // The row is kept as JSON text with what Postgres cannot store escaped: it parses back to what was sent.
    expect(JSON.parse(letters[0].row).features).toEqual({ amount: 1, country: "\u0000\ud800" });

    await setLogMode("durable");
    const after = await Promise.all(Array.from({ length: 8 }, (_, i) => predict({ inputs: [valid(i)] })));
    expect(after.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await countRows()).toBe(before + 60);

    const metrics = await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.read });
    expect(metrics.json).toMatch(/tidemark_prediction_log_rows_dead_lettered_total 1\b/);
    await setLogMode(null);
  });
});
