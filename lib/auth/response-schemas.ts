import { z } from "zod";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";
import { scopeSchema } from "./scopes";

/** What the key operations answer (manage-api-keys.ts): never a secret, except once at creation. */

export const keySummarySchema = z.object({
  name: z.string(),
  scopes: z.array(scopeSchema),
  createdAt: isoTimeSchema,
  createdBy: z.string(),
  revokedAt: isoTimeSchema.nullable(),
});
export const keyListSchema = z.object({ keys: z.array(keySummarySchema) });
export const createdKeySchema = z.object({
  token: z.string().describe("The secret, shown this once: send it as Authorization: Bearer TOKEN"),
  key: keySummarySchema,
});
