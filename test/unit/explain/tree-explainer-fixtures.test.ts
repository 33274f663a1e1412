// TreeSHAP on third-party tree ONNX files (test/fixtures/explain/make_fixtures.py: xgboost in
// onnxmltools' layout, a sklearn random forest in skl2onnx's, ZipMap included): attributions add up
// to the margin ONNX Runtime computes for the same trees (the "-margin" twin) on 1,000 rows, and
// that margin is xgboost's own output_margin.

import fs from "node:fs";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { buildTreeExplainer } from "@/lib/explain/tree/build-tree-explainer";
import { manifestFor, runOnnx } from "./tree-explainer-helpers";

const DIR = path.resolve(__dirname, "../../fixtures/explain");

type Fixture = {
  task: Manifest["task"];
  features: string[];
  output: string;
  classes: string[] | null;
  background: (number | null)[][];
  rows: (number | null)[][];
  xgboostMargin?: number[][];
  sklearnProbabilities?: number[][];
  sklearnValues?: number[];
};

const load = (stem: string) => ({
  spec: JSON.parse(fs.readFileSync(path.join(DIR, `${stem}.json`), "utf8")) as Fixture,
  onnx: new Uint8Array(fs.readFileSync(path.join(DIR, `${stem}.onnx`))),
  margin: new Uint8Array(fs.readFileSync(path.join(DIR, `${stem}-margin.onnx`))),
});

const matrix = (rows: (number | null)[][]) => Float32Array.from(rows.flat(), (v) => (v === null ? NaN : v));

function columns(features: string[], rows: (number | null)[][]): FeatureColumns {
  return new Map(features.map((f, j) => [f, Float32Array.from(rows, (r) => (r[j] === null ? NaN : r[j]!))]));
}

function manifestOf(spec: Fixture): Manifest {
  return manifestFor(
    spec.task,
    spec.features.map((name) => ({ name, type: "numeric", nullable: true })),
    spec.classes ?? undefined,
    {
      inputs: { layout: "matrix", input: "input", dtype: "float32", features: spec.features },
      output: { name: spec.output, kind: spec.task === "regression" ? "value" : "probabilities" },
    },
  );
}

async function explainFixture(stem: string) {
  const { spec, onnx, margin } = load(stem);
  const manifest = manifestOf(spec);
  const explainer = await buildTreeExplainer({
    modelBytes: onnx,
    manifest,
    background: { columns: columns(spec.features, spec.background), rows: spec.background.length },
  });
  expect(explainer).not.toBeNull();
  const rows = spec.rows.length;
  const space = spec.task === "regression" ? "value" : "margin";
  const batch = await explainer!.explain(columns(spec.features, spec.rows), rows, { space });
  const probability = await explainer!.explain(columns(spec.features, spec.rows.slice(0, 100)), 100, { space: "probability" });
  await explainer!.release();
  const feeds = { input: new ort.Tensor("float32", matrix(spec.rows), [rows, spec.features.length]) };
  const ortMargin = await runOnnx(margin, feeds, "margin");
  return { spec, batch, probability, ortMargin };
}

/**
 * |base + Σ values − ORT margin| / max(1, |ORT margin|) over rows and outputs. Relative: ORT sums the
 * trees in float32, so its margin itself carries rounding that grows with the margin's size.
 */
function worstGap(
  batch: Awaited<ReturnType<typeof explainFixture>>["batch"],
  ortMargin: Float64Array,
  mix: (m: number[]) => number[],
) {
  const width = ortMargin.length / batch.records.length;
  let worst = 0;
  batch.records.forEach((rec, r) => {
    const expected = mix(Array.from(ortMargin.subarray(r * width, (r + 1) * width)));
    rec.output.forEach((_, o) => {
      const sum = rec.base[o] + Object.values(rec.values).reduce((s, v) => s + v[o], 0);
      worst = Math.max(worst, Math.abs(sum - expected[o]) / Math.max(1, Math.abs(expected[o])));
    });
  });
  return worst;
}

describe("TreeSHAP on third-party tree ensembles", () => {
  for (const stem of ["xgb-binary", "xgb-multiclass", "xgb-regression"]) {
    it(`${stem}: additive to ORT's margin on 1,000 rows, which is xgboost's margin`, async () => {
      const { spec, batch, probability, ortMargin } = await explainFixture(stem);
      expect(batch.records).toHaveLength(1000);
      expect(Object.keys(batch.records[0].values)).toEqual(spec.features);
      // Multiclass margins are the softmax scores centred over the classes.
      const centre = (m: number[]) => m.map((v) => (m.length > 1 ? v - m.reduce((a, b) => a + b, 0) / m.length : v));
      expect(worstGap(batch, ortMargin, centre)).toBeLessThan(1e-6);
      expect(Math.max(...batch.records.map((r) => r.additivityError))).toBeLessThan(1e-9);
      // The fixture's margin twin agrees with xgboost itself (float32 sums vs xgboost's).
      const xgb = spec.xgboostMargin!.flat();
      for (let i = 0; i < xgb.length; i++) expect(Math.abs(ortMargin[i] - xgb[i])).toBeLessThan(1e-4);
      if (spec.task !== "regression") {
        expect(probability.space).toBe("probability");
        for (const rec of probability.records) expect(rec.additivityError).toBeLessThan(1e-9);
      }
    }, 60_000);
  }

  it("skl-forest-multiclass: averaged leaf probabilities are exact in probability space", async () => {
    const { spec, batch, probability, ortMargin } = await explainFixture("skl-forest-multiclass");
    expect(worstGap(batch, ortMargin, (m) => m)).toBeLessThan(1e-6);
    probability.records.forEach((rec, r) => {
      for (const [c, p] of spec.sklearnProbabilities![r].entries()) expect(Math.abs(rec.output[c] - p)).toBeLessThan(1e-5);
      expect(rec.additivityError).toBeLessThan(1e-9);
      // Identity link: the probability attributions are the margin attributions themselves.
      for (const f of spec.features)
        for (const [c, v] of rec.values[f].entries()) expect(v).toBeCloseTo(batch.records[r].values[f][c], 12);
    });
  }, 60_000);

  it("skl-forest-regression: AVERAGE aggregation, additive to ORT and equal to sklearn's predictions", async () => {
    const { spec, batch, ortMargin } = await explainFixture("skl-forest-regression");
    expect(worstGap(batch, ortMargin, (m) => m)).toBeLessThan(1e-6);
    for (const [r, rec] of batch.records.entries()) {
      expect(Math.abs(rec.output[0] - spec.sklearnValues![r])).toBeLessThan(1e-5);
      expect(rec.additivityError).toBeLessThan(1e-9);
    }
  }, 60_000);

  it("returns null for a graph whose preprocessing mixes features before the trees", async () => {
    const { spec, onnx } = load("xgb-binary");
    const manifest = manifestOf(spec);
    // The same model bound per feature under wrong input names: no column can be credited.
    const wrong = { ...manifest, io: { ...manifest.io!, inputs: { ...manifest.io!.inputs, input: "other" } } } as Manifest;
    const background = { columns: columns(spec.features, spec.background), rows: spec.background.length };
    expect(await buildTreeExplainer({ modelBytes: onnx, manifest: wrong, background })).toBeNull();
  });
});
