import type http from "node:http";
import { Readable } from "node:stream";
import { API_HEADERS } from "./security-headers";

/**
 * The Fetch API request the route handlers take, built from Node's: the body is streamed, so the
 * handlers' size cap (readJsonBody) still refuses an oversized upload before it is buffered.
 */
export function toWebRequest(req: http.IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${safeHost(req.headers.host)}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

// The Host header only names the request's URL for logs and metrics; a malformed one must not fail it.
function safeHost(host: string | undefined): string {
  return host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : "localhost";
}

/** Writes a handler's answer with the headers every API response carries (next.config.ts's, for Next's). */
export async function sendWebResponse(res: http.ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  for (const { key, value } of API_HEADERS) res.setHeader(key, value);
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  res.setHeader("content-length", body.byteLength);
  // Answered before the whole body arrived (401, 413): the rest is not read, so the connection
  // cannot carry another request; saying so keeps a keep-alive client from reusing it mid-body.
  if (!res.req.complete) res.setHeader("connection", "close");
  res.statusCode = response.status;
  res.end(body);
}
