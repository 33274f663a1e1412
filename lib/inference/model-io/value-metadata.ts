import type { InferenceSession } from "onnxruntime-node";

export type ValueMetadata = InferenceSession.ValueMetadata;
/** What describeModelIo reads of a session: its declared inputs and outputs. */
export type SessionMetadata = {
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
};

export const shapeOf = (meta: ValueMetadata): readonly (number | string)[] => (meta.isTensor ? meta.shape : []);

export const showShape = (meta: ValueMetadata): string =>
  meta.isTensor
    ? `[${meta.shape.map((d) => (typeof d === "number" && d >= 0 ? d : typeof d === "string" && d ? d : "?")).join(", ")}]`
    : "(not a tensor)";

/** A fixed first axis (e.g. 1 from a PyTorch export without dynamic_axes) cannot take a batch. */
export const hasFixedBatch = (meta: ValueMetadata): boolean => {
  const first = shapeOf(meta)[0];
  return typeof first === "number" && first > 0;
};

/** The column count of a [batch, width] tensor when fixed, else undefined (symbolic or unknown). */
export const widthOf = (meta: ValueMetadata): number | undefined => {
  const second = shapeOf(meta)[1];
  return typeof second === "number" && second > 0 ? second : undefined;
};

export const describeValue = (meta: ValueMetadata): string =>
  `${meta.name} ${meta.isTensor ? `${meta.type} ${showShape(meta)}` : "(not a tensor)"}`;

export function fixedBatchProblem(meta: ValueMetadata): string {
  return (
    `input "${meta.name}" has a fixed batch size of ${shapeOf(meta)[0]} (shape ${showShape(meta)}); re-export it with a ` +
    `dynamic first axis: torch.onnx.export(..., dynamic_axes={"${meta.name}": {0: "batch"}}), or in skl2onnx ` +
    "FloatTensorType([None, …])"
  );
}
