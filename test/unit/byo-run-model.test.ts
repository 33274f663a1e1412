import { describe, expect, it } from "vitest";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { loadSession } from "@/lib/inference/load-session";
import { bindModelIo } from "@/lib/inference/model-io/bind-model-io";
import { prepareOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";
import { runModel } from "@/lib/inference/run-model";
import { validateRecords } from "@/lib/inference/validate-records";
import { byoManifest, expectedOutputs, loadByoFixture, SERVABLE_FIXTURES } from "../helpers/byo-fixtures";

describe("runModel on ONNX files as their exporters wrote them", () => {
  it.each(SERVABLE_FIXTURES)("%s: equals the exporter's own outputs within 1e-5", async (stem) => {
    const fixture = loadByoFixture(stem);
    const manifest = manifestSchema.parse(byoManifest(fixture));
    const prepared = prepareOnnxModel(fixture.onnx);
    const session = await loadSession(prepared.bytes);
    const binding = await bindModelIo(session, manifest, { zipMapClasses: prepared.zipMapClasses });
    expect(binding.problems).toEqual([]);
    const bound = { ...manifest, io: binding.io };
    const { columns, problems } = validateRecords(manifest.features, fixture.inputs);
    expect(problems).toEqual([]);
    const outputs = await runModel(session, bound, columns, fixture.inputs.length);
    const expected = expectedOutputs(fixture);
    expect(outputs).toHaveLength(expected.length);
    outputs.forEach((output, i) => {
      const want = expected[i];
      if ("value" in want) {
        expect("value" in output && Math.abs(output.value - want.value)).toBeLessThan(1e-5);
      } else {
        for (const [cls, p] of Object.entries(want.probabilities)) {
          expect(Math.abs(("probabilities" in output ? output.probabilities[cls] : NaN) - p)).toBeLessThan(1e-5);
        }
      }
    });
  });
});
