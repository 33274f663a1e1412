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

/** Data-quality checks (quality_results, written by the drift job): one subject per column and check. */

type QualityRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  column: string;
  check: string;
  value: number | null;
  expected: number | null;
  threshold: number | null;
  flagged: boolean;
  details: Record<string, unknown> | null;
};

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
  const rows = await sql.query<QualityRow>(
    `WITH recent AS (
       SELECT model_version_id, window_start, window_end,
              row_number() OVER (PARTITION BY model_version_id ORDER BY window_end DESC, window_start DESC) AS n
       FROM drift_windows
       WHERE model_version_id = ANY($1::uuid[]) AND reference = $2 AND segment = $3)
     SELECT q.model_version_id::text AS model_version_id, q.window_start, q.window_end, q."column", q."check", q.value, q.expected,
            q.threshold, q.flagged, q.details
     FROM quality_results q
     JOIN recent w ON w.model_version_id = q.model_version_id AND w.window_start = q.window_start AND w.window_end = q.window_end
     WHERE w.n <= $4 AND q.reference = $2 AND q.segment = $3`,
    [ctx.versions.map((v) => v.id), ctx.referenceKey, condition.segment, options.windows],
  );
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
