// `tidemark register`'s inference on a fixture made by test/fixtures/byo-register/make-fixture.py:
// a logistic model written with onnx.helper in Tidemark's layout, with oracle values from numpy and
// scikit-learn (metrics, calibration, baselines, permutation importance over 500 shuffles).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inferManifest } from "@/lib/registry/infer-manifest/infer-manifest";
import { ManifestInferenceError } from "@/lib/registry/infer-manifest/inference-error";
import { mergePartialManifest } from "@/lib/registry/infer-manifest/merge-partial-manifest";
import { evaluatePromotionGate } from "@/lib/registry/evaluate-promotion-gate";

const dir = path.resolve(__dirname, "../fixtures/byo-register");
const reference = path.join(dir, "reference.csv");
const test = path.join(dir, "test.csv");
const oracle = JSON.parse(fs.readFileSync(path.join(dir, "oracle.json"), "utf8"));
const model = { bytes: fs.readFileSync(path.join(dir, "model.onnx")), file: path.join(dir, "model.onnx") };
const base = { reference, target: "species", task: "binary" as const };

describe("inferManifest with a model and test rows", async () => {
  const { manifest, summary } = await inferManifest({ ...base, test, model });

  it("infers the features in the file's order, keeping the user's column names", () => {
    expect(manifest.features.map((f) => [f.name, f.column, f.type])).toEqual([
      ["Beak_Length_mm", "Beak Length (mm)", "numeric"],
      ["flipper", undefined, "numeric"],
      ["island", undefined, "categorical"],
      ["noise", undefined, "numeric"],
    ]);
    expect(manifest.outputs).toEqual({ classes: oracle.classes, threshold: 0.5 });
    const beak = manifest.referenceProfile!.features.Beak_Length_mm;
    const want = oracle.referenceFeatures.Beak_Length_mm;
    expect(beak.kind === "numeric" && [beak.mean, beak.std, beak.min, beak.max]).toEqual([
      expect.closeTo(want.mean, 9),
      expect.closeTo(want.std, 9),
      want.min,
      want.max,
    ]);
    const island = manifest.referenceProfile!.features.island;
    expect(island.kind === "categorical" && island.frequencies).toEqual(oracle.referenceFeatures.island);
    expect(summary.referenceRows).toBe(oracle.referenceRows);
  });

  it("measures the test metrics as scikit-learn does", () => {
    // The model computes in float32, the oracle in float64: two scores a float32 step apart can tie,
    // which moves the AUC by half a pair in 147 × 153 (2.2e-5); the other metrics agree to 1e-6.
    for (const [metric, value] of Object.entries(oracle.test as Record<string, number>)) {
      expect([metric, manifest.evaluation.test[metric]]).toEqual([metric, expect.closeTo(value, metric === "auc" ? 4 : 6)]);
    }
  });

  it("profiles the model's outputs on the reference rows", () => {
    const outputs = manifest.referenceProfile!.outputs!;
    expect(outputs.score?.kind === "numeric" && outputs.score.mean).toBeCloseTo(oracle.referenceOutputs.scoreMean, 6);
    expect(outputs.class?.kind === "categorical" && outputs.class.frequencies.Gentoo).toBe(oracle.referenceOutputs.gentoo);
  });

  it("writes the calibration bins of the test rows", () => {
    expect(manifest.calibration!.bins!.map((b) => ({ count: b.count, fractionPositive: b.fractionPositive }))).toEqual(
      oracle.calibration,
    );
  });

  it("measures the majority and linear baselines on the same test rows", () => {
    const [majority, linear] = manifest.evaluation.baselines;
    expect(majority.name).toBe("majority");
    expect(majority.metrics.auc).toBe(0.5);
    expect(majority.metrics.accuracy).toBeCloseTo(oracle.baselines.majority.accuracy, 12);
    expect(majority.metrics.log_loss).toBeCloseTo(oracle.baselines.majority.log_loss, 5);
    expect(linear.name).toBe("linear");
    expect(linear.metrics.auc).toBeCloseTo(oracle.baselines.linear.auc, 3);
    expect(linear.metrics.log_loss).toBeCloseTo(oracle.baselines.linear.log_loss, 3);
  });

  it("measures permutation importance within the spread of scikit-learn's shuffles", () => {
    const drops = oracle.permutationAuc as Record<string, { mean: number; std: number }>;
    const total = Object.values(drops).reduce((s, d) => s + Math.max(0, d.mean), 0);
    const shares = manifest.featureImportance!;
    // The ignored input loses nothing under any shuffle.
    expect(shares.noise).toBe(0);
    for (const name of ["Beak_Length_mm", "flipper", "island"]) {
      const share = shares[name] * total;
      expect(Math.abs(share - drops[name].mean), name).toBeLessThanOrEqual(4 * drops[name].std + 0.01);
    }
    expect(shares.Beak_Length_mm).toBeGreaterThan(shares.island);
  });

  it("lets the promotion gate judge the measured numbers", () => {
    const verdict = evaluatePromotionGate(manifest);
    expect(verdict.rules.map((r) => [r.rule, r.baseline ?? null, r.value])).toEqual([
      ["deploy_threshold", null, manifest.evaluation.test.auc],
      ["beats_baseline", "majority", manifest.evaluation.test.auc],
      ["beats_baseline", "linear", manifest.evaluation.test.auc],
    ]);
    expect(manifest.evaluation.successCriteria).toEqual({ primaryMetric: "auc", deployThreshold: 0.7 });
    expect(summary.defaulted).toEqual(["metric", "deployThreshold"]);
  });
});

describe("inferManifest options and errors", () => {
  it("infers a monitor-only manifest without a model, with no measured sections", async () => {
    const { manifest } = await inferManifest({ ...base, metric: "f1", deployThreshold: 0.6 });
    expect(manifest.referenceProfile!.outputs).toBeUndefined();
    expect(manifest.evaluation.test).toEqual({});
    expect(manifest.evaluation.successCriteria).toEqual({ primaryMetric: "f1", deployThreshold: 0.6 });
    expect(evaluatePromotionGate(manifest).passed).toBe(false);
  });

  it("applies a partial manifest over what it inferred, per feature by column name", async () => {
    const { manifest } = await inferManifest({
      ...base,
      model,
      partial: {
        sla: { p99LatencyMs: 20 },
        outputs: { threshold: 0.4 },
        features: [
          { column: "Beak Length (mm)", description: "culmen length" },
          { name: "island", unseenCategory: "reject" },
        ],
      },
    });
    expect(manifest.sla).toEqual({ p99LatencyMs: 20 });
    expect(manifest.outputs.threshold).toBe(0.4);
    expect(manifest.features[0]).toMatchObject({ name: "Beak_Length_mm", description: "culmen length", type: "numeric" });
    expect(manifest.features[2]).toMatchObject({ name: "island", unseenCategory: "reject" });
  });

  it("orders the classes by --classes", async () => {
    const { manifest } = await inferManifest({ ...base, classes: ["Gentoo", "Adelie"] });
    expect(manifest.outputs.classes).toEqual(["Gentoo", "Adelie"]);
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-infer-"));
  const empty = path.join(tmp, "empty.csv");
  fs.writeFileSync(empty, "");
  const onlyHeader = path.join(tmp, "header.csv");
  fs.writeFileSync(onlyHeader, "a,b,species\n");
  const lacking = path.join(tmp, "lacking.csv");
  fs.writeFileSync(
    lacking,
    fs.readFileSync(reference, "utf8").replace(/^[^\n]*\n/, (h) => h.replace("noise", "other")),
  );

  it.each([
    ["an unknown target", { target: "specie" }, "--target specie: "],
    ["an empty file", { reference: empty }, "is empty"],
    ["a file with no rows", { reference: onlyHeader }, "has no data rows"],
    ["classes not matching the target", { classes: ["Adelie", "Chinstrap"] }, "--classes Adelie,Chinstrap does not match"],
    ["a metric unfit for the task", { metric: "rmse", deployThreshold: 1 }, "--metric rmse does not fit a binary model"],
    ["--test without --model", { test }, "--test needs --model"],
    [
      "a model input the data has no column for",
      { reference: lacking, model },
      'the model input "noise" has no column in the data',
    ],
    ["a column the model has no input for", { reference: lacking, model }, 'the data column "other" has no model input'],
    ["a partial manifest naming no column", { partial: { features: [{ name: "wing" }] } }, 'names "wing", which is no column'],
    [
      "a partial manifest that breaks the schema",
      { partial: { outputs: { threshold: 2 } } },
      "outputs.threshold: must be below 1",
    ],
  ])("refuses %s, naming the problem", async (_, options, message) => {
    const error = await inferManifest({ ...base, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestInferenceError);
    expect((error as Error).message).toContain(message);
  });
});

describe("mergePartialManifest", () => {
  it("merges objects key by key and replaces everything else", () => {
    const merged = mergePartialManifest(
      { a: { b: 1, c: [1, 2] }, d: "x", features: [{ name: "f", type: "numeric", range: { min: 0 } }] },
      { a: { c: [3] }, e: true, features: [{ name: "f", type: "boolean" }] },
    );
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: "x", e: true, features: [{ name: "f", type: "boolean" }] });
  });
});
