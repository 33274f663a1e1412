import { describe, expect, it } from "vitest";
import { CURVE_GRID, evaluationCharts, prOnGrid, rocOnGrid } from "@/lib/training/evaluation/evaluation-charts";
import { evaluationDetail } from "@/lib/training/evaluation/evaluate-predictions";
import { evaluationChartsSchema } from "@/lib/core/manifest/manifest-schema";
import { mulberry32 } from "../helpers/seeded-random";

const at = (points: { x: number; y: number }[], x: number) => points.find((p) => Math.abs(p.x - x) < 1e-9)!.y;

describe("evaluation charts for the dashboard", () => {
  it("resample ROC as the best TPR reached without exceeding each FPR, and PR as interpolated precision", () => {
    const roc = rocOnGrid([
      { x: 0, y: 0 },
      { x: 0, y: 0.5 },
      { x: 0.5, y: 1 },
      { x: 1, y: 1 },
    ]);
    expect(roc).toHaveLength(CURVE_GRID);
    expect([at(roc, 0), at(roc, 0.48), at(roc, 0.5), at(roc, 1)]).toEqual([0.5, 0.5, 1, 1]);
    const pr = prOnGrid([
      { x: 0, y: 1 },
      { x: 0.5, y: 0.8 },
      { x: 1, y: 0.5 },
    ]);
    expect([at(pr, 0), at(pr, 0.5), at(pr, 0.52), at(pr, 1)]).toEqual([1, 0.8, 0.5, 0.5]);
  });

  it("carry a binary model's test curves, confusion at its threshold, its loss curve and the audit, within the manifest schema", () => {
    const u = mulberry32(5);
    const n = 2000;
    const y = Float64Array.from({ length: n }, () => (u() < 0.4 ? 1 : 0));
    const scores = Float64Array.from(y, (t) => Math.min(1, Math.max(0, 0.35 * t + 0.65 * u())));
    const detail = evaluationDetail({ task: "binary", scores }, y, 0.5);
    const charts = evaluationCharts({
      model: "mlp",
      detail,
      classes: ["no", "yes"],
      threshold: 0.5,
      mlpHistory: Array.from({ length: 300 }, (_, i) => ({
        epoch: i + 1,
        trainLoss: 1 / (i + 1),
        validationLoss: 1.1 / (i + 1),
      })),
      findings: [{ check: "class_imbalance", severity: "info", message: "fine" }],
    });
    expect(charts.roc).toHaveLength(CURVE_GRID);
    expect(at(charts.roc!, 1)).toBe(1);
    // TPR never falls as FPR grows; precision never rises as recall grows.
    expect(charts.roc!.every((p, i) => i === 0 || p.y >= charts.roc![i - 1].y)).toBe(true);
    expect(charts.pr!.every((p, i) => i === 0 || p.y <= charts.pr![i - 1].y)).toBe(true);
    expect(charts.confusion).toEqual({
      labels: ["no", "yes"],
      matrix: detail.kind === "binary" ? detail.confusion : [],
      threshold: 0.5,
    });
    expect(charts.confusion!.matrix.flat().reduce((a, b) => a + b, 0)).toBe(n);
    expect(charts.loss).toHaveLength(200);
    expect(charts.loss![0]).toEqual({ step: 1, train: 1, validation: 1.1 });
    expect(charts.loss!.at(-1)!.step).toBe(300);
    expect(charts.lossUnit).toBe("epoch");
    expect(charts.audit).toEqual([{ severity: "info", check: "class_imbalance", message: "fine" }]);
    expect(evaluationChartsSchema.safeParse(charts).success).toBe(true);
    expect(JSON.stringify(charts).length).toBeLessThan(20_000);
  });
});
