// skl2onnx ends classifiers with a ZipMap node (ai.onnx.ml) that turns the probability tensor into
// one {class: probability} map per row, a seq(map) output that onnxruntime-node cannot return
// ("Non tensor type is temporarily not supported"). This rewrite drops that node and makes its input
// tensor the graph output in its place; every other byte of the file is copied unchanged.

import { ProtoWriter } from "./protobuf-writer";
import { joinFields, type ProtoField, readFields, stringOf, stringsOf, intsOf, WIRE } from "./protobuf-reader";

// Field numbers from onnx/onnx.proto3.
const MODEL_GRAPH = 7;
const GRAPH = { node: 1, output: 12 } as const;
const NODE = { input: 1, output: 2, opType: 4, attribute: 5, domain: 7 } as const;
const ATTRIBUTE = { name: 1, ints: 8, strings: 9 } as const;
const VALUE_INFO_NAME = 1;
const FLOAT = 1;

export type ZipMapRemoval = {
  bytes: Uint8Array;
  /** Names of the ZipMap outputs removed, each with the tensor that replaced it. */
  replaced: { zipMapOutput: string; tensorOutput: string }[];
  /** The class order of the (first) ZipMap: its classlabels_strings or classlabels_int64s. */
  classes?: string[];
};

type ParsedNode = {
  field: ProtoField;
  opType?: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: ProtoField[][];
};

/** Returns the model unchanged (same bytes object) when it has no ZipMap feeding a graph output. */
export function removeZipMap(model: Uint8Array): ZipMapRemoval {
  const modelFields = readFields(model);
  const graphFields = modelFields.filter((f) => f.field === MODEL_GRAPH && f.wireType === WIRE.lengthDelimited);
  if (graphFields.length !== 1) return { bytes: model, replaced: [] };
  const graph = readFields(graphFields[0].payload);
  const nodes = graph.filter((f) => f.field === GRAPH.node).map(parseNode);
  const outputNames = new Map(
    graph.filter((f) => f.field === GRAPH.output).map((f) => [f, stringOf(readFields(f.payload), VALUE_INFO_NAME)]),
  );
  const graphOutputs = new Set(outputNames.values());
  const consumed = new Set(nodes.flatMap((n) => n.inputs));
  const zipMaps = nodes.filter(
    (n) =>
      n.opType === "ZipMap" &&
      n.domain === "ai.onnx.ml" &&
      n.inputs.length === 1 &&
      n.outputs.length === 1 &&
      graphOutputs.has(n.outputs[0]) &&
      !consumed.has(n.outputs[0]),
  );
  if (!zipMaps.length) return { bytes: model, replaced: [] };

  const dropped = new Set(zipMaps.map((n) => n.field));
  const replacement = new Map(zipMaps.map((n) => [n.outputs[0], n]));
  const parts: Uint8Array[] = [];
  const emitted = new Set<string>();
  for (const field of graph) {
    if (dropped.has(field)) continue;
    const name = outputNames.get(field);
    const zipMap = name === undefined ? undefined : replacement.get(name);
    if (!zipMap) {
      parts.push(field.raw);
      continue;
    }
    const tensor = zipMap.inputs[0];
    // The probability tensor may already be a graph output of its own; then the ZipMap output just goes.
    if (graphOutputs.has(tensor) || emitted.has(tensor)) continue;
    emitted.add(tensor);
    parts.push(new ProtoWriter().message(GRAPH.output, tensorValueInfo(tensor, classesOf(zipMap)?.length)).finish());
  }
  const newGraph = joinFields(parts);
  const bytes = joinFields(
    modelFields.map((f) => (f === graphFields[0] ? new ProtoWriter().message(MODEL_GRAPH, newGraph).finish() : f.raw)),
  );
  return {
    bytes,
    replaced: zipMaps.map((n) => ({ zipMapOutput: n.outputs[0], tensorOutput: n.inputs[0] })),
    classes: classesOf(zipMaps[0]),
  };
}

function parseNode(field: ProtoField): ParsedNode {
  const fields = readFields(field.payload);
  return {
    field,
    opType: stringOf(fields, NODE.opType),
    domain: stringOf(fields, NODE.domain) ?? "",
    inputs: stringsOf(fields, NODE.input),
    outputs: stringsOf(fields, NODE.output),
    attributes: fields.filter((f) => f.field === NODE.attribute).map((f) => readFields(f.payload)),
  };
}

function classesOf(node: ParsedNode): string[] | undefined {
  for (const attribute of node.attributes) {
    const name = stringOf(attribute, ATTRIBUTE.name);
    if (name === "classlabels_strings") return stringsOf(attribute, ATTRIBUTE.strings);
    if (name === "classlabels_int64s") return intsOf(attribute, ATTRIBUTE.ints).map(String);
  }
  return undefined;
}

/** ValueInfoProto for a float tensor [N, classes] (the batch symbolic, the width when known). */
function tensorValueInfo(name: string, width: number | undefined): Uint8Array {
  const batch = new ProtoWriter().string(2, "N").finish();
  const shape = new ProtoWriter().message(1, batch);
  shape.message(1, width === undefined ? new Uint8Array() : new ProtoWriter().int(1, width).finish());
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape.finish()).finish();
  const type = new ProtoWriter().message(1, tensorType).finish();
  return new ProtoWriter().string(VALUE_INFO_NAME, name).message(2, type).finish();
}
