import { createHash } from "node:crypto";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { loadSession } from "@/lib/inference/load-session";
import { prepareOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";
import { ProtobufReadError, readFields } from "@/lib/onnx/protobuf-reader";
import { loadByoFixture } from "../helpers/byo-fixtures";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const GRAPH = 7;

function matrix(fixture: ReturnType<typeof loadByoFixture>): ort.Tensor {
  const names = fixture.features.map((f) => f.name);
  const data = Float32Array.from(fixture.inputs.flatMap((row) => names.map((n) => row[n] as number)));
  return new ort.Tensor("float32", data, [fixture.inputs.length, names.length]);
}

describe("prepareOnnxModel: skl2onnx's ZipMap rewritten away", () => {
  it.each([
    ["skl-logreg-binary-zipmap", ["0", "1"]],
    ["skl-logreg-iris-zipmap", ["setosa", "versicolor", "virginica"]],
  ])("%s: the probability tensor equals scikit-learn's predict_proba within 1e-5", async (stem, classes) => {
    const fixture = loadByoFixture(stem);
    // As uploaded, onnxruntime-node loads the file but cannot return its seq(map) output.
    const original = await loadSession(fixture.onnx);
    await expect(original.run({ float_input: matrix(fixture) }, ["output_probability"])).rejects.toThrow(/[Nn]on.?tensor/);

    const prepared = prepareOnnxModel(fixture.onnx);
    expect(prepared.rewritten).toBe(true);
    expect(prepared.originalSha256).toBe(sha256(fixture.onnx));
    expect(prepared.zipMapClasses).toEqual(classes);
    const session = await loadSession(prepared.bytes);
    expect(session.outputNames).toEqual(["output_label", "probabilities"]);
    const result = await session.run({ float_input: matrix(fixture) });
    const k = classes.length;
    expect(result.probabilities.dims).toEqual([fixture.inputs.length, k]);
    const got = result.probabilities.data as Float32Array;
    fixture.expected.probabilities!.forEach((row, r) => {
      row.forEach((p, c) => {
        expect(Math.abs(got[r * k + c] - p)).toBeLessThan(1e-5);
      });
    });
    // The label output beside it is untouched: scikit-learn's predict.
    expect(Array.from(result.output_label.data as ArrayLike<unknown>, String)).toEqual(fixture.expected.label);
  });

  it("keeps every other field of the file byte for byte", () => {
    const fixture = loadByoFixture("skl-logreg-binary-zipmap");
    const prepared = prepareOnnxModel(fixture.onnx);
    const before = readFields(fixture.onnx);
    const after = readFields(prepared.bytes);
    expect(after.map((f) => f.field)).toEqual(before.map((f) => f.field));
    before.forEach((field, i) => {
      if (field.field !== GRAPH) expect(hex(after[i].raw)).toBe(hex(field.raw));
    });
    const graphBefore = readFields(before.find((f) => f.field === GRAPH)!.payload).map((f) => hex(f.raw));
    const graphAfter = readFields(after.find((f) => f.field === GRAPH)!.payload).map((f) => hex(f.raw));
    const removed = graphBefore.filter((f) => !graphAfter.includes(f));
    const added = graphAfter.filter((f) => !graphBefore.includes(f));
    // Exactly the ZipMap node and its output went; one output (the probability tensor) came.
    expect(removed).toHaveLength(2);
    expect(removed.some((f) => Buffer.from(f, "hex").includes("ZipMap"))).toBe(true);
    expect(removed.some((f) => Buffer.from(f, "hex").includes("output_probability"))).toBe(true);
    expect(added).toHaveLength(1);
    expect(Buffer.from(added[0], "hex").includes("probabilities")).toBe(true);
    expect(graphAfter.filter((f) => graphBefore.includes(f))).toEqual(graphBefore.filter((f) => !removed.includes(f)));
  });

  it("returns a file without ZipMap as it is", () => {
    const fixture = loadByoFixture("torch-multiclass-softmax");
    const prepared = prepareOnnxModel(fixture.onnx);
    expect(prepared).toEqual({ bytes: fixture.onnx, rewritten: false, originalSha256: sha256(fixture.onnx) });
  });

  it("throws ProtobufReadError on bytes that are not a protobuf message", () => {
    expect(() => prepareOnnxModel(new TextEncoder().encode("not an onnx file at all"))).toThrow(ProtobufReadError);
    expect(() => prepareOnnxModel(Uint8Array.from([0x3a, 0x05, 0x01]))).toThrow(/runs past the end/);
  });
});
