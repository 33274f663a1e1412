import { buildTabularModel } from "@/lib/onnx/build-tabular-model";
import { profileNumeric } from "@/lib/profiles/column-profile";
import type { ManifestInput } from "@/lib/core/manifest/manifest-schema";
import { seededRandom } from "./seeded-random";

/**
 * A regression model over numeric features with mean MEAN and standard deviation SD in training,
 * and value = sum of the features, for the large-sample cases (a 0.1 % mean shift of such a
 * feature is 0.05 standard deviations: clearly significant on a million rows, and trivial).
 */
export const MEAN = 1000;
export const SD = 20;

export function sumModelBytes(features: string[]): Uint8Array {
  return buildTabularModel({
    task: "regression",
    features: features.map((name) => ({ name, type: "numeric" as const, impute: MEAN, mean: MEAN, scale: SD })),
    // Standardised inputs times SD plus MEAN each: the plain sum of the raw features.
    layers: [
      {
        inDim: features.length,
        outDim: 1,
        weights: new Float32Array(features.map(() => SD)),
        bias: new Float32Array([MEAN * features.length]),
      },
    ],
  });
}

/** Its manifest, with a training profile of `trainingRows` draws per feature. */
export function sumManifest(features: string[], trainingRows: number, seed = 3): ManifestInput {
  const rng = seededRandom(seed);
  const columns = features.map(() => Array.from({ length: trainingRows }, () => Math.round(rng.normal(MEAN, SD) * 1e4) / 1e4));
  const value = columns[0].map((_, i) => columns.reduce((s, c) => s + c[i], 0));
  return {
    schemaVersion: 1,
    task: "regression",
    features: features.map((name) => ({ name, type: "numeric" as const, nullable: false })),
    outputs: { valueName: "total" },
    referenceProfile: {
      rows: trainingRows,
      features: Object.fromEntries(features.map((name, i) => [name, profileNumeric(columns[i])])),
      outputs: { value: profileNumeric(value) },
    },
    evaluation: {
      successCriteria: { primaryMetric: "mae", deployThreshold: 5 },
      test: { mae: 1 },
      baselines: [{ name: "mean", metrics: { mae: 30 } }],
    },
  };
}
