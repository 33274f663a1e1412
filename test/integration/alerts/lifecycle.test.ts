import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/alert-rules/[id]/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as alertRoute from "@/app/api/v1/alerts/[id]/route";
import * as ackRoute from "@/app/api/v1/alerts/[id]/ack/route";
import * as resolveRoute from "@/app/api/v1/alerts/[id]/resolve/route";
import * as snoozeRoute from "@/app/api/v1/alerts/[id]/snooze/route";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { binaryManifest, createKeys } from "../../helpers/fixtures";
import { closedPort } from "../../helpers/webhook-receiver";
import { disableRules, registerFraudModel, versionId, writeDriftHour } from "../../helpers/alert-fixtures";

// The alert lifecycle over a scripted sequence of drift windows, as the drift job stores them:
// consecutive-window firing, one alert per subject with re-occurrences counted, automatic and
// manual resolution, snooze, acknowledgement and mute, and which of these notify.
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
// Receivers on loopback are internal: destinations reach them only with the opt-in.
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 2, 0);
const PUBLIC_URL = "http://tidemark.test";
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let v1: string;
let ruleId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  await registerFraudModel(
    keys.admin,
    "fraud",
    binaryManifest({ featureImportance: { amount: 0.2, country: 0.7, is_new: 0.1 } }),
  );
  await disableRules(db, "fraud");
  v1 = await versionId(db, "fraud");
  const dest = await callRoute(destinationsRoute.POST, {
    key: keys.admin,
    json: { name: "hook", kind: "webhook", url: `http://127.0.0.1:${await closedPort()}/`, secret: "0123456789abcdef" },
  });
  expect(dest.status).toBe(201);
  const rule = await callRoute(rulesRoute.POST, {
    key: keys.admin,
    json: { model: "fraud", name: "Feature drift", kind: "feature_drift", channels: ["hook"] },
  });
  expect(rule.status, JSON.stringify(rule.json)).toBe(201);
  // Drift rules default to two windows to fire and two to resolve.
  expect(rule.json).toMatchObject({ fireAfter: 2, resolveAfter: 2, severity: "warning", condition: { segment: "" } });
  ruleId = rule.json.id;
});
afterAll(async () => db.close());

const hour = (h: number, drifted: string[], effects?: Record<string, number>) =>
  writeDriftHour(db, { versionId: v1, hourStart: START + h * HOUR, drifted, effects });
const evaluate = (now = new Date()) => evaluateModelAlerts(db, { model: "fraud", now, publicUrl: PUBLIC_URL });
const alerts = async (query = "") =>
  (await callRoute(alertsRoute.GET, { method: "GET", path: `/api/v1/alerts${query}`, key: keys.read })).json.alerts as any[];
const byFeature = async (feature: string, status = "active") =>
  (await alerts(`?status=${status}&model=fraud`)).filter((a) => a.feature === feature);
const outbox = () =>
  db.sql.query<{ event: string; feature: string }>(
    `SELECT n.event, a.feature FROM alert_notifications n JOIN alerts a ON a.id = n.alert_id ORDER BY n.id`,
  );

describe("alert lifecycle", () => {
  it("opens only after two consecutive drifting windows, with its evidence", async () => {
    await hour(0, ["amount", "country", "is_new"], { amount: 0.35, country: 0.35, is_new: 5 });
    expect(await evaluate()).toMatchObject({ opened: 0, notifications: 0 });
    await hour(1, ["amount", "country", "is_new"], { amount: 0.35, country: 0.35, is_new: 5 });
    expect(await evaluate()).toMatchObject({ opened: 3, notifications: 3 });

    const [amount] = await byFeature("amount");
    expect(amount).toMatchObject({
      status: "open",
      severity: "warning",
      model: "fraud",
      version: 1,
      subject: "v1/feature:amount",
      title: 'fraud v1: feature "amount" drifted',
      occurrences: 2,
      rule: { id: ruleId, name: "Feature drift", kind: "feature_drift" },
      link: "/models/fraud/drift?version=1&feature=amount&from=2026-11-01T02%3A00%3A00.000Z&to=2026-11-02T02%3A00%3A00.000Z",
    });
    expect(amount.evidence).toMatchObject({
      window: { start: new Date(START + HOUR).toISOString(), end: new Date(START + 2 * HOUR).toISOString() },
      statistic: { name: "ks", value: 0.3, pAdjusted: 1e-9 },
      effect: { method: "wasserstein_normed", value: 0.35 },
      threshold: 0.1,
      sampleSizes: { reference: 5000, current: 400 },
    });
    // Ranked by importance × drift (effect size over its threshold): is_new's huge shift outweighs
    // its small importance; country's importance puts it above amount at equal shifts.
    expect(amount.evidence.topFeatures.map((f: { feature: string; score: number }) => [f.feature, f.score])).toEqual([
      ["is_new", 5],
      ["country", 2.45],
      ["amount", 0.7],
    ]);
  });

  it("a re-occurrence updates the open alert instead of opening another; evaluating again changes nothing", async () => {
    expect(await evaluate()).toMatchObject({ opened: 0, updated: 0, resolved: 0, notifications: 0 });
    await hour(2, ["amount", "is_new"]);
    expect(await evaluate()).toMatchObject({ opened: 0, notifications: 0 });
    const amount = await byFeature("amount", "open");
    expect(amount).toHaveLength(1);
    expect(amount[0]).toMatchObject({
      occurrences: 3,
      evidence: { window: { start: new Date(START + 2 * HOUR).toISOString() } },
    });
    expect((await byFeature("country"))[0].occurrences).toBe(2);
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE feature = 'amount'`);
    expect(n).toBe(1);
  });

  it("resolves by itself after two healthy windows, and tells the channels", async () => {
    await hour(3, ["amount", "is_new"]);
    expect(await evaluate()).toMatchObject({ resolved: 1, notifications: 1 });
    const [country] = await byFeature("country", "resolved");
    expect(country).toMatchObject({ resolvedBy: "tidemark", resolution: "resolved automatically after 2 healthy windows" });
    const events = (await outbox()).map((o) => `${o.event}:${o.feature}`);
    expect(events.slice(0, 3).sort()).toEqual(["alert.opened:amount", "alert.opened:country", "alert.opened:is_new"]);
    expect(events.slice(3)).toEqual(["alert.resolved:country"]);
  });

  it("acknowledged alerts keep counting and still resolve by themselves", async () => {
    const [isNew] = await byFeature("is_new");
    const ack = await callRoute(ackRoute.POST, { params: { id: isNew.id }, key: keys.admin });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ status: "acknowledged", acknowledgedBy: "key:admin" });
    expect((await byFeature("is_new", "acknowledged"))[0].id).toBe(isNew.id);
  });

  it("a person resolving while drift persists: no new alert until a fresh run of drifting windows", async () => {
    const [amount] = await byFeature("amount");
    const res = await callRoute(resolveRoute.POST, {
      params: { id: amount.id },
      key: keys.admin,
      json: { note: "retraining scheduled" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "resolved", resolvedBy: "key:admin", resolution: "retraining scheduled" });
    const again = await callRoute(resolveRoute.POST, { params: { id: amount.id }, key: keys.admin });
    expect(again.status).toBe(409);

    await hour(4, ["amount"]);
    const after4 = await evaluate();
    expect(after4.opened).toBe(0);
    await hour(5, ["amount"]);
    expect(await evaluate()).toMatchObject({ opened: 1 });
    const [reopened] = await byFeature("amount");
    expect(reopened.id).not.toBe(amount.id);
    expect(reopened.occurrences).toBe(2);
    // is_new (acknowledged) had two healthy windows: resolved by itself.
    expect((await byFeature("is_new", "resolved"))[0]).toMatchObject({ resolvedBy: "tidemark", acknowledgedBy: "key:admin" });
  });

  it("a snoozed alert sends nothing; when the snooze ends while it still fires, the channels hear once", async () => {
    const [amount] = await byFeature("amount");
    const bad = await callRoute(snoozeRoute.POST, {
      params: { id: amount.id },
      key: keys.admin,
      json: { until: "2020-01-01T00:00:00Z" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json).toEqual({
      error: {
        code: "validation_failed",
        message: "Invalid snooze",
        details: [{ path: "until", message: "must be in the future" }],
      },
    });
    const snoozed = await callRoute(snoozeRoute.POST, { params: { id: amount.id }, key: keys.admin, json: { minutes: 90 } });
    expect(snoozed.status).toBe(200);
    expect(Date.parse(snoozed.json.snoozedUntil)).toBeGreaterThan(Date.now());

    const sent = (await outbox()).length;
    await hour(6, ["amount"]);
    expect(await evaluate()).toMatchObject({ updated: 1, notifications: 0 });
    const later = new Date(Date.now() + 2 * HOUR);
    expect(await evaluate(later)).toMatchObject({ notifications: 1 });
    expect(await evaluate(later)).toMatchObject({ notifications: 0 });
    expect((await outbox()).slice(sent).map((o) => `${o.event}:${o.feature}`)).toEqual(["alert.still_firing:amount"]);
    const detail = await callRoute(alertRoute.GET, { method: "GET", params: { id: amount.id }, key: keys.read });
    expect(detail.json).toMatchObject({ snoozedUntil: null, occurrences: 3 });
    expect(detail.json.notifications.map((n: { event: string }) => n.event)).toEqual(["alert.opened", "alert.still_firing"]);
  });

  it("a muted rule keeps tracking alerts but sends nothing", async () => {
    const muted = await callRoute(ruleRoute.PATCH, {
      method: "PATCH",
      params: { id: ruleId },
      key: keys.admin,
      json: { muted: true },
    });
    expect(muted.status).toBe(200);
    expect(muted.json.muted).toBe(true);
    const sent = (await outbox()).length;
    await hour(7, ["country"]);
    await hour(8, ["country"]);
    const result = await evaluate();
    expect(result).toMatchObject({ opened: 1, resolved: 1, notifications: 0 });
    expect(await byFeature("country", "open")).toHaveLength(1);
    expect((await outbox()).length).toBe(sent);
    const audit = await db.sql.query<{ before: { muted: boolean }; after: { muted: boolean }; actor: string }>(
      `SELECT before, after, actor FROM audit_events WHERE kind = 'alert_rule.updated'`,
    );
    expect(audit.map((a) => [a.before.muted, a.after.muted, a.actor])).toEqual([[false, true, "key:admin"]]);
  });

  it("disabling the rule resolves its active alerts and stops evaluating it", async () => {
    const disabled = await callRoute(ruleRoute.PATCH, {
      method: "PATCH",
      params: { id: ruleId },
      key: keys.admin,
      json: { enabled: false },
    });
    expect(disabled.status).toBe(200);
    expect(await byFeature("country", "active")).toEqual([]);
    expect(
      (await alerts("?status=resolved&model=fraud")).find(
        (a) => a.feature === "country" && a.resolution === "the rule was disabled",
      ),
    ).toMatchObject({ resolvedBy: "key:admin" });
    await hour(9, ["country"]);
    await hour(10, ["country"]);
    expect(await evaluate()).toMatchObject({ rules: 0, opened: 0 });
    expect(
      (await callRoute(ruleRoute.PATCH, { method: "PATCH", params: { id: ruleId }, key: keys.admin, json: { enabled: true } }))
        .status,
    ).toBe(200);
  });

  it("lists alerts by status and model", async () => {
    const all = await alerts("?model=fraud");
    expect(all.map((a) => a.status).sort()).toEqual(["resolved", "resolved", "resolved", "resolved", "resolved"]);
    expect(await alerts("?model=other")).toEqual([]);
    const bad = await callRoute(alertsRoute.GET, { method: "GET", path: "/api/v1/alerts?status=closed", key: keys.read });
    expect(bad.json).toEqual({
      error: {
        code: "validation_failed",
        message: "Invalid query",
        details: [{ path: "status", message: "must be open, acknowledged, resolved or active" }],
      },
    });
    const forbidden = await callRoute(ackRoute.POST, { params: { id: all[0].id }, key: keys.read });
    expect(forbidden.status).toBe(403);
  });
});
