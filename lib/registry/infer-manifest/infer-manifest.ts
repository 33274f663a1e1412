import "server-only";
// `tidemark register` without a hand-written manifest: everything the registry, serving and
// monitoring read is inferred from the reference file (features, reference profile, classes) and,
// given the model, measured by running it (output profiles, calibration, importance, and with test
// rows the test metrics and baselines the promotion gate judges). The user's partial manifest wins
// over every inferred part.

import path from "node:path";
import { manifestSchema, type Manifest, type Task } from "@/lib/core/manifest/manifest-schema";
import { toolVersion } from "@/lib/training/tool-version";
import { ManifestInferenceError } from "./inference-error";
import { inferFeatures } from "./infer-features";
import { mergePartialManifest } from "./merge-partial-manifest";
import { measureWithModel, type ModelMeasurements } from "./measure-with-model";
import { readReferenceData, type ReferenceData } from "./read-reference-data";
import { openReferenceModel } from "./run-reference-model";
import { chooseSuccessCriteria } from "./success-criteria";

export type InferManifestOptions = {
  reference: string;
  test?: string;
  target: string;
  task: Task;
  classes?: string[];
  exclude?: string[];
  metric?: string;
  deployThreshold?: number;
  /** Any part of a manifest (parsed JSON), merged over what is inferred. */
  partial?: unknown;
  /** Absent: a monitor-only version, whose model is served elsewhere. */
  model?: { bytes: Uint8Array; file: string };
  seed?: number;
};

export type InferenceSummary = {
  referenceRows: number;
  droppedMissingTarget: number;
  testRows?: number;
  skippedColumns: string[];
  /** Which success criteria were defaults, not given. */
  defaulted: string[];
  measurements?: ModelMeasurements["summary"];
};

export type InferredManifest = { manifest: Manifest; summary: InferenceSummary };

export async function inferManifest(o: InferManifestOptions): Promise<InferredManifest> {
  if (o.test && !o.model)
    throw new ManifestInferenceError("--test needs --model: a monitor-only version has no model to score on the test rows");
  const data = await readReferenceData(o);
  const inferred = inferFeatures(data.featureColumns, data.reference.rows);
  const criteria = chooseSuccessCriteria({
    task: o.task,
    metric: o.metric,
    deployThreshold: o.deployThreshold,
    y: data.reference.y,
  });
  const draft = validated(
    mergePartialManifest(
      {
        schemaVersion: 1,
        task: o.task,
        description: describe(o),
        features: inferred.features,
        outputs: outputsSection(o, data),
        referenceProfile: { rows: data.reference.rows.length, features: inferred.profiles },
        evaluation: {
          successCriteria: { primaryMetric: criteria.primaryMetric, deployThreshold: criteria.deployThreshold },
          test: {},
          baselines: [],
        },
        lineage: {
          dataSha256: data.sha256,
          rows: { train: data.reference.rows.length, ...(data.test ? { test: data.test.rows.length } : {}) },
          toolVersion: toolVersion(),
        },
      },
      o.partial,
    ),
  );
  const summary: InferenceSummary = {
    referenceRows: data.reference.rows.length,
    droppedMissingTarget: data.reference.droppedMissingTarget,
    ...(data.test ? { testRows: data.test.rows.length } : {}),
    skippedColumns: data.skippedColumns,
    defaulted: criteria.defaulted,
  };
  if (!o.model) return { manifest: draft, summary };

  const model = await openReferenceModel(o.model.bytes, draft);
  const bound: Manifest = model.io ? { ...draft, io: model.io } : draft;
  const measured = await measureWithModel({ model: model.run, manifest: bound, data, names: inferred.names, options: o });
  // Measured sections, then the user's partial again: what they state wins over what was measured.
  const manifest = validated(mergePartialManifest(measured.manifest as unknown as Record<string, unknown>, o.partial));
  return { manifest, summary: { ...summary, measurements: measured.summary } };
}

function outputsSection(o: InferManifestOptions, data: ReferenceData) {
  if (o.task === "regression") return { valueName: o.target };
  // 0.5 on P(positive): the usual operating point of an exported classifier; --manifest sets another.
  return { classes: data.classes, ...(o.task === "binary" ? { threshold: 0.5 } : {}) };
}

function describe(o: InferManifestOptions): string {
  const source = o.model ? `the model ${path.basename(o.model.file)}` : "a model served outside Tidemark (monitor-only)";
  return `${o.task} model of "${o.target}": ${source}, registered by tidemark register with the reference ${path.basename(o.reference)}`;
}

function validated(candidate: unknown): Manifest {
  const parsed = manifestSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  throw new ManifestInferenceError(
    `the manifest would be invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(manifest)"}: ${i.message}`).join("\n")}\n` +
      "Fix the part named in --manifest, or the data it was inferred from.",
  );
}
