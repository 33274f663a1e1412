import { describe, expect, it } from "vitest";
import { preferExact } from "@/lib/explain/explain-records";
import type { Explainer, ExplanationMethod } from "@/lib/explain/types";

// Which explainer answers: the exact one (trees, linear) except in probability space when
// KernelSHAP would enumerate every coalition and so be exact there too.

const recording = (method: ExplanationMethod, calls: string[]): Explainer => ({
  method,
  explain: async (_columns, _rows, options) => {
    calls.push(`${method}:${options.space}`);
    return { method, space: options.space, records: [] };
  },
});

describe("choosing between an exact explainer and sampling", () => {
  it("sends probability requests to enumerating KernelSHAP with few features, margin ones to the exact explainer", async () => {
    const calls: string[] = [];
    const explainer = preferExact(recording("tree-shap", calls), recording("kernel-shap", calls), 9);
    expect(explainer.method).toBe("tree-shap");
    await explainer.explain(new Map(), 0, { space: "probability" });
    await explainer.explain(new Map(), 0, { space: "margin" });
    await explainer.explain(new Map(), 0, { space: "value" });
    expect(calls).toEqual(["kernel-shap:probability", "tree-shap:margin", "tree-shap:value"]);
  });

  it("keeps the exact explainer when KernelSHAP would have to sample", async () => {
    const calls: string[] = [];
    const explainer = preferExact(recording("linear-exact", calls), recording("kernel-shap", calls), 10);
    await explainer.explain(new Map(), 0, { space: "probability" });
    // A budget large enough to enumerate 10 features (2^10 − 2 = 1,022 coalitions) goes back to sampling.
    await explainer.explain(new Map(), 0, { space: "probability", samples: 1022 });
    expect(calls).toEqual(["linear-exact:probability", "kernel-shap:probability"]);
  });
});
