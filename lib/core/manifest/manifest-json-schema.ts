import { z } from "zod";
import { manifestSchema } from "./manifest-schema";

/** The published JSON Schema of the manifest (docs/manifest.schema.json), derived from the zod schema. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(manifestSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://tidemark.dev/schemas/manifest-v1.json",
    title: "Tidemark model version manifest",
  };
}
