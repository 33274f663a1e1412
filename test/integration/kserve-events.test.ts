import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as kserveRoute from "@/app/api/v1/models/[name]/kserve-events/route";
import { createApiKey } from "@/lib/auth/manage-api-keys";
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

// Payloads as KServe's logger sends them (kserve/kserve pkg/logger): binary-mode CloudEvents whose
// ce-type says request or response, whose ce-id pairs them, and whose body is the model server's
// own request or response, in the Open Inference Protocol (v2) or the v1 protocol.
const REQUEST = "org.kubeflow.serving.inference.request";
const RESPONSE = "org.kubeflow.serving.inference.response";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let ingestKey: string;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  ingestKey = (await createApiKey(db.prisma, { name: "kserve-logger", scopes: ["ingest"] }, "test")).token;
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
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
});
afterAll(async () => db.close());

function send(name: string, type: string, id: string | undefined, json: unknown, extra: Record<string, string> = {}, query = "") {
  const headers: Record<string, string> = {
    "ce-specversion": "1.0",
    "ce-type": type,
    "ce-source": "http://localhost:9081/",
    "ce-inferenceservicename": name,
    authorization: `Basic ${Buffer.from(`tidemark:${ingestKey}`).toString("base64")}`,
    ...extra,
  };
  if (id !== undefined) headers["ce-id"] = id;
  return callRoute(kserveRoute.POST, { path: `/api/v1/models/${name}/kserve-events${query}`, params: { name }, headers, json });
}

const rowsOf = (ids: string[]) =>
  db.sql.query<{ id: string; created_at: Date; features: unknown; output: unknown; source: string }>(
    "SELECT id::text AS id, created_at, features, output, source FROM predictions WHERE id = ANY($1::uuid[]) ORDER BY id",
    [ids],
  );

describe("POST /api/v1/models/:name/kserve-events", () => {
  it("pairs a v2 request and its response by ce-id and stores the rows, stamped with the request's time", async () => {
    const time = new Date(Date.now() - HOUR_MS).toISOString();
    const request = await send(
      "fraud",
      REQUEST,
      "evt-1",
      {
        id: "evt-1",
        inputs: [
          {
            name: "input-0",
            shape: [2, 3],
            datatype: "BYTES",
            data: [
              [40, "US", 0],
              [900, "FR", 1],
            ],
          },
        ],
      },
      { "ce-time": time },
    );
    expect(request.status).toBe(202);
    expect(request.json).toEqual({ eventId: "evt-1", waitingFor: "response" });
    const response = await send("fraud", RESPONSE, "evt-1", {
      model_name: "fraud",
      id: "evt-1",
      outputs: [
        { name: "probabilities", shape: [2, 2], datatype: "FP32", data: [0.8, 0.2, 0.3, 0.7] },
        { name: "label", shape: [2], datatype: "BYTES", data: ["legit", "fraud"] },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ eventId: "evt-1", model: "fraud", version: 1, received: 2, stored: 2, rejected: 0 });
    const ids = response.json.items.map((i: { predictionId: string }) => i.predictionId);
    const rows = await rowsOf(ids);
    const byAmount = rows.sort((a, b) => (a.features as { amount: number }).amount - (b.features as { amount: number }).amount);
    expect(byAmount.map((r) => [r.features, r.output, r.source, new Date(r.created_at).toISOString()])).toEqual([
      [
        { amount: 40, country: "US", is_new: false },
        { label: "legit", probabilities: { legit: 0.8, fraud: 0.2 } },
        "kserve",
        time,
      ],
      [
        { amount: 900, country: "FR", is_new: true },
        { label: "fraud", probabilities: { legit: 0.3, fraud: 0.7 } },
        "kserve",
        time,
      ],
    ]);
    // The logger retries: the same pair again is recognised, never stored twice.
    await send(
      "fraud",
      REQUEST,
      "evt-1",
      {
        inputs: [
          {
            name: "input-0",
            shape: [2, 3],
            datatype: "BYTES",
            data: [
              [40, "US", 0],
              [900, "FR", 1],
            ],
          },
        ],
      },
      { "ce-time": time },
    );
    const again = await send("fraud", RESPONSE, "evt-1", {
      outputs: [{ name: "probabilities", shape: [2, 2], datatype: "FP32", data: [0.8, 0.2, 0.3, 0.7] }],
    });
    expect(again.json).toMatchObject({ stored: 0, duplicate: 2 });
    expect(await rowsOf(ids)).toHaveLength(2);
  });

  it("pairs in either order, with one v2 input per feature or the v1 protocol", async () => {
    const first = await send("fraud", RESPONSE, "evt-2", { predictions: [1, 0] });
    expect(first.status).toBe(202);
    expect(first.json.waitingFor).toBe("request");
    const second = await send("fraud", REQUEST, "evt-2", {
      instances: [[10, "DE", false], { amount: 20, country: "US", is_new: null }],
    });
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ stored: 2, rejected: 0 });
    const rows = await rowsOf(second.json.items.map((i: { predictionId: string }) => i.predictionId));
    // Class indices map to the manifest's classes.
    expect(rows.map((r) => (r.output as { label: string }).label).sort()).toEqual(["fraud", "legit"]);

    await send("fraud", REQUEST, "evt-3", {
      inputs: [
        { name: "amount", shape: [1, 1], datatype: "FP32", data: [55] },
        { name: "country", shape: [1], datatype: "BYTES", data: ["FR"] },
        { name: "is_new", shape: [1], datatype: "BOOL", data: [true] },
      ],
    });
    const done = await send("fraud", RESPONSE, "evt-3", {
      outputs: [{ name: "output-0", shape: [1, 2], datatype: "FP32", data: [0.45, 0.55] }],
    });
    expect(done.json).toMatchObject({ stored: 1 });
    const [row] = await rowsOf([done.json.items[0].predictionId]);
    expect(row.features).toEqual({ amount: 55, country: "FR", is_new: true });
    // No label in the response: decided at the manifest's threshold.
    expect(row.output).toEqual({ label: "fraud", probabilities: { legit: 0.45, fraud: 0.55 } });
  });

  it("stores a regression value and reports bad rows per row", async () => {
    await send(
      "price",
      REQUEST,
      "evt-4",
      { inputs: [{ name: "x", shape: [2], datatype: "FP32", data: [1, "oops"] }] },
      {},
      "?version=1",
    );
    const res = await send(
      "price",
      RESPONSE,
      "evt-4",
      { outputs: [{ name: "y", shape: [2, 1], datatype: "FP32", data: [3, 4] }] },
      {},
      "?version=1",
    );
    expect(res.json).toMatchObject({ stored: 1, rejected: 1 });
    expect(res.json.items[1].error.details).toEqual([{ path: "features.x", message: "must be a number, got string" }]);
  });

  it("refuses events it cannot read, naming the header or the tensor", async () => {
    const cases: [string | undefined, string, unknown, number, string][] = [
      [REQUEST, undefined as unknown as string, { instances: [] }, 422, "ce-id"],
      ["dev.knative.other", "x", { instances: [] }, 422, "ce-type"],
      [REQUEST, "x", { inputs: [{ name: "t", shape: [1, 2], datatype: "FP32", data: [1, 2] }] }, 422, "inputs"],
      [REQUEST, "x", { inputs: [{ name: "t", shape: [1, 3], datatype: "FP32", data: [1, 2] }] }, 422, "inputs.0.data"],
      [RESPONSE, "x", { outputs: [{ name: "p", shape: [1, 5], datatype: "FP32", data: [1, 2, 3, 4, 5] }] }, 422, "outputs"],
      [RESPONSE, "x", { text: "hello" }, 422, "(body)"],
    ];
    for (const [type, id, body, status, path] of cases) {
      const res = await send("fraud", type as string, id, body);
      expect(res.status, JSON.stringify(res.json)).toBe(status);
      expect(res.json.error.details[0].path).toBe(path);
    }
    const noKey = await callRoute(kserveRoute.POST, {
      params: { name: "fraud" },
      headers: { "ce-type": REQUEST, "ce-id": "y" },
      json: { instances: [] },
    });
    expect(noKey.status).toBe(401);
    const wrongScope = await callRoute(kserveRoute.POST, {
      params: { name: "fraud" },
      key: keys.read,
      headers: { "ce-type": REQUEST, "ce-id": "y" },
      json: { instances: [] },
    });
    expect(wrongScope.status).toBe(403);
  });
});
