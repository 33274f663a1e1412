import type * as ort from "onnxruntime-node";
import type { ModelIo, OutputKind } from "@/lib/core/manifest/manifest-schema";
import { ModelRuntimeError } from "../prediction-output";
import type { FeatureColumns } from "../validate-records";
import { runOutput } from "./run-with-io";

const SUM_TOLERANCE = 1e-3;

export type DetectOutputKindOptions = { classes?: readonly string[]; rows: number; columns: FeatureColumns };

/**
 * Runs the model on sample rows and reads the scores: probabilities lie in [0, 1] and, with two or
 * more columns, sum to 1 per row (within 1e-3); anything else is logits. A regression output is a
 * value. Also reports a score width that fits neither the classes nor a single binary column.
 */
export async function detectOutputKind(
  session: ort.InferenceSession,
  io: ModelIo,
  sample: DetectOutputKindOptions,
): Promise<{ kind: OutputKind; problems: string[] }> {
  if (io.output.kind === "value") return { kind: "value", problems: [] };
  let data: ArrayLike<number>;
  try {
    data = await runOutput(session, io, sample.columns, sample.rows);
  } catch (error) {
    const cause = error instanceof ModelRuntimeError && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { kind: io.output.kind, problems: [`the model failed on sample rows${cause}`.slice(0, 500)] };
  }
  const width = data.length / sample.rows;
  const k = sample.classes?.length;
  if (!Number.isInteger(width) || (k !== undefined && width !== k && !(k === 2 && width === 1))) {
    return {
      kind: io.output.kind,
      problems: [
        `output "${io.output.name}" returned ${width} columns per row but the manifest lists ${k} classes ` +
          `(${sample.classes?.join(", ")}); list the model's classes, in its column order`,
      ],
    };
  }
  return { kind: looksLikeProbabilities(data, sample.rows, width) ? "probabilities" : "logits", problems: [] };
}

export function looksLikeProbabilities(data: ArrayLike<number>, rows: number, width: number): boolean {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < width; c++) {
      const v = data[r * width + c];
      if (!(v >= 0 && v <= 1)) return false;
      sum += v;
    }
    if (width >= 2 && Math.abs(sum - 1) > SUM_TOLERANCE) return false;
  }
  return true;
}
