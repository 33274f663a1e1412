// `npm run demo` end to end, in its fast mode (8 past hours of 250 predictions): the demo trains,
// promotes, replays and starts the server by itself; the test watches its output for the alerts the
// webhook receiver prints, then checks the story through the API, then stops it with SIGINT as
// Ctrl-C would.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/next-server";

const root = path.resolve(__dirname, "../..");
const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-demo-"));
let demo: ChildProcess | undefined;
let output = "";

afterAll(async () => {
  if (demo && demo.exitCode === null && demo.signalCode === null) {
    const exited = new Promise((r) => demo!.once("exit", r));
    process.kill(-demo.pid!, "SIGKILL");
    await exited;
  }
  fs.rmSync(demoDir, { recursive: true, force: true });
});

async function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = output.match(pattern);
    if (match) return match;
    if (demo!.exitCode !== null) throw new Error(`the demo exited (${demo!.exitCode}) before printing ${pattern}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the demo did not print ${pattern} within ${timeoutMs / 1000} s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("npm run demo (fast mode)", () => {
  it("shows a feature drifting, performance falling after the label shift, and alerts delivered to its webhook receiver; Ctrl-C stops it", async () => {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production" as const,
      TIDEMARK_DEMO_FAST: "1",
      TIDEMARK_DEMO_PORT: String(port),
      TIDEMARK_DEMO_DIR: demoDir,
    };
    // Its own process group, as in a terminal, so SIGINT reaches the demo and nothing else.
    const child = spawn(process.execPath, [path.join(root, "bin/tidemark.mjs"), "demo"], {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    demo = child;
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));

    const [, from, to] = await waitForOutput(/2000 predictions, 2000 outcomes, \d+ events, (\S+) → (\S+)/, 150_000);
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    // Between the replay and the key the demo waits a fixed 55 s (late rows), runs five jobs and
    // starts the server: 60 s left ~5 s for those and failed in CI beside the other server tests.
    const key = (await waitForOutput(/admin API key:\s+(tm_\S+)/, 150_000))[1];
    const url = `http://127.0.0.1:${port}`;
    await waitForOutput(/webhook received alert\.opened[^\n]*\n\s+\[WARNING\] flights v1: feature "distance" drifted/, 150_000);
    await waitForOutput(/webhook received alert\.opened[^\n]*\n\s+\[CRITICAL\] flights v1: realized auc below threshold/, 60_000);
    expect(output).not.toMatch(/refused a delivery/);

    const get = async (p: string) => {
      const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status, p).toBe(200);
      return (await res.json()) as any;
    };

    // Only the replayed hours: the live traffic's current hour is computed too as it goes.
    // Drift: distance was scaled from 35 % of the 8 hours on; hours 0–1 are clean, 3–7 shifted.
    const drift = await get(`/api/v1/models/flights/drift?feature=distance&${range}`);
    const distance = drift.series.find((s: any) => s.column === "distance");
    const decisions = distance.points.map((p: any) => p.decision);
    expect(decisions).toHaveLength(8);
    expect(decisions.slice(0, 2)).not.toContain("drift");
    expect(decisions.slice(3)).toEqual(["drift", "drift", "drift", "drift", "drift"]);

    // Realized performance: labels flip from 70 % on (hours 6–7 entirely).
    const performance = await get(`/api/v1/models/flights/performance?${range}`);
    const realized = performance.points.filter((p: any) => p.kind === "realized").map((p: any) => p.primaryValue as number);
    expect(realized).toHaveLength(8);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(realized.slice(0, 5))).toBeGreaterThan(0.55);
    expect(mean(realized.slice(6))).toBeLessThan(0.45);

    // The alerts are open and their notifications were delivered (and the receiver printed them above).
    const alerts = await get("/api/v1/alerts?status=open&model=flights");
    const titles = alerts.alerts.map((a: any) => a.title);
    expect(titles).toContain('flights v1: feature "distance" drifted');
    expect(titles).toContain("flights v1: realized auc below threshold");
    const delivered = await get("/api/v1/alert-notifications?status=delivered");
    expect(delivered.notifications.length).toBeGreaterThanOrEqual(2);

    // The alerts came from the server's own scheduler, and live traffic reaches the server.
    const runs = await get("/api/v1/jobs/runs?job=alerts&model=flights&limit=1");
    expect(runs.runs[0]).toMatchObject({ status: "succeeded", trigger: "schedule" });
    const metrics = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.text());
    const served = Number(/^tidemark_predictions_total\{[^}]*model="flights"[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
    expect(served).toBeGreaterThan(0);

    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    process.kill(-child.pid!, "SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("Stopped.");
    await expect(fetch(`${url}/api/v1/models`)).rejects.toThrow();
    // The deadlines above, not the project's 180 s default, bound this test.
  }, 480_000);
});
