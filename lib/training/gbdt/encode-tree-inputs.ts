// The in-process twin of the tree model's ONNX preprocessing (build-tree-model with
// addFeature({ missing: "keep", standardize: false })): numeric and boolean values as float32 with
// NaN for missing, categoricals one-hot over the vocabulary with unknown and missing as all zeros.
// Training on this matrix is what makes the exported graph and the in-process model agree.

import { treeDesignColumns } from "@/lib/onnx/build-tree-model";
import type { FeatureSpec } from "@/lib/onnx/tabular-preprocessing";
import type { FeatureImportance } from "./gbdt-model";

export { treeDesignColumns };

export type RawValue = number | string | boolean | null | undefined;
export type RawRecord = Readonly<Record<string, RawValue>>;

/**
 * Row-major n × D float32 design matrix for records shaped like predict-API inputs: numbers (or
 * booleans) for numeric and boolean features, strings for categoricals; null, undefined and NaN
 * (or "" for a categorical) are missing. Any other type is refused rather than silently missing.
 */
export function encodeTreeInputs(features: readonly FeatureSpec[], records: readonly RawRecord[]): Float32Array {
  const width = treeDesignColumns(features).length;
  const out = new Float32Array(records.length * width);
  const indexes = features.map((f) => (f.type === "categorical" ? new Map(f.vocabulary.map((c, i) => [c, i])) : null));
  records.forEach((record, r) => {
    let column = r * width;
    features.forEach((f, j) => {
      const v = record[f.name];
      if (f.type === "categorical") {
        if (v !== null && v !== undefined && typeof v !== "string")
          throw new Error(`record ${r}, feature "${f.name}": expected a string category, got ${typeof v}`);
        const index = typeof v === "string" ? indexes[j]!.get(v) : undefined;
        if (index !== undefined) out[column + index] = 1;
        column += f.vocabulary.length;
        return;
      }
      if (typeof v === "string") throw new Error(`record ${r}, feature "${f.name}": expected a number, got a string`);
      out[column++] = toNumber(v);
    });
  });
  return out;
}

/** A column as the training pipeline holds it: numbers (NaN = missing), or category codes (−1 = missing). */
export type TreeInputColumn = { values: ArrayLike<number> } | { codes: ArrayLike<number>; categories: readonly string[] };

export interface EncodeTreeColumnsOptions {
  features: readonly FeatureSpec[];
  /** One column per feature, in the same order. */
  columns: readonly TreeInputColumn[];
  /** Row indices to encode (e.g. one split); all rows when absent. */
  rows?: ArrayLike<number>;
}

/** Columnar twin of encodeTreeInputs, for tables already parsed into typed columns; same output. */
export function encodeTreeColumns(o: EncodeTreeColumnsOptions): Float32Array {
  if (o.columns.length !== o.features.length) throw new Error(`${o.columns.length} columns for ${o.features.length} features`);
  const width = treeDesignColumns(o.features).length;
  const first = o.columns[0];
  const numRows = o.rows?.length ?? ("values" in first ? first.values.length : first.codes.length);
  const rowAt = (i: number) => (o.rows ? o.rows[i] : i);
  const out = new Float32Array(numRows * width);
  let offset = 0;
  o.features.forEach((f, j) => {
    const column = o.columns[j];
    if (f.type === "categorical") {
      if (!("codes" in column)) throw new Error(`feature "${f.name}" is categorical but its column holds numbers`);
      const position = new Map(f.vocabulary.map((c, i) => [c, i]));
      // Translate the column's codes to one-hot positions once, not per row.
      const slot = Int32Array.from(column.categories, (c) => position.get(c) ?? -1);
      for (let i = 0; i < numRows; i++) {
        const code = column.codes[rowAt(i)];
        const p = code >= 0 ? slot[code] : -1;
        if (p >= 0) out[i * width + offset + p] = 1;
      }
      offset += f.vocabulary.length;
      return;
    }
    if (!("values" in column)) throw new Error(`feature "${f.name}" is ${f.type} but its column holds category codes`);
    for (let i = 0; i < numRows; i++) out[i * width + offset] = column.values[rowAt(i)];
    offset += 1;
  });
  return out;
}

function toNumber(v: RawValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return NaN;
}

export interface InputFeatureImportance {
  feature: string;
  gain: number;
  share: number;
}

/** Sums design-column importance back to input features (a categorical's one-hot columns count as one feature). */
export function importanceByInputFeature(
  features: readonly FeatureSpec[],
  columns: readonly FeatureImportance[],
): InputFeatureImportance[] {
  const names = treeDesignColumns(features);
  if (names.length !== columns.length)
    throw new Error(`importance has ${columns.length} columns, the features describe ${names.length}`);
  let c = 0;
  return features.map((f) => {
    let gain = 0;
    let share = 0;
    const width = f.type === "categorical" ? f.vocabulary.length : 1;
    for (let i = 0; i < width; i++, c++) {
      gain += columns[c].gain;
      share += columns[c].share;
    }
    return { feature: f.name, gain, share };
  });
}
