import "server-only";
import type { InferenceSession } from "onnxruntime-node";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { type Background, DEFAULT_BACKGROUND_ROWS, getBackground } from "./background";
import { DEFAULT_COALITIONS, kernelShapExplainer } from "./sampling/kernel-shap";
import { buildTreeExplainer } from "./tree/build-tree-explainer";
import { buildLinearExplainer } from "./linear/build-linear-explainer";
import type { ExplainOptions, ExplanationBatch, Explainer } from "./types";

// The one entry point for "explain these records of this version": it picks the best explainer a
// version has — an exact one (TreeSHAP for tree ensembles, exact linear SHAP) when the model is
// one those understand, else KernelSHAP, which works for any ONNX model — and keeps it per version.

export type ExplainTarget = {
  versionId: string;
  manifest: Manifest;
  session: InferenceSession;
  /** The ONNX file, read only when an exact explainer needs to parse it. */
  modelBytes: () => Promise<Uint8Array>;
};

export type ExactExplainerInput = { modelBytes: Uint8Array; manifest: Manifest; background: Background };
/** Returns null when the model is not of the kind it explains exactly. */
export type ExactExplainerBuilder = (input: ExactExplainerInput) => Explainer | null | Promise<Explainer | null>;

// Exact explainers, tried in order before sampling: each returns null for a model it cannot
// explain exactly (or whose outputs it cannot reproduce on the background), never a wrong answer.
const EXACT_EXPLAINERS: ExactExplainerBuilder[] = [buildTreeExplainer, buildLinearExplainer];

const holder = globalThis as unknown as { __tidemarkExplainers?: Map<string, Promise<Explainer>> };
const cache = (holder.__tidemarkExplainers ??= new Map());

/** The version's explainer, built once per process (versions are immutable). */
export function getExplainer(target: ExplainTarget, backgroundRows = DEFAULT_BACKGROUND_ROWS): Promise<Explainer> {
  const key = `${target.versionId}\u0000${backgroundRows}`;
  let explainer = cache.get(key);
  if (!explainer) {
    explainer = chooseExplainer(target, backgroundRows, EXACT_EXPLAINERS);
    explainer.catch(() => cache.delete(key));
    cache.set(key, explainer);
  }
  return explainer;
}

export async function chooseExplainer(
  target: ExplainTarget,
  backgroundRows: number,
  exact: readonly ExactExplainerBuilder[],
): Promise<Explainer> {
  const background = getBackground(target.versionId, target.manifest, backgroundRows);
  const sampling = kernelShapExplainer({ session: target.session, manifest: target.manifest, background });
  if (exact.length > 0) {
    const modelBytes = await target.modelBytes();
    for (const build of exact) {
      const explainer = await build({ modelBytes, manifest: target.manifest, background });
      if (explainer) return preferExact(explainer, sampling, target.manifest.features.length);
    }
  }
  return sampling;
}

/**
 * The exact explainers are exact in the margin (and a regression's value); in probability they
 * rescale margin attributions, an approximation. With few features KernelSHAP evaluates every
 * coalition and is exact in probability too, so a probability request within that budget goes to
 * it; everything else to the exact explainer, far cheaper than sampling.
 */
export function preferExact(exact: Explainer, sampling: Explainer, features: number): Explainer {
  return {
    method: exact.method,
    explain(columns, rows, options) {
      const enumerable = features <= 30 && 2 ** features - 2 <= (options.samples ?? DEFAULT_COALITIONS);
      return (options.space === "probability" && enumerable ? sampling : exact).explain(columns, rows, options);
    },
  };
}

/** Explains already validated records (columns as `validateRecords` lays them out). */
export async function explainRecords(
  target: ExplainTarget,
  columns: FeatureColumns,
  rows: number,
  options: ExplainOptions & { backgroundRows?: number },
): Promise<ExplanationBatch> {
  const explainer = await getExplainer(target, options.backgroundRows);
  return explainer.explain(columns, rows, options);
}
