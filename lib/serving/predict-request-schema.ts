import { z } from "zod";
import { refineStorableText } from "@/lib/core/text/storable-text";

export const MAX_ENTITY_ID_LENGTH = 256;

const schemas = new Map<number, ReturnType<typeof buildPredictRequestSchema>>();

/** Built once per batch limit: constructing a zod schema per request costs more than parsing with it. */
export function predictRequestSchema(maxRecords: number) {
  let schema = schemas.get(maxRecords);
  if (!schema) schemas.set(maxRecords, (schema = buildPredictRequestSchema(maxRecords)));
  return schema;
}

function buildPredictRequestSchema(maxRecords: number) {
  return z
    .object({
      inputs: z
        .array(z.unknown(), { error: "inputs must be an array of records" })
        .min(1, "must contain at least 1 record")
        .max(maxRecords, `must contain at most ${maxRecords} records`),
      entityIds: z
        .array(
          z
            .string()
            .min(1, "must not be empty")
            .max(MAX_ENTITY_ID_LENGTH, `must be at most ${MAX_ENTITY_ID_LENGTH} characters`)
            .superRefine(refineStorableText),
        )
        .optional(),
    })
    .strict()
    .superRefine((body, ctx) => {
      if (body.entityIds && body.entityIds.length !== body.inputs.length) {
        ctx.addIssue({
          code: "custom",
          path: ["entityIds"],
          message: `has ${body.entityIds.length} entries for ${body.inputs.length} inputs; give one per input`,
        });
      }
    });
}

export const servingQuerySchema = z
  .object({
    version: z.coerce
      .number({ error: "must be a version number" })
      .int("must be a whole number")
      .positive("must be 1 or more")
      .optional(),
    alias: z.string().min(1, "must not be empty").optional(),
  })
  .refine((q) => q.version === undefined || q.alias === undefined, {
    message: "give version or alias, not both",
    path: ["version"],
  });
