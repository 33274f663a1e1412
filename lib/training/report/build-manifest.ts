// The manifest the registry accepts for the exported model: feature schema, outputs, the reference
// profile monitoring compares production against, the success criteria declared before training,
// test and baseline metrics, lineage and SLA defaults. Validated here, so a run never writes a
// manifest that registration would refuse.

import { manifestSchema, type Manifest } from "@/lib/core/manifest/manifest-schema";
import { profileCategorical, profileNumeric, type ColumnProfile } from "@/lib/profiles/column-profile";
import type { EvaluationCharts } from "../evaluation/evaluation-charts";
import type { Preprocessor } from "../data/preprocessor";
import type { Table } from "../table";
import type { TrainSpec } from "../train-spec";

/** A small MLP runs in about 10 µs per row in ONNX Runtime; 50 ms p99 leaves room for the API around it. */
export const DEFAULT_SLA = { p99LatencyMs: 50, minThroughputRps: 100 };

export interface ManifestInputs {
  spec: TrainSpec;
  table: Table;
  preprocessor: Preprocessor;
  trainRows: ArrayLike<number>;
  classes?: string[];
  threshold?: number;
  /** One value per training row: score (binary), predicted class index (multiclass), value (regression). */
  trainPredictions: Float64Array;
  test: Record<string, number>;
  validation: Record<string, number>;
  baselines: { name: string; metrics: Record<string, number> }[];
  /** Share of importance per feature (by manifest feature name); monitoring weights drift by it. */
  featureImportance?: Record<string, number>;
  testSetLedger?: {
    splitId: string;
    evaluations: number;
    reused: boolean;
    history: { evaluatedAt: string; model: string; metric: string; value: number | null; reused: boolean }[];
  };
  /** What the dashboard draws for this version's evaluation. */
  charts?: EvaluationCharts;
  /** Binary: the selected model's reliability bins on validation, for monitoring's performance estimate. */
  calibration?: { calibrated: boolean; bins: { lower: number; upper: number; count: number; fractionPositive: number | null }[] };
  lineage: {
    dataSha256: string;
    rows: { train: number; validation: number; test: number };
    hyperparameters: Record<string, unknown>;
    toolVersion: string;
    trainedAt: string;
  };
  description: string;
}

export function buildManifest(inputs: ManifestInputs): Manifest {
  const { table, preprocessor, trainRows, spec } = inputs;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const features: unknown[] = [];
  const profiles: Record<string, ColumnProfile> = {};
  for (const feature of preprocessor.features) {
    const column = byName.get(feature.column)!;
    // The CSV's own name when it had to be made ONNX-safe: predict accepts records keyed by it.
    const userColumn = feature.column === feature.spec.name ? undefined : userColumnOf(feature.column);
    let missing = false;
    if (column.type === "categorical") {
      const values = Array.from({ length: trainRows.length }, (_, i) => {
        const code = column.codes[trainRows[i]];
        return code < 0 ? null : column.categories[code];
      });
      missing = column.codes.some((c) => c < 0);
      profiles[feature.spec.name] = profileCategorical(values);
      features.push({
        name: feature.spec.name,
        type: "categorical",
        nullable: missing,
        categories: feature.spec.type === "categorical" ? [...feature.spec.vocabulary] : [],
        // The graph encodes an unseen category as all zeros, as it does categories past the vocabulary cap.
        unseenCategory: "map_to_unknown",
        ...userColumn,
      });
      continue;
    }
    const values = Float64Array.from({ length: trainRows.length }, (_, i) => column.values[trainRows[i]]);
    missing = column.values.some((v) => Number.isNaN(v));
    const profile = profileNumeric(values);
    profiles[feature.spec.name] = profile;
    if (column.type === "boolean") {
      features.push({
        name: feature.spec.name,
        type: "boolean",
        nullable: missing,
        ...userColumn,
      });
    } else {
      features.push({
        name: feature.spec.name,
        type: "numeric",
        nullable: missing,
        range: { min: profile.min, max: profile.max },
        ...userColumn,
      });
    }
  }
  const prediction =
    spec.task === "multiclass"
      ? profileCategorical(Array.from(inputs.trainPredictions, (k) => inputs.classes![k]))
      : profileNumeric(inputs.trainPredictions);
  const manifest = {
    schemaVersion: 1,
    task: spec.task,
    description: inputs.description,
    features,
    outputs:
      spec.task === "regression"
        ? { valueName: spec.target }
        : { classes: inputs.classes, ...(spec.task === "binary" ? { threshold: inputs.threshold } : {}) },
    referenceProfile: { rows: trainRows.length, features: profiles, prediction },
    ...(inputs.featureImportance ? { featureImportance: inputs.featureImportance } : {}),
    evaluation: {
      successCriteria: {
        primaryMetric: spec.metric,
        deployThreshold: spec.deployThreshold,
        ...(spec.costFp !== undefined ? { costFalsePositive: spec.costFp, costFalseNegative: spec.costFn } : {}),
      },
      test: inputs.test,
      validation: inputs.validation,
      baselines: inputs.baselines,
      ...(inputs.testSetLedger ? { testSetLedger: inputs.testSetLedger } : {}),
      ...(inputs.charts ? { charts: inputs.charts } : {}),
    },
    lineage: { ...inputs.lineage, seed: spec.seed },
    ...(inputs.calibration ? { calibration: inputs.calibration } : {}),
    sla: DEFAULT_SLA,
  };
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    throw new Error(
      `the generated manifest is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  return parsed.data;
}

/** The manifest's `column` for a data column, unless it is longer or less printable than a manifest allows. */
function userColumnOf(column: string): { column: string } | { description: string } {
  return column.length <= 128 && !/\p{Cc}/u.test(column)
    ? { column }
    : { description: `column "${column.slice(0, 200)}" in the training data` };
}
