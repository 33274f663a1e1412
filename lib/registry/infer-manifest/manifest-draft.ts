import type { ManifestInput } from "@/lib/core/manifest/manifest-schema";

/** A feature as inference writes it, before the user's partial manifest and validation. */
export type FeatureDraft = ManifestInput["features"][number];
