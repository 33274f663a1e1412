import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP receiver on loopback for alert deliveries. Each request takes the next scripted
 * behaviour (then "ok" once the script is used up): answer with a status, answer late, or never
 * answer (the sender's timeout fires). `stop()`/`start()` close and reopen the same port, so the
 * sender meets "connection refused" in between. Being on loopback, it is reached only by senders
 * given the internal-receiver opt-in (testDeliverySettings(), or TIDEMARK_ALERT_ALLOW_PRIVATE=1).
 */

export type Behaviour = "ok" | { status: number } | { delayMs: number; status?: number } | "hang";

export type ReceivedRequest = {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  /** The status it was answered with; null if it was never answered (hang, or the sender gave up first). */
  answered: number | null;
};

export type WebhookReceiver = {
  url: (path?: string) => string;
  port: number;
  requests: ReceivedRequest[];
  /** Requests answered 2xx. */
  accepted(): ReceivedRequest[];
  /** Accepted requests after dropping repeats of an event id, as a receiver honouring the idempotency key does. */
  acceptedOnce(): ReceivedRequest[];
  script(...behaviours: Behaviour[]): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let queue: Behaviour[] = [];
  const hanging = new Set<http.ServerResponse>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const record: ReceivedRequest = { path: req.url ?? "/", headers: req.headers, body, json, answered: null };
      requests.push(record);
      const behaviour = queue.shift() ?? "ok";
      const answer = (status: number) => {
        if (res.destroyed || res.writableEnded) return;
        // Only an answer the sender can still read counts as accepted.
        if (req.socket.destroyed) return;
        record.answered = status;
        res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "receiver failure");
      };
      if (behaviour === "ok") answer(200);
      else if (behaviour === "hang") hanging.add(res);
      else if ("delayMs" in behaviour) setTimeout(() => answer(behaviour.status ?? 200), behaviour.delayMs);
      else answer(behaviour.status);
    });
  };
  let server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const stop = async () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const accepted = () => requests.filter((r) => r.answered !== null && r.answered >= 200 && r.answered < 300);
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    port,
    requests,
    accepted,
    acceptedOnce() {
      const seen = new Set<string>();
      return accepted().filter((r) => {
        const id = String(r.headers["x-tidemark-event-id"]);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    },
    script: (...behaviours) => {
      queue = [...behaviours];
    },
    stop,
    start: async () => {
      server = http.createServer(handler);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve());
      });
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
