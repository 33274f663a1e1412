import "server-only";
import type { Database, SqlConnection } from "@/lib/db/open-database";
import { applyAlertChanges, type ApplySummary } from "@/lib/alerts/lifecycle/apply-alert-changes";
import { loadModelContextOrThrow, withProductionImportance } from "@/lib/alerts/observations/load-model-context";
import { planAlertChanges } from "@/lib/alerts/lifecycle/plan-alert-changes";

/**
 * One evaluation of a model's alert rules: plan from the stored monitoring results, then a write
 * step to run inside a transaction (the alert job runs it together with its run record).
 */
export async function prepareModelAlertEvaluation(db: Database, options: { model: string; now: Date; publicUrl: string }) {
  const loaded = await loadModelContextOrThrow(db.prisma, options.model);
  const { rules, invalidRules } = loaded;
  const ctx = await withProductionImportance(db.sql, loaded.ctx, options.now);
  const plan = await planAlertChanges(db.sql, { ctx, rules, now: options.now });
  return {
    rules: rules.length,
    invalidRules,
    subjects: plan.subjects,
    observations: plan.observations,
    changes: plan.changes.length,
    write: (tx: SqlConnection): Promise<ApplySummary> =>
      applyAlertChanges(tx, { changes: plan.changes, now: options.now, publicUrl: options.publicUrl }),
  };
}

/** Plans and applies at once, in its own transaction (tests, and callers without a run record). */
export async function evaluateModelAlerts(db: Database, options: { model: string; now?: Date; publicUrl: string }) {
  const prepared = await prepareModelAlertEvaluation(db, { ...options, now: options.now ?? new Date() });
  const applied = await db.sql.transaction((tx) => prepared.write(tx));
  return { rules: prepared.rules, invalidRules: prepared.invalidRules, subjects: prepared.subjects, ...applied };
}
