import type { HttpMethod } from "./app-routes";
import type { JsonTree } from "./hostile-values";

// What the fuzz suite knows of each route of app/: valid example values for its path parameters,
// its query parameters, and for each method the credential it needs and a valid example body. The
// generators mutate these examples, so most requests get past the first checks and reach deeper
// code. A route found in app/ without an entry here fails the suite: a new route must add one.

export type Credential = "predict" | "ingest" | "read" | "admin" | "session";

export type MethodFuzz = {
  credential: Credential;
  /** A valid JSON body to mutate; "multipart" for the model upload; absent when none is read. */
  body?: JsonTree | "multipart";
};

export type RouteFuzz = {
  params?: Record<string, string[]>;
  query?: Record<string, string[]>;
  methods: Partial<Record<HttpMethod, MethodFuzz>>;
  /** Relative share of the generated requests (default 1). */
  weight?: number;
};

/** The model predictions are counted on: no generator may change its log mode or delete it. */
export const PREDICT_MODEL = "fraud";
/** A model the generators may change freely. */
export const SPARE_MODEL = "spare";

const MODEL = [PREDICT_MODEL, SPARE_MODEL, "absent"];
const SOME_UUID = ["0190a3c4-5b6d-7e8f-9012-3456789abcde", "00000000-0000-0000-0000-000000000000"];
const TIMES = [
  "2026-11-01T00:00:00Z",
  "2026-12-01T00:00:00.000Z",
  "1970-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "2026-11-01",
];
const RANGE = { from: TIMES, to: TIMES, version: ["1", "2"] };
const LIST = { limit: ["1", "50", "1000"], before: [...TIMES, ...SOME_UUID] };
const PAGE_QUERY = {
  range: ["1h", "24h", "7d", "30d", "90d"],
  from: TIMES,
  to: TIMES,
  version: ["1", "2"],
  segment: ["", "country=US"],
  feature: ["amount", "country", "output:class"],
  hfrom: TIMES,
  hto: TIMES,
  model: MODEL,
  kind: ["model.registered", "alias.moved"],
  actor: ["key:admin"],
  status: ["active", "open", "all", "resolved"],
  entityId: ["e-1"],
  id: SOME_UUID,
  beforeTime: TIMES,
  beforeId: SOME_UUID,
  next: ["/", "/models/fraud", "//evil.example"],
};

const record = { amount: 12.5, country: "US", is_new: true };

/** A dashboard page: read with a session; POSTed to with whatever a client sends (no form is valid). */
const page = (fuzz: Omit<RouteFuzz, "methods">): RouteFuzz => ({
  query: PAGE_QUERY,
  ...fuzz,
  methods: { GET: { credential: "session" }, POST: { credential: "session" } },
});

export const ROUTE_FUZZERS: Record<string, RouteFuzz> = {
  "/api/[...path]": {
    params: { "...path": ["v1/absent", "v1/models", "v1/models/fraud/absent", "v2/models/fraud/predict"] },
    methods: {
      GET: { credential: "read" },
      POST: { credential: "admin", body: { any: "thing" } },
      PUT: { credential: "admin" },
      PATCH: { credential: "admin" },
      DELETE: { credential: "admin" },
    },
    weight: 0.5,
  },
  "/api/metrics": { methods: { GET: { credential: "read" } }, weight: 0.3 },
  "/api/v1/alert-notifications": {
    query: { status: ["pending", "sending", "delivered", "dead"], destination: ["hook"], alert: SOME_UUID, ...LIST },
    methods: { GET: { credential: "read" } },
  },
  "/api/v1/alert-notifications/[id]/retry": { params: { id: SOME_UUID }, methods: { POST: { credential: "admin" } } },
  "/api/v1/alert-rules": {
    query: { model: [...MODEL, "defaults"], kind: ["feature_drift", "no_traffic"] },
    methods: {
      GET: { credential: "admin" },
      POST: {
        credential: "admin",
        body: {
          model: SPARE_MODEL,
          name: "fuzz rule",
          kind: "no_traffic",
          condition: { periodMinutes: 60 },
          severity: "warning",
          channels: [],
        },
      },
    },
  },
  "/api/v1/alert-rules/[id]": {
    params: { id: SOME_UUID },
    methods: {
      GET: { credential: "admin" },
      PATCH: { credential: "admin", body: { muted: true, name: "renamed", channels: ["hook"] } },
      DELETE: { credential: "admin" },
    },
  },
  "/api/v1/alerts": {
    query: { status: ["open", "acknowledged", "resolved", "active"], model: MODEL, severity: ["info", "critical"], ...LIST },
    methods: { GET: { credential: "read" } },
  },
  "/api/v1/alerts/[id]": { params: { id: SOME_UUID }, methods: { GET: { credential: "read" } } },
  "/api/v1/alerts/[id]/ack": { params: { id: SOME_UUID }, methods: { POST: { credential: "admin" } } },
  "/api/v1/alerts/[id]/resolve": {
    params: { id: SOME_UUID },
    methods: { POST: { credential: "admin", body: { note: "fixed" } } },
  },
  "/api/v1/alerts/[id]/snooze": { params: { id: SOME_UUID }, methods: { POST: { credential: "admin", body: { minutes: 30 } } } },
  "/api/v1/audit": {
    query: { model: MODEL, kind: ["model.registered"], actor: ["key:admin"], ...LIST },
    methods: { GET: { credential: "read" } },
  },
  "/api/v1/destinations": {
    methods: {
      GET: { credential: "admin" },
      // A closed local port: a test send fails fast instead of leaving the machine.
      POST: {
        credential: "admin",
        body: { name: "hook", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: "0123456789abcdef0123" },
      },
    },
  },
  "/api/v1/destinations/[name]": {
    params: { name: ["hook", "absent"] },
    methods: {
      GET: { credential: "admin" },
      PATCH: { credential: "admin", body: { enabled: false, url: "http://127.0.0.1:9/other" } },
      DELETE: { credential: "admin" },
    },
  },
  "/api/v1/destinations/[name]/test": {
    params: { name: ["hook", "absent"] },
    methods: { POST: { credential: "admin" } },
    weight: 0.3,
  },
  "/api/v1/events": {
    methods: {
      POST: {
        credential: "ingest",
        body: { events: [{ name: "conversion", entityId: "e-1", value: 1, time: "2026-11-25T10:00:00Z" }] },
      },
    },
    weight: 2,
  },
  "/api/v1/jobs/runs": {
    query: { job: ["drift", "service"], model: MODEL, version: ["1"], status: ["succeeded", "failed"], ...LIST },
    methods: {
      GET: { credential: "read" },
      POST: {
        credential: "admin",
        body: { job: "service", model: PREDICT_MODEL, window: "2026-11-01T00:00:00Z/2026-11-01T01:00:00Z" },
      },
    },
    weight: 0.5,
  },
  "/api/v1/keys": {
    methods: { GET: { credential: "admin" }, POST: { credential: "admin", body: { name: "fuzz-key", scopes: ["read"] } } },
  },
  // Never the suite's own keys: revoking one would turn the rest of the run into 401s.
  "/api/v1/keys/[name]": { params: { name: ["victim", "absent"] }, methods: { DELETE: { credential: "admin" } } },
  "/api/v1/models": { methods: { GET: { credential: "read" } } },
  "/api/v1/models/[name]": {
    params: { name: [SPARE_MODEL, "absent"] },
    methods: { GET: { credential: "read" }, PATCH: { credential: "admin", body: { description: "changed", logMode: "async" } } },
  },
  "/api/v1/models/[name]/aliases/[alias]": {
    params: { name: MODEL, alias: ["staging", "production", "Bad"] },
    methods: { PUT: { credential: "admin", body: { version: 1, reason: "fuzz", force: false } } },
  },
  "/api/v1/models/[name]/aliases/[alias]/traffic": {
    params: { name: MODEL, alias: ["staging", "production", "Bad"] },
    methods: {
      GET: { credential: "read" },
      PUT: { credential: "admin", body: { mode: "canary", version: 2, percent: 10, reason: "fuzz", force: true } },
      DELETE: { credential: "admin" },
    },
  },
  "/api/v1/models/[name]/business": {
    params: { name: MODEL },
    query: { ...RANGE, name: ["conversion"] },
    methods: { GET: { credential: "read" } },
  },
  "/api/v1/models/[name]/drift": {
    params: { name: MODEL },
    query: {
      ...RANGE,
      feature: ["amount", "output:class"],
      segment: ["", "country=US"],
      reference: ["training", "seasonal:4w", "window:2026-11-01T00:00:00Z/2026-11-02T00:00:00Z"],
    },
    methods: { GET: { credential: "read" } },
  },
  "/api/v1/models/[name]/drift/histogram": {
    params: { name: MODEL },
    query: {
      ...RANGE,
      feature: ["amount", "country"],
      segment: [""],
      bins: ["2", "20", "100"],
      reference: ["training", "seasonal:4w", "window:0001-01-01T00:00:00Z/9999-12-31T00:00:00Z"],
    },
    methods: { GET: { credential: "read" } },
  },
  "/api/v1/models/[name]/monitoring": {
    params: { name: MODEL },
    methods: {
      GET: { credential: "read" },
      PUT: {
        credential: "admin",
        body: {
          reference: { kind: "window", from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" },
          schedules: { drift: "0 * * * *" },
        },
      },
    },
  },
  "/api/v1/models/[name]/performance": { params: { name: MODEL }, query: RANGE, methods: { GET: { credential: "read" } } },
  "/api/v1/models/[name]/predict": {
    params: { name: [PREDICT_MODEL, PREDICT_MODEL, "absent"] },
    query: { version: ["1"], alias: ["production", "staging"] },
    methods: {
      POST: {
        credential: "predict",
        body: { inputs: [record, { amount: 300, country: "DE", is_new: null }], entityIds: ["e-1", "e-2"] },
      },
    },
    weight: 6,
  },
  "/api/v1/models/[name]/predictions": {
    params: { name: [PREDICT_MODEL, PREDICT_MODEL, "absent"] },
    methods: {
      POST: {
        credential: "ingest",
        body: {
          records: [
            { features: record, output: { probabilities: { legit: 0.3, fraud: 0.7 } }, entityId: "e-1" },
            { features: { amount: 300, country: "DE", is_new: false }, output: { label: "legit" } },
          ],
        },
      },
    },
    weight: 2,
  },
  // Without the CloudEvents headers most are refused at the door; the payloads still reach the parsers.
  "/api/v1/models/[name]/kserve-events": {
    params: { name: [PREDICT_MODEL, "absent"] },
    query: { version: ["1"] },
    methods: {
      POST: {
        credential: "ingest",
        body: { inputs: [{ name: "input", shape: [1, 3], datatype: "FP32", data: [12.5, 1, 0] }] },
      },
    },
    weight: 0.5,
  },
  "/api/v1/models/[name]/service": { params: { name: MODEL }, query: RANGE, methods: { GET: { credential: "read" } } },
  "/api/v1/models/[name]/versions": {
    params: { name: [SPARE_MODEL, "absent"] },
    methods: { POST: { credential: "admin", body: "multipart" } },
    weight: 0.5,
  },
  "/api/v1/models/[name]/versions/[version]": {
    params: { name: MODEL, version: ["1", "2"] },
    methods: { GET: { credential: "read" } },
  },
  "/api/v1/outcomes": {
    methods: {
      POST: {
        credential: "ingest",
        body: {
          model: PREDICT_MODEL,
          outcomes: [
            { entityId: "e-1", time: "2026-11-25T10:00:00Z", label: "fraud" },
            { predictionId: SOME_UUID[0], label: "legit" },
          ],
        },
      },
    },
    weight: 2,
  },
  "/api/v1/predictions/[id]": { params: { id: SOME_UUID }, methods: { GET: { credential: "read" } } },
  "/": page({ weight: 0.5 }),
  "/api-reference": page({ weight: 0.2 }),
  // Public: the document needs no key, and a key sent along is ignored.
  "/api/openapi.json": { methods: { GET: { credential: "read" } }, weight: 0.2 },
  "/alerts": page({ weight: 0.5 }),
  "/alerts/[id]": page({ params: { id: SOME_UUID }, weight: 0.3 }),
  "/audit": page({ weight: 0.5 }),
  "/login": page({ weight: 0.3 }),
  "/models/[name]": page({ params: { name: MODEL }, weight: 0.5 }),
  "/models/[name]/compare": page({ params: { name: MODEL }, weight: 0.3 }),
  "/models/[name]/drift": page({ params: { name: MODEL }, weight: 0.5 }),
  "/models/[name]/performance": page({ params: { name: MODEL }, weight: 0.5 }),
  "/models/[name]/rollout": page({ params: { name: MODEL }, weight: 0.3 }),
  "/models/[name]/service": page({ params: { name: MODEL }, weight: 0.5 }),
  "/models/[name]/drivers": page({ params: { name: MODEL }, weight: 0.5 }),
  "/predictions": page({ weight: 0.5 }),
  "/predictions/[id]": page({
    params: { id: SOME_UUID },
    query: { ...PAGE_QUERY, explain: ["probability", "margin", "value", ""] },
    weight: 0.3,
  }),
  "/predictions/export": { query: PAGE_QUERY, methods: { GET: { credential: "session" } }, weight: 0.5 },
  "/settings": page({ weight: 0.3 }),
};
