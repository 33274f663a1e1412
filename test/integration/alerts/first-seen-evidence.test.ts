import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/alert-rules/[id]/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as alertRoute from "@/app/api/v1/alerts/[id]/route";
import { runAlertJob } from "@/jobs/alerts/alert-job";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { deliverDueNotifications } from "@/lib/alerts/notifications/deliver-notifications";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { emailContent } from "@/lib/alerts/notifications/render-notification";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { binaryManifest, createKeys } from "../../helpers/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver";
import { disableRules, registerFraudModel, testDeliverySettings, versionId, writeDriftHour } from "../../helpers/alert-fixtures";

// An alert answers since when, how strong, which features and what now. Drift begins at T0; the
// alerts job first runs three hours later, yet the alert dates from T0's window. amount drifts
// twice as hard as country, but country carries 3.5 times its importance: importance × effect
// ranks country first, effect alone would not. A model whose realized AUC falls while its
// estimate holds is told it is likely concept drift. The webhook and Slack receivers on loopback
// get the same first seen, evidence and next step.
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 12, 10);
const iso = (t: number) => new Date(t).toISOString();
const settings = testDeliverySettings();
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let hook: WebhookReceiver;
let slack: WebhookReceiver;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  hook = await startWebhookReceiver();
  slack = await startWebhookReceiver();
  await registerFraudModel(
    keys.admin,
    "fraud",
    binaryManifest({ featureImportance: { amount: 0.2, country: 0.7, is_new: 0.1 } }),
  );
  await registerFraudModel(keys.admin, "churn");
  await disableRules(db, "churn");
  for (const json of [
    { name: "hook", kind: "webhook", url: hook.url(), secret: "first-seen-signing-secret-0123" },
    { name: "slack", kind: "slack", url: slack.url("/services/T0/B0/x") },
  ])
    expect((await callRoute(destinationsRoute.POST, { key: keys.admin, json })).status).toBe(201);
});
afterAll(async () => {
  await hook.close();
  await slack.close();
  await db.close();
});

async function insertPerformance(
  model: string,
  h: number,
  kind: "realized" | "estimated",
  value: number,
  meets: boolean,
): Promise<void> {
  await db.sql.query(
    `INSERT INTO performance_results (run_id, model_version_id, window_start, window_end, kind, predictions, labeled, label_coverage, metrics, primary_metric, primary_value, meets_threshold)
     VALUES (0, $1::uuid, $2::timestamptz, $3::timestamptz, $4, 400, $5::int, $5::int / 400.0, '{}', 'auc', $6, $7)`,
    [await versionId(db, model), iso(T0 + h * HOUR), iso(T0 + (h + 1) * HOUR), kind, kind === "realized" ? 200 : 0, value, meets],
  );
}

const activeAlerts = async (model: string) =>
  (await callRoute(alertsRoute.GET, { method: "GET", path: `/api/v1/alerts?status=active&model=${model}`, key: keys.read })).json
    .alerts as any[];

describe("first seen and evidence", () => {
  it("a drift run noticed three hours late dates from its first window, ranks features, says what to do", async () => {
    const v1 = await versionId(db, "fraud");
    const rules = (await callRoute(rulesRoute.GET, { method: "GET", path: "/api/v1/alert-rules?model=fraud", key: keys.admin }))
      .json.rules as { id: string; kind: string }[];
    const dataset = rules.find((r) => r.kind === "dataset_drift")!;
    const patch = { method: "PATCH", params: { id: dataset.id }, key: keys.admin, json: { channels: ["hook", "slack"] } };
    expect((await callRoute(ruleRoute.PATCH, patch)).status).toBe(200);
    for (let h = -4; h < 3; h++) {
      const drifted = h >= 0 ? ["amount", "country"] : [];
      await writeDriftHour(db, { versionId: v1, hourStart: T0 + h * HOUR, drifted, effects: { amount: 0.6, country: 0.3 } });
      await insertPerformance("fraud", h, "estimated", 0.86, true);
    }
    // The open hour holds a drifting window too: it is not over, so it neither counts nor dates.
    await writeDriftHour(db, { versionId: v1, hourStart: T0 + 3 * HOUR, drifted: ["amount", "country"] });

    const now = new Date(T0 + 3 * HOUR + 5 * 60_000);
    const [run] = await runAlertJob(db, { model: "fraud", now, publicUrl: settings.publicUrl });
    expect(run.status).toBe("succeeded");
    const alerts = await activeAlerts("fraud");
    const ds = alerts.find((a) => a.subject === "v1/dataset");
    const amount = alerts.find((a) => a.subject === "v1/feature:amount");
    expect(ds.firstSeenAt).toBe(iso(T0));
    expect(amount.firstSeenAt).toBe(iso(T0));
    expect(ds.lastSeenAt).toBe(now.toISOString());
    expect(ds.evidence.window).toEqual({ start: iso(T0 + 2 * HOUR), end: iso(T0 + 3 * HOUR) });
    expect(ds.evidence.topFeatures.map((f: { feature: string }) => f.feature)).toEqual(["country", "amount"]);
    expect(ds.evidence.topFeatures.map((f: { score: number }) => f.score)).toEqual([2.1, 1.2]);
    expect(ds.evidence.breach).toMatchObject({
      since: iso(T0),
      firstWindow: { start: iso(T0), end: iso(T0 + HOUR) },
      windows: { judged: 3, breaching: 3 },
      strength: { measure: "weighted_drifted_share" },
      estimate: { metric: "auc", value: 0.86, threshold: 0.8, holds: true, windows: 3 },
      nextStep: { diagnosis: "covariate_drift" },
    });
    expect(ds.evidence.breach.sinceIsLowerBound).toBeUndefined();
    expect(ds.evidence.breach.nextStep.text).toBe(
      "Inputs moved (country, amount), estimated performance holds (auc 0.86, threshold 0.8): watch, and check the upstream source of country for a change in how it is produced.",
    );
    // The page opens on the whole breach, with the healthy hours before it.
    const range = `from=${encodeURIComponent(iso(T0 + 3 * HOUR - 24 * HOUR))}&to=${encodeURIComponent(iso(T0 + 3 * HOUR))}`;
    expect(ds.evidence.breach.nextStep.link).toBe(`/models/fraud/drift?version=1&feature=country&${range}`);
    expect(amount.evidence.breach.strength).toEqual({ measure: "wasserstein_normed", value: 0.6, threshold: 0.1 });
    expect(amount.evidence.breach.nextStep.text).toContain("check the upstream source of amount");

    const detail = await callRoute(alertRoute.GET, { method: "GET", params: { id: ds.id }, key: keys.read });
    expect(detail.json.evidence.breach.since).toBe(iso(T0));
  });

  it("the webhook, Slack and email carry first seen, evidence and the next step", async () => {
    expect(
      await deliverDueNotifications(db, { settings, key: getSecretKey(), now: new Date(T0 + 3 * HOUR + 6 * 60_000) }),
    ).toMatchObject({
      delivered: 2,
      dead: 0,
    });
    const [event] = hook.accepted().map((r) => r.json);
    expect(event.type).toBe("alert.opened");
    expect(event.alert.firstSeenAt).toBe(iso(T0));
    expect(event.alert.evidence.breach).toMatchObject({ since: iso(T0), windows: { judged: 3, breaching: 3 } });
    expect(event.alert.evidence.breach.nextStep.text).toContain("estimated performance holds");
    expect(event.alert.url).toBe(`${settings.publicUrl}${event.alert.evidence.link}`);

    const [message] = slack.accepted().map((r) => r.json);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("Since");
    expect(text).toContain("2026-11-12 10:00 UTC (3 of 3 windows breaching)");
    expect(text).toContain("check the upstream source of country");
    expect(text).toContain("country (importance 0.7 × drift 0.3/0.1)");

    const mail = emailContent(event);
    expect(mail.text).toContain("Since: 2026-11-12 10:00 UTC (3 of 3 windows breaching)");
    expect(mail.text).toContain("Next step: Inputs moved (country, amount)");
  });

  it("realized performance falling while the estimate holds is called concept drift", async () => {
    const rule = await callRoute(rulesRoute.POST, {
      key: keys.admin,
      json: { model: "churn", name: "realized", kind: "performance", condition: { source: "realized" }, fireAfter: 2 },
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);
    const churn = await versionId(db, "churn");
    for (let h = -3; h < 3; h++) {
      await insertPerformance("churn", h, "realized", h >= 0 ? 0.64 - h * 0.02 : 0.9, h < 0);
      await insertPerformance("churn", h, "estimated", 0.87, true);
      await writeDriftHour(db, { versionId: churn, hourStart: T0 + h * HOUR, drifted: [] });
    }
    await evaluateModelAlerts(db, { model: "churn", now: new Date(T0 + 3 * HOUR + 5 * 60_000), publicUrl: settings.publicUrl });
    const [alert] = await activeAlerts("churn");
    expect(alert.firstSeenAt).toBe(iso(T0));
    expect(alert.evidence.breach).toMatchObject({
      since: iso(T0),
      windows: { judged: 3, breaching: 3 },
      strength: { measure: "auc", value: 0.6, threshold: 0.8 },
      estimate: { value: 0.87, holds: true },
      nextStep: { diagnosis: "concept_drift" },
    });
    expect(alert.evidence.breach.nextStep.text).toMatch(
      /^Realized auc 0\.6 \(threshold 0\.8\) fell while the estimated auc 0\.87/,
    );
    expect(alert.evidence.breach.nextStep.text).toContain("likely concept drift. Check the labels first");
    expect(alert.evidence.breach.nextStep.text).toContain("No input drifted over these hours.");
    expect(alert.evidence.breach.nextStep.link.startsWith("/models/churn/performance?version=1&from=")).toBe(true);
  });

  it("when the estimate falls too, the inputs are blamed instead", async () => {
    await db.sql.query(`DELETE FROM alerts WHERE model_name = 'churn'`);
    const churn = await versionId(db, "churn");
    await db.sql.query(
      `UPDATE performance_results SET primary_value = 0.7, meets_threshold = false
       WHERE model_version_id = $1::uuid AND kind = 'estimated' AND window_start = $2`,
      [churn, iso(T0 + HOUR)],
    );
    // The newest drift window of the breach saw amount move: the step names it.
    await writeDriftHour(db, { versionId: churn, hourStart: T0 + 2 * HOUR, drifted: ["amount"] });
    await evaluateModelAlerts(db, { model: "churn", now: new Date(T0 + 3 * HOUR + 5 * 60_000), publicUrl: settings.publicUrl });
    const [alert] = await activeAlerts("churn");
    expect(alert.evidence.breach).toMatchObject({
      estimate: { holds: false },
      nextStep: { diagnosis: "covariate_drift_hurting" },
    });
    expect(alert.evidence.breach.nextStep.link.startsWith("/models/churn/drift?version=1&from=")).toBe(true);
    expect(alert.evidence.breach.nextStep.text).toContain("Inputs that moved, by importance × drift: amount.");
    expect(alert.evidence.topFeatures.map((f: { feature: string }) => f.feature)).toEqual(["amount"]);
  });
});
