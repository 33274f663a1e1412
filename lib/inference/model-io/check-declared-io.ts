import type { ModelIo } from "@/lib/core/manifest/manifest-schema";
import { fixedBatchProblem, hasFixedBatch, type SessionMetadata, widthOf } from "./value-metadata";

/** Checks a binding the manifest declares against the graph: every name exists with its dtype. */
export function checkDeclaredIo(session: SessionMetadata, io: ModelIo): string[] {
  const problems: string[] = [];
  const inputs = new Map(session.inputMetadata.map((m) => [m.name, m]));
  const outputs = new Map(session.outputMetadata.map((m) => [m.name, m]));
  const bound =
    io.inputs.layout === "matrix"
      ? [{ input: io.inputs.input, dtype: io.inputs.dtype as string }]
      : io.inputs.bindings.map((b) => ({ input: b.input, dtype: b.dtype as string }));
  for (const { input, dtype } of bound) {
    const meta = inputs.get(input);
    if (!meta) {
      problems.push(
        `io binds the input "${input}" but the model has none by that name (inputs: ${[...inputs.keys()].join(", ")})`,
      );
    } else if (!meta.isTensor || meta.type !== dtype) {
      problems.push(
        `io declares input "${input}" as ${dtype} but the model's input is ${meta.isTensor ? meta.type : "not a tensor"}`,
      );
    } else if (hasFixedBatch(meta)) {
      problems.push(fixedBatchProblem(meta));
    }
  }
  const names = new Set(bound.map((b) => b.input));
  for (const name of inputs.keys()) {
    if (!names.has(name)) problems.push(`the model input "${name}" is not bound in io.inputs`);
  }
  if (io.inputs.layout === "matrix") {
    const meta = inputs.get(io.inputs.input);
    const width = meta && widthOf(meta);
    if (width !== undefined && width !== io.inputs.features.length) {
      problems.push(
        `input "${io.inputs.input}" takes ${width} columns but io.inputs.features lists ${io.inputs.features.length}`,
      );
    }
  }
  for (const name of [io.output.name, io.output.label]) {
    if (name === undefined) continue;
    const meta = outputs.get(name);
    if (!meta)
      problems.push(
        `io names the output "${name}" but the model has none by that name (outputs: ${[...outputs.keys()].join(", ")})`,
      );
    else if (!meta.isTensor) problems.push(`output "${name}" is not a tensor; Tidemark reads tensor outputs only`);
  }
  return problems;
}
