// Learned preprocessing: imputation values, standardisation and category vocabularies, fitted on the
// training split only (statistics from validation or test rows would leak them into the model).
// The same numbers go into the ONNX graph, so training and serving apply identical transforms.

import type { FeatureSpec } from "@/lib/onnx/build-tabular-model";
import type { Column, Table } from "../table";

/** Categories seen fewer times than this in train are not worth a column; they encode as unknown. */
export const MIN_CATEGORY_COUNT = 1;
/** Vocabulary cap per categorical feature: the most frequent categories in train. */
export const MAX_VOCABULARY = 100;

export interface FittedFeature {
  /** Source column in the table. */
  column: string;
  spec: FeatureSpec;
}

export interface Preprocessor {
  features: FittedFeature[];
  width: number;
}

export function fitPreprocessor(
  _table: Table,
  columns: readonly Column[],
  names: ReadonlyMap<string, string>,
  trainRows: ArrayLike<number>,
): Preprocessor {
  const features: FittedFeature[] = [];
  for (const column of columns) {
    const name = names.get(column.name) ?? column.name;
    if (column.type === "categorical") {
      const counts = new Float64Array(column.categories.length);
      for (let i = 0; i < trainRows.length; i++) {
        const code = column.codes[trainRows[i]];
        if (code >= 0) counts[code]++;
      }
      const vocabulary = column.categories
        .map((category, code) => ({ category, count: counts[code] }))
        .filter((c) => c.count >= MIN_CATEGORY_COUNT && c.category !== "")
        .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1))
        .slice(0, MAX_VOCABULARY)
        .map((c) => c.category);
      if (vocabulary.length === 0) continue;
      features.push({ column: column.name, spec: { name, type: "categorical", vocabulary } });
      continue;
    }
    if (column.type === "datetime") continue;
    const present: number[] = [];
    for (let i = 0; i < trainRows.length; i++) {
      const v = column.values[trainRows[i]];
      if (!Number.isNaN(v)) present.push(v);
    }
    if (present.length === 0) continue;
    if (column.type === "boolean") {
      const ones = present.reduce((a, b) => a + b, 0);
      features.push({ column: column.name, spec: { name, type: "boolean", impute: ones * 2 >= present.length ? 1 : 0 } });
      continue;
    }
    // The median resists the outliers that make a mean a poor stand-in for a missing value.
    const impute = median(present);
    const n = trainRows.length;
    let mean = 0;
    for (const v of present) mean += v;
    mean = (mean + impute * (n - present.length)) / n;
    let m2 = 0;
    for (const v of present) m2 += (v - mean) ** 2;
    m2 += (impute - mean) ** 2 * (n - present.length);
    const std = Math.sqrt(m2 / n);
    features.push({ column: column.name, spec: { name, type: "numeric", impute, mean, scale: std > 1e-12 ? std : 1 } });
  }
  return { features, width: features.reduce((w, f) => w + (f.spec.type === "categorical" ? f.spec.vocabulary.length : 1), 0) };
}

/**
 * The float32 design matrix (rows × width, row-major) exactly as the ONNX graph computes it: cells
 * are rounded to float32 first, as they are when they arrive at the graph's float inputs.
 */
export function transform(table: Table, preprocessor: Preprocessor, rows: ArrayLike<number>): Float32Array {
  const width = preprocessor.width;
  const out = new Float32Array(rows.length * width);
  let offset = 0;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const feature of preprocessor.features) {
    const column = byName.get(feature.column)!;
    const spec = feature.spec;
    if (spec.type === "categorical" && column.type === "categorical") {
      const position = new Map(spec.vocabulary.map((c, k) => [c, k]));
      const codeToColumn = Int32Array.from(column.categories, (c) => position.get(c) ?? -1);
      for (let r = 0; r < rows.length; r++) {
        const code = column.codes[rows[r]];
        const k = code < 0 ? -1 : codeToColumn[code];
        if (k >= 0) out[r * width + offset + k] = 1;
      }
      offset += spec.vocabulary.length;
      continue;
    }
    if (spec.type === "categorical" || column.type === "categorical")
      throw new Error(`feature ${spec.name} does not match column ${column.name}`);
    const impute = Math.fround(spec.impute);
    const mean = Math.fround(spec.mean ?? 0);
    const scale = Math.fround(spec.scale ?? 1);
    for (let r = 0; r < rows.length; r++) {
      const raw = column.values[rows[r]];
      const v = Number.isNaN(raw) ? impute : Math.fround(raw);
      out[r * width + offset] = Math.fround(Math.fround(v - mean) / scale);
    }
    offset += 1;
  }
  return out;
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
