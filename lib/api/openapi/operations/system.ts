import type { ApiOperation } from "../api-operation";

export const OPENAPI_PATH = "/api/openapi.json";

export const systemOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/metrics",
    operationId: "getMetrics",
    summary: "Prometheus metrics: requests, latency, predictions, the prediction log",
    description: "Scrape with a bearer token of a key with scope read.",
    tag: "System",
    scope: "read",
    responses: { 200: { description: "Prometheus text exposition format", contentType: "text/plain; version=0.0.4" } },
  },
  {
    method: "get",
    path: OPENAPI_PATH,
    operationId: "getOpenApiDocument",
    summary: "This document: the API as OpenAPI 3.1, generated from the schemas the routes validate with",
    description: "Needs no key: it describes the API and holds nothing secret.",
    tag: "System",
    scope: null,
    responses: { 200: { description: "The OpenAPI document", contentType: "application/json" } },
  },
];
