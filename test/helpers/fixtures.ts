import { buildTabularModel } from "@/lib/onnx/build-tabular-model";
import { GraphBuilder } from "@/lib/onnx/graph-builder";
import type { Database } from "@/lib/db/open-database";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import type { ManifestInput } from "@/lib/core/manifest/manifest-schema";

/**
 * A small fraud-style binary classifier built in TypeScript: amount (numeric), country
 * (categorical), is_new (boolean, nullable). Weights are arbitrary but fixed, so outputs are
 * deterministic and checkable.
 */
export function binaryModelBytes(): Uint8Array {
  return buildTabularModel({
    task: "binary",
    classes: ["legit", "fraud"],
    features: [
      { name: "amount", type: "numeric", impute: 50, mean: 50, scale: 25 },
      { name: "country", type: "categorical", vocabulary: ["US", "DE", "FR"] },
      { name: "is_new", type: "boolean", impute: 0 },
    ],
    // 1 (amount) + 3 (country one-hot) + 1 (is_new) = 5 inputs → 1 logit
    layers: [{ inDim: 5, outDim: 1, weights: new Float32Array([1.5, 0.2, -0.4, 0.9, 1.1]), bias: new Float32Array([-0.5]) }],
  });
}

export function regressionModelBytes(): Uint8Array {
  return buildTabularModel({
    task: "regression",
    features: [{ name: "x", type: "numeric", impute: 0, mean: 0, scale: 1 }],
    layers: [{ inDim: 1, outDim: 1, weights: new Float32Array([2]), bias: new Float32Array([1]) }],
  });
}

export function binaryManifest(overrides: Partial<ManifestInput> = {}): ManifestInput {
  return {
    schemaVersion: 1,
    task: "binary",
    description: "fraud screen",
    features: [
      { name: "amount", type: "numeric", nullable: false, range: { min: 0, max: 10000 } },
      { name: "country", type: "categorical", nullable: false, categories: ["US", "DE", "FR"], unseenCategory: "reject" },
      { name: "is_new", type: "boolean", nullable: true },
    ],
    outputs: { classes: ["legit", "fraud"], threshold: 0.5 },
    evaluation: {
      successCriteria: { primaryMetric: "auc", deployThreshold: 0.8, costFalsePositive: 1, costFalseNegative: 20 },
      test: { auc: 0.91, f1: 0.7 },
      baselines: [
        { name: "majority", metrics: { auc: 0.5 } },
        { name: "logistic", metrics: { auc: 0.86 } },
      ],
    },
    lineage: { dataSha256: "abc", rows: { train: 800, validation: 100, test: 100 }, seed: 7, toolVersion: "test" },
    sla: { p99LatencyMs: 50, minThroughputRps: 100 },
    ...overrides,
  };
}

export function regressionManifest(): ManifestInput {
  return {
    schemaVersion: 1,
    task: "regression",
    features: [{ name: "x", type: "numeric", nullable: false }],
    outputs: { valueName: "y" },
    evaluation: {
      successCriteria: { primaryMetric: "mae", deployThreshold: 1 },
      test: { mae: 0.5 },
      baselines: [{ name: "mean", metrics: { mae: 2 } }],
    },
  };
}

export async function createKeys(db: Database) {
  const make = async (name: string, scopes: ("predict" | "ingest" | "read" | "admin")[]) =>
    (await createApiKey(db.prisma, { name, scopes }, "test")).token;
  return {
    admin: await make("admin", ["admin"]),
    predict: await make("predictor", ["predict"]),
    read: await make("reader", ["read"]),
  };
}

export function registrationForm(onnx: Uint8Array, manifest: unknown): FormData {
  const form = new FormData();
  form.set("model", new Blob([new Uint8Array(onnx)]), "model.onnx");
  form.set("manifest", typeof manifest === "string" ? manifest : JSON.stringify(manifest));
  return form;
}

/**
 * A regression model that loads and matches its manifest but fails at run time for an odd batch
 * size (it reshapes the batch into pairs), to exercise the 500 path of predict.
 */
export function oddBatchFailingModelBytes(): Uint8Array {
  const g = new GraphBuilder();
  const x = g.input("x", "float", ["N", 1]);
  const pairs = g.node("Reshape", [x, g.constant(BigInt64Array.from([-1n, 2n]), [2])]);
  g.node("Reshape", [pairs, g.constant(BigInt64Array.from([-1n, 1n]), [2])], { output: "value" });
  g.output("value", "float", ["N", 1]);
  return g.toModel();
}
