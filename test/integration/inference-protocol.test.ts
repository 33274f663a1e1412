import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { v2Infer, v2Live, v2ModelMetadata, v2ModelReady, v2Ready } from "@/lib/inference-protocol/v2-handlers";
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

// The Open Inference Protocol (KServe v2 REST) with request bodies shaped as tritonclient's
// JSON (InferInput.set_data_from_numpy(..., binary_data=False)) and KServe's docs write them.
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  for (const [name, onnx, manifest] of [
    ["fraud", binaryModelBytes(), binaryManifest()],
    ["price", regressionModelBytes(), regressionManifest()],
  ] as const) {
    await callRoute(versionsRoute.POST, { params: { name }, key: keys.admin, body: registrationForm(onnx, manifest) });
    await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name, alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
  }
});
afterAll(async () => db.close());

type Params = { name: string; version?: string };
const infer = (name: string, json: unknown, options: { version?: string; key?: string | null } = {}) =>
  callRoute<Params>(v2Infer, {
    path: `/v2/models/${name}${options.version ? `/versions/${options.version}` : ""}/infer`,
    params: { name, ...(options.version ? { version: options.version } : {}) },
    key: options.key === null ? undefined : (options.key ?? keys.predict),
    json,
  });
const logged = async () => (await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM predictions"))[0].n;

// tritonclient's JSON for three fraud rows, one tensor per feature, BYTES for the categorical.
const perFeature = {
  id: "req-1",
  inputs: [
    { name: "amount", shape: [3, 1], datatype: "FP32", data: [120, 10, 55.5] },
    { name: "country", shape: [3, 1], datatype: "BYTES", data: ["FR", "DE", "US"] },
    { name: "is_new", shape: [3, 1], datatype: "BOOL", data: [true, false, true] },
  ],
  parameters: { entity_ids: ["c-1", "c-2", "c-3"] },
};
const records = [
  { amount: 120, country: "FR", is_new: true },
  { amount: 10, country: "DE", is_new: false },
  { amount: 55.5, country: "US", is_new: true },
];

describe("Open Inference Protocol", () => {
  it("answers liveness and readiness without a key", async () => {
    expect(await (await v2Live()).json()).toEqual({ live: true });
    const ready = await v2Ready();
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
  });

  it("describes a model: one input per feature with its datatype, the outputs, the served version", async () => {
    const res = await callRoute<Params>(v2ModelMetadata, {
      method: "GET",
      path: "/v2/models/fraud",
      params: { name: "fraud" },
      key: keys.predict,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      name: "fraud",
      versions: ["1"],
      platform: "onnxruntime_onnx",
      inputs: [
        { name: "amount", datatype: "FP32", shape: [-1, 1] },
        { name: "country", datatype: "BYTES", shape: [-1, 1] },
        { name: "is_new", datatype: "BOOL", shape: [-1, 1] },
      ],
      outputs: [
        { name: "label", datatype: "BYTES", shape: [-1] },
        { name: "probabilities", datatype: "FP32", shape: [-1, 2] },
        { name: "prediction_id", datatype: "BYTES", shape: [-1] },
      ],
    });
    const ready = await callRoute<Params>(v2ModelReady, {
      method: "GET",
      path: "/v2/models/fraud/versions/1/ready",
      params: { name: "fraud", version: "1" },
      key: keys.predict,
    });
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ name: "fraud", ready: true });
  });

  it("infers per-feature tensors exactly as /predict does, and logs them with their entity ids", async () => {
    const before = await logged();
    const res = await infer("fraud", perFeature);
    expect(res.status).toBe(200);
    const reference = await callRoute(predictRoute.POST, {
      path: "/api/v1/models/fraud/predict",
      params: { name: "fraud" },
      key: keys.predict,
      json: { inputs: records },
    });
    const expected = reference.json.predictions as { label: string; probabilities: Record<string, number> }[];
    expect(res.json.model_name).toBe("fraud");
    expect(res.json.model_version).toBe("1");
    expect(res.json.id).toBe("req-1");
    expect(res.json.parameters).toEqual({ entity_ids: ["c-1", "c-2", "c-3"] });
    const [label, probabilities, ids] = res.json.outputs;
    expect(label).toEqual({ name: "label", datatype: "BYTES", shape: [3], data: expected.map((p) => p.label) });
    expect(probabilities.shape).toEqual([3, 2]);
    expect(probabilities.parameters).toEqual({ classes: ["legit", "fraud"] });
    expect(probabilities.data).toEqual(expected.flatMap((p) => [p.probabilities.legit, p.probabilities.fraud]));
    expect(ids.data).toHaveLength(3);
    expect(await logged()).toBe(before + 6);
    const stored = await db.sql.query<{ entity_id: string }>(
      "SELECT entity_id FROM predictions WHERE id = ANY($1::uuid[]) ORDER BY entity_id",
      [ids.data],
    );
    expect(stored.map((r) => r.entity_id)).toEqual(["c-1", "c-2", "c-3"]);
  });

  it("takes one [N,F] tensor in the features' order, nested or flat, and a chosen version and output", async () => {
    const nested = await infer("fraud", {
      inputs: [
        {
          name: "input__0",
          shape: [2, 3],
          datatype: "BYTES",
          data: [
            [120, "FR", true],
            [10, "DE", false],
          ],
        },
      ],
      outputs: [{ name: "label" }],
    });
    expect(nested.status).toBe(200);
    expect(nested.json.outputs.map((o: { name: string }) => o.name)).toEqual(["label"]);
    const regression = await infer(
      "price",
      { inputs: [{ name: "x", shape: [3], datatype: "FP64", data: [1, 2, 3.5] }] },
      { version: "1" },
    );
    expect(regression.status).toBe(200);
    expect(regression.json.outputs[0]).toEqual({ name: "value", datatype: "FP32", shape: [3], data: [3, 5, 8] });
  });

  it.each([
    [
      "a datatype the feature does not take",
      { inputs: [{ ...perFeature.inputs[0], datatype: "BYTES" }, ...perFeature.inputs.slice(1)] },
      400,
      /datatype BYTES; feature "amount" takes FP32/,
    ],
    [
      "a value predict would refuse",
      { inputs: [{ name: "m", shape: [1, 3], datatype: "BYTES", data: ["lots", "FR", true] }] },
      400,
      /amount: must be a number/,
    ],
    [
      "a shape its data does not fill",
      { inputs: [{ ...perFeature.inputs[0], shape: [4, 1] }, ...perFeature.inputs.slice(1)] },
      400,
      /3 elements for shape \[4,1\]/,
    ],
    [
      "a missing feature (one that may be null may be left out)",
      { inputs: [perFeature.inputs[0], perFeature.inputs[2]] },
      400,
      /missing input: country/,
    ],
    [
      "an unknown tensor",
      { inputs: [...perFeature.inputs, { name: "zip", shape: [3], datatype: "BYTES", data: ["a", "b", "c"] }] },
      400,
      /"zip" names no feature/,
    ],
    ["an unknown output", { ...perFeature, outputs: [{ name: "logits" }] }, 400, /unknown output "logits"/],
    ["no inputs", { inputs: [] }, 400, /inputs/],
    [
      "a width that is not the feature count",
      { inputs: [{ name: "m", shape: [1, 2], datatype: "FP32", data: [1, 2] }] },
      400,
      /takes 3 features/,
    ],
  ])("refuses %s with 400 in the protocol's error form, logging nothing", async (_, body, status, message) => {
    const before = await logged();
    const res = await infer("fraud", body);
    expect(res.status).toBe(status);
    expect(Object.keys(res.json)).toEqual(["error"]);
    expect(res.json.error).toMatch(message);
    expect(await logged()).toBe(before);
  });

  it("answers auth failures, unknown models and bad versions in the protocol's error form", async () => {
    const noKey = await infer("fraud", perFeature, { key: null });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toEqual({ error: "Missing API key: send Authorization: Bearer <key>" });
    const reader = await infer("fraud", perFeature, { key: keys.read });
    expect(reader.status).toBe(403);
    expect(typeof reader.json.error).toBe("string");
    const unknown = await infer("nope", perFeature);
    expect(unknown).toMatchObject({ status: 404, json: { error: 'No model named "nope"' } });
    const badVersion = await infer("fraud", perFeature, { version: "one" });
    expect(badVersion).toMatchObject({ status: 400, json: { error: 'version "one" is not a version number' } });
    const missingVersion = await infer("fraud", perFeature, { version: "9" });
    expect(missingVersion).toMatchObject({ status: 404, json: { error: 'Model "fraud" has no version 9' } });
  });
});
