import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export const idempotencyHeaderSchema = z.object({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .min(1, "must not be empty")
    .max(MAX_IDEMPOTENCY_KEY_LENGTH, `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`)
    .regex(/^[\x20-\x7e]+$/, "must be printable ASCII, e.g. a UUID")
    .optional(),
});

export type IdempotentRequest = { key: string; requestHash: string };

/** What makes two requests the same: the model, how its version was chosen, and the body. */
export function idempotentRequest(
  key: string,
  request: { modelName: string; selector: unknown; body: unknown },
): IdempotentRequest {
  const requestHash = createHash("sha256")
    .update(JSON.stringify([request.modelName, request.selector, request.body]))
    .digest("hex");
  return { key, requestHash };
}

/**
 * The answer stored under this caller's key, or null when there is none (yet). The same key sent
 * with another request is refused rather than answered with the first request's predictions.
 */
export async function findStoredResponse(db: Database, apiKeyId: string, request: IdempotentRequest): Promise<unknown> {
  const [stored] = await db.sql.query<{ request_hash: string; response: unknown }>(
    "SELECT request_hash, response FROM prediction_idempotency_keys WHERE api_key_id = $1 AND key = $2",
    [apiKeyId, request.key],
  );
  if (!stored) return null;
  if (stored.request_hash !== request.requestHash) {
    throw new ApiError("validation_failed", `${IDEMPOTENCY_KEY_HEADER} was already used for a different request`, [
      {
        path: IDEMPOTENCY_KEY_HEADER,
        message: "was already used with another model, version selector or body; send a new key for a new request",
      },
    ]);
  }
  return stored.response;
}
