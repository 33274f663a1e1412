// Exact linear attributions, coefficient × (x − background mean) per raw feature in the margin:
// against closed-form values computed with numpy/sklearn in test/fixtures/explain/make_fixtures.py
// (skl2onnx layouts: LinearClassifier binary and multinomial, a ColumnTransformer pipeline with
// scaling and one-hot), and on Tidemark's own linear export against ORT's margin.

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { buildLinearExplainer } from "@/lib/explain/linear/build-linear-explainer";
import { buildTabularModel, type FeatureSpec } from "@/lib/onnx/build-tabular-model";
import { createRandom } from "@/lib/training/random";
import { columnsOf, manifestFor, perFeatureFeeds, runOnnx } from "./tree-explainer-helpers";

const DIR = path.resolve(__dirname, "../../fixtures/explain");
type Cell = number | string | null;
type LinearFixture = {
  task: Manifest["task"];
  features: string[];
  classes?: string[];
  background: Cell[][];
  rows: Cell[][];
  base: number[];
  values: number[][][];
  probabilities?: number[][];
  value?: number[];
};

const load = (stem: string) => ({
  spec: JSON.parse(fs.readFileSync(path.join(DIR, `${stem}.json`), "utf8")) as LinearFixture,
  onnx: new Uint8Array(fs.readFileSync(path.join(DIR, `${stem}.onnx`))),
});

function columns(manifest: Manifest, rows: Cell[][]): FeatureColumns {
  return new Map(
    manifest.features.map((f, j) => [
      f.name,
      f.type === "categorical" ? rows.map((r) => String(r[j])) : Float32Array.from(rows, (r) => Number(r[j])),
    ]),
  );
}

async function explainFixture(stem: string, manifest: Manifest, space: "margin" | "value" | "probability") {
  const { spec, onnx } = load(stem);
  const explainer = await buildLinearExplainer({
    modelBytes: onnx,
    manifest,
    background: { columns: columns(manifest, spec.background), rows: spec.background.length },
  });
  expect(explainer).not.toBeNull();
  const batch = await explainer!.explain(columns(manifest, spec.rows), spec.rows.length, { space });
  await explainer!.release();
  return { spec, batch };
}

/** Multiclass margins are the softmax scores centred over the classes: so are the closed-form values. */
const centred = (task: Manifest["task"], v: number[]) =>
  task === "multiclass" ? v.map((x) => x - v.reduce((a, b) => a + b, 0) / v.length) : v;

function expectClosedForm(spec: LinearFixture, batch: Awaited<ReturnType<typeof explainFixture>>["batch"], tolerance: number) {
  expect(batch.method).toBe("linear-exact");
  const base = centred(spec.task, spec.base);
  batch.records.forEach((rec, r) => {
    for (const [o, b] of rec.base.entries()) expect(Math.abs(b - base[o])).toBeLessThan(tolerance);
    for (const [j, f] of spec.features.entries())
      for (const [o, v] of centred(spec.task, spec.values[r][j]).entries())
        expect(Math.abs(rec.values[f][o] - v)).toBeLessThan(tolerance);
    expect(rec.additivityError).toBeLessThan(1e-9);
  });
}

const matrixManifest = (spec: LinearFixture) =>
  manifestFor(
    spec.task,
    spec.features.map((name) => ({ name, type: "numeric" })),
    spec.classes,
    {
      inputs: { layout: "matrix", input: "input", dtype: "float32", features: spec.features },
      output: { name: "probabilities", kind: "probabilities" },
    },
  );

describe("exact linear attributions", () => {
  for (const stem of ["skl-logreg-binary", "skl-logreg-multinomial"]) {
    it(`${stem}: equal the closed form; probabilities are sklearn's`, async () => {
      const manifest = matrixManifest(load(stem).spec);
      const { spec, batch } = await explainFixture(stem, manifest, "margin");
      expectClosedForm(spec, batch, 1e-9);
      const prob = await explainFixture(stem, manifest, "probability");
      prob.batch.records.forEach((rec, r) => {
        const expected = spec.task === "binary" ? [spec.probabilities![r][1]] : spec.probabilities![r];
        for (const [o, p] of expected.entries()) expect(Math.abs(rec.output[o] - p)).toBeLessThan(1e-6);
        expect(rec.additivityError).toBeLessThan(1e-9);
      });
    });
  }

  it("skl-columns-linear: scaling and one-hot in the graph, attributions per raw column", async () => {
    const manifest = manifestFor(
      "regression",
      [
        { name: "area", type: "numeric" },
        { name: "rooms", type: "numeric" },
        { name: "city", type: "categorical", categories: ["Lyon", "Nantes", "Paris"] },
      ],
      undefined,
      {
        inputs: {
          layout: "per_feature",
          bindings: [
            { feature: "area", input: "area", dtype: "float32" },
            { feature: "rooms", input: "rooms", dtype: "float32" },
            { feature: "city", input: "city", dtype: "string" },
          ],
        },
        output: { name: "variable2", kind: "value" },
      },
    );
    const { spec, batch } = await explainFixture("skl-columns-linear", manifest, "value");
    // The graph scales in float32, numpy in float64.
    expectClosedForm(spec, batch, 1e-5);
    for (const [r, rec] of batch.records.entries()) expect(Math.abs(rec.output[0] - spec.value![r])).toBeLessThan(1e-4);
  });

  it("Tidemark's linear export: per raw feature, additive to ORT's margin", async () => {
    const features: FeatureSpec[] = [
      { name: "amount", type: "numeric", impute: 5, mean: 3, scale: 2 },
      { name: "is_new", type: "boolean", impute: 0 },
      { name: "country", type: "categorical", vocabulary: ["FR", "DE", "US"] },
    ];
    const random = createRandom(5);
    const layer = { inDim: 5, outDim: 1, weights: Array.from({ length: 5 }, () => random() * 2 - 1), bias: [0.3] };
    const manifest = manifestFor(
      "binary",
      [
        { name: "amount", type: "numeric", nullable: true },
        { name: "is_new", type: "boolean", nullable: true },
        { name: "country", type: "categorical", nullable: true, categories: ["FR", "DE", "US"] },
      ],
      ["no", "yes"],
    );
    const rowsOf = (n: number) =>
      Array.from({ length: n }, () => ({
        amount: random() < 0.1 ? NaN : random() * 10,
        is_new: random() < 0.5 ? 1 : 0,
        country: ["FR", "DE", "US", "", "XX"][Math.floor(random() * 5)],
      }));
    const bg = rowsOf(100);
    const rows = rowsOf(200);
    const explainer = await buildLinearExplainer({
      modelBytes: buildTabularModel({ task: "binary", features, layers: [layer], classes: ["no", "yes"] }),
      manifest,
      background: { columns: columnsOf(manifest, bg), rows: bg.length },
    });
    const batch = await explainer!.explain(columnsOf(manifest, rows), rows.length, { space: "margin" });
    await explainer!.release();
    const twin = buildTabularModel({ task: "regression", features, layers: [layer] });
    const margin = await runOnnx(twin, perFeatureFeeds(columnsOf(manifest, rows), rows.length), "value");
    // Closed form with this test's own encoding of the graph's preprocessing.
    const design = (r: { amount: number; is_new: number; country: string }) => [
      ((Number.isNaN(r.amount) ? 5 : r.amount) - 3) / 2,
      r.is_new,
      ...["FR", "DE", "US"].map((c) => (r.country === c ? 1 : 0)),
    ];
    const mean = [0, 1, 2, 3, 4].map((c) => bg.reduce((s, r) => s + design(r)[c], 0) / bg.length);
    batch.records.forEach((rec, r) => {
      const d = design(rows[r]);
      const phi = d.map((v, c) => layer.weights[c] * (v - mean[c]));
      expect(rec.values.amount[0]).toBeCloseTo(phi[0], 6);
      expect(rec.values.is_new[0]).toBeCloseTo(phi[1], 6);
      expect(rec.values.country[0]).toBeCloseTo(phi[2] + phi[3] + phi[4], 6);
      const sum = rec.base[0] + rec.values.amount[0] + rec.values.is_new[0] + rec.values.country[0];
      expect(Math.abs(sum - margin[r])).toBeLessThan(1e-6);
    });
  });

  it("returns null for an MLP (two dense layers)", async () => {
    const features: FeatureSpec[] = [{ name: "x", type: "numeric", impute: 0, mean: 0, scale: 1 }];
    const layers = [
      { inDim: 1, outDim: 2, weights: [1, -1], bias: [0, 0] },
      { inDim: 2, outDim: 1, weights: [1, 1], bias: [0] },
    ];
    const manifest = manifestFor("regression", [{ name: "x", type: "numeric" }]);
    const explainer = await buildLinearExplainer({
      modelBytes: buildTabularModel({ task: "regression", features, layers }),
      manifest,
      background: { columns: new Map([["x", Float32Array.from([1, 2, 3])]]), rows: 3 },
    });
    expect(explainer).toBeNull();
  });
});
