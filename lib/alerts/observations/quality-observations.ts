import type { SqlConnection } from "@/lib/db/open-database";
import { dashboardPath } from "@/lib/alerts/observations/dashboard-path";
import {
  groupBySubject,
  round,
  subjectKey,
  windowOf,
  type ModelContext,
  type SourceOptions,
  type SubjectObservations,
} from "@/lib/alerts/observations/observation";
import type { ConditionOf } from "@/lib/alerts/rules/rule-schema";
import { recentDriftWindowKeys } from "@/lib/monitors/drift/drift-store";
import { qualityResultsOf } from "@/lib/monitors/quality/quality-store";

/**
 * Data-quality checks (quality_results, written by the drift job) of the newest windows with a
 * drift verdict: one subject per column and check.
 */

const CHECK_TEXT: Record<string, string> = {
  missing_rate: "missing rate",
  out_of_range: "share out of the declared range",
  unseen_categories: "share of unseen categories",
  volume: "prediction volume",
};

export async function qualityObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"data_quality">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const recent = { versionIds: ctx.versions.map((v) => v.id), reference: ctx.referenceKey, segment: condition.segment };
  const windows = await recentDriftWindowKeys(sql, { ...recent, windows: options.windows });
  const rows = await qualityResultsOf(sql, { windows, reference: ctx.referenceKey, segment: condition.segment });
  const items = rows
    .filter(
      (r) =>
        (!condition.checks || condition.checks.includes(r.check as never)) &&
        (!condition.columns || condition.columns.includes(r.column)),
    )
    // A check computed on too few rows (or with nothing to compare to) judged nothing.
    .filter((r) => r.value !== null && !(r.details && "note" in r.details))
    .map((r) => {
      const version = ctx.versions.find((v) => v.id === r.model_version_id)!;
      const what = `${CHECK_TEXT[r.check] ?? r.check}${r.column ? ` of "${r.column}"` : ""}`;
      const segmentText = condition.segment ? ` in segment ${condition.segment}` : "";
      return {
        subject: {
          key: subjectKey({
            version: version.version,
            segment: condition.segment,
            rest: `quality:${r.column || "volume"}:${r.check}`,
          }),
          version: version.version,
          feature: r.column || null,
          title: `${ctx.modelName} v${version.version}: ${what} out of bounds${segmentText}`,
        },
        observation: {
          windowStart: r.window_start,
          windowEnd: r.window_end,
          breaching: r.flagged,
          evidence: {
            summary: `${what}${segmentText} was ${round(r.value, 3)} (expected ${round(r.expected, 3) ?? "n/a"}, threshold ${round(r.threshold, 3) ?? "n/a"})`,
            window: windowOf(r.window_start, r.window_end),
            statistic: { name: r.check, value: round(r.value) },
            value: round(r.value),
            threshold: round(r.threshold),
            sampleSizes: typeof r.details?.rows === "number" ? { current: r.details.rows as number } : undefined,
            details: { expected: round(r.expected), ...(r.details ?? {}) },
            link: dashboardPath({
              kind: "data_quality",
              model: ctx.modelName,
              version: version.version,
              feature: r.column || null,
              segment: condition.segment,
              window: { start: r.window_start, end: r.window_end },
            }),
          },
        },
      };
    });
  return groupBySubject(items);
}
