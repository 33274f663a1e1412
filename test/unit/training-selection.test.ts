// Model selection in runTraining with every candidate: the trees must win where trees should
// (axis-aligned thresholds), the MLP where it should (smooth interactions of many inputs), and
// whichever wins is exported and passes the parity check.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTraining, TREE_PARITY_TOLERANCE } from "@/lib/training/pipeline/run-training";
import { trainSpecSchema, type TrainSpecInput } from "@/lib/training/train-spec";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { createRandom, normal } from "@/lib/training/random";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-selection-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, header: string[], rows: number[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    [header.join(","), ...rows.map((r) => r.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(4))).join(","))].join("\n") +
      "\n",
  );
  return file;
}

/** A checkerboard of 5 × 3 cells on two of six uniform inputs: every boundary is an axis-aligned threshold. */
function thresholdRows(n: number, seed: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => {
    const x = Array.from({ length: 6 }, () => random());
    let y = (Math.floor(5 * x[0]) + Math.floor(3 * x[1])) % 2;
    if (random() < 0.03) y = 1 - y;
    return [...x, y];
  });
}

/** 20 Gaussian inputs; the label depends smoothly on products and a sine of three random oblique projections. */
function smoothRows(n: number, seed: number): number[][] {
  const random = createRandom(seed);
  const D = 20;
  const W = Array.from({ length: 3 }, () => Array.from({ length: D }, () => normal(random) / Math.sqrt(D)));
  return Array.from({ length: n }, () => {
    const x = Array.from({ length: D }, () => normal(random));
    const p = W.map((w) => w.reduce((s, wi, i) => s + wi * x[i], 0));
    const z = 2 * p[0] * p[1] + 1.5 * Math.sin(2 * p[2]);
    return [...x, random() < 1 / (1 + Math.exp(-3 * z)) ? 1 : 0];
  });
}

const spec = (input: Omit<TrainSpecInput, "out"> & { out: string }) =>
  trainSpecSchema.parse({ ...input, out: path.join(dir, input.out) });

describe("selection between majority, linear, trees and MLP", () => {
  it("picks and exports the gradient-boosted trees on axis-aligned threshold data", async () => {
    const data = writeCsv("thresholds.csv", ["x1", "x2", "x3", "x4", "x5", "x6", "y"], thresholdRows(1500, 2));
    const { report, manifest } = await runTraining(
      spec({
        data,
        target: "y",
        task: "binary",
        metric: "auc",
        deployThreshold: 0.8,
        out: "trees",
        mlp: { maxEpochs: 40, patience: 6 },
      }),
    );
    expect(report.candidates.map((c) => c.name)).toEqual(["majority", "linear", "gbdt", "mlp"]);
    const score = Object.fromEntries(report.candidates.map((c) => [c.name, c.validationPrimary]));
    expect(report.selection.selected).toBe("gbdt");
    expect(score.gbdt).toBeGreaterThan(0.9);
    expect(score.gbdt).toBeGreaterThan(score.mlp + 0.1);
    expect(report.selection.message).toMatch(/^The gradient-boosted trees have the best validation auc/);
    // Early stopping on validation ended the trees well before the 500-round cap.
    expect(report.gbdt!.rounds).toBeLessThan(500);
    expect(report.gbdt!.history.length).toBeGreaterThan(report.gbdt!.rounds);
    // The tree model's parity bound is the tighter one, and it holds.
    expect(report.parity).toMatchObject({ passed: true, tolerance: TREE_PARITY_TOLERANCE });
    expect(report.parity.maxAbsDifference).toBeLessThanOrEqual(1e-5);
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.lineage.hyperparameters).toMatchObject({ model: "gbdt", featureImportance: "gain of the exported trees" });
    // Gain importance lands on the two inputs that define the board.
    const importance = manifest.featureImportance!;
    expect(Object.keys(importance).sort()).toEqual(["x1", "x2", "x3", "x4", "x5", "x6"]);
    expect(importance.x1 + importance.x2).toBeGreaterThan(0.8);
    // The neural and tree models lost or won on validation; baselines in the manifest are the simple ones only.
    expect(manifest.evaluation.baselines.map((b) => b.name)).toEqual(["majority", "linear"]);
    const html = fs.readFileSync(path.join(dir, "trees/report.html"), "utf8");
    expect(html).toContain("Loss per boosting round");
    expect(html).toContain("Feature importance (share of split gain)");
  }, 60_000);

  it("picks the MLP on smooth interactions of many inputs, and records its permutation importances", async () => {
    const header = [...Array.from({ length: 20 }, (_, i) => `x${i}`), "y"];
    const data = writeCsv("smooth.csv", header, smoothRows(2000, 3));
    const { report, manifest } = await runTraining(
      spec({
        data,
        target: "y",
        task: "binary",
        metric: "auc",
        deployThreshold: 0.6,
        out: "mlp",
        mlp: { maxEpochs: 40, patience: 6 },
      }),
    );
    const score = Object.fromEntries(report.candidates.map((c) => [c.name, c.validationPrimary]));
    expect(report.selection.selected).toBe("mlp");
    expect(score.mlp).toBeGreaterThan(score.gbdt + 0.1);
    expect(score.mlp).toBeGreaterThan(score.linear + 0.1);
    expect(report.parity.passed).toBe(true);
    // The served model's own importances: the MLP has no split gain, so permutation importance on validation.
    expect(manifest.lineage.hyperparameters).toMatchObject({
      model: "mlp",
      learningRateSource: "default",
      featureImportance: "permutation importance on validation (auc lost when the input is shuffled)",
    });
    const shares = Object.values(manifest.featureImportance!);
    expect(shares).toHaveLength(20);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(fs.readFileSync(path.join(dir, "mlp/report.html"), "utf8")).toContain("Feature importance of the exported model");
  }, 60_000);

  it("trains only the models --models names", async () => {
    const data = writeCsv("subset.csv", ["x1", "x2", "x3", "x4", "x5", "x6", "y"], thresholdRows(600, 5));
    const { report, manifest } = await runTraining(
      spec({ data, target: "y", task: "binary", metric: "auc", deployThreshold: 0.5, out: "subset", models: ["linear", "gbdt"] }),
    );
    expect(report.candidates.map((c) => c.name)).toEqual(["linear", "gbdt"]);
    expect(report.mlp).toBeUndefined();
    expect(report.backend).toBe("none");
    expect(report.selection).toMatchObject({ selected: "gbdt", baselineBeatMlp: false });
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
  }, 60_000);
});
