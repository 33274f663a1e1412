import { describe, expect, it } from "vitest";
import { evaluateWindow } from "@/lib/monitors/drift/evaluate-window";
import { buildMonitoringPlan } from "@/lib/monitors/shared/monitoring-plan";
import { DEFAULT_MONITORING_SETTINGS } from "@/lib/monitors/shared/monitoring-settings";
import { ProfileBuilder } from "@/lib/monitors/profiles/profile-builder";
import { mergeBySegment } from "@/lib/monitors/profiles/production-profile";
import { trainingReferenceSet } from "@/lib/monitors/drift/reference-side";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { seededRandom } from "../helpers/seeded-random";
import { MEAN, SD, sumManifest } from "../helpers/large-sample-model";

// The 1M-row case at the profile level: a million production rows go through the same profile
// builder the profile job uses (hourly profiles, merged into the window), then the same window
// evaluation as the drift job, without the database in between. Feature `x` moved by 0.1 % of its
// mean (0.05 standard deviations): significant beyond doubt, far too small to matter, not drift.
// Feature `z` moved by 0.25 standard deviations: drift. test/integration/drift-large-sample.postgres
// .test.ts runs the same case through the prediction log and the jobs.

describe("a million rows", () => {
  it("a 0.1 % mean shift is significant but below the effect floor: no alarm; a real shift still is one", () => {
    const manifest = manifestSchema.parse(sumManifest(["x", "z"], 200_000));
    const plan = buildMonitoringPlan(manifest);
    const version = { modelId: "m", modelName: "sum", versionId: "v", version: 1, manifest, plan };
    const builder = new ProfileBuilder(plan);
    const rng = seededRandom(99);
    const start = Date.UTC(2026, 10, 20, 0);
    const rows = 1_000_000;
    for (let i = 0; i < rows; i++) {
      const x = Math.round(rng.normal(MEAN * 1.001, SD) * 1e4) / 1e4;
      const z = Math.round(rng.normal(MEAN + 0.25 * SD, SD) * 1e4) / 1e4;
      // Spread over four hours, so the window is a merge of hourly profiles as in production.
      builder.add({ createdAtMs: start + Math.floor((i * 4 * 3_600_000) / rows), features: { x, z }, output: { value: x + z } });
    }
    const deltas = builder.deltas();
    expect(new Set(deltas.map((d) => d.hourMs)).size).toBe(4);
    const current = mergeBySegment(deltas.map((d) => ({ segment: d.segment, profile: d.profile })));
    const evaluation = evaluateWindow({
      version,
      settings: DEFAULT_MONITORING_SETTINGS,
      current,
      segments: [],
      reference: trainingReferenceSet(version),
      previousWeeks: [],
    });
    const x = evaluation.columns.find((c) => c.column === "x")!;
    const z = evaluation.columns.find((c) => c.column === "z")!;
    expect(x.currentSize).toBe(rows);
    // Plain significance would call it drift…
    expect(x.pValue).toBeLessThan(1e-10);
    expect(x.pAdjusted).toBeLessThan(DEFAULT_MONITORING_SETTINGS.fdr);
    // …the effect is a twentieth of a standard deviation, under the 0.1 floor.
    expect(x.effectSize).toBeGreaterThan(0.03);
    expect(x.effectSize).toBeLessThan(0.07);
    expect(x.decision).toBe("no_drift");
    expect(z.effectSize).toBeGreaterThan(0.2);
    expect(z.decision).toBe("drift");
  }, 120_000);
});
