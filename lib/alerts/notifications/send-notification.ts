import "server-only";
import http from "node:http";
import https from "node:https";
import nodemailer from "nodemailer";
import { isIP } from "node:net";
import type { AlertEvent } from "@/lib/alerts/alert-row";
import {
  assertLiteralAdmitted,
  DestinationRefusedError,
  guardedLookup,
  resolveAdmittedAddress,
} from "@/lib/alerts/destinations/connect-guard";
import type { DeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { destinationTarget, type DestinationFields } from "@/lib/alerts/destinations/destination-schema";
import { checkTarget, describeAllowList, type HostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { emailContent, slackPayload } from "@/lib/alerts/notifications/render-notification";
import { EVENT_ID_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/alerts/notifications/webhook-signature";

/**
 * Sends one event to one destination, once, within the timeout. Never throws: the outcome says
 * whether it was delivered and the receiver's HTTP status or SMTP code. It never carries what the
 * receiver said (a body or reply text), and every failure to connect or to get an answer has the
 * same text, so a destination cannot be used to read internal services or to tell a closed port
 * from a filtered one; the cause goes to the server log only.
 */

export type SendOutcome = { ok: boolean; responseCode: number | null; error: string | null };

export type SendTarget = { destinationId: string; fields: DestinationFields };

export async function sendNotification(
  target: SendTarget,
  event: AlertEvent,
  settings: Pick<DeliverySettings, "timeoutMs" | "allowList">,
): Promise<SendOutcome> {
  const destination = destinationTarget(target.fields);
  const checked = checkTarget(settings.allowList, destination);
  if (!checked.ok) {
    const what =
      checked.reason === "host" ? `host "${destination.host}"` : `port ${destination.port} of host "${destination.host}"`;
    return {
      ok: false,
      responseCode: null,
      error: `${what} is not in TIDEMARK_ALERT_ALLOWED_HOSTS (${describeAllowList(settings.allowList)})`,
    };
  }
  try {
    switch (target.fields.kind) {
      case "webhook": {
        const body = JSON.stringify(event);
        const timestamp = Math.floor(Date.now() / 1000);
        return await postJson(target.fields.url, body, settings, {
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(target.fields.secret, timestamp, body),
          [EVENT_ID_HEADER]: event.id,
          "idempotency-key": event.id,
        });
      }
      case "slack":
        return await postJson(target.fields.url, JSON.stringify(slackPayload(event)), settings, { [EVENT_ID_HEADER]: event.id });
      case "email":
        return await sendEmail(target, event, settings);
    }
  } catch (error) {
    return failure(target, error);
  }
}

/**
 * One POST on a fresh connection (no keep-alive: deliveries are rare, and a pooled socket the
 * receiver has since closed would fail a delivery that a new connection would make), bounded as a
 * whole by the timeout, without following redirects (a redirect could lead past the allow-list).
 * The guarded lookup judges the addresses the socket will actually use.
 */
function postJson(
  url: string,
  body: string,
  settings: { timeoutMs: number; allowList: HostAllowList },
  headers: Record<string, string>,
): Promise<SendOutcome> {
  const target = new URL(url);
  assertLiteralAdmitted(settings.allowList, target.hostname);
  const request = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "POST",
        agent: false,
        lookup: guardedLookup(settings.allowList),
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "Tidemark-Alerts/1",
          connection: "close",
          ...headers,
        },
        signal: AbortSignal.timeout(settings.timeoutMs),
      },
      (res) => {
        // The body is drained unread: only the status is kept.
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            responseCode: status,
            error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * nodemailer resolves names itself, with no hook, so the name is resolved and judged here and
 * nodemailer is handed the checked address (TLS still verifies the certificate for the name).
 */
async function sendEmail(
  target: SendTarget,
  event: AlertEvent,
  settings: { timeoutMs: number; allowList: HostAllowList },
): Promise<SendOutcome> {
  const f = target.fields as Extract<DestinationFields, { kind: "email" }>;
  const timeoutMs = settings.timeoutMs;
  const address = await resolveAdmittedAddress(settings.allowList, f.host);
  const transport = nodemailer.createTransport({
    host: address,
    servername: isIP(f.host.replace(/^\[|\]$/g, "")) ? undefined : f.host,
    port: f.port,
    secure: f.secure,
    requireTLS: f.requireTLS,
    auth: f.username ? { user: f.username, pass: f.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const content = emailContent(event);
  let timer: NodeJS.Timeout | undefined;
  try {
    // The per-phase timeouts above reset on every byte; this bounds the whole conversation.
    const info = await Promise.race([
      transport.sendMail({
        from: f.from,
        to: f.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: `<${event.id}.${target.destinationId}@tidemark>`,
        headers: { "X-Tidemark-Event-Id": event.id },
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { name: "TimeoutError" })),
          timeoutMs,
        );
      }),
    ]);
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ""))?.[1] ?? 250);
    if (info.rejected.length) return { ok: false, responseCode: code, error: `rejected recipients: ${info.rejected.join(", ")}` };
    return { ok: true, responseCode: code, error: null };
  } catch (error) {
    return failure(target, error);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

/** One text for every connection-level failure, whatever its cause (refused, reset, timed out, DNS, TLS); the cause is logged. */
export const CONNECTION_FAILURE = "no answer from the destination (could not connect, connection lost, or timed out)";

function failure(target: SendTarget, error: unknown): SendOutcome {
  if (error instanceof DestinationRefusedError) {
    console.warn(`[alerts] destination ${target.destinationId}: refused ${error.host} → ${error.address} (${error.kind})`);
    return { ok: false, responseCode: null, error: error.message };
  }
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    responseCode?: number;
    cause?: { code?: string; message?: string };
  };
  console.warn(
    `[alerts] destination ${target.destinationId}: delivery failed: ${[e?.name, e?.cause?.code ?? e?.code, e?.cause?.message ?? e?.message].filter(Boolean).join(" ")}`,
  );
  // An SMTP server that answered with a code is not a connection failure; its reply text is still not kept.
  if (typeof e?.responseCode === "number") return { ok: false, responseCode: e.responseCode, error: `SMTP ${e.responseCode}` };
  return { ok: false, responseCode: null, error: CONNECTION_FAILURE };
}
