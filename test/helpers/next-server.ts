import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type RunningServer = {
  url: string;
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

/**
 * Starts the production server as `npm start` does (server.ts: the data plane in front of the
 * Next.js build, with the timeouts `npm start` sets) in its own process group, and waits until it
 * answers. `args` go to server.ts, e.g. `--inference-only`.
 */
export async function startNextServer(env: Record<string, string>, args: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--require",
      path.join(root, "bin/http-timeouts.cjs"),
      "--conditions=react-server",
      // An inference-only replica starts as `npm run start:replica` does: tsx's require hook alone
      // (plus V8 flags the predict bench may pass, BENCH_REPLICA_FLAGS).
      ...(args.includes("--inference-only")
        ? [...(process.env.BENCH_REPLICA_FLAGS?.split(" ") ?? []), "--require", "tsx/cjs"]
        : ["--import", "tsx"]),
      path.join(root, "server.ts"),
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
      ...args,
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        ...env,
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      // server.ts listens once Next.js (unless inference-only) and the database are ready.
      const res = await fetch(`${url}/v2/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    process: child,
    output: () => output,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        // The whole group, should the server ever run anything in a child process.
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}
