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
import { recentServiceResults } from "@/lib/monitors/service/service-store";

/** Service health per version and window (service_results) against the manifest's SLA. */

export async function slaObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"sla">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const rows = await recentServiceResults(sql, {
    versionIds: ctx.versions.map((v) => v.id),
    windows: options.windows,
    windowHours: condition.windowHours ?? null,
    minimum: ctx.settings.service.minRequests,
    now: options.now,
  });
  const items = rows.flatMap((r) => {
    // No request, nothing to judge (no traffic has its own rule).
    if (r.requests === 0) return [];
    // An open window or one below service.minRequests is provisional: it decides nothing.
    if (r.provisional) return [];
    const version = ctx.versions.find((v) => v.id === r.model_version_id)!;
    const reasons: string[] = [];
    if (condition.latency && r.sla_p99_ms !== null && r.p99_ms !== null && r.p99_ms > r.sla_p99_ms)
      reasons.push(`p99 latency ${round(r.p99_ms, 3)} ms above the SLA's ${r.sla_p99_ms} ms`);
    if (condition.throughput && r.sla_min_rps !== null && r.requests_per_s < r.sla_min_rps)
      reasons.push(`throughput ${round(r.requests_per_s, 3)} req/s below the SLA's ${r.sla_min_rps}`);
    if (r.error_rate > condition.maxErrorRate)
      reasons.push(`error rate ${round(r.error_rate * 100, 3)} % above ${round(condition.maxErrorRate * 100, 3)} %`);
    return [
      {
        subject: {
          key: subjectKey({ version: version.version, rest: "sla" }),
          version: version.version,
          feature: null,
          title: `${ctx.modelName} v${version.version}: SLA breached`,
        },
        observation: {
          windowStart: r.window_start,
          windowEnd: r.window_end,
          breaching: reasons.length > 0,
          evidence: {
            summary: reasons.length
              ? reasons.join("; ")
              : `within the SLA (p99 ${round(r.p99_ms, 3) ?? "n/a"} ms, error rate ${round(r.error_rate * 100, 3)} %)`,
            window: windowOf(r.window_start, r.window_end),
            statistic: { name: "p99_ms", value: round(r.p99_ms) },
            value: round(r.p99_ms),
            threshold: r.sla_p99_ms,
            sampleSizes: { requests: r.requests, errors: r.errors },
            details: {
              p50Ms: round(r.p50_ms),
              p95Ms: round(r.p95_ms),
              errorRate: round(r.error_rate),
              requestsPerS: round(r.requests_per_s),
              slaMinRps: r.sla_min_rps,
              breaches: r.breaches,
            },
            link: dashboardPath({
              kind: "sla",
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
