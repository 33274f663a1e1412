import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as ingestRoute from "@/app/api/v1/models/[name]/predictions/route";
import * as outcomesRoute from "@/app/api/v1/outcomes/route";
import * as predictionRoute from "@/app/api/v1/predictions/[id]/route";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { HOUR_MS } from "@/lib/core/time/durations";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import {
  binaryManifest,
  binaryModelBytes,
  createKeys,
  regressionManifest,
  regressionModelBytes,
  registrationForm,
} from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let ingestKey: string;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  ingestKey = (await createApiKey(db.prisma, { name: "collector", scopes: ["ingest"] }, "test")).token;
  for (const [name, bytes, manifest] of [
    ["fraud", binaryModelBytes(), binaryManifest()],
    ["price", regressionModelBytes(), regressionManifest()],
  ] as const) {
    await callRoute(versionsRoute.POST, { params: { name }, key: keys.admin, body: registrationForm(bytes, manifest) });
  }
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
});
afterAll(async () => db.close());

const post = (name: string, json: unknown, key = ingestKey) =>
  callRoute(ingestRoute.POST, { path: `/api/v1/models/${name}/predictions`, params: { name }, key, json });

const good = (extra: Record<string, unknown> = {}) => ({
  features: { amount: 12, country: "US", is_new: false },
  output: { label: "legit", probabilities: { legit: 0.9, fraud: 0.1 } },
  ...extra,
});

async function storedRows(ids: string[]) {
  return db.sql.query<{
    id: string;
    created_at: Date;
    output: unknown;
    features: unknown;
    source: string | null;
    entity_id: string | null;
  }>(
    "SELECT id::text AS id, created_at, output, features, source, entity_id FROM predictions WHERE id = ANY($1::uuid[]) ORDER BY created_at",
    [ids],
  );
}

describe("POST /api/v1/models/:name/predictions", () => {
  it("stores the good records, rejects each bad one with its field and reason, and never fails the good ones", async () => {
    const hourAgo = new Date(Date.now() - 3 * HOUR_MS).toISOString();
    const res = await post("fraud", {
      records: [
        good({ entityId: "cust-1", time: hourAgo }),
        good({ features: { amount: "12", country: "US" } }),
        good({ features: { amount: 5, country: "US", colour: "red" } }),
        good({ output: { label: "maybe" } }),
        good({ output: { probabilities: { legit: 0.7, fraud: 0.7 } } }),
        good({ output: { probabilities: { legit: 0.4, fraud: 0.6 } } }),
        good({ time: new Date(Date.now() + HOUR_MS).toISOString() }),
        good({ time: new Date(Date.now() - 200 * HOUR_MS).toISOString() }),
        good({ entityId: "bad\u0000id" }),
        good({ output: { value: 3 } }),
        "not an object",
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ model: "fraud", version: 1, received: 11, stored: 2, duplicate: 0, rejected: 9 });
    const items = res.json.items;
    expect(items.map((i: { status: string }) => i.status)).toEqual([
      "stored",
      "rejected",
      "rejected",
      "rejected",
      "rejected",
      "stored",
      "rejected",
      "rejected",
      "rejected",
      "rejected",
      "rejected",
    ]);
    expect(items[1].error).toEqual({
      code: "invalid_features",
      message: "Invalid features",
      details: [{ path: "features.amount", message: "must be a number, got string" }],
    });
    expect(items[2].error.details).toEqual([{ path: "features.colour", message: "unknown feature" }]);
    expect(items[3].error).toEqual({
      code: "invalid_output",
      message: "Invalid output",
      details: [{ path: "output.label", message: '"maybe" is not one of the model\'s classes (legit, fraud)' }],
    });
    expect(items[4].error.details).toEqual([{ path: "output.probabilities", message: "must sum to 1 (within 0.001), got 1.4" }]);
    expect(items[6].error.code).toBe("invalid_time");
    expect(items[6].error.details[0].message).toMatch(/future/);
    expect(items[7].error.details[0].message).toMatch(/older than the model's drift lookback \(168 hours/);
    expect(items[8].error).toEqual({
      code: "invalid",
      message: "Invalid record",
      details: [{ path: "entityId", message: "contains a NUL character, which cannot be stored" }],
    });
    expect(items[9].error.details[0].path).toBe("output.value");
    expect(items[10].error.details).toEqual([{ path: "(record)", message: expect.any(String) }]);

    const rows = await storedRows([items[0].predictionId, items[5].predictionId]);
    expect(rows).toHaveLength(2);
    // The time sent is the prediction's time: it lands in its own hour.
    expect(new Date(rows[0].created_at).toISOString()).toBe(hourAgo);
    expect(rows[0]).toMatchObject({
      source: "ingest",
      entity_id: "cust-1",
      features: { amount: 12, country: "US", is_new: false },
    });
    // No label sent: decided from the probabilities at the manifest's threshold (0.5), as predict does.
    expect(rows[1].output).toEqual({ label: "fraud", probabilities: { legit: 0.4, fraud: 0.6 } });
  });

  it("is idempotent by predictionId, across requests, days and within one request", async () => {
    const id = randomUUID();
    const first = await post("fraud", {
      records: [good({ predictionId: id, time: new Date(Date.now() - 30 * HOUR_MS).toISOString() })],
    });
    expect(first.json.items).toEqual([{ index: 0, status: "stored", predictionId: id }]);
    // The same id at another time (another day's partition) is still the same prediction.
    const again = await post("fraud", { records: [good({ predictionId: id.toUpperCase() }), good({ predictionId: id })] });
    expect(again.json).toMatchObject({ stored: 0, duplicate: 2, rejected: 0 });
    const fresh = randomUUID();
    const twice = await post("fraud", { records: [good({ predictionId: fresh }), good({ predictionId: fresh })] });
    expect(twice.json.items.map((i: { status: string }) => i.status)).toEqual(["stored", "duplicate"]);
    expect(await storedRows([id, fresh])).toHaveLength(2);
  });

  it("answers concurrent requests with the same id once stored, once duplicate", async () => {
    const id = uuidv7();
    const results = await Promise.all([1, 2, 3, 4].map(() => post("fraud", { records: [good({ predictionId: id })] })));
    const statuses = results.map((r) => r.json.items[0].status).sort();
    expect(statuses).toEqual(["duplicate", "duplicate", "duplicate", "stored"]);
    expect(await storedRows([id])).toHaveLength(1);
  });

  it("generates UUIDv7 ids stamped with the record's time, which outcomes and the prediction API find", async () => {
    const time = new Date(Date.now() - 2 * HOUR_MS).toISOString();
    const res = await post("fraud", { records: [good({ time })] });
    const id = res.json.items[0].predictionId;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.parse(time));
    // A sender's own (v4) id is found too.
    const own = randomUUID();
    await post("fraud", { records: [good({ predictionId: own })] });
    const outcomes = await callRoute(outcomesRoute.POST, {
      key: ingestKey,
      json: {
        model: "fraud",
        outcomes: [
          { predictionId: id, label: "fraud" },
          { predictionId: own, label: "legit" },
        ],
      },
    });
    expect(outcomes.json).toMatchObject({ stored: 2, rejected: 0 });
    const detail = await callRoute(predictionRoute.GET, { method: "GET", params: { id: own }, key: keys.read });
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ predictionId: own, source: "ingest", outcome: { label: "legit" } });
  });

  it("takes a regression value and a named version; checks the value", async () => {
    const res = await post("price", {
      version: 1,
      records: [
        { features: { x: 2 }, output: { value: 4.5 } },
        { features: { x: 2 }, output: { label: "a" } },
      ],
    });
    expect(res.json).toMatchObject({ version: 1, stored: 1, rejected: 1 });
    expect(res.json.items[1].error.details).toEqual([
      { path: "output", message: "model is a regression model: send value (a number), not label or probabilities" },
      { path: "output.value", message: "is required for a regression model" },
    ]);
  });

  it("refuses what is wrong with the request as a whole", async () => {
    const cases: [string, unknown, number, string?][] = [
      [
        "price",
        { records: [{ features: { x: 1 }, output: { value: 1 } }] },
        404,
        'Model "price" has no "production" alias; promote a version or send "version": N',
      ],
      ["nope", { records: [good()] }, 404, 'No model named "nope"'],
      ["fraud", { version: 9, records: [good()] }, 404, 'Model "fraud" has no version 9'],
      ["fraud", { records: [] }, 422],
      ["fraud", { records: Array.from({ length: 10_001 }, () => ({})) }, 422],
      ["fraud", { records: [good()], extra: 1 }, 422],
    ];
    for (const [name, body, status, message] of cases) {
      const res = await post(name, body);
      expect(res.status, JSON.stringify(res.json).slice(0, 200)).toBe(status);
      if (message) expect(res.json.error.message).toBe(message);
    }
    const wrongScope = await post("fraud", { records: [good()] }, keys.predict);
    expect(wrongScope.status).toBe(403);
  });
});
