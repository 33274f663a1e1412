// ONNX files made by real exporters (test/fixtures/byo/make_fixtures.py) with their inputs and the
// exporter's own outputs, and a manifest naming their features as the data does.
import fs from "node:fs";
import path from "node:path";
import type { ManifestInput } from "@/lib/core/manifest/manifest-schema";

const DIR = path.resolve(__dirname, "../fixtures/byo");

export type ByoFixture = {
  stem: string;
  onnx: Uint8Array;
  task: "binary" | "multiclass" | "regression";
  classes?: string[];
  zipMapClasses?: string[];
  features: ManifestInput["features"];
  inputs: Record<string, number | string>[];
  expected: { probabilities?: number[][]; value?: number[]; [output: string]: unknown };
};

/** Every fixture a model can be served from (torch-fixed-batch is the one that must be refused). */
export const SERVABLE_FIXTURES = [
  "torch-binary-logit",
  "torch-multiclass-softmax",
  "torch-multiclass-logits",
  "torch-regression",
  "skl-logreg-binary-zipmap",
  "skl-logreg-iris-zipmap",
  "skl-columns-regression",
] as const;

export function loadByoFixture(stem: string): ByoFixture {
  const spec = JSON.parse(fs.readFileSync(path.join(DIR, `${stem}.json`), "utf8"));
  return { stem, onnx: new Uint8Array(fs.readFileSync(path.join(DIR, `${stem}.onnx`))), ...spec };
}

export function byoManifest(fixture: ByoFixture, overrides: Partial<ManifestInput> = {}): ManifestInput {
  const regression = fixture.task === "regression";
  return {
    schemaVersion: 1,
    task: fixture.task,
    features: fixture.features,
    outputs: regression ? { valueName: "y" } : { classes: fixture.classes, threshold: 0.5 },
    evaluation: {
      successCriteria: { primaryMetric: regression ? "rmse" : "accuracy", deployThreshold: regression ? 10 : 0 },
      test: regression ? { rmse: 1 } : { accuracy: 0.9 },
    },
    ...overrides,
  };
}

/** The exporter's scores as Tidemark answers them: per-class probabilities, or the value. */
export function expectedOutputs(fixture: ByoFixture): ({ probabilities: Record<string, number> } | { value: number })[] {
  if (fixture.task === "regression") return fixture.expected.value!.map((value) => ({ value }));
  return fixture.expected.probabilities!.map((row) => ({
    probabilities: Object.fromEntries(row.map((p, c) => [fixture.classes![c], p])),
  }));
}
