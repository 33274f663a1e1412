import type { Feature } from "@/lib/core/manifest/manifest-schema";
import { ApiError } from "@/lib/core/errors";
import { userFacingName } from "@/lib/inference/validate-records";
import { isNumericDatatype, type V2Datatype, type V2InputTensor } from "./infer-request-schema";

const DATATYPE_FOR: Record<Feature["type"], V2Datatype> = { numeric: "FP32", categorical: "BYTES", boolean: "BOOL" };
export const datatypeForFeature = (feature: Feature): V2Datatype => DATATYPE_FOR[feature.type];

/**
 * The rows of an inference request as predict's records, keyed by feature name. Two layouts, as
 * the model's features take them: one tensor per feature (shape [N] or [N,1], named like the
 * feature), or one [N,F] tensor holding the features in the manifest's order. The values are
 * checked afterwards by predict's own validation, so both APIs refuse the same inputs.
 */
export function tensorsToRecords(features: readonly Feature[], inputs: readonly V2InputTensor[]): Record<string, unknown>[] {
  const tensors = inputs.map((tensor, i) => ({ ...tensor, data: flatTensorData(tensor, i) }));
  const byName = new Map(features.flatMap((f) => [[f.name, f] as const, [userFacingName(f), f] as const]));
  if (tensors.length === 1 && tensors[0].shape.length === 2 && !(features.length === 1 && byName.has(tensors[0].name))) {
    return matrixRows(features, tensors[0]);
  }
  return perFeatureRows(features, byName, tensors);
}

function matrixRows(features: readonly Feature[], tensor: V2InputTensor): Record<string, unknown>[] {
  const [rows, width] = tensor.shape;
  if (width !== features.length) {
    throw badInput(`input "${tensor.name}" has shape [${rows},${width}]; the model takes ${features.length} features per row`);
  }
  return Array.from({ length: rows }, (_, r) => Object.fromEntries(features.map((f, j) => [f.name, tensor.data[r * width + j]])));
}

function perFeatureRows(
  features: readonly Feature[],
  byName: Map<string, Feature>,
  tensors: readonly V2InputTensor[],
): Record<string, unknown>[] {
  const rows = tensors[0].shape[0];
  const given = new Map<string, V2InputTensor>();
  for (const tensor of tensors) {
    const feature = byName.get(tensor.name);
    if (!feature)
      throw badInput(`input "${tensor.name}" names no feature; the model takes ${features.map(userFacingName).join(", ")}`);
    if (given.has(feature.name)) throw badInput(`input "${tensor.name}" is given twice`);
    if (tensor.shape[0] !== rows || tensor.shape.slice(1).some((size) => size !== 1)) {
      throw badInput(`input "${tensor.name}" has shape [${tensor.shape}]; every input must be [${rows}] or [${rows},1]`);
    }
    const fits =
      feature.type === "numeric" ? isNumericDatatype(tensor.datatype) : tensor.datatype === datatypeForFeature(feature);
    if (!fits) {
      throw badInput(
        `input "${tensor.name}" has datatype ${tensor.datatype}; feature "${userFacingName(feature)}" takes ${datatypeForFeature(feature)}`,
      );
    }
    given.set(feature.name, tensor);
  }
  const missing = features.filter((f) => !given.has(f.name) && !f.nullable);
  if (missing.length)
    throw badInput(`missing input${missing.length === 1 ? "" : "s"}: ${missing.map(userFacingName).join(", ")}`);
  return Array.from({ length: rows }, (_, r) => {
    const record: Record<string, unknown> = {};
    for (const [name, tensor] of given) record[name] = tensor.data[r];
    return record;
  });
}

/** The tensor's elements in row-major order, whether sent flat or nested; their count must fit the shape. */
function flatTensorData(tensor: V2InputTensor, index: number): unknown[] {
  const flat = (tensor.data as unknown[]).flat(tensor.shape.length);
  const expected = tensor.shape.reduce((product, size) => product * size, 1);
  if (flat.length !== expected) {
    throw badInput(`inputs[${index}] ("${tensor.name}") has ${flat.length} elements for shape [${tensor.shape}] (${expected})`);
  }
  return flat;
}

const badInput = (message: string) => new ApiError("bad_request", message);
