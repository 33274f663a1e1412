import { describe, expect, it } from "vitest";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { loadSession } from "@/lib/inference/load-session";
import { bindModelIo } from "@/lib/inference/model-io/bind-model-io";
import { prepareOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";
import { runModel } from "@/lib/inference/run-model";
import { validateRecords } from "@/lib/inference/validate-records";
import { GraphBuilder } from "@/lib/onnx/graph-builder";
import { attr } from "@/lib/onnx/onnx-proto";
import { byoManifest, expectedOutputs, loadByoFixture, SERVABLE_FIXTURES } from "../helpers/byo-fixtures";

describe("runModel on ONNX files as their exporters wrote them", () => {
  it.each(SERVABLE_FIXTURES)("%s: equals the exporter's own outputs within 1e-5", async (stem) => {
    const fixture = loadByoFixture(stem);
    const manifest = manifestSchema.parse(byoManifest(fixture));
    const prepared = prepareOnnxModel(fixture.onnx);
    const session = await loadSession(prepared.bytes);
    const binding = await bindModelIo(session, manifest, { zipMapClasses: prepared.zipMapClasses });
    expect(binding.problems).toEqual([]);
    const bound = { ...manifest, io: binding.io };
    const { columns, problems } = validateRecords(manifest.features, fixture.inputs);
    expect(problems).toEqual([]);
    const outputs = await runModel(session, bound, columns, fixture.inputs.length);
    const expected = expectedOutputs(fixture);
    expect(outputs).toHaveLength(expected.length);
    outputs.forEach((output, i) => {
      const want = expected[i];
      if ("value" in want) {
        expect("value" in output && Math.abs(output.value - want.value)).toBeLessThan(1e-5);
      } else {
        for (const [cls, p] of Object.entries(want.probabilities)) {
          expect(Math.abs(("probabilities" in output ? output.probabilities[cls] : NaN) - p)).toBeLessThan(1e-5);
        }
      }
    });
  });
});

describe("runModel converts features to the dtype each input declares", () => {
  // value = x (a float64 input) + 10·n (an int64 input), computed in double: what reaches the graph is visible.
  function doubleAndIntModel(): Uint8Array {
    const g = new GraphBuilder();
    const x = g.input("x", "double", ["N", 1]);
    const n = g.input("n", "int64", ["N", 1]);
    const scaled = g.node("Mul", [
      g.node("Cast", [n], { attrs: { to: attr.int(11) } }),
      g.constant(Float64Array.from([10]), [1]),
    ]);
    g.node("Add", [x, scaled], { output: "value" });
    g.output("value", "double", ["N", 1]);
    return g.toModel();
  }

  it("feeds float64 and int64 inputs and reads a float64 value", async () => {
    const manifest = manifestSchema.parse({
      ...byoManifest(loadByoFixture("torch-regression")),
      features: [
        { name: "x", type: "numeric" },
        { name: "n", type: "numeric" },
      ],
    });
    const session = await loadSession(doubleAndIntModel());
    const binding = await bindModelIo(session, manifest);
    expect(binding).toEqual({
      io: {
        inputs: {
          layout: "per_feature",
          bindings: [
            { feature: "x", input: "x", dtype: "float64" },
            { feature: "n", input: "n", dtype: "int64" },
          ],
        },
        output: { name: "value", kind: "value" },
      },
      problems: [],
    });
    const inputs = [
      { x: 0.5, n: 3 },
      { x: -2, n: -1 },
    ];
    const { columns } = validateRecords(manifest.features, inputs);
    const outputs = await runModel(session, { ...manifest, io: binding.io }, columns, 2);
    expect(outputs).toEqual([{ value: 30.5 }, { value: -12 }]);
  });

  it("refuses a fraction for an int64 input with the record, the field and the reason", async () => {
    const manifest = manifestSchema.parse({
      ...byoManifest(loadByoFixture("torch-regression")),
      features: [
        { name: "x", type: "numeric" },
        { name: "n", type: "numeric", nullable: true },
      ],
    });
    const session = await loadSession(doubleAndIntModel());
    const { io } = await bindModelIo(session, manifest);
    const { columns } = validateRecords(manifest.features, [
      { x: 1, n: 2 },
      { x: 1, n: 2.5 },
      { x: 1, n: null },
    ]);
    await expect(runModel(session, { ...manifest, io }, columns, 3)).rejects.toMatchObject({
      code: "validation_failed",
      details: [
        { path: "inputs.1.n", index: 1, field: "n", message: 'must be a whole number: the model\'s input "n" is int64' },
        {
          path: "inputs.2.n",
          index: 2,
          field: "n",
          message: 'must be a whole number: the model\'s input "n" is int64 (no missing values)',
        },
      ],
    });
  });
});

describe("a binary model with one probability column", () => {
  it("is read as p(positive) and expanded to [1 − p, p]", async () => {
    const g = new GraphBuilder();
    const input = g.input("input", "float", ["batch", 2]);
    const summed = g.node("ReduceSum", [input, g.constant(BigInt64Array.from([1n]), [1])], { attrs: { keepdims: attr.int(1) } });
    g.node("Sigmoid", [summed], { output: "p" });
    g.output("p", "float", ["batch", 1]);
    const manifest = manifestSchema.parse({
      ...byoManifest(loadByoFixture("torch-binary-logit")),
      features: [
        { name: "a", type: "numeric" },
        { name: "b", type: "boolean" },
      ],
      outputs: { classes: ["no", "yes"], threshold: 0.7 },
    });
    const session = await loadSession(g.toModel());
    const binding = await bindModelIo(session, manifest);
    expect(binding.io?.output).toEqual({ name: "p", kind: "probabilities" });
    const { columns } = validateRecords(manifest.features, [
      { a: 0, b: false },
      { a: 0.5, b: true },
    ]);
    const outputs = await runModel(session, { ...manifest, io: binding.io }, columns, 2);
    const p = 1 / (1 + Math.exp(-1.5));
    expect(outputs[0]).toEqual({ label: "no", probabilities: { no: 0.5, yes: 0.5 } });
    expect(outputs[1]).toMatchObject({ label: "yes" });
    const second = outputs[1] as { probabilities: Record<string, number> };
    expect(second.probabilities.yes).toBeCloseTo(p, 6);
    expect(second.probabilities.no).toBeCloseTo(1 - p, 6);
  });
});
