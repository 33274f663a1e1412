import { z } from "zod";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";
import { ALERT_KINDS, SEVERITIES } from "@/lib/alerts/rules/rule-schema";
import { DESTINATION_KINDS } from "@/lib/alerts/destinations/destination-schema";

/** What the alert, rule, destination and notification operations answer (see alert-row.ts, rule-view.ts, …). */

const time = isoTimeSchema;
const nullableTime = isoTimeSchema.nullable();

const breachSchema = z.object({
  since: time.describe("Start of the first window of the current run of breaching windows"),
  sinceIsLowerBound: z.boolean().optional().describe("The run began before the oldest window read: since at least then"),
  firstWindow: z.object({ start: time, end: time }),
  windows: z.object({ judged: z.number().int(), breaching: z.number().int() }).describe("Windows since the breach began"),
  strength: z.object({ measure: z.string(), value: z.number().nullable(), threshold: z.number().nullable() }),
  estimate: z
    .object({
      metric: z.string(),
      value: z.number().nullable(),
      threshold: z.number().nullable(),
      holds: z.boolean(),
      windows: z.number().int(),
    })
    .nullable()
    .describe("Estimated performance over the breach; null when none is stored"),
  nextStep: z.object({
    diagnosis: z.string().describe("covariate_drift, covariate_drift_hurting, concept_drift, performance_drop, sla_breach, …"),
    text: z.string(),
    link: z.string().describe("Dashboard path, its range set around the first breaching window"),
  }),
});

export const evidenceSchema = z.looseObject({
  summary: z.string().describe("One sentence a person can act on"),
  window: z.object({ start: time, end: time }),
  link: z.string().describe("Dashboard path of the page that shows this evidence"),
  breach: breachSchema.optional().describe("Since when, how strong, what now; absent on alerts raised before it existed"),
  attributionShift: z
    .array(z.object({ feature: z.string(), before: z.number(), during: z.number(), change: z.number() }))
    .optional()
    .describe(
      "Performance and business alerts: features whose share of production importance moved most between the day before the breach and the breach (needs the explanations job)",
    ),
});

export const alertViewSchema = z.object({
  id: z.uuid(),
  status: z.enum(["open", "acknowledged", "resolved"]),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  model: z.string(),
  version: z.number().int().nullable(),
  subject: z.string(),
  feature: z.string().nullable(),
  rule: z.object({ id: z.uuid().nullable().describe("null once the rule is deleted"), name: z.string(), kind: z.string() }),
  occurrences: z.number().int(),
  firstSeenAt: time.describe("Start of the first breaching window, not when the alerts job noticed it"),
  lastSeenAt: time.describe("When the alerts job last counted a breaching window"),
  acknowledgedAt: nullableTime,
  acknowledgedBy: z.string().nullable(),
  resolvedAt: nullableTime,
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  snoozedUntil: nullableTime,
  snoozedBy: z.string().nullable(),
  evidence: evidenceSchema,
  link: z.string(),
});

export const notificationViewSchema = z.object({
  id: z.string().regex(/^\d+$/),
  eventId: z.string(),
  event: z.string(),
  alertId: z.uuid(),
  destination: z.string(),
  status: z.enum(["pending", "sending", "delivered", "dead"]),
  attempts: z.number().int(),
  nextAttemptAt: nullableTime,
  lastAttemptAt: nullableTime,
  lastError: z.string().nullable(),
  deliveredAt: nullableTime,
  createdAt: time,
});

export const alertDetailSchema = alertViewSchema.extend({ notifications: z.array(notificationViewSchema) });

const nextBefore = z.string().nullable().describe("Pass as before= for the next (older) page; null on the last page");

export const alertListSchema = z.object({ alerts: z.array(alertViewSchema), nextBefore });
export const notificationListSchema = z.object({ notifications: z.array(notificationViewSchema), nextBefore });

export const ruleViewSchema = z.object({
  id: z.uuid(),
  model: z.string().nullable().describe("null for a global default"),
  isDefault: z.boolean(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  condition: z.record(z.string(), z.unknown()).describe("The kind's condition, defaults filled in"),
  severity: z.enum(SEVERITIES),
  fireAfter: z.number().int(),
  resolveAfter: z.number().int(),
  channels: z.array(z.string()),
  enabled: z.boolean(),
  muted: z.boolean(),
  createdBy: z.string(),
  createdAt: time,
  updatedAt: time,
});
export const ruleListSchema = z.object({ rules: z.array(ruleViewSchema) });
export const deletedRuleSchema = z.object({ deleted: z.uuid(), resolvedAlerts: z.number().int() });

export const destinationViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(DESTINATION_KINDS),
  config: z.record(z.string(), z.unknown()).describe("The fields that may be shown; secrets are never returned"),
  enabled: z.boolean(),
  createdBy: z.string(),
  createdAt: time,
  updatedAt: time,
});
export const destinationListSchema = z.object({ destinations: z.array(destinationViewSchema) });
export const deletedDestinationSchema = z.object({ deleted: z.string(), abandonedNotifications: z.number().int() });

export const destinationTestResultSchema = z.object({
  destination: z.string(),
  eventId: z.string(),
  delivered: z.boolean(),
  responseCode: z.number().int().nullable(),
  error: z.string().nullable().optional(),
  durationMs: z.number().int(),
});
