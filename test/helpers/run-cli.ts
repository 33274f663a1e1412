import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

/** Runs `tidemark …` as a user would (bin/tidemark.mjs), from a temporary working folder. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "bin/tidemark.mjs"), ...args], {
      cwd: options.cwd ?? root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
