import { z } from "zod";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";

/**
 * The multipart registration read by read-registration-form.ts, described for the API reference:
 * the form is read field by field there (a file cannot go through zod), and the manifest is then
 * parsed with manifestSchema by register-model-version.ts.
 */
export const registrationFormSchema = z.object({
  model: z.file().describe("The ONNX file"),
  manifest: manifestSchema.describe("The manifest, as JSON text or a JSON file (docs/manifest.schema.json)"),
});
