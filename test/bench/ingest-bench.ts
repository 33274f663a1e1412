// npm run bench — ingestion throughput: the same model's records through POST /predictions (made
// elsewhere, checked and logged) and through predict (checked, run on ONNX Runtime and logged),
// side by side in one run against one running server, rounds interleaved so drift in machine load
// hits both alike; at 1 and at 100 records per request; durable logging for both.
// Uses DATABASE_URL's server (in a database it creates and drops) or, unset, embedded PGlite.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import ensureBuild from "../setup/ensure-next-build";
import { createServerDatabase } from "../helpers/test-database";
import { startNextServer } from "../helpers/next-server";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { runLoad, type LoadResult } from "./load";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCHES = [1, 100];

const features = (i: number) => ({ amount: 20 + (i % 80), country: ["US", "DE", "FR"][i % 3], is_new: i % 2 === 0 });

async function main() {
  await ensureBuild();
  const serverDb = process.env.DATABASE_URL ? await createServerDatabase() : null;
  const dataDir = serverDb ? null : fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-ingest-bench-"));
  const env: Record<string, string> = serverDb
    ? { DATABASE_URL: serverDb.url, TIDEMARK_SCHEDULER: "off" }
    : { TIDEMARK_DATA_DIR: dataDir as string, TIDEMARK_SCHEDULER: "off" };
  const setup = serverDb
    ? await openDatabase({ kind: "postgres", url: serverDb.url })
    : await openDatabase({ kind: "pglite", dataDir: dataDir as string });
  await applyMigrations(setup.sql);
  const { token } = await createApiKey(setup.prisma, { name: "bench", scopes: ["predict", "ingest"] }, "bench");
  await registerModelVersion(setup, {
    modelName: "fraud",
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "bench",
    maxBytes: 1e8,
  });
  await moveAlias(setup.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "bench" });
  await setup.close();

  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const bodies = (n: number) => ({
    predict: JSON.stringify({ inputs: Array.from({ length: n }, (_, i) => features(i)) }),
    // No predictionId: each request's records are new predictions (ids generated), as a collector's are.
    ingest: JSON.stringify({
      records: Array.from({ length: n }, (_, i) => ({
        features: features(i),
        output: { probabilities: { legit: 0.8, fraud: 0.2 } },
      })),
    }),
  });
  const next = await startNextServer(env);
  const load = (route: "predict" | "predictions", body: string) =>
    runLoad({ url: `${next.url}/api/v1/models/fraud/${route}`, body, headers, concurrency: CONCURRENCY, seconds: SECONDS });

  console.log(
    `backend: ${serverDb ? "Postgres (DATABASE_URL)" : "embedded PGlite"}; ${CONCURRENCY} concurrent clients, ${ROUNDS} rounds × ${SECONDS} s per route and batch size`,
  );
  console.log(
    "\n| records per request | route | requests/s | records/s | p50 ms | p99 ms | errors |\n|---:|---|---:|---:|---:|---:|---:|",
  );
  for (const n of BATCHES) {
    const body = bodies(n);
    const results: Record<"predict" | "predictions", LoadResult[]> = { predict: [], predictions: [] };
    await load("predict", body.predict); // warm-up: JIT, session, pools
    await load("predictions", body.ingest);
    for (let round = 0; round < ROUNDS; round++) {
      results.predict.push(await load("predict", body.predict));
      results.predictions.push(await load("predictions", body.ingest));
    }
    for (const route of ["predictions", "predict"] as const) {
      const r = merge(results[route]);
      const name = route === "predict" ? "POST /predict" : "POST /predictions (ingest)";
      console.log(
        `| ${n} | ${name} | ${r.rps.toFixed(0)} | ${(r.rps * n).toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`,
      );
    }
  }
  await next.kill("SIGTERM");
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  if (serverDb) await serverDb.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

function merge(results: LoadResult[]) {
  const requests = results.reduce((s, r) => s + r.requests, 0);
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    rps: requests / seconds,
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    errors: results.reduce((s, r) => s + r.errors, 0),
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
