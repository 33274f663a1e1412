import type { SqlConnection } from "@/lib/db/open-database";
import { decideAlert, type AlertDecision } from "@/lib/alerts/lifecycle/decide-alert";
import type { Evidence, ModelContext, Observation, Subject } from "@/lib/alerts/observations/observation";
import { explainBreach } from "@/lib/alerts/lifecycle/explain-breach";
import { collectObservations } from "@/lib/alerts/observations/collect-observations";
import type { AlertRule } from "@/lib/alerts/rules/rule-schema";

/**
 * Reads what each rule watches and the alerts already open, and decides per rule and subject what
 * changes. Nothing is written here; applyAlertChanges writes the plan in one transaction.
 */

export type ActiveAlert = {
  id: string;
  ruleId: string;
  subject: string;
  firstSeenAt: Date;
  evaluatedThrough: Date;
  snoozedUntil: Date | null;
};

export type AlertChange = {
  modelName: string;
  rule: AlertRule;
  subject: Subject;
  alertId: string | null;
  snoozedUntil: Date | null;
  decision: Exclude<AlertDecision, { action: "none" }>;
  /** Start of the breach's first window: the alert's first seen (for an opening alert). */
  since: Date | null;
  /** The evidence to store and send, when the decision brings a new breaching window. */
  evidence: Evidence | null;
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
    `SELECT id::text AS id, rule_id::text AS "ruleId", subject, first_seen_at AS "firstSeenAt", evaluated_through AS "evaluatedThrough", snoozed_until AS "snoozedUntil"
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
      if (decision.action === "none") continue;
      const explained = await explainDecision(sql, { ctx, rule, subject, seen, decision, current, windows });
      changes.push({
        modelName: ctx.modelName,
        rule,
        subject,
        alertId: current?.id ?? null,
        snoozedUntil: current?.snoozedUntil ?? null,
        decision,
        ...explained,
      });
    }
  }
  return { changes, subjects, observations };
}

/**
 * An opening alert dates from its run's first window; a new breach of an active alert keeps the
 * alert's first seen. A resolution, or an update without a new breach, keeps the stored evidence.
 */
async function explainDecision(
  sql: SqlConnection,
  options: {
    ctx: ModelContext;
    rule: AlertRule;
    subject: Subject;
    seen: readonly Observation[];
    decision: Exclude<AlertDecision, { action: "none" }>;
    current: ActiveAlert | null;
    windows: number;
  },
): Promise<{ since: Date | null; evidence: Evidence | null }> {
  const { decision, seen } = options;
  let since: Date;
  let sinceIsLowerBound = false;
  if (decision.action === "open") {
    since = decision.breaches[0].windowStart;
    sinceIsLowerBound = decision.breaches[0] === seen[0] && seen.length >= options.windows;
  } else if (decision.action === "update" && decision.latest && options.current) {
    since = options.current.firstSeenAt;
  } else return { since: null, evidence: null };
  const latest = decision.latest!;
  const evidence = await explainBreach(sql, { ...options, observations: seen, since, latest, sinceIsLowerBound });
  return { since, evidence };
}
