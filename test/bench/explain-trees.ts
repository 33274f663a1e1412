// Benchmark: exact TreeSHAP explanation cost per row vs a plain predict (one ONNX Runtime run) of
// the same rows, measured side by side in one run (alternating repetitions, medians), on a
// demo-sized GBDT: 200 trees of depth 6 over 30 numeric features, trained here in TypeScript.
//
//   npx tsx test/bench/explain-trees.ts      (also part of `npm run bench`)
//
// The explanation includes everything a request pays: the graph run that yields the matrix the
// trees read, and TreeSHAP over every tree. The background (covers) is built once, outside timing.

import os from "node:os";
import { performance } from "node:perf_hooks";
import * as ort from "onnxruntime-node";
import { type Manifest, manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { buildTreeExplainer } from "@/lib/explain/tree/build-tree-explainer";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import type { FeatureSpec } from "@/lib/onnx/tabular-preprocessing";
import { encodeTreeInputs, treeDesignColumns } from "@/lib/training/gbdt/encode-tree-inputs";
import { exportGbdtToOnnx } from "@/lib/training/gbdt/export-onnx";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";
import { createRandom } from "@/lib/training/random";

const FEATURES: FeatureSpec[] = Array.from({ length: 30 }, (_, j) => ({
  name: `x${j}`,
  type: "numeric",
  impute: 0,
  mean: 0,
  scale: 1,
}));

export type ExplainTreesBenchResult = {
  trees: number;
  depth: number;
  features: number;
  batch: number;
  predictMsPerRow: number;
  explainMsPerRow: number;
  ratio: number;
  load: string;
};

function table(n: number, seed: number) {
  const random = createRandom(seed);
  const rows = Array.from({ length: n }, () =>
    Object.fromEntries(FEATURES.map((f) => [f.name, random() < 0.03 ? Number.NaN : random() * 4 - 2])),
  );
  const y = Float32Array.from(rows, (r) => {
    const z = Math.sin(r.x0 * 2) + (r.x1 > 0 ? r.x2 : -r.x3) + r.x4 * r.x5 + 0.3 * (random() - 0.5);
    return z > 0 ? 1 : 0;
  });
  return { rows, y };
}

const columnsOf = (rows: Record<string, number>[]): FeatureColumns =>
  new Map(FEATURES.map((f) => [f.name, Float32Array.from(rows, (r) => r[f.name])]));

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One figure per batch size; the model and the explainer are built once. */
export async function benchExplainTrees(
  options: { batches?: number[]; repeats?: number } = {},
): Promise<ExplainTreesBenchResult[]> {
  const repeats = options.repeats ?? 7;
  const train = table(5000, 1);
  const model = trainGbdt({
    task: "binary",
    X: encodeTreeInputs(FEATURES, train.rows),
    y: train.y,
    featureNames: treeDesignColumns(FEATURES),
    params: { numRounds: 200, maxDepth: 6, learningRate: 0.1 },
    seed: 3,
  });
  const bytes = exportGbdtToOnnx({ model, features: FEATURES, classes: ["no", "yes"] });
  const manifest: Manifest = manifestSchema.parse({
    schemaVersion: 1,
    task: "binary",
    features: FEATURES.map((f) => ({ name: f.name, type: "numeric", nullable: true })),
    outputs: { classes: ["no", "yes"], threshold: 0.5 },
    evaluation: { successCriteria: { primaryMetric: "auc", deployThreshold: 0.5 }, test: { auc: 0.9 } },
  });
  const explainer = await buildTreeExplainer({
    modelBytes: bytes,
    manifest,
    background: { columns: columnsOf(table(100, 2).rows), rows: 100 },
  });
  if (!explainer) throw new Error("no exact explainer for the bench model");
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const results: ExplainTreesBenchResult[] = [];
  for (const batch of options.batches ?? [1, 100]) {
    const columns = columnsOf(table(batch, 3).rows);
    const feeds = Object.fromEntries(
      [...columns].map(([name, c]) => [name, new ort.Tensor("float32", c as Float32Array, [batch, 1])]),
    );
    const predictMs: number[] = [];
    const explainMs: number[] = [];
    await session.run(feeds);
    await explainer.explain(columns, batch, { space: "margin" });
    for (let k = 0; k < repeats; k++) {
      let t = performance.now();
      await session.run(feeds);
      predictMs.push(performance.now() - t);
      t = performance.now();
      await explainer.explain(columns, batch, { space: "margin" });
      explainMs.push(performance.now() - t);
    }
    const predictMsPerRow = median(predictMs) / batch;
    const explainMsPerRow = median(explainMs) / batch;
    results.push({
      trees: model.trees.length,
      depth: 6,
      features: FEATURES.length,
      batch,
      predictMsPerRow,
      explainMsPerRow,
      ratio: explainMsPerRow / predictMsPerRow,
      load: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" "),
    });
  }
  await explainer.release();
  await session.release();
  return results;
}

async function main() {
  for (const r of await benchExplainTrees()) {
    console.log(
      `trees ${r.trees} depth ≤ ${r.depth}, ${r.features} features, batch ${r.batch}: predict ${r.predictMsPerRow.toFixed(4)} ms/row, ` +
        `TreeSHAP ${r.explainMsPerRow.toFixed(3)} ms/row, ratio ${r.ratio.toFixed(0)}× (load ${r.load})`,
    );
  }
}

if (process.argv[1]?.endsWith("explain-trees.ts")) void main();
