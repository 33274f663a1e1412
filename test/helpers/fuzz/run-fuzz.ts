import http from "node:http";
import type { Credential } from "./route-fuzzers";
import type { FuzzRequest } from "./fuzz-requests";

export type Credentials = Record<Exclude<Credential, "session">, string> & { session: string };

export type Violation = { index: number; request: string; problem: string };

export type FuzzResult = {
  requests: number;
  byStatus: Record<string, number>;
  violations: Violation[];
  /** Records that 200 predict or ingestion responses acknowledged: each must be in the log. */
  acknowledgedPredictions: number;
  seconds: number;
};

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_HEADER_BYTES = 16 * 1024;

function headersFor(request: FuzzRequest, credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  if (request.contentType) headers["content-type"] = request.contentType;
  const session = request.credential === "session";
  const right = session ? `tidemark_session=${credentials.session}` : `Bearer ${credentials[request.credential]}`;
  // Another credential: a page gets an API key; an API route a key of the wrong scope (or a session).
  const other = session
    ? `Bearer ${credentials.admin}`
    : request.credential === "read"
      ? `Bearer ${credentials.predict}`
      : `Bearer ${credentials.read}`;
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
  return (
    typeof error.code === "string" &&
    /^[a-z]+(_[a-z]+)*$/.test(error.code) &&
    typeof error.message === "string" &&
    error.message.length > 0 &&
    (error.details === undefined || Array.isArray(error.details))
  );
};

/** What is wrong with one answer, or null: a 5xx (but a 503 that says when to retry), or an API error in another shape. */
function checkResponse(request: FuzzRequest, status: number, headers: http.IncomingHttpHeaders, text: string): string | null {
  if (status >= 500 && !(status === 503 && headers["retry-after"])) return `answered ${status}: ${text.slice(0, 200)}`;
  const api = request.target.startsWith("/api/");
  const json = (headers["content-type"] ?? "").includes("json");
  // Next.js itself answers 404 and 405 for what reaches no handler, as an HTML page or an empty body.
  if (api && status >= 400 && status < 500 && status !== 404 && status !== 405 && status !== 431 && !json)
    return `answered ${status} without JSON`;
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

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

const agent = new http.Agent({ keepAlive: true });

/**
 * One request with node:http rather than fetch: fetch would rewrite a path (`%2e%2e`) and refuses
 * answers with over 16 KiB of headers, such as a redirect that echoes a 10 KB path twice.
 */
function send(baseUrl: string, request: FuzzRequest, headers: Record<string, string>): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === "string"
        ? Buffer.from(request.body, "utf8")
        : Buffer.from(request.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port,
        method: request.method,
        path: request.target,
        headers: body ? { ...headers, "content-length": String(body.length) } : headers,
        agent,
        maxHeaderSize: 1 << 20,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Sends every request to the server with `concurrency` in flight, each bounded by 10 s, and checks
 * each answer as it arrives.
 */
export async function runFuzz(options: {
  baseUrl: string;
  requests: FuzzRequest[];
  credentials: Credentials;
  concurrency: number;
}): Promise<FuzzResult> {
  const started = performance.now();
  const result: FuzzResult = { requests: 0, byStatus: {}, violations: [], acknowledgedPredictions: 0, seconds: 0 };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.requests.length; index = next++) {
      const request = options.requests[index];
      let answer: Answer;
      try {
        answer = await send(options.baseUrl, request, headersFor(request, options.credentials));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "";
        // Node answers 431 to a request line over its 16 KiB header limit and closes the socket,
        // which the client may see as a reset while it is still sending: refused, as it should be.
        if (request.target.length > MAX_HEADER_BYTES && /EPIPE|ECONNRESET/.test(code)) {
          result.requests++;
          result.byStatus["reset (oversized request line)"] = (result.byStatus["reset (oversized request line)"] ?? 0) + 1;
          continue;
        }
        const problem =
          (error as Error).name === "AbortError"
            ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
            : `request failed: ${code} ${(error as Error).message}`;
        result.violations.push({ index, request: describeRequest(request), problem });
        continue;
      }
      const { status, headers, text } = answer;
      result.requests++;
      result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
      const problem =
        request.valid && status !== 200
          ? `a valid prediction answered ${status}: ${text.slice(0, 200)}`
          : checkResponse(request, status, headers, text);
      if (problem) result.violations.push({ index, request: describeRequest(request), problem });
      if (status === 200 && request.method === "POST" && request.route.endsWith("/predict")) {
        result.acknowledgedPredictions += (JSON.parse(text) as { predictions: unknown[] }).predictions.length;
      }
      // Predictions made elsewhere land in the same log: each one an ingestion route says it stored counts too.
      if (
        status === 200 &&
        request.method === "POST" &&
        /^\/api\/v1\/models\/.*\/(predictions|kserve-events)$/.test(request.route)
      ) {
        result.acknowledgedPredictions += (JSON.parse(text) as { stored: number }).stored;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
