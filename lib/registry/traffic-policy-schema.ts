import { z } from "zod";

export const ROLLOUT_MODES = ["shadow", "canary", "ab"] as const;
export type RolloutMode = (typeof ROLLOUT_MODES)[number];

/**
 * Body of PUT …/aliases/:alias/traffic. `version` is the challenger; the champion is the version
 * the alias points at. Canary and A/B answer callers with the challenger, so they take a percent
 * and pass the promotion gate (or `force` with a reason, as a promotion does); shadow needs neither.
 */
export const trafficPolicySchema = z
  .object({
    mode: z.enum(ROLLOUT_MODES, { error: "must be one of shadow, canary, ab" }),
    version: z
      .number({ error: "version is required and must be a number" })
      .int("must be a whole number")
      .positive("must be 1 or more"),
    percent: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 99")
      .max(99, "must be between 1 and 99")
      .optional(),
    reason: z.string().trim().min(1, "must not be empty").max(1000, "must be at most 1000 characters").optional(),
    force: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.mode === "shadow" && b.percent !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["percent"],
        message: "is not allowed for shadow: the challenger sees every request",
      });
    }
    if (b.mode !== "shadow" && b.percent === undefined) {
      ctx.addIssue({ code: "custom", path: ["percent"], message: `is required for ${b.mode} (1–99)` });
    }
    if (b.force && !b.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "is required when force is true" });
  });
export type TrafficPolicyInput = z.infer<typeof trafficPolicySchema>;
