// `tidemark promote` and `tidemark rollback`, run as a user runs them, through the promotion gate
// that the API and the dashboard use: against the local database (embedded, or the Postgres
// server) and against a running server (`--server URL --key KEY`, real route handlers over HTTP).
// A passing version moves with the verdict printed; a failing one is refused (exit 1, the failed
// rule named); --force needs --reason (exit 2) and the reason lands in the audit; a rollback
// returns the alias to the version it held before.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as trafficRoute from "@/app/api/v1/models/[name]/aliases/[alias]/traffic/route";
import { binaryManifest, binaryModelBytes, createKeys } from "../helpers/fixtures";
import { runCli } from "../helpers/run-cli";
import { startRouteServer } from "../helpers/route-server";
import { backend, openTestDatabase } from "../helpers/test-database";
import { pgliteBackend, postgresBackend, type ServerBackend } from "../helpers/server-backends";

const MODEL = "fraud";
const TRAFFIC = /^\/api\/v1\/models\/(?<name>[^/]+)\/aliases\/(?<alias>[^/]+)\/traffic$/;
// Each command starts a process, and with the embedded database opens it: slow on a loaded machine.
const TIMEOUT = 240_000;

/** v1 and v3 pass the gate (test AUC 0.91 and 0.93 ≥ 0.8, above the baselines); v2 does not (0.74). */
async function seedVersions(db: Database) {
  const register = (auc: number) =>
    registerModelVersion(db, {
      modelName: MODEL,
      onnx: binaryModelBytes(),
      manifest: binaryManifest({
        evaluation: { ...binaryManifest().evaluation, test: { auc, f1: 0.7 } },
      }),
      actor: "test",
      maxBytes: 10 * 1024 * 1024,
    });
  for (const auc of [0.91, 0.74, 0.93]) await register(auc);
}

async function aliasOf(db: Database): Promise<number | undefined> {
  const row = await db.prisma.modelAlias.findFirst({
    where: { alias: "production", model: { name: MODEL } },
    include: { version: true },
  });
  return row?.version.version;
}

/** The same scenario for both places a command can work. */
function scenario(
  run: (args: string[]) => ReturnType<typeof runCli>,
  withDb: <T>(f: (db: Database) => Promise<T>) => Promise<T>,
) {
  it(
    "promotes a version that passes the gate, printing the verdict and its evidence",
    async () => {
      const res = await run(["promote", MODEL, "--version", "1"]);
      expect(res.stderr).toBe("");
      expect(res.code).toBe(0);
      expect(res.stdout).toContain("production moved from no version to v1");
      expect(res.stdout).toContain("Gate: passed on test auc");
      expect(res.stdout).toMatch(/✓ test auc 0\.91 must be at least the deploy threshold 0\.8/);
      expect(res.stdout).toMatch(/✓ test auc 0\.91 must beat baseline "logistic" \(0\.86\)/);
      expect(await withDb(aliasOf)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "refuses a version that fails the gate: exit 1, the failed rule named, the alias unchanged",
    async () => {
      const res = await run(["promote", MODEL, "--version", "2"]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Refused: Version 2 of "fraud" does not pass the production gate');
      expect(res.stderr).toMatch(/✗ test auc 0\.74 must be at least the deploy threshold 0\.8/);
      expect(res.stderr).toMatch(/✗ test auc 0\.74 must beat baseline "logistic" \(0\.86\)/);
      expect(res.stderr).toContain("--force --reason");
      expect(await withDb(aliasOf)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "refuses --force without --reason before touching anything (exit 2)",
    async () => {
      const res = await run(["promote", MODEL, "--version", "2", "--force"]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("--reason: is required when force is true");
      expect(await withDb(aliasOf)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "--force --reason overrides the gate and records the reason in the audit",
    async () => {
      const res = await run(["promote", MODEL, "--version", "2", "--force", "--reason", "risk team accepts v2 for the holiday"]);
      expect(res.stderr).toBe("");
      expect(res.code).toBe(0);
      expect(res.stdout).toContain("Gate: FAILED");
      expect(res.stdout).toContain(
        "Forced past the failed gate; reason recorded in the audit: risk team accepts v2 for the holiday",
      );
      const audit = await withDb((db) =>
        db.prisma.auditEvent.findFirst({ where: { kind: "model.alias_moved", modelName: MODEL }, orderBy: { id: "desc" } }),
      );
      expect(audit).toMatchObject({
        before: { version: 1 },
        after: { version: 2, forced: true, reason: "risk team accepts v2 for the holiday", gatePassed: false },
      });
      expect(await withDb(aliasOf)).toBe(2);
    },
    TIMEOUT,
  );

  it(
    "rolls back to the version the alias held before, through the gate",
    async () => {
      const res = await run(["rollback", MODEL, "--reason", "v2 misses its SLA"]);
      expect(res.stderr).toBe("");
      expect(res.code).toBe(0);
      expect(res.stdout).toContain("production moved from v2 to v1");
      expect(res.stdout).toContain("Gate: passed");
      expect(await withDb(aliasOf)).toBe(1);
      // The last move was 2 → 1, so the next rollback returns to v2, which the gate refuses.
      const again = await run(["rollback", MODEL]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("Refused: Version 2");
      expect(await withDb(aliasOf)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "refuses a rollback of an alias that was never moved",
    async () => {
      const res = await run(["rollback", MODEL, "--alias", "staging"]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('The "staging" alias of "fraud" has never been moved; nothing to roll back to');
    },
    TIMEOUT,
  );
}

/** A rollout through the same command: a canary through the gate, then its end. */
function rolloutScenario(
  run: (args: string[]) => ReturnType<typeof runCli>,
  withDb: <T>(f: (db: Database) => Promise<T>) => Promise<T>,
) {
  it(
    "starts a canary through the gate and ends the rollout",
    async () => {
      const started = await run(["promote", MODEL, "--version", "3", "--canary", "10"]);
      expect(started.stderr).toBe("");
      expect(started.code).toBe(0);
      expect(started.stdout).toContain("fraud: canary rollout on production: v3 answers 10% of requests; v1 answers the rest.");
      expect(started.stdout).toContain("Gate: passed on test auc");
      const policy = await withDb((db) => db.prisma.trafficPolicy.findFirst({ include: { challenger: true } }));
      expect(policy).toMatchObject({ mode: "canary", percent: 10, challenger: { version: 3 } });
      const ended = await run(["promote", MODEL, "--end-rollout"]);
      expect(ended.code).toBe(0);
      expect(ended.stdout).toContain("canary rollout of v3 on production ended; v1 answers alone.");
      expect(await withDb((db) => db.prisma.trafficPolicy.count())).toBe(0);
    },
    TIMEOUT,
  );
}

describe("against the local database", () => {
  let target: ServerBackend;
  let work: string;
  beforeAll(async () => {
    target = backend === "postgres" ? await postgresBackend() : await pgliteBackend("tidemark-promote-");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-promote-work-"));
    const db = await target.open();
    await applyMigrations(db.sql);
    await seedVersions(db);
    await db.close();
  });
  afterAll(async () => {
    await target?.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  });
  // The embedded database admits one process at a time: the test opens it only between commands.
  const withDb = async <T>(f: (db: Database) => Promise<T>): Promise<T> => {
    const db = await target.open();
    try {
      return await f(db);
    } finally {
      await db.close();
    }
  };
  scenario((args) => runCli(args, { env: target.env, cwd: work }), withDb);
  rolloutScenario((args) => runCli(args, { env: target.env, cwd: work }), withDb);
});

describe("against a running server (--server URL --key KEY)", () => {
  let db: Database;
  let key: string;
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    key = (await createKeys(db)).admin;
    await seedVersions(db);
    server = await startRouteServer([
      { method: "PUT", path: /^\/api\/v1\/models\/(?<name>[^/]+)\/aliases\/(?<alias>[^/]+)$/, handler: aliasRoute.PUT as never },
      { method: "GET", path: /^\/api\/v1\/models\/(?<name>[^/]+)$/, handler: modelRoute.GET as never },
      { method: "PUT", path: TRAFFIC, handler: trafficRoute.PUT as never },
      { method: "DELETE", path: TRAFFIC, handler: trafficRoute.DELETE as never },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  // No local database at all: the commands must work through the server alone.
  const overHttp = (args: string[]) =>
    runCli([...args, "--server", server.url, "--key", key], { env: { TIDEMARK_DATA_DIR: "/nonexistent" } });
  scenario(overHttp, (f) => f(db));
  rolloutScenario(overHttp, (f) => f(db));
});
