// The manifest's features and their reference profiles, read off the reference rows: type, range,
// categories and nullability per column, in the file's order. Names that are not ONNX-safe get a
// safe `name` (as tidemark train makes them) and keep the user's spelling in `column`.

import { featureNamesFor } from "@/lib/training/data/feature-names";
import type { Column } from "@/lib/training/table";
import { profileCategorical, profileNumeric, type ColumnProfile } from "@/lib/profiles/column-profile";
import type { FeatureDraft } from "./manifest-draft";

export type InferredFeatures = {
  features: FeatureDraft[];
  profiles: Record<string, ColumnProfile>;
  /** Data column → manifest feature name. */
  names: Map<string, string>;
};

export function inferFeatures(columns: readonly Column[], rows: Int32Array): InferredFeatures {
  const names = featureNamesFor(columns.map((c) => c.name));
  const features: FeatureDraft[] = [];
  const profiles: Record<string, ColumnProfile> = {};
  for (const column of columns) {
    const name = names.get(column.name)!;
    const base = { name, ...(name === column.name ? {} : { column: column.name }) };
    if (column.type === "categorical") {
      const values = Array.from(rows, (r) => (column.codes[r] < 0 ? null : column.categories[column.codes[r]]));
      const profile = profileCategorical(values);
      profiles[name] = profile;
      features.push({
        ...base,
        type: "categorical",
        nullable: values.some((v) => v === null || v === ""),
        categories: categoriesByFrequency(values),
        // A model served elsewhere decides what an unseen value means; monitoring counts it as drift.
        unseenCategory: "map_to_unknown",
      });
      continue;
    }
    if (column.type === "datetime") continue;
    const values = Float64Array.from(rows, (r) => column.values[r]);
    const profile = profileNumeric(values);
    profiles[name] = profile;
    const nullable = profile.missing > 0;
    features.push(
      column.type === "boolean"
        ? { ...base, type: "boolean", nullable }
        : { ...base, type: "numeric", nullable, range: { min: profile.min, max: profile.max } },
    );
  }
  return { features, profiles, names };
}

/** Most frequent first (ties alphabetically): the order a reader scans a long list in. */
function categoriesByFrequency(values: readonly (string | null)[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== "") counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([v]) => v);
}
