import { afterAll, describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import {
  buildTabularModel,
  designWidth,
  type DenseLayer,
  type FeatureSpec,
  type TabularModelSpec,
} from "@/lib/onnx/build-tabular-model";
import { mulberry32 as rng } from "../helpers/seeded-random";

const TOLERANCE = 1e-5;

type Row = Record<string, number | string>;

// ---- Plain-TypeScript reference of the serving contract (independent of the graph code) ----

function referenceDesignRow(features: readonly FeatureSpec[], row: Row): number[] {
  const out: number[] = [];
  for (const f of features) {
    const v = row[f.name];
    if (f.type === "categorical") {
      for (const category of f.vocabulary) out.push(v === category ? 1 : 0);
    } else {
      const x = Number.isNaN(v as number) ? f.impute : (v as number);
      out.push((x - (f.mean ?? 0)) / (f.scale ?? 1));
    }
  }
  return out;
}

const stats = { negativePreActivations: 0, positivePreActivations: 0 };

function referenceForward(layers: readonly DenseLayer[], x: number[]): number[] {
  let h = x;
  layers.forEach((l, k) => {
    const z = Array.from({ length: l.outDim }, (_, j) => {
      let s = l.bias[j];
      for (let i = 0; i < l.inDim; i++) s += h[i] * l.weights[i * l.outDim + j];
      return s;
    });
    if (k < layers.length - 1) {
      for (const v of z) v < 0 ? stats.negativePreActivations++ : stats.positivePreActivations++;
      h = z.map((v) => Math.max(0, v));
    } else h = z;
  });
  return h;
}

function referencePredict(spec: TabularModelSpec, row: Row): number[] {
  const z = referenceForward(spec.layers, referenceDesignRow(spec.features, row));
  if (spec.task === "regression") return z;
  if (spec.task === "binary") {
    const p = 1 / (1 + Math.exp(-z[0]));
    return [1 - p, p];
  }
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

// ---- helpers ----

function randomLayer(next: () => number, inDim: number, outDim: number): DenseLayer {
  // Float32 values so the reference computes with exactly the parameters stored in the model.
  const weights = Float32Array.from({ length: inDim * outDim }, () => next() * 2 - 1);
  const bias = Float32Array.from({ length: outDim }, () => next() - 0.5);
  return { weights, bias, inDim, outDim };
}

function feeds(features: readonly FeatureSpec[], rows: readonly Row[]): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const f of features) {
    const column = rows.map((r) => r[f.name]);
    out[f.name] =
      f.type === "categorical"
        ? new ort.Tensor("string", column as string[], [rows.length, 1])
        : new ort.Tensor("float32", Float32Array.from(column as number[]), [rows.length, 1]);
  }
  return out;
}

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

async function load(model: Uint8Array): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  sessions.push(session);
  return session;
}

async function expectMatchesReference(
  session: ort.InferenceSession,
  spec: TabularModelSpec,
  rows: readonly Row[],
): Promise<void> {
  const outputName = spec.task === "regression" ? "value" : "probabilities";
  const result = (await session.run(feeds(spec.features, rows)))[outputName] as ort.Tensor;
  const expected = rows.map((r) => referencePredict(spec, r));
  const width = expected[0].length;
  expect(result.type).toBe("float32");
  expect(result.dims).toEqual([rows.length, width]);
  const actual = result.data as Float32Array;
  rows.forEach((_, i) => {
    for (let j = 0; j < width; j++) {
      const a = actual[i * width + j];
      const e = expected[i][j];
      expect(Number.isFinite(a), `row ${i} col ${j} is ${a}`).toBe(true);
      expect(Math.abs(a - e), `row ${i} col ${j}: onnx ${a} vs reference ${e}`).toBeLessThan(TOLERANCE);
    }
  });
}

function expectContract(session: ort.InferenceSession, spec: TabularModelSpec, outputName: string, outputWidth: number): void {
  expect(session.inputNames).toEqual(spec.features.map((f) => f.name));
  expect(session.outputNames).toEqual([outputName]);
  session.inputMetadata.forEach((m, i) => {
    const type = spec.features[i].type === "categorical" ? "string" : "float32";
    expect(m).toMatchObject({ name: spec.features[i].name, isTensor: true, type, shape: ["N", 1] });
  });
  expect(session.outputMetadata[0]).toMatchObject({
    name: outputName,
    isTensor: true,
    type: "float32",
    shape: ["N", outputWidth],
  });
}

// ---- tests ----

describe("buildTabularModel", () => {
  const binaryFeatures: FeatureSpec[] = [
    { name: "age", type: "numeric", impute: 41, mean: 38.5, scale: 12.25 },
    { name: "plan", type: "categorical", vocabulary: ["free", "pro", "enterprise"] },
    { name: "is_active", type: "boolean", impute: 1 },
    { name: "monthly spend", type: "numeric", impute: 0, mean: 120, scale: 80 },
  ];
  const binarySpec: TabularModelSpec = {
    task: "binary",
    features: binaryFeatures,
    layers: [randomLayer(rng(1), designWidth(binaryFeatures), 1)],
    classes: ["stays", "churns"],
  };
  const binaryRows: Row[] = [
    { age: 30, plan: "pro", is_active: 1, "monthly spend": 99.5 },
    { age: NaN, plan: "free", is_active: 0, "monthly spend": 10 },
    { age: 65, plan: "", is_active: NaN, "monthly spend": NaN }, // missing everywhere
    { age: 22, plan: "trial", is_active: 1, "monthly spend": 400 }, // unseen category
    { age: 50, plan: "enterprise", is_active: 0, "monthly spend": 1000 },
    { age: 18, plan: "Pro", is_active: 1, "monthly spend": 0 }, // case differs: unseen
  ];

  it("binary: numeric + categorical + boolean, with NaN and unseen categories", async () => {
    expect(designWidth(binaryFeatures)).toBe(6);
    const session = await load(buildTabularModel(binarySpec));
    expectContract(session, binarySpec, "probabilities", 2);
    await expectMatchesReference(session, binarySpec, binaryRows);
  });

  it("binary: unseen and missing categories encode as all zeros, not as some category", async () => {
    // Isolate the categorical column: weights only on the one-hot columns, distinct per category.
    const features: FeatureSpec[] = [{ name: "plan", type: "categorical", vocabulary: ["free", "pro", "enterprise"] }];
    const spec: TabularModelSpec = { task: "binary", features, layers: [{ weights: [1, 2, 3], bias: [0], inDim: 3, outDim: 1 }] };
    const session = await load(buildTabularModel(spec));
    const rows: Row[] = ["free", "pro", "enterprise", "", "trial"].map((plan) => ({ plan }));
    const p = (await session.run(feeds(features, rows))).probabilities.data as Float32Array;
    const logits = rows.map((_, i) => Math.log(p[i * 2 + 1] / p[i * 2]));
    [1, 2, 3, 0, 0].forEach((z, i) => {
      expect(logits[i]).toBeCloseTo(z, 4);
    });
  });

  it("binary: handles a batch of one row (symbolic batch dimension)", async () => {
    const session = await load(buildTabularModel(binarySpec));
    await expectMatchesReference(session, binarySpec, binaryRows.slice(2, 3));
  });

  it("multiclass: two-layer MLP with softmax", async () => {
    const features: FeatureSpec[] = [
      { name: "x1", type: "numeric", impute: 0.5, mean: 1, scale: 2 },
      { name: "colour", type: "categorical", vocabulary: ["red", "green", "blue"] },
      { name: "x2", type: "numeric", impute: -1, mean: -0.25, scale: 0.5 },
    ];
    const next = rng(7);
    const spec: TabularModelSpec = {
      task: "multiclass",
      features,
      layers: [randomLayer(next, designWidth(features), 8), randomLayer(next, 8, 3)],
      classes: ["low", "mid", "high"],
    };
    const rows: Row[] = Array.from({ length: 12 }, (_, i) => ({
      x1: i % 5 === 0 ? NaN : next() * 6 - 2,
      colour: ["red", "green", "blue", "", "purple"][i % 5],
      x2: i % 4 === 1 ? NaN : next() * 2 - 1,
    }));
    const session = await load(buildTabularModel(spec));
    expectContract(session, spec, "probabilities", 3);
    stats.negativePreActivations = stats.positivePreActivations = 0;
    await expectMatchesReference(session, spec, rows);
    // The ReLU must actually have clipped something, otherwise this test would not cover it.
    expect(stats.negativePreActivations).toBeGreaterThan(0);
    expect(stats.positivePreActivations).toBeGreaterThan(0);
  });

  it("regression: linear head on numeric and standardised boolean features", async () => {
    const features: FeatureSpec[] = [
      { name: "sqft", type: "numeric", impute: 1500, mean: 1800, scale: 650 },
      { name: "has_garden", type: "boolean", impute: 0, mean: 0.3, scale: 0.458 },
      { name: "rooms", type: "numeric", impute: 3, mean: 3.2, scale: 1.1 },
    ];
    const spec: TabularModelSpec = {
      task: "regression",
      features,
      layers: [{ weights: [1.75, -0.5, 0.25], bias: [2.5], inDim: 3, outDim: 1 }],
    };
    const rows: Row[] = [
      { sqft: 900, has_garden: 1, rooms: 2 },
      { sqft: NaN, has_garden: NaN, rooms: NaN },
      { sqft: 4000, has_garden: 0, rooms: 6 },
    ];
    const session = await load(buildTabularModel(spec));
    expectContract(session, spec, "value", 1);
    await expectMatchesReference(session, spec, rows);
  });

  it("regression: a single feature (no Concat) through a deeper MLP", async () => {
    const features: FeatureSpec[] = [{ name: "t", type: "numeric", impute: 0, mean: 0, scale: 1 }];
    const next = rng(42);
    const spec: TabularModelSpec = {
      task: "regression",
      features,
      layers: [randomLayer(next, 1, 4), randomLayer(next, 4, 4), randomLayer(next, 4, 1)],
    };
    const rows: Row[] = [-3, -1, 0, 0.5, 2, NaN].map((t) => ({ t }));
    const session = await load(buildTabularModel(spec));
    expectContract(session, spec, "value", 1);
    await expectMatchesReference(session, spec, rows);
  });

  it("rejects inconsistent specs at build time", () => {
    const num: FeatureSpec = { name: "a", type: "numeric", impute: 0, mean: 0, scale: 1 };
    const linear = (inDim: number, outDim = 1): DenseLayer => ({
      weights: new Float32Array(inDim * outDim),
      bias: new Float32Array(outDim),
      inDim,
      outDim,
    });
    const build = (s: Partial<TabularModelSpec>) => () =>
      buildTabularModel({ task: "regression", features: [num], layers: [linear(1)], ...s });
    expect(build({})).not.toThrow();
    expect(build({ layers: [linear(2)] })).toThrow(/inDim 2 does not match the 1 columns/);
    expect(build({ layers: [] })).toThrow(/at least one layer/);
    expect(build({ features: [] })).toThrow(/at least one feature/);
    expect(build({ features: [num, num], layers: [linear(2)] })).toThrow(/duplicate feature/);
    expect(build({ features: [{ ...num, name: "value" }] })).toThrow(/clashes with the model output/);
    expect(build({ features: [{ ...num, scale: 0 }] })).toThrow(/scale must be non-zero/);
    expect(build({ features: [{ ...num, impute: NaN }] })).toThrow(/impute must be finite/);
    expect(build({ features: [{ name: "c", type: "categorical", vocabulary: ["x", ""] }], layers: [linear(2)] })).toThrow(
      /missing marker/,
    );
    expect(build({ features: [{ name: "c", type: "categorical", vocabulary: ["x", "x"] }], layers: [linear(2)] })).toThrow(
      /duplicates/,
    );
    expect(build({ layers: [{ ...linear(1), weights: [NaN] }] })).toThrow(/finite/);
    expect(build({ task: "binary", layers: [linear(1, 2)] })).toThrow(/single output unit/);
    expect(build({ task: "multiclass", layers: [linear(1, 3)], classes: ["a", "b"] })).toThrow(/3 outputs but 2 classes/);
  });
});

describe("loading invalid model bytes", () => {
  const spec: TabularModelSpec = {
    task: "binary",
    features: [
      { name: "a", type: "numeric", impute: 0, mean: 0, scale: 1 },
      { name: "c", type: "categorical", vocabulary: ["x", "y"] },
    ],
    layers: [{ weights: [1, 2, 3], bias: [0], inDim: 3, outDim: 1 }],
  };
  const good = buildTabularModel(spec);

  it("loads the intact model (control)", async () => {
    await expect(load(good)).resolves.toBeDefined();
  });

  it.each([
    ["truncated to half", () => good.slice(0, Math.floor(good.length / 2))],
    ["missing its last byte", () => good.slice(0, good.length - 1)],
    ["empty", () => new Uint8Array(0)],
    ["not protobuf at all", () => new TextEncoder().encode("this is not an ONNX model")],
  ])("rejects a buffer %s", async (_label, bytes) => {
    await expect(ort.InferenceSession.create(bytes(), { intraOpNumThreads: 1 })).rejects.toThrow();
  });
});
