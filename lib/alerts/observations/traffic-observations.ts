import type { SqlConnection } from "@/lib/db/open-database";
import { dashboardPath } from "@/lib/alerts/observations/dashboard-path";
import {
  groupBySubject,
  windowOf,
  type ModelContext,
  type SourceOptions,
  type SubjectObservations,
} from "@/lib/alerts/observations/observation";
import type { ConditionOf } from "@/lib/alerts/rules/rule-schema";
import { firstServedMinute, periodsWithServedRequests } from "@/lib/monitors/service/request-stats-store";

/**
 * No traffic: complete periods of periodMinutes (aligned to the epoch, UTC) in which the model
 * served no prediction. Served means a logged prediction of any of its versions, or a successful
 * predict request in request_stats: a model whose log mode is `off` (or `async` with rows lost)
 * logs nothing yet may be busy, and must not page anyone. Periods before the model's first
 * traffic are not judged, so a model nobody has called yet does not page anyone either. Reads
 * only whether a row exists per period, through the (version, time) index and request_stats'
 * (model, …) key, never a count over the log.
 */

const MAX_PERIODS = 48;

export async function trafficObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"no_traffic">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const versionIds = ctx.versions.map((v) => v.id);
  if (!versionIds.length) return [];
  const periodMs = condition.periodMinutes * 60_000;
  const lastEnd = Math.floor(options.now.getTime() / periodMs) * periodMs;
  const count = Math.min(options.windows, MAX_PERIODS);
  const starts = Array.from({ length: count }, (_, k) => new Date(lastEnd - (count - k) * periodMs));
  const [{ firstPrediction }] = await sql.query<{ firstPrediction: Date | null }>(
    `SELECT min(created_at) AS "firstPrediction" FROM predictions WHERE model_version_id = ANY($1::uuid[])`,
    [versionIds],
  );
  const firstRequest = await firstServedMinute(sql, ctx.modelName);
  const known = [firstPrediction, firstRequest].filter((d): d is Date => d !== null);
  if (!known.length) return [];
  const first = new Date(Math.min(...known.map((d) => new Date(d).getTime())));
  const judged = starts.filter((s) => s.getTime() + periodMs > first.getTime());
  if (!judged.length) return [];
  const logged = await sql.query<{ start: Date; seen: boolean }>(
    `SELECT p.start, EXISTS (
       SELECT 1 FROM predictions
       WHERE model_version_id = ANY($1::uuid[]) AND created_at >= p.start AND created_at < p.start + make_interval(mins => $2::int)
     ) AS seen
     FROM unnest($3::timestamptz[]) AS p(start)`,
    [versionIds, condition.periodMinutes, judged.map((s) => s.toISOString())],
  );
  const requested = await periodsWithServedRequests(sql, {
    modelName: ctx.modelName,
    starts: judged,
    periodMinutes: condition.periodMinutes,
  });
  const rows = logged.map((r) => ({ start: r.start, seen: r.seen || requested.has(new Date(r.start).getTime()) }));
  const items = rows.map((r) => {
    const end = new Date(r.start.getTime() + periodMs);
    return {
      subject: {
        key: "traffic",
        version: null,
        feature: null,
        title: `${ctx.modelName}: no traffic for ${condition.periodMinutes} minutes`,
      },
      observation: {
        windowStart: r.start,
        windowEnd: end,
        breaching: !r.seen,
        evidence: {
          summary: r.seen
            ? "predictions were served"
            : `no prediction was served between ${r.start.toISOString()} and ${end.toISOString()}`,
          window: windowOf(r.start, end),
          details: { periodMinutes: condition.periodMinutes, firstPredictionAt: first.toISOString() },
          link: dashboardPath({ kind: "no_traffic", model: ctx.modelName, version: null, window: { start: r.start, end } }),
        },
      },
    };
  });
  return groupBySubject(items);
}
