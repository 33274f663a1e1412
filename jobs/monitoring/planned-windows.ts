// The shared half of the jobs that recompute a window whenever it may have changed (performance,
// service): a plan of due windows, then one recorded run per window under a per-window lock,
// skipping a window another process computed after this run made its plan.
import type { TimeWindow } from "@/lib/core/time/time-window";
import type { Database, SqlConnection } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { runRecordedJob, type RunContext, type RunOutcome, type WorkResult } from "@/lib/jobs/run-recorded-job";
import type { MonitoredModel, MonitoredVersion } from "@/lib/monitors/shared/monitored-versions";

/** The windows a run found due, and when it looked (the database's clock). */
export type WindowPlan = {
  model: MonitoredModel;
  windows: { version: MonitoredVersion; window: TimeWindow }[];
  decidedAt: Date;
  explicit: boolean;
};

export async function computePlannedWindows(
  db: Database,
  plan: WindowPlan,
  options: {
    job: "performance" | "service";
    /** The monitor's store: whether the window's results were written since the plan was made. */
    computedSince: (sql: SqlConnection, window: { versionId: string; windowStart: Date; since: Date }) => Promise<boolean>;
    trigger: JobTrigger;
  },
  work: (version: MonitoredVersion, window: TimeWindow, run: RunContext) => Promise<WorkResult>,
): Promise<RunOutcome[]> {
  const { model, decidedAt } = plan;
  const outcomes: RunOutcome[] = [];
  for (const { version, window } of plan.windows) {
    outcomes.push(
      await runRecordedJob(
        db,
        {
          job: options.job,
          modelName: model.modelName,
          modelVersionId: version.versionId,
          version: version.version,
          windowStart: window.start,
          windowEnd: window.end,
          exclusive: "window",
        },
        options.trigger,
        (run) => work(version, window, run),
        // A window asked for explicitly is always computed.
        plan.explicit
          ? {}
          : {
              stillDue: async () =>
                !(await options.computedSince(db.sql, {
                  versionId: version.versionId,
                  windowStart: window.start,
                  since: decidedAt,
                })),
            },
      ),
    );
  }
  return outcomes.filter((o) => o.status !== "skipped");
}
