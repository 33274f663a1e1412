import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { IngestOutput } from "./ingest-schemas";

/** What the log stores for a classifier (label, probabilities when known) or a regressor. */
export type LoggedOutput = { label: string; probabilities?: Record<string, number> } | { value: number };

export type OutputProblem = { path: string; message: string };

/** Probabilities of one row may be off 1 by float rounding of the client's model, no more. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/**
 * Checks a model output sent from outside against the version's task, and puts it in the shape
 * Tidemark's own predictions are logged in, so every monitor reads the two alike. A classifier's
 * label, when absent, is derived from its probabilities as predict does: at the manifest's
 * threshold for binary models, by the largest probability otherwise.
 */
export function checkOutput(
  manifest: Manifest,
  output: IngestOutput,
): { output: LoggedOutput; problems?: never } | { problems: OutputProblem[] } {
  if (manifest.task === "regression") return checkRegression(output);
  const classes = manifest.outputs.classes ?? [];
  const problems: OutputProblem[] = [];
  if (output.value !== undefined)
    problems.push({
      path: "output.value",
      message: `is for regression; a ${manifest.task} classifier sends label and/or probabilities`,
    });
  const label = output.label === undefined ? undefined : String(output.label);
  if (label !== undefined && !classes.includes(label)) {
    problems.push({ path: "output.label", message: `"${label}" is not one of the model's classes (${classes.join(", ")})` });
  }
  let probabilities: Record<string, number> | undefined;
  if (output.probabilities !== undefined) {
    const checked = checkProbabilities(classes, output.probabilities);
    if (checked.problems) problems.push(...checked.problems);
    else probabilities = checked.probabilities;
  }
  if (output.label === undefined && output.probabilities === undefined) {
    problems.push({ path: "output", message: "give label (one of the classes), probabilities (one per class), or both" });
  }
  if (problems.length) return { problems };
  if (!probabilities) return { output: { label: label as string } };
  return { output: { label: label ?? decide(manifest, classes, probabilities), probabilities } };
}

function checkRegression(output: IngestOutput) {
  const problems: OutputProblem[] = [];
  if (output.label !== undefined || output.probabilities !== undefined) {
    problems.push({ path: "output", message: "model is a regression model: send value (a number), not label or probabilities" });
  }
  const { value } = output;
  if (value === undefined) problems.push({ path: "output.value", message: "is required for a regression model" });
  else if (!Number.isFinite(value)) problems.push({ path: "output.value", message: "must be a finite number" });
  return problems.length || value === undefined ? { problems } : { output: { value } };
}

function checkProbabilities(classes: string[], sent: Record<string, number>) {
  const problems: OutputProblem[] = [];
  const known = new Set(classes);
  for (const key of Object.keys(sent)) {
    if (!known.has(key))
      problems.push({
        path: `output.probabilities.${key}`,
        message: `is not one of the model's classes (${classes.join(", ")})`,
      });
  }
  let sum = 0;
  const probabilities: Record<string, number> = {};
  for (const c of classes) {
    const p = sent[c];
    if (p === undefined)
      problems.push({ path: `output.probabilities.${c}`, message: "is required: give a probability for every class" });
    else if (!Number.isFinite(p) || p < 0 || p > 1)
      problems.push({ path: `output.probabilities.${c}`, message: "must be a finite number in [0, 1]" });
    else {
      probabilities[c] = p;
      sum += p;
    }
  }
  if (!problems.length && Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    problems.push({ path: "output.probabilities", message: `must sum to 1 (within ${PROBABILITY_SUM_TOLERANCE}), got ${sum}` });
  }
  return problems.length ? { problems } : { probabilities, problems: undefined };
}

function decide(manifest: Manifest, classes: string[], probabilities: Record<string, number>): string {
  if (manifest.task === "binary")
    return probabilities[classes[1]] >= (manifest.outputs.threshold ?? 0.5) ? classes[1] : classes[0];
  return classes.reduce((best, c) => (probabilities[c] > probabilities[best] ? c : best), classes[0]);
}
