// The monitoring jobs by name, for everything that starts one: the scheduler, `tidemark job`, and
// POST /api/v1/jobs/runs.
import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import type { JobName, JobTrigger } from "@/lib/jobs/job-runs";
import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import { parseWindow, WindowError } from "@/lib/monitoring/windows";
import { runDriftJob } from "./drift-job";
import { runProfileJob } from "./profile-job";
import { runPerformanceJob } from "./performance-job";
import { runBusinessJob } from "./business-job";
import { runServiceJob } from "./service-job";
import { runAlertJob } from "../alerts/alert-job";

export type JobFunction = (db: Database, options: { model: string; version?: number; window?: string; trigger: JobTrigger }) => Promise<RunOutcome[]>;

export const JOBS: Record<JobName, JobFunction> = {
  profile: (db, { model, version, trigger }) => runProfileJob(db, { model, version, trigger }),
  drift: (db, { model, version, window, trigger }) => runDriftJob(db, { model, version, trigger, window: window ? parseWindow(window) : undefined }),
  performance: (db, { model, version, window, trigger }) => runPerformanceJob(db, { model, version, trigger, window: window ? parseWindow(window) : undefined }),
  business: (db, { model, version, window, trigger }) => runBusinessJob(db, { model, version, trigger, window: window ? parseWindow(window) : undefined }),
  service: (db, { model, version, window, trigger }) => runServiceJob(db, { model, version, trigger, window: window ? parseWindow(window) : undefined }),
  alerts: (db, { model, trigger }) => runAlertJob(db, { model, trigger }),
};

export const runJobRequestSchema = z
  .object({
    job: z.enum(["profile", "drift", "performance", "business", "service", "alerts"], { error: "must be profile, drift, performance, business, service or alerts" }),
    model: z.string().min(1, "must name a model"),
    version: z.number().int().positive().optional(),
    window: z
      .string()
      .refine(
        (w) => {
          try {
            parseWindow(w);
            return true;
          } catch (error) {
            if (error instanceof WindowError) return false;
            throw error;
          }
        },
        { message: "must be START/DURATION or START/END on whole hours, e.g. 2026-11-01T00:00Z/PT1H" },
      )
      .optional(),
  })
  .strict()
  .refine((r) => r.job !== "profile" || r.window === undefined, { message: "the profile job takes no window (it reads whatever was logged since its last run)", path: ["window"] });
export type RunJobRequest = z.infer<typeof runJobRequestSchema>;

export function runJob(db: Database, request: RunJobRequest, trigger: JobTrigger): Promise<RunOutcome[]> {
  return JOBS[request.job](db, { ...request, trigger });
}
