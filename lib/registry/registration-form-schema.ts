import { z } from "zod";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";

/**
 * The multipart registration read by read-registration-form.ts, described for the API reference:
 * the form is read field by field there (a file cannot go through zod), and the manifest is then
 * parsed with manifestSchema by register-model-version.ts.
 */
export const registrationFormSchema = z.object({
  model: z
    .file()
    .optional()
    .describe("The ONNX file, in Tidemark's layout or its exporter's; without it the version is monitor-only"),
  manifest: manifestSchema.describe("The manifest, as JSON text or a JSON file (docs/manifest.schema.json)"),
});
