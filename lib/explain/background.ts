import type { Feature, Manifest } from "@/lib/core/manifest/manifest-schema";
import { ApiError } from "@/lib/core/errors";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { createRandom, deriveSeed, type Random } from "@/lib/training/random";

// The background a record is compared with: what the model "expects" when a feature is unknown.
// Tidemark keeps no training rows, only the reference profile in the manifest (per numeric feature
// its fine histogram, per categorical one its frequencies, and missing counts), so the background
// is drawn from those marginals, each feature independently of the others. The attributions are
// therefore the interventional Shapley values under independent features: correlations present in
// the training data are not in the background, so a model that only ever saw correlated inputs is
// also asked about combinations it never met.

export const DEFAULT_BACKGROUND_ROWS = 100;
const BACKGROUND_SEED = 17;

export type Background = { columns: FeatureColumns; rows: number };

/** The seeded background of `rows` rows for one manifest, as validated columns (the layout predict feeds). */
export function drawBackground(manifest: Manifest, rows = DEFAULT_BACKGROUND_ROWS, seed = BACKGROUND_SEED): Background {
  const profile = manifest.referenceProfile;
  if (!profile) {
    throw new ApiError(
      "conflict",
      "This version's manifest has no reference profile: explanations draw their background from it",
    );
  }
  const columns: FeatureColumns = new Map();
  for (const feature of manifest.features) {
    const column = profile.features[feature.name];
    if (!column) {
      throw new ApiError(
        "conflict",
        `The reference profile has no column "${feature.name}": explanations need every feature's profile`,
      );
    }
    // One stream per feature: adding or removing a feature does not change the others' draws.
    const random = createRandom(deriveSeed(seed, feature.name));
    const drawn = drawColumn(feature, column, rows, random);
    if (drawn instanceof Float32Array && boundAsInteger(manifest, feature.name)) roundForIntegerInput(drawn);
    columns.set(feature.name, drawn);
  }
  return { columns, rows };
}

// A feature an exporter's graph takes as int64 accepts whole numbers only and cannot be missing
// (a missing draw becomes 0 there).
function boundAsInteger(manifest: Manifest, feature: string): boolean {
  const inputs = manifest.io?.inputs;
  return inputs?.layout === "per_feature" && inputs.bindings.some((b) => b.feature === feature && b.dtype === "int64");
}

function roundForIntegerInput(column: Float32Array): void {
  for (let r = 0; r < column.length; r++) column[r] = Number.isNaN(column[r]) ? 0 : Math.round(column[r]);
}

type ColumnProfile = NonNullable<Manifest["referenceProfile"]>["features"][string];

function drawColumn(feature: Feature, profile: ColumnProfile, rows: number, random: Random): Float32Array | string[] {
  const missingShare =
    feature.nullable && profile.count + profile.missing > 0 ? profile.missing / (profile.count + profile.missing) : 0;
  if (feature.type === "categorical") {
    const out = new Array<string>(rows);
    // Only declared categories: the profile's "other" bucket names no value a record could hold.
    const declared = new Set(feature.categories);
    let weights = Object.entries(profile.kind === "categorical" ? profile.frequencies : {}).filter(
      ([c, n]) => declared.has(c) && n > 0,
    );
    if (weights.length === 0) weights = feature.categories.map((c) => [c, 1]);
    const pick = weightedPicker(weights.map(([, n]) => n));
    for (let r = 0; r < rows; r++) out[r] = random() < missingShare ? "" : weights[pick(random())][0];
    return out;
  }
  const out = new Float32Array(rows);
  if (feature.type === "boolean") {
    const shareTrue = profile.kind === "numeric" ? profile.mean : trueShare(profile.frequencies);
    for (let r = 0; r < rows; r++) out[r] = random() < missingShare ? Number.NaN : random() < shareTrue ? 1 : 0;
    return out;
  }
  if (profile.kind !== "numeric") {
    throw new ApiError("conflict", `The reference profile of "${feature.name}" is categorical, but the feature is numeric`);
  }
  const pickBin = weightedPicker(profile.binCounts);
  const range = feature.range;
  for (let r = 0; r < rows; r++) {
    if (random() < missingShare) {
      out[r] = Number.NaN;
    } else {
      // A bin in proportion to its count, then uniform inside it: the histogram's own density.
      const bin = profile.binCounts.length ? pickBin(random()) : 0;
      const low = profile.binEdges[bin];
      const high = profile.binEdges[Math.min(bin + 1, profile.binEdges.length - 1)];
      const value = low + (high - low) * random();
      out[r] = Math.min(range?.max ?? Infinity, Math.max(range?.min ?? -Infinity, value));
    }
  }
  return out;
}

// A boolean is profiled as a 0/1 column (its mean is the share of true) or, as monitoring compares
// it, as the categories "true"/"false".
function trueShare(frequencies: Record<string, number>): number {
  const yes = (frequencies.true ?? 0) + (frequencies["1"] ?? 0);
  const no = (frequencies.false ?? 0) + (frequencies["0"] ?? 0);
  return yes + no > 0 ? yes / (yes + no) : 0.5;
}

/** Maps a uniform draw in [0, 1) to an index with probability proportional to its weight. */
function weightedPicker(weights: readonly number[]): (u: number) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += Math.max(0, w)));
  if (total === 0) return (u) => Math.min(weights.length - 1, Math.floor(u * weights.length));
  return (u) => {
    const target = u * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

// Versions are immutable, so a version's background never changes; kept on globalThis like the sessions.
const holder = globalThis as unknown as { __tidemarkBackgrounds?: Map<string, Background> };
const cache = (holder.__tidemarkBackgrounds ??= new Map());

/** The version's background, drawn once per process and size. */
export function getBackground(versionId: string, manifest: Manifest, rows = DEFAULT_BACKGROUND_ROWS): Background {
  const key = `${versionId}\u0000${rows}`;
  let background = cache.get(key);
  if (!background) {
    background = drawBackground(manifest, rows);
    cache.set(key, background);
  }
  return background;
}
