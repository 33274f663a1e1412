import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/alert-rules/[id]/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as jobRunsRoute from "@/app/api/v1/jobs/runs/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { runAlertJob } from "@/jobs/alerts/alert-job";
import { deliverDueNotifications } from "@/lib/alerts/notifications/deliver-notifications";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { verifyWebhook } from "@/lib/alerts/notifications/webhook-signature";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../../helpers/fixtures";
import {
  fraudRecords,
  HOUR,
  monitoredFraudManifest,
  seededRandom,
  settleLog,
  streamHour,
} from "../../helpers/monitoring-fixtures";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver";
import { testDeliverySettings } from "../../helpers/alert-fixtures";

// From the predict API to a signed webhook: predictions stream in hour by hour; from DRIFT_FROM on,
// `amount` shifts and the country mix turns towards FR. The real drift job computes each window;
// the alert job, with the model's default rules (drift fires after two windows in a row), must
// stay quiet after the first drifting window and raise the drift alerts after the second, with
// evidence; delivery sends them to a webhook receiver on loopback.
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
// Receivers on loopback are internal: destinations reach them only with the opt-in.
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

const SECRET = "e2e-signing-secret-0123456789";
const START = Date.UTC(2026, 10, 9, 0);
const DRIFT_FROM = 5;
const ROWS_PER_HOUR = 400;
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let receiver: WebhookReceiver;
const rng = seededRandom(23);
const settings = testDeliverySettings();

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  receiver = await startWebhookReceiver();
  const manifest = monitoredFraudManifest(fraudRecords(rng, 5000), {
    featureImportance: { amount: 0.6, country: 0.3, is_new: 0.1 },
  });
  expect(
    (
      await callRoute(versionsRoute.POST, {
        params: { name: "fraud" },
        key: keys.admin,
        body: registrationForm(binaryModelBytes(), manifest),
      })
    ).status,
  ).toBe(201);
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
  expect(
    (
      await callRoute(destinationsRoute.POST, {
        key: keys.admin,
        json: { name: "ml-oncall", kind: "webhook", url: receiver.url(), secret: SECRET },
      })
    ).status,
  ).toBe(201);
  // Route the model's default drift rules to the webhook.
  const rules = (await callRoute(rulesRoute.GET, { method: "GET", path: "/api/v1/alert-rules?model=fraud", key: keys.admin }))
    .json.rules as { id: string; kind: string }[];
  for (const rule of rules.filter((r) => r.kind === "feature_drift" || r.kind === "dataset_drift")) {
    expect(
      (
        await callRoute(ruleRoute.PATCH, {
          method: "PATCH",
          params: { id: rule.id },
          key: keys.admin,
          json: { channels: ["ml-oncall"] },
        })
      ).status,
    ).toBe(200);
  }
});
afterAll(async () => {
  await receiver.close();
  await db.close();
});

async function streamHours(from: number, to: number) {
  for (let h = from; h < to; h++) {
    const drifted = h >= DRIFT_FROM;
    const records = fraudRecords(rng, ROWS_PER_HOUR, drifted ? { amountMean: 62, countries: { US: 0.2, DE: 0.3, FR: 0.5 } } : {});
    await streamHour({ model: "fraud", key: keys.predict, hourStart: new Date(START + h * HOUR), records });
  }
  await settleLog();
}

/** One scheduler cycle at simulated time `hours` after START: drift windows, then alerts. */
async function monitorAt(hours: number) {
  const now = new Date(START + hours * HOUR + 15 * 60_000);
  const drift = await runDriftJob(db, { model: "fraud", now });
  expect(drift.every((o) => o.status === "succeeded")).toBe(true);
  const [alerts] = await runAlertJob(db, { model: "fraud", now, publicUrl: settings.publicUrl });
  expect(alerts).toMatchObject({ job: "alerts", status: "succeeded", version: null });
  return alerts.details as { opened: number };
}

const driftAlerts = async () =>
  (
    (await callRoute(alertsRoute.GET, { method: "GET", path: "/api/v1/alerts?status=active&model=fraud", key: keys.read })).json
      .alerts as any[]
  ).filter((a) => a.rule.kind === "feature_drift" || a.rule.kind === "dataset_drift");

describe("drift injected through the predict API raises an alert end to end", () => {
  it("stays quiet through the healthy hours and the first drifting one", async () => {
    await streamHours(0, DRIFT_FROM + 1);
    await monitorAt(DRIFT_FROM + 1);
    expect(await driftAlerts()).toEqual([]);
  });

  it("raises feature and dataset drift alerts after the second drifting window, with evidence", async () => {
    await streamHours(DRIFT_FROM + 1, DRIFT_FROM + 2);
    await monitorAt(DRIFT_FROM + 2);
    const alerts = await driftAlerts();
    expect(alerts.map((a) => a.subject).sort()).toEqual(["v1/dataset", "v1/feature:amount", "v1/feature:country"]);
    const amount = alerts.find((a) => a.feature === "amount");
    expect(amount).toMatchObject({
      status: "open",
      severity: "warning",
      occurrences: 2,
      link: "/models/fraud/drift?version=1&feature=amount&from=2026-11-08T07%3A00%3A00.000Z&to=2026-11-09T07%3A00%3A00.000Z",
    });
    expect(amount.evidence.window).toEqual({
      start: new Date(START + (DRIFT_FROM + 1) * HOUR).toISOString(),
      end: new Date(START + (DRIFT_FROM + 2) * HOUR).toISOString(),
    });
    expect(amount.evidence.sampleSizes).toEqual({ reference: 5000, current: ROWS_PER_HOUR });
    expect(amount.evidence.effect.value).toBeGreaterThanOrEqual(amount.evidence.threshold);
    const dataset = alerts.find((a) => a.subject === "v1/dataset");
    expect(dataset.severity).toBe("critical");
    // amount carries twice country's importance and drifts more: it ranks first.
    expect(dataset.evidence.topFeatures.map((f: { feature: string }) => f.feature)).toEqual(["amount", "country"]);

    const runs = await callRoute(jobRunsRoute.GET, {
      method: "GET",
      path: "/api/v1/jobs/runs?job=alerts&model=fraud",
      key: keys.read,
    });
    expect(runs.json.runs.map((r: { status: string }) => r.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("delivers each alert once to the webhook, signed", async () => {
    const sent = await deliverDueNotifications(db, { settings, key: getSecretKey() });
    expect(sent).toEqual({ attempted: 3, delivered: 3, retrying: 0, dead: 0 });
    expect(
      receiver
        .accepted()
        .map((r) => r.json.alert.subject)
        .sort(),
    ).toEqual(["v1/dataset", "v1/feature:amount", "v1/feature:country"]);
    for (const r of receiver.accepted()) {
      expect(r.json.type).toBe("alert.opened");
      expect(
        verifyWebhook({
          secret: SECRET,
          body: r.body,
          signature: r.headers["x-tidemark-signature"] as string,
          timestamp: r.headers["x-tidemark-timestamp"] as string,
        }),
      ).toEqual({ ok: true });
    }
  });

  it("the next drifting window updates the same alerts and sends nothing new", async () => {
    await streamHours(DRIFT_FROM + 2, DRIFT_FROM + 3);
    expect(await monitorAt(DRIFT_FROM + 3)).toMatchObject({ opened: 0 });
    const alerts = await driftAlerts();
    expect(alerts).toHaveLength(3);
    expect(alerts.find((a) => a.feature === "amount").occurrences).toBe(3);
    expect(await deliverDueNotifications(db, { settings, key: getSecretKey() })).toMatchObject({ attempted: 0 });
  });
});
