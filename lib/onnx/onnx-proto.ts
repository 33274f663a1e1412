// Encoders for the subset of onnx.proto3 that Tidemark emits. Field numbers are copied from
// onnx/onnx.proto3; a wrong number is silently skipped by the parser and only surfaces as a
// confusing load failure, so every number is named here once and nowhere else.

import { ProtoWriter, float32LittleEndian, float64LittleEndian, int64LittleEndian } from "./protobuf-writer";

/** TensorProto.DataType values. */
export const ELEM_TYPE = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type ElemType = keyof typeof ELEM_TYPE;

/** A dimension is either fixed (number) or symbolic (string, e.g. "N" for the batch). */
export type Dim = number | string;

export const IR_VERSION = 8;
export const PRODUCER_NAME = "tidemark";

const MODEL = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
} as const;
const OPSET_ID = { domain: 1, version: 2 } as const;
const STRING_STRING_ENTRY = { key: 1, value: 2 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 } as const;
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, stringData: 6, int64Data: 7, name: 8, rawData: 9 } as const;
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensorType: 1 } as const;
const TYPE_TENSOR = { elemType: 1, shape: 2 } as const;
const SHAPE = { dim: 1 } as const;
const DIMENSION = { dimValue: 1, dimParam: 2 } as const;

const textEncoder = new TextEncoder();

export type TensorValues =
  | { type: "float"; values: ArrayLike<number> }
  | { type: "double"; values: ArrayLike<number> }
  | { type: "int64"; values: ArrayLike<number | bigint> }
  | { type: "string"; values: readonly string[] }
  | { type: "bool"; values: readonly boolean[] };

export type TensorInit = TensorValues & {
  name?: string;
  dims: readonly number[];
  /** int64 storage: packed varints (compact for small ints) or fixed-width raw_data. Default "int64_data". */
  int64Storage?: "int64_data" | "raw_data";
};

export type AttributeValue =
  | { type: "float"; value: number }
  | { type: "int"; value: number | bigint }
  | { type: "string"; value: string }
  | { type: "tensor"; value: TensorInit }
  | { type: "floats"; value: readonly number[] }
  | { type: "ints"; value: readonly (number | bigint)[] }
  | { type: "strings"; value: readonly string[] };

/**
 * Attribute constructors. A JS number cannot say whether it is an ONNX float or int, and ORT rejects
 * a node whose attribute has the wrong type, so the type is always stated explicitly.
 */
export const attr = {
  float: (value: number): AttributeValue => ({ type: "float", value }),
  int: (value: number | bigint): AttributeValue => ({ type: "int", value }),
  string: (value: string): AttributeValue => ({ type: "string", value }),
  tensor: (value: TensorInit): AttributeValue => ({ type: "tensor", value }),
  floats: (value: readonly number[]): AttributeValue => ({ type: "floats", value }),
  ints: (value: readonly (number | bigint)[]): AttributeValue => ({ type: "ints", value }),
  strings: (value: readonly string[]): AttributeValue => ({ type: "strings", value }),
};

export interface NodeInit {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  /** "" (or absent) is the default ONNX domain; "ai.onnx.ml" for the classical-ML operators. */
  domain?: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface ValueInfoInit {
  name: string;
  elemType: ElemType;
  shape: readonly Dim[];
}

export interface GraphInit {
  name: string;
  nodes: readonly NodeInit[];
  initializers: readonly TensorInit[];
  inputs: readonly ValueInfoInit[];
  outputs: readonly ValueInfoInit[];
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface ModelInit {
  graph: GraphInit;
  opsets: readonly OpsetImport[];
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Readonly<Record<string, string>>;
}

export function encodeTensor(t: TensorInit): Uint8Array {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.dims.some((d) => !Number.isInteger(d) || d < 0))
    throw new RangeError(`tensor ${t.name ?? "?"}: invalid dims [${t.dims}]`);
  if (count !== t.values.length) {
    throw new RangeError(`tensor ${t.name ?? "?"}: dims [${t.dims}] hold ${count} values, got ${t.values.length}`);
  }
  const w = new ProtoWriter();
  if (t.dims.length > 0) w.packedInts(TENSOR.dims, t.dims);
  w.int(TENSOR.dataType, ELEM_TYPE[t.type]);
  if (t.name !== undefined) w.string(TENSOR.name, t.name);
  switch (t.type) {
    case "float":
      w.bytes(TENSOR.rawData, float32LittleEndian(t.values));
      break;
    case "double":
      w.bytes(TENSOR.rawData, float64LittleEndian(t.values));
      break;
    case "int64": {
      const big = Array.from(t.values, (v) => BigInt(v));
      if (t.int64Storage === "raw_data") w.bytes(TENSOR.rawData, int64LittleEndian(big));
      else if (big.length > 0) w.packedInts(TENSOR.int64Data, big);
      break;
    }
    case "string":
      // raw_data is not allowed for strings; each element is its own string_data entry.
      for (const s of t.values) w.bytes(TENSOR.stringData, textEncoder.encode(s));
      break;
    case "bool":
      // raw_data holds booleans as one byte each.
      w.bytes(
        TENSOR.rawData,
        Uint8Array.from(t.values, (b) => (b ? 1 : 0)),
      );
      break;
  }
  return w.finish();
}

export function encodeAttribute(name: string, a: AttributeValue): Uint8Array {
  const w = new ProtoWriter();
  w.string(ATTRIBUTE.name, name);
  w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE[a.type]);
  switch (a.type) {
    case "float":
      w.float(ATTRIBUTE.f, a.value);
      break;
    case "int":
      w.int(ATTRIBUTE.i, a.value);
      break;
    case "string":
      w.string(ATTRIBUTE.s, a.value);
      break;
    case "tensor":
      w.message(ATTRIBUTE.t, encodeTensor(a.value));
      break;
    case "floats":
      if (a.value.length > 0) w.packedFloats(ATTRIBUTE.floats, a.value);
      break;
    case "ints":
      if (a.value.length > 0) w.packedInts(ATTRIBUTE.ints, a.value);
      break;
    case "strings":
      for (const s of a.value) w.string(ATTRIBUTE.strings, s);
      break;
  }
  return w.finish();
}

export function encodeNode(n: NodeInit): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(NODE.input, i);
  for (const o of n.outputs) w.string(NODE.output, o);
  if (n.name !== undefined) w.string(NODE.name, n.name);
  w.string(NODE.opType, n.opType);
  for (const [key, value] of Object.entries(n.attributes ?? {})) w.message(NODE.attribute, encodeAttribute(key, value));
  if (n.domain) w.string(NODE.domain, n.domain);
  return w.finish();
}

export function encodeValueInfo(v: ValueInfoInit): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === "number") dim.int(DIMENSION.dimValue, d);
    else dim.string(DIMENSION.dimParam, d);
    shape.message(SHAPE.dim, dim.finish());
  }
  const tensorType = new ProtoWriter()
    .int(TYPE_TENSOR.elemType, ELEM_TYPE[v.elemType])
    .message(TYPE_TENSOR.shape, shape.finish());
  const type = new ProtoWriter().message(TYPE.tensorType, tensorType.finish());
  return new ProtoWriter().string(VALUE_INFO.name, v.name).message(VALUE_INFO.type, type.finish()).finish();
}

export function encodeGraph(g: GraphInit): Uint8Array {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(GRAPH.node, encodeNode(n));
  w.string(GRAPH.name, g.name);
  for (const t of g.initializers) w.message(GRAPH.initializer, encodeTensor(t));
  for (const i of g.inputs) w.message(GRAPH.input, encodeValueInfo(i));
  for (const o of g.outputs) w.message(GRAPH.output, encodeValueInfo(o));
  return w.finish();
}

export function encodeModel(m: ModelInit): Uint8Array {
  const w = new ProtoWriter();
  w.int(MODEL.irVersion, m.irVersion ?? IR_VERSION);
  w.string(MODEL.producerName, m.producerName ?? PRODUCER_NAME);
  if (m.producerVersion !== undefined) w.string(MODEL.producerVersion, m.producerVersion);
  if (m.docString !== undefined) w.string(MODEL.docString, m.docString);
  for (const o of m.opsets) {
    const opset = new ProtoWriter();
    if (o.domain) opset.string(OPSET_ID.domain, o.domain);
    opset.int(OPSET_ID.version, o.version);
    w.message(MODEL.opsetImport, opset.finish());
  }
  for (const [key, value] of Object.entries(m.metadata ?? {})) {
    w.message(
      MODEL.metadataProps,
      new ProtoWriter().string(STRING_STRING_ENTRY.key, key).string(STRING_STRING_ENTRY.value, value).finish(),
    );
  }
  w.message(MODEL.graph, encodeGraph(m.graph));
  return w.finish();
}
