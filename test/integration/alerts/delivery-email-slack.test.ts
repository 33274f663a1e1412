import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as destinationRoute from "@/app/api/v1/destinations/[name]/route";
import * as destinationTestRoute from "@/app/api/v1/destinations/[name]/test/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { deliverDueNotifications } from "@/lib/alerts/notifications/deliver-notifications";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { createKeys } from "../../helpers/fixtures";
import { startSmtpSink, type SmtpSink } from "../../helpers/smtp-sink";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver";
import { disableRules, recordJobRun, registerFraudModel, testDeliverySettings } from "../../helpers/alert-fixtures";

// Email through a real SMTP conversation with a sink on loopback (refusals, dropped connections
// and a server that stops answering are injected by the sink), and a Slack-compatible webhook.
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
// Receivers on loopback are internal: destinations reach them only with the opt-in.
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

const PASSWORD = "smtp-password-do-not-leak";
const SLACK_PATH = "/services/T000/B000/XXXXXXXXXXXXXXXX";
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let sink: SmtpSink;
let slack: WebhookReceiver;
const settings = testDeliverySettings();
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  sink = await startSmtpSink();
  slack = await startWebhookReceiver();
  await registerFraudModel(keys.admin, "fraud");
  await disableRules(db, "fraud");
});
afterAll(async () => {
  await sink.close();
  await slack.close();
  await db.close();
});

const deliver = (now: Date) => deliverDueNotifications(db, { settings, key: getSecretKey(), now });

describe("email and Slack delivery", () => {
  it("creates an email and a Slack destination whose secrets are never shown", async () => {
    const email = await callRoute(destinationsRoute.POST, {
      key: keys.admin,
      json: {
        name: "oncall-mail",
        kind: "email",
        host: sink.host,
        port: sink.port,
        username: "tidemark",
        password: PASSWORD,
        from: "alerts@tidemark.test",
        to: ["oncall@example.test", "ml@example.test"],
      },
    });
    expect(email.status, JSON.stringify(email.json)).toBe(201);
    expect(email.json.config).toEqual({
      host: sink.host,
      port: sink.port,
      secure: false,
      requireTLS: false,
      username: "tidemark",
      from: "alerts@tidemark.test",
      to: ["oncall@example.test", "ml@example.test"],
    });
    const hook = await callRoute(destinationsRoute.POST, {
      key: keys.admin,
      json: { name: "team-slack", kind: "slack", url: slack.url(SLACK_PATH) },
    });
    expect(hook.status, JSON.stringify(hook.json)).toBe(201);
    // The incoming-webhook URL is the credential: only its host is shown.
    expect(hook.json.config).toEqual({ host: `127.0.0.1:${slack.port}` });
    const shown = JSON.stringify((await callRoute(destinationsRoute.GET, { method: "GET", key: keys.admin })).json);
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(SLACK_PATH);
    const one = await callRoute(destinationRoute.GET, { method: "GET", params: { name: "oncall-mail" }, key: keys.admin });
    expect(JSON.stringify(one.json)).not.toContain(PASSWORD);
  });

  it("emails an alert through refusals, a dropped connection and a silent server, exactly once", async () => {
    const rule = await callRoute(rulesRoute.POST, {
      key: keys.admin,
      json: {
        model: "fraud",
        name: "jobs failing",
        kind: "job_failure",
        severity: "warning",
        fireAfter: 1,
        channels: ["oncall-mail", "team-slack"],
      },
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);
    await recordJobRun(db, {
      model: "fraud",
      job: "drift",
      status: "failed",
      at: new Date(Date.now() - HOUR),
      error: "reference profile missing",
    });
    expect(await evaluateModelAlerts(db, { model: "fraud", publicUrl: settings.publicUrl })).toMatchObject({
      opened: 1,
      notifications: 2,
    });

    sink.script({ reply: 451 }, "drop", "hang");
    let t = new Date();
    const rounds = [];
    for (let i = 0; i < 4; i++) {
      rounds.push(await deliver(t));
      t = new Date(t.getTime() + HOUR);
    }
    // Slack takes it on the first attempt; the mail needs four.
    expect(rounds.map((r) => r.delivered)).toEqual([1, 0, 0, 1]);
    const attempts = await db.sql.query<{ ok: boolean; error: string | null; response_code: number | null }>(
      `SELECT a.ok, a.error, a.response_code FROM alert_delivery_attempts a JOIN alert_notifications n ON n.id = a.notification_id
       WHERE n.destination_name = 'oncall-mail' ORDER BY a.id`,
    );
    expect(attempts.map((a) => a.ok)).toEqual([false, false, false, true]);
    expect(attempts[0].response_code).toBe(451);
    expect(attempts[2].error).toMatch(/timed out|timeout/i);

    expect(sink.messagesOnce()).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail.auth).toEqual({ user: "tidemark", pass: PASSWORD });
    expect(mail.from).toBe("alerts@tidemark.test");
    expect(mail.to).toEqual(["oncall@example.test", "ml@example.test"]);
    expect(mail.subject).toBe("[Tidemark] [Alert] [WARNING] fraud: drift job failing");
    const [n] = await db.sql.query<{ event_id: string }>(
      `SELECT event_id::text AS event_id FROM alert_notifications WHERE destination_name = 'oncall-mail'`,
    );
    expect(mail.headers["message-id"]).toContain(n.event_id);
    expect(mail.headers["x-tidemark-event-id"]).toBe(n.event_id);
    expect(mail.data).toContain("reference profile missing");
    expect(mail.data).toContain("http://tidemark.test/models/fraud");
  });

  it("posts a Slack-compatible message: text, blocks and a link to the dashboard", () => {
    expect(slack.accepted()).toHaveLength(1);
    const [message] = slack.accepted();
    expect(message.path).toBe(SLACK_PATH);
    expect(message.headers["x-tidemark-signature"]).toBeUndefined();
    expect(message.json.text).toContain("fraud: drift job failing");
    const types = (message.json.blocks as { type: string }[]).map((b) => b.type);
    expect(types).toEqual(["header", "section", "section", "actions", "context"]);
    const button = (message.json.blocks as { type: string; elements?: { url?: string }[] }[]).find((b) => b.type === "actions")!
      .elements![0];
    expect(button.url).toBe("http://tidemark.test/models/fraud");
  });

  it("keeps stored secrets when other fields change, and test-sends with them", async () => {
    const changed = await callRoute(destinationRoute.PATCH, {
      method: "PATCH",
      params: { name: "oncall-mail" },
      key: keys.admin,
      json: { to: ["ml@example.test"] },
    });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json.config.to).toEqual(["ml@example.test"]);
    const before = sink.messages.length;
    const test = await callRoute(destinationTestRoute.POST, { params: { name: "oncall-mail" }, key: keys.admin });
    expect(test.json).toMatchObject({ delivered: true, responseCode: 250 });
    expect(sink.messages.length).toBe(before + 1);
    expect(sink.messages.at(-1)).toMatchObject({ to: ["ml@example.test"], auth: { user: "tidemark", pass: PASSWORD } });
    const audit = await db.sql.query<{ after: unknown }>(
      `SELECT after FROM audit_events WHERE kind = 'alert_destination.updated'`,
    );
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });
});
