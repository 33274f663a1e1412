// npm run bench — predict throughput and latency, measured side by side in one run:
//   the Next.js route with durable (group-commit) logging, with fire-and-forget logging, and with
//   logging off, against the same running server (rounds interleaved so drift in machine load hits
//   all modes alike); then a bare node:http server running the same ONNX session and logging.
// Uses DATABASE_URL's server (in a database it creates and drops) or, unset, embedded PGlite.
import { spawn } from "node:child_process";
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
import { freePort, startNextServer } from "../helpers/next-server";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { runLoad, type LoadResult } from "./load";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MODES = ["durable", "async", "off"] as const;

async function prepare(db: Database): Promise<string> {
  await applyMigrations(db.sql);
  const { token } = await createApiKey(db.prisma, { name: "bench", scopes: ["predict"] }, "bench");
  for (const mode of MODES) {
    const name = `fraud-${mode}`;
    await registerModelVersion(db, {
      modelName: name,
      onnx: binaryModelBytes(),
      manifest: binaryManifest(),
      actor: "bench",
      maxBytes: 1e8,
    });
    await moveAlias(db.prisma, { name, alias: "production", input: { version: 1 }, actor: "bench" });
    await updateModel(db.prisma, name, { logMode: mode }, "bench");
  }
  return token;
}

async function startBareServer(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const root = path.resolve(__dirname, "../..");
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "test/bench/bare-server.ts")],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", PORT: String(port), ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
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
  const load = (url: string, model: string) =>
    runLoad({ url: `${url}/api/v1/models/${model}/predict`, body, headers, concurrency: CONCURRENCY, seconds: SECONDS });

  console.log(
    `backend: ${serverDb ? "Postgres (DATABASE_URL)" : "embedded PGlite"}; ${CONCURRENCY} concurrent clients, ${ROUNDS} rounds × ${SECONDS} s per mode, 1 record per request`,
  );
  const next = await startNextServer(env);
  const perMode: Record<string, LoadResult[]> = { durable: [], async: [], off: [] };
  for (const mode of MODES) await load(next.url, `fraud-${mode}`); // warm-up: JIT, sessions, pools
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of MODES) perMode[mode].push(await load(next.url, `fraud-${mode}`));
  }
  await next.kill("SIGTERM");

  // The embedded database admits one process, so the bare server runs after Next.js has stopped.
  const bare = await startBareServer(env);
  const bareResults: LoadResult[] = [];
  await load(bare.url, "fraud-durable");
  for (let round = 0; round < ROUNDS; round++) bareResults.push(await load(bare.url, "fraud-durable"));
  await bare.stop();

  const rows = [
    ["Next.js route, durable logging", merge(perMode.durable)],
    ["Next.js route, fire-and-forget logging", merge(perMode.async)],
    ["Next.js route, logging off", merge(perMode.off)],
    ["bare node:http, durable logging", merge(bareResults)],
  ] as const;
  console.log("\n| setup | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|");
  for (const [name, r] of rows)
    console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
  const [durable, async_, off, bareDurable] = rows.map((r) => r[1]);
  console.log(`\ndurable / off throughput: ${(durable.rps / off.rps).toFixed(2)}× (goal ≥ 0.80)`);
  console.log(`fire-and-forget / off throughput: ${(async_.rps / off.rps).toFixed(2)}×`);
  console.log(`Next.js durable / bare node:http durable throughput: ${(durable.rps / bareDurable.rps).toFixed(2)}×`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );

  if (serverDb) await serverDb.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
