import type { Feature, Manifest, ModelIo } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "../validate-records";

type Profile = NonNullable<Manifest["referenceProfile"]>["features"][string];

/**
 * Sample rows for detectOutputKind when no data is at hand (registration through the API): each
 * numeric feature spread over its reference range (or its declared range, else [-3, 3]), each
 * categorical one cycling through its categories, in a different order per feature so rows vary.
 */
export function sampleColumns(
  features: readonly Feature[],
  options: { rows?: number; profiles?: Record<string, Profile>; inputs?: ModelIo["inputs"] } = {},
): { columns: FeatureColumns; rows: number } {
  const rows = options.rows ?? 32;
  const integer = new Set(
    options.inputs?.layout === "per_feature"
      ? options.inputs.bindings.filter((b) => b.dtype === "int64").map((b) => b.feature)
      : [],
  );
  const columns: FeatureColumns = new Map();
  features.forEach((feature, f) => {
    if (feature.type === "categorical") {
      columns.set(
        feature.name,
        Array.from({ length: rows }, (_, r) => feature.categories[(r * (f + 1)) % feature.categories.length]),
      );
      return;
    }
    const values = new Float32Array(rows);
    const [lo, hi] = feature.type === "boolean" ? [0, 1] : bounds(feature, options.profiles?.[feature.name]);
    // Golden-ratio steps, offset per feature: evenly spread values that do not move together.
    const step = 0.6180339887498949 * (1 + f * 0.37);
    for (let r = 0; r < rows; r++) {
      const v = lo + (hi - lo) * (((r + 1) * step) % 1);
      values[r] = feature.type === "boolean" ? Math.round(v) : integer.has(feature.name) ? Math.round(v) : v;
    }
    columns.set(feature.name, values);
  });
  return { columns, rows };
}

function bounds(feature: Feature, profile: Profile | undefined): [number, number] {
  if (profile?.kind === "numeric" && Number.isFinite(profile.min) && Number.isFinite(profile.max))
    return [profile.min, profile.max];
  if (feature.type === "numeric" && feature.range?.min !== undefined && feature.range?.max !== undefined)
    return [feature.range.min, feature.range.max];
  return [-3, 3];
}
