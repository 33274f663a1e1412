// npm run bench -- explain — what an explanation costs (issue 17): per row, the 128-64 MLP
// explained by KernelSHAP (the default budget: 512 coalitions × 100 background rows, 20 features,
// so sampled, not enumerated) beside a plain predict of the same rows through the same ONNX
// Runtime session, alternating in one run so machine load hits both alike. The exact tree
// explainer on a 200-tree GBDT (test/bench/explain-trees.ts) prints its row in the same table.
import { benchExplainTrees } from "./explain-trees";
import os from "node:os";
import { manifestSchema, type Manifest } from "@/lib/core/manifest/manifest-schema";
import { drawBackground } from "@/lib/explain/background";
import { DEFAULT_COALITIONS, kernelShapExplainer } from "@/lib/explain/sampling/kernel-shap";
import { loadSession } from "@/lib/inference/load-session";
import { runModel } from "@/lib/inference/run-model";
import { buildTabularModel } from "@/lib/onnx/build-tabular-model";
import { profileNumeric } from "@/lib/profiles/column-profile";
import { createRandom, normal } from "@/lib/training/random";

const FEATURES = 20;
const HIDDEN = [128, 64];
const ROWS = Number(process.env.BENCH_EXPLAIN_ROWS ?? 20);
const ROUNDS = Number(process.env.BENCH_EXPLAIN_ROUNDS ?? 5);
const BACKGROUND_ROWS = 100;

function mlp128x64(): Uint8Array {
  const random = createRandom(17);
  const dims = [FEATURES, ...HIDDEN, 1];
  return buildTabularModel({
    task: "binary",
    classes: ["no", "yes"],
    features: Array.from({ length: FEATURES }, (_, i) => ({
      name: `f${i}`,
      type: "numeric" as const,
      impute: 0,
      mean: 0,
      scale: 1,
    })),
    layers: dims.slice(1).map((outDim, k) => ({
      inDim: dims[k],
      outDim,
      weights: Float32Array.from({ length: dims[k] * outDim }, () => normal(random) / Math.sqrt(dims[k])),
      bias: new Float32Array(outDim),
    })),
  });
}

function manifestWithProfile(): Manifest {
  const random = createRandom(18);
  const names = Array.from({ length: FEATURES }, (_, i) => `f${i}`);
  return manifestSchema.parse({
    schemaVersion: 1,
    task: "binary",
    features: names.map((name) => ({ name, type: "numeric" })),
    outputs: { classes: ["no", "yes"], threshold: 0.5 },
    evaluation: { successCriteria: { primaryMetric: "auc", deployThreshold: 0.5 }, test: {}, baselines: [] },
    referenceProfile: {
      rows: 5000,
      features: Object.fromEntries(names.map((n) => [n, profileNumeric(Array.from({ length: 5000 }, () => normal(random)))])),
    },
  });
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main() {
  const manifest = manifestWithProfile();
  const session = await loadSession(mlp128x64());
  const random = createRandom(19);
  const columns = new Map(manifest.features.map((f) => [f.name, Float32Array.from({ length: ROWS }, () => normal(random))]));
  const explainer = kernelShapExplainer({ session, manifest, background: drawBackground(manifest, BACKGROUND_ROWS) });
  const predictMs: number[] = [];
  const explainMs: number[] = [];
  let samplingError = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    await runModel(session, manifest, columns, ROWS);
    predictMs.push((performance.now() - t) / ROWS);
    t = performance.now();
    const batch = await explainer.explain(columns, ROWS, { space: "probability" });
    explainMs.push((performance.now() - t) / ROWS);
    samplingError = Math.max(...batch.records.map((r) => r.samplingError ?? 0));
  }
  const [p, e] = [median(predictMs), median(explainMs)];
  console.log(
    `Explain bench: ${FEATURES}-feature ${HIDDEN.join("-")} MLP, ${ROWS} rows per call, median of ${ROUNDS} rounds, ` +
      `KernelSHAP ${DEFAULT_COALITIONS} coalitions × ${BACKGROUND_ROWS} background rows; load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
  );
  console.log("| model | method | predict ms/row | explain ms/row | explain / predict | largest standard error (probability) |");
  console.log("|---|---|---|---|---|---|");
  console.log(
    `| MLP ${HIDDEN.join("-")} | kernel-shap | ${p.toFixed(4)} | ${e.toFixed(1)} | ${Math.round(e / p)}× | ${samplingError.toFixed(4)} |`,
  );
  // The exact explainer on a GBDT of 200 trees, in the same run and table.
  for (const r of await benchExplainTrees({ batches: [ROWS] })) {
    console.log(
      `| GBDT ${r.trees} trees, depth ≤ ${r.depth}, ${r.features} features | tree-shap (margin) | ${r.predictMsPerRow.toFixed(4)} | ${r.explainMsPerRow.toFixed(2)} | ${Math.round(r.ratio)}× | exact |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
