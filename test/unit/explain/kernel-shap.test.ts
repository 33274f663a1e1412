import { describe, expect, it } from "vitest";
import { manifestSchema, type Manifest } from "@/lib/core/manifest/manifest-schema";
import type { Background } from "@/lib/explain/background";
import { kernelShapExplainer } from "@/lib/explain/sampling/kernel-shap";
import { loadSession } from "@/lib/inference/load-session";
import { buildTabularModel, type DenseLayer } from "@/lib/onnx/build-tabular-model";
import { createRandom } from "@/lib/training/random";

// Oracles computed here, independently of the estimator: for a linear model the interventional
// Shapley value is coef × (x − mean of the background); for a small MLP, the Shapley formula itself
// over every subset, with the network evaluated in plain float64 JavaScript (not ONNX Runtime).

type Net = { mean: number[]; scale: number[]; layers: DenseLayer[] };

function randomNet(features: number, hidden: number[], seed: number): Net {
  const random = createRandom(seed);
  const dims = [features, ...hidden, 1];
  const layers = dims.slice(1).map((outDim, k) => ({
    inDim: dims[k],
    outDim,
    weights: Float32Array.from({ length: dims[k] * outDim }, () => (random() * 2 - 1) * 1.5),
    bias: Float32Array.from({ length: outDim }, () => random() - 0.5),
  }));
  return {
    mean: Array.from({ length: features }, () => random() * 4 - 2),
    scale: Array.from({ length: features }, () => 0.5 + random() * 2),
    layers,
  };
}

async function netModel(net: Net, task: "binary" | "regression") {
  const names = net.mean.map((_, i) => `x${i}`);
  const bytes = buildTabularModel({
    task,
    ...(task === "binary" ? { classes: ["no", "yes"] } : {}),
    features: names.map((name, i) => ({ name, type: "numeric" as const, impute: 0, mean: net.mean[i], scale: net.scale[i] })),
    layers: net.layers,
  });
  const manifest: Manifest = manifestSchema.parse({
    schemaVersion: 1,
    task,
    features: names.map((name) => ({ name, type: "numeric" })),
    outputs: task === "binary" ? { classes: ["no", "yes"], threshold: 0.5 } : { valueName: "y" },
    evaluation: {
      successCriteria: { primaryMetric: task === "binary" ? "auc" : "mae", deployThreshold: 0.5 },
      test: {},
      baselines: [],
    },
  });
  return { names, manifest, session: await loadSession(bytes) };
}

/** The network in float64, in the explained space: the value (regression) or p(yes) (binary). */
function forward(net: Net, x: number[], task: "binary" | "regression"): number {
  let h = x.map((v, i) => (v - net.mean[i]) / net.scale[i]);
  net.layers.forEach((layer, k) => {
    const next = Array.from({ length: layer.outDim }, (_, j) => {
      let s = layer.bias[j];
      for (let i = 0; i < layer.inDim; i++) s += h[i] * layer.weights[i * layer.outDim + j];
      return s;
    });
    h = k < net.layers.length - 1 ? next.map((v) => Math.max(0, v)) : next;
  });
  return task === "binary" ? 1 / (1 + Math.exp(-h[0])) : h[0];
}

function columnsOf(names: string[], rows: number[][]) {
  return new Map(names.map((name, i) => [name, Float32Array.from(rows, (row) => row[i])]));
}

function randomRows(n: number, features: number, seed: number): number[][] {
  const random = createRandom(seed);
  // Rounded through float32 so the oracle sees exactly what the ONNX graph is fed.
  return Array.from({ length: n }, () => Array.from({ length: features }, () => Math.fround(random() * 6 - 3)));
}

function backgroundOf(names: string[], rows: number[][]): Background {
  return { columns: columnsOf(names, rows), rows: rows.length };
}

/** φ_i = Σ_S |S|! (M − |S| − 1)! / M! · (v(S ∪ i) − v(S)), v(S) the mean over the background. */
function bruteForceShapley(f: (x: number[]) => number, record: number[], background: number[][]): number[] {
  const m = record.length;
  const value = (mask: number) =>
    background.reduce((sum, b) => sum + f(b.map((v, i) => ((mask >> i) & 1 ? record[i] : v))), 0) / background.length;
  const values = Array.from({ length: 2 ** m }, (_, mask) => value(mask));
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  return Array.from({ length: m }, (_, i) => {
    let phi = 0;
    for (let mask = 0; mask < 2 ** m; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let j = 0; j < m; j++) size += (mask >> j) & 1;
      phi += ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * (values[mask | (1 << i)] - values[mask]);
    }
    return phi;
  });
}

describe("KernelSHAP", () => {
  it("on a 12-feature linear model (sampled: 4,094 coalitions exceed the default 512) equals coef × (x − background mean) within 1e-4", async () => {
    const net = randomNet(12, [], 3);
    const { names, manifest, session } = await netModel(net, "regression");
    const bgRows = randomRows(100, 12, 4);
    const records = randomRows(5, 12, 5);
    const explainer = kernelShapExplainer({ session, manifest, background: backgroundOf(names, bgRows) });
    const batch = await explainer.explain(columnsOf(names, records), records.length, { space: "value" });
    expect(batch).toMatchObject({ method: "kernel-shap", space: "value", coalitions: 512, exact: false, backgroundRows: 100 });
    expect(batch.samples).toBe(512 * 100);
    records.forEach((x, r) => {
      const explanation = batch.records[r];
      names.forEach((name, i) => {
        const mean = bgRows.reduce((s, row) => s + row[i], 0) / bgRows.length;
        const exact = (net.layers[0].weights[i] / net.scale[i]) * (x[i] - mean);
        expect(Math.abs(explanation.values[name][0] - exact)).toBeLessThan(1e-4);
      });
      expect(explanation.additivityError).toBeLessThan(1e-9);
      // A linear model's coalition values are exactly linear: every resample gives the same answer.
      expect(explanation.samplingError).toBeLessThan(1e-4);
    });
  });

  it("in margin space on a logistic model equals coef × (x − background mean) of the logit within 2e-3", async () => {
    const net = randomNet(6, [], 8);
    const { names, manifest, session } = await netModel(net, "binary");
    const bgRows = randomRows(50, 6, 9);
    const records = randomRows(3, 6, 10);
    const explainer = kernelShapExplainer({ session, manifest, background: backgroundOf(names, bgRows) });
    const batch = await explainer.explain(columnsOf(names, records), records.length, { space: "margin" });
    expect(batch.exact).toBe(true);
    records.forEach((x, r) => {
      names.forEach((name, i) => {
        const mean = bgRows.reduce((s, row) => s + row[i], 0) / bgRows.length;
        const exact = (net.layers[0].weights[i] / net.scale[i]) * (x[i] - mean);
        expect(Math.abs(batch.records[r].values[name][0] - exact)).toBeLessThan(2e-3);
      });
      expect(batch.records[r].outputs).toEqual(["yes"]);
    });
  });

  it("enumerating every coalition (5 features) equals the Shapley values of an MLP by subset enumeration within 1e-5", async () => {
    const net = randomNet(5, [8, 4], 11);
    const { names, manifest, session } = await netModel(net, "binary");
    const bgRows = randomRows(30, 5, 12);
    const records = randomRows(4, 5, 13);
    const explainer = kernelShapExplainer({ session, manifest, background: backgroundOf(names, bgRows) });
    const batch = await explainer.explain(columnsOf(names, records), records.length, { space: "probability" });
    expect(batch).toMatchObject({ exact: true, coalitions: 30 });
    records.forEach((x, r) => {
      const exact = bruteForceShapley((v) => forward(net, v, "binary"), x, bgRows);
      names.forEach((name, i) => {
        expect(Math.abs(batch.records[r].values[name][0] - exact[i])).toBeLessThan(1e-5);
      });
      expect(batch.records[r].samplingError).toBe(0);
      const base = bgRows.reduce((s, b) => s + forward(net, b, "binary"), 0) / bgRows.length;
      expect(Math.abs(batch.records[r].base[0] - base)).toBeLessThan(1e-6);
      expect(Math.abs(batch.records[r].output[0] - forward(net, x, "binary"))).toBeLessThan(1e-6);
    });
  });

  it("sampled on a 10-feature MLP: within 4 estimated standard errors (+1e-4) of the subset-enumeration values", async () => {
    const net = randomNet(10, [16], 21);
    const { names, manifest, session } = await netModel(net, "regression");
    const bgRows = randomRows(20, 10, 22);
    const records = randomRows(2, 10, 23);
    const explainer = kernelShapExplainer({ session, manifest, background: backgroundOf(names, bgRows) });
    const batch = await explainer.explain(columnsOf(names, records), records.length, { space: "value", samples: 256 });
    expect(batch.exact).toBe(false);
    let worst = 0;
    records.forEach((x, r) => {
      const exact = bruteForceShapley((v) => forward(net, v, "regression"), x, bgRows);
      const explanation = batch.records[r];
      expect(explanation.samplingError).toBeGreaterThan(0);
      names.forEach((name, i) => {
        const error = Math.abs(explanation.values[name][0] - exact[i]);
        expect(error).toBeLessThan(4 * explanation.standardErrors![name][0] + 1e-4);
        worst = Math.max(worst, error);
      });
    });
    // Not exact by accident: a sample of 256 of the 1,022 coalitions leaves a visible error.
    expect(worst).toBeGreaterThan(1e-6);
  });

  it("is deterministic for a seed, and another seed draws other coalitions", async () => {
    const net = randomNet(12, [8], 31);
    const { names, manifest, session } = await netModel(net, "binary");
    const background = backgroundOf(names, randomRows(20, 12, 32));
    const records = randomRows(2, 12, 33);
    const explainer = kernelShapExplainer({ session, manifest, background });
    const run = (seed: number) => explainer.explain(columnsOf(names, records), 2, { space: "probability", samples: 64, seed });
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(b).toEqual(a);
    expect(c.records[0].values).not.toEqual(a.records[0].values);
  });
});
