import type { FuzzRequest } from "./fuzz-requests";
import type { Credential } from "./route-fuzzers";

// The inputs issue 12's hostile run reported as 500s, sent in every run whatever the seed, spread
// among the generated requests so that each meets concurrent valid traffic (a poison row must not
// fail the valid requests batched with it).

const get = (route: string, target: string, credential: Credential): FuzzRequest => ({
  route,
  method: "GET",
  target,
  credential,
  auth: "right",
  garbageAuth: "",
});
const json = (method: "POST" | "DELETE", route: string, target: string, credential: Credential, body?: string): FuzzRequest => ({
  route,
  method,
  target,
  credential,
  auth: "right",
  garbageAuth: "",
  ...(body === undefined ? {} : { contentType: "application/json", body }),
});

const PREDICT = "/api/v1/models/[name]/predict";

export const KNOWN_CASES: FuzzRequest[] = [
  get("/api/v1/models/[name]", "/api/v1/models/%00", "read"),
  get("/api/v1/models/[name]", "/api/v1/models/%ff", "read"),
  get("/api/v1/models/[name]/versions/[version]", "/api/v1/models/fraud/versions/%ED%A0%80", "read"),
  json(
    "POST",
    PREDICT,
    "/api/v1/models/fraud/predict?alias=%00",
    "predict",
    '{"inputs":[{"amount":1,"country":"US","is_new":true}]}',
  ),
  get("/api/v1/audit", "/api/v1/audit?model=%00", "read"),
  json("DELETE", "/api/v1/keys/[name]", "/api/v1/keys/%00", "admin"),
  get("/api/v1/models/[name]/performance", "/api/v1/models/fraud/performance?from=0&to=%2B275760-09-13T00:00:00Z", "read"),
  get("/api/v1/models/[name]/drift", "/api/v1/models/fraud/drift?from=9999-12-31T00:00:00Z", "read"),
  get("/", "/?range=__proto__", "session"),
  get("/models/[name]", "/models/fraud?range=constructor", "session"),
  get("/models/[name]/drift", "/models/fraud/drift?range=toString&version=garbage", "session"),
  get("/models/[name]/performance", "/models/fraud/performance?version=garbage", "session"),
  get("/models/[name]/service", "/models/fraud/service?version=garbage", "session"),
  get("/models/[name]", "/models/%ff", "session"),
  get("/predictions", "/predictions?model=%00&beforeTime=%2B275760-09-13T00:00:00Z", "session"),
  get("/predictions/export", "/predictions/export?model=%00", "session"),
  {
    ...json("POST", "/api/[...path]", "/api/v1/models/%2e%2e/versions", "admin"),
    contentType: "multipart/form-data; boundary=x",
    body: "garbage",
  },
  { ...json("POST", "/login", "/login", "session"), contentType: "multipart/form-data; boundary=x", body: "garbage" },
  // Bodies holding text Postgres cannot store: refused by the JSON body check (lib/api/read-json-body.ts).
  json("POST", "/api/v1/alert-rules", "/api/v1/alert-rules", "admin", '{"model":"spare","name":"\\u0000","kind":"no_traffic"}'),
  json(
    "POST",
    PREDICT,
    "/api/v1/models/fraud/predict",
    "predict",
    '{"inputs":[{"amount":1,"country":"US","is_new":true}],"entityIds":["\\u0000"]}',
  ),
  json(
    "POST",
    PREDICT,
    "/api/v1/models/fraud/predict",
    "predict",
    '{"inputs":[{"amount":1,"country":"US","is_new":true,"note\\u0000":1}]}',
  ),
  json(
    "POST",
    "/api/v1/events",
    "/api/v1/events",
    "ingest",
    '{"events":[{"name":"conversion","entityId":"\\u0000","value":1,"time":"2026-11-25T10:00:00Z"},{"name":"conversion","entityId":"e-1","value":1,"time":"2026-11-25T10:00:00Z"}]}',
  ),
  json(
    "POST",
    "/api/v1/events",
    "/api/v1/events",
    "ingest",
    '{"events":[{"name":"conversion","entityId":"\\ud800","value":1,"time":"2026-11-25T10:00:00Z"}]}',
  ),
  json(
    "POST",
    "/api/v1/outcomes",
    "/api/v1/outcomes",
    "ingest",
    '{"model":"fraud","outcomes":[{"entityId":"\\u0000","time":"2026-11-25T10:00:00Z","label":"fraud"}]}',
  ),
];

/** `generated` with the known cases spread evenly through it. */
export function withKnownCases(generated: FuzzRequest[]): FuzzRequest[] {
  const all = [...generated];
  const step = Math.max(1, Math.floor(generated.length / KNOWN_CASES.length));
  KNOWN_CASES.forEach((request, i) => {
    all.splice(Math.min(all.length, (i + 1) * step + i), 0, request);
  });
  return all;
}
