// Where a predict request's CPU goes (issue 16's unmet goals), one command:
//   DATABASE_URL=postgres://… node --conditions=react-server --import tsx test/bench/predict-cpu-share.ts
// 1. CPU µs per request of an inference-only replica, of its Postgres backends and of the load
//    generator, durable logging vs logging off (from /proc/<pid>/stat and process.cpuUsage()):
//    on 2 shared cores, what durable logging adds bounds the durable / off throughput ratio.
// 2. CPU µs per row of the micro-batching bench's MLP, one row per ONNX Runtime run vs 64: what
//    batching can save per request, beside the request's fixed cost in (1).
// Not a *-bench.ts file, so `npm run bench` does not run it: it explains figures, it sets no goal.
import fs from "node:fs";
import os from "node:os";
import pg from "pg";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { updateModel } from "@/lib/registry/update-model";
import { loadSession } from "@/lib/inference/load-session";
import { runModel } from "@/lib/inference/run-model";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { createServerDatabase } from "../helpers/test-database";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { runLoad } from "./load";
import { startDataPlane } from "./bench-servers";
import { MLP_FEATURES, mlpManifest, mlpModelBytes } from "./mlp-serving-model";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU of a process so far, in ms. */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return 0; // a backend that has exited since it was listed
  }
}

async function requestShares() {
  const serverDb = await createServerDatabase();
  const db = await openDatabase({ kind: "postgres", url: serverDb.url });
  await applyMigrations(db.sql);
  const { token } = await createApiKey(db.prisma, { name: "bench", scopes: ["predict"] }, "bench");
  for (const name of ["fraud", "fraud-off"]) {
    const manifest = binaryManifest();
    await registerModelVersion(db, { modelName: name, onnx: binaryModelBytes(), manifest, actor: "bench", maxBytes: 1e8 });
    await moveAlias(db.prisma, { name, alias: "production", input: { version: 1 }, actor: "bench" });
  }
  await updateModel(db.prisma, "fraud-off", { logMode: "off" }, "bench");
  await db.close();
  const replica = await startDataPlane({ DATABASE_URL: serverDb.url }, ["--inference-only"]);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const backends = async () =>
    (
      await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [
        new URL(serverDb.url).pathname.slice(1),
      ])
    ).rows.map((r) => r.pid);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const body = JSON.stringify({ inputs: [{ amount: 120.5, country: "FR", is_new: true }] });
  console.log(
    "| round | logging | req/s | server µs/req | Postgres backends µs/req | load generator µs/req |\n|---|---|---:|---:|---:|---:|",
  );
  // Round 0 warms up (JIT, sessions, pool); rounds 1 and 2 are reported.
  for (const round of [0, 1, 2])
    for (const model of ["fraud", "fraud-off"]) {
      const before = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]));
      const server0 = cpuMs(replica.pid);
      const client0 = process.cpuUsage();
      const url = `${replica.url}/api/v1/models/${model}/predict`;
      const result = await runLoad({ url, body, headers, concurrency: 16, seconds: SECONDS });
      const server = cpuMs(replica.pid) - server0;
      const client = process.cpuUsage(client0);
      let postgres = 0;
      for (const pid of await backends()) postgres += cpuMs(pid) - (before.get(pid) ?? 0);
      if (round === 0) continue;
      const per = (ms: number) => ((ms * 1000) / result.requests).toFixed(0);
      const logging = model === "fraud" ? "durable" : "off";
      console.log(
        `| ${round} | ${logging} | ${result.rps.toFixed(0)} | ${per(server)} | ${per(postgres)} | ${per((client.user + client.system) / 1000)} |`,
      );
    }
  await admin.end();
  await replica.stop();
  await serverDb.drop();
}

async function mlpRowCost() {
  const session = await loadSession(mlpModelBytes());
  const manifest = manifestSchema.parse(mlpManifest());
  const columns = (rows: number) =>
    new Map(
      Array.from({ length: MLP_FEATURES }, (_, i) => [`f${i}`, Float32Array.from({ length: rows }, (_, r) => ((i + r) % 7) / 7)]),
    );
  console.log("\n| rows per ONNX Runtime run | CPU µs per row |\n|---:|---:|");
  for (const rows of [1, 64, 1, 64]) {
    const runs = rows === 1 ? 4000 : 200;
    const given = columns(rows);
    const start = process.cpuUsage();
    for (let k = 0; k < runs; k++) await runModel(session, manifest, given, rows);
    const used = process.cpuUsage(start);
    console.log(`| ${rows} | ${((used.user + used.system) / runs / rows).toFixed(1)} |`);
  }
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("needs DATABASE_URL: it reads its Postgres backends' CPU");
  await requestShares();
  await mlpRowCost();
  console.log(
    `\nload ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
