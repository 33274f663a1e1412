import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as destinationTestRoute from "@/app/api/v1/destinations/[name]/test/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as notificationsRoute from "@/app/api/v1/alert-notifications/route";
import * as retryRoute from "@/app/api/v1/alert-notifications/[id]/retry/route";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { deliverDueNotifications } from "@/lib/alerts/notifications/deliver-notifications";
import { claimNotifications } from "@/lib/alerts/notifications/claim-notifications";
import { CONNECTION_FAILURE, sendNotification } from "@/lib/alerts/notifications/send-notification";
import { unsealDestination } from "@/lib/alerts/destinations/seal-destination";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { verifyWebhook } from "@/lib/alerts/notifications/webhook-signature";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { createKeys } from "../../helpers/fixtures";
import { closedPort, startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver";
import { disableRules, recordJobRun, registerFraudModel, testDeliverySettings } from "../../helpers/alert-fixtures";

// Real HTTP receivers on loopback; failures are injected by the receiver (500, 503, no answer,
// an answer slower than the sender's timeout) or by nothing listening (connection refused).
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
// Receivers on loopback are internal: destinations reach them only with the opt-in.
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

const SECRET = "whsec-0123456789abcdef";
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let receiver: WebhookReceiver;
const settings = testDeliverySettings();
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await db.close();
});

async function createDestination(body: Record<string, unknown>) {
  const res = await callRoute(destinationsRoute.POST, { key: keys.admin, json: body });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

/** A model whose only rule pages `channels` after one failed run of any of its jobs. */
async function modelPagingOnJobFailure(model: string, channels: string[]) {
  await registerFraudModel(keys.admin, model);
  await disableRules(db, model);
  const res = await callRoute(rulesRoute.POST, {
    key: keys.admin,
    json: { model, name: "jobs failing", kind: "job_failure", severity: "critical", fireAfter: 1, resolveAfter: 1, channels },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
}

const deliver = (now: Date, overrides: Partial<typeof settings> = {}) =>
  deliverDueNotifications(db, { settings: { ...settings, ...overrides }, key: getSecretKey(), now });

type NotificationRow = {
  id: string;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  destination_name: string;
};
const notifications = (destination: string) =>
  db.sql.query<NotificationRow>(
    `SELECT id::text AS id, event_id::text AS event_id, status::text AS status, attempts, next_attempt_at, last_error, destination_name
     FROM alert_notifications WHERE destination_name = $1 ORDER BY id`,
    [destination],
  );

describe("webhook delivery", () => {
  it("stores the signing secret encrypted and never returns it", async () => {
    const created = await createDestination({ name: "ops-hook", kind: "webhook", url: receiver.url(), secret: SECRET });
    expect(created).toMatchObject({ name: "ops-hook", kind: "webhook", config: { url: receiver.url() }, enabled: true });
    expect(JSON.stringify(created)).not.toContain(SECRET);
    const list = await callRoute(destinationsRoute.GET, { method: "GET", key: keys.admin });
    expect(JSON.stringify(list.json)).not.toContain(SECRET);
    const [row] = await db.sql.query<{ secrets: string }>(`SELECT secrets FROM alert_destinations WHERE name = 'ops-hook'`);
    expect(row.secrets.startsWith("v1:")).toBe(true);
    expect(row.secrets).not.toContain(SECRET);
    const audit = await db.sql.query<{ after: unknown }>(
      `SELECT after FROM audit_events WHERE kind = 'alert_destination.created'`,
    );
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("test-send reaches the receiver, signed, and reports a receiver that is down", async () => {
    const res = await callRoute(destinationTestRoute.POST, { params: { name: "ops-hook" }, key: keys.admin });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ destination: "ops-hook", delivered: true, responseCode: 200, error: null });
    const got = receiver.requests.at(-1)!;
    expect(got.json.type).toBe("alert.test");
    expect(
      verifyWebhook({
        secret: SECRET,
        body: got.body,
        signature: got.headers["x-tidemark-signature"] as string,
        timestamp: got.headers["x-tidemark-timestamp"] as string,
      }),
    ).toEqual({ ok: true });

    await createDestination({
      name: "nobody-home",
      kind: "webhook",
      url: `http://127.0.0.1:${await closedPort()}/hook`,
      secret: SECRET,
    });
    const down = await callRoute(destinationTestRoute.POST, { params: { name: "nobody-home" }, key: keys.admin });
    expect(down.status).toBe(200);
    expect(down.json.delivered).toBe(false);
    // The same text as a timeout or a reset: error texts must not map which ports are open.
    expect(down.json.error).toBe(CONNECTION_FAILURE);
    receiver.requests.length = 0;
  });

  it("after 500s, a timeout, a slow answer and connection refused, every alert arrives exactly once", async () => {
    await modelPagingOnJobFailure("fraud", ["ops-hook"]);
    const failedAt = new Date(Date.now() - HOUR);
    for (const job of ["profile", "drift", "performance", "service"])
      await recordJobRun(db, { model: "fraud", job, status: "failed", at: failedAt });
    const evaluation = await evaluateModelAlerts(db, { model: "fraud", publicUrl: settings.publicUrl });
    expect(evaluation).toMatchObject({ opened: 4, notifications: 4 });
    const events = (await notifications("ops-hook")).map((n) => n.event_id);
    expect(new Set(events).size).toBe(4);

    // Round 1: each notification meets a different failure.
    const t1 = new Date();
    receiver.script({ status: 500 }, "hang", { delayMs: 1_500 }, { status: 503 });
    expect(await deliver(t1)).toEqual({ attempted: 4, delivered: 0, retrying: 4, dead: 0 });
    let rows = await notifications("ops-hook");
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(["pending", 1]));
    // First retry: 30 s base with equal jitter → between 15 and 30 s after the attempt.
    for (const r of rows) {
      const wait = r.next_attempt_at.getTime() - t1.getTime();
      expect(wait).toBeGreaterThanOrEqual(15_000);
      expect(wait).toBeLessThanOrEqual(30_000);
    }
    expect(rows.map((r) => r.last_error).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^HTTP 500/),
        expect.stringMatching(/^HTTP 503/),
        expect.stringMatching(/timed out/),
      ]),
    );
    // Not yet due: nothing is sent.
    expect(await deliver(new Date(t1.getTime() + 1_000))).toMatchObject({ attempted: 0 });

    // Round 2: the receiver is down.
    await receiver.stop();
    const t2 = new Date(t1.getTime() + HOUR);
    expect(await deliver(t2)).toEqual({ attempted: 4, delivered: 0, retrying: 4, dead: 0 });
    rows = await notifications("ops-hook");
    expect(rows.map((r) => r.last_error)).toEqual(Array(4).fill(CONNECTION_FAILURE));
    for (const r of rows) {
      const wait = r.next_attempt_at.getTime() - t2.getTime();
      expect(wait).toBeGreaterThanOrEqual(30_000);
      expect(wait).toBeLessThanOrEqual(60_000);
    }

    // Round 3: back up; everything arrives.
    await receiver.start();
    expect(await deliver(new Date(t2.getTime() + HOUR))).toEqual({ attempted: 4, delivered: 4, retrying: 0, dead: 0 });
    expect(await deliver(new Date(t2.getTime() + 10 * HOUR))).toMatchObject({ attempted: 0 });
    rows = await notifications("ops-hook");
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(["delivered", 3]));

    const once = receiver.acceptedOnce();
    expect(once.map((r) => r.headers["x-tidemark-event-id"]).sort()).toEqual([...events].sort());
    expect(once.map((r) => r.json.type)).toEqual(Array(4).fill("alert.opened"));
    // The slow answer came after the sender gave up, so that event was sent twice — with the same
    // event id, which is what lets the receiver drop the repeat.
    const byEvent = new Map<string, number>();
    for (const r of receiver.requests)
      byEvent.set(String(r.headers["x-tidemark-event-id"]), (byEvent.get(String(r.headers["x-tidemark-event-id"])) ?? 0) + 1);
    expect([...byEvent.values()].sort()).toEqual([2, 2, 2, 2]);
    for (const r of once) {
      expect(r.headers["idempotency-key"]).toBe(r.headers["x-tidemark-event-id"]);
      expect(r.json.alert).toMatchObject({
        model: "fraud",
        severity: "critical",
        rule: { name: "jobs failing", kind: "job_failure" },
        status: "open",
      });
      expect(r.json.alert.url).toBe("http://tidemark.test/models/fraud");
      expect(
        verifyWebhook({
          secret: SECRET,
          body: r.body,
          signature: r.headers["x-tidemark-signature"] as string,
          timestamp: r.headers["x-tidemark-timestamp"] as string,
        }),
      ).toEqual({ ok: true });
    }
    const [{ n }] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alert_delivery_attempts a JOIN alert_notifications n ON n.id = a.notification_id WHERE n.destination_name = 'ops-hook'`,
    );
    expect(n).toBe(12);
  });

  it("a replayed or tampered request is detectable by the receiver", () => {
    const original = receiver.acceptedOnce()[0];
    const signature = original.headers["x-tidemark-signature"] as string;
    const timestamp = original.headers["x-tidemark-timestamp"] as string;
    // Replayed later: the signed timestamp is outside the tolerance, and cannot be changed without the secret.
    expect(
      verifyWebhook({ secret: SECRET, body: original.body, signature, timestamp, nowSeconds: Number(timestamp) + 301 }),
    ).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(
      verifyWebhook({
        secret: SECRET,
        body: original.body,
        signature,
        timestamp: String(Number(timestamp) + 301),
        nowSeconds: Number(timestamp) + 301,
      }),
    ).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    // Tampered, or signed with another secret.
    expect(verifyWebhook({ secret: SECRET, body: original.body.replace("critical", "info"), signature, timestamp })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyWebhook({ secret: "another-secret-of-16+", body: original.body, signature, timestamp })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyWebhook({ secret: SECRET, body: original.body, signature: undefined, timestamp })).toEqual({
      ok: false,
      reason: "missing_headers",
    });
    // Replayed at once: the signature still verifies, but the event id has been seen.
    const seen = new Set(receiver.acceptedOnce().map((r) => r.headers["x-tidemark-event-id"]));
    expect(seen.has(original.headers["x-tidemark-event-id"])).toBe(true);
  });

  it("a worker that dies after claiming loses nothing: the notification is sent once its lease runs out", async () => {
    await modelPagingOnJobFailure("churn", ["ops-hook"]);
    await recordJobRun(db, { model: "churn", job: "drift", status: "crashed", at: new Date(Date.now() - HOUR) });
    await evaluateModelAlerts(db, { model: "churn", publicUrl: settings.publicUrl });
    const t = new Date();
    const claimed = await claimNotifications(db.sql, {
      now: t,
      leaseMs: settings.leaseMs,
      limit: 10,
      maxAttempts: settings.maxAttempts,
    });
    expect(claimed).toHaveLength(1);
    const before = receiver.requests.length;
    // The claimant is gone; while its lease holds, no one else sends it.
    expect(await deliver(new Date(t.getTime() + 1_000))).toMatchObject({ attempted: 0 });
    expect(await deliver(new Date(t.getTime() + settings.leaseMs + 1))).toEqual({
      attempted: 1,
      delivered: 1,
      retrying: 0,
      dead: 0,
    });
    expect(receiver.requests.length - before).toBe(1);
    expect(receiver.requests.at(-1)!.headers["x-tidemark-event-id"]).toBe(claimed[0].eventId);
  });

  it("a worker that dies after sending but before recording causes one repeat with the same event id", async () => {
    await recordJobRun(db, { model: "churn", job: "profile", status: "failed", at: new Date(Date.now() - HOUR) });
    await evaluateModelAlerts(db, { model: "churn", publicUrl: settings.publicUrl });
    const t = new Date();
    const [claimed] = await claimNotifications(db.sql, {
      now: t,
      leaseMs: settings.leaseMs,
      limit: 10,
      maxAttempts: settings.maxAttempts,
    });
    const destination = await db.prisma.alertDestination.findUniqueOrThrow({ where: { name: "ops-hook" } });
    const sent = await sendNotification(
      { destinationId: destination.id, fields: unsealDestination(destination, getSecretKey()) },
      claimed.payload,
      settings,
    );
    expect(sent.ok).toBe(true);
    // …and the worker dies here. The next one re-sends after the lease.
    expect(await deliver(new Date(t.getTime() + settings.leaseMs + 1))).toMatchObject({ attempted: 1, delivered: 1 });
    const copies = receiver.accepted().filter((r) => r.headers["x-tidemark-event-id"] === claimed.eventId);
    expect(copies).toHaveLength(2);
    expect(receiver.acceptedOnce().filter((r) => r.headers["x-tidemark-event-id"] === claimed.eventId)).toHaveLength(1);
  });

  it("gives up after the attempt limit: dead, with the last error, visible in the API, and retried by hand", async () => {
    await createDestination({
      name: "down-hook",
      kind: "webhook",
      url: `http://127.0.0.1:${await closedPort()}/hook`,
      secret: SECRET,
    });
    await modelPagingOnJobFailure("credit", ["down-hook"]);
    await recordJobRun(db, { model: "credit", job: "drift", status: "failed", at: new Date(Date.now() - HOUR) });
    await evaluateModelAlerts(db, { model: "credit", publicUrl: settings.publicUrl });
    let t = new Date();
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await deliver(t, { maxAttempts: 3 }));
      t = new Date(t.getTime() + HOUR);
    }
    expect(outcomes.map((o) => [o.retrying, o.dead])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    const [row] = await notifications("down-hook");
    expect(row).toMatchObject({ status: "dead", attempts: 3 });
    expect(row.last_error).toBe(CONNECTION_FAILURE);

    const dead = await callRoute(notificationsRoute.GET, {
      method: "GET",
      path: "/api/v1/alert-notifications?status=dead",
      key: keys.read,
    });
    expect(dead.status).toBe(200);
    expect(dead.json.notifications).toEqual([
      expect.objectContaining({
        id: row.id,
        destination: "down-hook",
        status: "dead",
        attempts: 3,
        lastError: CONNECTION_FAILURE,
      }),
    ]);

    const retried = await callRoute(retryRoute.POST, { params: { id: row.id }, key: keys.admin });
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ status: "pending", attempts: 0 });
    const again = await callRoute(retryRoute.POST, { params: { id: row.id }, key: keys.admin });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
  });
});
