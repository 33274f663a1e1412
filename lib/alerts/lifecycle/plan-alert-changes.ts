import type { SqlConnection } from "@/lib/db/open-database";
import { decideAlert, type AlertDecision } from "@/lib/alerts/lifecycle/decide-alert";
import type { ModelContext, Subject } from "@/lib/alerts/observations/observation";
import { collectObservations } from "@/lib/alerts/observations/collect-observations";
import type { AlertRule } from "@/lib/alerts/rules/rule-schema";

/**
 * Reads what each rule watches and the alerts already open, and decides per rule and subject what
 * changes. Nothing is written here; applyAlertChanges writes the plan in one transaction.
 */

export type ActiveAlert = { id: string; ruleId: string; subject: string; evaluatedThrough: Date; snoozedUntil: Date | null };

export type AlertChange = {
  modelName: string;
  rule: AlertRule;
  subject: Subject;
  alertId: string | null;
  snoozedUntil: Date | null;
  decision: Exclude<AlertDecision, { action: "none" }>;
};

export type AlertPlan = { changes: AlertChange[]; subjects: number; observations: number };

/** Windows read per subject beyond what the rule needs, so re-occurrences are counted after a pause of the evaluator. */
const SLACK_WINDOWS = 24;

export async function planAlertChanges(
  sql: SqlConnection,
  options: { ctx: ModelContext; rules: AlertRule[]; now: Date },
): Promise<AlertPlan> {
  const { ctx, rules, now } = options;
  if (!rules.length) return { changes: [], subjects: 0, observations: 0 };
  const ruleIds = rules.map((r) => r.id);
  const active = await sql.query<ActiveAlert>(
    `SELECT id::text AS id, rule_id::text AS "ruleId", subject, evaluated_through AS "evaluatedThrough", snoozed_until AS "snoozedUntil"
     FROM alerts WHERE rule_id = ANY($1::uuid[]) AND status <> 'resolved'`,
    [ruleIds],
  );
  const floors = await sql.query<{ ruleId: string; subject: string; evaluatedThrough: Date }>(
    `SELECT DISTINCT ON (rule_id, subject) rule_id::text AS "ruleId", subject, evaluated_through AS "evaluatedThrough"
     FROM alerts WHERE rule_id = ANY($1::uuid[]) AND status = 'resolved'
     ORDER BY rule_id, subject, evaluated_through DESC`,
    [ruleIds],
  );
  const activeByKey = new Map(active.map((a) => [`${a.ruleId}|${a.subject}`, a]));
  const floorByKey = new Map(floors.map((f) => [`${f.ruleId}|${f.subject}`, f.evaluatedThrough]));

  const changes: AlertChange[] = [];
  let subjects = 0;
  let observations = 0;
  for (const rule of rules) {
    const windows = Math.max(rule.fireAfter, rule.resolveAfter) + SLACK_WINDOWS;
    const bySubject = await collectObservations(sql, ctx, rule, { windows, now });
    for (const { subject, observations: seen } of bySubject) {
      subjects++;
      observations += seen.length;
      const current = activeByKey.get(`${rule.id}|${subject.key}`) ?? null;
      const decision = decideAlert({
        observations: seen,
        fireAfter: rule.fireAfter,
        resolveAfter: rule.resolveAfter,
        active: current ? { evaluatedThrough: current.evaluatedThrough, snoozedUntil: current.snoozedUntil } : null,
        floor: floorByKey.get(`${rule.id}|${subject.key}`) ?? null,
        now,
      });
      if (decision.action !== "none")
        changes.push({
          modelName: ctx.modelName,
          rule,
          subject,
          alertId: current?.id ?? null,
          snoozedUntil: current?.snoozedUntil ?? null,
          decision,
        });
    }
  }
  return { changes, subjects, observations };
}
