// `tidemark register --manifest partial.json`: the user's own sections win over what was inferred.
// Objects merge key by key and anything else is replaced, except `features`, where each entry is
// matched to an inferred feature by `name` or `column` and merged into it, so a description or an
// unseen-category policy can be set for one feature without restating the others.

import { ManifestInferenceError } from "./inference-error";

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);

export function deepMerge(base: Json, override: Json): Json {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const merged: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

export function mergePartialManifest(inferred: Record<string, Json>, partial: Json): Record<string, Json> {
  if (partial === undefined) return inferred;
  if (!isObject(partial)) throw new ManifestInferenceError("--manifest must hold a JSON object (any part of a manifest)");
  const { features, ...rest } = partial;
  const merged = deepMerge(inferred, rest) as Record<string, Json>;
  if (features === undefined) return merged;
  if (!Array.isArray(features))
    throw new ManifestInferenceError("--manifest: features must be an array of feature entries, matched by name or column");
  const inferredFeatures = (inferred.features as Record<string, Json>[]).map((f) => ({ ...f }));
  features.forEach((entry, i) => {
    if (!isObject(entry)) throw new ManifestInferenceError(`--manifest: features[${i}] must be an object`);
    const key = (entry.name ?? entry.column) as Json;
    const index = inferredFeatures.findIndex((f) => f.name === key || (f.column !== undefined && f.column === key));
    if (index < 0)
      throw new ManifestInferenceError(
        `--manifest: features[${i}] names "${String(key)}", which is no column of the reference file (features: ${inferredFeatures.map((f) => f.column ?? f.name).join(", ")})`,
      );
    // A type change invalidates the inferred range or categories, so the entry replaces the feature.
    const sameType = entry.type === undefined || entry.type === inferredFeatures[index].type;
    inferredFeatures[index] = sameType
      ? (deepMerge(inferredFeatures[index], entry) as Record<string, Json>)
      : { name: inferredFeatures[index].name, ...entry };
  });
  return { ...merged, features: inferredFeatures };
}
