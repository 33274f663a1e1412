import { describe, expect, it } from "vitest";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { kernelShapExplainer } from "@/lib/explain/sampling/kernel-shap";
import { loadSession } from "@/lib/inference/load-session";
import { bindModelIo } from "@/lib/inference/model-io/bind-model-io";
import { prepareOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";
import { validateRecords } from "@/lib/inference/validate-records";
import { byoManifest, loadByoFixture } from "../../helpers/byo-fixtures";

// KernelSHAP on files as PyTorch and scikit-learn exported them, through the manifest's io binding
// (matrix input, per-column inputs with a string column, logits, ZipMap): each record's output is
// the exporter's own (the fixture's oracle), and the attributions add up to it; in margin space a
// multiclass model's attributions of one feature sum to 0 over the classes (centred log-probabilities).

async function explainFixture(stem: string, space: "probability" | "margin" | "value") {
  const fixture = loadByoFixture(stem);
  const manifest = manifestSchema.parse(byoManifest(fixture));
  const prepared = prepareOnnxModel(fixture.onnx);
  const session = await loadSession(prepared.bytes);
  const binding = await bindModelIo(session, manifest, { zipMapClasses: prepared.zipMapClasses });
  const bound = { ...manifest, io: binding.io };
  const { columns, problems } = validateRecords(manifest.features, fixture.inputs);
  expect(problems).toEqual([]);
  // The records themselves are the background: every value the exporter's graph accepts.
  const background = { columns, rows: fixture.inputs.length };
  const explainer = kernelShapExplainer({ session, manifest: bound, background });
  const records = validateRecords(manifest.features, fixture.inputs.slice(0, 4));
  const batch = await explainer.explain(records.columns, 4, { space });
  return { fixture, manifest, batch };
}

describe("KernelSHAP on exporters' ONNX files", () => {
  it.each([
    ["skl-logreg-iris-zipmap", "probability"],
    ["torch-multiclass-logits", "probability"],
    ["torch-binary-logit", "probability"],
    ["skl-columns-regression", "value"],
  ] as const)("%s: outputs are the exporter's, attributions add up to them", async (stem, space) => {
    const { fixture, batch } = await explainFixture(stem, space);
    batch.records.forEach((record, r) => {
      const expected =
        fixture.task === "regression"
          ? [fixture.expected.value![r]]
          : fixture.task === "binary"
            ? [fixture.expected.probabilities![r][1]]
            : fixture.expected.probabilities![r];
      for (const [o, value] of record.output.entries()) expect(Math.abs(value - expected[o])).toBeLessThan(1e-5);
      expect(record.additivityError).toBeLessThan(1e-9);
    });
  });

  it("multiclass margin: each feature's attributions sum to 0 over the classes", async () => {
    const { manifest, batch } = await explainFixture("torch-multiclass-logits", "margin");
    expect(batch.records[0].outputs).toEqual(manifest.outputs.classes);
    for (const record of batch.records) {
      for (const values of Object.values(record.values)) {
        expect(Math.abs(values.reduce((s, v) => s + v, 0))).toBeLessThan(1e-9);
        expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(1e-3);
      }
    }
  });
});
