// Tuning in runTraining: the learning-rate range test (curve saved and charted, suggestion used
// unless a rate is given) and random search (ranges respected, reproducible under the seed).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTraining } from "@/lib/training/pipeline/run-training";
import { trainSpecSchema, type TrainSpecInput } from "@/lib/training/train-spec";
import { centredMean, LR_RANGE, steepestDescent } from "@/lib/training/models/lr-range-test";
import { sampleMlpConfigs, sampleTreeConfigs } from "@/lib/training/random-search";
import { createRandom, normal } from "@/lib/training/random";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-tuning-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A ring: non-linear, learnable by both families in a few epochs. */
function writeRings(name: string, rows: number, seed: number): string {
  const random = createRandom(seed);
  const lines = ["x1,x2,x3,y"];
  for (let i = 0; i < rows; i++) {
    const x = [normal(random), normal(random), normal(random)];
    const z = 3 * (x[0] ** 2 + x[1] ** 2 - 1.4);
    lines.push(`${x.map((v) => v.toFixed(4)).join(",")},${random() < 1 / (1 + Math.exp(-z)) ? 1 : 0}`);
  }
  // One folder per data file, so each file has its own ledger.
  const folder = fs.mkdtempSync(path.join(dir, `${name}-`));
  const file = path.join(folder, `${name}.csv`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const spec = (input: Partial<TrainSpecInput> & { data: string; out: string }) =>
  trainSpecSchema.parse({
    target: "y",
    task: "binary",
    metric: "auc",
    deployThreshold: 0.5,
    ...input,
    out: path.join(dir, input.out),
  });

describe("learning-rate range test", () => {
  it("sweeps 1e-6 → 1e-1, saves and charts the curve, and trains the MLP at the suggested rate", async () => {
    const data = writeRings("lr", 1200, 1);
    const { report, manifest } = await runTraining(
      spec({ data, out: "lr-find", models: ["mlp"], lrFind: true, mlp: { maxEpochs: 5, patience: 5 } }),
    );
    const r = report.lrFind!;
    expect(r.points.length).toBeGreaterThan(50);
    expect(r.points[0].learningRate).toBeCloseTo(1e-6, 12);
    if (r.stoppedBy === "range_end") expect(r.points.at(-1)!.learningRate).toBeCloseTo(1e-1, 8);
    // Exponential: a constant ratio between consecutive rates.
    const ratio = r.points[1].learningRate / r.points[0].learningRate;
    expect(r.points[50].learningRate / r.points[49].learningRate).toBeCloseTo(ratio, 9);
    expect(r.suggested).toBeGreaterThanOrEqual(LR_RANGE.from);
    expect(r.suggested).toBeLessThanOrEqual(LR_RANGE.to);
    // Rates far below 1e-5 barely move the weights; the steepest descent is never there on this data.
    expect(r.suggested).toBeGreaterThan(1e-5);
    expect(report.mlp).toMatchObject({ learningRateSource: "lr-find", hyperparameters: { learningRate: r.suggested } });
    expect(manifest.lineage.hyperparameters).toMatchObject({ learningRateSource: "lr-find" });
    const saved = JSON.parse(fs.readFileSync(path.join(dir, "lr-find/report.json"), "utf8")) as typeof report;
    expect(saved.lrFind!.points).toHaveLength(r.points.length);
    const html = fs.readFileSync(path.join(dir, "lr-find/report.html"), "utf8");
    expect(html).toContain("Learning-rate range test");
    expect(html).toContain("Mini-batch loss against learning rate");
    expect(html).toContain(`suggested ${r.suggested.toPrecision(3)}`);
  }, 60_000);

  it("a given --learning-rate wins over the suggestion, which is still reported", async () => {
    const data = writeRings("lr-given", 600, 2);
    const { report } = await runTraining(
      spec({ data, out: "lr-given", models: ["mlp"], lrFind: true, mlp: { learningRate: 0.003, maxEpochs: 2, patience: 2 } }),
    );
    expect(report.lrFind!.suggested).toBeGreaterThan(0);
    expect(report.mlp).toMatchObject({ learningRateSource: "--learning-rate", hyperparameters: { learningRate: 0.003 } });
  }, 60_000);

  it("steepestDescent finds the middle of a known sigmoid drop in log(rate)", () => {
    const rates = Array.from({ length: 201 }, (_, i) => 1e-6 * 1e5 ** (i / 200));
    const losses = rates.map((lr) => 1 - 0.8 / (1 + Math.exp(-2 * (Math.log10(lr) + 3))));
    const points = rates.map((learningRate, i) => ({ learningRate, smoothedLoss: centredMean(losses, 10)[i] }));
    expect(Math.log10(steepestDescent(points, 10))).toBeCloseTo(-3, 1);
  });
});

describe("random search", () => {
  it("draws configurations inside the stated ranges, the same ones for the same seed", () => {
    const base = { hiddenLayers: [128, 64], dropout: 0.2, batchNorm: false, batchSize: 64, maxEpochs: 10, patience: 3 };
    const a = sampleMlpConfigs(20, 42, base);
    expect(sampleMlpConfigs(20, 42, base)).toEqual(a);
    expect(sampleMlpConfigs(20, 43, base)).not.toEqual(a);
    for (const c of a) {
      expect(c.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(c.learningRate).toBeLessThanOrEqual(1e-2);
      expect(c.hiddenLayers.length).toBeGreaterThanOrEqual(2);
      expect(c.hiddenLayers.length).toBeLessThanOrEqual(3);
      for (const w of c.hiddenLayers) expect(w >= 64 && w <= 256).toBe(true);
      expect(c.dropout >= 0.2 && c.dropout <= 0.5).toBe(true);
      expect([32, 64, 128]).toContain(c.batchSize);
      expect(c).toMatchObject({ maxEpochs: 10, patience: 3, batchNorm: false });
    }
    // Both depths and a spread of widths are actually drawn.
    expect(new Set(a.map((c) => c.hiddenLayers.length)).size).toBe(2);
    const trees = sampleTreeConfigs(20, 42, {
      rounds: 300,
      learningRate: 0.1,
      maxDepth: 6,
      maxLeaves: 0,
      l2: 1,
      minChildWeight: 1,
      earlyStoppingRounds: 10,
    });
    for (const t of trees) {
      expect(t.learningRate >= 0.02 && t.learningRate <= 0.3).toBe(true);
      expect(t.maxDepth >= 2 && t.maxDepth <= 8).toBe(true);
      expect(t.l2 >= 0.1 && t.l2 <= 10).toBe(true);
      expect(t).toMatchObject({ rounds: 300, earlyStoppingRounds: 10 });
    }
  });

  it("searches both families, reports every trial, uses the best of each, and repeats exactly under the seed", async () => {
    const data = writeRings("search", 800, 3);
    const run = (out: string, seed: number, reuseTestSet = false) =>
      runTraining(
        spec({
          data,
          out,
          seed,
          search: 3,
          reuseTestSet,
          mlp: { maxEpochs: 6, patience: 3 },
          gbdt: { rounds: 120, earlyStoppingRounds: 10 },
        }),
      );
    const first = await run("search-1", 5);
    const s = first.report.search!;
    expect(s.trials).toBe(3);
    for (const family of [s.mlp!, s.gbdt!]) {
      expect(family.trials.map((t) => t.trial)).toEqual([1, 2, 3]);
      // The candidate is the best trial on validation.
      const best = family.trials.reduce((a, b) => (b.validationPrimary > a.validationPrimary ? b : a));
      expect(family.best).toBe(best.trial);
    }
    const candidate = (name: string) => first.report.candidates.find((c) => c.name === name)!;
    expect(candidate("mlp").validationPrimary).toBe(s.mlp!.trials[s.mlp!.best - 1].validationPrimary);
    expect(candidate("gbdt").validationPrimary).toBe(s.gbdt!.trials[s.gbdt!.best - 1].validationPrimary);
    expect(first.report.mlp!.learningRateSource).toBe("search");
    const html = fs.readFileSync(path.join(dir, "search-1/report.html"), "utf8");
    expect(html).toContain("Random search");
    expect(html.match(/<tr class="selected"><td>\d ✔/g)).toHaveLength(2);

    const withoutTimes = (r: typeof s) =>
      [r.mlp!, r.gbdt!].map((f) => ({ best: f.best, trials: f.trials.map((t) => ({ ...t, seconds: 0 })) }));
    const again = await run("search-2", 5, true);
    expect(withoutTimes(again.report.search!)).toEqual(withoutTimes(s));
    expect(again.report.candidates).toEqual(first.report.candidates);
    const other = await run("search-3", 6);
    expect(other.report.search!.mlp!.trials.map((t) => t.params)).not.toEqual(s.mlp!.trials.map((t) => t.params));
  }, 60_000);
});
