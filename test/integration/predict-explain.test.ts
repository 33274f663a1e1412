import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { drawBackground } from "@/lib/explain/background";
import { profileCategorical, profileNumeric } from "@/lib/profiles/column-profile";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { contractCalls, contractChecker } from "../helpers/openapi-contract";
import { explainLoggedPrediction } from "@/lib/dashboard/loaders/prediction-explanation";
import { getPredictionOrThrow } from "@/lib/prediction-log/get-prediction-or-throw";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";

// predict?explain=true through the route handler, every answer checked against the OpenAPI
// document. The fixture model is logistic (fixtures.ts), so in margin space its exact Shapley
// values are known in closed form: each feature's margin term minus that term's mean over the
// background; the test computes them from the weights.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const { call } = contractCalls(contractChecker());
const PATH = "/api/v1/models/{name}/predict";

// A reference profile of made-up training data: amounts 0..200, three countries, one in three new.
const training = Array.from({ length: 300 }, (_, i) => ({
  amount: (i * 37) % 200,
  country: ["US", "DE", "FR"][i % 3],
  isNew: i % 3 === 0,
}));
const profiled = {
  ...binaryManifest(),
  referenceProfile: {
    rows: training.length,
    features: {
      amount: profileNumeric(training.map((r) => r.amount)),
      country: profileCategorical(training.map((r) => r.country)),
      is_new: profileNumeric(training.map((r) => (r.isNew ? 1 : 0))),
    },
  },
};

/** The fixture's margin, term by term (weights from fixtures.ts binaryModelBytes). */
const terms = {
  amount: (v: number) => (1.5 * (v - 50)) / 25,
  country: (v: string) => ({ US: 0.2, DE: -0.4, FR: 0.9 })[v] ?? 0,
  is_new: (v: number) => 1.1 * (Number.isNaN(v) ? 0 : v),
};

const explain = (query: string, inputs: unknown[], status: number, name = "fraud") =>
  call("POST", PATH, predictRoute.POST, { params: { name }, path: query, key: keys.predict, json: { inputs }, status });

const loggedCount = async () => (await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM predictions"))[0].n;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  for (const [name, form] of [
    ["fraud", registrationForm(binaryModelBytes(), profiled)],
    ["noprofile", registrationForm(binaryModelBytes(), binaryManifest())],
  ] as const) {
    const res = await callRoute(versionsRoute.POST, { params: { name }, key: keys.admin, body: form });
    expect(res.status).toBe(201);
  }
  const form = new FormData();
  form.set("manifest", JSON.stringify(profiled));
  expect((await callRoute(versionsRoute.POST, { params: { name: "fraud" }, key: keys.admin, body: form })).status).toBe(201);
});
afterAll(async () => db.close());

const records = [
  { amount: 180, country: "FR", is_new: true },
  { amount: 5, country: "DE", is_new: false },
  { amount: 60, country: "US", is_new: null },
];

describe("predict?explain=true", () => {
  it("answers each prediction with attributions that add up to its probability, sorted by |value|", async () => {
    const res = await explain("?version=1&explain=true", records, 200);
    res.json.predictions.forEach((prediction: any) => {
      const { explanation } = prediction;
      // Three features: all 6 coalitions are enumerated, so the values are exact Shapley values.
      expect(explanation).toMatchObject({
        method: "kernel-shap",
        space: "probability",
        exact: true,
        coalitions: 6,
        backgroundRows: 100,
      });
      expect(explanation.samplingError).toBe(0);
      const [out] = explanation.outputs;
      expect(out.name).toBe("fraud");
      expect(Math.abs(out.output - prediction.probabilities.fraud)).toBeLessThan(1e-6);
      const sum = out.attributions.reduce((s: number, a: { value: number }) => s + a.value, 0);
      expect(Math.abs(out.base + sum - out.output)).toBeLessThan(1e-9);
      expect(explanation.additivityError).toBeLessThan(1e-9);
      const magnitudes = out.attributions.map((a: { value: number }) => Math.abs(a.value));
      expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    });
  });

  it("in margin space equals each margin term minus its background mean; explain_top keeps the largest", async () => {
    const background = drawBackground(manifestSchema.parse(profiled), 100);
    const mean = (name: keyof typeof terms) =>
      Array.from(background.columns.get(name)!, (v: any) => (terms[name] as (x: any) => number)(v)).reduce((s, x) => s + x, 0) /
      100;
    const res = await explain("?version=1&explain=true&explain_space=margin", records, 200);
    res.json.predictions.forEach((prediction: any, r: number) => {
      const [out] = prediction.explanation.outputs;
      const exact = {
        amount: terms.amount(records[r].amount) - mean("amount"),
        country: terms.country(records[r].country) - mean("country"),
        is_new: terms.is_new(records[r].is_new ? 1 : 0) - mean("is_new"),
      };
      // float32 probabilities through a logit: 1e-4 is far above their rounding and far below the values.
      for (const a of out.attributions) expect(Math.abs(a.value - exact[a.feature as keyof typeof exact])).toBeLessThan(1e-4);
    });
    const top = await explain("?version=1&explain=true&explain_space=margin&explain_top=1", records, 200);
    const [out] = top.json.predictions[0].explanation.outputs;
    expect(out.attributions.map((a: { feature: string }) => a.feature)).toEqual(["amount"]);
    expect(out.omitted.features).toBe(2);
    expect(Math.abs(out.base + out.attributions[0].value + out.omitted.sum - out.output)).toBeLessThan(1e-9);
  });

  it("refuses bad parameters with a 422 naming each one, before anything is logged", async () => {
    const before = await loggedCount();
    for (const [query, path, message] of [
      ["?explain=yes", "explain", "must be true or false"],
      ["?explain=true&explain_space=logit", "explain_space", "must be probability or margin"],
      ["?explain=true&explain_top=0", "explain_top", "must be 1 or more"],
      ["?explain=true&explain_top=two", "explain_top", "must be a whole number"],
      ["?explain_top=3", "explain_top", "applies only with explain=true"],
    ]) {
      const res = await explain(`?version=1&${query.slice(1)}`, records, 422);
      expect(res.json.error.details).toEqual([{ path, message }]);
    }
    expect(await loggedCount()).toBe(before);
  });

  it("refuses more records than the cap with a 413 naming the limit, and logs none of them", async () => {
    const before = await loggedCount();
    const res = await explain(
      "?version=1&explain=true",
      Array.from({ length: 21 }, () => records[0]),
      413,
    );
    expect(res.json.error.message).toContain("at most 20 records");
    expect(res.json.error.message).toContain("TIDEMARK_EXPLAIN_MAX_RECORDS");
    expect(await loggedCount()).toBe(before);
    await explain(
      "?version=1",
      Array.from({ length: 21 }, () => records[0]),
      200,
    );
  });

  it("refuses a monitor-only version and a version without a reference profile (409)", async () => {
    const monitorOnly = await explain("?version=2&explain=true", records, 409);
    expect(monitorOnly.json.error.message).toContain("monitor-only");
    const before = await loggedCount();
    const bare = await explain("?version=1&explain=true", records, 409, "noprofile");
    expect(bare.json.error.message).toContain("no reference profile");
    expect(await loggedCount()).toBe(before);
  });

  it("explains a logged prediction for its page, and says why when its version cannot be explained", async () => {
    const res = await explain("?version=1", [records[0]], 200);
    const logged = await getPredictionOrThrow(db.sql, res.json.predictions[0].predictionId);
    const page = await explainLoggedPrediction(db, logged, "probability");
    if (page.status !== "shown") throw new Error(page.reason);
    expect(Math.abs(page.output.output - res.json.predictions[0].probabilities.fraud)).toBeLessThan(1e-6);
    expect(page.output.attributions.map((a) => a.feature).sort()).toEqual(["amount", "country", "is_new"]);
    expect(await explainLoggedPrediction(db, { ...logged, version: 2 }, "margin")).toEqual({
      status: "unavailable",
      reason: expect.stringContaining("monitor-only"),
    });
  });
});
