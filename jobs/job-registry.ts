// The one job registry: every monitoring job by name, for everything that starts one — the
// scheduler, `tidemark job`, and POST /api/v1/jobs/runs. The names themselves live in lib
// (lib/jobs/job-names.ts), which records runs by name but never imports a job.
import type { Database } from "@/lib/db/open-database";
import type { JobName } from "@/lib/jobs/job-names";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import { parseWindow } from "@/lib/core/time/hour-windows";
import type { RunJobRequest } from "@/lib/jobs/run-job-request-schema";
import { runDriftJob } from "./monitoring/drift-job";
import { runProfileJob, type ProfileJobOptions } from "./monitoring/profile-job";
import { runPerformanceJob } from "./monitoring/performance-job";
import { runBusinessJob } from "./monitoring/business-job";
import { runServiceJob } from "./monitoring/service-job";
import { runExplanationJob } from "./monitoring/explanation-job";
import { runAlertJob } from "./alerts/alert-job";

export type JobRunOptions = {
  model: string;
  version?: number;
  /** START/DURATION or START/END on whole hours (parseWindow); the profile and alert jobs take none. */
  window?: string;
  trigger: JobTrigger;
  /** Progress through a long backlog of the log: the profile job's, and the drift job's profile refresh. */
  onProgress?: ProfileJobOptions["onProgress"];
};

export type Job = (db: Database, options: JobRunOptions) => Promise<RunOutcome[]>;

const parseOptionalWindow = (window: string | undefined) => (window ? parseWindow(window) : undefined);

export const JOBS: Record<JobName, Job> = {
  profile: (db, { model, version, trigger, onProgress }) => runProfileJob(db, { model, version, trigger, onProgress }),
  drift: (db, { model, version, window, trigger, onProgress }) =>
    runDriftJob(db, {
      model,
      version,
      trigger,
      window: parseOptionalWindow(window),
      profile: onProgress ? { onProgress } : undefined,
    }),
  performance: (db, { model, version, window, trigger }) =>
    runPerformanceJob(db, { model, version, trigger, window: parseOptionalWindow(window) }),
  business: (db, { model, version, window, trigger }) =>
    runBusinessJob(db, { model, version, trigger, window: parseOptionalWindow(window) }),
  service: (db, { model, version, window, trigger }) =>
    runServiceJob(db, { model, version, trigger, window: parseOptionalWindow(window) }),
  explanations: (db, { model, version, window, trigger }) =>
    runExplanationJob(db, { model, version, trigger, window: parseOptionalWindow(window) }),
  alerts: (db, { model, trigger }) => runAlertJob(db, { model, trigger }),
};

export function runJob(
  db: Database,
  request: RunJobRequest,
  trigger: JobTrigger,
  onProgress?: JobRunOptions["onProgress"],
): Promise<RunOutcome[]> {
  return JOBS[request.job](db, { ...request, trigger, onProgress });
}
