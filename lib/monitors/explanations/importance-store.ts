import type { SqlConnection } from "@/lib/db/open-database";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { windowCompleteness, type WindowCompleteness } from "@/lib/monitors/shared/provisional";
import { importanceShares, type WindowImportance } from "./production-importance";

/**
 * The one owner of attribution_results: the explanations job writes a window's production
 * importance through it, and the pages and alerts read it through the typed readers below.
 */

export type ImportanceRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  feature: string;
  mean_abs: number;
  mean: number;
  /** Explained records behind the figure. */
  records: number;
  /** Predictions in the window, of which `records` were sampled. */
  predictions: number;
  method: string;
  space: string;
};

/** A stored row with whether its window is provisional (open, or fewer than explanations.minRecords records). */
export type JudgedImportanceRow = ImportanceRow & WindowCompleteness;

const COLUMNS = `model_version_id::text AS model_version_id, window_start, window_end, feature, mean_abs, mean, records, predictions, method, space`;

/**
 * Replaces the window's importance inside the caller's transaction (a feature no longer explained
 * is removed; null, nothing explained, removes them all).
 */
export async function writeImportance(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; predictions: number; importance: WindowImportance | null },
): Promise<void> {
  const { runId, versionId, window, predictions } = options;
  const features = options.importance?.features ?? [];
  const bounds = [versionId, window.start.toISOString(), window.end.toISOString()];
  await tx.query(
    `DELETE FROM attribution_results WHERE model_version_id = $1::uuid AND window_start = $2 AND window_end = $3 AND NOT (feature = ANY($4::text[]))`,
    [...bounds, features.map((f) => f.feature)],
  );
  const importance = options.importance;
  if (!importance) return;
  for (const f of features) {
    await tx.query(
      `INSERT INTO attribution_results (run_id, model_version_id, window_start, window_end, feature, mean_abs, mean, records, predictions, method, space)
       VALUES ($4, $1::uuid, $2, $3, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (model_version_id, window_start, window_end, feature) DO UPDATE SET run_id = EXCLUDED.run_id, mean_abs = EXCLUDED.mean_abs,
         mean = EXCLUDED.mean, records = EXCLUDED.records, predictions = EXCLUDED.predictions, method = EXCLUDED.method,
         space = EXCLUDED.space, computed_at = now()`,
      [...bounds, runId, f.feature, f.meanAbs, f.mean, importance.records, predictions, importance.method, importance.space],
    );
  }
}

/** Every stored feature row of the versions whose window starts in [from, to), oldest first. */
export async function readImportance(
  sql: SqlConnection,
  options: { versionIds: string[]; from: Date; to: Date; minimum: number; now: Date },
): Promise<JudgedImportanceRow[]> {
  const rows = await sql.query<ImportanceRow>(
    `SELECT ${COLUMNS} FROM attribution_results
      WHERE model_version_id = ANY($1::uuid[]) AND window_start >= $2 AND window_start < $3
      ORDER BY window_start, mean_abs DESC, feature`,
    [options.versionIds, options.from.toISOString(), options.to.toISOString()],
  );
  return rows.map((r) => ({
    ...r,
    ...windowCompleteness({ end: new Date(r.window_end), count: r.records, minimum: options.minimum, now: options.now }),
  }));
}

/**
 * Production importance of a version over a range: per feature, the records-weighted mean of its
 * judged windows' mean |attribution| (provisional windows left out), with the records behind it.
 * Null when no judged window has any.
 */
export function pooledImportance(
  rows: readonly JudgedImportanceRow[],
): { features: { feature: string; meanAbs: number; mean: number }[]; records: number; windows: number } | null {
  const judged = rows.filter((r) => !r.provisional);
  if (!judged.length) return null;
  const byFeature = new Map<string, { abs: number; signed: number; weight: number }>();
  const windows = new Map<number, number>();
  for (const r of judged) {
    const t = byFeature.get(r.feature) ?? { abs: 0, signed: 0, weight: 0 };
    t.abs += r.mean_abs * r.records;
    t.signed += r.mean * r.records;
    t.weight += r.records;
    byFeature.set(r.feature, t);
    windows.set(new Date(r.window_start).getTime(), r.records);
  }
  const features = [...byFeature].map(([feature, t]) => ({ feature, meanAbs: t.abs / t.weight, mean: t.signed / t.weight }));
  features.sort((a, b) => b.meanAbs - a.meanAbs || a.feature.localeCompare(b.feature));
  return { features, records: [...windows.values()].reduce((a, b) => a + b, 0), windows: windows.size };
}

/**
 * Each feature's share of the version's production importance over [from, to) (judged windows
 * only), or null when none is stored there: what alerts rank drifted features by.
 */
export async function readImportanceShares(
  sql: SqlConnection,
  options: { versionId: string; from: Date; to: Date; minimum: number; now: Date },
): Promise<Map<string, number> | null> {
  const pooled = pooledImportance(await readImportance(sql, { ...options, versionIds: [options.versionId] }));
  return pooled ? importanceShares(pooled.features) : null;
}
