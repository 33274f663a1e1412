// The paths the data plane answers without Next.js: the request/response hot paths a client
// calls at volume. Kept apart from their handlers (lib/server/data-plane.ts) so the API
// reference's tests can check that every /v2 path is documented without loading the handlers.
export const DATA_PLANE_PATHS = [
  "POST /api/v1/models/{name}/predict",
  "POST /api/v1/models/{name}/predictions",
  "POST /api/v1/outcomes",
  "GET /api/metrics",
  "GET /v2",
  "GET /v2/health/live",
  "GET /v2/health/ready",
  "GET /v2/models/{name}",
  "GET /v2/models/{name}/versions/{version}",
  "GET /v2/models/{name}/ready",
  "GET /v2/models/{name}/versions/{version}/ready",
  "POST /v2/models/{name}/infer",
  "POST /v2/models/{name}/versions/{version}/infer",
] as const;

export type DataPlanePath = (typeof DATA_PLANE_PATHS)[number];

/** A path template's matcher: each {param} is one non-empty segment, captured in order. */
export function compileTemplate(template: string): { pattern: RegExp; params: string[] } {
  const params = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  return { pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`), params };
}
