#!/usr/bin/env node
// Entry point for `npx tidemark …`. The CLI is TypeScript that shares lib/ with the server, so it
// runs through tsx; `react-server` makes lib's `import "server-only"` guards resolve as they do
// inside the Next.js server.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const tsx = require.resolve("tsx");
// fd 3 is a pipe the command watches (cli/exit-with-parent.ts): it closes when this process
// exits for any reason, SIGKILL included, and the command then stops instead of running orphaned.
const child = spawn(
  process.execPath,
  ["--conditions=react-server", "--import", tsx, path.join(root, "cli/main.ts"), ...process.argv.slice(2)],
  {
    stdio: ["inherit", "inherit", "inherit", "pipe"],
    cwd: process.cwd(),
    env: { ...process.env, TIDEMARK_ROOT: root, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json"), TIDEMARK_PARENT_PIPE: "3" },
  },
);
// Long-running commands (`tidemark jobs`) stop cleanly on SIGINT/SIGTERM/SIGHUP: a signal sent to
// this process alone (a service manager's stop) is passed on, and this process waits for the
// command to finish instead of dying first.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
