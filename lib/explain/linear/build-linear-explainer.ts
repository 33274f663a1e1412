// Exact attributions for linear and logistic models: with scores W·x + b over the design matrix
// the model reads, feature j's Shapley value is Σ over its columns c of W[c]·(x_c − mean_c), the
// means taken over the background. Because every column is a function of one raw feature (the
// one-hot and standardising steps in the graph included), this is the exact (interventional)
// Shapley value of the raw feature in the margin. Probability space as in tree/output-head.ts.
// Null for what is not one linear layer or cannot be mapped to features (the caller then samples).

import type { FeatureColumns } from "@/lib/inference/validate-records";
import { removeZipMap } from "@/lib/onnx/remove-zipmap";
import { type BuildExplainerInput, type ExactExplainer, SERVED_TOLERANCE } from "../tree/build-tree-explainer";
import { createDesignProbe, type DesignProbe } from "../tree/design-probe";
import { readOnnxGraph } from "../tree/onnx-graph";
import {
  assembleRecord,
  chooseHead,
  featureAttributions,
  mixScores,
  type OutputHead,
  probabilities,
  resolveSpace,
  servedGap,
} from "../tree/output-head";
import type { ExplainOptions, ExplanationBatch } from "../types";
import { type LinearLayer, parseLinearLayer } from "./parse-linear";

export async function buildLinearExplainer(input: BuildExplainerInput): Promise<ExactExplainer | null> {
  const { manifest, background } = input;
  if (background.rows < 1) throw new Error("the background needs at least one row");
  const graph = readOnnxGraph(removeZipMap(input.modelBytes).bytes);
  const layer = parseLinearLayer(graph);
  if (!layer) return null;
  const head = chooseHead(manifest, layer.targets, layer.postTransform, layer.targets > 1);
  if (!head) return null;
  const probe = await createDesignProbe(graph, layer.node, manifest);
  if (!probe) return null;
  // A background the model cannot run (or any other surprise) means no exact explainer, not a failure.
  const explainer = await prepare(layer, head, probe, input).catch(() => null);
  if (!explainer) await probe.release();
  return explainer;
}

function scores(layer: LinearLayer, x: ArrayLike<number>, at: number): Float64Array {
  const out = Float64Array.from(layer.bias);
  for (let t = 0; t < layer.targets; t++)
    for (let c = 0; c < layer.width; c++) out[t] += layer.weights[t * layer.width + c] * x[at + c];
  return out;
}

async function prepare(
  layer: LinearLayer,
  head: OutputHead,
  probe: DesignProbe,
  input: BuildExplainerInput,
): Promise<ExactExplainer | null> {
  const { manifest, background } = input;
  const bg = await probe.run(background.columns, background.rows);
  if (bg.width !== layer.width) return null;
  const mean = new Float64Array(bg.width);
  for (let r = 0; r < background.rows; r++)
    for (let c = 0; c < bg.width; c++) mean[c] += bg.x[r * bg.width + c] / background.rows;
  if (mean.some((m) => !Number.isFinite(m))) return null;
  const bgMargins = Array.from({ length: background.rows }, (_, r) => mixScores(head, scores(layer, bg.x, r * bg.width)));
  if (!(servedGap(head, bgMargins, bg.served) <= SERVED_TOLERANCE)) return null;
  const baseMargin = mixScores(head, scores(layer, mean, 0));
  const meanProbability = new Float64Array(head.outputs.length);
  for (const m of bgMargins)
    probabilities(head, m).forEach((p, o) => {
      meanProbability[o] += p / background.rows;
    });
  const features = manifest.features.map((f) => f.name);
  const T = layer.targets;

  return {
    method: "linear-exact",
    async explain(columns: FeatureColumns, rows: number, options: ExplainOptions): Promise<ExplanationBatch> {
      const space = resolveSpace(manifest.task, options.space);
      if (rows === 0)
        return { method: "linear-exact", space, backgroundRows: background.rows, records: [], exact: space !== "probability" };
      const run = await probe.run(columns, rows);
      const records = [];
      for (let r = 0; r < rows; r++) {
        const phi = new Float64Array(run.width * T);
        for (let c = 0; c < run.width; c++) {
          const centred = run.x[r * run.width + c] - mean[c];
          for (let t = 0; t < T; t++) phi[c * T + t] = layer.weights[t * layer.width + c] * centred;
        }
        const margin = mixScores(head, scores(layer, run.x, r * run.width));
        const values = featureAttributions(head, features, run.columnFeature, phi, T);
        records.push(assembleRecord({ head, space, baseMargin, meanProbability, margin, values }));
      }
      return { method: "linear-exact", space, backgroundRows: background.rows, records, exact: space !== "probability" };
    },
    release: () => probe.release(),
  };
}
