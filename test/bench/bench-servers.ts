// The servers the predict benchmark compares, each a process of its own: `next start` (the route
// as Next.js serves it, how `npm start` ran before the data plane), `npm start`'s server.ts (full
// or inference-only), the bare node:http server, and the FastAPI + uvicorn anchor.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, startNextServer } from "../helpers/next-server";

export type BenchServer = { url: string; pid: number; stop(): Promise<void> };

const root = path.resolve(__dirname, "../..");
const baseEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
});

async function spawnUntil(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: (url: string) => Promise<boolean>,
  port: number,
): Promise<BenchServer> {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...baseEnv(), ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${path.basename(args.at(-1) ?? command)} exited with ${child.exitCode}:\n${output}`);
    if (await ready(url).catch(() => false)) break;
    if (Date.now() > deadline) throw new Error(`${command} did not answer within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid!, stop: () => stopGroup(child) };
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGTERM");
  });
}

/** `next start` alone: the predict route behind Next.js's request handling. */
export async function startPlainNext(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const args = [
    "--require",
    "./bin/http-timeouts.cjs",
    "node_modules/next/dist/bin/next",
    "start",
    "-p",
    String(port),
    "-H",
    "127.0.0.1",
  ];
  return spawnUntil(process.execPath, args, env, async (url) => (await fetch(`${url}/api/v1/models`)).status === 401, port);
}

/** `npm start`'s server; `--inference-only` for a replica. */
export async function startDataPlane(env: Record<string, string>, args: string[] = []): Promise<BenchServer> {
  const server = await startNextServer(env, args);
  return { url: server.url, pid: server.process.pid!, stop: () => server.kill("SIGTERM") };
}

export async function startBareServer(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const args = ["--conditions=react-server", "--import", "tsx", "test/bench/bare-server.ts"];
  return spawnUntil(process.execPath, args, { PORT: String(port), ...env }, async (url) => (await fetch(url)).status > 0, port);
}

/** FastAPI + uvicorn + one INSERT per request, when Debian's packages are installed; null (with the reason) otherwise. */
export async function startFastApi(databaseUrl: string | undefined): Promise<BenchServer | string> {
  if (!databaseUrl) return "needs Postgres (DATABASE_URL): the anchor INSERTs into it";
  const python = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
  const probe = spawn(python, ["-c", "import fastapi, uvicorn, psycopg2"], { stdio: "ignore" });
  const code = await new Promise<number | null>((resolve) => probe.once("exit", resolve).once("error", () => resolve(1)));
  if (code !== 0) return "python3-fastapi, python3-uvicorn or python3-psycopg2 is not installed (apt-get install them)";
  if (!fs.existsSync(path.join(root, "test/bench/fastapi_anchor.py"))) return "test/bench/fastapi_anchor.py is missing";
  const port = await freePort();
  const args = [
    "-m",
    "uvicorn",
    "fastapi_anchor:app",
    "--app-dir",
    "test/bench",
    "--port",
    String(port),
    "--log-level",
    "warning",
    "--no-access-log",
  ];
  return spawnUntil(
    python,
    args,
    { DATABASE_URL: databaseUrl },
    async (url) => (await fetch(`${url}/health`)).status === 200,
    port,
  );
}

/** Resident memory of a process, now and at its peak, in MB. */
export function residentMemoryMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}
