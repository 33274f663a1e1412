// A read-only view of an ONNX model's main graph — nodes with decoded attributes, initializer
// tensors, input and output names — for the exact explainers, which need the parameters of one
// operator (a tree ensemble, a linear layer) and where its input comes from. Field numbers are
// onnx/onnx.proto3's; anything not needed here (subgraphs, sparse tensors) is skipped.

import { type ProtoField, ProtobufReadError, intsOf, readFields, stringOf, stringsOf, WIRE } from "@/lib/onnx/protobuf-reader";

const MODEL_GRAPH = 7;
const GRAPH = { node: 1, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, opType: 4, attribute: 5, domain: 7 } as const;
const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, floats: 7, ints: 8, strings: 9 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9, doubleData: 10 } as const;
const DATA_TYPE = { float: 1, double: 11 } as const;

export type AttributeValue = number | string | number[] | string[];

export type GraphNode = {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, AttributeValue>;
};

export type GraphTensor = { dims: number[]; values: Float64Array };

export type OnnxGraph = {
  nodes: GraphNode[];
  /** Float and double initializers, decoded; other types are listed by name only. */
  initializers: Map<string, GraphTensor | null>;
  /** Graph inputs that are not initializers: what a caller feeds. */
  inputs: string[];
  outputs: string[];
  /** The model's top-level fields and the graph's, raw, for rewrites that add to them. */
  modelFields: ProtoField[];
  graphFields: ProtoField[];
};

export function readOnnxGraph(model: Uint8Array): OnnxGraph {
  const modelFields = readFields(model);
  const graphField = modelFields.find((f) => f.field === MODEL_GRAPH && f.wireType === WIRE.lengthDelimited);
  if (!graphField) throw new ProtobufReadError("the model has no graph");
  const graphFields = readFields(graphField.payload);
  const initializers = new Map<string, GraphTensor | null>();
  for (const f of graphFields) {
    if (f.field !== GRAPH.initializer) continue;
    const tensor = readFields(f.payload);
    initializers.set(stringOf(tensor, TENSOR.name) ?? "", decodeTensor(tensor));
  }
  const names = (field: number) =>
    graphFields.filter((f) => f.field === field).map((f) => stringOf(readFields(f.payload), 1) ?? "");
  return {
    nodes: graphFields.filter((f) => f.field === GRAPH.node).map((f) => readNode(readFields(f.payload))),
    initializers,
    inputs: names(GRAPH.input).filter((n) => !initializers.has(n)),
    outputs: names(GRAPH.output),
    modelFields,
    graphFields,
  };
}

function readNode(fields: ProtoField[]): GraphNode {
  const attributes = new Map<string, AttributeValue>();
  for (const f of fields) {
    if (f.field !== NODE.attribute) continue;
    const a = readFields(f.payload);
    const name = stringOf(a, ATTRIBUTE.name);
    if (name !== undefined) attributes.set(name, attributeValue(a));
  }
  return {
    opType: stringOf(fields, NODE.opType) ?? "",
    domain: stringOf(fields, NODE.domain) ?? "",
    inputs: stringsOf(fields, NODE.input),
    outputs: stringsOf(fields, NODE.output),
    attributes,
  };
}

// The attribute's type field is optional in old files, so the value is recognised by which field holds it.
function attributeValue(a: ProtoField[]): AttributeValue {
  if (a.some((f) => f.field === ATTRIBUTE.floats)) return floatsOf(a, ATTRIBUTE.floats);
  if (a.some((f) => f.field === ATTRIBUTE.ints)) return intsOf(a, ATTRIBUTE.ints);
  if (a.some((f) => f.field === ATTRIBUTE.strings)) return stringsOf(a, ATTRIBUTE.strings);
  if (a.some((f) => f.field === ATTRIBUTE.s)) return stringOf(a, ATTRIBUTE.s) ?? "";
  if (a.some((f) => f.field === ATTRIBUTE.f)) return floatsOf(a, ATTRIBUTE.f)[0];
  if (a.some((f) => f.field === ATTRIBUTE.i)) return intsOf(a, ATTRIBUTE.i)[0];
  return [];
}

/** Repeated float (fixed32) values, packed or not. */
function floatsOf(fields: readonly ProtoField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    const view = new DataView(f.payload.buffer, f.payload.byteOffset, f.payload.byteLength);
    for (let at = 0; at + 4 <= f.payload.byteLength; at += 4) out.push(view.getFloat32(at, true));
  }
  return out;
}

function doublesOf(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let at = 0; at + 8 <= bytes.byteLength; at += 8) out.push(view.getFloat64(at, true));
  return out;
}

function decodeTensor(t: ProtoField[]): GraphTensor | null {
  const type = intsOf(t, TENSOR.dataType)[0];
  const dims = intsOf(t, TENSOR.dims);
  const raw = t.find((f) => f.field === TENSOR.rawData)?.payload;
  let values: number[];
  if (type === DATA_TYPE.float) {
    values = raw ? floatsOf([{ field: 0, wireType: 2, raw, payload: raw }], 0) : floatsOf(t, TENSOR.floatData);
  } else if (type === DATA_TYPE.double) {
    values = raw ? doublesOf(raw) : t.filter((f) => f.field === TENSOR.doubleData).flatMap((f) => doublesOf(f.payload));
  } else {
    return null;
  }
  return { dims, values: Float64Array.from(values) };
}

/** Number attribute list, or undefined when the attribute is absent or not a list of numbers. */
export function numbersAttr(node: GraphNode, name: string): number[] | undefined {
  const v = node.attributes.get(name);
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return v as number[];
  if (typeof v === "number") return [v];
  return undefined;
}

export function stringsAttr(node: GraphNode, name: string): string[] | undefined {
  const v = node.attributes.get(name);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  return typeof v === "string" ? [v] : undefined;
}

export function stringAttr(node: GraphNode, name: string, fallback: string): string {
  const v = node.attributes.get(name);
  return typeof v === "string" ? v : fallback;
}
