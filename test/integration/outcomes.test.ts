import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as outcomesRoute from "@/app/api/v1/outcomes/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as predictionRoute from "@/app/api/v1/predictions/[id]/route";
import { createApiKey } from "@/lib/auth/manage-api-keys";
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
let ids: string[];
let priceId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  ingestKey = (await createApiKey(db.prisma, { name: "labels", scopes: ["ingest"] }, "test")).token;
  await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), binaryManifest()),
  });
  await callRoute(versionsRoute.POST, {
    params: { name: "price" },
    key: keys.admin,
    body: registrationForm(regressionModelBytes(), regressionManifest()),
  });
  const res = await callRoute(predictRoute.POST, {
    path: "/api/v1/models/fraud/predict?version=1",
    params: { name: "fraud" },
    key: keys.predict,
    json: {
      inputs: [
        { amount: 10, country: "US" },
        { amount: 90, country: "FR" },
        { amount: 50, country: "DE" },
      ],
      entityIds: ["a", "b", "c"],
    },
  });
  ids = res.json.predictions.map((p: { predictionId: string }) => p.predictionId);
  const price = await callRoute(predictRoute.POST, {
    path: "/api/v1/models/price/predict?version=1",
    params: { name: "price" },
    key: keys.predict,
    json: { inputs: [{ x: 1 }] },
  });
  priceId = price.json.predictions[0].predictionId;
});
afterAll(async () => db.close());

const post = (json: unknown, key = ingestKey) => callRoute(outcomesRoute.POST, { key, json });

describe("POST /api/v1/outcomes", () => {
  it("stores good items, reports each bad one, and never rejects the good ones", async () => {
    const res = await post({
      model: "fraud",
      outcomes: [
        { predictionId: ids[0], label: "legit" },
        { predictionId: ids[1], label: "fraud", time: "2026-11-25T10:00:00Z" },
        { predictionId: "01930000-0000-7000-8000-000000000000", label: "fraud" },
        { predictionId: ids[2], label: "maybe" },
        { predictionId: ids[2], value: 1 },
        { predictionId: priceId, label: "fraud" },
        { entityId: "c", label: "fraud" },
        { entityId: "c", time: "2026-11-25T11:00:00Z", label: "fraud" },
        { label: "fraud" },
        "nonsense",
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ model: "fraud", received: 10, stored: 3, replaced: 0, unchanged: 0, rejected: 7 });
    expect(res.json.items).toEqual([
      { index: 0, status: "stored" },
      { index: 1, status: "stored" },
      {
        index: 2,
        status: "rejected",
        error: { code: "unknown_prediction", message: 'No prediction 01930000-0000-7000-8000-000000000000 of model "fraud"' },
      },
      {
        index: 3,
        status: "rejected",
        error: { code: "type_mismatch", message: 'label "maybe" is not one of the model\'s classes (legit, fraud)' },
      },
      {
        index: 4,
        status: "rejected",
        error: { code: "type_mismatch", message: "model is a binary classifier: send label (one of its classes), not value" },
      },
      {
        index: 5,
        status: "rejected",
        error: { code: "unknown_prediction", message: `No prediction ${priceId} of model "fraud"` },
      },
      {
        index: 6,
        status: "rejected",
        error: { code: "invalid", message: "Invalid outcome", details: [{ path: "time", message: "is required with entityId" }] },
      },
      { index: 7, status: "stored" },
      {
        index: 8,
        status: "rejected",
        error: {
          code: "invalid",
          message: "Invalid outcome",
          details: [{ path: "predictionId", message: "give either predictionId or entityId (with time)" }],
        },
      },
      {
        index: 9,
        status: "rejected",
        error: {
          code: "invalid",
          message: "Invalid outcome",
          details: [{ path: "(item)", message: "Invalid input: expected object, received string" }],
        },
      },
    ]);
    const stored = await db.prisma.outcome.findMany({ orderBy: { id: "asc" } });
    expect(stored.map((o) => [o.source, o.label, o.linkedPredictionId])).toEqual([
      ["prediction", "legit", ids[0]],
      ["prediction", "fraud", ids[1]],
      ["entity", "fraud", null],
    ]);
  });

  it("is idempotent per prediction: a repeat is a no-op, a change replaces and is audited", async () => {
    const again = await post({
      model: "fraud",
      outcomes: [
        { predictionId: ids[0], label: "legit" },
        { predictionId: ids[1], label: "legit" },
      ],
    });
    expect(again.json).toMatchObject({ stored: 0, unchanged: 1, replaced: 1, rejected: 0 });
    const row = await db.prisma.outcome.findFirstOrThrow({ where: { predictionId: ids[1] } });
    expect(row.label).toBe("legit");
    expect(await db.prisma.outcome.count()).toBe(3);
    const audit = await db.prisma.auditEvent.findMany({
      where: { kind: { in: ["outcome.replaced", "outcomes.ingested"] } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.kind, a.after])).toEqual([
      ["outcomes.ingested", { received: 10, stored: 3, replaced: 0, unchanged: 0, rejected: 7 }],
      ["outcome.replaced", { label: "legit", value: null }],
      ["outcomes.ingested", { received: 2, stored: 0, replaced: 1, unchanged: 1, rejected: 0 }],
    ]);
    expect(audit[1]).toMatchObject({
      actor: "key:labels",
      subject: `prediction:${ids[1]}`,
      before: { label: "fraud", value: null },
    });
  });

  it("regression outcomes take a value", async () => {
    const res = await post({
      model: "price",
      outcomes: [
        { predictionId: priceId, value: 3.5 },
        { predictionId: priceId, label: "x" },
      ],
    });
    expect(res.json.items.map((i: { status: string }) => i.status)).toEqual(["stored", "rejected"]);
  });

  it.each([
    [{ model: "nope", outcomes: [{}] }, 404, { code: "not_found", message: 'No model named "nope"' }],
    [
      { model: "fraud", outcomes: [] },
      422,
      {
        code: "validation_failed",
        message: "Invalid outcomes request",
        details: [{ path: "outcomes", message: "must contain at least 1 outcome" }],
      },
    ],
    [
      { outcomes: [{}] },
      422,
      {
        code: "validation_failed",
        message: "Invalid outcomes request",
        details: [{ path: "model", message: "model is required" }],
      },
    ],
  ])("refuses a bad envelope %j", async (body, status, error) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error });
  });

  it("needs the ingest scope", async () => {
    expect((await post({ model: "fraud", outcomes: [{}] }, keys.predict)).status).toBe(403);
  });

  it("a logged prediction is returned with its outcome, or null before one arrives", async () => {
    const get = async (id: string) =>
      (await callRoute(predictionRoute.GET, { method: "GET", params: { id }, key: keys.read })).json;
    const labelled = await get(ids[1]);
    // Stored as "fraud", then replaced with "legit" by the idempotency test above.
    expect(labelled.outcome).toMatchObject({ label: "legit", value: null, sentBy: "prediction" });
    expect(Date.parse(labelled.outcome.receivedAt)).toBeLessThanOrEqual(Date.parse(labelled.outcome.updatedAt));
    const regression = await get(priceId);
    expect(regression.outcome).toMatchObject({ label: null, value: 3.5 });
    const fresh = await callRoute(predictRoute.POST, {
      path: "/api/v1/models/fraud/predict?version=1",
      params: { name: "fraud" },
      key: keys.predict,
      json: { inputs: [{ amount: 1, country: "US" }] },
    });
    expect((await get(fresh.json.predictions[0].predictionId)).outcome).toBeNull();
  });
});

describe("POST /api/v1/events", () => {
  it("stores events, counts a retried one as duplicate, and reports bad items", async () => {
    const events = [
      { name: "conversion", entityId: "a", value: 1, time: "2026-11-25T10:05:00Z" },
      { name: "revenue", entityId: "a", value: 42.5, time: "2026-11-25T10:05:00Z" },
      { name: "Conversion", entityId: "b", value: 1, time: "2026-11-25T10:05:00Z" },
      { name: "conversion", entityId: "b", value: "1", time: "yesterday" },
    ];
    const first = await callRoute(eventsRoute.POST, { key: ingestKey, json: { events } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ received: 4, stored: 2, duplicate: 0, rejected: 2 });
    expect(first.json.items[2].error.details).toEqual([
      { path: "name", message: "must be lowercase letters, digits, _ . - (e.g. conversion)" },
    ]);
    expect(first.json.items[3].error.details.map((d: { path: string }) => d.path)).toEqual(["value", "time"]);
    const retry = await callRoute(eventsRoute.POST, { key: ingestKey, json: { events: events.slice(0, 2) } });
    expect(retry.json).toMatchObject({ stored: 0, duplicate: 2 });
    expect(retry.json.items.map((i: { status: string }) => i.status)).toEqual(["duplicate", "duplicate"]);
    expect(await db.prisma.businessEvent.count()).toBe(2);
  });
});
