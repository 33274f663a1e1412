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
import { recentBusinessResults, type BusinessResultRow } from "@/lib/monitors/business/business-store";

/**
 * A business metric (business_results) against the mean of its own previous windows: a relative
 * drop beyond maxDrop (or rise beyond maxRise) breaches. Windows without enough history, or with a
 * zero baseline, are not judged.
 */

type BusinessRow = BusinessResultRow;

export async function businessObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"business">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const rows = await recentBusinessResults(sql, {
    versionIds: ctx.versions.map((v) => v.id),
    windows: options.windows + condition.baselineWindows,
    names: condition.names ?? null,
    windowHours: condition.windowHours ?? null,
    minimum: ctx.settings.business.minPredictionsPerDecile,
    now: options.now,
  });
  const series = new Map<string, BusinessRow[]>();
  // Provisional windows (open, or too few predictions per decile) are neither judged nor a baseline.
  for (const r of rows.filter((row) => !row.provisional)) {
    const k = `${r.model_version_id}|${r.name}`;
    const list = series.get(k);
    if (list) list.push(r);
    else series.set(k, [r]);
  }
  const items = [...series.values()].flatMap((list) =>
    list.flatMap((r, i) => {
      if (i < condition.baselineWindows) return [];
      const value = condition.metric === "rate" ? r.rate : r.sum;
      const previous = list.slice(i - condition.baselineWindows, i).map((p) => (condition.metric === "rate" ? p.rate : p.sum));
      const baseline = previous.reduce((s, x) => s + x, 0) / previous.length;
      if (baseline === 0) return [];
      const change = (value - baseline) / Math.abs(baseline);
      const breaching = change <= -condition.maxDrop || (condition.maxRise !== undefined && change >= condition.maxRise);
      const version = ctx.versions.find((v) => v.id === r.model_version_id)!;
      return [
        {
          subject: {
            key: subjectKey({ version: version.version, rest: `business:${r.name}` }),
            version: version.version,
            feature: null,
            title: `${ctx.modelName} v${version.version}: business metric "${r.name}" changed`,
          },
          observation: {
            windowStart: r.window_start,
            windowEnd: r.window_end,
            breaching,
            evidence: {
              summary: `"${r.name}" ${condition.metric} was ${round(value, 4)} against ${round(baseline, 4)} on average over the previous ${condition.baselineWindows} windows (${change >= 0 ? "+" : ""}${round(change * 100, 3)} %)`,
              window: windowOf(r.window_start, r.window_end),
              statistic: { name: `relative_change_of_${condition.metric}`, value: round(change) },
              value: round(value),
              threshold: -condition.maxDrop,
              sampleSizes: { predictions: r.predictions, events: r.events },
              details: { baseline: round(baseline), maxDrop: condition.maxDrop, maxRise: condition.maxRise ?? null },
              link: dashboardPath({
                kind: "business",
                model: ctx.modelName,
                version: version.version,
                window: { start: r.window_start, end: r.window_end },
              }),
            },
          },
        },
      ];
    }),
  );
  return groupBySubject(items);
}
