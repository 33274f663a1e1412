import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { applyRetention } from "@/lib/prediction-log/apply-retention";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";

// Issue 12: a 503 does not mean "not stored", so a client must be able to retry without logging
// its records twice. The Idempotency-Key is committed with the rows; a retry is answered from it.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

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
});
afterAll(async () => db.close());

const body = {
  inputs: [
    { amount: 10, country: "US" },
    { amount: 90, country: "FR" },
  ],
  entityIds: ["i-1", "i-2"],
};
const predict = (json: unknown, idempotencyKey?: string, key = keys.predict) =>
  callRoute(predictRoute.POST, {
    path: "/api/v1/models/fraud/predict",
    params: { name: "fraud" },
    key,
    json,
    headers: idempotencyKey === undefined ? {} : { "Idempotency-Key": idempotencyKey },
  });
const rowsFor = async (entityIds: string[]) =>
  (
    await db.sql.query<{ id: string }>("SELECT id::text AS id FROM predictions WHERE entity_id = ANY($1) ORDER BY id", [
      entityIds,
    ])
  ).map((r) => r.id);
const ids = (res: { json: { predictions: { predictionId: string }[] } }) => res.json.predictions.map((p) => p.predictionId);

describe("predict with an Idempotency-Key", () => {
  it("answers a retry with the original response and logs the records once", async () => {
    const first = await predict(body, "order-1");
    expect(first.status).toBe(200);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const retry = await predict(body, "order-1");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    // The same answer; only latencyMs is this request's own.
    expect({ ...retry.json, latencyMs: 0 }).toEqual({ ...first.json, latencyMs: 0 });
    expect(await rowsFor(["i-1", "i-2"])).toEqual([...ids(first)].sort());
  });

  it("answers a retry that races the pending original with the same predictions", async () => {
    const raced = { ...body, entityIds: ["r-1", "r-2"] };
    const results = await Promise.all(Array.from({ length: 6 }, () => predict(raced, "order-race")));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    const originals = results.filter((r) => r.headers.get("Idempotent-Replayed") === null);
    expect(originals).toHaveLength(1);
    for (const r of results) expect(ids(r)).toEqual(ids(originals[0]));
    expect(await rowsFor(["r-1", "r-2"])).toEqual([...ids(originals[0])].sort());
  });

  it("keeps keys apart per API key, and without a key every request is new", async () => {
    const other = (await createApiKey(db.prisma, { name: "other-client", scopes: ["predict"] }, "test")).token;
    const mine = await predict({ ...body, entityIds: ["k-1", "k-2"] }, "shared-name");
    const theirs = await predict({ ...body, entityIds: ["k-1", "k-2"] }, "shared-name", other);
    expect(theirs.headers.get("Idempotent-Replayed")).toBeNull();
    expect(ids(theirs)).not.toEqual(ids(mine));
    await predict({ ...body, entityIds: ["n-1", "n-2"] });
    await predict({ ...body, entityIds: ["n-1", "n-2"] });
    expect(await rowsFor(["n-1", "n-2"])).toHaveLength(4);
  });

  const refusals: { name: string; key: string; json: unknown; error: unknown }[] = [
    {
      name: "the same key with a different body",
      key: "order-1",
      json: {
        ...body,
        inputs: [
          { amount: 11, country: "US" },
          { amount: 90, country: "FR" },
        ],
      },
      error: {
        code: "validation_failed",
        message: "Idempotency-Key was already used for a different request",
        details: [
          {
            path: "Idempotency-Key",
            message: "was already used with another model, version selector or body; send a new key for a new request",
          },
        ],
      },
    },
    {
      name: "a key longer than 255 characters",
      key: "k".repeat(256),
      json: body,
      error: {
        code: "validation_failed",
        message: "Invalid headers",
        details: [{ path: "Idempotency-Key", message: "must be at most 255 characters" }],
      },
    },
    {
      name: "a key with characters outside printable ASCII",
      key: "caf\u00e9",
      json: body,
      error: {
        code: "validation_failed",
        message: "Invalid headers",
        details: [{ path: "Idempotency-Key", message: "must be printable ASCII, e.g. a UUID" }],
      },
    },
  ];
  it.each(refusals)("refuses $name with 422 naming the header", async (c) => {
    const res = await predict(c.json, c.key);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: c.error });
  });

  it("remembers keys for a day; retention deletes them after that", async () => {
    await predict({ ...body, entityIds: ["t-1", "t-2"] }, "order-ttl");
    const keysNow = async () =>
      (await db.sql.query<{ key: string }>("SELECT key FROM prediction_idempotency_keys WHERE key = 'order-ttl'")).length;
    const inADay = new Date(Date.now() + 23 * 3_600_000);
    expect((await applyRetention(db.sql, { days: 30, now: inADay })).deletedIdempotencyKeys).toBe(0);
    expect(await keysNow()).toBe(1);
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect((await applyRetention(db.sql, { days: 30, now: later })).deletedIdempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(await keysNow()).toBe(0);
  });
});
