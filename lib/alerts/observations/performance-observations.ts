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
import { recentPerformanceResults } from "@/lib/monitors/performance/performance-store";

/** Realized (labelled) or estimated performance per version and window (performance_results). */

const LOWER_IS_BETTER = new Set(["mae", "rmse", "brier", "log_loss"]);

export async function performanceObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"performance">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const rows = await recentPerformanceResults(sql, {
    versionIds: ctx.versions.map((v) => v.id),
    kind: condition.source,
    windows: options.windows,
    windowHours: condition.windowHours ?? null,
    minimum: ctx.settings.outcomes.minLabels,
    now: options.now,
  });
  const items = rows.flatMap((r) => {
    // An open window or one below its minimum is provisional: it neither breaches nor counts as healthy.
    if (r.primary_value === null || r.provisional) return [];
    // meets_threshold is null for a realized window with too few labels to judge (outcomes.minLabels).
    if (
      condition.source === "realized" &&
      (r.labeled === 0 || r.meets_threshold === null || r.label_coverage < condition.minLabelCoverage)
    )
      return [];
    const version = ctx.versions.find((v) => v.id === r.model_version_id)!;
    const lowerIsBetter = LOWER_IS_BETTER.has(r.primary_metric);
    const threshold = condition.threshold ?? version.manifest.evaluation.successCriteria.deployThreshold;
    let breaching: boolean;
    if (condition.threshold !== undefined) breaching = lowerIsBetter ? r.primary_value > threshold : r.primary_value < threshold;
    else if (r.meets_threshold === null) return [];
    else breaching = !r.meets_threshold;
    const worse = lowerIsBetter ? "above" : "below";
    return [
      {
        subject: {
          key: subjectKey({ version: version.version, rest: `performance:${condition.source}` }),
          version: version.version,
          feature: null,
          title: `${ctx.modelName} v${version.version}: ${condition.source} ${r.primary_metric} ${worse} threshold`,
        },
        observation: {
          windowStart: r.window_start,
          windowEnd: r.window_end,
          breaching,
          evidence: {
            summary: `${condition.source} ${r.primary_metric} was ${round(r.primary_value, 4)}; the threshold is ${threshold} (${lowerIsBetter ? "lower" : "higher"} is better)${condition.source === "realized" ? `, ${r.labeled} of ${r.predictions} predictions labelled` : ""}`,
            window: windowOf(r.window_start, r.window_end),
            statistic: { name: r.primary_metric, value: round(r.primary_value) },
            value: round(r.primary_value),
            threshold,
            sampleSizes: { predictions: r.predictions, labeled: r.labeled },
            details: { labelCoverage: round(r.label_coverage), expectedCost: round(r.expected_cost) },
            link: dashboardPath({
              kind: "performance",
              model: ctx.modelName,
              version: version.version,
              window: { start: r.window_start, end: r.window_end },
            }),
          },
        },
      },
    ];
  });
  return groupBySubject(items);
}
