import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as ingestRoute from "@/app/api/v1/models/[name]/predictions/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { runAlertJob } from "@/jobs/alerts/alert-job";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../../helpers/fixtures";
import {
  fraudRecords,
  fraudScore,
  HOUR,
  monitoredFraudManifest,
  seededRandom,
  settleLog,
  type FraudPopulation,
} from "../../helpers/monitoring-fixtures";

// Issue 14's acceptance: a model watched but not served by Tidemark. Its predictions (features,
// and the scores its own server computed) arrive only through POST /predictions, stamped with the
// hours they were made in. With `amount` shifted, the drift job and the alert job with the model's
// default rules raise the feature drift alert for amount and for no other feature; the same feed
// unshifted raises no drift alert at all.

const HOURS = 4;
const ROWS_PER_HOUR = 400;
// Whole hours in the recent past: ingested times must lie within the drift lookback of the real clock.
const START = Math.floor(Date.now() / HOUR) * HOUR - (HOURS + 2) * HOUR;
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let ingestKey: string;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  ingestKey = (await createApiKey(db.prisma, { name: "collector", scopes: ["ingest"] }, "test")).token;
  const manifest = monitoredFraudManifest(fraudRecords(seededRandom(3), 5000));
  for (const name of ["shifted", "steady"]) {
    expect(
      (
        await callRoute(versionsRoute.POST, {
          params: { name },
          key: keys.admin,
          body: registrationForm(binaryModelBytes(), manifest),
        })
      ).status,
    ).toBe(201);
    await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name, alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
  }
  await feed("shifted", seededRandom(11), { amountMean: 62 });
  await feed("steady", seededRandom(11), {});
  await settleLog();
}, 600_000);
afterAll(async () => db.close());

/** Predictions made elsewhere, hour by hour, sent in one request per hour with their own times. */
async function feed(model: string, rng: ReturnType<typeof seededRandom>, population: FraudPopulation) {
  for (let h = 0; h < HOURS; h++) {
    const records = fraudRecords(rng, ROWS_PER_HOUR, population).map((features, i) => {
      const score = fraudScore(features);
      return {
        features,
        output: { probabilities: { legit: 1 - score, fraud: score } },
        time: new Date(START + h * HOUR + Math.floor((i * HOUR) / ROWS_PER_HOUR)).toISOString(),
      };
    });
    const res = await callRoute(ingestRoute.POST, { params: { name: model }, key: ingestKey, json: { records } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ stored: ROWS_PER_HOUR, rejected: 0 });
  }
}

async function monitor(model: string) {
  const now = new Date(START + HOURS * HOUR + 15 * 60_000);
  const drift = await runDriftJob(db, { model, now });
  expect(drift.filter((o) => o.job === "drift" && o.status === "succeeded")).toHaveLength(HOURS);
  const [alerts] = await runAlertJob(db, { model, now, publicUrl: "http://localhost:3000" });
  expect(alerts).toMatchObject({ job: "alerts", status: "succeeded" });
  const res = await callRoute(alertsRoute.GET, {
    method: "GET",
    path: `/api/v1/alerts?status=active&model=${model}`,
    key: keys.read,
  });
  return res.json.alerts as { subject: string; rule: { kind: string }; feature?: string }[];
}

describe("drift of a model fed only through POST /predictions", () => {
  it("raises the drift alert for the shifted feature and not for the others", async () => {
    const alerts = await monitor("shifted");
    // The score follows amount, so output drift may be alerted too; that is the model's answer to the shift.
    console.log(`alerts for the shifted feed: ${alerts.map((a) => a.subject).join(", ")}`);
    const featureAlerts = alerts.filter((a) => a.rule.kind === "feature_drift").map((a) => a.subject);
    expect(featureAlerts).toContain("v1/feature:amount");
    expect(featureAlerts.filter((s) => s.startsWith("v1/feature:")).sort()).toEqual(["v1/feature:amount"]);
    const drifted = await db.sql.query<{ column: string }>(
      `SELECT DISTINCT r."column" FROM drift_results r JOIN model_versions v ON v.id = r.model_version_id
        JOIN models m ON m.id = v.model_id
       WHERE m.name = 'shifted' AND r.decision = 'drift' AND r.column_kind = 'feature' AND r.segment = ''`,
    );
    expect(drifted.map((r) => r.column)).toEqual(["amount"]);
  });

  it("raises no drift alert for the same feed unshifted", async () => {
    const alerts = await monitor("steady");
    expect(alerts.filter((a) => a.rule.kind.endsWith("drift"))).toEqual([]);
  });
});
