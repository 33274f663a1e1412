// Exact TreeSHAP on Tidemark-trained GBDTs as exported (in-graph one-hot, NaN kept): attributions
// add up to the margin ONNX Runtime computes, on 1,000 rows, for binary, multiclass and regression.
// The oracle margin comes from ORT running the same trees under a twin graph whose output is the
// ensemble's raw score (no sigmoid/softmax), never from our own traversal.

import { describe, expect, it } from "vitest";
import { buildTreeExplainer } from "@/lib/explain/tree/build-tree-explainer";
import { GraphBuilder } from "@/lib/onnx/graph-builder";
import { attr } from "@/lib/onnx/onnx-proto";
import { addFeature } from "@/lib/onnx/tabular-preprocessing";
import { addTreeEnsemble } from "@/lib/onnx/tree-ensemble";
import { encodeTreeInputs, treeDesignColumns } from "@/lib/training/gbdt/encode-tree-inputs";
import { exportGbdtToOnnx } from "@/lib/training/gbdt/export-onnx";
import type { GbdtModel } from "@/lib/training/gbdt/gbdt-model";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";
import type { GbdtTask } from "@/lib/training/gbdt/types";
import { binaryLabels, MIXED_FEATURES, mixedRows, multiclassLabels, regressionTargets } from "../gbdt-synthetic-data";
import { columnsOf, manifestFor, perFeatureFeeds, runOnnx } from "./tree-explainer-helpers";

const FEATURES = [
  { name: "amount", type: "numeric", nullable: true },
  { name: "age", type: "numeric", nullable: true },
  { name: "is_new", type: "boolean", nullable: true },
  {
    name: "country",
    type: "categorical",
    nullable: true,
    categories: ["FR", "DE", "US", "JP"],
    unseenCategory: "map_to_unknown",
  },
  { name: "noise", type: "numeric", nullable: true },
] as const;

function train(task: GbdtTask): GbdtModel {
  const rows = mixedRows(1500, 1);
  const y =
    task === "binary" ? binaryLabels(rows, 3) : task === "multiclass" ? multiclassLabels(rows, 3) : regressionTargets(rows, 3);
  return trainGbdt({
    task,
    numClasses: task === "multiclass" ? 3 : undefined,
    X: encodeTreeInputs(MIXED_FEATURES, rows),
    y,
    featureNames: treeDesignColumns(MIXED_FEATURES),
    params: { numRounds: 25, maxDepth: 5, learningRate: 0.2 },
    seed: 7,
  });
}

/** The same trees and preprocessing, output = the ensemble's raw scores [N, K]. */
function marginTwin(model: GbdtModel): Uint8Array {
  const g = new GraphBuilder();
  const cols = MIXED_FEATURES.map((f) => addFeature(g, f, { missing: "keep", standardize: false }));
  const x = g.node("Concat", cols, { attrs: { axis: attr.int(1) } });
  const ensemble = { numTargets: model.numOutputs, baseValues: model.baseScores, trees: model.trees };
  g.node("Identity", [addTreeEnsemble(g, x, ensemble, "TreeEnsembleRegressor")], { output: "margin" });
  g.output("margin", "float", ["N", model.numOutputs]);
  return g.toModel();
}

async function check(task: GbdtTask) {
  const model = train(task);
  const classes = task === "binary" ? ["no", "yes"] : task === "multiclass" ? ["a", "b", "c"] : undefined;
  const manifest = manifestFor(task, FEATURES as never, classes);
  const bgRows = mixedRows(300, 11);
  const rows = mixedRows(1000, 12);
  const columns = columnsOf(manifest, rows);
  const explainer = await buildTreeExplainer({
    modelBytes: exportGbdtToOnnx({ model, features: MIXED_FEATURES, classes }),
    manifest,
    background: { columns: columnsOf(manifest, bgRows), rows: bgRows.length },
  });
  expect(explainer).not.toBeNull();
  const space = task === "regression" ? "value" : "margin";
  const batch = await explainer!.explain(columns, rows.length, { space });
  const ortMargin = await runOnnx(marginTwin(model), perFeatureFeeds(columns, rows.length), "margin");
  const K = model.numOutputs;
  let worstOwn = 0;
  let worstOrt = 0;
  batch.records.forEach((rec, r) => {
    expect(Object.keys(rec.values)).toEqual(FEATURES.map((f) => f.name));
    worstOwn = Math.max(worstOwn, rec.additivityError);
    // Multiclass margins are the softmax scores centred over the classes.
    let centre = 0;
    if (K > 1) for (let o = 0; o < K; o++) centre += ortMargin[r * K + o] / K;
    for (let o = 0; o < K; o++) {
      const sum = rec.base[o] + Object.values(rec.values).reduce((s, v) => s + v[o], 0);
      worstOrt = Math.max(worstOrt, Math.abs(sum - (ortMargin[r * K + o] - centre)));
    }
  });
  await explainer!.release();
  return { batch, worstOwn, worstOrt };
}

describe("TreeSHAP on Tidemark's GBDT export", () => {
  for (const task of ["binary", "multiclass", "regression"] as const) {
    it(`${task}: base + Σ attributions = ORT margin on 1,000 rows`, async () => {
      const { batch, worstOwn, worstOrt } = await check(task);
      expect(batch.method).toBe("tree-shap");
      expect(batch.records).toHaveLength(1000);
      expect(worstOwn).toBeLessThan(1e-9);
      expect(worstOrt).toBeLessThan(1e-6);
    }, 60_000);
  }

  it("probability space: sums to p(x) − p̄ and p(x) is the served probability", async () => {
    const model = train("binary");
    const manifest = manifestFor("binary", FEATURES as never, ["no", "yes"]);
    const bg = mixedRows(200, 21);
    const rows = mixedRows(300, 22);
    const columns = columnsOf(manifest, rows);
    const modelBytes = exportGbdtToOnnx({ model, features: MIXED_FEATURES, classes: ["no", "yes"] });
    const explainer = await buildTreeExplainer({
      modelBytes,
      manifest,
      background: { columns: columnsOf(manifest, bg), rows: bg.length },
    });
    const batch = await explainer!.explain(columns, rows.length, { space: "probability" });
    await explainer!.release();
    const served = await runOnnx(modelBytes, perFeatureFeeds(columns, rows.length), "probabilities");
    const servedBg = await runOnnx(modelBytes, perFeatureFeeds(columnsOf(manifest, bg), bg.length), "probabilities");
    const meanBg = bg.reduce((s, _, r) => s + servedBg[r * 2 + 1], 0) / bg.length;
    expect(batch.space).toBe("probability");
    batch.records.forEach((rec, r) => {
      expect(rec.outputs).toEqual(["yes"]);
      expect(Math.abs(rec.output[0] - served[r * 2 + 1])).toBeLessThan(1e-6);
      expect(Math.abs(rec.base[0] - meanBg)).toBeLessThan(1e-6);
      expect(rec.additivityError).toBeLessThan(1e-9);
    });
  }, 60_000);

  it("returns null when its margins do not reproduce what the model serves", async () => {
    const model = train("binary");
    // Probabilities declared as logits: serving would softmax them, which our sigmoid head does not match.
    const io = {
      inputs: {
        layout: "per_feature" as const,
        bindings: FEATURES.map((f) => ({
          feature: f.name,
          input: f.name,
          dtype: f.type === "categorical" ? "string" : "float32",
        })),
      },
      output: { name: "probabilities", kind: "logits" as const },
    };
    const manifest = manifestFor("binary", FEATURES as never, ["no", "yes"], io as never);
    const bg = mixedRows(100, 31);
    const explainer = await buildTreeExplainer({
      modelBytes: exportGbdtToOnnx({ model, features: MIXED_FEATURES, classes: ["no", "yes"] }),
      manifest,
      background: { columns: columnsOf(manifest, bg), rows: bg.length },
    });
    expect(explainer).toBeNull();
  }, 60_000);
});
