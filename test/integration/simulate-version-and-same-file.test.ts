// `tidemark simulate --version N` sends the traffic to that version, as the predict API selects it
// (`?version=N`), not to the production alias's, both live through a server and as past hours into
// the local database. Re-registering a byte-identical ONNX file makes a version with a notice
// naming the earlier one (API field `sameFileAs` and the CLI's message).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as versionRoute from "@/app/api/v1/models/[name]/versions/[version]/route";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import type { Database } from "@/lib/db/open-database";
import { moveAlias } from "@/lib/registry/move-alias";
import { callRoute } from "../helpers/call-route";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { startRouteServer } from "../helpers/route-server";
import { runCli } from "../helpers/run-cli";
import { openTestDatabase } from "../helpers/test-database";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let work: string;

const register = (name: string, manifest: unknown) =>
  callRoute(versionsRoute.POST, { params: { name }, key: keys.admin, body: registrationForm(binaryModelBytes(), manifest) });

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-simulate-version-"));
  fs.writeFileSync(
    path.join(work, "traffic.csv"),
    `amount,country,is_new\n${Array.from({ length: 20 }, (_, i) => `${10 * i},${["US", "DE", "FR"][i % 3]},${i % 2 === 0}`).join("\n")}\n`,
  );
});
afterAll(async () => {
  await db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("re-registering a byte-identical ONNX file", () => {
  it("makes a new version whose answer names the earlier one and whether the manifest changed", async () => {
    const first = await register("same-file", binaryManifest());
    expect(first.status).toBe(201);
    expect(first.json.sameFileAs).toBeNull();
    const repeat = await register("same-file", binaryManifest());
    expect(repeat.json).toMatchObject({ version: 2, sameFileAs: { version: 1, manifestChanged: false } });
    const retuned = await register("same-file", binaryManifest({ outputs: { classes: ["legit", "fraud"], threshold: 0.3 } }));
    expect(retuned.json).toMatchObject({ version: 3, sameFileAs: { version: 2, manifestChanged: true } });
  });

  it("tidemark register says so, naming the version", async () => {
    const server = await startRouteServer([
      { method: "POST", path: /^\/api\/v1\/models\/(?<name>[^/]+)\/versions$/, handler: versionsRoute.POST as never },
    ]);
    try {
      fs.writeFileSync(path.join(work, "model.onnx"), binaryModelBytes());
      fs.writeFileSync(path.join(work, "manifest.json"), JSON.stringify(binaryManifest()));
      const args = ["register", "--model", "model.onnx", "--manifest", "manifest.json", "--name", "cli-same"];
      const cli = () => runCli([...args, "--server", server.url, "--key", keys.admin], { cwd: work });
      const first = await cli();
      expect(first.code).toBe(0);
      expect(first.stdout).not.toContain("byte-identical");
      const second = await cli();
      expect(second.stderr).toBe("");
      expect(second.code).toBe(0);
      expect(second.stdout).toContain("Registered cli-same version 2");
      expect(second.stdout).toContain(
        "Note: the ONNX file is byte-identical to version 1's (same sha256); the manifest is the same too, so version 2 repeats version 1.",
      );
      expect(second.stdout).toContain(`Next: tidemark promote cli-same --version 2 --server ${server.url} --key $KEY`);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe("tidemark simulate --version", () => {
  beforeAll(async () => {
    await register("sim", binaryManifest());
    await register("sim", binaryManifest());
    await moveAlias(db.prisma, { name: "sim", alias: "production", input: { version: 1 }, actor: "test" });
  });

  const loggedPerVersion = async () =>
    Object.fromEntries(
      (
        await db.sql.query<{ version: number; n: number }>(
          `SELECT v.version, count(*)::int AS n FROM predictions p JOIN model_versions v ON v.id = p.model_version_id
           JOIN models m ON m.id = v.model_id WHERE m.name = 'sim' GROUP BY v.version`,
        )
      ).map((r) => [r.version, r.n]),
    );

  it("live: sends every prediction to the named version, not production's", async () => {
    const server = await startRouteServer([
      { method: "GET", path: /^\/api\/v1\/models\/(?<name>[^/]+)$/, handler: modelRoute.GET as never },
      {
        method: "GET",
        path: /^\/api\/v1\/models\/(?<name>[^/]+)\/versions\/(?<version>[^/]+)$/,
        handler: versionRoute.GET as never,
      },
      { method: "POST", path: /^\/api\/v1\/models\/(?<name>[^/]+)\/predict$/, handler: predictRoute.POST as never },
    ]);
    try {
      const res = await runCli(
        ["simulate", "--model", "sim", "--version", "2", "--data", "traffic.csv", "--server", server.url, "--key", keys.admin],
        { cwd: work },
      );
      expect(res.stderr).toBe("");
      expect(res.code).toBe(0);
      expect(res.stdout).toContain("into sim v2");
      expect(await loggedPerVersion()).toEqual({ 2: 20 });
      // Without --version: the production alias's version, as before.
      const production = await runCli(
        ["simulate", "--model", "sim", "--data", "traffic.csv", "--server", server.url, "--key", keys.admin, "--rows", "5"],
        { cwd: work },
      );
      expect(production.code).toBe(0);
      expect(await loggedPerVersion()).toEqual({ 1: 5, 2: 20 });
    } finally {
      await server.close();
    }
  }, 120_000);

  it("refuses a version that is not a number before any work (exit 2)", async () => {
    const bad = await runCli(
      ["simulate", "--model", "sim", "--version", "two", "--data", "traffic.csv", "--key", "k", "--history", "1h"],
      {
        cwd: work,
      },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--version two: give a version number");
  }, 60_000);
});
