import "server-only";
import type { InferenceSession } from "onnxruntime-node";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import type { Background } from "../background";
import { explainedOutputs, toSpace } from "../output-space";
import type { ExplainOptions, ExplanationBatch, Explainer, RecordExplanation } from "../types";
import { chooseCoalitions } from "./coalitions";
import { bootstrapSolvers, KernelSolver } from "./kernel-solver";
import { evaluateCoalitions } from "./evaluate-coalitions";
import { modelScores } from "./model-scores";

// Model-agnostic Shapley values by KernelSHAP (Lundberg & Lee 2017): the value of a coalition of
// features is the model's mean output, in the asked space, over the background rows with the
// coalition's features replaced by the record's; a weighted least squares under the Shapley kernel
// turns those values into attributions that add up to output − base exactly. Only the ONNX
// session is called, so any model Tidemark serves can be explained.

/** Coalitions per record when the caller does not say (2^9 − 2 = 510: up to 9 features are enumerated). */
export const DEFAULT_COALITIONS = 512;
const BOOTSTRAP_REPLICATES = 32;
const DEFAULT_SEED = 17;

export type KernelShapSettings = { session: InferenceSession; manifest: Manifest; background: Background };

export function kernelShapExplainer(settings: KernelShapSettings): Explainer {
  return { method: "kernel-shap", explain: (columns, rows, options) => explainBatch(settings, columns, rows, options) };
}

async function explainBatch(
  { session, manifest, background }: KernelShapSettings,
  columns: FeatureColumns,
  rows: number,
  options: ExplainOptions,
): Promise<ExplanationBatch> {
  const space = options.space;
  const seed = options.seed ?? DEFAULT_SEED;
  const outputs = explainedOutputs(manifest);
  const width = outputs.length;
  const names = manifest.features.map((f) => f.name);
  const coalitions = chooseCoalitions(names.length, options.samples ?? DEFAULT_COALITIONS, seed);
  const inSpace = async (c: FeatureColumns, n: number) =>
    toSpace(await modelScores(session, manifest, c, n), n, manifest.task, space);

  const backgroundOutputs = await inSpace(background.columns, background.rows);
  const base = new Float64Array(width);
  for (let b = 0; b < background.rows; b++)
    for (let o = 0; o < width; o++) base[o] += backgroundOutputs[b * width + o] / background.rows;
  const recordOutputs = await inSpace(columns, rows);
  // values[(r · count + l) · width + o]: v(coalition l) of record r for output o.
  const values = await evaluateCoalitions({ columns, rows, names, background, coalitions, width, evaluate: inSpace });

  const solver = new KernelSolver(coalitions);
  const replicates = bootstrapSolvers(coalitions, BOOTSTRAP_REPLICATES, seed);
  const records: RecordExplanation[] = [];
  for (let r = 0; r < rows; r++) {
    records.push(explainRecord({ r, names, outputs, base, recordOutputs, values, count: coalitions.count, solver, replicates }));
  }
  return {
    method: "kernel-shap",
    space,
    samples: coalitions.count * background.rows,
    coalitions: coalitions.count,
    exact: coalitions.exhaustive,
    backgroundRows: background.rows,
    records,
  };
}

type RecordInput = {
  r: number;
  names: string[];
  outputs: string[];
  base: Float64Array;
  recordOutputs: Float64Array;
  values: Float64Array;
  count: number;
  solver: KernelSolver;
  replicates: KernelSolver[];
};

function explainRecord({
  r,
  names,
  outputs,
  base,
  recordOutputs,
  values,
  count,
  solver,
  replicates,
}: RecordInput): RecordExplanation {
  const width = outputs.length;
  const attributions: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, new Array<number>(width)]));
  const standardErrors: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, new Array<number>(width).fill(0)]));
  const output = Array.from({ length: width }, (_, o) => recordOutputs[r * width + o]);
  let additivityError = 0;
  let samplingError = 0;
  for (let o = 0; o < width; o++) {
    const y = new Float64Array(count);
    for (let l = 0; l < count; l++) y[l] = values[(r * count + l) * width + o] - base[o];
    const delta = output[o] - base[o];
    const phi = solver.solve(y, delta);
    let total = base[o];
    names.forEach((name, i) => {
      attributions[name][o] = phi[i];
      total += phi[i];
    });
    additivityError = Math.max(additivityError, Math.abs(total - output[o]));
    if (replicates.length === 0) continue;
    // The bootstrap's standard deviation per feature: the spread a fresh sample of coalitions would show.
    const sums = new Float64Array(names.length);
    const squares = new Float64Array(names.length);
    for (const replicate of replicates) {
      const again = replicate.solve(y, delta);
      for (let i = 0; i < names.length; i++) {
        sums[i] += again[i];
        squares[i] += again[i] * again[i];
      }
    }
    const n = replicates.length;
    names.forEach((name, i) => {
      const variance = Math.max(0, (squares[i] - (sums[i] * sums[i]) / n) / (n - 1));
      standardErrors[name][o] = Math.sqrt(variance);
      samplingError = Math.max(samplingError, standardErrors[name][o]);
    });
  }
  return { outputs, base: Array.from(base), output, values: attributions, additivityError, standardErrors, samplingError };
}
