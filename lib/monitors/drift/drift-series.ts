import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { findPlanColumnOrThrow, getReportedVersionOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { referenceKey } from "@/lib/monitors/shared/monitoring-settings";
import { rangeIsOrdered, rangeOrderIssue, reportQueryShape, resolveRange } from "@/lib/monitors/shared/report-query";

/**
 * Stored drift results shaped for charts: one series per column (feature, or output as
 * "output:NAME") and method, points in window order; the dataset verdict per window; and the
 * data-quality checks as series of their own.
 */

export const driftQuerySchema = z
  .object({ ...reportQueryShape, feature: z.string().min(1).max(200).optional() })
  .strict()
  .refine(rangeIsOrdered, rangeOrderIssue);
export type DriftQuery = z.infer<typeof driftQuerySchema>;

type ResultRow = {
  column_kind: string;
  column: string;
  method: string;
  effect_method: string;
  window_start: Date;
  window_end: Date;
  statistic: number | null;
  p_value: number | null;
  p_adjusted: number | null;
  effect_size: number | null;
  threshold: number;
  decision: string;
  reference_size: number;
  current_size: number;
  note: string | null;
};

/** A row of drift_windows: the dataset-level verdict of one window, as SQL returns it. */
export type DriftWindowRow = {
  window_start: Date;
  window_end: Date;
  rows: number;
  features_tested: number;
  features_drifted: number;
  drifted_share: number | null;
  weighted_score: number | null;
  verdict: string;
};

type QualityRow = {
  column: string;
  check: string;
  window_start: Date;
  window_end: Date;
  value: number | null;
  expected: number | null;
  threshold: number | null;
  flagged: boolean;
  details: unknown;
};

const columnLabel = (kind: string, column: string) => (kind === "output" ? `output:${column}` : column);

function parseColumn(feature: string | undefined): { kind: string; column: string } | null {
  if (!feature) return null;
  return feature.startsWith("output:")
    ? { kind: "output", column: feature.slice("output:".length) }
    : { kind: "feature", column: feature };
}

export async function getDriftSeries(db: Database, modelName: string, query: DriftQuery) {
  const { settings, version } = await getReportedVersionOrThrow(db.prisma, modelName, query.version);
  const range = resolveRange(query);
  const reference = query.reference ?? referenceKey(settings.reference);
  const wanted = parseColumn(query.feature);
  if (query.feature) findPlanColumnOrThrow(version, query.feature);
  const base = [version.versionId, query.segment, reference, range.start.toISOString(), range.end.toISOString()];
  const inRange = `model_version_id = $1::uuid AND segment = $2 AND reference = $3 AND window_start >= $4::timestamptz AND window_start < $5::timestamptz`;

  const results = await db.sql.query<ResultRow>(
    `SELECT column_kind, "column", method, effect_method, window_start, window_end, statistic, p_value, p_adjusted, effect_size,
       threshold, decision, reference_size, current_size, note
     FROM drift_results WHERE ${inRange} ${wanted ? `AND column_kind = $6 AND "column" = $7` : ""}
     ORDER BY column_kind, "column", method, effect_method, window_start`,
    wanted ? [...base, wanted.kind, wanted.column] : base,
  );
  const windows = await db.sql.query<DriftWindowRow>(
    `SELECT window_start, window_end, rows, features_tested, features_drifted, drifted_share, weighted_score, verdict
     FROM drift_windows WHERE ${inRange} ORDER BY window_start`,
    base,
  );
  const quality = await db.sql.query<QualityRow>(
    `SELECT "column", "check", window_start, window_end, value, expected, threshold, flagged, details
     FROM quality_results WHERE ${inRange} ${wanted ? `AND "column" IN ($6, '')` : ""}
     ORDER BY "column", "check", window_start`,
    wanted ? [...base, columnLabel(wanted.kind, wanted.column)] : base,
  );
  const segments = await db.sql.query<{ segment: string }>(
    `SELECT DISTINCT segment FROM drift_windows
     WHERE model_version_id = $1::uuid AND reference = $2 AND segment <> '' AND window_start >= $3::timestamptz AND window_start < $4::timestamptz
     ORDER BY segment`,
    [version.versionId, reference, range.start.toISOString(), range.end.toISOString()],
  );

  const series = new Map<string, { column: string; kind: string; method: string; effectMethod: string; points: unknown[] }>();
  for (const r of results) {
    const key = `${r.column_kind}\u0000${r.column}\u0000${r.method}\u0000${r.effect_method}`;
    let s = series.get(key);
    if (!s)
      series.set(
        key,
        (s = {
          column: columnLabel(r.column_kind, r.column),
          kind: r.column_kind,
          method: r.method,
          effectMethod: r.effect_method,
          points: [],
        }),
      );
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
  const qualitySeries = new Map<string, { column: string; check: string; points: unknown[] }>();
  for (const q of quality) {
    const key = `${q.column}\u0000${q.check}`;
    let s = qualitySeries.get(key);
    if (!s) qualitySeries.set(key, (s = { column: q.column, check: q.check, points: [] }));
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
      datasetDriftShare: settings.datasetDriftShare,
    },
    segments: segments.map((s) => s.segment),
    windows: windows.map((w) => ({
      start: w.window_start.toISOString(),
      end: w.window_end.toISOString(),
      rows: w.rows,
      verdict: w.verdict,
      featuresTested: w.features_tested,
      featuresDrifted: w.features_drifted,
      driftedShare: w.drifted_share,
      weightedScore: w.weighted_score,
    })),
    series: [...series.values()],
    quality: [...qualitySeries.values()],
  };
}
