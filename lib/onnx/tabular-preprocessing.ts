// In-graph preprocessing for Tidemark's serving contract: every feature arrives as its own [N, 1]
// graph input and leaves as one or more float32 columns, so the served model needs no sidecar
// transformer and training/serving skew is impossible by construction.

import { ML_DOMAIN, type GraphBuilder } from "./graph-builder";
import { attr } from "./onnx-proto";

export interface NumericFeature {
  name: string;
  type: "numeric";
  /** Replaces NaN (the contract's missing value) before standardising. */
  impute: number;
  mean: number;
  scale: number;
}

export interface BooleanFeature {
  name: string;
  type: "boolean";
  /** Replaces NaN; booleans arrive as float32 0/1. */
  impute: number;
  /** Booleans are only imputed by default; a trainer that also standardised them passes these. */
  mean?: number;
  scale?: number;
}

export interface CategoricalFeature {
  name: string;
  type: "categorical";
  /** One output column per entry, in this order. "" is reserved for "missing". */
  vocabulary: readonly string[];
}

export type FeatureSpec = NumericFeature | BooleanFeature | CategoricalFeature;

/** Number of float columns a feature contributes to the design matrix. */
export function featureWidth(f: FeatureSpec): number {
  return f.type === "categorical" ? f.vocabulary.length : 1;
}

export function validateFeature(f: FeatureSpec): void {
  const where = `feature "${f.name}"`;
  if (f.type === "categorical") {
    if (f.vocabulary.length === 0) throw new Error(`${where}: vocabulary is empty`);
    if (f.vocabulary.includes("")) throw new Error(`${where}: "" is the missing marker and cannot be a category`);
    if (new Set(f.vocabulary).size !== f.vocabulary.length) throw new Error(`${where}: vocabulary has duplicates`);
    return;
  }
  const mean = f.mean ?? 0;
  const scale = f.scale ?? 1;
  // A NaN impute would re-introduce the missing value; a zero scale would produce Inf for every row.
  for (const [key, v] of [
    ["impute", f.impute],
    ["mean", mean],
    ["scale", scale],
  ] as const) {
    if (!Number.isFinite(v)) throw new Error(`${where}: ${key} must be finite, got ${v}`);
  }
  if (scale === 0) throw new Error(`${where}: scale must be non-zero (use 1 for constant columns)`);
}

export interface AddFeatureOptions {
  /**
   * "impute" (default) replaces NaN with the feature's impute value; "keep" passes NaN through to
   * the model, for tree ensembles that learned where missing values go (imputing first would send
   * them down the imputed value's branch instead).
   */
  missing?: "impute" | "keep";
  /** Apply mean/scale (default true). Trees compare raw float32 values and need no scaling. */
  standardize?: boolean;
}

/** Declares the feature's graph input and returns the name of its float32 [N, width] output. */
export function addFeature(g: GraphBuilder, f: FeatureSpec, options: AddFeatureOptions = {}): string {
  if (f.type === "categorical") {
    g.input(f.name, "string", ["N", 1]);
    return oneHot(g, f.name, f.vocabulary);
  }
  g.input(f.name, "float", ["N", 1]);
  const imputed = options.missing === "keep" ? f.name : g.node("Where", [g.node("IsNaN", [f.name]), scalar(g, f.impute), f.name]);
  // Skipping identity steps keeps the graph small without changing a single output bit.
  const standardize = options.standardize ?? true;
  const mean = standardize ? (f.mean ?? 0) : 0;
  const scale = standardize ? (f.scale ?? 1) : 1;
  const centred = mean === 0 ? imputed : g.node("Sub", [imputed, scalar(g, mean)]);
  return scale === 1 ? centred : g.node("Div", [centred, scalar(g, scale)]);
}

/**
 * string [N, 1] -> float32 [N, V]; unknown and "" rows are all zeros.
 * Equal on strings needs opset 19 and OneHot wraps negative indices (so a -1 "unknown" would light
 * up the last category); mapping to an index with ai.onnx.ml LabelEncoder and comparing int64s
 * against 0..V-1 works on opset 17 and makes the unknown case (-1) match no column.
 */
function oneHot(g: GraphBuilder, input: string, vocabulary: readonly string[]): string {
  const index = g.node("LabelEncoder", [input], {
    domain: ML_DOMAIN,
    attrs: {
      keys_strings: attr.strings(vocabulary),
      values_int64s: attr.ints(vocabulary.map((_, i) => i)),
      default_int64: attr.int(-1),
    },
  });
  const positions = g.constant(
    BigInt64Array.from(vocabulary, (_, i) => BigInt(i)),
    [1, vocabulary.length],
    "vocab_index",
  );
  return g.node("Cast", [g.node("Equal", [index, positions])], { attrs: { to: attr.int(1) } });
}

function scalar(g: GraphBuilder, value: number): string {
  return g.constant(new Float32Array([value]), [1]);
}
