// npm run bench — the data plane (issue 16), side by side in one run, one record per request:
//   1. throughput with durable logging: `next start`'s route, `npm start`'s data plane (server.ts),
//      the bare node:http server running the same lib code, and FastAPI + uvicorn + one INSERT
//      per request (with DATABASE_URL and Debian's python3-fastapi/uvicorn/psycopg2; else skipped);
//   2. the data plane's p99 at half its saturating rate (open-loop load);
//   3. the resident memory of an inference-only replica after load;
//   4. micro-batching: a 256-unit MLP at 64 concurrent clients, batched vs unbatched.
// With DATABASE_URL (a database it creates and drops) the servers run at once and rounds alternate
// between them, so drift in machine load hits all alike; embedded PGlite admits one process, so
// there they run one after another.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { updateModel } from "@/lib/registry/update-model";
import ensureBuild from "../setup/ensure-next-build";
import { createServerDatabase } from "../helpers/test-database";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { runLoad, runOpenLoad, type LoadResult } from "./load";
import { mlpManifest, mlpModelBytes, mlpRequestBody } from "./mlp-serving-model";
import {
  residentMemoryMb,
  startBareServer,
  startDataPlane,
  startFastApi,
  startPlainNext,
  type BenchServer,
} from "./bench-servers";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCH_CONCURRENCY = 64;

async function prepare(db: Database): Promise<string> {
  await applyMigrations(db.sql);
  const { token } = await createApiKey(db.prisma, { name: "bench", scopes: ["predict"] }, "bench");
  for (const [name, onnx, manifest] of [
    ["fraud", binaryModelBytes(), binaryManifest()],
    ["fraud-async", binaryModelBytes(), binaryManifest()],
    ["fraud-off", binaryModelBytes(), binaryManifest()],
    ["mlp", mlpModelBytes(), mlpManifest()],
  ] as const) {
    await registerModelVersion(db, { modelName: name, onnx, manifest, actor: "bench", maxBytes: 1e8 });
    await moveAlias(db.prisma, { name, alias: "production", input: { version: 1 }, actor: "bench" });
  }
  // The same model under the other log modes, for what durable logging costs (issue 9's goal).
  await updateModel(db.prisma, "fraud-async", { logMode: "async" }, "bench");
  await updateModel(db.prisma, "fraud-off", { logMode: "off" }, "bench");
  return token;
}

function merge(results: LoadResult[]) {
  const requests = results.reduce((s, r) => s + r.requests, 0);
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { rps: requests / seconds, p50: median(results.map((r) => r.p50)), p99: median(results.map((r) => r.p99)) };
}

type Contender = { name: string; start: () => Promise<BenchServer | string>; model: string; body: string };

/** Each contender warmed up, then ROUNDS closed-loop runs; all at once with Postgres, in turn with PGlite. */
async function compare(contenders: Contender[], concurrent: boolean, headers: Record<string, string>, concurrency: number) {
  const results = new Map<string, LoadResult[] | string>();
  const load = (server: BenchServer, c: Contender) =>
    runLoad({ url: `${server.url}/api/v1/models/${c.model}/predict`, body: c.body, headers, concurrency, seconds: SECONDS });
  // A contender whose requests fail is reported as failed, not measured, and the others go on.
  const record = async (c: Contender, server: BenchServer, keep: boolean) => {
    const sofar = results.get(c.name);
    if (typeof sofar === "string") return;
    try {
      const result = await load(server, c);
      if (keep) sofar?.push(result);
    } catch (error) {
      results.set(c.name, `failed: ${(error as Error).message.slice(0, 200)}`);
    }
  };
  const measure = async (running: [Contender, BenchServer][]) => {
    for (const [c, server] of running) await record(c, server, false); // warm-up: JIT, sessions, pools
    for (let round = 0; round < ROUNDS; round++) {
      for (const [c, server] of round % 2 ? [...running].reverse() : running) await record(c, server, true);
    }
    for (const [, server] of running) await server.stop();
  };
  const started: [Contender, BenchServer][] = [];
  for (const c of contenders) {
    const server = await c.start();
    if (typeof server === "string") {
      results.set(c.name, server);
      continue;
    }
    results.set(c.name, []);
    if (concurrent) started.push([c, server]);
    else await measure([[c, server]]);
  }
  if (concurrent) await measure(started);
  return results;
}

function table(results: Map<string, LoadResult[] | string>) {
  console.log("\n| setup | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|");
  const merged = new Map<string, ReturnType<typeof merge>>();
  for (const [name, r] of results) {
    if (typeof r === "string") {
      console.log(`| ${name} | skipped: ${r} | | |`);
      continue;
    }
    const m = merge(r);
    merged.set(name, m);
    console.log(`| ${name} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} |`);
  }
  return merged;
}

const ratio = (a: { rps: number } | undefined, b: { rps: number } | undefined) =>
  a && b ? `${(a.rps / b.rps).toFixed(2)}×` : "n/a";

/** One goal's line: the figure, the goal, and whether it is met (n/a when a side was skipped or failed). */
function goal(label: string, value: number | undefined, op: "≥" | "≤", target: number, unit = "×") {
  const shown = value === undefined || Number.isNaN(value) ? "n/a" : `${value.toFixed(2)}${unit}`;
  const met =
    value === undefined || Number.isNaN(value) ? "n/a" : (op === "≥" ? value >= target : value <= target) ? "met" : "NOT met";
  console.log(`GOAL ${label}: ${shown} (goal ${op} ${target}${unit}): ${met}`);
}
const over = (a: { rps: number } | undefined, b: { rps: number } | undefined) => (a && b ? a.rps / b.rps : undefined);

async function main() {
  await ensureBuild();
  const serverDb = process.env.DATABASE_URL ? await createServerDatabase() : null;
  const dataDir = serverDb ? null : fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-bench-"));
  const env: Record<string, string> = serverDb ? { DATABASE_URL: serverDb.url } : { TIDEMARK_DATA_DIR: dataDir! };
  const setup = serverDb
    ? await openDatabase({ kind: "postgres", url: serverDb.url })
    : await openDatabase({ kind: "pglite", dataDir: dataDir! });
  const token = await prepare(setup);
  await setup.close();
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const body = JSON.stringify({ inputs: [{ amount: 120.5, country: "FR", is_new: true }] });
  console.log(
    `backend: ${serverDb ? "Postgres (DATABASE_URL)" : "embedded PGlite"}; ${CONCURRENCY} keep-alive clients, ${ROUNDS} rounds × ${SECONDS} s each, durable logging`,
  );

  const throughput = table(
    await compare(
      [
        { name: "next start (Next.js route)", start: () => startPlainNext(env), model: "fraud", body },
        { name: "npm start data plane (server.ts)", start: () => startDataPlane(env), model: "fraud", body },
        { name: "data plane, fire-and-forget logging", start: () => startDataPlane(env), model: "fraud-async", body },
        { name: "data plane, logging off", start: () => startDataPlane(env), model: "fraud-off", body },
        { name: "bare node:http", start: () => startBareServer(env), model: "fraud", body },
        { name: "FastAPI + uvicorn + INSERT per request", start: () => startFastApi(serverDb?.url), model: "fraud", body },
      ],
      serverDb !== null,
      headers,
      CONCURRENCY,
    ),
  );
  const dataPlane = throughput.get("npm start data plane (server.ts)");
  goal("data plane / bare node:http", over(dataPlane, throughput.get("bare node:http")), "≥", 0.7);
  goal("data plane durable / logging off", over(dataPlane, throughput.get("data plane, logging off")), "≥", 0.8);
  console.log(`data plane / next start: ${ratio(dataPlane, throughput.get("next start (Next.js route)"))}`);
  goal("data plane / FastAPI + uvicorn", over(dataPlane, throughput.get("FastAPI + uvicorn + INSERT per request")), "≥", 5);

  await latencyAndMemory(env, headers, body, dataPlane?.rps);
  await batching(env, headers, serverDb !== null);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  if (serverDb) await serverDb.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

/** An inference-only replica: p99 at half the data plane's saturating rate, then its memory. */
async function latencyAndMemory(
  env: Record<string, string>,
  headers: Record<string, string>,
  body: string,
  saturating: number | undefined,
) {
  const replica = await startDataPlane(env, ["--inference-only"]);
  const url = `${replica.url}/api/v1/models/fraud/predict`;
  await runLoad({ url, body, headers, concurrency: CONCURRENCY, seconds: SECONDS });
  const rate = (saturating ?? 500) / 2;
  const open = await runOpenLoad({ url, body, headers, rate, seconds: Math.max(SECONDS, 5) * 2 });
  console.log(
    `\nopen-loop at ${rate.toFixed(0)} req/s (half the data plane's saturating rate): p50 ${open.p50.toFixed(2)} ms, p99 ${open.p99.toFixed(2)} ms`,
  );
  goal("p99 at half the saturating rate, inference-only replica", open.p99, "≤", 15, " ms");
  const memory = residentMemoryMb(replica.pid);
  console.log(`inference-only replica after load: RSS ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB`);
  goal("inference-only replica RSS after load", memory.rss, "≤", 250, " MB");
  await replica.stop();
}

/** The 256-unit MLP at 64 clients on inference-only replicas, micro-batching on and off. */
async function batching(env: Record<string, string>, headers: Record<string, string>, concurrent: boolean) {
  const body = mlpRequestBody();
  console.log(`\nmicro-batching: 20 → 256 → 256 → 1 MLP, ${BATCH_CONCURRENCY} keep-alive clients, durable logging`);
  const results = table(
    await compare(
      [
        { name: "batched (default settings)", start: () => startDataPlane(env, ["--inference-only"]), model: "mlp", body },
        {
          name: "unbatched (TIDEMARK_BATCH_MAX_ROWS=1)",
          start: () => startDataPlane({ ...env, TIDEMARK_BATCH_MAX_ROWS: "1" }, ["--inference-only"]),
          model: "mlp",
          body,
        },
      ],
      concurrent,
      headers,
      BATCH_CONCURRENCY,
    ),
  );
  goal(
    "micro-batching, batched / unbatched",
    over(results.get("batched (default settings)"), results.get("unbatched (TIDEMARK_BATCH_MAX_ROWS=1)")),
    "≥",
    2,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
