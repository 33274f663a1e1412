import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/next-server";

// `npm start` listens on loopback unless told otherwise. The whole of 127/8 reaches the local host
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
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", PORT: String(port), TIDEMARK_DATA_DIR: path.join(dataDir, String(port)), ...env },
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
