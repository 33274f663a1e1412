import { z } from "zod";

/**
 * The monitoring jobs' names, in the order they are listed. The job registry (jobs/job-registry.ts)
 * maps each to its function; lib only needs the names (job_runs rows, the runs query, schedules).
 */
export const JOB_NAMES = ["profile", "drift", "performance", "business", "service", "explanations", "alerts"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const jobNameSchema = z.enum(JOB_NAMES, { error: `must be ${JOB_NAMES.slice(0, -1).join(", ")} or ${JOB_NAMES.at(-1)}` });
