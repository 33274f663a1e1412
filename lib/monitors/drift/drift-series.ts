import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { findPlanColumnOrThrow, getReportedVersionOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { referenceKey } from "@/lib/monitors/shared/monitoring-settings";
import { rangeIsOrdered, rangeOrderIssue, reportQueryShape, resolveRange } from "@/lib/monitors/shared/report-query";
import { readQualityResults, type QualityResultRow } from "@/lib/monitors/quality/quality-store";
import { readDriftResults, readDriftSegments, readDriftWindows } from "./drift-store";
import type { DecidedColumn } from "./decide-drift";
import type { WindowEvaluation } from "./evaluate-window";
import { evaluateOpenWindow } from "./open-window";

/**
 * Stored drift results shaped for charts: one series per column (feature, or output as
 * "output:NAME") and method, points in window order; the dataset verdict per window; and the
 * data-quality checks as series of their own. The window still open is appended "so far", marked
 * `provisional: true` (see open-window.ts): shown, never stored, never deciding anything.
 */

export const driftQuerySchema = z
  .object({ ...reportQueryShape, feature: z.string().min(1).max(200).optional() })
  .strict()
  .refine(rangeIsOrdered, rangeOrderIssue);
export type DriftQuery = z.infer<typeof driftQuerySchema>;

export type DriftPoint = {
  start: string;
  end: string;
  decision: string;
  statistic: number | null;
  pValue: number | null;
  pAdjusted: number | null;
  effectSize: number | null;
  threshold: number;
  referenceSize: number;
  currentSize: number;
  note?: string;
  /** The window is still open: its result so far, not counted by any state, verdict or alert. */
  provisional?: true;
};
export type DriftColumnSeries = { column: string; kind: string; method: string; effectMethod: string; points: DriftPoint[] };

export type QualityPoint = {
  start: string;
  end: string;
  value: number | null;
  expected: number | null;
  threshold: number | null;
  flagged: boolean;
  details: QualityResultRow["details"];
};
export type QualitySeries = { column: string; check: string; points: QualityPoint[] };

export type DriftWindowPoint = {
  start: string;
  end: string;
  rows: number;
  verdict: string;
  featuresTested: number;
  featuresDrifted: number;
  driftedShare: number | null;
  weightedScore: number | null;
  provisional?: true;
};

const columnLabel = (kind: string, column: string) => (kind === "output" ? `output:${column}` : column);

function parseColumn(feature: string | undefined): { kind: string; column: string } | null {
  if (!feature) return null;
  return feature.startsWith("output:")
    ? { kind: "output", column: feature.slice("output:".length) }
    : { kind: "feature", column: feature };
}

function provisionalPoint(c: DecidedColumn, window: { start: Date; end: Date }): DriftPoint {
  return {
    start: window.start.toISOString(),
    end: window.end.toISOString(),
    decision: c.decision,
    statistic: c.statistic,
    pValue: c.pValue,
    pAdjusted: c.pAdjusted,
    effectSize: c.effectSize,
    threshold: c.threshold,
    referenceSize: c.referenceSize,
    currentSize: c.currentSize,
    ...(c.insufficient ? { note: c.insufficient } : {}),
    provisional: true,
  };
}

/** The open window's columns, as the last point of their series (new series for columns not stored yet). */
function appendOpenWindow(
  series: Map<string, DriftColumnSeries>,
  open: { window: { start: Date; end: Date }; evaluation: WindowEvaluation },
  filter: { segment: string; wanted: { kind: string; column: string } | null },
) {
  const { segment, wanted } = filter;
  for (const c of open.evaluation.columns) {
    if (c.segment !== segment || (wanted && (c.columnKind !== wanted.kind || c.column !== wanted.column))) continue;
    const key = `${c.columnKind}\u0000${c.column}\u0000${c.method}\u0000${c.effectMethod}`;
    const s = series.get(key) ?? {
      column: columnLabel(c.columnKind, c.column),
      kind: c.columnKind,
      method: c.method,
      effectMethod: c.effectMethod,
      points: [],
    };
    series.set(key, s);
    s.points.push(provisionalPoint(c, open.window));
  }
}

function provisionalWindow(
  open: { window: { start: Date; end: Date }; evaluation: WindowEvaluation },
  segment: string,
): DriftWindowPoint {
  const verdict = open.evaluation.verdicts.find((v) => v.segment === segment);
  return {
    start: open.window.start.toISOString(),
    end: open.window.end.toISOString(),
    rows: open.evaluation.rowsBySegment[segment] ?? 0,
    verdict: verdict?.verdict ?? "insufficient_data",
    featuresTested: verdict?.featuresTested ?? 0,
    featuresDrifted: verdict?.featuresDrifted ?? 0,
    driftedShare: verdict?.driftedShare ?? null,
    weightedScore: verdict?.weightedScore ?? null,
    provisional: true,
  };
}

export async function getDriftSeries(db: Database, modelName: string, query: DriftQuery) {
  const { settings, version } = await getReportedVersionOrThrow(db.prisma, modelName, query.version);
  const range = resolveRange(query);
  const reference = query.reference ?? referenceKey(settings.reference);
  const wanted = parseColumn(query.feature);
  if (query.feature) findPlanColumnOrThrow(version, query.feature);
  const scope = { versionId: version.versionId, segment: query.segment, reference, from: range.start, to: range.end };
  const results = await readDriftResults(db.sql, {
    ...scope,
    column: wanted ? { kind: wanted.kind, name: wanted.column } : undefined,
  });
  const windows = await readDriftWindows(db.sql, scope);
  const quality = await readQualityResults(db.sql, {
    ...scope,
    column: wanted ? columnLabel(wanted.kind, wanted.column) : undefined,
  });
  const segments = await readDriftSegments(db.sql, { versionId: version.versionId, reference, from: range.start, to: range.end });

  const series = new Map<string, DriftColumnSeries>();
  for (const r of results) {
    const key = `${r.column_kind}\u0000${r.column}\u0000${r.method}\u0000${r.effect_method}`;
    const s = series.get(key) ?? {
      column: columnLabel(r.column_kind, r.column),
      kind: r.column_kind,
      method: r.method,
      effectMethod: r.effect_method,
      points: [],
    };
    series.set(key, s);
    s.points.push({
      start: r.window_start.toISOString(),
      end: r.window_end.toISOString(),
      decision: r.decision,
      statistic: r.statistic,
      pValue: r.p_value,
      pAdjusted: r.p_adjusted,
      effectSize: r.effect_size,
      threshold: r.threshold,
      referenceSize: r.reference_size,
      currentSize: r.current_size,
      ...(r.note ? { note: r.note } : {}),
    });
  }
  const stored = new Set(windows.map((w) => w.window_start.getTime()));
  const open = await evaluateOpenWindow(db, { version, settings, segment: query.segment, range, now: new Date() });
  const openWindow = open && !stored.has(open.window.start.getTime()) ? open : null;
  if (openWindow) appendOpenWindow(series, openWindow, { segment: query.segment, wanted });
  const qualitySeries = new Map<string, QualitySeries>();
  for (const q of quality) {
    const key = `${q.column}\u0000${q.check}`;
    const s = qualitySeries.get(key) ?? { column: q.column, check: q.check, points: [] };
    qualitySeries.set(key, s);
    s.points.push({
      start: q.window_start.toISOString(),
      end: q.window_end.toISOString(),
      value: q.value,
      expected: q.expected,
      threshold: q.threshold,
      flagged: q.flagged,
      details: q.details,
    });
  }
  return {
    model: version.modelName,
    version: version.version,
    segment: query.segment,
    reference,
    from: range.start.toISOString(),
    to: range.end.toISOString(),
    rule: {
      fdr: settings.fdr,
      minSampleSize: settings.minSampleSize,
      effectFloors: settings.effectFloors,
      effectNoiseQuantile: settings.effectNoiseQuantile,
      datasetDriftShare: settings.datasetDriftShare,
    },
    segments,
    windows: windows.map(
      (w): DriftWindowPoint => ({
        start: w.window_start.toISOString(),
        end: w.window_end.toISOString(),
        rows: w.rows,
        verdict: w.verdict,
        featuresTested: w.features_tested,
        featuresDrifted: w.features_drifted,
        driftedShare: w.drifted_share,
        weightedScore: w.weighted_score,
      }),
    ),
    ...(openWindow ? { openWindow: provisionalWindow(openWindow, query.segment) } : {}),
    series: [...series.values()],
    quality: [...qualitySeries.values()],
  };
}
