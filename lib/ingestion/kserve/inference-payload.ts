import type { Feature, Manifest } from "@/lib/core/manifest/manifest-schema";
import type { IngestOutput } from "../ingest-schemas";

// The two payload shapes KServe model servers speak: the Open Inference Protocol (v2:
// {inputs:[{name, shape, datatype, data}]}, answered {outputs:[…]}) and the TensorFlow-style v1
// protocol ({instances:[…]}, answered {predictions:[…]}). See kserve/kserve
// docs/predict-api/v2/rest_predict_v2.yaml for the v2 schema.

export class PayloadError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

type Tensor = { name: string; shape: number[]; datatype?: string; data: unknown[] };

/** The feature records of a logged request, in the manifest's feature names. */
export function requestRecords(manifest: Manifest, body: unknown): Record<string, unknown>[] {
  const doc = asObject(body, "(body)");
  if (Array.isArray(doc.instances)) return doc.instances.map((row, i) => instanceRecord(manifest.features, row, i));
  if (!Array.isArray(doc.inputs))
    throw new PayloadError("(body)", "must be an inference request: {inputs: [...]} (v2) or {instances: [...]} (v1)");
  const tensors = doc.inputs.map((t, i) => tensor(t, `inputs.${i}`));
  const features = manifest.features;
  const byName = new Map(tensors.map((t) => [t.name, t]));
  if (features.every((f) => byName.has(f.name))) {
    // One input per feature, each [N] or [N, 1].
    const rows = rowCount(tensors);
    return Array.from({ length: rows }, (_, r) =>
      Object.fromEntries(features.map((f) => [f.name, featureValue(f, (byName.get(f.name) as Tensor).data[r])])),
    );
  }
  if (tensors.length === 1 && tensors[0].shape.length === 2 && tensors[0].shape[1] === features.length) {
    // One [N, F] tensor whose columns are the features in the manifest's order.
    const [t] = tensors;
    return Array.from({ length: t.shape[0] }, (_, r) =>
      Object.fromEntries(features.map((f, c) => [f.name, featureValue(f, t.data[r * features.length + c])])),
    );
  }
  throw new PayloadError(
    "inputs",
    `must be one [N, ${features.length}] tensor with the features in the manifest's order (${features.map((f) => f.name).join(", ")}), or one input named after each feature`,
  );
}

/** The model outputs of a logged response, one per request record. */
export function responseOutputs(manifest: Manifest, body: unknown): IngestOutput[] {
  const doc = asObject(body, "(body)");
  if (Array.isArray(doc.predictions)) return doc.predictions.map((p, i) => predictionOutput(manifest, p, `predictions.${i}`));
  if (!Array.isArray(doc.outputs))
    throw new PayloadError("(body)", "must be an inference response: {outputs: [...]} (v2) or {predictions: [...]} (v1)");
  const tensors = doc.outputs.map((t, i) => tensor(t, `outputs.${i}`));
  const rows = tensors[0] ? tensors[0].shape[0] : 0;
  if (manifest.task === "regression") {
    const values = tensors.find((t) => perRow(t) === 1);
    if (!values) throw new PayloadError("outputs", "must hold one value per row for a regression model");
    return Array.from({ length: rows }, (_, r) => ({ value: values.data[r] as number }));
  }
  const classes = manifest.outputs.classes ?? [];
  const scores = tensors.find((t) => t.shape.length === 2 && t.shape[1] === classes.length && isNumeric(t));
  const labels = tensors.find((t) => t !== scores && perRow(t) === 1);
  if (!scores && !labels) {
    throw new PayloadError("outputs", `must hold a [N, ${classes.length}] probability tensor or one label per row`);
  }
  return Array.from({ length: rows }, (_, r) => {
    const output: IngestOutput = {};
    if (scores)
      output.probabilities = Object.fromEntries(classes.map((c, k) => [c, scores.data[r * classes.length + k] as number]));
    if (labels) output.label = classLabel(classes, labels.data[r]);
    return output;
  });
}

function instanceRecord(features: readonly Feature[], row: unknown, i: number): Record<string, unknown> {
  if (Array.isArray(row)) {
    if (row.length !== features.length) {
      throw new PayloadError(
        `instances.${i}`,
        `has ${row.length} values; the model has ${features.length} features (${features.map((f) => f.name).join(", ")})`,
      );
    }
    return Object.fromEntries(features.map((f, c) => [f.name, featureValue(f, row[c])]));
  }
  // An object instance is taken as it is: unknown or missing names are reported per record.
  return asObject(row, `instances.${i}`);
}

function predictionOutput(manifest: Manifest, p: unknown, path: string): IngestOutput {
  if (manifest.task === "regression") return { value: (Array.isArray(p) ? p[0] : p) as number };
  const classes = manifest.outputs.classes ?? [];
  if (Array.isArray(p)) {
    if (p.length !== classes.length) throw new PayloadError(path, `has ${p.length} scores for ${classes.length} classes`);
    return { probabilities: Object.fromEntries(classes.map((c, k) => [c, p[k] as number])) };
  }
  if (p !== null && typeof p === "object") return p as IngestOutput;
  return { label: classLabel(classes, p) };
}

/** A label as the class name, or as its index when the server answers with indices (scikit-learn's predict on encoded targets). */
function classLabel(classes: string[], value: unknown): string {
  const text = String(value);
  if (classes.includes(text)) return text;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < classes.length) return classes[value];
  return text;
}

/** Booleans sent as 0/1 in a numeric tensor are booleans for a boolean feature. */
function featureValue(feature: Feature, value: unknown): unknown {
  if (feature.type === "boolean" && (value === 0 || value === 1)) return value === 1;
  return value;
}

function tensor(raw: unknown, path: string): Tensor {
  const t = asObject(raw, path);
  if (!Array.isArray(t.shape) || !t.shape.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
    throw new PayloadError(`${path}.shape`, "must be an array of whole numbers");
  }
  if (!Array.isArray(t.data)) throw new PayloadError(`${path}.data`, "must be an array");
  const data = (t.data as unknown[]).flat(Infinity);
  const shape = t.shape as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new PayloadError(`${path}.data`, `has ${data.length} values for shape [${shape.join(", ")}]`);
  return { name: String(t.name ?? ""), shape, datatype: typeof t.datatype === "string" ? t.datatype : undefined, data };
}

const perRow = (t: Tensor) => (t.shape.length === 1 ? 1 : t.shape.length === 2 ? t.shape[1] : -1);
const isNumeric = (t: Tensor) => t.data.every((v) => typeof v === "number");

function rowCount(tensors: Tensor[]): number {
  const rows = new Set(tensors.map((t) => t.shape[0]));
  if (rows.size !== 1 || tensors.some((t) => perRow(t) !== 1)) {
    throw new PayloadError("inputs", "must all be [N] or [N, 1] tensors of the same N when given one per feature");
  }
  return [...rows][0];
}

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new PayloadError(path, "must be a JSON object");
  return value as Record<string, unknown>;
}
