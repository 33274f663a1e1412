import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/core/errors";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { drawBackground } from "@/lib/explain/background";

const ROWS = 4000;

function manifest(withProfile = true) {
  return manifestSchema.parse({
    schemaVersion: 1,
    task: "binary",
    features: [
      { name: "amount", type: "numeric", nullable: true, range: { min: 0 } },
      { name: "is_new", type: "boolean" },
      { name: "country", type: "categorical", categories: ["US", "DE", "FR"] },
    ],
    outputs: { classes: ["no", "yes"], threshold: 0.5 },
    evaluation: { successCriteria: { primaryMetric: "auc", deployThreshold: 0.5 }, test: {}, baselines: [] },
    ...(withProfile
      ? {
          referenceProfile: {
            rows: 1000,
            features: {
              // Three bins holding 10 %, 60 % and 30 % of the rows; one row in five is missing.
              amount: {
                kind: "numeric",
                count: 800,
                missing: 200,
                min: -5,
                max: 30,
                mean: 12,
                std: 6,
                binEdges: [-5, 10, 20, 30],
                binCounts: [80, 480, 240],
              },
              is_new: {
                kind: "numeric",
                count: 1000,
                missing: 0,
                min: 0,
                max: 1,
                mean: 0.25,
                std: 0.43,
                binEdges: [0, 1],
                binCounts: [1000],
              },
              // "__other__" and "JP" name nothing the model declares: never drawn.
              country: {
                kind: "categorical",
                count: 1000,
                missing: 0,
                frequencies: { US: 500, DE: 250, JP: 100, __other__: 150 },
              },
            },
          },
        }
      : {}),
  });
}

const share = (values: ArrayLike<unknown>, keep: (v: unknown) => boolean) =>
  Array.from(values).filter(keep).length / values.length;

describe("the background drawn from the reference profile", () => {
  const { columns, rows } = drawBackground(manifest(), ROWS);
  const amount = columns.get("amount") as Float32Array;

  it("follows each numeric histogram bin's share, its missing share, and the declared range", () => {
    expect(rows).toBe(ROWS);
    // Binomial standard error at n = 4000 is under 0.008; 0.03 is about four of them.
    expect(share(amount, (v) => Number.isNaN(v))).toBeCloseTo(0.2, 1);
    const present = Array.from(amount).filter((v) => !Number.isNaN(v));
    expect(Math.abs(share(present, (v) => (v as number) < 10) - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(share(present, (v) => (v as number) >= 20) - 0.3)).toBeLessThan(0.03);
    expect(Math.min(...present)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...present)).toBeLessThanOrEqual(30);
  });

  it("draws booleans as 0/1 at the profile's share of true, and only declared categories at their relative frequency", () => {
    const isNew = columns.get("is_new") as Float32Array;
    expect(new Set(isNew)).toEqual(new Set([0, 1]));
    expect(Math.abs(share(isNew, (v) => v === 1) - 0.25)).toBeLessThan(0.03);
    const country = columns.get("country") as string[];
    expect(new Set(country)).toEqual(new Set(["US", "DE"]));
    expect(Math.abs(share(country, (v) => v === "US") - 2 / 3)).toBeLessThan(0.03);
  });

  it("is the same draw every time, and refuses a manifest without a profile (409)", () => {
    expect(drawBackground(manifest(), ROWS).columns).toEqual(columns);
    expect(() => drawBackground(manifest(false))).toThrow(ApiError);
    expect(() => drawBackground(manifest(false))).toThrow(expect.objectContaining({ status: 409 }));
  });

  it("reads a boolean profiled as the categories true/false (as monitoring compares it) by its share of true", () => {
    const base = manifest();
    const asCategories = {
      ...base,
      referenceProfile: {
        ...base.referenceProfile!,
        features: {
          ...base.referenceProfile!.features,
          is_new: { kind: "categorical" as const, count: 1000, missing: 0, frequencies: { true: 250, false: 750 } },
        },
      },
    };
    const isNew = drawBackground(asCategories, ROWS).columns.get("is_new") as Float32Array;
    expect(new Set(isNew)).toEqual(new Set([0, 1]));
    expect(Math.abs(share(isNew, (v) => v === 1) - 0.25)).toBeLessThan(0.03);
  });
});
