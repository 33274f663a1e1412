import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import { v2Infer, v2Live, v2ModelMetadata, v2ModelReady, v2Ready, v2ServerMetadata } from "@/lib/inference-protocol/v2-handlers";
import { INFERENCE_PROTOCOL_TAG } from "@/lib/openapi/operations/inference-protocol";
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
import { contractCalls, contractChecker } from "../helpers/openapi-contract";

// Every Open Inference Protocol operation of the OpenAPI document called through the handler the
// data plane serves it with, and every answer — successes and the protocol's `{"error": "…"}`
// failures — checked against the document's schema for that status.

const contract = contractChecker();
const { call, uncalled } = contractCalls(contract);
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  for (const [name, onnx, manifest] of [
    ["fraud", binaryModelBytes(), binaryManifest()],
    ["price", regressionModelBytes(), regressionManifest()],
  ] as const)
    await callRoute(versionsRoute.POST, { params: { name }, key: keys.admin, body: registrationForm(onnx, manifest) });
  // price has no production alias: without /versions/{v} it has nothing to serve.
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
});
afterAll(async () => db.close());

const MODEL = "/v2/models/{name}";
const VERSION = "/v2/models/{name}/versions/{version}";
const fraudRows = {
  id: "contract-1",
  inputs: [
    { name: "amount", shape: [2, 1], datatype: "FP32", data: [120, 10] },
    { name: "country", shape: [2, 1], datatype: "BYTES", data: ["FR", "DE"] },
    { name: "is_new", shape: [2, 1], datatype: "BOOL", data: [true, false] },
  ],
  parameters: { entity_ids: ["c-1", "c-2"] },
};

describe("every Open Inference Protocol answer matches the OpenAPI document", () => {
  it("server, liveness and readiness, without a key", async () => {
    await call("GET", "/v2", v2ServerMetadata, { method: "GET", status: 200 });
    await call("GET", "/v2/health/live", v2Live, { method: "GET", status: 200 });
    await call("GET", "/v2/health/ready", v2Ready, { method: "GET", status: 200 });
  });

  it("model metadata and readiness, with and without a version", async () => {
    for (const [suffix, handler] of [
      ["", v2ModelMetadata],
      ["/ready", v2ModelReady],
    ] as const) {
      const get = { method: "GET", key: keys.predict };
      await call("GET", `${MODEL}${suffix}`, handler, { ...get, params: { name: "fraud" }, status: 200 });
      await call("GET", `${VERSION}${suffix}`, handler, { ...get, params: { name: "price", version: "1" }, status: 200 });
      await call("GET", `${MODEL}${suffix}`, handler, { ...get, params: { name: "price" }, status: 404 });
      await call("GET", `${VERSION}${suffix}`, handler, { ...get, params: { name: "fraud", version: "9" }, status: 404 });
      await call("GET", `${VERSION}${suffix}`, handler, { ...get, params: { name: "fraud", version: "one" }, status: 400 });
      await call("GET", `${MODEL}${suffix}`, handler, { method: "GET", params: { name: "fraud" }, status: 401 });
      await call("GET", `${MODEL}${suffix}`, handler, { ...get, key: keys.read, params: { name: "fraud" }, status: 403 });
    }
  });

  it("infer, with and without a version, and its failures", async () => {
    const infer = `${MODEL}/infer`;
    const inferVersion = `${VERSION}/infer`;
    expect(contract.request("POST", infer, fraudRows)).toEqual([]);
    const fraud = await call("POST", infer, v2Infer, {
      params: { name: "fraud" },
      key: keys.predict,
      json: fraudRows,
      status: 200,
    });
    expect(fraud.json.outputs.map((o: { name: string }) => o.name)).toEqual(["label", "probabilities", "prediction_id"]);
    const matrix = { inputs: [{ name: "x", shape: [3, 1], datatype: "FP64", data: [1, 2, 3] }] };
    expect(contract.request("POST", inferVersion, matrix)).toEqual([]);
    const price = await call("POST", inferVersion, v2Infer, {
      params: { name: "price", version: "1" },
      key: keys.predict,
      json: matrix,
      status: 200,
    });
    expect(price.json.outputs[0]).toMatchObject({ name: "value", shape: [3] });
    const bad = { ...fraudRows, inputs: [{ ...fraudRows.inputs[0], data: [1, 2, 3] }, ...fraudRows.inputs.slice(1)] };
    await call("POST", infer, v2Infer, { params: { name: "fraud" }, key: keys.predict, json: bad, status: 400 });
    await call("POST", infer, v2Infer, { params: { name: "fraud" }, key: keys.predict, json: { inputs: [] }, status: 400 });
    await call("POST", infer, v2Infer, { params: { name: "nobody" }, key: keys.predict, json: fraudRows, status: 404 });
    await call("POST", infer, v2Infer, { params: { name: "fraud" }, json: fraudRows, status: 401 });
    await call("POST", inferVersion, v2Infer, {
      params: { name: "fraud", version: "1" },
      key: keys.read,
      json: fraudRows,
      status: 403,
    });
    await call("POST", inferVersion, v2Infer, {
      params: { name: "price", version: "2" },
      key: keys.predict,
      json: matrix,
      status: 404,
    });
  });

  it("called every documented Open Inference Protocol operation", () => {
    expect(uncalled((tag) => tag === INFERENCE_PROTOCOL_TAG)).toEqual([]);
  });
});
