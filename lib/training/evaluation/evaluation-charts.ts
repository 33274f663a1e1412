// What the dashboard draws for a version's training evaluation, carried in its manifest so the
// registry needs nothing but the manifest: ROC and precision–recall curves, reliability bins and
// the confusion matrix on the test set, the loss curves of the exported model, the residual
// histogram of a regressor, and the audit's findings. Curves are resampled on a uniform grid so a
// chart with an evenly spaced axis (Tremor's line chart) draws them to scale, and so a manifest
// stays a few kilobytes whatever the size of the test set.

import type { Finding } from "../audit/finding";
import type { CurvePoint, EvaluationDetail } from "./evaluate-predictions";

export const CURVE_GRID = 51;
const MAX_LOSS_POINTS = 200;
const MAX_FINDINGS = 50;

export type EvaluationCharts = {
  model: string;
  roc?: CurvePoint[];
  pr?: CurvePoint[];
  calibration?: { meanPredicted: number; fractionPositive: number; count: number }[];
  confusion?: { labels: string[]; matrix: number[][]; threshold?: number };
  loss?: { step: number; train: number; validation: number | null }[];
  lossUnit?: "epoch" | "round";
  residuals?: { edges: number[]; counts: number[] };
  audit: { severity: string; check: string; message: string }[];
};

const grid = () => Array.from({ length: CURVE_GRID }, (_, i) => i / (CURVE_GRID - 1));

/** TPR at each false-positive rate of the grid: the best the curve reaches without exceeding it. */
export function rocOnGrid(points: readonly CurvePoint[]): CurvePoint[] {
  return grid().map((x) => ({ x, y: points.reduce((best, p) => (p.x <= x + 1e-12 && p.y > best ? p.y : best), 0) }));
}

/** Interpolated precision at each recall of the grid: the best precision at that recall or more. */
export function prOnGrid(points: readonly CurvePoint[]): CurvePoint[] {
  return grid().map((x) => ({ x, y: points.reduce((best, p) => (p.x >= x - 1e-12 && p.y > best ? p.y : best), 0) }));
}

function thinLoss<T>(rows: T[]): T[] {
  if (rows.length <= MAX_LOSS_POINTS) return rows;
  const step = (rows.length - 1) / (MAX_LOSS_POINTS - 1);
  return Array.from({ length: MAX_LOSS_POINTS }, (_, i) => rows[Math.round(i * step)]);
}

export function evaluationCharts(options: {
  model: string;
  detail: EvaluationDetail;
  classes?: string[];
  threshold?: number;
  mlpHistory?: readonly { epoch: number; trainLoss: number; validationLoss: number }[];
  treeHistory?: readonly { round: number; trainLoss: number; validationLoss?: number }[];
  findings: readonly Finding[];
}): EvaluationCharts {
  const { detail } = options;
  const charts: EvaluationCharts = {
    model: options.model,
    audit: options.findings.slice(0, MAX_FINDINGS).map((f) => ({ severity: f.severity, check: f.check, message: f.message })),
  };
  if (detail.kind === "binary") {
    charts.roc = rocOnGrid(detail.roc);
    charts.pr = prOnGrid(detail.pr);
    charts.calibration = detail.calibration
      .filter((b) => b.count > 0 && b.meanPredicted !== null && b.fractionPositive !== null)
      .map((b) => ({ meanPredicted: b.meanPredicted!, fractionPositive: b.fractionPositive!, count: b.count }));
    charts.confusion = {
      labels: options.classes ?? ["0", "1"],
      matrix: detail.confusion,
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    };
  } else if (detail.kind === "multiclass") {
    charts.confusion = { labels: options.classes ?? detail.confusion.map((_, i) => String(i)), matrix: detail.confusion };
  } else {
    charts.residuals = detail.residuals.histogram;
  }
  if (options.model === "mlp" && options.mlpHistory?.length) {
    charts.loss = thinLoss(options.mlpHistory.map((h) => ({ step: h.epoch, train: h.trainLoss, validation: h.validationLoss })));
    charts.lossUnit = "epoch";
  } else if (options.model === "gbdt" && options.treeHistory?.length) {
    charts.loss = thinLoss(
      options.treeHistory.map((h) => ({ step: h.round, train: h.trainLoss, validation: h.validationLoss ?? null })),
    );
    charts.lossUnit = "round";
  }
  return charts;
}
