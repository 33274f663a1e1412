import { z } from "zod";

/** One record's explanation as predict answers it (present-explanation.ts). */
export const explanationSchema = z
  .object({
    method: z.enum(["tree-shap", "linear-exact", "kernel-shap", "permutation"]).describe("Which explainer computed it"),
    space: z.enum(["probability", "margin", "value"]).describe("What the attributions add up to"),
    exact: z.boolean().describe("true: exact Shapley values; false: a sampling estimate (see samplingError)"),
    samples: z.number().int().optional().describe("Model evaluations per record (sampling methods)"),
    coalitions: z.number().int().optional().describe("Feature coalitions evaluated per record (KernelSHAP)"),
    backgroundRows: z.number().int().optional().describe("Rows of the background drawn from the reference profile"),
    additivityError: z.number().describe("max over outputs of |base + Σ attributions − output|"),
    samplingError: z.number().optional().describe("Largest estimated standard error of an attribution (0 when exact)"),
    outputs: z.array(
      z.object({
        name: z.string().describe("The class (binary: the positive class only) or the value's name"),
        base: z.number().describe("The expected output over the background, in `space`"),
        output: z.number().describe("This record's output, in `space`"),
        attributions: z
          .array(
            z.object({
              feature: z.string(),
              value: z.number(),
              standardError: z.number().optional().describe("Estimated sampling error of this value"),
            }),
          )
          .describe("Sorted by |value|, largest first; the top explain_top when asked"),
        omitted: z
          .object({ features: z.number().int(), sum: z.number() })
          .describe("The attributions left out by explain_top: how many, and their sum"),
      }),
    ),
  })
  .describe("Feature attributions (Shapley values): base + Σ attributions = output, per output");
