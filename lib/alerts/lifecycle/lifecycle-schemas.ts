import { z } from "zod";

export const resolveAlertSchema = z
  .object({ note: z.string().trim().max(1000, "must be at most 1000 characters").optional() })
  .strict();

const MAX_SNOOZE_MINUTES = 30 * 24 * 60;

/** Snooze until a time, or for a number of minutes: exactly one of the two. */
export const snoozeAlertSchema = z
  .object({
    until: z.iso.datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2026-11-25T18:00:00Z" }).optional(),
    minutes: z
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_SNOOZE_MINUTES, `must be at most ${MAX_SNOOZE_MINUTES} (30 days)`)
      .optional(),
  })
  .strict()
  .refine((s) => (s.until === undefined) !== (s.minutes === undefined), {
    message: "give either until or minutes",
    path: ["until"],
  });
export type SnoozeInput = z.infer<typeof snoozeAlertSchema>;

export function snoozeEnd(input: SnoozeInput, now: Date): Date {
  return input.minutes !== undefined ? new Date(now.getTime() + input.minutes * 60_000) : new Date(input.until!);
}

export const MAX_SNOOZE_MS = MAX_SNOOZE_MINUTES * 60_000;
