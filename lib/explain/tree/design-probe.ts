// The matrix an operator (a tree ensemble, a linear layer) reads, as ONNX Runtime computes it, and
// which manifest feature each of its columns comes from. Rather than re-implement every exporter's
// preprocessing, a copy of the graph gets extra outputs — the operator's input and each block
// concatenated into it — so the values are bit-for-bit those the model itself sees. A column is
// credited to a feature only when its block depends on that feature's graph input alone (per
// feature inputs), or is a column-wise transform of the [N,F] matrix input; anything else is a
// preprocessing we cannot map, and the plan is null.

import * as ort from "onnxruntime-node";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { buildFeeds } from "@/lib/inference/model-io/build-feeds";
import { scoresToProbabilities } from "@/lib/inference/model-io/read-scores";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { encodeNode, encodeValueInfo } from "@/lib/onnx/onnx-proto";
import { joinFields } from "@/lib/onnx/protobuf-reader";
import { ProtoWriter } from "@/lib/onnx/protobuf-writer";
import type { GraphNode, OnnxGraph } from "./onnx-graph";

const MODEL_GRAPH = 7;
const GRAPH = { node: 1, output: 12 } as const;
const DESIGN = "tidemark_explain_design";
const BLOCK = "tidemark_explain_block_";
/** Ops that keep each column of a matrix input a function of that column alone. */
const COLUMN_WISE = new Set(["Cast", "Identity", "Scaler", "Imputer"]);

export type DesignRun = {
  /** Row-major rows × width, float32 as the operator reads it. */
  x: Float32Array;
  width: number;
  /** The manifest feature (internal name) each column comes from. */
  columnFeature: string[];
  /** The served output per row: probabilities (rows × classes) or values (rows × 1). */
  served: Float64Array;
};

export interface DesignProbe {
  run(columns: FeatureColumns, rows: number): Promise<DesignRun>;
  release(): Promise<void>;
}

type Block = { tensor: string; feature: string } | { tensor: string; matrix: readonly string[] };

/** Plans the probe for the operator's first input; null when its columns cannot be mapped to features. */
export async function createDesignProbe(graph: OnnxGraph, operator: GraphNode, manifest: Manifest): Promise<DesignProbe | null> {
  const blocks = planBlocks(graph, operator.inputs[0], manifest);
  if (!blocks) return null;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(withProbeOutputs(graph, operator.inputs[0], blocks), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
  } catch {
    return null;
  }
  const servedName = manifest.io?.output.name ?? (manifest.task === "regression" ? "value" : "probabilities");
  const fetches = [DESIGN, ...blocks.map((_, i) => `${BLOCK}${i}`), servedName];
  return {
    async run(columns, rows) {
      const result = await session.run(feedsFor(manifest, columns, rows), fetches);
      const design = result[DESIGN];
      const width = Number(design.dims[1] ?? 1);
      const columnFeature: string[] = [];
      blocks.forEach((b, i) => {
        const blockWidth = Number(result[`${BLOCK}${i}`].dims[1] ?? 1);
        if ("feature" in b) for (let c = 0; c < blockWidth; c++) columnFeature.push(b.feature);
        else if (blockWidth === b.matrix.length) columnFeature.push(...b.matrix);
        else throw new Error(`the matrix block has ${blockWidth} columns for ${b.matrix.length} features`);
      });
      if (columnFeature.length !== width) throw new Error(`${columnFeature.length} mapped columns for a ${width}-column design`);
      return { x: design.data as Float32Array, width, columnFeature, served: served(manifest, result[servedName].data, rows) };
    },
    release: () => session.release(),
  };
}

function feedsFor(manifest: Manifest, columns: FeatureColumns, rows: number): Record<string, ort.Tensor> {
  if (manifest.io) return buildFeeds(manifest.io.inputs, columns, rows);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, column] of columns)
    feeds[name] =
      column instanceof Float32Array ? new ort.Tensor("float32", column, [rows, 1]) : new ort.Tensor("string", column, [rows, 1]);
  return feeds;
}

function served(manifest: Manifest, data: ort.Tensor["data"], rows: number): Float64Array {
  const values = data as Float32Array | Float64Array;
  if (manifest.task === "regression") return Float64Array.from(values);
  const classes = manifest.outputs.classes!.length;
  if (!manifest.io) return Float64Array.from(values);
  return scoresToProbabilities(values, rows, classes, manifest.io.output.kind, manifest.io.output.name);
}

function planBlocks(graph: OnnxGraph, input: string, manifest: Manifest): Block[] | null {
  const producer = new Map<string, GraphNode>();
  for (const n of graph.nodes) for (const o of n.outputs) producer.set(o, n);
  const featureOfInput = new Map<string, string>();
  const io = manifest.io;
  if (!io) for (const f of manifest.features) featureOfInput.set(f.name, f.name);
  else if (io.inputs.layout === "per_feature") for (const b of io.inputs.bindings) featureOfInput.set(b.input, b.feature);

  const blocksOf = (tensor: string, depth: number): Block[] | null => {
    const sources = graphInputsOf(tensor, producer, graph);
    if (sources === null || sources.size === 0) return null;
    if (sources.size === 1) {
      const [source] = sources;
      const feature = featureOfInput.get(source);
      if (feature !== undefined) return [{ tensor, feature }];
      if (io?.inputs.layout === "matrix" && source === io.inputs.input && columnWiseFrom(tensor, source, producer))
        return [{ tensor, matrix: io.inputs.features }];
      return null;
    }
    // Several inputs: only a column-wise transform of a Concat along columns keeps them apart.
    let t = tensor;
    while (COLUMN_WISE.has(producer.get(t)?.opType ?? "")) t = producer.get(t)!.inputs[0];
    const concat = producer.get(t);
    const axis = concat?.attributes.get("axis");
    if (concat?.opType !== "Concat" || (axis !== 1 && axis !== -1) || depth > 8) return null;
    const parts = concat.inputs.map((part) => blocksOf(part, depth + 1));
    return parts.some((p) => p === null) ? null : parts.flatMap((p) => p!);
  };
  return blocksOf(input, 0);
}

/** The graph inputs a tensor depends on (initializers and constants aside); null for a cycle or unknown tensor. */
function graphInputsOf(tensor: string, producer: Map<string, GraphNode>, graph: OnnxGraph): Set<string> | null {
  const found = new Set<string>();
  const seen = new Set<string>();
  const inputs = new Set(graph.inputs);
  const stack = [tensor];
  while (stack.length) {
    const t = stack.pop()!;
    if (t === "" || seen.has(t)) continue;
    seen.add(t);
    if (inputs.has(t)) found.add(t);
    else if (producer.has(t)) stack.push(...producer.get(t)!.inputs);
    else if (!graph.initializers.has(t)) return null;
    if (seen.size > 100_000) return null;
  }
  return found;
}

function columnWiseFrom(tensor: string, source: string, producer: Map<string, GraphNode>): boolean {
  let t = tensor;
  for (let steps = 0; steps < 64; steps++) {
    if (t === source) return true;
    const node = producer.get(t);
    if (!node || !COLUMN_WISE.has(node.opType)) return false;
    t = node.inputs[0];
  }
  return false;
}

/** The model with Identity copies of the operator's input and of each block as extra float outputs. */
function withProbeOutputs(graph: OnnxGraph, input: string, blocks: readonly Block[]): Uint8Array {
  const extra = [{ from: input, to: DESIGN }, ...blocks.map((b, i) => ({ from: b.tensor, to: `${BLOCK}${i}` }))];
  const added: Uint8Array[] = [];
  for (const { from, to } of extra) {
    added.push(new ProtoWriter().message(GRAPH.node, encodeNode({ opType: "Identity", inputs: [from], outputs: [to] })).finish());
    added.push(
      new ProtoWriter()
        .message(GRAPH.output, encodeValueInfo({ name: to, elemType: "float", shape: ["N", `${to}_width`] }))
        .finish(),
    );
  }
  const newGraph = joinFields([...graph.graphFields.map((f) => f.raw), ...added]);
  const graphField = graph.modelFields.find((f) => f.field === MODEL_GRAPH);
  return joinFields(
    graph.modelFields.map((f) => (f === graphField ? new ProtoWriter().message(MODEL_GRAPH, newGraph).finish() : f.raw)),
  );
}
