import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/open-database";
import { runCli } from "../helpers/run-cli";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

let work: string;
let dataDir: string;
let modelFile: string;
let manifestFile: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-cli-"));
  dataDir = path.join(work, "data");
  modelFile = path.join(work, "model.onnx");
  manifestFile = path.join(work, "manifest.json");
  fs.writeFileSync(modelFile, binaryModelBytes());
  fs.writeFileSync(manifestFile, JSON.stringify(binaryManifest()));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const env = () => ({ TIDEMARK_DATA_DIR: dataDir });
const secretOf = (stdout: string) => /(tm_[a-f0-9]{16}_[A-Za-z0-9_-]{43})/.exec(stdout)?.[1];

describe("tidemark CLI on the embedded database", () => {
  let adminKey: string;
  let server: RunningServer | undefined;
  afterAll(async () => server?.kill());

  it("creates keys, printing the secret once, and refuses bad input clearly", async () => {
    const created = await runCli(["keys", "create", "--name", "ops", "--scopes", "admin"], { env: env(), cwd: work });
    expect(created.code).toBe(0);
    adminKey = secretOf(created.stdout)!;
    expect(adminKey).toBeDefined();

    const listed = await runCli(["keys", "list"], { env: env(), cwd: work });
    expect(listed.stdout).toMatch(/^ops\tadmin\tactive$/m);
    expect(listed.stdout).not.toContain(adminKey);

    const bad = await runCli(["keys", "create", "--name", "x", "--scopes", "predict,everything"], { env: env(), cwd: work });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("scopes.1: scope must be one of predict, ingest, read, admin");

    const usage = await runCli(["keys", "create", "--name", "x"], { env: env(), cwd: work });
    expect(usage.code).toBe(2);
    // The usage comes from the command's one option table (cli/command-spec.ts), with what is missing.
    expect(usage.stderr).toContain("keys create needs --name and --scopes");
    expect(usage.stderr).toContain("Usage: tidemark keys create --name NAME --scopes SCOPES");
  });

  it("registers a version locally", async () => {
    const res = await runCli(["register", "--model", modelFile, "--manifest", manifestFile, "--name", "fraud"], {
      env: env(),
      cwd: work,
    });
    expect(res.stderr).toBe("");
    expect(res.stdout).toMatch(/^Registered fraud version 1 \(sha256 [0-9a-f]{12}…\)\.$/m);
  });

  it("exits non-zero with every bad setting listed", async () => {
    const res = await runCli(["keys", "list"], {
      env: { TIDEMARK_DATA_DIR: dataDir, TIDEMARK_LOG_MODE: "sometimes", TIDEMARK_MAX_BATCH: "-3" },
      cwd: work,
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("TIDEMARK_MAX_BATCH: TIDEMARK_MAX_BATCH must be greater than 0");
    expect(res.stderr).toContain("TIDEMARK_LOG_MODE: TIDEMARK_LOG_MODE must be one of durable, async, off");
  });

  it("fails fast while the server holds the embedded database, and works over HTTP instead", async () => {
    server = await startNextServer(env());
    const started = Date.now();
    const locked = await runCli(["keys", "list"], { env: env(), cwd: work });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(
      /The embedded database in .* is open in another process \(pid \d+, usually the Tidemark server\)/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);

    const remote = await runCli(
      [
        "register",
        "--model",
        modelFile,
        "--manifest",
        manifestFile,
        "--name",
        "fraud",
        "--server",
        server.url,
        "--key",
        adminKey,
      ],
      { env: env(), cwd: work },
    );
    expect(remote.stderr).toBe("");
    expect(remote.stdout).toMatch(/^Registered fraud version 2 /m);

    const refused = await runCli(
      [
        "register",
        "--model",
        modelFile,
        "--manifest",
        manifestFile,
        "--name",
        "bad name!",
        "--server",
        server.url,
        "--key",
        adminKey,
      ],
      { env: env(), cwd: work },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Invalid model name (validation_failed)");
    await server.kill();
    server = undefined;

    // The server's lock is gone with it: local commands work again and see both versions.
    const db = await openDatabase({ kind: "pglite", dataDir });
    const versions = await db.prisma.modelVersion.findMany({
      orderBy: { version: "asc" },
      select: { version: true, registeredBy: true },
    });
    await db.close();
    expect(versions).toEqual([
      { version: 1, registeredBy: `cli:${os.userInfo().username}` },
      { version: 2, registeredBy: "key:ops" },
    ]);
  });

  it("revokes a key", async () => {
    const res = await runCli(["keys", "revoke", "ops"], { env: env(), cwd: work });
    expect(res.stdout).toContain('Revoked API key "ops".');
    const listed = await runCli(["keys", "list"], { env: env(), cwd: work });
    expect(listed.stdout).toMatch(/^ops\tadmin\trevoked /m);
  });
});

describe("server start-up", () => {
  it("refuses to start with a bad setting, naming it", async () => {
    await expect(startNextServer({ TIDEMARK_DATA_DIR: path.join(work, "other"), DATABASE_URL: "mysql://nope" })).rejects.toThrow(
      /DATABASE_URL: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });
});
