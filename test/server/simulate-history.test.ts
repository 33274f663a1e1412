// `tidemark simulate --history`: the command line around lib/simulation/replay-history.ts, against
// an embedded database folder, as a user runs it before starting the server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { runCli } from "../helpers/run-cli";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-history-"));
const dataDir = path.join(dir, "db");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("tidemark simulate --history", () => {
  it("replays past hours into the local database, and refuses bad options with the option named", async () => {
    const db = await openDatabase({ kind: "pglite", dataDir });
    await applyMigrations(db.sql);
    const key = (await createApiKey(db.prisma, { name: "sim", scopes: ["predict", "ingest"] }, "test")).token;
    const readOnly = (await createApiKey(db.prisma, { name: "reader", scopes: ["read"] }, "test")).token;
    await registerModelVersion(db, {
      modelName: "fraud",
      onnx: binaryModelBytes(),
      manifest: binaryManifest(),
      actor: "test",
      maxBytes: 1e8,
    });
    await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "test" });
    await db.close();
    const file = path.join(dir, "traffic.csv");
    fs.writeFileSync(
      file,
      [
        "amount,country,is_new,label",
        ...Array.from(
          { length: 50 },
          (_, i) => `${i},${["US", "DE", "FR"][i % 3]},${i % 2 === 0},${i % 5 === 0 ? "fraud" : "legit"}`,
        ),
      ].join("\n"),
    );
    const env = { TIDEMARK_DATA_DIR: dataDir };
    const base = ["simulate", "--model", "fraud", "--data", file];

    const ok = await runCli(
      [
        ...base,
        "--key",
        key,
        "--history",
        "3h",
        "--rows-per-hour",
        "40",
        "--target",
        "label",
        "--outcomes-after",
        "10m",
        "--events",
        "conversion",
      ],
      { env },
    );
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    const done = /Done: 120 predictions into v1, 120 outcomes, 24 events, (\S+) → (\S+)\./.exec(ok.stdout);
    expect(done, ok.stdout).not.toBeNull();
    const end = Date.parse(done![2]);
    expect(end % 3_600_000).toBe(0);

    const bad = [
      { args: ["--key", key, "--history", "3"], message: "--history 3: give whole hours, e.g. 24h" },
      {
        args: ["--key", key, "--history", "3h", "--server", "http://127.0.0.1:1"],
        message: "--history replays into the local database; leave out --server.",
      },
      {
        args: ["--key", key, "--history", "3h", "--rows-per-hour", "0"],
        message: "--rows-per-hour must be a whole number of at least 1",
      },
      {
        args: ["--key", key, "--history", "3h", "--drift", "amount+=3"],
        message: '--drift: drift "amount+=3": end with @FRACTION',
      },
      { args: ["--key", readOnly, "--history", "3h"], message: 'This API key lacks the "predict" scope' },
    ];
    for (const b of bad) {
      const res = await runCli([...base, ...b.args], { env });
      expect(res.code, b.message).not.toBe(0);
      expect(res.stderr).toContain(b.message);
    }

    const check = await openDatabase({ kind: "pglite", dataDir });
    try {
      const hours = await check.sql.query<{ hour: Date; n: number }>(
        `SELECT date_trunc('hour', created_at) AS hour, count(*)::int AS n FROM predictions GROUP BY 1 ORDER BY 1`,
      );
      expect(hours.map((h) => [new Date(h.hour).getTime(), h.n])).toEqual([3, 2, 1].map((k) => [end - k * 3_600_000, 40]));
    } finally {
      await check.close();
    }
  });
});
