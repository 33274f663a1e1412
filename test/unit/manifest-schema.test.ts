import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { manifestJsonSchema } from "@/lib/core/manifest/manifest-json-schema";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { evaluatePromotionGate } from "@/lib/registry/evaluate-promotion-gate";
import { binaryManifest, regressionManifest } from "../helpers/fixtures";

describe("manifest schema", () => {
  it("the published JSON Schema is the one generated from the zod schema (run npm run schema:manifest)", () => {
    const published = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../docs/manifest.schema.json"), "utf8"));
    expect(published).toEqual(JSON.parse(JSON.stringify(manifestJsonSchema())));
  });

  it("refuses a primary metric that does not fit the task, and duplicate features", () => {
    const m = binaryManifest();
    const result = manifestSchema.safeParse({
      ...m,
      features: [m.features[0], m.features[0]],
      evaluation: { ...m.evaluation, successCriteria: { primaryMetric: "mae", deployThreshold: 1 } },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["features.1.name", 'duplicate feature "amount"'],
      ["evaluation.successCriteria.primaryMetric", "mae does not fit a binary model"],
      ["evaluation.test", "must include the primary metric mae"],
    ]);
  });
});

describe("production gate", () => {
  it("compares lower-is-better metrics the other way round", () => {
    const m = manifestSchema.parse(regressionManifest());
    expect(evaluatePromotionGate(m)).toMatchObject({ passed: true, direction: "lower_is_better" });
    const worse = manifestSchema.parse({
      ...regressionManifest(),
      evaluation: {
        successCriteria: { primaryMetric: "mae", deployThreshold: 1 },
        test: { mae: 1.5 },
        baselines: [{ name: "mean", metrics: { mae: 1.2 } }],
      },
    });
    const verdict = evaluatePromotionGate(worse);
    expect(verdict.passed).toBe(false);
    expect(verdict.rules.map((r) => [r.rule, r.passed, r.message])).toEqual([
      ["deploy_threshold", false, "test mae 1.5 must be at most the deploy threshold 1"],
      ["beats_baseline", false, 'test mae 1.5 must beat baseline "mean" (1.2)'],
    ]);
  });

  it("a tie with a baseline does not count as beating it", () => {
    const m = manifestSchema.parse(
      binaryManifest({
        evaluation: {
          successCriteria: { primaryMetric: "auc", deployThreshold: 0.8 },
          test: { auc: 0.86 },
          baselines: [{ name: "logistic", metrics: { auc: 0.86 } }],
        },
      }),
    );
    expect(evaluatePromotionGate(m).rules[1]).toMatchObject({ passed: false, baseline: "logistic" });
  });
});

describe("route patterns for metric labels", () => {
  it("replaces dynamic segments from the end, decoded", async () => {
    const { routePattern } = await import("@/lib/observability/prometheus");
    expect(routePattern("http://x/api/v1/models/api/predict", { name: "api" })).toBe("/api/v1/models/:name/predict");
    expect(routePattern("http://x/api/v1/models/m%20x/versions/1", { name: "m x", version: "1" })).toBe(
      "/api/v1/models/:name/versions/:version",
    );
    expect(routePattern("http://x/api/v1/models", undefined)).toBe("/api/v1/models");
  });
});
