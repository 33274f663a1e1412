import { describe, expect, it } from "vitest";
import type { Feature } from "@/lib/core/manifest/manifest-schema";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { loadSession } from "@/lib/inference/load-session";
import { describeModelIo } from "@/lib/inference/model-io/describe-model-io";
import { detectOutputKind } from "@/lib/inference/model-io/detect-output-kind";
import { prepareOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";
import { sampleColumns } from "@/lib/inference/model-io/sample-columns";
import type { ValueMetadata } from "@/lib/inference/model-io/value-metadata";
import { byoManifest, loadByoFixture } from "../helpers/byo-fixtures";

const num = (name: string): Feature => ({ name, type: "numeric", nullable: false });
const cat = (name: string, categories = ["a", "b"]): Feature => ({
  name,
  type: "categorical",
  nullable: false,
  categories,
  unseenCategory: "reject",
});
const tensor = (name: string, type: string, shape: (number | string)[]): ValueMetadata =>
  ({ name, isTensor: true, type, shape }) as ValueMetadata;
const probs = tensor("probabilities", "float32", ["N", 2]);

async function fixtureSession(stem: string) {
  const fixture = loadByoFixture(stem);
  const prepared = prepareOnnxModel(fixture.onnx);
  return { fixture, prepared, session: await loadSession(prepared.bytes) };
}

describe("describeModelIo infers the binding of exporters' files", () => {
  it("reads PyTorch's single [N,F] input as a matrix in the manifest's feature order", async () => {
    const { fixture, session } = await fixtureSession("torch-multiclass-softmax");
    const { io, problems } = describeModelIo(session, {
      features: fixture.features as Feature[],
      task: "multiclass",
      classes: fixture.classes,
    });
    expect(problems).toEqual([]);
    expect(io).toEqual({
      inputs: { layout: "matrix", input: "input", dtype: "float32", features: fixture.features.map((f) => f.name) },
      output: { name: "probs", kind: "probabilities" },
    });
  });

  it("reads skl2onnx's float_input, its probability tensor and the label output beside it", async () => {
    const { fixture, prepared, session } = await fixtureSession("skl-logreg-iris-zipmap");
    const { io, problems } = describeModelIo(session, {
      features: fixture.features as Feature[],
      task: "multiclass",
      classes: fixture.classes,
      zipMapClasses: prepared.zipMapClasses,
    });
    expect(problems).toEqual([]);
    expect(io?.inputs).toMatchObject({ layout: "matrix", input: "float_input" });
    expect(io?.output).toEqual({ name: "probabilities", kind: "probabilities", label: "output_label" });
  });

  it("binds one [N,1] input per column, string for categoricals, int64 converted", async () => {
    const { fixture, session } = await fixtureSession("skl-columns-regression");
    const { io, problems } = describeModelIo(session, { features: fixture.features as Feature[], task: "regression" });
    expect(problems).toEqual([]);
    expect(io).toEqual({
      inputs: {
        layout: "per_feature",
        bindings: [
          { feature: "area", input: "area", dtype: "float32" },
          { feature: "rooms", input: "rooms", dtype: "int64" },
          { feature: "city", input: "city", dtype: "string" },
        ],
      },
      output: { name: "variable2", kind: "value" },
    });
  });

  it("refuses PyTorch's export without a dynamic batch axis, naming the input and the fix", async () => {
    const { fixture, session } = await fixtureSession("torch-fixed-batch");
    const { problems } = describeModelIo(session, { features: fixture.features as Feature[], task: "regression" });
    expect(problems).toEqual([
      'input "input" has a fixed batch size of 1 (shape [1, 10]); re-export it with a dynamic first axis: ' +
        'torch.onnx.export(..., dynamic_axes={"input": {0: "batch"}}), or in skl2onnx FloatTensorType([None, …])',
    ]);
  });

  it.each([
    {
      case: "a categorical feature with a matrix input",
      inputs: [tensor("input", "float32", ["N", 2])],
      features: [num("x"), cat("colour")],
      problem:
        'feature "colour" is categorical but the model takes one numeric matrix "input"; encode it inside the graph ' +
        "(one string input per column, as skl2onnx does for a ColumnTransformer) or declare it numeric",
    },
    {
      case: "a matrix narrower than the features",
      inputs: [tensor("input", "float32", ["N", 3])],
      features: [num("x"), num("y")],
      problem:
        'input "input" takes 3 columns but the manifest declares 2 features (x, y); declare one feature per column, in the model\'s column order',
    },
    {
      case: "an integer matrix",
      inputs: [tensor("input", "int64", ["N", 2])],
      features: [num("x"), num("y")],
      problem: 'input "input" is int64; a single matrix input must be float32 or float64 (export it as a float tensor)',
    },
    {
      case: "a single input of rank 3",
      inputs: [tensor("input", "float32", ["N", 2, 1])],
      features: [num("x"), num("y")],
      problem: 'input "input" has shape [N, 2, 1]; a single input must be a matrix [batch, features]',
    },
    {
      case: "a column the model has no input for",
      inputs: [tensor("x", "float32", ["N", 1]), tensor("y", "float32", ["N", 1])],
      features: [num("x"), num("y"), num("z")],
      problem: 'the data column "z" has no model input (inputs: x, y); name the model\'s input "z" or remove the feature',
    },
    {
      case: "an input the data has no column for",
      inputs: [tensor("x", "float32", ["N", 1]), tensor("extra", "float32", ["N", 1])],
      features: [num("x")],
      problem:
        'the model input "extra" has no column in the data (features: x); add a feature named "extra" or re-export the model without that input',
    },
    {
      case: "a float input for a categorical feature",
      inputs: [tensor("x", "float32", ["N", 1]), tensor("city", "float32", ["N", 1])],
      features: [num("x"), cat("city")],
      problem:
        'input "city" is float32 but the feature "city" is categorical; export the input as a string tensor (StringTensorType([None, 1])) or declare the feature numeric',
    },
    {
      case: "a string input for a numeric feature",
      inputs: [tensor("x", "float32", ["N", 1]), tensor("size", "string", ["N", 1])],
      features: [num("x"), num("size")],
      problem:
        'input "size" is string but the feature "size" is numeric; Tidemark feeds it as float32, float64 or int64, or declare the feature categorical',
    },
    {
      case: "a per-feature input wider than one column",
      inputs: [tensor("x", "float32", ["N", 2]), tensor("y", "float32", ["N", 1])],
      features: [num("x"), num("y")],
      problem: 'input "x" has shape [N, 2]; an input per feature must be [batch, 1]',
    },
    {
      case: "a per-feature input with a fixed batch",
      inputs: [tensor("x", "float32", [1, 1]), tensor("y", "float32", ["N", 1])],
      features: [num("x"), num("y")],
      problem:
        'input "x" has a fixed batch size of 1 (shape [1, 1]); re-export it with a dynamic first axis: torch.onnx.export(..., dynamic_axes={"x": {0: "batch"}}), or in skl2onnx FloatTensorType([None, …])',
    },
  ])("names the input and the fix for $case", ({ inputs, features, problem }) => {
    const { problems } = describeModelIo(
      { inputMetadata: inputs, outputMetadata: [probs] },
      { features, task: "binary", classes: ["no", "yes"] },
    );
    expect(problems).toEqual([problem]);
  });

  it.each([
    {
      case: "a score width that is not the class count",
      outputs: [tensor("scores", "float32", ["N", 4])],
      options: { classes: ["a", "b", "c"] },
      problem:
        'output "scores" has 4 columns but the manifest lists 3 classes (a, b, c); list the model\'s classes, in its column order',
    },
    {
      case: "a ZipMap with another class count",
      outputs: [tensor("probabilities", "float32", ["N", "K"])],
      options: { classes: ["a", "b", "c"], zipMapClasses: ["0", "1", "2", "3"] },
      problem: "the model has 4 classes (0, 1, 2, 3) but the manifest lists 3 (a, b, c)",
    },
    {
      case: "a ZipMap naming the classes in another order",
      outputs: [tensor("probabilities", "float32", ["N", 3])],
      options: { classes: ["a", "b", "c"], zipMapClasses: ["b", "a", "c"] },
      problem:
        "the model's classes are b, a, c in this order (from its ZipMap) but the manifest lists a, b, c; list them in the model's order",
    },
    {
      case: "no float output",
      outputs: [tensor("label", "int64", ["N"])],
      options: { classes: ["a", "b", "c"] },
      problem: "no output holds class scores, a float tensor [batch, classes] (outputs: label int64 [N])",
    },
    {
      case: "the integer labels of a ZipMap listed in another order",
      outputs: [tensor("probabilities", "float32", ["N", 3])],
      options: { classes: ["1", "0", "2"], zipMapClasses: ["0", "1", "2"] },
      problem:
        "the model's classes are 0, 1, 2 in this order (from its ZipMap) but the manifest lists 1, 0, 2; list them in the model's order",
    },
  ])("refuses $case", ({ outputs, options, problem }) => {
    const { problems } = describeModelIo(
      { inputMetadata: [tensor("input", "float32", ["N", 1])], outputMetadata: outputs },
      { features: [num("x")], task: "multiclass", ...options },
    );
    expect(problems).toEqual([problem]);
  });

  it("accepts ZipMap classes 0..K-1 as positions for any class names", () => {
    const { problems } = describeModelIo(
      { inputMetadata: [tensor("float_input", "float32", ["N", 1])], outputMetadata: [probs] },
      { features: [num("x")], task: "binary", classes: ["no", "yes"], zipMapClasses: ["0", "1"] },
    );
    expect(problems).toEqual([]);
  });

  it("refuses a regression model with no value output", () => {
    const { problems } = describeModelIo(
      { inputMetadata: [tensor("input", "float32", ["N", 1])], outputMetadata: [tensor("out", "float32", ["N", 3])] },
      { features: [num("x")], task: "regression" },
    );
    expect(problems).toEqual([
      "no output is a regression value, a float tensor [batch] or [batch, 1] (outputs: out float32 [N, 3])",
    ]);
  });
});

describe("detectOutputKind tells logits from probabilities by a run", () => {
  it.each([
    ["torch-binary-logit", "logits"],
    ["torch-multiclass-logits", "logits"],
    ["torch-multiclass-softmax", "probabilities"],
    ["skl-logreg-binary-zipmap", "probabilities"],
  ])("%s: %s", async (stem, kind) => {
    const { fixture, prepared, session } = await fixtureSession(stem);
    const features = fixture.features as Feature[];
    const { io } = describeModelIo(session, {
      features,
      task: fixture.task,
      classes: fixture.classes,
      zipMapClasses: prepared.zipMapClasses,
    });
    const sample = sampleColumns(features, { inputs: io!.inputs });
    expect(await detectOutputKind(session, io!, { ...sample, classes: fixture.classes })).toEqual({ kind, problems: [] });
  });

  it("refuses a score width that does not fit the declared classes, seen only when run", async () => {
    const { fixture, session } = await fixtureSession("torch-multiclass-softmax");
    const manifest = manifestSchema.parse(byoManifest(fixture));
    const io = describeModelIo(session, { features: manifest.features, task: "multiclass" }).io!;
    const sample = sampleColumns(manifest.features);
    const result = await detectOutputKind(session, io, { ...sample, classes: ["a", "b", "c", "d"] });
    expect(result.problems).toEqual([
      'output "probs" returned 3 columns per row but the manifest lists 4 classes (a, b, c, d); list the model\'s classes, in its column order',
    ]);
  });
});
