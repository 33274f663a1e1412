import { alertQuerySchema } from "@/lib/alerts/list-alerts";
import { ruleQuerySchema } from "@/lib/alerts/list-alert-rules";
import { resolveAlertSchema, snoozeAlertSchema } from "@/lib/alerts/lifecycle-schemas";
import { createRuleSchema, updateRuleSchema } from "@/lib/alerts/rule-schema";
import {
  alertDetailSchema,
  alertListSchema,
  alertViewSchema,
  deletedRuleSchema,
  ruleListSchema,
  ruleViewSchema,
} from "@/lib/alerts/response-schemas";
import type { ApiOperation } from "../api-operation";
import { idPath } from "../path-params";

const tag = "Alerts";
const alertId = idPath("The alert's id");
const ruleId = idPath("The rule's id");
const alert = { name: "Alert", schema: alertViewSchema };
const rule = { name: "AlertRule", schema: ruleViewSchema };

export const alertOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/alerts",
    operationId: "listAlerts",
    summary: "Alerts, newest first",
    description: "`status=active` is open or acknowledged.",
    tag,
    scope: "read",
    query: alertQuerySchema,
    responses: { 200: { description: "A page of alerts", body: { name: "AlertList", schema: alertListSchema } } },
    errors: { 422: "Invalid query, naming the parameter" },
  },
  {
    method: "get",
    path: "/api/v1/alerts/{id}",
    operationId: "getAlert",
    summary: "One alert with its evidence and the notifications it caused",
    tag,
    scope: "read",
    pathParams: alertId,
    responses: { 200: { description: "The alert", body: { name: "AlertDetail", schema: alertDetailSchema } } },
    errors: { 404: "No alert with this id" },
  },
  {
    method: "post",
    path: "/api/v1/alerts/{id}/ack",
    operationId: "acknowledgeAlert",
    summary: "Acknowledge an open alert",
    description: "Acknowledging twice changes nothing. Audited.",
    tag,
    scope: "admin",
    pathParams: alertId,
    responses: { 200: { description: "The alert", body: alert } },
    errors: { 404: "No alert with this id", 409: "The alert is already resolved" },
  },
  {
    method: "post",
    path: "/api/v1/alerts/{id}/resolve",
    operationId: "resolveAlert",
    summary: "Resolve an alert by hand, with an optional note",
    description: "The body is optional. The rule's channels hear of it unless the rule is muted or the alert snoozed. Audited.",
    tag,
    scope: "admin",
    pathParams: alertId,
    body: { name: "AlertResolution", schema: resolveAlertSchema, required: false },
    responses: { 200: { description: "The alert", body: alert } },
    errors: { 404: "No alert with this id", 409: "The alert is already resolved", 422: "Invalid note" },
  },
  {
    method: "post",
    path: "/api/v1/alerts/{id}/snooze",
    operationId: "snoozeAlert",
    summary: "Silence an alert until a time, or for a number of minutes (at most 30 days)",
    description: "Give exactly one of `until` and `minutes`. Audited.",
    tag,
    scope: "admin",
    pathParams: alertId,
    body: { name: "AlertSnooze", schema: snoozeAlertSchema },
    responses: { 200: { description: "The alert", body: alert } },
    errors: { 404: "No alert with this id", 409: "The alert is already resolved", 422: "Invalid snooze" },
  },
  {
    method: "get",
    path: "/api/v1/alert-rules",
    operationId: "listAlertRules",
    summary: "Alert rules: a model's, the global defaults (model=defaults), or all",
    tag,
    scope: "admin",
    query: ruleQuerySchema,
    responses: { 200: { description: "The rules", body: { name: "AlertRuleList", schema: ruleListSchema } } },
    errors: { 404: "No model with this name", 422: "Invalid query, naming the parameter" },
  },
  {
    method: "post",
    path: "/api/v1/alert-rules",
    operationId: "createAlertRule",
    summary: "Create a rule for a model, or without `model` a global default for new models",
    description:
      "`condition` depends on `kind`: the schema AlertCondition_KIND (e.g. AlertCondition_feature_drift) says what it may hold; " +
      "left-out fields take their defaults, and fireAfter/resolveAfter default per kind. Audited.",
    tag,
    scope: "admin",
    body: { name: "AlertRuleCreate", schema: createRuleSchema },
    responses: { 201: { description: "The rule", body: rule } },
    errors: { 404: "No model with this name", 422: "Invalid rule, naming the field" },
  },
  {
    method: "get",
    path: "/api/v1/alert-rules/{id}",
    operationId: "getAlertRule",
    summary: "One alert rule",
    tag,
    scope: "admin",
    pathParams: ruleId,
    responses: { 200: { description: "The rule", body: rule } },
    errors: { 404: "No rule with this id" },
  },
  {
    method: "patch",
    path: "/api/v1/alert-rules/{id}",
    operationId: "updateAlertRule",
    summary: "Change a rule, e.g. { muted: true } or { channels: [...] }",
    description: "The kind stays. Disabling a rule resolves its active alerts. Audited.",
    tag,
    scope: "admin",
    pathParams: ruleId,
    body: { name: "AlertRuleUpdate", schema: updateRuleSchema },
    responses: { 200: { description: "The rule as changed", body: rule } },
    errors: { 404: "No rule with this id", 422: "Invalid change, naming the field" },
  },
  {
    method: "delete",
    path: "/api/v1/alert-rules/{id}",
    operationId: "deleteAlertRule",
    summary: "Delete a rule; its active alerts are resolved",
    tag,
    scope: "admin",
    pathParams: ruleId,
    responses: { 200: { description: "What was deleted", body: { name: "DeletedAlertRule", schema: deletedRuleSchema } } },
    errors: { 404: "No rule with this id" },
  },
];
