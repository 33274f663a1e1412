import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as versionRoute from "@/app/api/v1/models/[name]/versions/[version]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys, registrationForm } from "../helpers/fixtures";
import { byoManifest, expectedOutputs, loadByoFixture, SERVABLE_FIXTURES } from "../helpers/byo-fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const register = (name: string, onnx: Uint8Array, manifest: unknown) =>
  callRoute(versionsRoute.POST, { params: { name }, key: keys.admin, body: registrationForm(onnx, manifest) });
const predict = (name: string, inputs: unknown[]) =>
  callRoute(predictRoute.POST, {
    path: `/api/v1/models/${name}/predict?version=1`,
    params: { name },
    key: keys.predict,
    json: { inputs },
  });

describe("registering and serving ONNX files as their exporters wrote them", () => {
  it.each(SERVABLE_FIXTURES)("%s: predict answers the exporter's own outputs within 1e-5", async (stem) => {
    const fixture = loadByoFixture(stem);
    const registered = await register(stem, fixture.onnx, byoManifest(fixture));
    expect(registered.status).toBe(201);

    const res = await predict(stem, fixture.inputs);
    expect(res.status).toBe(200);
    const expected = expectedOutputs(fixture);
    expect(res.json.predictions).toHaveLength(expected.length);
    res.json.predictions.forEach((prediction: { value: number; probabilities: Record<string, number> }, i: number) => {
      const want = expected[i];
      if ("value" in want) expect(Math.abs(prediction.value - want.value)).toBeLessThan(1e-5);
      else {
        expect(Object.keys(prediction.probabilities)).toEqual(fixture.classes);
        for (const [cls, p] of Object.entries(want.probabilities)) {
          expect(Math.abs(prediction.probabilities[cls] - p)).toBeLessThan(1e-5);
        }
      }
    });
  });

  it("stores the rewritten file, the inferred binding and the upload's hash in the lineage", async () => {
    const fixture = loadByoFixture("skl-logreg-binary-zipmap");
    const registered = await register("zipmap-lineage", fixture.onnx, byoManifest(fixture));
    expect(registered.status).toBe(201);
    expect(registered.json.sha256).not.toBe(sha256(fixture.onnx));
    const got = await callRoute(versionRoute.GET, {
      method: "GET",
      params: { name: "zipmap-lineage", version: "1" },
      key: keys.read,
    });
    expect(got.json.manifest.lineage.originalSha256).toBe(sha256(fixture.onnx));
    expect(got.json.manifest.io).toEqual({
      inputs: { layout: "matrix", input: "float_input", dtype: "float32", features: fixture.features.map((f) => f.name) },
      output: { name: "probabilities", kind: "probabilities", label: "output_label" },
    });
    const artifact = await db.prisma.modelArtifact.findUniqueOrThrow({ where: { sha256: registered.json.sha256 } });
    expect(sha256(artifact.bytes)).toBe(registered.json.sha256);
    // Labels follow the operating threshold on the rewritten probabilities: scikit-learn's predict at 0.5.
    const res = await predict("zipmap-lineage", fixture.inputs);
    const labels = res.json.predictions.map((p: { label: string }) => String(fixture.classes!.indexOf(p.label)));
    expect(labels).toEqual(fixture.expected.label);
  });

  it("keeps a file that needs no rewrite as uploaded, with no originalSha256", async () => {
    const fixture = loadByoFixture("torch-binary-logit");
    const registered = await register("torch-plain", fixture.onnx, byoManifest(fixture));
    expect(registered.json.sha256).toBe(sha256(fixture.onnx));
    const got = await callRoute(versionRoute.GET, {
      method: "GET",
      params: { name: "torch-plain", version: "1" },
      key: keys.read,
    });
    expect(got.json.manifest.lineage.originalSha256).toBeUndefined();
    expect(got.json.manifest.io.output).toEqual({ name: "logit", kind: "logits" });
  });

  it("honours a declared binding: a columns order of its own and the declared output kind", async () => {
    const fixture = loadByoFixture("torch-multiclass-logits");
    const names = fixture.features.map((f) => f.name);
    // The data lists the columns in another order than the model's matrix; io says which is which.
    const manifest = byoManifest(fixture, {
      features: [...fixture.features].reverse(),
      io: {
        inputs: { layout: "matrix", input: "input", dtype: "float32", features: names },
        output: { name: "logits", kind: "logits" },
      },
    });
    expect((await register("declared-io", fixture.onnx, manifest)).status).toBe(201);
    const res = await predict("declared-io", fixture.inputs);
    expectedOutputs(fixture).forEach((want, i) => {
      for (const [cls, p] of Object.entries((want as { probabilities: Record<string, number> }).probabilities)) {
        expect(Math.abs(res.json.predictions[i].probabilities[cls] - p)).toBeLessThan(1e-5);
      }
    });
  });

  it("refuses a model without a dynamic batch axis with 422, the input and the fix, and stores nothing", async () => {
    const fixture = loadByoFixture("torch-fixed-batch");
    const res = await register("fixed-batch", fixture.onnx, byoManifest(fixture));
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      error: {
        code: "validation_failed",
        message: "The model's inputs and outputs do not match the manifest",
        details: [
          {
            path: "model",
            message:
              'input "input" has a fixed batch size of 1 (shape [1, 10]); re-export it with a dynamic first axis: ' +
              'torch.onnx.export(..., dynamic_axes={"input": {0: "batch"}}), or in skl2onnx FloatTensorType([None, …])',
          },
        ],
      },
    });
    expect(await db.prisma.model.findUnique({ where: { name: "fixed-batch" } })).toBeNull();
  });

  it("refuses a categorical feature for a matrix input, and classes the ZipMap contradicts", async () => {
    const torch = loadByoFixture("torch-regression");
    const features = [...torch.features.slice(0, 9), { name: "s6", type: "categorical", categories: ["x"] }];
    const categorical = await register("matrix-categorical", torch.onnx, byoManifest(torch, { features } as never));
    expect(categorical.status).toBe(422);
    expect(categorical.json.error.details).toEqual([
      {
        path: "model",
        message:
          'feature "s6" is categorical but the model takes one numeric matrix "input"; encode it inside the graph ' +
          "(one string input per column, as skl2onnx does for a ColumnTransformer) or declare it numeric",
      },
    ]);

    const iris = loadByoFixture("skl-logreg-iris-zipmap");
    const reordered = await register(
      "iris-order",
      iris.onnx,
      byoManifest(iris, { outputs: { classes: ["virginica", "setosa", "versicolor"] } }),
    );
    expect(reordered.status).toBe(422);
    expect(reordered.json.error.details).toEqual([
      {
        path: "model",
        message:
          "the model's classes are setosa, versicolor, virginica in this order (from its ZipMap) but the manifest lists " +
          "virginica, setosa, versicolor; list them in the model's order",
      },
    ]);
  });

  it("answers 422 naming the record when an int64 input gets a fraction", async () => {
    const fixture = loadByoFixture("skl-columns-regression");
    expect((await register("int64-input", fixture.onnx, byoManifest(fixture))).status).toBe(201);
    const res = await predict("int64-input", [{ area: 3.1, rooms: 2.5, city: "Lyon" }]);
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([
      {
        path: "inputs.0.rooms",
        index: 0,
        field: "rooms",
        message: 'must be a whole number: the model\'s input "rooms" is int64',
      },
    ]);
  });
});
