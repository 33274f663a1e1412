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

/** Runs of the model's jobs (job_runs), per job: each finished run is one observation, failed or crashed ones breach. */

type RunRow = {
  id: string;
  job: string;
  version: number | null;
  window_start: Date | null;
  window_end: Date | null;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  runner: string;
};

export async function jobFailureObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<"job_failure">,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const rows = await sql.query<RunRow>(
    `SELECT * FROM (
       SELECT id::text AS id, job, version, window_start, window_end, status::text AS status, started_at, finished_at, error, runner,
              row_number() OVER (PARTITION BY job ORDER BY id DESC) AS n
       FROM job_runs
       WHERE model_name = $1 AND status IN ('succeeded', 'failed', 'crashed') AND ($3::text[] IS NULL OR job = ANY($3::text[]))) r
     WHERE n <= $2`,
    [ctx.modelName, options.windows, condition.jobs ?? null],
  );
  const items = rows.map((r) => {
    const end = r.finished_at ?? r.started_at;
    const failed = r.status !== "succeeded";
    const unit = r.window_start && r.window_end ? ` for ${r.window_start.toISOString()}–${r.window_end.toISOString()}` : "";
    return {
      subject: { key: `job:${r.job}`, version: null, feature: null, title: `${ctx.modelName}: ${r.job} job failing` },
      observation: {
        windowStart: r.started_at,
        windowEnd: end,
        breaching: failed,
        evidence: {
          summary: failed
            ? `${r.job} run ${r.id}${r.version ? ` on v${r.version}` : ""}${unit} ${r.status}: ${r.error ?? "no error recorded"}`
            : `${r.job} run ${r.id} succeeded`,
          window: windowOf(r.started_at, end),
          details: { runId: r.id, job: r.job, version: r.version, status: r.status, error: r.error, runner: r.runner },
          link: dashboardPath({ kind: "job_failure", model: ctx.modelName, version: r.version }),
        },
      },
    };
  });
  return groupBySubject(items);
}
