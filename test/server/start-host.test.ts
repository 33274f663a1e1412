import { spawn } from "node:child_process";
import net from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/next-server";

// `npm start` listens on loopback unless told otherwise, and drops connections that trickle their
// headers or body (bin/http-timeouts.cjs) long before Node's 60 s / 300 s defaults would. The whole of 127/8 reaches the local host
// on Linux, so a server on 127.0.0.1 refuses 127.0.0.2 while one on every interface answers it:
// a check that needs no second network interface.

const root = path.resolve(__dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-start-host-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function answers(host: string, port: number): Promise<boolean> {
  try {
    await fetch(`http://${host}:${port}/api/v1/models`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function withNpmStart(extraArgs: string[], env: Record<string, string>, check: (port: number) => Promise<void>) {
  const port = await freePort();
  const args = ["start", ...(extraArgs.length ? ["--", ...extraArgs] : [])];
  const child = spawn("npm", args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      PORT: String(port),
      TIDEMARK_DATA_DIR: path.join(dataDir, String(port)),
      ...env,
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    for (const deadline = Date.now() + 90_000; !(await answers("127.0.0.1", port)); ) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not answer within 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    await check(port);
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
}

describe("npm start", () => {
  it("listens on 127.0.0.1 by default", async () => {
    await withNpmStart([], {}, async (port) => {
      expect(await answers("127.0.0.2", port)).toBe(false);
    });
  });

  it("listens on every interface with TIDEMARK_HOST=0.0.0.0 or -- -H 0.0.0.0", async () => {
    await withNpmStart([], { TIDEMARK_HOST: "0.0.0.0" }, async (port) => {
      expect(await answers("127.0.0.2", port)).toBe(true);
    });
    await withNpmStart(["-H", "0.0.0.0"], {}, async (port) => {
      expect(await answers("127.0.0.2", port)).toBe(true);
    });
  });
});

/**
 * Opens a connection, writes `head` and then one more byte every 200 ms (a slowloris client), and
 * resolves with how long the server kept the connection open, or null if it still had after `giveUpMs`.
 */
function trickle(port: number, head: string, giveUpMs: number): Promise<{ ms: number; answer: string } | null> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => socket.write(head));
    let answer = "";
    const drip = setInterval(() => socket.write("a"), 200);
    const giveUp = setTimeout(() => finish(null), giveUpMs);
    const finish = (result: { ms: number; answer: string } | null) => {
      clearInterval(drip);
      clearTimeout(giveUp);
      socket.destroy();
      resolve(result);
    };
    socket.on("data", (d) => (answer += d));
    socket.on("error", () => undefined);
    socket.on("close", () => finish({ ms: Date.now() - started, answer }));
  });
}

describe("npm start's connection timeouts", () => {
  it("closes a connection whose headers or body trickle past TIDEMARK_HEADERS_TIMEOUT_MS / TIDEMARK_REQUEST_TIMEOUT_MS", async () => {
    await withNpmStart([], { TIDEMARK_HEADERS_TIMEOUT_MS: "1000", TIDEMARK_REQUEST_TIMEOUT_MS: "2000" }, async (port) => {
      // Node's defaults would hold both connections for 60 s and 300 s; 8 s is the bound here.
      const [headers, body] = await Promise.all([
        trickle(port, "GET /api/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", 8_000),
        trickle(
          port,
          "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
          8_000,
        ),
      ]);
      expect(headers, "a trickle of headers was still open after 8 s").not.toBeNull();
      expect(headers!.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(body, "a trickle of body was still open after 8 s").not.toBeNull();
      // Refused (401) before its body was read, the request is still incomplete: it is the request
      // timeout, not the answer, that ends the connection.
      expect(body!.ms).toBeGreaterThanOrEqual(1_500);
    });
  });

  it("refuses to start with a malformed timeout", async () => {
    const child = spawn("npm", ["start"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NODE_ENV: "production",
        TIDEMARK_DATA_DIR: path.join(dataDir, "malformed"),
        TIDEMARK_HEADERS_TIMEOUT_MS: "soon",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('TIDEMARK_HEADERS_TIMEOUT_MS must be a whole number of milliseconds greater than 0, got "soon"');
  });
});
