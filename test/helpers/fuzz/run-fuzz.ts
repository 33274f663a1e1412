import type { Credential } from "./route-fuzzers";
import type { FuzzRequest } from "./fuzz-requests";

export type Credentials = Record<Exclude<Credential, "session">, string> & { session: string };

export type Violation = { index: number; request: string; problem: string };

export type FuzzResult = {
  requests: number;
  byStatus: Record<string, number>;
  violations: Violation[];
  /** Records that 200 predict responses acknowledged: each must be in the log. */
  acknowledgedPredictions: number;
  seconds: number;
};

const REQUEST_TIMEOUT_MS = 10_000;

function headersFor(request: FuzzRequest, credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  if (request.contentType) headers["content-type"] = request.contentType;
  const session = request.credential === "session";
  const right = session ? `tidemark_session=${credentials.session}` : `Bearer ${credentials[request.credential]}`;
  // Another credential: a page gets an API key; an API route a key of the wrong scope (or a session).
  const other = session ? `Bearer ${credentials.admin}` : request.credential === "read" ? `Bearer ${credentials.predict}` : `Bearer ${credentials.read}`;
  const value = { right, other, none: undefined, garbage: request.garbageAuth }[request.auth];
  if (value) headers[value.startsWith("tidemark_session=") ? "cookie" : "authorization"] = value;
  return headers;
}

/** The request in one line, enough to reproduce it by hand (bodies cut to 300 characters). */
export function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ""
      : ` body=${JSON.stringify(typeof request.body === "string" ? request.body.slice(0, 300) : `<${request.body.length} bytes: ${Buffer.from(request.body.subarray(0, 60)).toString("hex")}>`)}`;
  return `${request.method} ${request.target.slice(0, 300)} auth=${request.auth}(${request.credential}) content-type=${request.contentType ?? "-"}${body}`;
}

const isErrorShape = (json: unknown): boolean => {
  if (!json || typeof json !== "object" || Array.isArray(json)) return false;
  const top = json as Record<string, unknown>;
  if (Object.keys(top).join() !== "error") return false;
  const error = top.error as Record<string, unknown> | null;
  if (!error || typeof error !== "object") return false;
  if (!Object.keys(error).every((k) => k === "code" || k === "message" || k === "details")) return false;
  return typeof error.code === "string" && /^[a-z]+(_[a-z]+)*$/.test(error.code) && typeof error.message === "string" && error.message.length > 0 && (error.details === undefined || Array.isArray(error.details));
};

/** What is wrong with one answer, or null: a 5xx (but a 503 that says when to retry), or an API error in another shape. */
function checkResponse(request: FuzzRequest, status: number, headers: Headers, text: string): string | null {
  if (status >= 500 && !(status === 503 && headers.get("retry-after"))) return `answered ${status}: ${text.slice(0, 200)}`;
  const api = request.target.startsWith("/api/");
  const json = (headers.get("content-type") ?? "").includes("json");
  // Next.js itself answers 404 and 405 for what reaches no handler, as an HTML page or an empty body.
  if (api && status >= 400 && status < 500 && status !== 404 && status !== 405 && status !== 431 && !json) return `answered ${status} without JSON`;
  if (api && status >= 400 && status < 500 && json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return `answered ${status} with unparseable JSON`;
    }
    if (!isErrorShape(parsed)) return `answered ${status} with an error not in the one shape: ${text.slice(0, 200)}`;
  }
  return null;
}

/**
 * Sends every request to the server with `concurrency` in flight, each bounded by 10 s, and checks
 * each answer as it arrives.
 */
export async function runFuzz(options: { baseUrl: string; requests: FuzzRequest[]; credentials: Credentials; concurrency: number }): Promise<FuzzResult> {
  const started = performance.now();
  const result: FuzzResult = { requests: 0, byStatus: {}, violations: [], acknowledgedPredictions: 0, seconds: 0 };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.requests.length; index = next++) {
      const request = options.requests[index];
      let status: number;
      let text: string;
      let headers: Headers;
      try {
        const response = await fetch(`${options.baseUrl}${request.target}`, {
          method: request.method,
          headers: headersFor(request, options.credentials),
          body: typeof request.body === "string" || request.body === undefined ? request.body : new Uint8Array(request.body),
          redirect: "manual",
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = response.status;
        headers = response.headers;
        text = await response.text();
      } catch (error) {
        const problem = (error as Error).name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : `request failed: ${(error as Error).message}`;
        result.violations.push({ index, request: describeRequest(request), problem });
        continue;
      }
      result.requests++;
      result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
      const problem = request.valid && status !== 200 ? `a valid prediction answered ${status}: ${text.slice(0, 200)}` : checkResponse(request, status, headers, text);
      if (problem) result.violations.push({ index, request: describeRequest(request), problem });
      if (status === 200 && request.method === "POST" && request.route.endsWith("/predict")) {
        result.acknowledgedPredictions += (JSON.parse(text) as { predictions: unknown[] }).predictions.length;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
