import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { createDestination } from "@/lib/alerts/destinations/create-destination";
import { parseHostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { CONNECTION_FAILURE, sendNotification } from "@/lib/alerts/notifications/send-notification";
import { testDestination, testEvent } from "@/lib/alerts/notifications/test-destination";
import { openTestDatabase } from "../../helpers/test-database";
import { closedPort, startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver";
import { startSmtpSink, type SmtpSink } from "../../helpers/smtp-sink";
import { testDeliverySettings } from "../../helpers/alert-fixtures";

// Server-side request forgery through alert destinations, against real receivers on loopback: by
// default nothing internal is reached, however the address is spelled and even when a name only
// turns into a loopback address at connect time; with the opt-in the same receiver is reached.
// Whatever a receiver answers, only its status code comes back.

const SECRET = "whsec-0123456789abcdef";
const KEY = Buffer.alloc(32, 7);
const closed = parseHostAllowList(undefined);
const opted = parseHostAllowList(undefined, { allowPrivate: true });
const event = testEvent(new Date(), "http://tidemark.test");

let db: Database;
let receiver: WebhookReceiver;
let sink: SmtpSink;

beforeAll(async () => {
  db = await openTestDatabase();
  receiver = await startWebhookReceiver();
  sink = await startSmtpSink();
});
afterAll(async () => {
  await receiver.close();
  await sink.close();
  await db.close();
});

const webhook = (url: string) => ({ destinationId: "d", fields: { kind: "webhook" as const, url, secret: SECRET } });
const send = (url: string, allowList = closed) => sendNotification(webhook(url), event, { timeoutMs: 1_000, allowList });

describe("destination address policy", () => {
  it.each(["127.0.0.1", "0x7f000001", "2130706433", "127.1", "0177.0.0.1", "0.0.0.0", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"])(
    "refuses http://%s:<receiver port> without connecting",
    async (host) => {
      const before = receiver.requests.length;
      const outcome = await send(`http://${host}:${receiver.port}/hook`);
      expect(outcome).toMatchObject({
        ok: false,
        responseCode: null,
        error: expect.stringMatching(
          /^host ".+" is or resolves to a non-public address \((loopback|unspecified)\), which alert destinations/,
        ),
      });
      expect(receiver.requests.length).toBe(before);
    },
  );

  it("refuses a name that resolves to loopback when it connects, and reaches the same receiver only with the opt-in", async () => {
    const before = receiver.requests.length;
    // "localhost" passes every name check; only the lookup inside the connection sees 127.0.0.1.
    expect(await send(`http://localhost:${receiver.port}/hook`)).toEqual({
      ok: false,
      responseCode: null,
      error:
        'host "localhost" is or resolves to a non-public address (loopback), which alert destinations reach only with TIDEMARK_ALERT_ALLOW_PRIVATE=1 or that address in TIDEMARK_ALERT_ALLOWED_HOSTS',
    });
    expect(await send(`http://localhost:${receiver.port}/hook`, parseHostAllowList(`localhost:${receiver.port}`))).toMatchObject({
      ok: false,
      responseCode: null,
    });
    expect(receiver.requests.length).toBe(before);

    expect(await send(`http://localhost:${receiver.port}/hook`, opted)).toEqual({ ok: true, responseCode: 200, error: null });
    expect(await send(receiver.url(), parseHostAllowList(`127.0.0.1:${receiver.port}`))).toEqual({
      ok: true,
      responseCode: 200,
      error: null,
    });
    expect(receiver.requests.length).toBe(before + 2);
  });

  it("refuses an SMTP server on a loopback name or address unless opted in", async () => {
    const mail = (host: string) => ({
      destinationId: "m",
      fields: {
        kind: "email" as const,
        host,
        port: sink.port,
        secure: false,
        requireTLS: false,
        from: "a@tidemark.test",
        to: ["b@example.test"],
      },
    });
    for (const host of ["localhost", "127.0.0.1", "0x7f000001"]) {
      expect(await sendNotification(mail(host), event, { timeoutMs: 1_000, allowList: closed })).toMatchObject({
        ok: false,
        responseCode: null,
        error: expect.stringContaining("non-public address (loopback)"),
      });
    }
    expect(sink.messages).toHaveLength(0);
    expect(await sendNotification(mail("localhost"), event, { timeoutMs: 2_000, allowList: opted })).toMatchObject({
      ok: true,
      responseCode: 250,
    });
    expect(sink.messages).toHaveLength(1);
  });

  it("refuses to store a destination on a non-public address literal unless opted in", async () => {
    const create = (name: string, url: string, allowList = closed) =>
      createDestination(db.prisma, { input: { name, kind: "webhook", url, secret: SECRET }, actor: "test", key: KEY, allowList });
    await expect(create("meta", "http://169.254.169.254/latest/meta-data/", opted)).rejects.toMatchObject({
      code: "validation_failed",
      details: [
        {
          path: "url",
          message:
            'host "169.254.169.254" is or resolves to a non-public address (metadata), which alert destinations never reach',
        },
      ],
    });
    await expect(create("loop", "http://2130706433:8080/")).rejects.toMatchObject({
      details: [
        { path: "url", message: expect.stringContaining('host "127.0.0.1" is or resolves to a non-public address (loopback)') },
      ],
    });
    await expect(
      create("port", "https://hooks.example.com:6379/", parseHostAllowList("hooks.example.com")),
    ).rejects.toMatchObject({
      details: [
        {
          path: "url",
          message: 'port 6379 of host "hooks.example.com" is not allowed; TIDEMARK_ALERT_ALLOWED_HOSTS permits hooks.example.com',
        },
      ],
    });
    await expect(create("loop", receiver.url(), opted)).resolves.toMatchObject({ name: "loop" });
  });

  it("test-send keeps only the status: no response body in the answer or the audit, one text for every connection failure", async () => {
    receiver.script({ status: 500 });
    const result = await testDestination(db.prisma, { name: "loop", actor: "test", key: KEY, settings: testDeliverySettings() });
    expect(result).toMatchObject({ delivered: false, responseCode: 500, error: "HTTP 500" });
    const audit = await db.sql.query<{ after: unknown }>(
      `SELECT after FROM audit_events WHERE kind = 'alert_destination.tested'`,
    );
    expect(JSON.stringify(audit)).toContain('"responseCode":500');
    expect(JSON.stringify(audit)).not.toContain("receiver failure");

    // Nothing listening, and a receiver that never answers: the same words.
    const refused = await sendNotification(webhook(`http://127.0.0.1:${await closedPort()}/`), event, {
      timeoutMs: 300,
      allowList: opted,
    });
    receiver.script("hang");
    const silent = await sendNotification(webhook(receiver.url()), event, { timeoutMs: 300, allowList: opted });
    const unknownName = await sendNotification(webhook("http://no-such-host.invalid/"), event, {
      timeoutMs: 300,
      allowList: opted,
    });
    expect([refused, silent, unknownName]).toEqual(Array(3).fill({ ok: false, responseCode: null, error: CONNECTION_FAILURE }));
  });
});
