// The demo's stand-in for an on-call tool: a webhook receiver on loopback that checks each
// delivery's signature as the README tells receivers to, and prints the alert as it arrives.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from "@/lib/alerts/notifications/webhook-signature";

type AlertEventBody = {
  id?: string;
  type?: string;
  alert?: { title?: string; severity?: string; url?: string; evidence?: { summary?: string } };
};

export type AlertReceiver = { url: string; received: () => number; close(): Promise<void> };

export async function startAlertReceiver(options: { secret: string; print: (line: string) => void }): Promise<AlertReceiver> {
  const seen = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = (name: string) => req.headers[name] as string | undefined;
      const verdict = verifyWebhook({
        secret: options.secret,
        body,
        signature: header(SIGNATURE_HEADER),
        timestamp: header(TIMESTAMP_HEADER),
      });
      if (!verdict.ok) {
        options.print(`webhook receiver: refused a delivery (${verdict.reason})`);
        res.writeHead(401).end();
        return;
      }
      const eventId = header(EVENT_ID_HEADER) ?? "";
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      // Delivery is at least once: a repeat of an event id is acknowledged and not shown again.
      if (seen.has(eventId)) return;
      seen.add(eventId);
      let event: AlertEventBody = {};
      try {
        event = JSON.parse(body) as AlertEventBody;
      } catch {
        // Signed but not JSON: still shown, as raw text.
      }
      const a = event.alert ?? {};
      options.print(
        [
          `🔔 webhook received ${event.type ?? "a delivery"} (signature verified, event ${eventId})`,
          `   [${(a.severity ?? "?").toUpperCase()}] ${a.title ?? body.slice(0, 200)}`,
          ...(a.evidence?.summary ? [`   ${a.evidence.summary}`] : []),
          ...(a.url ? [`   ${a.url}`] : []),
        ].join("\n"),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/tidemark`,
    received: () => seen.size,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
