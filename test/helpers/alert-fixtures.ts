import { expect } from "vitest";
import type { Database } from "@/lib/db/open-database";
import type { DeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { parseHostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import { callRoute } from "./call-route";
import { binaryManifest, binaryModelBytes, registrationForm } from "./fixtures";

/**
 * Inputs for alert tests: monitoring results as the jobs store them (drift windows, job runs), and
 * delivery settings with short timeouts. The alert code under test reads these like any other
 * results; what it concludes is what the tests check.
 */

export function testDeliverySettings(overrides: Partial<DeliverySettings> = {}): DeliverySettings {
  return {
    timeoutMs: 400,
    maxAttempts: 6,
    baseDelayMs: 30_000,
    maxDelayMs: 30 * 60_000,
    leaseMs: 60_000,
    // The receivers and sinks of these tests listen on loopback: the internal-receiver opt-in.
    allowList: parseHostAllowList(undefined, { allowPrivate: true }),
    publicUrl: "http://tidemark.test",
    ...overrides,
  };
}

export async function registerFraudModel(adminKey: string, name = "fraud", manifest: unknown = binaryManifest()) {
  const res = await callRoute(versionsRoute.POST, {
    params: { name },
    key: adminKey,
    body: registrationForm(binaryModelBytes(), manifest),
  });
  expect(res.status).toBe(201);
  return res.json as { version: number };
}

export async function versionId(db: Database, model: string, version = 1): Promise<string> {
  const [row] = await db.sql.query<{ id: string }>(
    `SELECT v.id::text AS id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2`,
    [model, version],
  );
  return row.id;
}

/** Turns off a model's rules (the copied global defaults), so a test watches only the rules it creates. */
export async function disableRules(db: Database, model: string) {
  await db.sql.query(`UPDATE alert_rules SET enabled = false WHERE model_id = (SELECT id FROM models WHERE name = $1)`, [model]);
}

const HOUR = 3_600_000;

/** One hour of drift results as the drift job writes them: `drifted` features drift, the rest do not. */
export async function writeDriftHour(
  db: Database,
  options: {
    versionId: string;
    hourStart: number;
    drifted: string[];
    features?: string[];
    rows?: number;
    effects?: Record<string, number>;
  },
) {
  const features = options.features ?? ["amount", "country", "is_new"];
  const start = new Date(options.hourStart).toISOString();
  const end = new Date(options.hourStart + HOUR).toISOString();
  const rows = options.rows ?? 400;
  await db.sql.query(`DELETE FROM drift_results WHERE model_version_id = $1::uuid AND window_start = $2::timestamptz`, [
    options.versionId,
    start,
  ]);
  await db.sql.query(`DELETE FROM drift_windows WHERE model_version_id = $1::uuid AND window_start = $2::timestamptz`, [
    options.versionId,
    start,
  ]);
  for (const feature of features) {
    const drift = options.drifted.includes(feature);
    await db.sql.query(
      `INSERT INTO drift_results (run_id, model_version_id, segment, column_kind, "column", window_start, window_end, reference, method, statistic,
         p_value, p_adjusted, effect_method, effect_size, threshold, decision, reference_size, current_size)
       VALUES (0, $1::uuid, '', 'feature', $2, $3::timestamptz, $4::timestamptz, 'training', 'ks', $5, $6, $6, 'wasserstein_normed', $7, 0.1, $8, 5000, $9)`,
      [
        options.versionId,
        feature,
        start,
        end,
        drift ? 0.3 : 0.02,
        drift ? 1e-9 : 0.6,
        options.effects?.[feature] ?? (drift ? 0.35 : 0.01),
        drift ? "drift" : "no_drift",
        rows,
      ],
    );
  }
  const verdict = options.drifted.length / features.length >= 0.5 ? "drift" : "no_drift";
  await db.sql.query(
    `INSERT INTO drift_windows (run_id, model_version_id, segment, window_start, window_end, reference, rows, features_tested, features_drifted,
       drifted_share, weighted_score, verdict)
     VALUES (0, $1::uuid, '', $2::timestamptz, $3::timestamptz, 'training', $4, $5, $6, $7, $7, $8)`,
    [
      options.versionId,
      start,
      end,
      rows,
      features.length,
      options.drifted.length,
      options.drifted.length / features.length,
      verdict,
    ],
  );
}

/** A finished run of a model's job, as the job framework records it. */
export async function recordJobRun(
  db: Database,
  options: { model: string; job: string; status: "succeeded" | "failed" | "crashed"; at: Date; error?: string },
) {
  await db.sql.query(
    `INSERT INTO job_runs (job, model_name, trigger, status, started_at, finished_at, error, runner)
     VALUES ($1, $2, 'schedule', $3::"JobRunStatus", $4::timestamptz, $4::timestamptz, $5, 'test:1')`,
    [
      options.job,
      options.model,
      options.status,
      options.at.toISOString(),
      options.status === "succeeded" ? null : (options.error ?? "boom"),
    ],
  );
}
