import { describe, expect, it } from "vitest";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { computeWindowPerformance } from "@/lib/monitors/performance/compute-window-performance";
import type { WindowRow } from "@/lib/monitors/shared/window-rows";
import { binaryManifest } from "../helpers/fixtures";
import { mulberry32 } from "../helpers/seeded-random";

// Realized metrics from a handful of labels are noise: they are stored, but only judged against
// the deploy threshold from outcomes.minLabels labelled predictions on.

const manifest = manifestSchema.parse(binaryManifest());
const [negative, positive] = manifest.outputs.classes!;
const at = new Date(Date.UTC(2026, 10, 1, 5));

/** n predictions, the first `labeled` of them labelled, scores unrelated to the labels (AUC ≈ 0.5, below any useful threshold). */
function rows(n: number, labeled: number, seed = 1): WindowRow[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = u();
    return {
      createdAt: at,
      output: { label: p >= 0.5 ? positive : negative, probabilities: { [positive]: p, [negative]: 1 - p } },
      entityId: null,
      latencyMs: 1,
      outcome: i < labeled ? { label: u() < 0.5 ? positive : negative, value: null, observedAt: at } : null,
    };
  });
}

describe("realized performance of a window", () => {
  it("is not judged from fewer labels than minLabels, and is from that many on", () => {
    const few = computeWindowPerformance(manifest, rows(400, 29), { minLabels: 30 }).find((r) => r.kind === "realized")!;
    expect(few.labeled).toBe(29);
    expect(few.primaryValue).not.toBeNull();
    expect(few.meetsThreshold).toBeNull();
    const enough = computeWindowPerformance(manifest, rows(400, 30), { minLabels: 30 }).find((r) => r.kind === "realized")!;
    expect(enough.labeled).toBe(30);
    expect(enough.meetsThreshold).toBe(false);
    // The estimate rests on every prediction, labelled or not, and is judged either way.
    expect(
      computeWindowPerformance(manifest, rows(400, 29), { minLabels: 30 }).find((r) => r.kind === "estimated")!.meetsThreshold,
    ).not.toBeNull();
  });

  it("defaults to 30 labels", () => {
    expect(computeWindowPerformance(manifest, rows(400, 9)).find((r) => r.kind === "realized")!.meetsThreshold).toBeNull();
    expect(computeWindowPerformance(manifest, rows(400, 200)).find((r) => r.kind === "realized")!.meetsThreshold).toBe(false);
  });
});
