import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { userFacingName } from "@/lib/inference/validate-records";
import type { ExplanationBatch, RecordExplanation } from "./types";

// One record's explanation as the API answers it and the prediction page draws it: per output,
// the attributions sorted by |value| (the k largest when asked, with the sum of the rest so the
// reader can still check base + Σ = output), features named as the user's data names them.

export type PresentedAttribution = { feature: string; value: number; standardError?: number };

export type PresentedOutput = {
  name: string;
  base: number;
  output: number;
  attributions: PresentedAttribution[];
  /** The attributions left out by `top`: how many, and their sum. */
  omitted: { features: number; sum: number };
};

export type PresentedExplanation = {
  method: ExplanationBatch["method"];
  space: ExplanationBatch["space"];
  exact: boolean;
  samples?: number;
  coalitions?: number;
  backgroundRows?: number;
  additivityError: number;
  samplingError?: number;
  outputs: PresentedOutput[];
};

export function presentExplanation(
  manifest: Manifest,
  batch: ExplanationBatch,
  record: RecordExplanation,
  top?: number,
): PresentedExplanation {
  const names = manifest.features.map((f) => [f.name, userFacingName(f)] as const);
  return {
    method: batch.method,
    space: batch.space,
    exact: batch.exact ?? batch.method !== "kernel-shap",
    ...(batch.samples !== undefined ? { samples: batch.samples } : {}),
    ...(batch.coalitions !== undefined ? { coalitions: batch.coalitions } : {}),
    ...(batch.backgroundRows !== undefined ? { backgroundRows: batch.backgroundRows } : {}),
    additivityError: record.additivityError,
    ...(record.samplingError !== undefined ? { samplingError: record.samplingError } : {}),
    outputs: record.outputs.map((name, o) => {
      const all = names
        .map(([internal, shown]) => ({
          feature: shown,
          value: record.values[internal][o],
          ...(record.standardErrors ? { standardError: record.standardErrors[internal][o] } : {}),
        }))
        .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.feature < b.feature ? -1 : 1));
      const kept = top === undefined ? all : all.slice(0, top);
      const rest = all.slice(kept.length);
      return {
        name,
        base: record.base[o],
        output: record.output[o],
        attributions: kept,
        omitted: { features: rest.length, sum: rest.reduce((s, a) => s + a.value, 0) },
      };
    }),
  };
}
