import { readJsonBody } from "@/lib/api/read-json-body";

/** For actions whose body is optional (resolve, ack): no body reads as {}. */
export async function readOptionalJson(request: Request, maxBytes = 16 * 1024): Promise<unknown> {
  if (!request.body || request.headers.get("content-length") === "0") return {};
  return readJsonBody(request, maxBytes);
}
