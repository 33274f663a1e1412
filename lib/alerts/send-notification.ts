import "server-only";
import http from "node:http";
import https from "node:https";
import nodemailer from "nodemailer";
import type { AlertEvent } from "./alert-row";
import type { DeliverySettings } from "./delivery-settings";
import { destinationHost, type DestinationFields } from "./destination-schema";
import { describeAllowList, isHostAllowed } from "./host-allow-list";
import { emailContent, slackPayload } from "./render-notification";
import { EVENT_ID_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./webhook-signature";

/**
 * Sends one event to one destination, once, within the timeout. Never throws: the outcome says
 * whether it was delivered, the receiver's status or SMTP code, and what went wrong.
 */

export type SendOutcome = { ok: boolean; responseCode: number | null; error: string | null };

export type SendTarget = { destinationId: string; fields: DestinationFields };

export async function sendNotification(target: SendTarget, event: AlertEvent, settings: Pick<DeliverySettings, "timeoutMs" | "allowList">): Promise<SendOutcome> {
  const host = destinationHost(target.fields);
  if (!isHostAllowed(settings.allowList, host)) {
    return { ok: false, responseCode: null, error: `host "${host}" is not in TIDEMARK_ALERT_ALLOWED_HOSTS (${describeAllowList(settings.allowList)})` };
  }
  try {
    switch (target.fields.kind) {
      case "webhook": {
        const body = JSON.stringify(event);
        const timestamp = Math.floor(Date.now() / 1000);
        return await postJson(target.fields.url, body, settings.timeoutMs, {
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(target.fields.secret, timestamp, body),
          [EVENT_ID_HEADER]: event.id,
          "idempotency-key": event.id,
        });
      }
      case "slack":
        return await postJson(target.fields.url, JSON.stringify(slackPayload(event)), settings.timeoutMs, { [EVENT_ID_HEADER]: event.id });
      case "email":
        return await sendEmail(target, event, settings.timeoutMs);
    }
  } catch (error) {
    return { ok: false, responseCode: null, error: describeError(error, settings.timeoutMs) };
  }
}

/**
 * One POST on a fresh connection (no keep-alive: deliveries are rare, and a pooled socket the
 * receiver has since closed would fail a delivery that a new connection would make), bounded as a
 * whole by the timeout, without following redirects (a redirect could lead past the allow-list).
 */
function postJson(url: string, body: string, timeoutMs: number, headers: Record<string, string>): Promise<SendOutcome> {
  const target = new URL(url);
  const request = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Tidemark-Alerts/1", connection: "close", ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          // Only the start of an error body is kept for the record.
          if (size < 1024) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString("utf8").slice(0, 200);
          if (status >= 200 && status < 300) resolve({ ok: true, responseCode: status, error: null });
          else resolve({ ok: false, responseCode: status, error: `HTTP ${status}${text ? `: ${text}` : ""}` });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function sendEmail(target: SendTarget, event: AlertEvent, timeoutMs: number): Promise<SendOutcome> {
  const f = target.fields as Extract<DestinationFields, { kind: "email" }>;
  const transport = nodemailer.createTransport({
    host: f.host,
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
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ""))?.[1] ?? 250);
    if (info.rejected.length) return { ok: false, responseCode: code, error: `rejected recipients: ${info.rejected.join(", ")}` };
    return { ok: true, responseCode: code, error: null };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    return { ok: false, responseCode: typeof code === "number" ? code : null, error: describeError(error, timeoutMs) };
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `timed out after ${timeoutMs} ms`;
  const code = e?.cause?.code ?? e?.code;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  return (code && !message.includes(code) ? `${code}: ${message}` : message).slice(0, 500);
}
