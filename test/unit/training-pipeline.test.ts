// The pipeline as one function (lib/training/pipeline/run-training.ts) on small generated files: regression
// with a chronological split and a production sample, a baseline that beats the MLP, and a leak.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTraining } from "@/lib/training/pipeline/run-training";
import { trainSpecSchema, type TrainSpecInput } from "@/lib/training/train-spec";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { createRandom, normal } from "@/lib/training/random";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-pipeline-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, header: string[], rows: (string | number)[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[header.join(","), ...rows.map((r) => r.join(","))].join("\n")}\n`);
  return file;
}

const spec = (input: Omit<TrainSpecInput, "out"> & { out: string }) =>
  trainSpecSchema.parse({ ...input, out: path.join(dir, input.out) });
const fast = { hiddenLayers: [64, 64], maxEpochs: 4, patience: 4, batchSize: 32 };

describe("runTraining", () => {
  it("regression with a time column: chronological split, train-vs-production shift, a valid manifest and report", async () => {
    const random = createRandom(3);
    const rows: (string | number)[][] = [];
    for (let i = 0; i < 400; i++) {
      const x = normal(random);
      const region = ["north", "south"][i % 2];
      const day = new Date(Date.UTC(2025, 0, 1) + ((i * 7919) % 400) * 86_400_000).toISOString().slice(0, 10);
      rows.push([day, x.toFixed(4), region, (1000 + 50 * x + (region === "north" ? 20 : 0) + normal(random) * 5).toFixed(3)]);
    }
    const data = writeCsv("sales.csv", ["day", "x", "region", "revenue"], rows);
    const production = writeCsv(
      "production.csv",
      ["x", "region"],
      Array.from({ length: 300 }, () => [(normal(random) + 2).toFixed(4), "north"]),
    );
    const { report, manifest } = await runTraining(
      spec({
        data,
        target: "revenue",
        task: "regression",
        metric: "mae",
        deployThreshold: 20,
        timeColumn: "day",
        productionSample: production,
        out: "sales",
        mlp: fast,
      }),
    );
    expect(report.split).toEqual({ method: "chronological", train: 320, validation: 40, test: 40 });
    expect(report.features.used.map((f) => f.column)).toEqual(["x", "region"]);
    expect(report.features.excluded).toEqual([]);
    expect(report.audit.shiftTrainProduction!.find((s) => s.column === "x")!.result.drifted).toBe(true);
    expect(report.audit.findings.map((f) => f.check)).toContain("shift_train_production");
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.outputs).toEqual({ valueName: "revenue" });
    expect(manifest.referenceProfile!.prediction!.kind).toBe("numeric");
    expect(manifest.lineage.rows).toEqual({ train: 320, validation: 40, test: 40 });
    expect(report.parity.passed).toBe(true);
    // The linear baseline fits this linear target to within its noise; the majority (mean) cannot.
    const test = Object.fromEntries(report.candidates.map((c) => [c.name, c.testPrimary!]));
    expect(test.linear).toBeLessThan(8);
    expect(test.majority).toBeGreaterThan(30);
    const html = fs.readFileSync(path.join(dir, "sales/report.html"), "utf8");
    expect(html).toContain("Residuals (actual − predicted, test)");
    // Self-contained: no scripts and nothing loaded from elsewhere.
    expect(html).not.toMatch(/<script|(src|href)=["']https?:/);
    expect(html).toContain("<svg");
  }, 120_000);

  it("exports the baseline, and says so, when it beats the MLP on validation; flags a leaking column", async () => {
    const random = createRandom(9);
    const rows: (string | number)[][] = [];
    for (let i = 0; i < 500; i++) {
      const a = normal(random);
      const b = normal(random);
      const y = random() < 1 / (1 + Math.exp(-(2 * a - 1.5 * b))) ? 1 : 0;
      // "settled" is recorded after the outcome: it is the label plus a little noise.
      rows.push([a.toFixed(4), b.toFixed(4), (y + normal(random) * 0.05).toFixed(4), y]);
    }
    const data = writeCsv("linear.csv", ["a", "b", "settled", "y"], rows);
    // One epoch of an MLP on 400 rows is far from converged; the logistic regression is optimal here.
    const { report, manifest } = await runTraining(
      spec({
        data,
        target: "y",
        task: "binary",
        metric: "auc",
        deployThreshold: 0.5,
        exclude: ["settled"],
        out: "linear",
        mlp: { ...fast, maxEpochs: 1, patience: 1, learningRate: 1e-4 },
      }),
    );
    expect(report.selection).toMatchObject({ selected: "linear", baselineBeatMlp: true });
    expect(report.selection.message).toMatch(
      /^The linear baseline \(logistic regression \(L2\)\) beat the MLP on validation auc/,
    );
    expect(manifest.evaluation.baselines.map((b) => b.name)).toEqual(["majority"]);
    // Reliability bins from validation travel with binary models for monitoring's performance estimate.
    expect(manifest.calibration!.bins!.reduce((n, b) => n + b.count, 0)).toBe(report.split.validation);
    expect(typeof manifest.calibration!.calibrated).toBe("boolean");
    expect(manifest.lineage.hyperparameters).toMatchObject({ model: "linear" });
    // Both inputs carry the signal; the permutation importances of the exported baseline say so.
    // The label's logit is 2a − 1.5b: a matters more than b, and both matter.
    expect(manifest.featureImportance!.b).toBeGreaterThan(0.1);
    expect(manifest.featureImportance!.a).toBeGreaterThan(manifest.featureImportance!.b);
    expect(manifest.featureImportance!.a + manifest.featureImportance!.b).toBeCloseTo(1, 9);
    expect(report.parity.passed).toBe(true);
    expect(fs.readFileSync(path.join(dir, "linear/report.html"), "utf8")).toContain("beat the MLP");

    const leaking = await runTraining(
      spec({
        data,
        target: "y",
        task: "binary",
        metric: "auc",
        deployThreshold: 0.5,
        out: "leaking",
        mlp: { ...fast, maxEpochs: 1, patience: 1 },
        reuseTestSet: true,
      }),
    );
    expect(leaking.report.audit.findings.filter((f) => f.severity === "error").map((f) => [f.check, f.columns])).toEqual([
      ["leakage_single_feature", ["settled"]],
    ]);
    expect(fs.readFileSync(path.join(dir, "leaking/report.html"), "utf8")).toContain("The audit found 1 serious problem");
  }, 120_000);
});
