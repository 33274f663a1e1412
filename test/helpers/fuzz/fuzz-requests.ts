import fc from "fast-check";
import { patternParams, type AppRoute, type HttpMethod } from "./app-routes";
import {
  contentType,
  hostileRawBody,
  hostileString,
  mutateJson,
  pathSegment,
  queryString,
  writeJson,
  type JsonTree,
} from "./hostile-values";
import type { Credential, RouteFuzz } from "./route-fuzzers";

/** Who a request claims to be: the credential its route needs, another one, none, or garbage. */
export type Auth = "right" | "other" | "none" | "garbage";

export type FuzzRequest = {
  route: string;
  method: HttpMethod;
  /** Path and query exactly as sent (already percent-encoded, garbage included). */
  target: string;
  credential: Credential;
  auth: Auth;
  garbageAuth: string;
  contentType?: string;
  body?: string | Uint8Array;
  /** A well-formed prediction request, sent among the hostile ones: it must be answered 200. */
  valid?: boolean;
};

const GARBAGE_AUTH = [
  "Bearer x",
  "Bearer tm_0000000000000000_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "Basic YWRtaW46YWRtaW4=",
  "Bearer",
  "bearer  ",
  `Bearer ${"a".repeat(5000)}`,
  "tidemark_session=a.b",
];

const authArb: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Auth>("right") },
  { weight: 1, arbitrary: fc.constant<Auth>("other") },
  { weight: 1, arbitrary: fc.constant<Auth>("none") },
  { weight: 1, arbitrary: fc.constant<Auth>("garbage") },
);

const MANIFEST_EXAMPLE: JsonTree = {
  schemaVersion: 1,
  task: "regression",
  features: [{ name: "x", type: "numeric", nullable: false }],
  outputs: { valueName: "y" },
  evaluation: {
    successCriteria: { primaryMetric: "mae", deployThreshold: 1 },
    test: { mae: 0.5 },
    baselines: [{ name: "mean", metrics: { mae: 2 } }],
  },
};

/** A multipart upload by hand, so that its parts may be wrong in every way a client can get them wrong. */
const multipartBody: fc.Arbitrary<{ contentType?: string; body: Uint8Array }> = fc
  .tuple(
    fc.uint8Array({ maxLength: 256 }),
    mutateJson(MANIFEST_EXAMPLE),
    fc.constantFrom("model", "file", "manifest"),
    fc.boolean(),
    fc.constantFrom<string | undefined>(
      "multipart/form-data; boundary=XyZ",
      "multipart/form-data",
      "application/json",
      undefined,
    ),
  )
  .map(([model, manifest, modelField, truncate, type]) => {
    const text = (s: string) => Buffer.from(s, "utf8");
    const parts = Buffer.concat([
      text(
        `--XyZ\r\nContent-Disposition: form-data; name="${modelField}"; filename="model.onnx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(model),
      text(`\r\n--XyZ\r\nContent-Disposition: form-data; name="manifest"\r\n\r\n${writeJson(manifest)}\r\n--XyZ--\r\n`),
    ]);
    return { contentType: type, body: new Uint8Array(truncate ? parts.subarray(0, parts.length >> 1) : parts) };
  });

function bodyArb(
  example: JsonTree | "multipart" | undefined,
): fc.Arbitrary<{ contentType?: string; body?: string | Uint8Array }> {
  if (example === "multipart") return multipartBody;
  const json =
    example === undefined
      ? fc.oneof(fc.constant<JsonTree | undefined>(undefined), mutateJson({ note: "x" }))
      : mutateJson(example);
  return fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .tuple(json, contentType)
        .map(([tree, type]) => (tree === undefined ? {} : { contentType: type, body: writeJson(tree) })),
    },
    { weight: 1, arbitrary: fc.tuple(hostileRawBody, contentType).map(([body, type]) => ({ contentType: type, body })) },
  );
}

function pathArb(pattern: string, fuzz: RouteFuzz): fc.Arbitrary<string> {
  const names = patternParams(pattern);
  const segments = names.map((name) => {
    const valid = fuzz.params?.[name];
    if (!valid?.length) throw new Error(`${pattern}: no example values for the path parameter [${name}]`);
    return pathSegment(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, { weight: 2, arbitrary: hostileString }));
  });
  return fc.tuple(...segments).map((values) => names.reduce((path, name, i) => path.replace(`[${name}]`, values[i]), pattern));
}

/** Requests for one method of one route: its path, query, credential and body, each maybe hostile. */
export function requestArb(route: AppRoute, method: HttpMethod, fuzz: RouteFuzz): fc.Arbitrary<FuzzRequest> {
  const spec = fuzz.methods[method];
  if (!spec) throw new Error(`${method} ${route.pattern}: no generator`);
  return fc
    .record({
      path: pathArb(route.pattern, fuzz),
      query: fc.option(queryString(fuzz.query ?? {}), { freq: 3 }),
      auth: authArb,
      garbageAuth: fc.constantFrom(...GARBAGE_AUTH),
      body: method === "GET" || method === "DELETE" ? fc.constant({}) : bodyArb(spec.body),
    })
    .map(({ path, query, auth, garbageAuth, body }) => ({
      route: route.pattern,
      method,
      target: query ? `${path}?${query}` : path,
      credential: spec.credential,
      auth,
      garbageAuth,
      ...body,
    }));
}

/**
 * Valid predictions of `model` (the fixtures' fraud screen): served beside hostile requests, they
 * show that no hostile request takes valid ones down with it, and they fill the log to count.
 */
export function validPredictArb(model: string): fc.Arbitrary<FuzzRequest> {
  const record = fc.record({
    amount: fc.double({ min: 0, max: 10_000, noNaN: true }),
    country: fc.constantFrom("US", "DE", "FR"),
    is_new: fc.constantFrom(true, false, null),
  });
  return fc
    .array(fc.tuple(record, fc.string({ minLength: 1, maxLength: 20, unit: "grapheme-ascii" })), { minLength: 1, maxLength: 5 })
    .chain((items) =>
      fc.constantFrom({ inputs: items.map(([r]) => r) }, { inputs: items.map(([r]) => r), entityIds: items.map(([, id]) => id) }),
    )
    .map((body) => ({
      route: "/api/v1/models/[name]/predict",
      method: "POST" as const,
      target: `/api/v1/models/${model}/predict`,
      credential: "predict" as const,
      auth: "right" as const,
      garbageAuth: "",
      contentType: "application/json",
      body: JSON.stringify(body),
      valid: true,
    }));
}

/** The whole mix: every method of every route in proportion to the routes' weights, and valid predictions. */
export function allRequestsArb(
  routes: AppRoute[],
  fuzzers: Record<string, RouteFuzz>,
  validPredictions: fc.Arbitrary<FuzzRequest>,
): fc.Arbitrary<FuzzRequest> {
  const hostile = routes.flatMap((route) =>
    route.methods.map((method) => ({
      weight: Math.max(1, Math.round((fuzzers[route.pattern].weight ?? 1) * 10)),
      arbitrary: requestArb(route, method, fuzzers[route.pattern]),
    })),
  );
  const total = hostile.reduce((sum, h) => sum + h.weight, 0);
  // About one request in ten.
  return fc.oneof(...hostile, { weight: Math.round(total / 9), arbitrary: validPredictions });
}

/** Routes and methods in app/ that the fuzzers do not describe (each must get a generator). */
export function routesWithoutGenerator(routes: AppRoute[], fuzzers: Record<string, RouteFuzz>): string[] {
  return routes.flatMap((route) =>
    route.methods.filter((m) => !fuzzers[route.pattern]?.methods[m]).map((m) => `${m} ${route.pattern}`),
  );
}
