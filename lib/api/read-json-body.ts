import { findUnstorableStrings, jsonTextMayHoldUnstorableStrings } from "@/lib/core/text/storable-text";
import { ApiError } from "@/lib/core/errors";

export type ReadJsonBodyOptions = {
  /**
   * Leave strings Postgres cannot store (NUL, lone surrogates) to the caller. Only for routes that
   * check each item themselves and report a bad one beside the good ones (/events, /outcomes).
   */
  perItemTextChecks?: boolean;
};

/**
 * Reads a JSON body with a size cap, so an oversized upload is refused before it is buffered. A
 * string anywhere in it that Postgres cannot store is a 422 naming each one, so nothing downstream
 * (a shared log batch above all) ever meets it.
 */
export async function readJsonBody(request: Request, maxBytes: number, options: ReadJsonBodyOptions = {}): Promise<unknown> {
  requireJsonContentType(request);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw new ApiError("invalid_json", "Request body is empty; expected JSON");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new ApiError("invalid_json", "Request body is empty; expected JSON");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError("invalid_json", `Request body is not valid JSON: ${(error as Error).message}`);
  }
  // The walk is skipped when the text holds no escape that could produce such a string.
  if (!options.perItemTextChecks && jsonTextMayHoldUnstorableStrings(text)) {
    const unstorable = findUnstorableStrings(body);
    if (unstorable.length) {
      throw new ApiError(
        "validation_failed",
        `${unstorable.length} string${unstorable.length === 1 ? "" : "s"} in the request cannot be stored`,
        unstorable,
      );
    }
  }
  return body;
}

// `application/json`, optionally with charset=utf-8. A text/plain or form body (which a browser sends
// cross-site without a preflight) is refused, not parsed as JSON.
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function requireJsonContentType(request: Request): void {
  if (!request.body) return;
  const type = request.headers.get("content-type");
  if (type !== null && JSON_CONTENT_TYPE.test(type.trim())) return;
  throw new ApiError("unsupported_media_type", "Content-Type must be application/json (optionally with charset=utf-8)");
}

function tooLarge(maxBytes: number) {
  return new ApiError("payload_too_large", `Request body exceeds the limit of ${maxBytes} bytes`);
}
