// Drift bench — the monitoring jobs against the prediction log, measured side by side in one run:
//   1. 1M logged predictions × 20 features, 24 hourly windows: the drift job against one sequential
//      scan of those rows aggregating every feature once (goal ≤ 1.5×), rounds interleaved so
//      machine load hits both alike — as scheduled (hourly profiles kept up to date as rows
//      arrive) and from cold (every row profiled first, a one-time backfill);
//   2. the drift job over the same 24 windows at 100k and 1M rows (goal ≤ 1.3×, thanks to profiles);
//   3. the peak memory of the job from cold at 1M vs 100k rows (goal ≤ 1.2×);
//   4. profile building in rows/s against the log's insert throughput (the batch writer, 16
//      concurrent durable writers): profiling must keep up with ingest.
// Every measurement runs in a fresh process (JS heap capped at BENCH_HEAP_MB, default 192), so
// memory figures are the job's own. Uses
// DATABASE_URL's server (in a database it creates and drops) or, unset, embedded PGlite.
//   npx tsx --conditions=react-server test/bench/drift-bench.ts      (BENCH_ROUNDS, default 2)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { PredictionBatchWriter } from "@/lib/prediction-log/batch-writer";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { runProfileJob } from "@/jobs/monitoring/profile-job";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { createServerDatabase } from "../helpers/test-database";
import { insertSyntheticPredictions } from "../helpers/bulk-log";
import { MEAN, SD, sumManifest, sumModelBytes } from "../helpers/large-sample-model";
import { seededRandom } from "../helpers/seeded-random";

const FEATURES = Array.from({ length: 20 }, (_, i) => `f${String(i + 1).padStart(2, "0")}`);
const START = new Date(Date.UTC(2026, 10, 1));
const HOURS = 24;
const END = new Date(START.getTime() + HOURS * 3_600_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SIZES = { "bench-100k": 100_000, "bench-1m": 1_000_000 } as const;
const HEAP_CAP_MB = Number(process.env.BENCH_HEAP_MB ?? 192);
type ModelName = keyof typeof SIZES;

type Target = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
const open = (t: Target) =>
  t.kind === "postgres" ? openDatabase({ kind: "postgres", url: t.url }) : openDatabase({ kind: "pglite", dataDir: t.dataDir });

async function versionId(db: Database, model: string): Promise<string> {
  const [row] = await db.sql.query<{ id: string }>(
    `SELECT v.id::text AS id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = $1`,
    [model],
  );
  return row.id;
}

async function forgetMonitoring(db: Database, id: string, what: "all" | "results") {
  for (const table of ["drift_results", "drift_windows", "quality_results"])
    await db.sql.query(`DELETE FROM ${table} WHERE model_version_id = $1::uuid`, [id]);
  if (what === "all") {
    await db.sql.query(`DELETE FROM production_profiles WHERE model_version_id = $1::uuid`, [id]);
    await db.sql.query(`DELETE FROM profile_watermarks WHERE model_version_id = $1::uuid`, [id]);
  }
}

/** Peak JS heap while `work` runs, sampled; the process's peak RSS comes from the OS at the end. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; heapMB: number }> {
  let heap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (heap = Math.max(heap, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { value, ms, heapMB: Math.max(heap, process.memoryUsage().heapUsed) / 2 ** 20 };
}

/** One measurement, in this (fresh) process; prints a JSON line. */
async function child(kind: string, model: ModelName, target: Target) {
  const db = await open(target);
  const id = await versionId(db, model);
  let result: Record<string, number>;
  if (kind === "scan") {
    const aggregates = FEATURES.map((f) => `avg((features->>'${f}')::float8)`).join(", ");
    const { ms } = await measured(() =>
      db.sql.query(
        `SELECT count(*), ${aggregates} FROM predictions WHERE model_version_id = $1::uuid AND created_at >= $2 AND created_at < $3`,
        [id, START, END],
      ),
    );
    result = { ms };
  } else {
    await forgetMonitoring(db, id, kind === "cold" ? "all" : "results");
    const now = new Date(END.getTime() + 3_600_000);
    const profile = await measured(() => runProfileJob(db, { model, trigger: "manual" }));
    const drift = await measured(() => runDriftJob(db, { model, now, trigger: "manual" }));
    const windows = drift.value.filter((o) => o.job === "drift" && o.status === "succeeded").length;
    if (windows !== HOURS) throw new Error(`expected ${HOURS} drift windows, got ${windows}`);
    const rowsProfiled = profile.value.reduce((s, o) => s + o.rowsRead, 0);
    result = {
      ms: profile.ms + drift.ms,
      profileMs: profile.ms,
      driftMs: drift.ms,
      rowsProfiled,
      heapMB: Math.max(profile.heapMB, drift.heapMB),
    };
  }
  await db.close();
  console.log(JSON.stringify({ ...result, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

function run(kind: string, model: ModelName, target: Target): Record<string, number> {
  // A heap cap well above the job's working set: without one V8 lets garbage pile up before
  // collecting, and peak RSS would measure its appetite instead of what the job needs.
  const out = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_CAP_MB}`,
      "--conditions=react-server",
      "--import",
      "tsx",
      __filename,
      kind,
      model,
      JSON.stringify(target),
    ],
    {
      env: process.env,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  if (out.status !== 0) throw new Error(`${kind} ${model} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").pop()!);
}

/** The log's ingest path: durable writes of 100-row requests from 16 concurrent writers, group-committed. */
async function writeThroughLog(db: Database, id: string, rows: number): Promise<number> {
  const writer = new PredictionBatchWriter({ sql: db.sql });
  const rng = seededRandom(77);
  const requests: Parameters<PredictionBatchWriter["write"]>[0][] = [];
  for (let r = 0; r < rows / 100; r++) {
    requests.push(
      Array.from({ length: 100 }, (_, k) => {
        const i = r * 100 + k;
        const createdAt = new Date(START.getTime() + Math.floor((i * HOURS * 3_600_000) / rows));
        const features = Object.fromEntries(FEATURES.map((f) => [f, Math.round(rng.normal(MEAN, SD) * 1e4) / 1e4]));
        const value = Object.values(features).reduce((s, v) => s + v, 0);
        return {
          id: uuidv7(createdAt.getTime()),
          createdAt,
          modelVersionId: id,
          entityId: null,
          features,
          output: { value },
          latencyMs: 0.5,
          apiKeyId: null,
        };
      }),
    );
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < requests.length) await writer.write(requests[next++], "durable");
    }),
  );
  return rows / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const serverDb = process.env.DATABASE_URL ? await createServerDatabase() : null;
  const dataDir = serverDb ? null : fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-drift-bench-"));
  const target: Target = serverDb ? { kind: "postgres", url: serverDb.url } : { kind: "pglite", dataDir: dataDir! };
  try {
    console.log(
      `drift bench on ${target.kind}; ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    const db = await open(target);
    await applyMigrations(db.sql);
    for (const model of Object.keys(SIZES)) {
      await registerModelVersion(db, {
        modelName: model,
        onnx: sumModelBytes(FEATURES),
        manifest: sumManifest(FEATURES, 20_000),
        actor: "bench",
        maxBytes: 1e8,
      });
    }
    const small = await versionId(db, "bench-100k");
    const insertRate = await writeThroughLog(db, small, SIZES["bench-100k"]);
    const t = performance.now();
    await insertSyntheticPredictions(db, {
      versionId: await versionId(db, "bench-1m"),
      start: START,
      spanMs: HOURS * 3_600_000,
      rows: SIZES["bench-1m"],
      seed: 3,
      features: FEATURES.map((name) => ({ name, mean: MEAN, sd: SD })),
    });
    console.log(
      `setup: 100k rows through the log writer at ${Math.round(insertRate)} rows/s; 1M rows bulk-inserted in ${fmt(performance.now() - t)}`,
    );
    if (target.kind === "postgres") await db.sql.exec("ANALYZE predictions");
    await db.close();
    await new Promise((r) => setTimeout(r, 1_100));

    const scans: number[] = [];
    const colds: Record<string, number>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      scans.push(run("scan", "bench-1m", target).ms);
      colds.push(run("cold", "bench-1m", target));
    }
    const coldSmall = run("cold", "bench-100k", target);
    const warm = { small: [] as number[], large: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      warm.small.push(run("warm", "bench-100k", target).driftMs);
      warm.large.push(run("warm", "bench-1m", target).driftMs);
    }

    const scan = median(scans);
    const cold = median(colds.map((c) => c.ms));
    const coldLarge = colds[0];
    const warmLarge = median(warm.large);
    const profileRate = coldLarge.rowsProfiled / (median(colds.map((c) => c.profileMs)) / 1000);
    console.log(`\n1M logged predictions × 20 features, 24 hourly windows (medians of ${ROUNDS} interleaved rounds):`);
    console.log(`  one sequential scan aggregating every feature   ${fmt(scan)}`);
    console.log(
      `  drift job, profiles kept up to date (scheduled) ${fmt(warmLarge)}   ${(warmLarge / scan).toFixed(2)}× the scan (goal ≤ 1.5×)`,
    );
    console.log(
      `  drift job from cold (every row profiled first)  ${fmt(cold)}   ${(cold / scan).toFixed(2)}× the scan` +
        `  [profiles ${fmt(median(colds.map((c) => c.profileMs)))} + windows ${fmt(median(colds.map((c) => c.driftMs)))}]`,
    );
    console.log(
      `drift job at 100k vs 1M rows, same 24 windows: ${fmt(median(warm.small))} vs ${fmt(warmLarge)}   ${(warmLarge / median(warm.small)).toFixed(2)}× (goal ≤ 1.3×)`,
    );
    console.log(
      `peak memory, job from cold, fresh process each (JS heap capped at ${HEAP_CAP_MB} MB): RSS 100k ${coldSmall.rssMB.toFixed(0)} MB vs 1M ${coldLarge.rssMB.toFixed(0)} MB   ${(coldLarge.rssMB / coldSmall.rssMB).toFixed(2)}× (goal ≤ 1.2×)` +
        `${target.kind === "pglite" ? " (RSS includes the embedded database)" : ""}; peak JS heap ${coldSmall.heapMB.toFixed(0)} vs ${coldLarge.heapMB.toFixed(0)} MB (sampled, includes garbage not yet collected)`,
    );
    console.log(
      `profile building ${Math.round(profileRate)} rows/s vs log ingest ${Math.round(insertRate)} rows/s   ${(profileRate / insertRate).toFixed(1)}× (must be ≥ 1×)`,
    );
  } finally {
    if (serverDb) await serverDb.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const [kind, model, target] = process.argv.slice(2);
if (kind) {
  child(kind, model as ModelName, JSON.parse(target) as Target).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
