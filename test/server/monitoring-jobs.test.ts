import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { DatabaseLockedError } from "@/lib/db/pglite-lock";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { putMonitoringSettings } from "@/lib/monitors/shared/monitoring-settings-store";
import { startNextServer } from "../helpers/next-server";
import { runCli } from "../helpers/run-cli";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { insertSyntheticPredictions } from "../helpers/bulk-log";
import { MEAN, SD, sumManifest, sumModelBytes } from "../helpers/large-sample-model";
import { pgliteBackend, serverBackends, type ServerBackend } from "../helpers/server-backends";

// The scheduler in its three homes (inside the embedded server, `tidemark jobs`, `tidemark job`),
// and a profile run killed with SIGKILL in the middle of a backlog.

const root = path.resolve(__dirname, "../..");
const backends = serverBackends("tidemark-jobs-");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function withDatabase<T>(backend: ServerBackend, work: (db: Database) => Promise<T>): Promise<T> {
  // A process just killed holds the embedded database's lock until the system has reaped it.
  let db: Database | undefined;
  for (let attempt = 0; !db; attempt++) {
    try {
      db = await backend.open();
    } catch (error) {
      if (!(error instanceof DatabaseLockedError) || attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await applyMigrations(db.sql);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** `tidemark …` as a long-running child; resolves `waitFor` when its output matches. */
function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, "bin/tidemark.mjs"), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    output += d.toString();
    for (const w of waiters.filter((w) => w.pattern.test(output))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    output: () => output,
    exited,
    waitFor(pattern: RegExp, timeoutMs = 120_000) {
      if (pattern.test(output)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exited.then(() => reject(new Error(`exited before ${pattern}; output:\n${output}`)));
      });
    },
    /** The whole process group, as a terminal or the OOM killer would hit it. */
    killGroup: (signal: NodeJS.Signals) => process.kill(-child.pid!, signal),
    /** bin/tidemark.mjs alone, as a service manager stops a service. */
    kill: (signal: NodeJS.Signals) => child.kill(signal),
  };
}

describe("the in-process scheduler of the embedded server", () => {
  it("profiles what the server logged on the model's schedule, and runs jobs asked for with --server", async () => {
    const backend = await pgliteBackend("tidemark-jobs-");
    cleanups.push(backend.cleanup);
    const token = await withDatabase(backend, async (db) => {
      const { token } = await createApiKey(db.prisma, { name: "ops", scopes: ["admin"] }, "test");
      await registerModelVersion(db, {
        modelName: "fraud",
        onnx: binaryModelBytes(),
        manifest: binaryManifest(),
        actor: "test",
        maxBytes: 1e8,
      });
      await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "test" });
      return token;
    });
    const server = await startNextServer(backend.env);
    try {
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const put = await fetch(`${server.url}/api/v1/models/fraud/monitoring`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ schedules: { profile: "*/2 * * * * *" } }),
      });
      expect(put.status).toBe(200);
      const inputs = Array.from({ length: 40 }, (_, i) => ({ amount: 10 + i, country: "US", is_new: i % 2 === 0 }));
      expect(
        (await fetch(`${server.url}/api/v1/models/fraud/predict`, { method: "POST", headers, body: JSON.stringify({ inputs }) }))
          .status,
      ).toBe(200);

      const deadline = Date.now() + 60_000;
      let runs: { job: string; status: string; rowsRead: number; trigger: string }[] = [];
      while (Date.now() < deadline) {
        runs = (await (await fetch(`${server.url}/api/v1/jobs/runs?model=fraud&job=profile`, { headers })).json()).runs;
        if (runs.some((r) => r.status === "succeeded")) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(runs.filter((r) => r.status === "succeeded").map((r) => [r.trigger, r.rowsRead])).toEqual([["schedule", 40]]);
      expect(server.output()).toMatch(/scheduler started/);

      // The embedded database belongs to the server: the CLI goes through its API.
      const local = await runCli(["job", "drift", "--model", "fraud"], { env: backend.env });
      expect(local.code).not.toBe(0);
      expect(local.stderr).toMatch(/in use by|lock|another process/i);
      const remote = await runCli(["job", "profile", "--model", "fraud", "--server", server.url, "--key", token], {
        env: backend.env,
      });
      expect(remote.stderr).toBe("");
      expect(remote.code).toBe(0);
      expect(remote.stdout).toMatch(/Nothing to do|profile fraud v1/);
    } finally {
      await server.kill();
    }
  });
});

describe.each(backends)("tidemark jobs and tidemark job (%o)", (makeBackend) => {
  it("runs the scheduler as a process of its own and stops cleanly on SIGTERM", async () => {
    const backend = await makeBackend();
    cleanups.push(backend.cleanup);
    await withDatabase(backend, async (db) => {
      await registerModelVersion(db, {
        modelName: "sum",
        onnx: sumModelBytes(["x"]),
        manifest: sumManifest(["x"], 5000),
        actor: "test",
        maxBytes: 1e8,
      });
      const [row] = await db.sql.query<{ id: string }>(`SELECT id::text AS id FROM model_versions`);
      const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000);
      await insertSyntheticPredictions(db, {
        versionId: row.id,
        start,
        spanMs: 3_600_000,
        rows: 2000,
        seed: 5,
        features: [{ name: "x", mean: MEAN, sd: SD }],
      });
      await putMonitoringSettings(db.prisma, "sum", { schedules: { profile: "* * * * * *", drift: "* * * * * *" } }, "test");
    });
    const jobs = startCli(["jobs"], backend.env);
    await jobs.waitFor(/drift sum: \d+ run\(s\)/);
    jobs.kill("SIGTERM");
    expect(await jobs.exited).toEqual({ code: 0, signal: null });
    expect(jobs.output()).toMatch(/stopping after the runs in progress/);
    await withDatabase(backend, async (db) => {
      const runs = await db.sql.query<{ job: string; status: string; rows_read: string; trigger: string }>(
        `SELECT job, status, rows_read::text, trigger FROM job_runs WHERE job IN ('profile', 'drift') AND status <> 'running' ORDER BY id`,
      );
      // Profile and drift ticks fire every second; whichever comes first reads the log, once.
      expect(runs.filter((r) => r.job === "profile")).toEqual([
        { job: "profile", status: "succeeded", rows_read: "2000", trigger: "schedule" },
      ]);
      expect(runs.filter((r) => r.job === "drift")).toEqual([
        { job: "drift", status: "succeeded", rows_read: "2000", trigger: "schedule" },
      ]);
    });
  });

  it("a profile run killed mid-way writes nothing; the next run marks it crashed and counts every row once", async () => {
    const backend = await makeBackend();
    cleanups.push(backend.cleanup);
    const rows = 300_000;
    await withDatabase(backend, async (db) => {
      await registerModelVersion(db, {
        modelName: "sum",
        onnx: sumModelBytes(["x"]),
        manifest: sumManifest(["x"], 5000),
        actor: "test",
        maxBytes: 1e8,
      });
      const [row] = await db.sql.query<{ id: string }>(`SELECT id::text AS id FROM model_versions`);
      await insertSyntheticPredictions(db, {
        versionId: row.id,
        start: new Date(Date.UTC(2026, 10, 1)),
        spanMs: 10 * 3_600_000,
        rows,
        seed: 9,
        features: [{ name: "x", mean: MEAN, sd: SD }],
      });
    });
    await new Promise((r) => setTimeout(r, 1_100));
    const doomed = startCli(["job", "profile", "--model", "sum"], backend.env);
    await doomed.waitFor(/100000 rows read/);
    doomed.killGroup("SIGKILL");
    expect((await doomed.exited).signal).toBe("SIGKILL");

    await withDatabase(backend, async (db) => {
      const [state] = await db.sql.query<{ running: number; profiled: number; watermarks: number }>(
        `SELECT (SELECT count(*)::int FROM job_runs WHERE status = 'running') AS running,
                (SELECT count(*)::int FROM production_profiles) AS profiled,
                (SELECT count(*)::int FROM profile_watermarks) AS watermarks`,
      );
      expect(state).toEqual({ running: 1, profiled: 0, watermarks: 0 });
    });
    const rerun = await runCli(["job", "profile", "--model", "sum"], { env: backend.env });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`profile sum v1 .*: succeeded, ${rows} rows`));
    await withDatabase(backend, async (db) => {
      const runs = await db.sql.query<{ status: string; error: string | null }>(`SELECT status, error FROM job_runs ORDER BY id`);
      expect(runs.map((r) => r.status)).toEqual(["crashed", "succeeded"]);
      expect(runs[0].error).toMatch(/stopped before it finished/);
      const [{ total }] = await db.sql.query<{ total: number }>(
        `SELECT sum(rows)::int AS total FROM production_profiles WHERE segment = ''`,
      );
      expect(total).toBe(rows);
    });
  });
});
