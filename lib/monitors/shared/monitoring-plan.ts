import type { ColumnProfile } from "@/lib/profiles/column-profile";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { evenEdges, numericGrid, type NumericGrid } from "@/lib/monitors/shared/numeric-grid";

/**
 * What monitoring watches for one model version, derived from its manifest: every input feature and
 * the model's outputs (predicted class and score, or regression value), each with its column type,
 * its fixed bin grid, the training reference profile when the manifest has one, and what the
 * manifest declares about it (range, categories, importance).
 */

export type ColumnKind = "feature" | "output";
export type OutputName = "class" | "score" | "value";

type ColumnBase = {
  kind: ColumnKind;
  name: string;
  /** Training profile from the manifest, if any. */
  reference?: ColumnProfile;
  importance: number;
};

export type NumericPlanColumn = ColumnBase & {
  type: "numeric";
  grid: NumericGrid;
  range?: { min?: number; max?: number };
};

export type CategoricalPlanColumn = ColumnBase & {
  type: "categorical";
  /** Declared categories (features), or the classes (predicted class); undefined = any value. */
  categories?: readonly string[];
  /** Booleans are watched as the categories "true" / "false". */
  boolean: boolean;
};

export type PlanColumn = NumericPlanColumn | CategoricalPlanColumn;

export type MonitoringPlan = {
  features: PlanColumn[];
  outputs: PlanColumn[];
  segmentColumns: string[];
  /** Output values read from a logged output document. */
  readOutput(output: unknown, name: OutputName): unknown;
};

function gridFor(reference: ColumnProfile | undefined, fallbackEdges?: number[]): NumericGrid {
  if (reference?.kind === "numeric" && reference.count > 0) return numericGrid({ kind: "edges", edges: reference.binEdges });
  if (fallbackEdges) return numericGrid({ kind: "edges", edges: fallbackEdges });
  return numericGrid({ kind: "log" });
}

type OutputDoc = { label?: unknown; probabilities?: Record<string, unknown>; value?: unknown };

export function buildMonitoringPlan(manifest: Manifest): MonitoringPlan {
  const profile = manifest.referenceProfile;
  const importance = manifest.featureImportance;
  const features: PlanColumn[] = manifest.features.map((f) => {
    const reference = profile?.features[f.name];
    const base = { kind: "feature" as const, name: f.name, reference, importance: importance ? (importance[f.name] ?? 0) : 1 };
    if (f.type === "numeric") return { ...base, type: "numeric", grid: gridFor(reference), range: f.range };
    if (f.type === "boolean") return { ...base, type: "categorical", categories: ["false", "true"], boolean: true };
    return { ...base, type: "categorical", categories: f.categories, boolean: false };
  });

  const outputReference = (name: OutputName): ColumnProfile | undefined => {
    const named = profile?.outputs?.[name];
    if (named) return named;
    // The older single `prediction` profile: categorical means the class, numeric the score or value.
    const legacy = profile?.prediction;
    if (!legacy) return undefined;
    if (name === "class") return legacy.kind === "categorical" ? legacy : undefined;
    return legacy.kind === "numeric" ? legacy : undefined;
  };
  const output = (name: OutputName, type: "numeric" | "categorical"): PlanColumn => {
    const reference = outputReference(name);
    const base = { kind: "output" as const, name, reference, importance: 0 };
    if (type === "categorical") return { ...base, type, categories: manifest.outputs.classes, boolean: false };
    // Scores are probabilities: without a reference, 100 even bins over [0, 1] beat a log grid.
    return { ...base, type, grid: gridFor(reference, name === "score" ? evenEdges(0, 1, 100) : undefined) };
  };
  const outputs =
    manifest.task === "regression" ? [output("value", "numeric")] : [output("class", "categorical"), output("score", "numeric")];

  const classes = manifest.outputs.classes ?? [];
  const positive = classes[1];
  return {
    features,
    outputs,
    segmentColumns: manifest.segments ?? [],
    readOutput(raw, name) {
      const doc = (raw ?? {}) as OutputDoc;
      if (name === "value") return doc.value;
      if (name === "class") return doc.label;
      const probabilities = doc.probabilities ?? {};
      if (manifest.task === "binary") return probabilities[positive];
      // Multiclass: the probability the model gave its own answer.
      return typeof doc.label === "string" ? probabilities[doc.label] : undefined;
    },
  };
}
