import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { runCli } from "../helpers/run-cli";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-sim-"));
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("tidemark simulate", () => {
  it("replays a file with drift from half-way, then posts its labels as outcomes and positives as events", async () => {
    const db = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "db") });
    await applyMigrations(db.sql);
    const key = (await createApiKey(db.prisma, { name: "sim", scopes: ["predict", "read", "ingest"] }, "test")).token;
    await registerModelVersion(db, {
      modelName: "fraud",
      onnx: binaryModelBytes(),
      manifest: binaryManifest(),
      actor: "test",
      maxBytes: 1e8,
    });
    await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "test" });
    await db.close();

    const csv = [
      "amount,country,is_new,label",
      ...Array.from(
        { length: 200 },
        (_, i) => `${i % 50},${["US", "DE", "FR"][i % 3]},${i % 2 === 0},${i % 4 === 0 ? "fraud" : "legit"}`,
      ),
    ].join("\n");
    const file = path.join(dataDir, "traffic.csv");
    fs.writeFileSync(file, csv);
    server = await startNextServer({ TIDEMARK_DATA_DIR: path.join(dataDir, "db") });
    const res = await runCli(
      [
        "simulate",
        "--model",
        "fraud",
        "--data",
        file,
        "--server",
        server.url,
        "--key",
        key,
        "--rate",
        "2000",
        "--batch",
        "20",
        "--drift",
        "amount+=30@0.5",
        "--target",
        "label",
        "--outcomes-after",
        "0s",
        "--events",
        "conversion",
      ],
      { cwd: dataDir },
    );
    expect(res.stderr).toBe("");
    expect(res.stdout).toContain("Done: 200 predictions, 200 outcomes");
    await server.kill();
    server = undefined;

    const check = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "db") });
    try {
      const rows = await check.sql.query<{ entity_id: string; amount: number }>(
        `SELECT entity_id, (features->>'amount')::float8 AS amount FROM predictions ORDER BY entity_id`,
      );
      expect(rows).toHaveLength(200);
      const byRow = new Map(rows.map((r) => [Number(r.entity_id.split("-").at(-1)), r.amount]));
      expect(byRow.get(99)).toBe(99 % 50);
      expect(byRow.get(100)).toBe((100 % 50) + 30);
      expect(byRow.get(199)).toBe((199 % 50) + 30);
      const outcomes = await check.prisma.outcome.findMany();
      expect(outcomes).toHaveLength(200);
      expect(outcomes.filter((o) => o.label === "fraud")).toHaveLength(50);
      expect(await check.prisma.businessEvent.count({ where: { name: "conversion" } })).toBe(50);
    } finally {
      await check.close();
    }
  });

  it("refuses a bad drift spec before sending anything", async () => {
    const res = await runCli(
      ["simulate", "--model", "m", "--data", "x.csv", "--server", "http://127.0.0.1:9", "--key", "k", "--drift", "amount+=3"],
      { cwd: dataDir },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--drift: drift "amount+=3": end with @FRACTION between 0 and 1');
  });
});
