import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// `tidemark` is a wrapper (bin/tidemark.mjs) around the TypeScript command it starts. A service
// manager or an operator signals the pid it knows, the wrapper's: the command must stop with it,
// whether the wrapper is asked to stop or killed outright. Runs `tidemark jobs` on an embedded
// database of its own, so it runs once, in the embedded-database project.

const root = path.resolve(__dirname, "../..");
const started: { wrapper: ChildProcess; dir: string }[] = [];

afterEach(() => {
  for (const { wrapper, dir } of started.splice(0)) {
    try {
      process.kill(-wrapper.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

async function startJobs() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-wrapper-"));
  // A process group of its own, so the test's signals reach only the pid it names.
  const wrapper = spawn(process.execPath, [path.join(root, "bin/tidemark.mjs"), "jobs"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      TIDEMARK_DATA_DIR: path.join(dir, "db"),
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push({ wrapper, dir });
  let output = "";
  wrapper.stdout!.on("data", (d) => (output += d));
  wrapper.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    wrapper.on("exit", (code, signal) => resolve({ code, signal })),
  );
  expect(await until(() => /\[tidemark\] jobs: \{/.test(output), 60_000), output).toBe(true);
  const children = fs.readFileSync(`/proc/${wrapper.pid}/task/${wrapper.pid}/children`, "utf8").trim().split(/\s+/).map(Number);
  expect(children).toHaveLength(1);
  return { wrapper, command: children[0], exited, output: () => output };
}

describe("the tidemark wrapper and its command", () => {
  it("killed outright (SIGKILL), the wrapper takes the command with it", async () => {
    const { wrapper, command, output } = await startJobs();
    process.kill(wrapper.pid!, "SIGKILL");
    expect(await until(() => !alive(command), 30_000), `the command (pid ${command}) outlived its wrapper:\n${output()}`).toBe(
      true,
    );
    expect(output()).toMatch(/stopping after the runs in progress/);
  });

  it.each(["SIGHUP", "SIGTERM"] as const)(
    "sent %s, the wrapper passes it on and exits when the command has stopped cleanly",
    async (signal) => {
      const { wrapper, command, exited, output } = await startJobs();
      process.kill(wrapper.pid!, signal);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(alive(command)).toBe(false);
      expect(output()).toMatch(/stopping after the runs in progress/);
    },
  );
});
