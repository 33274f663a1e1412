import { z } from "zod";
import { jobNameSchema } from "./job-names";
import { parseWindow, WindowError } from "@/lib/monitoring/windows";

/** A request to run one monitoring job now: POST /api/v1/jobs/runs and `tidemark job`. */
export const runJobRequestSchema = z
  .object({
    job: jobNameSchema,
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
  .refine((r) => r.job !== "profile" || r.window === undefined, {
    message: "the profile job takes no window (it reads whatever was logged since its last run)",
    path: ["window"],
  });
export type RunJobRequest = z.infer<typeof runJobRequestSchema>;
