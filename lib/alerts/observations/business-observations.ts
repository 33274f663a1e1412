import type { SqlConnection } from "@/lib/db/open-database";
import { dashboardPath } from "../dashboard-path";
import {
  groupBySubject,
  round,
  subjectKey,
  windowOf,
  type ModelContext,
  type SourceOptions,
  type SubjectObservations,
} from "../observation";
import type { ConditionOf } from "../rule-schema";

/**
 * A business metric (business_results) against the mean of its own previous windows: a relative
 * drop beyond maxDrop (or rise beyond maxRise) breaches. Windows without enough history, or with a
 * zero baseline, are not judged.
 */

type BusinessRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  name: string;
  predictions: number;
  events: number;
  sum: number;
  rate: number;
};

export async function businessObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"business">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const rows = await sql.query<BusinessRow>(
    `SELECT * FROM (
       SELECT model_version_id::text AS model_version_id, window_start, window_end, name, predictions, events, sum, rate,
              row_number() OVER (PARTITION BY model_version_id, name ORDER BY window_end DESC, window_start DESC) AS n
       FROM business_results
       WHERE model_version_id = ANY($1::uuid[]) AND ($3::text[] IS NULL OR name = ANY($3::text[]))
         AND ($4::int IS NULL OR window_end - window_start = make_interval(hours => $4::int))) r
     WHERE n <= $2
     ORDER BY model_version_id, name, window_end`,
    [
      ctx.versions.map((v) => v.id),
      options.windows + condition.baselineWindows,
      condition.names ?? null,
      condition.windowHours ?? null,
    ],
  );
  const series = new Map<string, BusinessRow[]>();
  for (const r of rows) {
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
