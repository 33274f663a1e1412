import type { ModelIo, Task } from "@/lib/core/manifest/manifest-schema";
import { describeValue, shapeOf, type ValueMetadata, widthOf } from "./value-metadata";

const FLOATS: readonly string[] = ["float32", "float64"];
const PREFERRED = ["probabilities", "output_probability", "probability", "probs", "value", "variable"];

export type OutputOptions = { task: Task; classes?: readonly string[]; zipMapClasses?: readonly string[] };

/**
 * Picks the output that scores each row: for regression a float [N] or [N,1]; for classifiers a
 * float [N,K] (or [N,1]/[N] for a binary single score), with an int64/string label output beside it
 * noted but not used. Its kind starts as probabilities; detectOutputKind tells logits apart by a run.
 */
export function describeOutputs(
  outputs: readonly ValueMetadata[],
  options: OutputOptions,
): { output?: ModelIo["output"]; problems: string[] } {
  const tensors = outputs.filter((m) => m.isTensor);
  const listed = outputs.map(describeValue).join("; ");
  const floats = rank(tensors.filter((m) => m.isTensor && FLOATS.includes(m.type)));
  if (options.task === "regression") {
    const value = floats.find((m) => shapeOf(m).length === 1 || (shapeOf(m).length === 2 && (widthOf(m) ?? 1) === 1));
    if (!value)
      return { problems: [`no output is a regression value, a float tensor [batch] or [batch, 1] (outputs: ${listed})`] };
    return { output: { name: value.name, kind: "value" }, problems: [] };
  }
  const k = options.classes?.length;
  const problems: string[] = [];
  const scores = floats.filter((m) => shapeOf(m).length === 2 || (options.task === "binary" && shapeOf(m).length === 1));
  const fits = (m: ValueMetadata) => {
    const width = shapeOf(m).length === 1 ? 1 : widthOf(m);
    return width === undefined || k === undefined || width === k || (options.task === "binary" && width === 1);
  };
  const chosen = scores.find(fits);
  if (!chosen) {
    if (scores.length && k !== undefined) {
      problems.push(
        `output "${scores[0].name}" has ${widthOf(scores[0])} columns but the manifest lists ${k} classes ` +
          `(${options.classes!.join(", ")}); list the model's classes, in its column order`,
      );
    } else {
      problems.push(`no output holds class scores, a float tensor [batch, classes] (outputs: ${listed})`);
    }
    return { problems };
  }
  const label = tensors.find(
    (m) => m !== chosen && m.isTensor && (m.type === "int64" || m.type === "string") && (widthOf(m) ?? 1) === 1,
  );
  problems.push(...zipMapProblems(options));
  return { output: { name: chosen.name, kind: "probabilities", ...(label ? { label: label.name } : {}) }, problems };
}

// Outputs named like scores first, so a model with several float outputs binds the obvious one.
function rank(metas: ValueMetadata[]): ValueMetadata[] {
  const score = (m: ValueMetadata) => {
    const i = PREFERRED.indexOf(m.name);
    return i < 0 ? PREFERRED.length : i;
  };
  return [...metas].sort((a, b) => score(a) - score(b));
}

/**
 * skl2onnx's ZipMap names the classes in column order. Labels that are the integers 0..K-1 are
 * positions, so other names fit them; otherwise they must be the manifest's classes in that order.
 */
function zipMapProblems({ classes, zipMapClasses }: OutputOptions): string[] {
  if (!classes || !zipMapClasses) return [];
  if (zipMapClasses.length !== classes.length) {
    return [
      `the model has ${zipMapClasses.length} classes (${zipMapClasses.join(", ")}) but the manifest lists ` +
        `${classes.length} (${classes.join(", ")})`,
    ];
  }
  if (zipMapClasses.every((c, i) => c === classes[i])) return [];
  // Names the same labels in another order: the user meant these labels, so the order must agree.
  const sameLabels = zipMapClasses.every((c) => classes.includes(c));
  if (!sameLabels && zipMapClasses.every((c, i) => c === String(i))) return [];
  return [
    `the model's classes are ${zipMapClasses.join(", ")} in this order (from its ZipMap) but the manifest lists ` +
      `${classes.join(", ")}; list them in the model's order`,
  ];
}
