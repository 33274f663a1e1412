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

/** One client connection: the SMTP dialogue, with AUTH PLAIN/LOGIN and DATA. */
class SmtpSession {
  private buffer = "";
  private mode: "command" | "data" | "auth-plain" | "auth-login-user" | "auth-login-pass" = "command";
  private auth: { user: string; pass: string } | null = null;
  private pendingUser = "";
  private from = "";
  private to: string[] = [];
  private data: string[] = [];
  private behaviour: SmtpBehaviour = "ok";

  constructor(
    private readonly socket: net.Socket,
    private readonly messages: SmtpMessage[],
    private readonly nextBehaviour: () => SmtpBehaviour,
  ) {
    this.send("220 sink.test ESMTP ready");
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  private send(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  private onData(chunk: Buffer): void {
    this.buffer += chunk.toString("utf8");
    let index: number;
    while ((index = this.buffer.indexOf("\r\n")) >= 0) {
      const line = this.buffer.slice(0, index);
      this.buffer = this.buffer.slice(index + 2);
      if (this.mode === "data") this.onDataLine(line);
      else if (this.mode === "command") this.onCommand(line);
      else this.onAuthLine(line);
    }
  }

  private onDataLine(line: string): void {
    if (line !== ".") {
      this.data.push(line.startsWith("..") ? line.slice(1) : line);
      return;
    }
    this.mode = "command";
    const text = this.data.join("\r\n");
    if (typeof this.behaviour === "object") {
      this.send(`${this.behaviour.reply} 4.3.0 Temporary failure, try again later`);
      return;
    }
    const headers = parseHeaders(text);
    this.messages.push({
      from: this.from,
      to: this.to,
      data: text,
      auth: this.auth,
      headers,
      subject: decodeWords(headers.subject ?? ""),
    });
    this.send("250 2.0.0 OK queued");
  }

  private onAuthLine(line: string): void {
    const decoded = Buffer.from(line, "base64").toString("utf8");
    if (this.mode === "auth-plain") {
      const [, user, pass] = decoded.split("\0");
      this.auth = { user, pass };
    } else if (this.mode === "auth-login-user") {
      this.pendingUser = decoded;
      this.mode = "auth-login-pass";
      return this.send("334 UGFzc3dvcmQ6");
    } else {
      this.auth = { user: this.pendingUser, pass: decoded };
    }
    this.mode = "command";
    this.send("235 2.7.0 Authentication successful");
  }

  private onAuthCommand(line: string): void {
    const [, mechanism, initial] = line.split(" ");
    if (mechanism?.toUpperCase() === "PLAIN") {
      this.mode = "auth-plain";
      return initial ? this.onAuthLine(initial) : this.send("334 ");
    }
    if (mechanism?.toUpperCase() === "LOGIN") {
      this.mode = "auth-login-user";
      return this.send("334 VXNlcm5hbWU6");
    }
    this.send("504 5.5.4 Unrecognized authentication type");
  }

  private onCommand(line: string): void {
    switch (line.split(" ")[0].toUpperCase()) {
      case "EHLO":
        this.send("250-sink.test");
        this.send("250-AUTH PLAIN LOGIN");
        return this.send("250 8BITMIME");
      case "HELO":
        return this.send("250 sink.test");
      case "AUTH":
        return this.onAuthCommand(line);
      case "MAIL":
        this.behaviour = this.nextBehaviour();
        if (this.behaviour === "drop") return void this.socket.destroy();
        if (this.behaviour === "hang") return;
        this.from = /<([^>]*)>/.exec(line)?.[1] ?? "";
        this.to = [];
        return this.send("250 2.1.0 OK");
      case "RCPT":
        this.to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
        return this.send("250 2.1.5 OK");
      case "DATA":
        this.mode = "data";
        this.data = [];
        return this.send("354 End data with <CR><LF>.<CR><LF>");
      case "RSET":
        this.from = "";
        this.to = [];
        return this.send("250 2.0.0 OK");
      case "NOOP":
        return this.send("250 2.0.0 OK");
      case "QUIT":
        this.send("221 2.0.0 Bye");
        return void this.socket.end();
      default:
        return this.send("502 5.5.2 Command not recognized");
    }
  }
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  let queue: SmtpBehaviour[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    new SmtpSession(socket, messages, () => queue.shift() ?? "ok");
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
