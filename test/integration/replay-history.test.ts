// lib/simulation/replay-history.ts (`tidemark simulate --history`, the demo's history phase):
// predictions logged at their own past times through the predict code, drift by progress, labels
// and events arriving later, request counters in the replayed minutes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { authenticate, type Caller } from "@/lib/auth/authenticate";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { parseDriftSpec } from "@/lib/simulation/drift-spec";
import { HistoryReplayError, replayHistory } from "@/lib/simulation/replay-history";
import { loadTable } from "@/lib/training/data/load-table";
import type { Table } from "@/lib/training/table";
import { openTestDatabase } from "../helpers/test-database";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

const HOUR = 3_600_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-replay-"));
let db: Database;
let caller: Caller;
let table: Table;

beforeAll(async () => {
  db = await openTestDatabase();
  const token = (await createApiKey(db.prisma, { name: "replayer", scopes: ["predict", "ingest"] }, "test")).token;
  caller = await authenticate(db.prisma, `Bearer ${token}`, "predict");
  await registerModelVersion(db, {
    modelName: "fraud",
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "test",
    maxBytes: 1e8,
  });
  await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "test" });
  // 40 rows, replayed 1.5 times: row r has amount r and is fraud when r % 4 === 0.
  const csv = [
    "amount,country,is_new,label",
    ...Array.from(
      { length: 40 },
      (_, r) => `${r},${["US", "DE", "FR"][r % 3]},${r % 2 === 0},${r % 4 === 0 ? "fraud" : "legit"}`,
    ),
  ];
  fs.writeFileSync(path.join(dir, "traffic.csv"), csv.join("\n") + "\n");
  table = (await loadTable(path.join(dir, "traffic.csv"))).table;
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("replayHistory", () => {
  it("logs each hour's predictions inside that hour, drifted from the given progress, with labels and events arriving later", async () => {
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);
    const result = await replayHistory(db, {
      model: "fraud",
      table,
      hours: 3,
      rowsPerHour: 20,
      end,
      drift: parseDriftSpec("amount+=1000@0.5"),
      target: "label",
      outcomesAfterMs: 30 * 60_000,
      eventName: "conversion",
      caller,
      batch: 7,
      entityPrefix: "h",
    });
    expect(result).toMatchObject({
      predictions: 60,
      outcomes: 60,
      version: 1,
      from: new Date(end.getTime() - 3 * HOUR),
      to: end,
    });

    const rows = await db.sql.query<{ entity_id: string; created_at: Date; amount: number; api_key_id: string }>(
      `SELECT entity_id, created_at, (features->>'amount')::float8 AS amount, api_key_id::text AS api_key_id FROM predictions ORDER BY created_at, entity_id`,
    );
    expect(rows).toHaveLength(60);
    const index = (r: { entity_id: string }) => Number(r.entity_id.slice(2));
    for (const r of rows) {
      const i = index(r);
      const hourStart = end.getTime() - 3 * HOUR + Math.floor(i / 20) * HOUR;
      expect(new Date(r.created_at).getTime()).toBeGreaterThanOrEqual(hourStart);
      expect(new Date(r.created_at).getTime()).toBeLessThan(hourStart + HOUR);
      // Rows are reused from the top once the table runs out; the drift starts at row 30 of 60.
      expect(r.amount).toBe((i % 40) + (i >= 30 ? 1000 : 0));
      expect(r.api_key_id).toBe(caller.keyId);
    }

    const outcomes = await db.sql.query<{ label: string; observed_at: Date; created_at: Date }>(
      `SELECT o.label, o.observed_at, p.created_at FROM outcomes o JOIN predictions p ON p.id = o.prediction_id`,
    );
    expect(outcomes).toHaveLength(60);
    for (const o of outcomes) expect(new Date(o.observed_at).getTime() - new Date(o.created_at).getTime()).toBe(30 * 60_000);
    const frauds = Array.from({ length: 60 }, (_, i) => i % 40).filter((r) => r % 4 === 0).length;
    expect(outcomes.filter((o) => o.label === "fraud")).toHaveLength(frauds);
    expect(result.events).toBe(frauds);
    expect(await db.prisma.businessEvent.count({ where: { name: "conversion" } })).toBe(frauds);

    // The request counters sit in the replayed minutes, not in the minute the replay ran.
    const stats = await db.sql.query<{ minute: Date; records: number }>(
      `SELECT minute, records FROM request_stats WHERE model_name = 'fraud'`,
    );
    expect(stats.reduce((sum, s) => sum + Number(s.records), 0)).toBe(60);
    for (const s of stats) expect(new Date(s.minute).getTime()).toBeLessThan(end.getTime());
  });

  it("refuses a replay that would end in the future, off a whole hour, or with no hours", async () => {
    const base = { model: "fraud", table, rowsPerHour: 1, drift: [], outcomesAfterMs: 0, caller, batch: 1, entityPrefix: "x" };
    const nextHour = new Date(Math.ceil(Date.now() / HOUR) * HOUR + HOUR);
    await expect(replayHistory(db, { ...base, hours: 1, end: nextHour })).rejects.toThrow(
      new HistoryReplayError("end must not be in the future: predictions cannot be logged ahead of the clock"),
    );
    await expect(replayHistory(db, { ...base, hours: 1, end: new Date(nextHour.getTime() - 3 * HOUR + 60_000) })).rejects.toThrow(
      "end must be a whole UTC hour",
    );
    await expect(replayHistory(db, { ...base, hours: 0 })).rejects.toThrow("hours must be a whole number of at least 1");
  });
});
