import type { SqlConnection } from "@/lib/db/open-database";
import { dashboardPath } from "@/lib/alerts/observations/dashboard-path";
import {
  groupBySubject,
  round,
  subjectKey,
  windowOf,
  type ImportanceSource,
  type ModelContext,
  type ModelVersionRef,
  type Observation,
  type SourceOptions,
  type Subject,
  type SubjectObservations,
  type TopFeature,
} from "@/lib/alerts/observations/observation";
import type { ConditionOf } from "@/lib/alerts/rules/rule-schema";
import { recentDriftResults, recentDriftWindows, type DriftResultRow } from "@/lib/monitors/drift/drift-store";

/** Feature, output and dataset drift, from what the drift job stored (drift_results, drift_windows). */

type DriftRow = DriftResultRow;

const recent = (ctx: ModelContext, segment: string, windows: number) => ({
  versionIds: ctx.versions.map((v) => v.id),
  reference: ctx.referenceKey,
  segment,
  windows,
});

/**
 * A feature's importance for ranking: its share of production importance when the explanations
 * job measured it (what drives the model now), else the manifest's importance as the drift job
 * weighs it, else equal weights.
 */
export function featureImportance(version: ModelVersionRef, feature: string): { importance: number; source: ImportanceSource } {
  if (version.productionImportance)
    return { importance: round(version.productionImportance.get(feature) ?? 0) ?? 0, source: "production" };
  const declared = version.manifest.featureImportance;
  return declared ? { importance: declared[feature] ?? 0, source: "training" } : { importance: 1, source: "equal" };
}

/**
 * The window's drifted features, ranked by importance × drift, where drift is the effect size
 * relative to its decision threshold (so PSI and Wasserstein distances compare).
 */
export function topDriftedFeatures(rows: readonly DriftRow[], version: ModelVersionRef, limit = 5): TopFeature[] {
  return rows
    .filter((r) => r.column_kind === "feature" && r.decision === "drift")
    .map((r) => {
      const { importance, source } = featureImportance(version, r.column);
      const relative = r.effect_size !== null && r.threshold > 0 ? r.effect_size / r.threshold : 0;
      return {
        feature: r.column,
        importance,
        importanceSource: source,
        effectSize: round(r.effect_size),
        threshold: r.threshold,
        score: round(importance * relative) ?? 0,
      };
    })
    .sort((a, b) => b.score - a.score || a.feature.localeCompare(b.feature))
    .slice(0, limit);
}

const windowKey = (r: { model_version_id: string; window_start: Date; window_end: Date }) =>
  `${r.model_version_id}|${r.window_start.getTime()}|${r.window_end.getTime()}`;

function byWindow(rows: DriftRow[]): Map<string, DriftRow[]> {
  const map = new Map<string, DriftRow[]>();
  for (const r of rows) {
    const k = windowKey(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

const fmt = (x: number | null) => (x === null ? "n/a" : String(round(x, 3)));

function columnObservation(
  ctx: ModelContext,
  row: DriftRow,
  windowRows: DriftRow[],
  kind: "feature_drift" | "output_drift",
  segment: string,
): { subject: Subject; observation: Observation } | null {
  if (row.decision !== "drift" && row.decision !== "no_drift") return null;
  const version = ctx.versions.find((v) => v.id === row.model_version_id)!;
  const label = row.column_kind === "output" ? `output "${row.column}"` : `feature "${row.column}"`;
  const drifted = row.decision === "drift";
  return {
    subject: {
      key: "",
      version: version.version,
      feature: row.column_kind === "output" ? `output:${row.column}` : row.column,
      title: `${ctx.modelName} v${version.version}: ${label} drifted`,
    },
    observation: {
      windowStart: row.window_start,
      windowEnd: row.window_end,
      breaching: drifted,
      evidence: {
        summary: `${label} ${drifted ? "drifted" : "did not drift"}: ${row.effect_method} ${fmt(row.effect_size)} against a threshold of ${fmt(row.threshold)}, adjusted p ${fmt(row.p_adjusted)} (${row.method}), ${row.current_size} rows against ${row.reference_size} in the reference`,
        window: windowOf(row.window_start, row.window_end),
        statistic: {
          name: row.method,
          value: round(row.statistic),
          pValue: round(row.p_value),
          pAdjusted: round(row.p_adjusted),
        },
        effect: { method: row.effect_method, value: round(row.effect_size) },
        threshold: row.threshold,
        sampleSizes: { reference: row.reference_size, current: row.current_size },
        topFeatures: topDriftedFeatures(windowRows, version),
        link: dashboardPath({
          kind,
          model: ctx.modelName,
          version: version.version,
          feature: row.column_kind === "output" ? `output:${row.column}` : row.column,
          segment,
          window: { start: row.window_start, end: row.window_end },
        }),
      },
    },
  };
}

export async function featureDriftObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"feature_drift">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  return columnDrift(
    sql,
    ctx,
    { kind: "feature_drift", columnKind: "feature", names: condition.features, segment: condition.segment },
    options,
  );
}

export async function outputDriftObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"output_drift">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  return columnDrift(
    sql,
    ctx,
    { kind: "output_drift", columnKind: "output", names: condition.outputs, segment: condition.segment },
    options,
  );
}

async function columnDrift(
  sql: SqlConnection,
  ctx: ModelContext,
  what: { kind: "feature_drift" | "output_drift"; columnKind: "feature" | "output"; names?: readonly string[]; segment: string },
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const rows = await recentDriftResults(sql, recent(ctx, what.segment, options.windows));
  const windows = byWindow(rows);
  const items = rows
    .filter((r) => r.column_kind === what.columnKind && (!what.names || what.names.includes(r.column)))
    .map((r) => columnObservation(ctx, r, windows.get(windowKey(r)) ?? [], what.kind, what.segment))
    .filter((x) => x !== null)
    .map(({ subject, observation }) => ({
      subject: {
        ...subject,
        key: subjectKey({
          version: subject.version,
          segment: what.segment,
          rest: `${what.columnKind}:${subject.feature!.replace(/^output:/, "")}`,
        }),
        title: what.segment ? `${subject.title} in segment ${what.segment}` : subject.title,
      },
      observation,
    }));
  return groupBySubject(items);
}

export async function datasetDriftObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"dataset_drift">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const [windowRows, results] = await Promise.all([
    recentDriftWindows(sql, recent(ctx, condition.segment, options.windows)),
    recentDriftResults(sql, recent(ctx, condition.segment, options.windows)),
  ]);
  const resultsByWindow = byWindow(results);
  const items = windowRows
    .filter((w) => w.verdict === "drift" || w.verdict === "no_drift")
    .map((w) => {
      const version = ctx.versions.find((v) => v.id === w.model_version_id)!;
      const breaching =
        condition.minWeightedScore !== undefined ? (w.weighted_score ?? 0) >= condition.minWeightedScore : w.verdict === "drift";
      const top = topDriftedFeatures(resultsByWindow.get(windowKey(w)) ?? [], version);
      const segmentText = condition.segment ? ` in segment ${condition.segment}` : "";
      return {
        subject: {
          key: subjectKey({ version: version.version, segment: condition.segment, rest: "dataset" }),
          version: version.version,
          feature: null,
          title: `${ctx.modelName} v${version.version}: dataset drift${segmentText}`,
        },
        observation: {
          windowStart: w.window_start,
          windowEnd: w.window_end,
          breaching,
          evidence: {
            summary: `${w.features_drifted} of ${w.features_tested} features drifted${segmentText} (importance-weighted share ${fmt(w.weighted_score)})${top.length ? `; most important: ${top.map((t) => t.feature).join(", ")}` : ""}`,
            window: windowOf(w.window_start, w.window_end),
            statistic: { name: "weighted_drifted_share", value: round(w.weighted_score) },
            value: round(w.weighted_score),
            threshold: condition.minWeightedScore ?? null,
            sampleSizes: { current: w.rows, featuresTested: w.features_tested, featuresDrifted: w.features_drifted },
            topFeatures: top,
            details: { verdict: w.verdict, driftedShare: round(w.drifted_share) },
            link: dashboardPath({
              kind: "dataset_drift",
              model: ctx.modelName,
              version: version.version,
              segment: condition.segment,
              window: { start: w.window_start, end: w.window_end },
            }),
          },
        },
      };
    });
  return groupBySubject(items);
}
