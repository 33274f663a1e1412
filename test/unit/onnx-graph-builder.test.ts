import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { GraphBuilder, ML_DOMAIN } from "@/lib/onnx/graph-builder";
import { attr } from "@/lib/onnx/onnx-proto";

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

const floats = (t: ort.OnnxValue) => Array.from((t as ort.Tensor).data as Float32Array);

// Each attribute kind and tensor storage is checked through onnxruntime: a wrong field number or
// wire type would make ORT either reject the model or silently read a default.
describe("GraphBuilder through onnxruntime", () => {
  it("encodes float, int, ints (incl. negative) attributes and float initializers", async () => {
    const g = new GraphBuilder();
    g.input("x", "float", ["N", 3]);
    const leaky = g.node("LeakyRelu", ["x"], { attrs: { alpha: attr.float(0.25) } });
    const t = g.node("Transpose", [leaky], { attrs: { perm: attr.ints([1, 0]) } }); // [3, N]
    g.node("ReduceMean", [t], { attrs: { axes: attr.ints([-1]), keepdims: attr.int(0) }, output: "colmean" });
    g.node("MatMul", ["x", g.initializer("w", new Float32Array([1, 2, 3]), [3, 1])], { output: "dot" });
    g.output("colmean", "float", [3]);
    g.output("dot", "float", ["N", 1]);
    const out = await run(g.toModel(), { x: new ort.Tensor("float32", new Float32Array([1, -4, 2, 3, 8, -2]), [2, 3]) });
    // LeakyRelu: [1,-1,2],[3,8,-0.5]; column means: 2, 3.5, 0.75
    expect(floats(out.colmean)).toEqual([2, 3.5, 0.75]);
    expect(floats(out.dot)).toEqual([1 - 8 + 6, 3 + 16 - 6]);
  });

  it("encodes string, strings, floats attributes (ai.onnx.ml) and int64 initializers", async () => {
    const g = new GraphBuilder();
    g.input("s", "string", ["N"]);
    g.node("LabelEncoder", ["s"], {
      domain: ML_DOMAIN,
      attrs: { keys_strings: attr.strings(["a", "b"]), values_floats: attr.floats([0.5, -1.5]), default_float: attr.float(9) },
      output: "f",
    });
    const ids = g.initializer("ids", new BigInt64Array([2n, -7n, 5n]), [3]);
    g.node("LabelEncoder", [ids], {
      domain: ML_DOMAIN,
      attrs: {
        keys_int64s: attr.ints([2, -7]),
        values_strings: attr.strings(["two", "minus seven"]),
        default_string: attr.string("other"),
      },
      output: "names",
    });
    g.output("f", "float", ["N"]);
    g.output("names", "string", [3]);
    const out = await run(g.toModel(), { s: new ort.Tensor("string", ["b", "zzz", "a"], [3]) });
    expect(floats(out.f)).toEqual([-1.5, 9, 0.5]);
    expect(Array.from((out.names as ort.Tensor).data as string[])).toEqual(["two", "minus seven", "other"]);
  });

  it("encodes tensor attributes, raw int64, double and bool tensors", async () => {
    const g = new GraphBuilder();
    g.input("x", "float", ["N", 2]);
    g.node("Constant", [], {
      attrs: { value: attr.tensor({ type: "int64", values: [-1, 4], dims: [2], int64Storage: "raw_data" }) },
      output: "shape",
    });
    const reshaped = g.node("Reshape", ["x", "shape"]); // [N/2, 4]
    const d = g.node("Cast", [g.initializer("d", new Float64Array([0.125, 1e10, -3, 0]), [1, 4])], {
      attrs: { to: attr.int(1) },
    });
    const mask = g.initializer("mask", [true, false, false, true], [1, 4]);
    g.node("Where", [mask, reshaped, d], { output: "y" });
    g.output("y", "float", ["M", 4]);
    const out = await run(g.toModel(), { x: new ort.Tensor("float32", new Float32Array([1, 2, 3, 4]), [2, 2]) });
    expect((out.y as ort.Tensor).dims).toEqual([1, 4]);
    expect(floats(out.y)).toEqual([1, 1e10, -3, 4]);
  });

  it("imports ai.onnx.ml only when a node uses it, honouring overrides", async () => {
    const g = new GraphBuilder();
    g.input("x", "float", ["N", 1]);
    g.node("Identity", ["x"], { output: "y" });
    g.output("y", "float", ["N", 1]);
    const model = g.toModel({ opsets: { "": 13 } });
    expect(Buffer.from(model).includes("ai.onnx.ml")).toBe(false);
    expect(floats((await run(model, { x: new ort.Tensor("float32", new Float32Array([7]), [1, 1]) })).y)).toEqual([7]);
  });

  it("writes ir_version 8 and producer_name first", () => {
    const g = new GraphBuilder();
    g.input("x", "float", ["N", 1]);
    g.output(g.node("Identity", ["x"]), "float", ["N", 1]);
    // field 1 varint 8, then field 2 length 8 "tidemark"
    expect(Buffer.from(g.toModel().subarray(0, 12)).toString("hex")).toBe(`08081208${Buffer.from("tidemark").toString("hex")}`);
  });

  it("rejects misuse early", () => {
    const g = new GraphBuilder();
    g.input("x", "float", ["N", 1]);
    expect(() => g.input("x", "float", ["N", 1])).toThrow(/already used/);
    expect(() => g.node("Relu", ["nope"])).toThrow(/not defined/);
    expect(() => g.output("nope", "float", [1])).toThrow(/not produced/);
    expect(() => g.initializer("w", new Float32Array(3), [2, 2])).toThrow(/hold 4 values/);
    g.node("Custom", ["x"], { domain: "com.example", output: "c" });
    g.output("c", "float", ["N", 1]);
    expect(() => g.toModel()).toThrow(/no opset version known for domain "com.example"/);
    expect(g.toModel({ opsets: { "com.example": 1 } })).toBeInstanceOf(Uint8Array);
    expect(() => new GraphBuilder().toModel()).toThrow(/no outputs/);
  });
});
