import { describe, expect, it } from "vitest";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { manifestJsonSchema } from "@/lib/core/manifest/manifest-json-schema";
import { binaryManifest } from "../helpers/fixtures";

const issues = (io: unknown) => {
  const result = manifestSchema.safeParse(binaryManifest({ io } as never));
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("manifest.io", () => {
  it("is optional: a manifest without it is Tidemark's own layout", () => {
    expect(manifestSchema.parse(binaryManifest()).io).toBeUndefined();
  });

  it("accepts a per-feature binding and a matrix one", () => {
    expect(
      issues({
        inputs: {
          layout: "per_feature",
          bindings: [
            { feature: "amount", input: "amount", dtype: "float64" },
            { feature: "country", input: "country", dtype: "string" },
            { feature: "is_new", input: "is_new", dtype: "int64" },
          ],
        },
        output: { name: "output_probability", kind: "probabilities", label: "output_label" },
      }),
    ).toEqual([]);
    const numeric = binaryManifest({
      features: [
        { name: "a", type: "numeric" },
        { name: "b", type: "boolean" },
      ],
      io: {
        inputs: { layout: "matrix", input: "input", dtype: "float32", features: ["b", "a"] },
        output: { name: "logit", kind: "logits" },
      },
    });
    expect(manifestSchema.safeParse(numeric).success).toBe(true);
  });

  it("names every binding that does not fit the features or the task", () => {
    expect(
      issues({
        inputs: { layout: "matrix", input: "input", dtype: "float32", features: ["amount", "country", "nope", "amount"] },
        output: { name: "value", kind: "value" },
      }),
    ).toEqual([
      {
        path: "io.inputs.features.1",
        message:
          '"country" is categorical; a matrix input takes numbers only (encode it inside the graph, one string input per column)',
      },
      { path: "io.inputs.features.2", message: 'names no feature "nope"' },
      { path: "io.inputs.features.3", message: 'binds "amount" twice' },
      { path: "io.inputs.features", message: 'must bind the feature "is_new"' },
      { path: "io.output.kind", message: "must be probabilities or logits for binary models" },
    ]);
    expect(
      issues({
        inputs: {
          layout: "per_feature",
          bindings: [
            { feature: "amount", input: "amount", dtype: "string" },
            { feature: "country", input: "country", dtype: "float32" },
            { feature: "is_new", input: "is_new", dtype: "float32" },
          ],
        },
        output: { name: "p", kind: "probabilities" },
      }),
    ).toEqual([
      { path: "io.inputs.bindings.0.dtype", message: 'string does not fit the numeric feature "amount"' },
      { path: "io.inputs.bindings.1.dtype", message: 'float32 does not fit the categorical feature "country"' },
    ]);
    expect(issues({ inputs: { layout: "columns" }, output: { name: "p", kind: "probabilities" } })).toEqual([
      { path: "io.inputs.layout", message: "layout must be per_feature or matrix" },
    ]);
  });

  it("is in the published JSON Schema", () => {
    const schema = manifestJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain("io");
  });
});
