// The demo, the server tests and the benchmarks run the production build (`next start`); they
// build first when there is no build or when a source is newer than it, as after `git pull`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// The build type-checks everything but the tests (tsconfig.build.json), so cli/ and scripts/ count too.
const SOURCES = [
  "app",
  "lib",
  "jobs",
  "cli",
  "scripts",
  "prisma",
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "package.json",
  "tailwind.config.ts",
];

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function buildIsCurrent(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  const built = fs.statSync(buildId).mtimeMs;
  const changed = Math.max(
    ...SOURCES.map((s) => path.join(root, s))
      .filter(fs.existsSync)
      .map(newestMtime),
  );
  return changed <= built;
}

export async function runNextBuild(root: string, print: (line: string) => void): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) {
    print(output);
    throw new Error(`next build failed (exit ${code}); its output is above`);
  }
}
