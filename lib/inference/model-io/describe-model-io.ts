import type { Feature, ModelIo, Task } from "@/lib/core/manifest/manifest-schema";
import { describeInputs } from "./describe-inputs";
import { describeOutputs } from "./describe-outputs";
import type { SessionMetadata } from "./value-metadata";

export type DescribeModelIoOptions = {
  features: readonly Feature[];
  task: Task;
  classes?: readonly string[];
  /** From prepareOnnxModel: the class order skl2onnx's ZipMap declared. */
  zipMapClasses?: readonly string[];
};

/**
 * Infers how an exporter's ONNX file is fed and read from the session's declared inputs and outputs
 * and the manifest's features. `io` is set when a binding was found (even with problems); the output
 * kind is `probabilities` or `value` until detectOutputKind has looked at real scores.
 */
export function describeModelIo(session: SessionMetadata, options: DescribeModelIoOptions): { io?: ModelIo; problems: string[] } {
  const inputs = describeInputs(session.inputMetadata, options.features);
  const output = describeOutputs(session.outputMetadata, options);
  const problems = [...inputs.problems, ...output.problems];
  return inputs.inputs && output.output ? { io: { inputs: inputs.inputs, output: output.output }, problems } : { problems };
}
