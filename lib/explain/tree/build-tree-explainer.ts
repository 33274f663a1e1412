// Exact TreeSHAP for a served tree-ensemble model: Tidemark's own GBDT export or a third-party
// TreeEnsembleRegressor/Classifier (skl2onnx, onnxmltools layouts). Attributions are exact in the
// margin (see tree-shap.ts for the background covers) and summed per manifest feature; probability
// space follows output-head.ts. Returns null — the caller then falls back to sampling — for any
// model it cannot reproduce exactly: several ensembles, an unknown output head, preprocessing it
// cannot map to features, or margins that do not reproduce the served output on the background.

import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { removeZipMap } from "@/lib/onnx/remove-zipmap";
import type { ExplainOptions, ExplanationBatch, Explainer } from "../types";
import { createDesignProbe, type DesignProbe } from "./design-probe";
import { readOnnxGraph } from "./onnx-graph";
import {
  assembleRecord,
  chooseHead,
  featureAttributions,
  mixScores,
  type OutputHead,
  probabilities,
  resolveSpace,
  servedGap,
} from "./output-head";
import { goesTrue, isTreeEnsemble, type ParsedEnsemble, parseEnsemble } from "./parse-ensemble";
import { coverFractions, expectedValue, TreeShap } from "./tree-shap";

export type { Background } from "../background";
import type { Background } from "../background";

export type BuildExplainerInput = {
  modelBytes: Uint8Array;
  manifest: Manifest;
  /** Rows the conditional expectations are taken over (e.g. drawn from the reference profile). */
  background: Background;
};

/** Largest gap tolerated between our margins (through the head) and the served output: float32 noise. */
export const SERVED_TOLERANCE = 1e-4;

export interface ExactExplainer extends Explainer {
  release(): Promise<void>;
}

export async function buildTreeExplainer(input: BuildExplainerInput): Promise<ExactExplainer | null> {
  const { manifest, background } = input;
  if (background.rows < 1) throw new Error("the background needs at least one row");
  const graph = readOnnxGraph(removeZipMap(input.modelBytes).bytes);
  const ensembles = graph.nodes.filter(isTreeEnsemble);
  if (ensembles.length !== 1) return null;
  const ensemble = parseEnsemble(ensembles[0]);
  if (!ensemble) return null;
  const head = chooseHead(manifest, ensemble.numTargets, ensemble.postTransform, ensemble.usesTargetsBeyondFirst);
  if (!head) return null;
  const probe = await createDesignProbe(graph, ensembles[0], manifest);
  if (!probe) return null;
  // A background the model cannot run (or any other surprise) means no exact explainer, not a failure.
  const explainer = await prepare(ensemble, head, probe, manifest, background).catch(() => null);
  if (!explainer) await probe.release();
  return explainer;
}

async function prepare(
  ensemble: ParsedEnsemble,
  head: OutputHead,
  probe: DesignProbe,
  manifest: Manifest,
  background: Background,
): Promise<ExactExplainer | null> {
  const bg = await probe.run(background.columns, background.rows);
  if (bg.width < ensemble.inputWidth) return null;
  const T = ensemble.numTargets;
  const fractions = ensemble.trees.map((t) => coverFractions(t, bg.x, background.rows, bg.width));
  const baseScores = Float64Array.from(ensemble.baseValues);
  ensemble.trees.forEach((t, k) => {
    expectedValue(t, fractions[k], T, baseScores);
  });
  const baseMargin = mixScores(head, baseScores);
  const bgMargins = Array.from({ length: background.rows }, (_, r) => mixScores(head, scoresOf(ensemble, bg.x, r * bg.width)));
  if (!(servedGap(head, bgMargins, bg.served) <= SERVED_TOLERANCE)) return null;
  const meanProbability = new Float64Array(head.outputs.length);
  for (const m of bgMargins)
    probabilities(head, m).forEach((p, o) => {
      meanProbability[o] += p / background.rows;
    });
  const shap = new TreeShap(Math.max(...ensemble.trees.map((t) => t.depth)));
  const features = manifest.features.map((f) => f.name);

  return {
    method: "tree-shap",
    async explain(columns: FeatureColumns, rows: number, options: ExplainOptions): Promise<ExplanationBatch> {
      const space = resolveSpace(manifest.task, options.space);
      if (rows === 0)
        return { method: "tree-shap", space, backgroundRows: background.rows, records: [], exact: space !== "probability" };
      const run = await probe.run(columns, rows);
      const records = [];
      for (let r = 0; r < rows; r++) {
        const phi = new Float64Array(run.width * T);
        const scores = Float64Array.from(ensemble.baseValues);
        ensemble.trees.forEach((tree, k) => {
          shap.explainTree(tree, fractions[k], run.x, r * run.width, T, phi, scores);
        });
        const values = featureAttributions(head, features, run.columnFeature, phi, T);
        records.push(assembleRecord({ head, space, baseMargin, meanProbability, margin: mixScores(head, scores), values }));
      }
      return { method: "tree-shap", space, backgroundRows: background.rows, records, exact: space !== "probability" };
    },
    release: () => probe.release(),
  };
}

/** The ensemble's raw scores for one row: base values plus every tree's leaf. */
export function scoresOf(ensemble: ParsedEnsemble, x: ArrayLike<number>, at: number): Float64Array {
  const T = ensemble.numTargets;
  const scores = Float64Array.from(ensemble.baseValues);
  for (const tree of ensemble.trees) {
    let i = 0;
    while (tree.feature[i] >= 0) i = goesTrue(tree, i, x[at + tree.feature[i]]) ? tree.trueChild[i] : tree.falseChild[i];
    for (const t of tree.targets) scores[t] += tree.value[i * T + t];
  }
  return scores;
}
