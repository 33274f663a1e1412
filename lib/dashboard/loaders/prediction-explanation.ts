import "server-only";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { getConfig } from "@/lib/config/load-config";
import { validateRecords } from "@/lib/inference/validate-records";
import type { PresentedExplanation, PresentedOutput } from "@/lib/explain/present-explanation";
import { explainPredictions } from "@/lib/serving/explain-predictions";
import { resolveServingTarget } from "@/lib/serving/resolve-serving-target";

/** The most features the waterfall draws one by one; the rest are summed in one step. */
export const WATERFALL_FEATURES = 12;

export type PageExplanation =
  | { status: "shown"; explanation: PresentedExplanation; output: PresentedOutput }
  | { status: "unavailable"; reason: string };

/**
 * The logged record's attributions, computed now (on the reader's click) by the version that
 * served it, from the features as the log holds them. A version that cannot be explained (no
 * ONNX file, no reference profile) or a record its schema no longer takes says why instead.
 */
export async function explainLoggedPrediction(
  db: Database,
  prediction: { model: string; version: number; features: unknown; output: unknown },
  space: "probability" | "margin",
): Promise<PageExplanation> {
  try {
    const target = await resolveServingTarget(db, prediction.model, { version: prediction.version });
    const { columns, problems } = validateRecords(target.manifest.features, [prediction.features ?? {}]);
    if (problems.length) {
      const first = problems[0];
      return {
        status: "unavailable",
        reason: `The logged record does not fit the version's schema: ${first.field} ${first.message}`,
      };
    }
    const config = getConfig();
    const [explanation] = await explainPredictions(db, target, columns, 1, {
      space,
      top: WATERFALL_FEATURES,
      maxRecords: 1,
      samples: config.TIDEMARK_EXPLAIN_SAMPLES,
      backgroundRows: config.TIDEMARK_EXPLAIN_BACKGROUND_ROWS,
    });
    // Multiclass: the class the model chose; binary and regression explain a single output.
    const label = (prediction.output as { label?: unknown } | null)?.label;
    const output = explanation.outputs.find((o) => o.name === label) ?? explanation.outputs[0];
    return { status: "shown", explanation, output };
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return { status: "unavailable", reason: error.message };
    throw error;
  }
}
