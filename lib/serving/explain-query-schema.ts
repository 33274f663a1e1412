import { z } from "zod";

// predict's explanation parameters (issue 17): `explain=true` adds each record's attributions to
// its prediction; `explain_space` picks the space they add up in (classifiers only: `probability`
// by default, or `margin`); `explain_top` keeps the k largest by |value| per output.
const explainQueryShape = {
  explain: z
    .enum(["true", "false"], { error: "must be true or false" })
    .optional()
    .describe("true: answer each prediction with its feature attributions (Shapley values)"),
  explain_space: z
    .enum(["probability", "margin"], { error: "must be probability or margin" })
    .optional()
    .describe("Classifiers: the attributions add up to the probability (default) or the margin (log-odds)"),
  explain_top: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be 1 or more")
    .max(10_000, "must be at most 10000")
    .optional()
    .describe("Keep only the k attributions largest in absolute value (per output); default all"),
};

export const explainQueryObject = z.object(explainQueryShape);

export const explainQuerySchema = explainQueryObject.superRefine((q, ctx) => {
  if (q.explain === "true") return;
  for (const key of ["explain_space", "explain_top"] as const) {
    if (q[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "applies only with explain=true" });
  }
});

export type ExplainRequest = { space?: "probability" | "margin"; top?: number };

/** The parsed query as predict's option: undefined when no explanation is asked. */
export function explainRequestOf(query: z.infer<typeof explainQuerySchema>): ExplainRequest | undefined {
  if (query.explain !== "true") return undefined;
  return { space: query.explain_space, top: query.explain_top };
}
