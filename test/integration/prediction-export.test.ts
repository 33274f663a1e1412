import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, SqlRunner } from "@/lib/db/open-database";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { ensureDayPartition, dayStart } from "@/lib/prediction-log/partitions";
import { exportPredictionsCsv } from "@/lib/prediction-log/export-predictions";
import { searchPredictions } from "@/lib/prediction-log/search-predictions";
import { errorResponse } from "@/lib/api/route-handler";
import { openTestDatabase } from "../helpers/test-database";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { insertSyntheticPredictions } from "../helpers/bulk-log";
import { versionId } from "../helpers/alert-fixtures";

// The CSV export of the prediction log over real rows: cells that spreadsheets would run as
// formulas are neutralised, keyset pages return every row exactly once (ties on created_at too),
// a deep page reads no more rows than it returns, and a caller runs at most two exports at once.

let db: Database;
const DAY = Date.UTC(2026, 10, 2);
const from = new Date(DAY);
const to = new Date(DAY + 86_400_000);
const versions: Record<string, string> = {};

async function insertRow(sql: SqlRunner, options: { id: string; at: number; version: string; entityId?: string }) {
  await sql.query(
    `INSERT INTO predictions (id, created_at, model_version_id, entity_id, features, output, latency_ms) VALUES ($1::uuid, $2::timestamptz, $3::uuid, $4, '{"amount":1}', '{"label":"fraud"}', 1.5)`,
    [options.id, new Date(options.at).toISOString(), options.version, options.entityId ?? null],
  );
}

const uuid = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;

beforeAll(async () => {
  db = await openTestDatabase();
  for (const [model, count] of [
    ["fraud", 2],
    ["churn", 1],
  ] as const) {
    for (let i = 0; i < count; i++)
      await registerModelVersion(db, {
        modelName: model,
        onnx: binaryModelBytes(),
        manifest: binaryManifest(),
        actor: "cli:test",
        maxBytes: 1e8,
      });
  }
  versions.fraud1 = await versionId(db, "fraud", 1);
  versions.fraud2 = await versionId(db, "fraud", 2);
  versions.churn1 = await versionId(db, "churn", 1);
  await ensureDayPartition(db.sql, dayStart(DAY));
  // 60 rows in 20 distinct milliseconds (three per millisecond: ties the cursor must break by id),
  // spread over the three versions.
  const ids = [versions.fraud1, versions.fraud2, versions.churn1];
  for (let i = 0; i < 60; i++)
    await insertRow(db.sql, { id: uuid(i + 1), at: DAY + 3_600_000 + Math.floor(i / 3), version: ids[i % 3] });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

async function readAll(response: Response): Promise<string[][]> {
  const text = await response.text();
  return text
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","));
}

describe("prediction export", () => {
  it("prefixes cells that start with = + - @, tab or carriage return with a single quote", async () => {
    const hostile = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "plain-=x"];
    for (const [i, entityId] of hostile.entries())
      await insertRow(db.sql, { id: uuid(1000 + i), at: DAY + 7_200_000 + i, version: versions.churn1, entityId });
    const response = exportPredictionsCsv(db.sql, {
      caller: "test:csv",
      search: { from: new Date(DAY + 7_200_000), to: new Date(DAY + 7_300_000) },
      filename: "x.csv",
    });
    const text = await response.text();
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const cells = text
      .split("\n")
      .slice(1, -1)
      .map((line) => line.match(/^[^,]+,[^,]+,churn,1,(.*),1\.5,/s)?.[1]);
    expect(cells.reverse()).toEqual([
      `"'=HYPERLINK(""http://evil.example"")"`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tcmd",
      '"\'\rcmd"',
      "plain-=x",
    ]);
  });

  it.each([
    ["every model", {}, 60],
    ["one model (two versions)", { model: "fraud" }, 40],
    ["one version", { model: "fraud", version: 2 }, 20],
  ])("pages through %s: each row once, newest first, ties broken by id", async (_what, filter, expected) => {
    const search = { from, to: new Date(DAY + 7_000_000), ...filter };
    const rows = await readAll(exportPredictionsCsv(db.sql, { caller: "test:pages", search, filename: "x.csv", pageSize: 7 }));
    const ids = rows.map((r) => r[0]);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    const keys = rows.map((r) => `${r[1]} ${r[0]}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it("runs two exports per caller at a time: the third gets 429 with Retry-After until one ends", async () => {
    const start = (caller: string) =>
      exportPredictionsCsv(db.sql, { caller, search: { from, to }, filename: "x.csv", pageSize: 5 });
    const first = start("key:ops");
    const second = start("key:ops");
    let refused: Response | null = null;
    try {
      start("key:ops");
    } catch (error) {
      refused = errorResponse(error);
    }
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get("retry-after")).toBe("5");
    expect(await refused?.json()).toEqual({
      error: { code: "too_many_requests", message: "At most 2 exports run at a time per user; retry when one has finished" },
    });
    // Another caller is not held up.
    await start("key:other").text();

    // A client that goes away frees its slot, and so does a finished download.
    await first.body!.cancel();
    const third = start("key:ops");
    expect(() => start("key:ops")).toThrow(/At most 2 exports/);
    await second.text();
    await third.text();
    await Promise.all([start("key:ops").text(), start("key:ops").text()]);
  });

  it("reads no more rows for a deep page than for the first (EXPLAIN ANALYZE)", async () => {
    // Enough rows that the planner uses indexes as on a real log: 3 × 12,000 over the day.
    for (const [key, seed] of [
      ["fraud1", 1],
      ["fraud2", 2],
      ["churn1", 3],
    ] as const) {
      await insertSyntheticPredictions(db, {
        versionId: versions[key],
        start: new Date(DAY + 10 * 3_600_000),
        spanMs: 12 * 3_600_000,
        rows: 12_000,
        features: [{ name: "amount", mean: 50, sd: 10 }],
        seed,
      });
    }
    await db.sql.query("ANALYZE predictions");
    const explaining: SqlRunner = {
      ...db.sql,
      query: <Row>(text: string, params?: unknown[]) => db.sql.query<Row>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params),
    };
    type PlanNode = {
      "Node Type": string;
      "Relation Name"?: string;
      "Actual Rows": number;
      "Actual Loops": number;
      "Rows Removed by Filter"?: number;
      Plans?: PlanNode[];
    };
    const rowsRead = async (search: Parameters<typeof searchPredictions>[1]) => {
      const [row] = (await searchPredictions(explaining, search)) as unknown as { "QUERY PLAN": [{ Plan: PlanNode }] | string }[];
      const plan = (typeof row["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row["QUERY PLAN"])[0]
        .Plan as PlanNode;
      let total = 0;
      const walk = (node: PlanNode) => {
        if (node["Relation Name"]?.startsWith("predictions"))
          total += (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"];
        node.Plans?.forEach(walk);
      };
      walk(plan);
      return total;
    };
    const limit = 500;
    for (const filter of [{}, { model: "fraud" }, { model: "churn" }, { model: "fraud", version: 1 }]) {
      const first = await rowsRead({ from, to, limit, ...filter });
      // A cursor mid-day: half of each version's 12,000 rows lie below it.
      const [cursor] = await searchPredictions(db.sql, { from, to: new Date(DAY + 16 * 3_600_000), limit: 1, ...filter });
      const deep = await rowsRead({ from, to, limit, beforeTime: new Date(cursor.created_at), beforeId: cursor.id, ...filter });
      // A small multiple of the page whatever the depth (an index walk may step over other versions'
      // rows); filtering the whole range below the cursor and sorting it would read 6,000 to 24,000.
      expect({ filter, first: first <= 8 * limit, deep: deep <= 8 * limit }).toEqual({ filter, first: true, deep: true });
    }
  }, 120_000);
});
