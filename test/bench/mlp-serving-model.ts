import { buildTabularModel } from "@/lib/onnx/build-tabular-model";
import type { ManifestInput } from "@/lib/core/manifest/manifest-schema";
import { createRandom, normal } from "@/lib/training/random";

// The micro-batching benchmark's model: 20 numeric features through two 256-unit ReLU layers to a
// binary head, with fixed pseudo-random weights (the answers do not matter, the work per row does).
export const MLP_FEATURES = 20;
const HIDDEN = 256;

export function mlpModelBytes(): Uint8Array {
  const random = createRandom(16);
  const dense = (inDim: number, outDim: number) => ({
    inDim,
    outDim,
    weights: Float32Array.from({ length: inDim * outDim }, () => normal(random) / Math.sqrt(inDim)),
    bias: new Float32Array(outDim),
  });
  return buildTabularModel({
    task: "binary",
    classes: ["no", "yes"],
    features: Array.from({ length: MLP_FEATURES }, (_, i) => ({
      name: `f${i}`,
      type: "numeric" as const,
      impute: 0,
      mean: 0,
      scale: 1,
    })),
    layers: [dense(MLP_FEATURES, HIDDEN), dense(HIDDEN, HIDDEN), dense(HIDDEN, 1)],
  });
}

export function mlpManifest(): ManifestInput {
  return {
    schemaVersion: 1,
    task: "binary",
    features: Array.from({ length: MLP_FEATURES }, (_, i) => ({ name: `f${i}`, type: "numeric" as const, nullable: false })),
    outputs: { classes: ["no", "yes"], threshold: 0.5 },
    evaluation: {
      successCriteria: { primaryMetric: "auc", deployThreshold: 0.5 },
      test: { auc: 0.6 },
      baselines: [{ name: "majority", metrics: { auc: 0.5 } }],
    },
  };
}

export const mlpRequestBody = () =>
  JSON.stringify({
    inputs: [Object.fromEntries(Array.from({ length: MLP_FEATURES }, (_, i) => [`f${i}`, ((i * 7) % 11) / 5 - 1]))],
  });
