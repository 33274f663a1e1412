import type { Feature } from "@/lib/core/manifest/manifest-schema";
import { escapeUnstorable, unstorableTextProblem } from "@/lib/core/text/storable-text";

/** Longest categorical value accepted: a category is a label, and every one is stored in the log. */
export const MAX_CATEGORY_LENGTH = 1024;

/** Largest finite float32: the ONNX graph takes numeric features as float32, where beyond it is Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export type RecordProblem = { index: number; field: string; message: string };

export type FeatureColumns = Map<string, Float32Array | string[]>;

export type ValidatedBatch = {
  columns: FeatureColumns;
  /** Each record keyed by the features' internal names, as the log and monitoring read them. */
  records: Record<string, unknown>[];
  problems: RecordProblem[];
};

const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** The name a user knows a feature by: its column in the data when the manifest records one. */
export const userFacingName = (feature: Feature): string => feature.column ?? feature.name;

/**
 * Checks every record against the version's feature schema and lays the values out column by
 * column, as the ONNX graph takes them. Every problem is reported, not just the first, so a client
 * can fix a whole batch at once. A feature with a `column` (its name in the user's data) is read
 * from that key, or from its internal `name` (what older clients send); both at once is a problem,
 * since the two values could disagree. Problems name the feature by its column.
 */
export function validateRecords(features: readonly Feature[], records: readonly unknown[]): ValidatedBatch {
  const problems: RecordProblem[] = [];
  const known = new Set(features.flatMap((f) => (f.column === undefined ? [f.name] : [f.name, f.column])));
  const normalized: Record<string, unknown>[] = new Array(records.length);
  const columns: FeatureColumns = new Map(
    features.map((f) => [
      f.name,
      f.type === "categorical" ? new Array<string>(records.length) : new Float32Array(records.length),
    ]),
  );

  records.forEach((record, index) => {
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      problems.push({ index, field: "(record)", message: `must be an object of feature values, got ${describe(record)}` });
      return;
    }
    const values = record as Record<string, unknown>;
    const internal: Record<string, unknown> = {};
    normalized[index] = internal;
    for (const key of Object.keys(values)) {
      if (known.has(key)) continue;
      // The name is echoed in the answer: shown escaped, so the error itself stays storable.
      const problem = unstorableTextProblem(key);
      problems.push({
        index,
        field: escapeUnstorable(key),
        message: problem ? `unknown feature; the name ${problem}` : "unknown feature",
      });
    }
    for (const feature of features) {
      const field = userFacingName(feature);
      const byColumn = feature.column !== undefined && feature.column !== feature.name ? values[feature.column] : undefined;
      if (byColumn !== undefined && values[feature.name] !== undefined) {
        problems.push({
          index,
          field,
          message: `is given twice, as "${feature.column}" and as "${feature.name}"; send one of them`,
        });
        continue;
      }
      const value = byColumn !== undefined ? byColumn : values[feature.name];
      if (value !== undefined) internal[feature.name] = value;
      const column = columns.get(feature.name)!;
      if (value === undefined || value === null) {
        if (!feature.nullable) {
          problems.push({ index, field, message: value === undefined ? "is required" : "must not be null" });
        } else if (column instanceof Float32Array) {
          column[index] = NaN;
        } else {
          column[index] = "";
        }
        continue;
      }
      const problem = checkValue(feature, value);
      if (problem) {
        problems.push({ index, field, message: problem });
      } else if (column instanceof Float32Array) {
        column[index] = feature.type === "boolean" ? (value ? 1 : 0) : (value as number);
      } else {
        column[index] = value as string;
      }
    }
  });
  return { columns, records: normalized, problems };
}

function checkValue(feature: Feature, value: unknown): string | null {
  switch (feature.type) {
    case "numeric":
      if (typeof value !== "number") return `must be a number, got ${describe(value)}`;
      if (!Number.isFinite(value)) return "must be a finite number";
      // Math.fround rounds as the float32 tensor will: what becomes Infinity there is refused here.
      return Number.isFinite(Math.fround(value)) ? null : `must be within float32's range (±${FLOAT32_MAX.toPrecision(8)})`;
    case "boolean":
      return typeof value === "boolean" ? null : `must be true or false, got ${describe(value)}`;
    case "categorical": {
      if (typeof value !== "string") return `must be a string, got ${describe(value)}`;
      if (value.length > MAX_CATEGORY_LENGTH) return `must be at most ${MAX_CATEGORY_LENGTH} characters`;
      const textProblem = unstorableTextProblem(value);
      if (textProblem) return textProblem;
      if (feature.unseenCategory === "reject" && !feature.categories.includes(value)) {
        return `unseen category "${value}"; allowed: ${feature.categories.slice(0, 20).join(", ")}${feature.categories.length > 20 ? ", …" : ""}`;
      }
      return null;
    }
  }
}
