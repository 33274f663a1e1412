import { z } from "zod";
import { manifestSchema, taskSchema } from "@/lib/core/manifest/manifest-schema";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";

/** What the registry operations answer (get-model-or-throw.ts, version-summary.ts, move-alias.ts, update-model.ts). */

const aliases = z.record(z.string(), z.number().int()).describe("Alias → version, e.g. { production: 3 }");
const logMode = z.enum(["durable", "async", "off"]);

export const modelSummarySchema = z.object({
  name: z.string(),
  task: taskSchema,
  description: z.string(),
  versions: z.number().int().describe("How many versions are registered"),
  aliases,
  createdAt: isoTimeSchema,
});
export const modelListSchema = z.object({ models: z.array(modelSummarySchema) });

export const modelDetailSchema = z.object({
  name: z.string(),
  task: taskSchema,
  description: z.string(),
  logMode: logMode.nullable().describe("null: the server-wide TIDEMARK_LOG_MODE"),
  createdAt: isoTimeSchema,
  aliases,
  versions: z.array(
    z.object({
      version: z.number().int(),
      sha256: z.string().nullable(),
      monitorOnly: z.boolean(),
      registeredBy: z.string(),
      registeredAt: isoTimeSchema,
    }),
  ),
  aliasHistory: z.array(
    z.object({
      alias: z.string(),
      fromVersion: z.number().int().nullable(),
      toVersion: z.number().int(),
      actor: z.string(),
      reason: z.string().nullable(),
      forced: z.boolean(),
      at: isoTimeSchema,
    }),
  ),
});

export const modelUpdateResultSchema = z.object({ name: z.string(), description: z.string(), logMode: logMode.nullable() });

const evaluation = manifestSchema.shape.evaluation.shape;

export const versionSummarySchema = z.object({
  model: z.string(),
  version: z.number().int(),
  sha256: z.string().nullable().describe("SHA-256 of the ONNX file; null for a monitor-only version"),
  monitorOnly: z.boolean().describe("No ONNX file: predictions come only through POST /predictions"),
  sizeBytes: z.number().int().optional(),
  aliases: z.array(z.string()),
  registeredBy: z.string(),
  registeredAt: isoTimeSchema,
  metrics: z.object({ test: evaluation.test, baselines: evaluation.baselines }),
  successCriteria: evaluation.successCriteria,
  manifest: manifestSchema,
});

export const gateVerdictSchema = z.object({
  passed: z.boolean(),
  metric: z.string(),
  direction: z.enum(["higher_is_better", "lower_is_better"]),
  rules: z.array(
    z.object({
      rule: z.enum(["deploy_threshold", "beats_baseline"]),
      passed: z.boolean(),
      metric: z.string(),
      value: z.number().nullable(),
      target: z.number().nullable(),
      baseline: z.string().optional(),
      message: z.string(),
    }),
  ),
});

export const registrationResultSchema = versionSummarySchema.extend({
  sameFileAs: z
    .object({
      version: z.number().int().describe("The newest earlier version of this model with the same ONNX file"),
      manifestChanged: z.boolean().describe("false: this version repeats that one exactly"),
    })
    .nullable()
    .describe("Set when the file is byte-identical (same sha256) to an earlier version's; null otherwise"),
});

export const versionDetailSchema = versionSummarySchema.extend({ productionGate: gateVerdictSchema });

export const aliasMoveResultSchema = z.object({
  model: z.string(),
  alias: z.string(),
  version: z.number().int(),
  previousVersion: z.number().int().nullable(),
  forced: z.boolean().describe("Moved to production although the gate failed"),
  gate: gateVerdictSchema.nullable().describe("The production gate's verdict; null for other aliases"),
});

/** What GET/PUT …/aliases/:alias/traffic answer (traffic-policy-store.ts). */
export const trafficPolicyViewSchema = z.object({
  model: z.string(),
  alias: z.string(),
  mode: z.enum(["shadow", "canary", "ab"]),
  championVersion: z
    .number()
    .int()
    .describe("The version the alias points at: it answers every request not sent to the challenger"),
  challengerVersion: z.number().int(),
  percent: z.number().int().nullable().describe("Share of requests the challenger answers (canary, ab); null for shadow"),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const trafficPolicyReadSchema = z.object({
  policy: trafficPolicyViewSchema.nullable().describe("null: the alias's version answers alone"),
});

export const trafficPolicySetResultSchema = trafficPolicyViewSchema.extend({
  forced: z.boolean().describe("Set although the challenger fails the gate (canary, ab)"),
  gate: gateVerdictSchema.nullable().describe("The production gate's verdict on the challenger; null for shadow"),
});

export const trafficPolicyEndResultSchema = z.object({ ended: trafficPolicyViewSchema });
