// Alert job: judges a model's enabled alert rules against the stored monitoring results (drift,
// quality, performance, business, service, the prediction log, job runs), opens, updates and
// resolves alerts, and puts their notifications in the outbox — all in the transaction that records
// the run. Default schedule: every 5 minutes ("*/5 * * * *", per-model setting schedules.alerts),
// so an alert follows its results within minutes and "no traffic" is noticed between hourly jobs.
import type { Database } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { runRecordedJob, type RunOutcome } from "@/lib/jobs/run-recorded-job";
import { getDeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { prepareModelAlertEvaluation } from "@/lib/alerts/lifecycle/evaluate-model-alerts";

export type AlertJobOptions = {
  model: string;
  trigger?: JobTrigger;
  /** "Now" for periods such as "no traffic" and snooze ends; the wall clock by default. */
  now?: Date;
  publicUrl?: string;
};

export async function runAlertJob(db: Database, options: AlertJobOptions): Promise<RunOutcome[]> {
  const identity = {
    job: "alerts" as const,
    modelName: options.model,
    modelVersionId: null,
    version: null,
    windowStart: null,
    windowEnd: null,
    exclusive: "model" as const,
  };
  const outcome = await runRecordedJob(db, identity, options.trigger ?? "manual", async () => {
    const prepared = await prepareModelAlertEvaluation(db, {
      model: options.model,
      now: options.now ?? new Date(),
      publicUrl: options.publicUrl ?? getDeliverySettings().publicUrl,
    });
    let applied = { opened: 0, updated: 0, resolved: 0, notifications: 0 };
    return {
      rowsRead: prepared.observations,
      // Read when the run is completed, after write() inside the same transaction: the counts are
      // what was committed.
      get details() {
        return {
          rules: prepared.rules,
          subjects: prepared.subjects,
          ...applied,
          ...(prepared.invalidRules.length ? { invalidRules: prepared.invalidRules } : {}),
        };
      },
      write: async (tx) => {
        applied = await prepared.write(tx);
      },
    };
  });
  return [outcome];
}
