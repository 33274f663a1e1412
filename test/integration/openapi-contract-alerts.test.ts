import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as alertRoute from "@/app/api/v1/alerts/[id]/route";
import * as ackRoute from "@/app/api/v1/alerts/[id]/ack/route";
import * as resolveRoute from "@/app/api/v1/alerts/[id]/resolve/route";
import * as snoozeRoute from "@/app/api/v1/alerts/[id]/snooze/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/alert-rules/[id]/route";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as destinationRoute from "@/app/api/v1/destinations/[name]/route";
import * as destinationTestRoute from "@/app/api/v1/destinations/[name]/test/route";
import * as notificationsRoute from "@/app/api/v1/alert-notifications/route";
import * as retryRoute from "@/app/api/v1/alert-notifications/[id]/retry/route";
import { evaluateModelAlerts } from "@/lib/alerts/evaluate-model-alerts";
import { openTestDatabase } from "../helpers/test-database";
import { createKeys } from "../helpers/fixtures";
import { registerFraudModel, versionId, writeDriftHour } from "../helpers/alert-fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { ALERT_TAGS, contractCalls, contractChecker } from "../helpers/openapi-contract";

// The alert operations of the OpenAPI document called through their real handlers, every answer
// checked against the document (see openapi-contract.test.ts for the others).
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
// The webhook receiver listens on loopback: destinations reach it only with the opt-in.
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

const contract = contractChecker();
const { call, uncalled } = contractCalls(contract);
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 2, 0);
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let receiver: WebhookReceiver;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  receiver = await startWebhookReceiver();
  await registerFraudModel(keys.admin);
});
afterAll(async () => {
  await receiver.close();
  await db.close();
});

describe("every alert answer matches the OpenAPI document", () => {
  it("alerts: rules, destinations, alerts and notifications", async () => {
    const admin = keys.admin;
    const created = await call("POST", "/api/v1/destinations", destinationsRoute.POST, {
      key: admin,
      json: { name: "hook", kind: "webhook", url: receiver.url("/hook"), secret: "0123456789abcdef" },
      status: 201,
    });
    expect(created.json.config).toEqual({ url: receiver.url("/hook") });
    await call("POST", "/api/v1/destinations", destinationsRoute.POST, {
      key: admin,
      json: { name: "mail", kind: "email", host: "127.0.0.1", from: "tm@example.com", to: ["ops@example.com"], password: "pw" },
      status: 201,
    });
    await call("POST", "/api/v1/destinations", destinationsRoute.POST, {
      key: admin,
      json: { name: "hook", kind: "pager" },
      status: 422,
    });
    await call("GET", "/api/v1/destinations", destinationsRoute.GET, { key: admin, status: 200 });
    await call("GET", "/api/v1/destinations/{name}", destinationRoute.GET, { params: { name: "hook" }, key: admin, status: 200 });
    await call("PATCH", "/api/v1/destinations/{name}", destinationRoute.PATCH, {
      params: { name: "mail" },
      key: admin,
      json: { enabled: false, port: 2525 },
      status: 200,
    });
    await call("POST", "/api/v1/destinations/{name}/test", destinationTestRoute.POST, {
      params: { name: "hook" },
      key: admin,
      status: 200,
    });

    const rule = await call("POST", "/api/v1/alert-rules", rulesRoute.POST, {
      key: admin,
      json: { model: "fraud", name: "Feature drift", kind: "feature_drift", channels: ["hook"] },
      status: 201,
    });
    await call("POST", "/api/v1/alert-rules", rulesRoute.POST, {
      key: admin,
      json: { name: "Quiet", kind: "no_traffic", condition: { periodMinutes: 1 } },
      status: 422,
    });
    await call("GET", "/api/v1/alert-rules", rulesRoute.GET, { key: admin, path: "?model=fraud", status: 200 });
    await call("GET", "/api/v1/alert-rules", rulesRoute.GET, { key: admin, path: "?model=defaults", status: 200 });
    await call("GET", "/api/v1/alert-rules/{id}", ruleRoute.GET, { params: { id: rule.json.id }, key: admin, status: 200 });
    await call("PATCH", "/api/v1/alert-rules/{id}", ruleRoute.PATCH, {
      params: { id: rule.json.id },
      key: admin,
      json: { severity: "critical", condition: { features: ["amount"] } },
      status: 200,
    });

    // Drift hours in a row open alerts (the drift job stores them this way; see alert-fixtures).
    const v1 = await versionId(db, "fraud");
    await db.sql.query("UPDATE alert_rules SET enabled = false WHERE id <> $1::uuid", [rule.json.id]);
    await writeDriftHour(db, { versionId: v1, hourStart: START + 10 * HOUR, drifted: ["amount"] });
    await writeDriftHour(db, { versionId: v1, hourStart: START + 11 * HOUR, drifted: ["amount"] });
    await evaluateModelAlerts(db, { model: "fraud", now: new Date(), publicUrl: "http://tidemark.test" });
    const list = await call("GET", "/api/v1/alerts", alertsRoute.GET, {
      key: keys.read,
      path: "?status=active&limit=10",
      status: 200,
    });
    expect(list.json.alerts.length).toBeGreaterThan(0);
    const id = list.json.alerts[0].id;
    await call("GET", "/api/v1/alerts", alertsRoute.GET, { key: keys.read, path: "?status=sleeping", status: 422 });
    await call("POST", "/api/v1/alerts/{id}/ack", ackRoute.POST, { params: { id }, key: admin, status: 200 });
    await call("POST", "/api/v1/alerts/{id}/snooze", snoozeRoute.POST, {
      params: { id },
      key: admin,
      json: { minutes: 30 },
      status: 200,
    });
    await call("POST", "/api/v1/alerts/{id}/snooze", snoozeRoute.POST, { params: { id }, key: admin, json: {}, status: 422 });
    await call("GET", "/api/v1/alerts/{id}", alertRoute.GET, { params: { id }, key: keys.read, status: 200 });

    const notifications = await call("GET", "/api/v1/alert-notifications", notificationsRoute.GET, {
      key: keys.read,
      status: 200,
    });
    expect(notifications.json.notifications.length).toBeGreaterThan(0);
    const dead = notifications.json.notifications[0].id;
    await db.sql.query("UPDATE alert_notifications SET status = 'dead' WHERE id = $1", [dead]);
    await call("POST", "/api/v1/alert-notifications/{id}/retry", retryRoute.POST, {
      params: { id: dead },
      key: admin,
      status: 200,
    });
    await call("POST", "/api/v1/alert-notifications/{id}/retry", retryRoute.POST, {
      params: { id: dead },
      key: admin,
      status: 409,
    });

    await call("POST", "/api/v1/alerts/{id}/resolve", resolveRoute.POST, {
      params: { id },
      key: admin,
      json: { note: "fixed upstream" },
      status: 200,
    });
    await call("POST", "/api/v1/alerts/{id}/resolve", resolveRoute.POST, { params: { id }, key: admin, status: 409 });
    await call("GET", "/api/v1/alerts/{id}", alertRoute.GET, { params: { id }, key: keys.read, status: 200 });

    await call("DELETE", "/api/v1/destinations/{name}", destinationRoute.DELETE, {
      params: { name: "hook" },
      key: admin,
      status: 409,
    });
    await call("DELETE", "/api/v1/alert-rules/{id}", ruleRoute.DELETE, { params: { id: rule.json.id }, key: admin, status: 200 });
    await db.sql.query("UPDATE alert_rules SET channels = '{}'");
    await call("DELETE", "/api/v1/destinations/{name}", destinationRoute.DELETE, {
      params: { name: "hook" },
      key: admin,
      status: 200,
    });
    await call("GET", "/api/v1/destinations/{name}", destinationRoute.GET, { params: { name: "hook" }, key: admin, status: 404 });
  });

  it("called every documented alert operation", () => {
    expect(uncalled((tag) => ALERT_TAGS.includes(tag))).toEqual([]);
  });
});
