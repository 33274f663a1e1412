// Preloaded into the `next start` process (`node --require bin/http-timeouts.cjs …`): tighter
// limits than Node's defaults (60 s for a request's headers, 300 s for the whole request, checked
// every 30 s) on the HTTP server Next.js creates, so a client that trickles its headers or body
// holds a connection for seconds, not minutes. `next start` offers no setting for these and
// creates its server with `http.createServer(handler)`, so the options are supplied by wrapping
// that one function before Next.js loads; nothing else in the process creates HTTP servers.
"use strict";
const http = require("node:http");

function setting(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`[tidemark] ${name} must be a whole number of milliseconds greater than 0, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

const headersTimeout = setting("TIDEMARK_HEADERS_TIMEOUT_MS", 10_000);
// Long enough for a model upload (TIDEMARK_MAX_MODEL_MB, 100 MB by default) over a slow link.
const requestTimeout = setting("TIDEMARK_REQUEST_TIMEOUT_MS", 120_000);
if (headersTimeout > requestTimeout) {
  console.error("[tidemark] TIDEMARK_HEADERS_TIMEOUT_MS must not exceed TIDEMARK_REQUEST_TIMEOUT_MS");
  process.exit(1);
}
// How often Node looks for connections past those limits.
const connectionsCheckingInterval = Math.min(1_000, headersTimeout);

const createServer = http.createServer;
http.createServer = function createServerWithTimeouts(options, listener) {
  if (typeof options === "function" || options === undefined) [options, listener] = [{}, options];
  return createServer.call(this, { headersTimeout, requestTimeout, connectionsCheckingInterval, ...options }, listener);
};
