// The dashboard tests' monitored model: "churn" with three past hours of traffic through the real
// predict route (two like training, then one where amounts shift), labels for all of it, the
// drift, performance and service jobs run, and an alert opened by a feature-drift rule.
import type { Database } from "@/lib/db/open-database";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { runPerformanceJob } from "@/jobs/monitoring/performance-job";
import { runServiceJob } from "@/jobs/monitoring/service-job";
import { getRequestStats } from "@/lib/serving/request-stats";
import { createAlertRule } from "@/lib/alerts/rules/create-alert-rule";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { binaryModelBytes } from "./fixtures";
import { BASELINE, HOUR, fraudRecords, monitoredFraudManifest, seededRandom, settleLog, streamHour } from "./monitoring-fixtures";

/** Seeds "churn" (the database must be the one the predict route uses); returns the alerts opened. */
export async function seedMonitoredChurn(db: Database, predictorKey: string): Promise<number> {
  const rng = seededRandom(5);
  await registerModelVersion(db, {
    modelName: "churn",
    onnx: binaryModelBytes(),
    manifest: monitoredFraudManifest(fraudRecords(rng, 4000)),
    actor: "cli:test",
    maxBytes: 1e8,
  });
  await moveAlias(db.prisma, { name: "churn", alias: "production", input: { version: 1 }, actor: "cli:test" });
  const firstHour = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
  for (let h = 0; h < 3; h++) {
    const records = fraudRecords(rng, 600, h === 2 ? { ...BASELINE, amountMean: 80 } : BASELINE);
    await streamHour({ model: "churn", key: predictorKey, hourStart: new Date(firstHour + h * HOUR), records });
  }
  await settleLog();
  await runDriftJob(db, { model: "churn", now: new Date(firstHour + 4 * HOUR) });
  const logged = await db.sql.query<{ id: string; p: number }>(
    `SELECT p.id::text AS id, (p.output->'probabilities'->>'fraud')::float8 AS p FROM predictions p JOIN model_versions v ON v.id = p.model_version_id JOIN models m ON m.id = v.model_id WHERE m.name = 'churn'`,
  );
  await db.prisma.outcome.createMany({
    data: await Promise.all(
      logged.map(async (r, i) => {
        const t = new Date(parseInt(r.id.replace(/-/g, "").slice(0, 12), 16));
        const model = await db.prisma.model.findUniqueOrThrow({ where: { name: "churn" }, include: { versions: true } });
        return {
          modelId: model.id,
          source: "prediction",
          predictionId: r.id,
          observedAt: new Date(t.getTime() + 60_000),
          label: (i * 0.618) % 1 < r.p ? "fraud" : "legit",
          linkedPredictionId: r.id,
          predictionCreatedAt: t,
          modelVersionId: model.versions[0].id,
        };
      }),
    ),
  });
  await runPerformanceJob(db, { model: "churn", now: new Date(firstHour + 4 * HOUR) });
  // Service windows from the request counts (flushed now rather than after the recorder's delay),
  // and an alert opened by a feature-drift rule on the shifted hour: the overview shows them all.
  await getRequestStats(db).flush();
  await runServiceJob(db, { model: "churn", now: new Date(firstHour + 4 * HOUR) });
  await createAlertRule(db.prisma, {
    input: { model: "churn", name: "amount drift", kind: "feature_drift", condition: { features: ["amount"] }, fireAfter: 1 },
    actor: "test",
  });
  // The model's copies of the default rules may open more (performance, SLA): the overview counts them all.
  return (await evaluateModelAlerts(db, { model: "churn", publicUrl: "http://127.0.0.1" })).opened;
}
