import { z } from "zod";
import { ERROR_CODES } from "./errors";

/** The JSON of every API failure (ApiError.toJSON), described once for the API reference. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe("Stable, snake_case; the HTTP status follows from it"),
      message: z.string().describe("For people: what went wrong and, where it helps, how to fix it"),
      details: z
        .array(
          z.looseObject({
            path: z.string().optional().describe("The field at fault, dotted (inputs.0.amount), or a header name"),
            index: z.number().int().optional(),
            field: z.string().optional(),
            message: z.string(),
          }),
        )
        .optional()
        .describe("One entry per problem, naming the field"),
    }),
  })
  .describe("The one error shape of the API");
