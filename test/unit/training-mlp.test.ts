import { beforeAll, describe, expect, it } from "vitest";
import { initTensorflow } from "@/lib/training/models/tf-backend";
import { trainMlp } from "@/lib/training/models/mlp";
import { denseForward } from "@/lib/training/models/dense-network";
import { createRandom, normal } from "@/lib/training/random";
import { rocAuc } from "@/lib/metrics";
import type { Design } from "@/lib/training/models/design";
import type { MlpOptions } from "@/lib/training/train-spec";

function circles(rows: number, seed: number): Design {
  const random = createRandom(seed);
  const width = 4;
  const x = new Float32Array(rows * width);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) x[i * width + j] = normal(random);
    y[i] = x[i * width] ** 2 + x[i * width + 1] ** 2 > 1.4 ? 1 : 0;
  }
  return { x, rows, width, y };
}

const hp: MlpOptions = {
  hiddenLayers: [64, 64],
  dropout: 0.2,
  batchNorm: false,
  batchSize: 64,
  learningRate: 1e-3,
  maxEpochs: 6,
  patience: 3,
};
const train = circles(1200, 1);
const validation = circles(300, 2);
const auc = (p: { task: string; scores?: Float64Array }) => rocAuc(validation.y, p.scores!);
const run = (overrides: Partial<MlpOptions> = {}, seed = 5) =>
  trainMlp(train, validation, {
    task: "binary",
    numClasses: 2,
    seed,
    hyperparameters: { ...hp, ...overrides },
    validationMetric: (p) => auc(p as { task: string; scores: Float64Array }),
  });

describe("MLP (TensorFlow.js, wasm backend)", () => {
  beforeAll(async () => {
    expect(["wasm", "tensorflow"]).toContain(await initTensorflow());
  });

  it("is deterministic under a seed: two runs give identical curves and predictions; another seed differs", () => {
    const a = run();
    const b = run();
    const c = run({}, 6);
    const strip = (h: { seconds: number }[]) => h.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(a.history)).toEqual(strip(b.history));
    expect(Array.from((a.predict(validation.x, validation.rows) as { scores: Float64Array }).scores)).toEqual(
      Array.from((b.predict(validation.x, validation.rows) as { scores: Float64Array }).scores),
    );
    expect(strip(c.history)).not.toEqual(strip(a.history));
    for (const m of [a, b, c]) m.dispose();
  }, 120_000);

  it("learns a non-linear boundary, records loss, metric and gradient norm per epoch", () => {
    const m = run({ maxEpochs: 15, patience: 15 });
    expect(m.history.length).toBe(15);
    for (const h of m.history) {
      expect(Number.isFinite(h.trainLoss) && Number.isFinite(h.validationLoss) && h.gradientNorm > 0).toBe(true);
    }
    expect(m.history[14].validationLoss).toBeLessThan(m.history[0].validationLoss);
    expect(auc(m.predict(validation.x, validation.rows) as { task: string; scores: Float64Array })).toBeGreaterThan(0.9);
    m.dispose();
  }, 120_000);

  it("restores the best epoch's weights when early stopping", () => {
    // A learning rate this high makes validation loss bounce, so the last epoch is rarely the best.
    const m = run({ learningRate: 0.05, maxEpochs: 12, patience: 2 });
    const best = Math.min(...m.history.map((h) => h.validationLoss));
    expect(m.history[m.bestEpoch - 1].validationLoss).toBe(best);
    const restored = m.predict(validation.x, validation.rows) as { scores: Float64Array };
    const loss = -restored.scores.reduce((s, p, i) => s + (validation.y[i] ? Math.log(p) : Math.log(1 - p)), 0) / validation.rows;
    expect(loss).toBeCloseTo(best, 4);
    m.dispose();
  }, 120_000);

  it("folds batch normalisation into the exported dense layers exactly (float64 forward = TensorFlow.js within 1e-5)", () => {
    for (const task of ["binary", "multiclass", "regression"] as const) {
      const y =
        task === "multiclass"
          ? train.y.map((v, i) => (v ? 1 + (train.x[i * 4 + 2] > 0 ? 1 : 0) : 0))
          : task === "regression"
            ? train.y.map((v, i) => 100 * v + train.x[i * 4 + 3])
            : train.y;
      const vy =
        task === "multiclass"
          ? validation.y.map((v, i) => (v ? 1 + (validation.x[i * 4 + 2] > 0 ? 1 : 0) : 0))
          : task === "regression"
            ? validation.y.map((v, i) => 100 * v + validation.x[i * 4 + 3])
            : validation.y;
      const m = trainMlp(
        { ...train, y },
        { ...validation, y: vy },
        { task, numClasses: 3, seed: 3, hyperparameters: { ...hp, batchNorm: true, maxEpochs: 3 }, validationMetric: () => 0 },
      );
      const inProcess = m.predict(validation.x, validation.rows);
      const exported = denseForward(m.exportLayers(), task, validation.x, validation.rows);
      const values = (p: typeof inProcess) =>
        p.task === "binary" ? p.scores : p.task === "multiclass" ? p.probabilities : p.values;
      const a = values(inProcess);
      const b = values(exported);
      const scale = task === "regression" ? 100 : 1;
      let max = 0;
      for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]) / scale);
      expect(max).toBeLessThan(1e-5);
      m.dispose();
    }
  }, 120_000);
});
