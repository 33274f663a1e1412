import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A small SMTP server on loopback, enough for nodemailer: EHLO/HELO, AUTH PLAIN and LOGIN, MAIL,
 * RCPT, DATA, RSET, NOOP, QUIT. Each message takes the next scripted behaviour (then "ok"):
 * accept, refuse with a temporary error at the end of DATA, drop the connection at MAIL FROM, or
 * stop answering (the sender's timeout fires). Being on loopback, it is reached only by senders
 * given the internal-receiver opt-in (testDeliverySettings(), or TIDEMARK_ALERT_ALLOW_PRIVATE=1).
 */

export type SmtpBehaviour = "ok" | { reply: number } | "drop" | "hang";

export type SmtpMessage = {
  from: string;
  to: string[];
  data: string;
  auth: { user: string; pass: string } | null;
  headers: Record<string, string>;
  subject: string;
};

export type SmtpSink = {
  port: number;
  host: string;
  messages: SmtpMessage[];
  /** Messages after dropping repeats of a Message-ID, as a mail system deduplicating does. */
  messagesOnce(): SmtpMessage[];
  script(...behaviours: SmtpBehaviour[]): void;
  close(): Promise<void>;
};

function parseHeaders(data: string): Record<string, string> {
  const head = data.split(/\r?\n\r?\n/)[0];
  const headers: Record<string, string> = {};
  let last = "";
  for (const line of head.split(/\r?\n/)) {
    if (/^\s/.test(line) && last) headers[last] += ` ${line.trim()}`;
    else {
      const i = line.indexOf(":");
      if (i > 0) {
        last = line.slice(0, i).toLowerCase();
        headers[last] = line.slice(i + 1).trim();
      }
    }
  }
  return headers;
}

/** Decodes RFC 2047 encoded words (what nodemailer uses for non-ASCII subjects). */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  let queue: SmtpBehaviour[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let mode: "command" | "data" | "auth-plain" | "auth-login-user" | "auth-login-pass" = "command";
    let auth: { user: string; pass: string } | null = null;
    let pendingUser = "";
    let from = "";
    let to: string[] = [];
    let data: string[] = [];
    let behaviour: SmtpBehaviour = "ok";
    const send = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    send("220 sink.test ESMTP ready");

    const onCommand = (line: string) => {
      const verb = line.split(" ")[0].toUpperCase();
      if (mode === "auth-plain") {
        const [, user, pass] = Buffer.from(line, "base64").toString("utf8").split("\0");
        auth = { user, pass };
        mode = "command";
        return send("235 2.7.0 Authentication successful");
      }
      if (mode === "auth-login-user") {
        pendingUser = Buffer.from(line, "base64").toString("utf8");
        mode = "auth-login-pass";
        return send("334 UGFzc3dvcmQ6");
      }
      if (mode === "auth-login-pass") {
        auth = { user: pendingUser, pass: Buffer.from(line, "base64").toString("utf8") };
        mode = "command";
        return send("235 2.7.0 Authentication successful");
      }
      switch (verb) {
        case "EHLO":
          send("250-sink.test");
          send("250-AUTH PLAIN LOGIN");
          return send("250 8BITMIME");
        case "HELO":
          return send("250 sink.test");
        case "AUTH": {
          const [, mechanism, initial] = line.split(" ");
          if (mechanism?.toUpperCase() === "PLAIN") {
            if (initial) {
              mode = "auth-plain";
              return onCommand(initial);
            }
            mode = "auth-plain";
            return send("334 ");
          }
          if (mechanism?.toUpperCase() === "LOGIN") {
            mode = "auth-login-user";
            return send("334 VXNlcm5hbWU6");
          }
          return send("504 5.5.4 Unrecognized authentication type");
        }
        case "MAIL":
          behaviour = queue.shift() ?? "ok";
          if (behaviour === "drop") return socket.destroy();
          if (behaviour === "hang") return;
          from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          to = [];
          return send("250 2.1.0 OK");
        case "RCPT":
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          return send("250 2.1.5 OK");
        case "DATA":
          mode = "data";
          data = [];
          return send("354 End data with <CR><LF>.<CR><LF>");
        case "RSET":
          from = "";
          to = [];
          return send("250 2.0.0 OK");
        case "NOOP":
          return send("250 2.0.0 OK");
        case "QUIT":
          send("221 2.0.0 Bye");
          return socket.end();
        default:
          return send("502 5.5.2 Command not recognized");
      }
    };

    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (mode === "data") {
          if (line === ".") {
            mode = "command";
            const text = data.join("\r\n");
            if (typeof behaviour === "object") {
              send(`${behaviour.reply} 4.3.0 Temporary failure, try again later`);
              continue;
            }
            const headers = parseHeaders(text);
            messages.push({ from, to, data: text, auth, headers, subject: decodeWords(headers.subject ?? "") });
            send("250 2.0.0 OK queued");
          } else data.push(line.startsWith("..") ? line.slice(1) : line);
        } else onCommand(line);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    host: "127.0.0.1",
    messages,
    messagesOnce() {
      const seen = new Set<string>();
      return messages.filter((m) => {
        const id = m.headers["message-id"];
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    },
    script: (...behaviours) => {
      queue = [...behaviours];
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
