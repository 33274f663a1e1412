import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { presentExplanation } from "@/lib/explain/present-explanation";
import type { ExplanationBatch } from "@/lib/explain/types";
import { ExplanationWaterfall } from "@/lib/dashboard/components/explanation-waterfall";

const manifest = manifestSchema.parse({
  schemaVersion: 1,
  task: "multiclass",
  features: [
    { name: "beak_mm", column: "Beak (mm)", type: "numeric" },
    { name: "island", type: "categorical", categories: ["A", "B"] },
    { name: "mass", type: "numeric" },
  ],
  outputs: { classes: ["x", "y", "z"] },
  evaluation: { successCriteria: { primaryMetric: "accuracy", deployThreshold: 0.5 }, test: {}, baselines: [] },
});

const batch: ExplanationBatch = {
  method: "kernel-shap",
  space: "probability",
  samples: 600,
  coalitions: 6,
  exact: true,
  backgroundRows: 100,
  records: [
    {
      outputs: ["x", "y", "z"],
      base: [0.5, 0.5, 0],
      output: [0.8, 0.2, 0],
      values: { beak_mm: [0.05, -0.05, 0], island: [-0.1, 0.1, 0], mass: [0.35, -0.35, 0] },
      additivityError: 0,
      samplingError: 0,
    },
  ],
};

describe("an explanation as predict answers it", () => {
  it("sorts by |value| per output, names features by their column, and sums what explain_top leaves out", () => {
    const all = presentExplanation(manifest, batch, batch.records[0]);
    expect(all.outputs[0].attributions.map((a) => [a.feature, a.value])).toEqual([
      ["mass", 0.35],
      ["island", -0.1],
      ["Beak (mm)", 0.05],
    ]);
    expect(all.outputs[0].omitted).toEqual({ features: 0, sum: 0 });
    const top = presentExplanation(manifest, batch, batch.records[0], 1);
    expect(top.outputs[1]).toMatchObject({
      name: "y",
      base: 0.5,
      output: 0.2,
      attributions: [{ feature: "mass", value: -0.35 }],
    });
    expect(top.outputs[1].omitted.features).toBe(2);
    expect(top.outputs[1].omitted.sum).toBeCloseTo(0.05, 12);
    expect(top).toMatchObject({ method: "kernel-shap", exact: true, coalitions: 6, samples: 600, backgroundRows: 100 });
  });

  it("draws the waterfall from the base through each step to the output", () => {
    const presented = presentExplanation(manifest, batch, batch.records[0], 2);
    const html = renderToStaticMarkup(
      createElement(ExplanationWaterfall, { explanation: presented, output: presented.outputs[0] }),
    );
    const labels = [...html.matchAll(/<td class="w-1\/3[^"]*">([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(labels).toEqual(["Base (average over the background)", "mass", "island", "1 other features", "Output"]);
    expect(html).toContain("+0.3500");
    expect(html).toContain("−0.1000");
    expect(html).toContain("exact Shapley values");
  });
});
